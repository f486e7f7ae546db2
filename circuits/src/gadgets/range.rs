//! Range checks and bounded comparisons.
//!
//! A comparison in a prime field is only meaningful for values known to be small: `a - b`
//! of two field elements is some field element whatever their order. So every value compared
//! here is first shown to lie in `[0, 2^64)` by decomposing it into 64 bits, and a difference
//! of two such values is shown to lie in `[0, 2^64)` the same way. A difference that would be
//! negative wraps to about 2^254 and has no 64-bit decomposition.

use ark_ff::Field;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
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

/// Width of the values a test compares: a kind code and a 128-bit value.
pub const TEST_BITS: usize = 136;

/// Whether `lo <= v <= hi`, as a bit, for public `lo <= hi < 2^136` and any field element `v`.
///
/// Both `v - lo + 2^136` and `hi - v + 2^136` are decomposed into 137 bits; the top bits say
/// `v >= lo` and `v <= hi`. When both are set, `v - lo` and `hi - v` are integers in
/// `[0, 2^136)`, so `v` lies in `[lo, hi]` as an integer: no wrap-around is possible because
/// `2^137` is far below the modulus. A `v` too far from both bounds has no decomposition at
/// all, which leaves the system unsatisfied. Costs 277 constraints.
pub fn in_range(
    v: &FpVar<Fr>,
    lo: &FpVar<Fr>,
    hi: &FpVar<Fr>,
) -> Result<Boolean<Fr>, SynthesisError> {
    let offset = FpVar::Constant(Fr::from(2u64).pow([TEST_BITS as u64]));
    let (above, _) = (v - lo + &offset).to_bits_le_with_top_bits_zero(TEST_BITS + 1)?;
    let (below, _) = (hi - v + &offset).to_bits_le_with_top_bits_zero(TEST_BITS + 1)?;
    Boolean::kary_and(&[above[TEST_BITS].clone(), below[TEST_BITS].clone()])
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn between(v: Fr, lo: u128, hi: u128) -> Option<bool> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
        let lo = FpVar::new_input(cs.clone(), || Ok(Fr::from(lo))).unwrap();
        let hi = FpVar::new_input(cs.clone(), || Ok(Fr::from(hi))).unwrap();
        let t = in_range(&v, &lo, &hi).unwrap();
        assert_eq!(cs.num_constraints(), 277);
        cs.is_satisfied().unwrap().then(|| t.value().unwrap())
    }

    #[test]
    fn in_range_is_exact_and_cannot_wrap() {
        let max = u128::MAX;
        assert_eq!(between(Fr::from(5u64), 5, 5), Some(true));
        assert_eq!(between(Fr::from(4u64), 5, 9), Some(false));
        assert_eq!(between(Fr::from(10u64), 5, 9), Some(false));
        assert_eq!(between(Fr::from(max), 0, max), Some(true));
        // p - 1 is "5 - 6": it must not pass as a value in [0, 9].
        assert_ne!(between(-Fr::from(1u64), 0, 9), Some(true));
        // A value far from both bounds has no decomposition at all.
        let far = Fr::from(2u64).pow([200]);
        assert_eq!(between(far, 0, 9), None);
        assert_eq!(between(-far, 0, 9), None);
        assert_ne!(between(Fr::from(max) + Fr::from(1u64), 0, max), Some(true));
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
