//! Poseidon in R1CS, mirroring [`zkcred_core::poseidon::hash`] round for round.
//!
//! The state starts as `[0, inputs...]`. Each round adds its constants, applies `x^5` to every
//! element (full rounds) or to the first (partial rounds), and multiplies by the MDS matrix.
//! Constants and the matrix are linear, so only the S-boxes cost constraints: three each
//! (`x^2`, `x^4`, `x^5`), and none while an element is still a constant.

use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::SynthesisError;

use crate::Fr;

/// `Poseidon(inputs)` for 1 to 12 inputs.
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let p = zkcred_core::poseidon::parameters(inputs.len());
    let t = p.width;

    let mut state: Vec<FpVar<Fr>> = Vec::with_capacity(t);
    state.push(FpVar::Constant(Fr::from(0u64)));
    state.extend(inputs.iter().cloned());

    let half = p.full_rounds / 2;
    for round in 0..p.full_rounds + p.partial_rounds {
        // Round constants.
        for (i, s) in state.iter_mut().enumerate() {
            *s += p.ark[round * t + i];
        }

        // S-boxes: all of them in the first and last `half` rounds, the first one otherwise.
        let full = round < half || round >= half + p.partial_rounds;
        let boxed = if full { t } else { 1 };
        for s in state.iter_mut().take(boxed) {
            let x2 = s.square()?;
            let x4 = x2.square()?;
            *s = x4 * &*s;
        }

        // MDS matrix.
        state = p
            .mds
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&state)
                    .fold(FpVar::Constant(Fr::from(0u64)), |acc, (m, s)| acc + s * *m)
            })
            .collect();
    }
    Ok(state.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    fn check(arity: usize, expected_constraints: usize) {
        let mut rng = ark_std::test_rng();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let values: Vec<Fr> = (0..arity).map(|_| Fr::rand(&mut rng)).collect();
        let vars: Vec<_> = values
            .iter()
            .map(|v| FpVar::new_witness(cs.clone(), || Ok(*v)).unwrap())
            .collect();
        let out = hash(&vars).unwrap();
        assert_eq!(out.value().unwrap(), zkcred_core::poseidon::hash(&values));
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), expected_constraints, "arity {arity}");

        // A wrong output claimed for the same inputs must not satisfy the system.
        let claimed = FpVar::new_witness(cs.clone(), || Ok(out.value().unwrap() + Fr::from(1u64)))
            .unwrap();
        claimed.enforce_equal(&out).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn matches_native_and_pins_counts() {
        check(2, 240);
        check(5, 321);
        check(6, 354);
        check(12, 504);
    }
}
