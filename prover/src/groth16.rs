//! A Groth16 prover for BN254 that produces the proofs of `ark_groth16`, faster.
//!
//! [`create_proof`] computes, for the same proving key, circuit and blinding scalars `r`, `s`,
//! exactly the proof of `ark_groth16::Groth16::<Bn254>::create_proof_with_reduction` (with the
//! default `LibsnarkReduction`), so stock verification accepts it. It differs in how:
//!
//! - the constraint matrices come with the proving key (or are built by the first proof) and
//!   are kept in a [`MatrixCache`]; a proof then synthesizes the assignment alone
//!   (`SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false }`);
//! - the witness map is [`crate::qap::witness_map`] (arkworks' `h`, with FFT tables kept
//!   between proofs), run beside the MSMs that do not need `h`;
//! - the five multi-scalar multiplications use [`crate::msm`] (affine bucket sums, signed
//!   scalars, zero terms and zero columns of the queries dropped), the G2 one alongside the
//!   four in G1.
//!
//! With `z = (1, x, w)` the full assignment, `h` the quotient's coefficients from the witness
//! map, and the key's queries `A_i, B_i, L_i, H_i`:
//!
//! ```text
//! A = alpha + sum_i z_i A_i + r delta                    (G1)
//! B = beta + sum_i z_i B_i + s delta                     (G2, and in G1 for C)
//! C = sum_j w_j L_j + sum_k h_k H_k + s A + r B_g1 - r s delta    (G1)
//! ```

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_groth16::{Proof, ProvingKey};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, Matrix, OptimizationGoal,
    SynthesisError, SynthesisMode, R1CS_PREDICATE_LABEL,
};

use crate::msm::msm;

/// The R1CS matrices of one circuit, with the sizes they were built for.
pub struct ConstraintMatrices {
    /// `A`, `B` and `C`, one row per constraint.
    matrices: Vec<Matrix<Fr>>,
    num_instance_variables: usize,
    num_witness_variables: usize,
    num_constraints: usize,
}

/// The matrices of the circuit a proving key serves, read with it or filled by the first proof.
///
/// A cache must only ever see one circuit: the circuit's constraints (not its assignment)
/// must be the same on every call, as Groth16 requires of any circuit. A circuit with another
/// number of variables is refused; one with the same sizes but other constraints yields a
/// proof that does not verify.
#[derive(Default)]
pub struct MatrixCache(OnceLock<ConstraintMatrices>);

impl MatrixCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache holding `matrices` already.
    pub fn filled(matrices: ConstraintMatrices) -> Self {
        Self(OnceLock::from(matrices))
    }
}

impl ConstraintMatrices {
    /// Synthesizes `circuit` without an assignment and keeps its matrices.
    pub fn of<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Self, SynthesisError> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        circuit.generate_constraints(cs.clone())?;
        cs.finalize();
        matrices_of(&cs)
    }

    /// Constraints, or rows of each matrix.
    pub fn num_constraints(&self) -> usize {
        self.num_constraints
    }

    /// Variables, the constant one included: the length of a full assignment.
    pub fn num_variables(&self) -> usize {
        self.num_instance_variables + self.num_witness_variables
    }

    /// Appends the matrices to `out`: the three sizes as little-endian `u32`s, then for each
    /// matrix and each row its length (`u32`) and its terms, a column (`u32`) and a
    /// coefficient (32 bytes, little-endian, canonical).
    pub fn write(&self, out: &mut Vec<u8>) {
        let word = |out: &mut Vec<u8>, n: usize| {
            out.extend_from_slice(&u32::try_from(n).expect("fits in u32").to_le_bytes())
        };
        word(out, self.num_instance_variables);
        word(out, self.num_witness_variables);
        word(out, self.num_constraints);
        for matrix in &self.matrices {
            for row in matrix {
                word(out, row.len());
                for (coefficient, column) in row {
                    word(out, *column);
                    out.extend_from_slice(&coefficient.into_bigint().to_bytes_le());
                }
            }
        }
    }

    /// Reads what [`ConstraintMatrices::write`] wrote, from the start of `bytes`; returns the
    /// matrices and the bytes after them. Every column must name a variable and every
    /// coefficient must be below the field's modulus.
    pub fn read(bytes: &[u8]) -> Result<(Self, &[u8]), &'static str> {
        let mut rest = bytes;
        let word = |rest: &mut &[u8]| -> Result<usize, &'static str> {
            let (head, tail) = rest.split_first_chunk::<4>().ok_or("ends early")?;
            *rest = tail;
            Ok(u32::from_le_bytes(*head) as usize)
        };
        let num_instance_variables = word(&mut rest)?;
        let num_witness_variables = word(&mut rest)?;
        let num_constraints = word(&mut rest)?;
        let variables = num_instance_variables + num_witness_variables;
        let mut matrices = Vec::with_capacity(3);
        for _ in 0..3 {
            // Each row takes at least its 4-byte length, which bounds what is reserved.
            if rest.len() / 4 < num_constraints {
                return Err("ends early");
            }
            let mut matrix = Vec::with_capacity(num_constraints);
            for _ in 0..num_constraints {
                let len = word(&mut rest)?;
                if rest.len() / 36 < len {
                    return Err("ends early");
                }
                let mut row = Vec::with_capacity(len);
                for _ in 0..len {
                    let column = word(&mut rest)?;
                    if column >= variables {
                        return Err("names a variable the circuit does not have");
                    }
                    let (head, tail) = rest.split_first_chunk::<32>().ok_or("ends early")?;
                    rest = tail;
                    let coefficient = fr_from_le(head).ok_or("holds a value above r")?;
                    row.push((coefficient, column));
                }
                matrix.push(row);
            }
            matrices.push(matrix);
        }
        Ok((
            Self {
                matrices,
                num_instance_variables,
                num_witness_variables,
                num_constraints,
            },
            rest,
        ))
    }
}

/// Proves `circuit` with blinding scalars `r` and `s`; equal to stock `ark_groth16`'s
/// `create_proof_with_reduction(circuit, pk, r, s)`.
///
/// The proof is not checked here: a circuit whose assignment does not satisfy its
/// constraints yields a proof that fails verification.
pub fn create_proof<C: ConstraintSynthesizer<Fr>>(
    pk: &ProvingKey<Bn254>,
    cache: &MatrixCache,
    circuit: C,
    r: Fr,
    s: Fr,
) -> Result<Proof<Bn254>, SynthesisError> {
    let (z, num_inputs) = synthesize(cache, circuit, pk.a_query.len())?;
    let matrices = cache.0.get().ok_or(SynthesisError::MissingCS)?;
    if z.len() != pk.b_g2_query.len() {
        return Err(SynthesisError::Unsatisfiable);
    }

    if z.len() - num_inputs != pk.l_query.len() {
        return Err(SynthesisError::Unsatisfiable);
    }

    // The five MSMs: z against the A and B queries (their first base, for z_0 = 1, is added
    // as is), the witness against L, h against H. Only the last needs the witness map's h, so
    // the map runs beside the others.
    let assignment = &z[1..];
    let (h_acc, (b_g2, a, b_g1, l)) = rayon::join(
        || -> Result<G1Projective, SynthesisError> {
            let h = {
                let _span =
                    tracing::debug_span!("witness_map", constraints = matrices.num_constraints)
                        .entered();
                crate::qap::witness_map(
                    &matrices.matrices,
                    num_inputs,
                    matrices.num_constraints,
                    &z,
                )?
            };
            if h.len() < pk.h_query.len() {
                return Err(SynthesisError::Unsatisfiable);
            }
            Ok(timed("msm_h", || msm(&pk.h_query, &h[..pk.h_query.len()])))
        },
        || {
            let (b_g2, a) = rayon::join(
                || timed("msm_b_g2", || msm(&pk.b_g2_query[1..], assignment)),
                || timed("msm_a", || msm(&pk.a_query[1..], assignment)),
            );
            let b_g1 = if r.is_zero() {
                G1Projective::zero()
            } else {
                timed("msm_b_g1", || msm(&pk.b_g1_query[1..], assignment))
            };
            let l = timed("msm_l", || msm(&pk.l_query, &z[num_inputs..]));
            (b_g2, a, b_g1, l)
        },
    );
    let h_acc = h_acc?;

    // A = alpha + A_0 + sum z_i A_i + r delta.
    let g_a = pk.delta_g1 * r + pk.a_query[0] + a + pk.vk.alpha_g1;
    // B = beta + B_0 + sum z_i B_i + s delta, in G1 (only when r is non-zero) and G2.
    let g1_b = if r.is_zero() {
        G1Projective::zero()
    } else {
        pk.delta_g1 * s + pk.b_g1_query[0] + b_g1 + pk.beta_g1
    };
    let g2_b: G2Projective = pk.vk.delta_g2 * s + pk.b_g2_query[0] + b_g2 + pk.vk.beta_g2;
    // C = s A + r B_g1 - r s delta + L + H.
    let g_c = g_a * s + g1_b * r - pk.delta_g1 * (r * s) + l + h_acc;

    Ok(Proof {
        a: g_a.into_affine(),
        b: g2_b.into_affine(),
        c: g_c.into_affine(),
    })
}

/// Runs the circuit and returns the full assignment `(1, x, w)` and the number of instance
/// variables (the constant one included). Builds the matrices into `cache` when it is empty,
/// unless the circuit does not have the key's `variables` (the constant one included).
fn synthesize<C: ConstraintSynthesizer<Fr>>(
    cache: &MatrixCache,
    circuit: C,
    variables: usize,
) -> Result<(Vec<Fr>, usize), SynthesisError> {
    let _span = tracing::debug_span!("synthesis").entered();
    let cached = cache.0.get();
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    // With the matrices at hand only the assignment is needed: no linear combination is
    // built or evaluated (every gadget carries its own values).
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: cached.is_none(),
        generate_lc_assignments: false,
    });
    circuit.generate_constraints(cs.clone())?;

    let num_inputs = cs.num_instance_variables();
    let num_witness = cs.num_witness_variables();
    if num_inputs + num_witness != variables {
        return Err(SynthesisError::Unsatisfiable);
    }
    match cached {
        Some(m) => {
            if m.num_instance_variables != num_inputs || m.num_witness_variables != num_witness {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        None => {
            cs.finalize();
            // A concurrent proof may have filled the cache meanwhile; both hold the same.
            let _ = cache.0.set(matrices_of(&cs)?);
        }
    }

    let cs = cs.borrow().ok_or(SynthesisError::MissingCS)?;
    let mut z = cs.assignments.instance_assignment.clone();
    z.extend_from_slice(&cs.assignments.witness_assignment);
    if z.len() != num_inputs + num_witness {
        return Err(SynthesisError::AssignmentMissing);
    }
    Ok((z, num_inputs))
}

fn matrices_of(cs: &ConstraintSystemRef<Fr>) -> Result<ConstraintMatrices, SynthesisError> {
    let matrices = cs
        .to_matrices()?
        .remove(R1CS_PREDICATE_LABEL)
        .ok_or(SynthesisError::PredicateNotFound)?;
    Ok(ConstraintMatrices {
        matrices,
        num_instance_variables: cs.num_instance_variables(),
        num_witness_variables: cs.num_witness_variables(),
        num_constraints: cs.num_constraints(),
    })
}

/// The field element with canonical little-endian bytes `bytes`, if below `r`.
fn fr_from_le(bytes: &[u8; 32]) -> Option<Fr> {
    let limb =
        |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("eight bytes"));
    Fr::from_bigint(ark_ff::BigInt::<4>([limb(0), limb(1), limb(2), limb(3)]))
}

fn timed<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = tracing::debug_span!("msm", query = name).entered();
    f()
}
