//! EdDSA-Poseidon signatures on Baby Jubjub, in arkworks' coordinates.
//!
//! Baby Jubjub here is `ark-ed-on-bn254`: the twisted Edwards curve `x^2 + y^2 = 1 + d x^2 y^2`
//! with `d = 168696/168700` over BN254's scalar field `Fr`, of order `8 * l`. `B` is the
//! curve's fixed generator of the subgroup of order `l`. With secret scalar `a` and public
//! key `A = a B`, a signature on a field element `M` is `(R, S)` with
//!
//! ```text
//! r = BLAKE2b(prefix, M) mod l,  R = r B,  h = Poseidon(R.x, R.y, A.x, A.y, M),
//! S = r + h a mod l
//! ```
//!
//! and it verifies when `S < l` and `S B = R + h A`, where `h` is used as the integer below
//! the BN254 modulus that it is. Because `A` is checked to lie in the prime-order subgroup,
//! `h A = (h mod l) A`, so the equation needs no cofactor.

use ark_ec::{twisted_edwards::TECurveConfig, AffineRepr, CurveGroup};
use ark_ed_on_bn254::{EdwardsAffine, EdwardsConfig, EdwardsProjective, Fr as Scalar};
use ark_ff::{BigInteger, PrimeField};
use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::digest::blake2b512;
use crate::error::{Error, Result};
use crate::Fr;

/// An issuer's secret seed; the signing scalar and nonce prefix are derived from it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey {
    seed: [u8; 32],
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// An issuer's public key `A`, checked to be on the curve, in the prime-order subgroup and
/// not the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(EdwardsAffine);

/// A signature `(R, S)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The commitment point `R = r B`.
    pub r: EdwardsAffine,
    /// The response `S = r + h a mod l`.
    pub s: Scalar,
}

impl SecretKey {
    /// A fresh key from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        SecretKey { seed }
    }

    /// The key with the given seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        SecretKey { seed }
    }

    /// The seed, for writing the key file.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    fn expand(&self) -> (Scalar, [u8; 32]) {
        let mut wide = blake2b512("zkcred/issuer-key/v1", &self.seed);
        let a = Scalar::from_le_bytes_mod_order(&wide[..32]);
        let mut prefix = [0u8; 32];
        prefix.copy_from_slice(&wide[32..]);
        wide.zeroize();
        (a, prefix)
    }

    /// The public key `A = a B`.
    pub fn public(&self) -> PublicKey {
        let (mut a, mut prefix) = self.expand();
        let point = (EdwardsAffine::generator() * a).into_affine();
        a.zeroize();
        prefix.zeroize();
        PublicKey(point)
    }

    /// Signs the field element `m`.
    pub fn sign(&self, m: Fr) -> Signature {
        let (mut a, mut prefix) = self.expand();
        let public = (EdwardsAffine::generator() * a).into_affine();

        // r = BLAKE2b(prefix, M) mod l; R = r B.
        let mut input = prefix.to_vec();
        input.extend_from_slice(&m.into_bigint().to_bytes_le());
        let mut r = Scalar::from_le_bytes_mod_order(&blake2b512("zkcred/nonce/v1", &input));
        let big_r = (EdwardsAffine::generator() * r).into_affine();

        // S = r + h a mod l.
        let h = challenge(&big_r, &public, m);
        let s = r + h_mod_l(h) * a;

        a.zeroize();
        r.zeroize();
        prefix.zeroize();
        input.zeroize();
        Signature { r: big_r, s }
    }
}

impl PublicKey {
    /// Checks that `(x, y)` is an acceptable issuer key: on the curve, in the subgroup of
    /// order `l`, and not the identity.
    pub fn from_coordinates(x: Fr, y: Fr) -> Result<Self> {
        let point = EdwardsAffine::new_unchecked(x, y);
        if !point.is_on_curve() {
            return Err(Error::Point {
                what: "issuer public key",
                problem: "not on Baby Jubjub",
            });
        }
        if point.is_zero() {
            return Err(Error::Point {
                what: "issuer public key",
                problem: "the identity point",
            });
        }
        if !point.is_in_correct_subgroup_assuming_on_curve() {
            return Err(Error::Point {
                what: "issuer public key",
                problem: "not in the prime-order subgroup",
            });
        }
        Ok(PublicKey(point))
    }

    /// The point `A`.
    pub fn point(&self) -> EdwardsAffine {
        self.0
    }

    /// Verifies `sig` on `m` natively (the circuit checks the same equation).
    pub fn verify(&self, m: Fr, sig: &Signature) -> Result<()> {
        if !sig.r.is_on_curve() {
            return Err(Error::BadSignature);
        }
        // S B = R + h A, with h the integer value of the hash.
        let h = challenge(&sig.r, &self.0, m);
        let lhs = EdwardsAffine::generator() * sig.s;
        let rhs = sig.r.into_group() + self.0.mul_bigint(h.into_bigint());
        if lhs == rhs {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }
}

/// `h = Poseidon(R.x, R.y, A.x, A.y, M)`.
pub fn challenge(r: &EdwardsAffine, a: &EdwardsAffine, m: Fr) -> Fr {
    crate::poseidon::hash(&[r.x, r.y, a.x, a.y, m])
}

fn h_mod_l(h: Fr) -> Scalar {
    Scalar::from_le_bytes_mod_order(&h.into_bigint().to_bytes_le())
}

/// Parses `S` from its canonical decimal string, refusing values at or above `l`.
pub fn scalar_from_decimal(what: &str, s: &str) -> Result<Scalar> {
    let wide = crate::field::fr_from_decimal(what, s)?;
    let big = wide.into_bigint();
    Scalar::from_bigint(big).ok_or_else(|| Error::FieldElement {
        what: what.to_string(),
        problem: "scalar at or above the order of Baby Jubjub's subgroup",
    })
}

/// The curve coefficient `d`, for the circuit.
pub fn coeff_d() -> Fr {
    EdwardsConfig::COEFF_D
}

/// The generator `B`.
pub fn generator() -> EdwardsAffine {
    EdwardsAffine::generator()
}

/// `k B` for a scalar given by little-endian bits; used to build fixed-base tables.
pub fn generator_times(k: &Scalar) -> EdwardsAffine {
    (EdwardsProjective::from(generator()) * k).into_affine()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{UniformRand, Zero};

    #[test]
    fn generator_has_prime_order() {
        let b = generator();
        assert!(b.is_on_curve());
        assert!(b.is_in_correct_subgroup_assuming_on_curve());
        assert!(!b.is_zero());
        assert_eq!(EdwardsConfig::COEFF_A, Fr::from(1u64));
    }

    #[test]
    fn sign_verify_and_reject() {
        let mut rng = rand_core::OsRng;
        let sk = SecretKey::generate(&mut rng);
        let pk = sk.public();
        let m = Fr::rand(&mut rng);
        let sig = sk.sign(m);
        pk.verify(m, &sig).unwrap();
        assert!(pk.verify(m + Fr::from(1u64), &sig).is_err());
        let other = SecretKey::generate(&mut rng).public();
        assert!(other.verify(m, &sig).is_err());
        let mut bad = sig;
        bad.s += Scalar::from(1u64);
        assert!(pk.verify(m, &bad).is_err());
    }

    #[test]
    fn public_key_checks() {
        assert!(PublicKey::from_coordinates(Fr::zero(), Fr::from(1u64)).is_err());
        assert!(PublicKey::from_coordinates(Fr::from(1u64), Fr::from(1u64)).is_err());
        // (0, -1) is on the curve with order 2.
        assert!(PublicKey::from_coordinates(Fr::zero(), -Fr::from(1u64)).is_err());
        let a = SecretKey::from_seed([7; 32]).public().point();
        assert!(PublicKey::from_coordinates(a.x, a.y).is_ok());
    }
}
