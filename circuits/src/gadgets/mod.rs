//! Gadgets: each enforces one relation and says what it costs in constraints.

pub mod bits;
pub mod edwards;
pub mod montgomery;
pub mod poseidon;
pub mod range;
pub mod scalar_mul;
pub mod set;
pub mod signature;

#[cfg(test)]
pub(crate) mod test_util {
    use ark_ff::UniformRand;
    use ark_relations::gr1cs::{ConstraintSystemRef, R1CS_PREDICATE_LABEL};

    use crate::Fr;

    /// The witness variables that can be changed alone, to any of a few hostile values,
    /// without breaking a constraint. The system must be satisfied on entry.
    pub fn free_witnesses(cs: &ConstraintSystemRef<Fr>) -> Vec<usize> {
        cs.finalize();
        assert!(cs.is_satisfied().unwrap());
        let matrices = cs.to_matrices().unwrap();
        let [a, b, c] = <[_; 3]>::try_from(matrices[R1CS_PREDICATE_LABEL].clone()).unwrap();
        let mut z: Vec<Fr> = cs.instance_assignment().unwrap();
        let num_instance = z.len();
        z.extend(cs.witness_assignment().unwrap());
        let mut rows_of = vec![Vec::new(); z.len()];
        for m in [&a, &b, &c] {
            for (row, terms) in m.iter().enumerate() {
                for (_, col) in terms {
                    rows_of[*col].push(row);
                }
            }
        }
        let eval = |terms: &Vec<(Fr, usize)>, z: &[Fr]| -> Fr {
            terms.iter().map(|(coeff, col)| *coeff * z[*col]).sum()
        };
        let mut rng = ark_std::test_rng();
        let mut free = Vec::new();
        for col in num_instance..z.len() {
            let honest = z[col];
            let hostile = [
                honest + Fr::from(1u64),
                -honest,
                Fr::from(0u64),
                Fr::from(1u64),
                Fr::rand(&mut rng),
            ];
            let survives = hostile.into_iter().filter(|v| *v != honest).any(|v| {
                z[col] = v;
                rows_of[col]
                    .iter()
                    .all(|&r| eval(&a[r], &z) * eval(&b[r], &z) == eval(&c[r], &z))
            });
            z[col] = honest;
            if survives {
                free.push(col - num_instance);
            }
        }
        free
    }
}
