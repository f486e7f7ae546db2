//! EdDSA-Poseidon verification in R1CS.
//!
//! Given the issuer key `A` (public), the signature `(R, S)` and the message `M` (witnesses),
//! enforces, with the notation of [`zkcred_core::signature`]:
//!
//! ```text
//! A on the curve, A.x != 0,   S < l,   h = Poseidon(R.x, R.y, A.x, A.y, M),
//! R = S B + h (-A)                        (h as the integer below r that it is)
//! ```
//!
//! `R` is never an input to the point formulas: it is the output of the last complete
//! addition, whose quotients fix it, so it needs no curve check of its own. That `A` lies in
//! the prime-order subgroup is checked by the verifier outside the circuit, where it is a few
//! microseconds instead of a scalar multiplication; `A.x != 0` excludes the identity and the
//! point of order 2 even in the circuit. The variable-base multiplication relies on that
//! subgroup check (see [`super::scalar_mul`]).
//!
//! Cost: 3 (curve check) + 321 (Poseidon) + 2,161 (`h (-A)`, with the decomposition of `h`)
//! + 251 + 168 (bits of `S`, `S < l`) + 504 (`S B`) + 6 (the final addition) = 3,414.

use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use zkcred_core::signature::Signature;

use super::edwards::PointVar;
use super::scalar_mul::{fixed_base_mul, variable_base_mul_unchecked, FIXED_BITS};
use super::{bits, poseidon};
use crate::Fr;

/// Bits of `S`: the subgroup order `l` is below 2^251.
pub const S_BITS: usize = FIXED_BITS;

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
    /// Enforces `S <= l - 1` on the bits themselves, which the fixed-base multiplication then
    /// reads. Costs 251 + 168 constraints.
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        sig: Option<&Signature>,
    ) -> Result<Self, SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let r = PointVar {
            x: FpVar::new_witness(cs.clone(), || sig.map(|s| s.r.x).ok_or_else(missing))?,
            y: FpVar::new_witness(cs.clone(), || sig.map(|s| s.r.y).ok_or_else(missing))?,
        };
        let s_bits = bits::alloc_bits(&cs, sig.map(|s| s.s.into_bigint()), S_BITS)?;
        enforce_below_l(&s_bits)?;
        Ok(SignatureVar { r, s_bits })
    }
}

/// `S <= l - 1` for the bits of `S`. Costs 168 constraints.
pub fn enforce_below_l(s_bits: &[Boolean<Fr>]) -> Result<(), SynthesisError> {
    let mut l_minus_1 = ark_ed_on_bn254::Fr::MODULUS;
    l_minus_1.sub_with_borrow(&1u64.into());
    let vars: Vec<FpVar<Fr>> = s_bits.iter().map(|b| FpVar::from(b.clone())).collect();
    bits::enforce_le(&vars, &l_minus_1)
}

/// Enforces that `sig` is the issuer `a`'s signature on `m`.
///
/// `a` must be a key the verifier has checked to lie in the subgroup of order `l`.
pub fn verify(a: &PointVar, sig: &SignatureVar, m: &FpVar<Fr>) -> Result<(), SynthesisError> {
    // A on the curve; A.x != 0 is enforced by the conversion inside the multiplication.
    a.enforce_on_curve()?;

    // h = Poseidon(R.x, R.y, A.x, A.y, M).
    let h = poseidon::hash(&[
        sig.r.x.clone(),
        sig.r.y.clone(),
        a.x.clone(),
        a.y.clone(),
        m.clone(),
    ])?;

    // R = S B + h (-A).
    let ha = variable_base_mul_unchecked(&a.negate(), &h)?;
    let sb = fixed_base_mul(&sig.s_bits)?;
    sb.enforce_sum(&ha, &sig.r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::{AffineRepr, CurveGroup};
    use ark_ed_on_bn254::{EdwardsAffine, Fr as Scalar};
    use ark_ff::BigInt;
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

    /// As [`run`], with `S` given as raw 251-bit integer `s` and the check `S < l` optional.
    fn run_raw(a: EdwardsAffine, r: EdwardsAffine, s: BigInt<4>, m: Fr, below_l: bool) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = PointVar {
            x: FpVar::new_input(cs.clone(), || Ok(a.x)).unwrap(),
            y: FpVar::new_input(cs.clone(), || Ok(a.y)).unwrap(),
        };
        let mv = FpVar::new_witness(cs.clone(), || Ok(m)).unwrap();
        let rv = PointVar {
            x: FpVar::new_witness(cs.clone(), || Ok(r.x)).unwrap(),
            y: FpVar::new_witness(cs.clone(), || Ok(r.y)).unwrap(),
        };
        let s_bits = bits::alloc_bits(&cs, Some(s), S_BITS).unwrap();
        if below_l {
            enforce_below_l(&s_bits).unwrap();
        }
        let sv = SignatureVar { r: rv, s_bits };
        verify(&av, &sv, &mv).is_ok() && cs.is_satisfied().unwrap()
    }

    #[test]
    fn honest_signature_verifies_and_pins_count() {
        let (sk, m, sig) = signed();
        assert_eq!(run(sk.public().point(), &sig, m), (true, 3414));
        for seed in 0..8u8 {
            let sk = SecretKey::from_seed([seed; 32]);
            let m = Fr::from(u64::from(seed) << 40);
            assert!(run(sk.public().point(), &sk.sign(m), m).0, "seed {seed}");
        }
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
        // R off the curve, and R moved by a point of small order.
        let mut off = sig;
        off.r = EdwardsAffine::new_unchecked(sig.r.x, sig.r.y + Fr::from(1u64));
        assert!(!run(a, &off, m).0);
        let order_two = EdwardsAffine::new_unchecked(Fr::from(0u64), -Fr::from(1u64));
        let mut moved = sig;
        moved.r = (sig.r + order_two).into_affine();
        assert!(!run(a, &moved, m).0);
    }

    #[test]
    fn unreduced_or_wrong_scalars_fail() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        let s = sig.s.into_bigint();
        assert!(run_raw(a, sig.r, s, m, true));

        // S + l names the same point S B: the equation alone would accept it, S < l does not.
        // Signatures with S < 2^251 - l have such a twin; make one by re-signing until S is small.
        let (sk2, m2, sig2) = (0u64..)
            .map(|i| {
                let sk = SecretKey::from_seed([9; 32]);
                let m = Fr::from(i);
                (sk.clone(), m, sk.sign(m))
            })
            .find(|(_, _, sig)| sig.s.into_bigint().num_bits() < 249)
            .unwrap();
        let mut twin = sig2.s.into_bigint();
        twin.add_with_carry(&ark_ed_on_bn254::Fr::MODULUS);
        assert!(twin.num_bits() as usize <= S_BITS);
        let a2 = sk2.public().point();
        assert!(run_raw(a2, sig2.r, twin, m2, false));
        assert!(!run_raw(a2, sig2.r, twin, m2, true));

        // S = l and the largest 251-bit value are refused outright.
        let l = ark_ed_on_bn254::Fr::MODULUS;
        let cs = ConstraintSystem::<Fr>::new_ref();
        let at_l = bits::alloc_bits(&cs, Some(l), S_BITS).unwrap();
        enforce_below_l(&at_l).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let top = bits::alloc_bits(&cs, Some(BigInt([u64::MAX; 4])), S_BITS).unwrap();
        enforce_below_l(&top).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut l_minus_1 = l;
        l_minus_1.sub_with_borrow(&1u64.into());
        let max = bits::alloc_bits(&cs, Some(l_minus_1), S_BITS).unwrap();
        enforce_below_l(&max).unwrap();
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), 251 + 168);

        // S = 0, S = l - 1 and S + 1 (in range but wrong) must not verify either.
        for s in [
            Scalar::from(0u64),
            -Scalar::from(1u64),
            sig.s + Scalar::from(1u64),
        ] {
            assert!(!run(a, &Signature { r: sig.r, s }, m).0);
        }
    }

    #[test]
    fn hostile_issuer_keys_fail() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        let identity = EdwardsAffine::new_unchecked(Fr::from(0u64), Fr::from(1u64));
        let order_two = EdwardsAffine::new_unchecked(Fr::from(0u64), -Fr::from(1u64));
        let order_four = EdwardsAffine::new_unchecked(Fr::from(1u64), Fr::from(0u64));
        let off_curve = EdwardsAffine::new_unchecked(a.x, a.y + Fr::from(1u64));
        let torsion = (a + order_four).into_affine();
        for bad in [identity, order_two, order_four, off_curve, torsion] {
            assert!(!run(bad, &sig, m).0);
        }
        // With the identity as key, "S B = R" alone would pass: sign with r only.
        let r = Scalar::rand(&mut ark_std::test_rng());
        let forged = Signature {
            r: (EdwardsAffine::generator() * r).into_affine(),
            s: r,
        };
        assert!(!run(identity, &forged, m).0);
        assert!(!run(order_two, &forged, m).0);
    }

    #[test]
    fn every_witness_is_pinned() {
        let (sk, m, sig) = signed();
        let a = sk.public().point();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let av = PointVar {
            x: FpVar::new_input(cs.clone(), || Ok(a.x)).unwrap(),
            y: FpVar::new_input(cs.clone(), || Ok(a.y)).unwrap(),
        };
        let mv = FpVar::new_witness(cs.clone(), || Ok(m)).unwrap();
        let sv = SignatureVar::new_witness(cs.clone(), Some(&sig)).unwrap();
        verify(&av, &sv, &mv).unwrap();
        assert!(crate::gadgets::test_util::free_witnesses(&cs).is_empty());
    }

    #[test]
    fn setup_mode_builds_the_same_shape() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
        let av = PointVar {
            x: FpVar::new_input(cs.clone(), || Ok(Fr::from(0u64))).unwrap(),
            y: FpVar::new_input(cs.clone(), || Ok(Fr::from(0u64))).unwrap(),
        };
        let mv = FpVar::new_witness(cs.clone(), || Ok(Fr::from(0u64))).unwrap();
        let sv = SignatureVar::new_witness(cs.clone(), None).unwrap();
        verify(&av, &sv, &mv).unwrap();
        assert_eq!(cs.num_constraints(), 3414);
    }
}
