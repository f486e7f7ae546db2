//! Membership of a value in a public list of up to 64 values.

use ark_ff::Field;
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::Fr;

/// Bits of a value a set test reads: strings are 128-bit digests.
pub const VALUE_BITS: usize = 128;

/// Whether `v` is one of `members` (or, when `negated`, none of them), as a bit.
///
/// With `P = (v - e_0) (v - e_1) ... (v - e_{n-1})`, a true result is forced to mean `P = 0`
/// when not negated and `P * inv = 1` (so `P != 0`) when negated:
///
/// ```text
/// (1 - negated) * (t * P) = 0
/// negated * (P * inv - t) = 0
/// (1 - negated) * inv = 0            pins inv when it plays no part
/// ```
///
/// `v` is first shown to lie below 2^128, so that a negated test cannot be met by a value that
/// no attribute holds. Costs `n + 134` constraints.
pub fn member(
    cs: ConstraintSystemRef<Fr>,
    v: &FpVar<Fr>,
    members: &[FpVar<Fr>],
    negated: &Boolean<Fr>,
) -> Result<Boolean<Fr>, SynthesisError> {
    enforce(cs, v, members, negated, |product, negated| {
        let inverse = if negated {
            product.inverse().unwrap_or_default()
        } else {
            Fr::from(0u64)
        };
        ((product == Fr::from(0u64)) != negated, inverse)
    })
}

/// The constraints of [`member`], with the claimed result and inverse computed by `claim`
/// from the product and the negation bit (tests pass hostile claims).
fn enforce(
    cs: ConstraintSystemRef<Fr>,
    v: &FpVar<Fr>,
    members: &[FpVar<Fr>],
    negated: &Boolean<Fr>,
    claim: impl Fn(Fr, bool) -> (bool, Fr),
) -> Result<Boolean<Fr>, SynthesisError> {
    let Some((first, rest)) = members.split_first() else {
        return Err(SynthesisError::Unsatisfiable);
    };
    let _bits = v.to_bits_le_with_top_bits_zero(VALUE_BITS)?;
    let mut product = v - first;
    for e in rest {
        product *= v - e;
    }

    let claimed =
        || -> Result<(bool, Fr), SynthesisError> { Ok(claim(product.value()?, negated.value()?)) };
    let truth = Boolean::new_witness(cs.clone(), || claimed().map(|c| c.0))?;
    let inverse = FpVar::new_witness(cs, || claimed().map(|c| c.1))?;
    let zero = FpVar::Constant(Fr::from(0u64));
    let t = FpVar::from(truth.clone());
    let kept = FpVar::from(!negated.clone());
    kept.mul_equals(&(&t * &product), &zero)?;
    FpVar::from(negated.clone()).mul_equals(&(&product * &inverse - &t), &zero)?;
    kept.mul_equals(&inverse, &zero)?;
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    const MEMBERS: [u64; 4] = [3, 7, 7, 11];

    /// Builds the test with the honest claim, or with `forced` as the claimed result and
    /// inverse; returns whether the system is satisfied and the claimed result.
    fn run(v: Fr, negated: bool, forced: Option<(bool, Fr)>) -> (bool, bool) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
        let members: Vec<_> = MEMBERS
            .iter()
            .map(|m| FpVar::new_input(cs.clone(), || Ok(Fr::from(*m))).unwrap())
            .collect();
        let negated = Boolean::new_input(cs.clone(), || Ok(negated)).unwrap();
        let before = cs.num_constraints();
        let t = match forced {
            None => member(cs.clone(), &v, &members, &negated),
            Some(c) => enforce(cs.clone(), &v, &members, &negated, |_, _| c),
        }
        .unwrap();
        assert_eq!(cs.num_constraints() - before, MEMBERS.len() + 134);
        (cs.is_satisfied().unwrap(), t.value().unwrap())
    }

    #[test]
    fn honest_membership() {
        assert_eq!(run(Fr::from(7u64), false, None), (true, true));
        assert_eq!(run(Fr::from(8u64), false, None), (true, false));
        assert_eq!(run(Fr::from(8u64), true, None), (true, true));
        assert_eq!(run(Fr::from(11u64), true, None), (true, false));
    }

    #[test]
    fn cheating_claims_fail() {
        // 8 is no member: claiming membership fails whatever the inverse.
        assert!(!run(Fr::from(8u64), false, Some((true, Fr::from(0u64)))).0);
        assert!(!run(Fr::from(8u64), false, Some((true, Fr::from(5u64)))).0);
        // 7 is a member: claiming non-membership needs an inverse of 0, which does not exist.
        for inverse in [Fr::from(0u64), Fr::from(1u64), -Fr::from(1u64)] {
            assert!(!run(Fr::from(7u64), true, Some((true, inverse))).0);
        }
        // A negated test on a value of 2^128 or more (no attribute's value) fails outright.
        let big = Fr::from(u128::MAX) + Fr::from(1u64);
        assert!(!run(big, true, None).0);
        assert!(!run(-Fr::from(1u64), true, None).0);
    }
}
