//! Poseidon in R1CS, mirroring [`zkcred_core::poseidon::hash`] round for round.
//!
//! The state starts as `[0, inputs...]`. Each round adds its constants, applies `x^5` to every
//! element (full rounds) or to the first (partial rounds), and multiplies by the MDS matrix.
//! Constants and the matrix are linear, so only the S-boxes cost constraints: three each
//! (`x^2`, `x^4`, `x^5`), and none while an element is still a constant.
//!
//! The state is kept as flat linear combinations over the S-box outputs rather than as
//! `FpVar` sums: nested symbolic combinations, one per addition, made arkworks' inlining pass
//! take most of the proving time. Flat combinations are still costly to build (each partial
//! round mixes combinations of some sixty terms), so they are built only when the constraint
//! system keeps its matrices; when it only collects an assignment, the state carries values
//! alone.

use ark_ff::Field;
use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_r1cs_std::GR1CSVar;
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

use crate::Fr;

/// A state element: a constant, or a linear combination with its value when known.
#[derive(Clone)]
enum Elem {
    Const(Fr),
    Lc(LinearCombination<Fr>, Option<Fr>),
}

impl Elem {
    fn from_var(v: &FpVar<Fr>) -> Self {
        match v {
            FpVar::Constant(c) => Elem::Const(*c),
            FpVar::Var(a) => Elem::Lc(LinearCombination::from(a.variable), a.value().ok()),
        }
    }

    fn add_constant(&mut self, c: Fr, build: bool) {
        match self {
            Elem::Const(x) => *x += c,
            Elem::Lc(lc, v) => {
                if build {
                    lc.0.push((c, Variable::One));
                }
                *v = v.map(|v| v + c);
            }
        }
    }

    /// `x^5`, allocating `x^2`, `x^4` and `x^5`.
    fn pow5(&self, cs: &ConstraintSystemRef<Fr>) -> Result<Self, SynthesisError> {
        let (lc, v) = match self {
            Elem::Const(x) => return Ok(Elem::Const(x.square().square() * x)),
            Elem::Lc(lc, v) => (lc, *v),
        };
        let missing = SynthesisError::AssignmentMissing;
        let v2 = v.map(|v| v * v);
        let v4 = v2.map(|v| v * v);
        let v5 = v4.zip(v).map(|(a, b)| a * b);
        let x2 = cs.new_witness_variable(|| v2.ok_or(missing))?;
        let x4 = cs.new_witness_variable(|| v4.ok_or(missing))?;
        let x5 = cs.new_witness_variable(|| v5.ok_or(missing))?;
        cs.enforce_r1cs_constraint(|| lc.clone(), || lc.clone(), || x2.into())?;
        cs.enforce_r1cs_constraint(|| x2.into(), || x2.into(), || x4.into())?;
        cs.enforce_r1cs_constraint(|| x4.into(), || lc.clone(), || x5.into())?;
        Ok(Elem::Lc(x5.into(), v5))
    }
}

/// `Poseidon(inputs)` for 1 to 12 inputs.
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let p = zkcred_core::poseidon::parameters(inputs.len());
    let t = p.width;
    let cs = inputs
        .iter()
        .fold(ConstraintSystemRef::None, |cs, v| cs.or(v.cs()));

    // Without matrices, the combinations are never read: only the values are tracked.
    let build = cs.should_construct_matrices();
    let mut state: Vec<Elem> = Vec::with_capacity(t);
    state.push(Elem::Const(Fr::from(0u64)));
    state.extend(inputs.iter().map(Elem::from_var));

    let half = p.full_rounds / 2;
    for round in 0..p.full_rounds + p.partial_rounds {
        // Round constants.
        for (i, s) in state.iter_mut().enumerate() {
            s.add_constant(p.ark[round * t + i], build);
        }

        // S-boxes: all of them in the first and last `half` rounds, the first one otherwise.
        let full = round < half || round >= half + p.partial_rounds;
        let boxed = if full { t } else { 1 };
        for s in state.iter_mut().take(boxed) {
            *s = s.pow5(&cs)?;
        }

        // MDS matrix.
        state = p.mds.iter().map(|row| mix(row, &state, build)).collect();
    }

    Ok(match state.swap_remove(0) {
        Elem::Const(c) => FpVar::Constant(c),
        Elem::Lc(lc, v) => {
            let var = cs.new_lc(|| lc)?;
            FpVar::Var(AllocatedFp::new(v, var, cs))
        }
    })
}

/// `sum_j row[j] * state[j]`, merged into one flat combination when `build` is set; otherwise
/// its value alone, beside an empty combination.
fn mix(row: &[Fr], state: &[Elem], build: bool) -> Elem {
    let mut constant = Fr::from(0u64);
    let mut lc = LinearCombination::new();
    let mut value = Some(Fr::from(0u64));
    let mut any_var = false;
    for (m, s) in row.iter().zip(state) {
        match s {
            Elem::Const(c) => constant += *m * c,
            Elem::Lc(terms, v) => {
                any_var = true;
                if build {
                    lc.0.extend(terms.0.iter().map(|(c, var)| (*m * c, *var)));
                }
                value = value.zip(*v).map(|(acc, v)| acc + *m * v);
            }
        }
    }
    if !any_var {
        return Elem::Const(constant);
    }
    if build {
        lc.0.push((constant, Variable::One));
        lc.compactify();
    }
    Elem::Lc(lc, value.map(|v| v + constant))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::prelude::*;
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
        let claimed =
            FpVar::new_witness(cs.clone(), || Ok(out.value().unwrap() + Fr::from(1u64))).unwrap();
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

    #[test]
    fn constant_inputs_cost_nothing() {
        let out = hash(&[
            FpVar::Constant(Fr::from(1u64)),
            FpVar::Constant(Fr::from(2u64)),
        ])
        .unwrap();
        assert_eq!(
            out.value().unwrap(),
            zkcred_core::poseidon::hash(&[Fr::from(1u64), Fr::from(2u64)])
        );
    }

    #[test]
    fn a_wrong_sbox_witness_fails() {
        // Tamper with one intermediate witness: the S-box constraints must catch it.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(5u64))).unwrap();
        let _ = hash(&[x]).unwrap();
        assert!(cs.is_satisfied().unwrap());
        let mut inner = cs.borrow_mut().unwrap();
        let w = &mut inner.assignments.witness_assignment;
        w[3] += Fr::from(1u64);
        drop(inner);
        assert!(!cs.is_satisfied().unwrap());
    }
}
