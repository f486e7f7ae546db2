//! EdDSA-Poseidon verification in R1CS.
//!
//! Given the issuer key `A` (public), the signature `(R, S)` and the message `M` (witnesses),
//! enforces, with the notation of [`zkcred_core::signature`]:
//!
//! ```text
//! A on the curve, A.x != 0,   S < l,   h = Poseidon(R.x, R.y, A.x, A.y, M),
//! R = S B + h (-A)                        (h as its unique 254-bit expansion)
//! ```
//!
//! `R` is never an input to the point formulas: it is compared with a point computed from
//! on-curve operands only, so it needs no curve check of its own. That `A` lies in the
//! prime-order subgroup is checked by the verifier outside the circuit, where it is a few
//! microseconds instead of a scalar multiplication; `A.x != 0` excludes the identity and the
//! point of order 2 even in the circuit.

use ark_ff::{BigInteger, Field, PrimeField};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use zkcred_core::signature::Signature;

use super::edwards::{fixed_base_mul, variable_base_mul, PointVar};
use super::poseidon;
use crate::Fr;

/// Bits of `S`: the subgroup order `l` is below 2^251.
pub const S_BITS: usize = 251;

/// A signature allocated as witnesses.
pub struct SignatureVar {
    /// The commitment point `R`.
    pub r: PointVar,
    /// `S` as little-endian bits, constrained to a value below `l`.
    pub s_bits: Vec<Boolean<Fr>>,
}

impl SignatureVar {
    /// Allocates `(R, S)`; `None` when only the constraint structure is wanted (setup).
    ///
    /// Enforces `S < l`; costs `251 + ` the comparison with `l - 1`.
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        sig: Option<&Signature>,
    ) -> Result<Self, SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let r = PointVar {
            x: FpVar::new_witness(cs.clone(), || sig.map(|s| s.r.x).ok_or_else(missing))?,
            y: FpVar::new_witness(cs.clone(), || sig.map(|s| s.r.y).ok_or_else(missing))?,
        };
        let s = sig.map(|s| s.s.into_bigint());
        let s_bits = (0..S_BITS)
            .map(|i| {
                Boolean::new_witness(cs.clone(), || s.map(|s| s.get_bit(i)).ok_or_else(missing))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut l_minus_1 = ark_ed_on_bn254::Fr::MODULUS;
        l_minus_1.sub_with_borrow(&1u64.into());
        Boolean::enforce_smaller_or_equal_than_le(&s_bits, l_minus_1)?;
        Ok(SignatureVar { r, s_bits })
    }
}

/// Enforces that `sig` is the issuer `a`'s signature on `m`.
pub fn verify(a: &PointVar, sig: &SignatureVar, m: &FpVar<Fr>) -> Result<(), SynthesisError> {
    // A on the curve and A.x invertible (not the identity, not of order 2).
    a.enforce_on_curve()?;
    let cs = a.x.cs().or(m.cs());
    let inv = FpVar::new_witness(cs, || {
        a.x.value()?
            .inverse()
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    inv.mul_equals(&a.x, &FpVar::Constant(Fr::from(1u64)))?;

    // h = Poseidon(R.x, R.y, A.x, A.y, M), as its unique bits.
    let h = poseidon::hash(&[
        sig.r.x.clone(),
        sig.r.y.clone(),
        a.x.clone(),
        a.y.clone(),
        m.clone(),
    ])?;
    let h_bits = h.to_bits_le()?;

    // R = S B + h (-A).
    let sb = fixed_base_mul(zkcred_core::signature::generator(), &sig.s_bits)?;
    let ha = variable_base_mul(&a.negate(), &h_bits)?;
    sb.add(&ha)?.enforce_equal(&sig.r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::{AffineRepr, CurveGroup};
    use ark_ed_on_bn254::{EdwardsAffine, Fr as Scalar};
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;
    use zkcred_core::signature::SecretKey;

    /// Builds the verification with the given (possibly hostile) key, signature and message.
    fn run(a: EdwardsAffine, sig: &Signature, m: Fr) -> (bool, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = PointVar {
            x: FpVar::new_input(cs.clone(), || Ok(a.x)).unwrap(),
            y: FpVar::new_input(cs.clone(), || Ok(a.y)).unwrap(),
        };
        let mv = FpVar::new_witness(cs.clone(), || Ok(m)).unwrap();
        let sv = SignatureVar::new_witness(cs.clone(), Some(sig)).unwrap();
        match verify(&av, &sv, &mv) {
            Ok(()) => (cs.is_satisfied().unwrap(), cs.num_constraints()),
            // The witness generator itself refusing (a division by zero) is also a failure.
            Err(_) => (false, 0),
        }
    }

    fn signed() -> (SecretKey, Fr, Signature) {
        let sk = SecretKey::from_seed([3; 32]);
        let m = Fr::from(123456789u64);
        let sig = sk.sign(m);
        (sk, m, sig)
    }

    #[test]
    fn honest_signature_verifies_and_pins_count() {
        let (sk, m, sig) = signed();
        assert_eq!(run(sk.public().point(), &sig, m), (true, 5127));
    }

    #[test]
    fn wrong_message_key_or_r_fails() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        assert!(!run(a, &sig, m + Fr::from(1u64)).0);
        assert!(!run(SecretKey::from_seed([4; 32]).public().point(), &sig, m).0);
        let mut bad = sig;
        bad.r = (bad.r + EdwardsAffine::generator()).into_affine();
        assert!(!run(a, &bad, m).0);
    }

    #[test]
    fn unreduced_or_zero_scalars_fail() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        // S + l: same point S B, but not the canonical scalar. Allocate its bits directly.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut s_plus_l = sig.s.into_bigint();
        s_plus_l.add_with_carry(&ark_ed_on_bn254::Fr::MODULUS);
        let bits: Vec<_> = (0..S_BITS)
            .map(|i| Boolean::new_witness(cs.clone(), || Ok(s_plus_l.get_bit(i))).unwrap())
            .collect();
        let mut l_minus_1 = ark_ed_on_bn254::Fr::MODULUS;
        l_minus_1.sub_with_borrow(&1u64.into());
        Boolean::enforce_smaller_or_equal_than_le(&bits, l_minus_1).unwrap();
        assert!(s_plus_l.get_bit(250) || s_plus_l.num_bits() <= 251);
        assert!(!cs.is_satisfied().unwrap());

        // S = 0 and S = l - 1 (the latter in range but wrong) must not verify either.
        for s in [Scalar::from(0u64), -Scalar::from(1u64)] {
            assert!(!run(a, &Signature { r: sig.r, s }, m).0);
        }
    }

    #[test]
    fn hostile_issuer_keys_fail() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        let identity = EdwardsAffine::new_unchecked(Fr::from(0u64), Fr::from(1u64));
        let order_two = EdwardsAffine::new_unchecked(Fr::from(0u64), -Fr::from(1u64));
        let off_curve = EdwardsAffine::new_unchecked(a.x, a.y + Fr::from(1u64));
        for bad in [identity, order_two, off_curve] {
            assert!(!run(bad, &sig, m).0);
        }
        // With the identity as key, "S B = R" alone would pass: sign with r only.
        let r = Scalar::rand(&mut ark_std::test_rng());
        let forged = Signature {
            r: (EdwardsAffine::generator() * r).into_affine(),
            s: r,
        };
        assert!(!run(identity, &forged, m).0);
    }

    #[test]
    fn bits_of_h_plus_p_are_refused() {
        // The bits of h + p sum to h in the field; only the in-field check, which
        // `to_bits_le` applies to h, rejects them.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let h = Fr::from(12345u64);
        let hv = FpVar::new_witness(cs.clone(), || Ok(h)).unwrap();
        let mut big = h.into_bigint();
        big.add_with_carry(&Fr::MODULUS);
        let bits: Vec<_> = (0..254)
            .map(|i| Boolean::new_witness(cs.clone(), || Ok(big.get_bit(i))).unwrap())
            .collect();
        let mut sum = FpVar::Constant(Fr::from(0u64));
        let mut power = Fr::from(1u64);
        for b in &bits {
            sum += FpVar::from(b.clone()) * power;
            power += power;
        }
        sum.enforce_equal(&hv).unwrap();
        assert!(cs.is_satisfied().unwrap());
        Boolean::enforce_in_field_le(&bits).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
