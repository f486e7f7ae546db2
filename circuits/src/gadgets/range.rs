//! Range checks and bounded comparisons.
//!
//! A comparison in a prime field is only meaningful for values known to be small: `a - b`
//! of two field elements is some field element whatever their order. So every value compared
//! here is first shown to lie in `[0, 2^64)` by decomposing it into 64 bits, and a difference
//! of two such values is shown to lie in `[0, 2^64)` the same way. A difference that would be
//! negative wraps to about 2^254 and has no 64-bit decomposition.

use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use crate::Fr;

/// Width of every compared value.
pub const BITS: usize = 64;

/// Enforces `0 <= x < 2^64`. Costs 65 constraints (64 booleans and the sum).
pub fn enforce_u64(x: &FpVar<Fr>) -> Result<(), SynthesisError> {
    x.to_bits_le_with_top_bits_zero(BITS).map(|_| ())
}

/// Enforces `a <= b` for `a` and `b` already known to lie in `[0, 2^64)`. Costs 65.
pub fn enforce_le(a: &FpVar<Fr>, b: &FpVar<Fr>) -> Result<(), SynthesisError> {
    enforce_u64(&(b - a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::prelude::*;
    use ark_relations::gr1cs::ConstraintSystem;

    fn le(a: Fr, b: Fr) -> (bool, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = FpVar::new_witness(cs.clone(), || Ok(a)).unwrap();
        let b = FpVar::new_witness(cs.clone(), || Ok(b)).unwrap();
        enforce_u64(&a).unwrap();
        enforce_u64(&b).unwrap();
        enforce_le(&a, &b).unwrap();
        (cs.is_satisfied().unwrap(), cs.num_constraints())
    }

    #[test]
    fn honest_comparisons() {
        let max = Fr::from(u64::MAX);
        assert_eq!(le(Fr::from(3u64), Fr::from(3u64)), (true, 195));
        assert!(le(Fr::from(0u64), max).0);
        assert!(!le(Fr::from(4u64), Fr::from(3u64)).0);
        assert!(!le(max, Fr::from(0u64)).0);
    }

    #[test]
    fn values_near_the_modulus_fail() {
        let minus_one = -Fr::from(1u64);
        // p - 1 "<=" 5 would hold if only the difference were checked: 5 - (p - 1) = 6.
        assert!(!le(minus_one, Fr::from(5u64)).0);
        assert!(!le(Fr::from(5u64), minus_one).0);
        assert!(
            !le(
                Fr::from(u64::MAX) + Fr::from(1u64),
                Fr::from(u64::MAX) + Fr::from(2u64)
            )
            .0
        );
    }
}
