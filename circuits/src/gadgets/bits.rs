//! Bit decompositions and comparisons with constants.
//!
//! `x <= K` for bits `x_{n-1} .. x_0` and a constant `K` is decided from the top: while the
//! bits above a position equal those of `K`, a 1 where `K` has a 0 means `x > K`. With
//! `e` = "all bits of `x` at the 1-positions of `K` above here are 1", the check is one
//! constraint per run of zeros of `K`, `e * (sum of x over the run) = 0`, and `e` is carried
//! through a run of `k` ones of `K` with `min(k, 3)` constraints. The 1-positions are enough:
//! wherever `K` has a 0 above, `e = 1` already forced `x` to 0. Trailing ones of `K` cost
//! nothing.

use ark_ff::{AdditiveGroup, BigInt, BigInteger, Field, One, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::Fr;

/// Allocates `n` boolean witnesses holding the low bits of `value` (little-endian).
pub fn alloc_bits(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<BigInt<4>>,
    n: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                value
                    .map(|v| v.get_bit(i))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect()
}

/// `sum_i bits[i] 2^i` as one flat linear combination. Free.
pub fn pack(bits: &[Boolean<Fr>]) -> FpVar<Fr> {
    let mut power = Fr::one();
    bits.iter()
        .map(|b| {
            let term = FpVar::from(b.clone()) * power;
            power.double_in_place();
            term
        })
        .sum()
}

/// Enforces `sum_i bits[i] 2^i <= k` for boolean-valued `bits` (little-endian).
pub fn enforce_le(bits: &[FpVar<Fr>], k: &BigInt<4>) -> Result<(), SynthesisError> {
    if k.num_bits() as usize > bits.len() {
        return Ok(());
    }
    let k_bits: Vec<bool> = (0..bits.len()).map(|i| k.get_bit(i)).collect();
    enforce_le_bits(bits, &k_bits)
}

/// Enforces `sum_i bits[i] 2^i >= k` for boolean-valued `bits` (little-endian): the
/// complement `2^n - 1 - x` is at most `2^n - 1 - k`, bit by bit.
pub fn enforce_ge(bits: &[FpVar<Fr>], k: &BigInt<4>) -> Result<(), SynthesisError> {
    if k.num_bits() as usize > bits.len() {
        // x >= k >= 2^n cannot hold.
        return Err(SynthesisError::Unsatisfiable);
    }
    let flipped: Vec<FpVar<Fr>> = bits.iter().map(|b| FpVar::one() - b).collect();
    let k_bits: Vec<bool> = (0..bits.len()).map(|i| !k.get_bit(i)).collect();
    enforce_le_bits(&flipped, &k_bits)
}

/// Enforces `x <= K` with `K` given by its bits, both little-endian and of equal length.
fn enforce_le_bits(x: &[FpVar<Fr>], k: &[bool]) -> Result<(), SynthesisError> {
    // `None` stands for the constant 1: no bit constrains equality yet.
    let mut eq: Option<FpVar<Fr>> = None;
    let mut i = x.len();
    while i > 0 {
        let ones_start = i;
        while i > 0 && k[i - 1] {
            i -= 1;
        }
        if i == 0 {
            // Trailing ones: every value of these bits is allowed.
            break;
        }
        eq = all_ones(eq, &x[i..ones_start])?;
        let zeros_start = i;
        while i > 0 && !k[i - 1] {
            i -= 1;
        }
        let run: FpVar<Fr> = x[i..zeros_start].iter().sum();
        match &eq {
            None => run.enforce_equal(&FpVar::zero())?,
            Some(e) => e.mul_equals(&run, &FpVar::zero())?,
        }
    }
    Ok(())
}

/// `eq AND run[0] AND run[1] ...`, by products for short runs and by one zero test of
/// `eq + sum(run) - (len + 1)` (3 constraints) for long ones.
fn all_ones(eq: Option<FpVar<Fr>>, run: &[FpVar<Fr>]) -> Result<Option<FpVar<Fr>>, SynthesisError> {
    if run.is_empty() {
        return Ok(eq);
    }
    let products = run.len() - usize::from(eq.is_none());
    if products <= 3 {
        let mut acc = eq;
        for b in run {
            acc = Some(match acc {
                None => b.clone(),
                Some(a) => a * b,
            });
        }
        return Ok(acc);
    }
    let target = Fr::from(run.len() as u64 + u64::from(eq.is_some()));
    let z = eq.unwrap_or_else(FpVar::zero) + run.iter().sum::<FpVar<Fr>>() - target;
    Ok(Some(is_zero(&z)?))
}

/// `[z = 0]` as a boolean-valued variable, with its helper fixed in both cases:
/// `z inv = 1 - e`, `z e = 0`, `inv e = 0`. Costs 3 constraints.
fn is_zero(z: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let cs = z.cs();
    let e = FpVar::new_witness(cs.clone(), || Ok(Fr::from(z.value()?.is_zero())))?;
    let inv = FpVar::new_witness(cs, || Ok(z.value()?.inverse().unwrap_or_default()))?;
    z.mul_equals(&inv, &(FpVar::one() - &e))?;
    z.mul_equals(&e, &FpVar::zero())?;
    inv.mul_equals(&e, &FpVar::zero())?;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::rand::Rng;

    fn check(x: u64, k: u64, n: usize, ge: bool) -> (bool, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let bits = alloc_bits(&cs, Some(BigInt::from(x)), n).unwrap();
        let before = cs.num_constraints();
        let vars: Vec<FpVar<Fr>> = bits.iter().map(|b| FpVar::from(b.clone())).collect();
        if ge {
            enforce_ge(&vars, &BigInt::from(k)).unwrap();
        } else {
            enforce_le(&vars, &BigInt::from(k)).unwrap();
        }
        (cs.is_satisfied().unwrap(), cs.num_constraints() - before)
    }

    #[test]
    fn exhaustive_on_eight_bits() {
        for k in 0..256u64 {
            for x in 0..256u64 {
                assert_eq!(check(x, k, 8, false).0, x <= k, "{x} <= {k}");
                if k > 0 {
                    assert_eq!(check(x, k, 8, true).0, x >= k, "{x} >= {k}");
                }
            }
        }
    }

    #[test]
    fn random_wide_constants() {
        let mut rng = ark_std::test_rng();
        for _ in 0..2000 {
            let k: u64 = rng.gen::<u64>() >> rng.gen_range(0..40);
            let x: u64 = if rng.gen() {
                k.wrapping_add(rng.gen_range(0..3)).wrapping_sub(1)
            } else {
                rng.gen::<u64>() >> rng.gen_range(0..40)
            };
            assert_eq!(check(x, k, 64, false).0, x <= k, "{x} <= {k}");
            if k > 0 {
                assert_eq!(check(x, k, 64, true).0, x >= k, "{x} >= {k}");
            }
        }
    }

    #[test]
    fn every_witness_is_pinned() {
        // Constants with long runs exercise the zero test, in both of its outcomes. The bits
        // are pinned by their sum; the comparison's own witnesses must be pinned too.
        for (x, k) in [(0b1011_1110u64, 0b1011_1110u64), (0b1010_0000, 0b1011_1110)] {
            for ge in [false, true] {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let bits = alloc_bits(&cs, Some(BigInt::from(x)), 8).unwrap();
                pack(&bits)
                    .enforce_equal(&FpVar::Constant(Fr::from(x)))
                    .unwrap();
                let vars: Vec<FpVar<Fr>> = bits.iter().map(|b| FpVar::from(b.clone())).collect();
                let (lo, hi) = if ge { (x, k) } else { (k, x) };
                if ge {
                    enforce_ge(&vars, &BigInt::from(lo.min(hi))).unwrap();
                } else {
                    enforce_le(&vars, &BigInt::from(lo.max(hi))).unwrap();
                }
                let free = crate::gadgets::test_util::free_witnesses(&cs);
                assert!(free.is_empty(), "{x} vs {k}: {free:?}");
            }
        }
    }

    #[test]
    fn costs_follow_the_runs() {
        // 0b1011_0000: one 1, a zero, two ones (product), four trailing zeros.
        assert_eq!(check(0, 0b1011_0000, 8, false).1, 1 + 2 + 1);
        // Trailing ones are free; an all-ones constant costs nothing.
        assert_eq!(check(0, 0b0111_1111, 8, false).1, 1);
        assert_eq!(check(0, 0xff, 8, false).1, 0);
        // A run of five ones after the first costs a zero test (3), not five products.
        assert_eq!(check(0, 0b1011_1110, 8, false).1, 1 + 3 + 1);
    }
}
