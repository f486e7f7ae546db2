//! The statement a presentation proves.
//!
//! Public inputs (see [`zkcred_core::request`]): the issuer key `A`, the request `context`,
//! `valid_from_max`, `valid_until_min` and `(selector_k, lo_k, hi_k)` for each predicate `k`.
//! The witness: the credential's slots and count, its validity bounds, the holder's secret,
//! the issuer's signature `(R, S)`, and for each predicate the position of the attribute and
//! its encoded value `v_k`. The circuit enforces:
//!
//! ```text
//! holder_public = Poseidon(1, holder_secret)
//! C = Poseidon(chunk_0, .., chunk_{k-1}, count, holder_public, valid_from, valid_until)
//! (R, S) is A's signature on C
//! valid_from <= valid_from_max,  valid_until_min <= valid_until      (all below 2^64)
//! for each k: exactly one slot_i = selector_k + v_k,  lo_k <= v_k <= hi_k  (below 2^64)
//! ```
//!
//! `context` enters no constraint: Groth16 binds every public input to the proof, so a proof
//! made for one request's context fails for any other.

use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use zkcred_core::{shape::CHUNK, signature::Signature, Shape};

use crate::gadgets::{edwards::PointVar, poseidon, range, signature};
use crate::Fr;

/// The private inputs of one proof. Zeroized when dropped; `Debug` prints nothing of it.
#[derive(Clone)]
pub struct Witness {
    /// The credential's slots, padded with zeros to the shape's capacity.
    pub slots: Vec<Fr>,
    /// The number of attributes.
    pub count: u64,
    /// The holder's secret key.
    pub holder_secret: Fr,
    /// Encoded `validFrom`.
    pub valid_from: u64,
    /// Encoded `validUntil`.
    pub valid_until: u64,
    /// The issuer's signature on the credential's commitment.
    pub signature: Signature,
    /// For each predicate of the shape, the slot it reads.
    pub selections: Vec<usize>,
    /// For each predicate of the shape, the encoded value it compares.
    pub values: Vec<Fr>,
}

impl Drop for Witness {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.slots.zeroize();
        self.holder_secret.zeroize();
        self.values.zeroize();
        self.valid_from.zeroize();
        self.valid_until.zeroize();
        self.count.zeroize();
        self.selections.zeroize();
        self.signature.s.zeroize();
    }
}

impl std::fmt::Debug for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Witness(<redacted>)")
    }
}

/// The circuit for one shape. Without a witness it yields the constraint structure (setup).
#[derive(Clone, Debug)]
pub struct CredentialCircuit {
    /// The published limits this circuit is built for.
    pub shape: Shape,
    /// The public inputs, in the order of [`zkcred_core::Statement::public_inputs`].
    pub public_inputs: Vec<Fr>,
    /// The private inputs, absent during setup.
    pub witness: Option<Witness>,
}

impl CredentialCircuit {
    /// The circuit with placeholder inputs, for key generation and counting.
    pub fn blank(shape: Shape) -> Self {
        CredentialCircuit {
            shape,
            public_inputs: vec![Fr::from(0u64); shape.num_public_inputs()],
            witness: None,
        }
    }
}

impl ConstraintSynthesizer<Fr> for CredentialCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        self.synthesize(cs, &mut |_| {})
    }
}

impl CredentialCircuit {
    /// Builds the constraints, calling `done(component)` after each component.
    fn synthesize(
        self,
        cs: ConstraintSystemRef<Fr>,
        done: &mut dyn FnMut(&'static str),
    ) -> Result<(), SynthesisError> {
        let shape = self.shape;
        if !shape.is_supported() || self.public_inputs.len() != shape.num_public_inputs() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let w = self.witness.as_ref();
        let witness = |f: &dyn Fn(&Witness) -> Fr| {
            FpVar::new_witness(cs.clone(), || {
                w.map(f).ok_or(SynthesisError::AssignmentMissing)
            })
        };

        // Public inputs, in the published order.
        let inputs = self
            .public_inputs
            .iter()
            .map(|v| FpVar::new_input(cs.clone(), || Ok(*v)))
            .collect::<Result<Vec<_>, _>>()?;
        let issuer = PointVar {
            x: inputs[0].clone(),
            y: inputs[1].clone(),
        };
        let (valid_from_max, valid_until_min) = (&inputs[3], &inputs[4]);

        // Private inputs.
        let slots = (0..shape.attributes)
            .map(|i| witness(&|w| w.slots[i]))
            .collect::<Result<Vec<_>, _>>()?;
        let count = witness(&|w| Fr::from(w.count))?;
        let holder_secret = witness(&|w| w.holder_secret)?;
        let valid_from = witness(&|w| Fr::from(w.valid_from))?;
        let valid_until = witness(&|w| Fr::from(w.valid_until))?;
        done("inputs");

        // The commitment, bound to the holder's key, and the issuer's signature on it.
        let holder_public = poseidon::hash(&[FpVar::Constant(Fr::from(1u64)), holder_secret])?;
        done("holder key: Poseidon(1, secret)");
        let mut commitment_inputs = slots
            .chunks(CHUNK)
            .map(poseidon::hash)
            .collect::<Result<Vec<_>, _>>()?;
        done("attribute chunks: Poseidon(12) each");
        commitment_inputs.extend([
            count,
            holder_public,
            valid_from.clone(),
            valid_until.clone(),
        ]);
        let commitment = poseidon::hash(&commitment_inputs)?;
        done("credential commitment C");
        let sig = signature::SignatureVar::new_witness(cs.clone(), w.map(|w| &w.signature))?;
        signature::verify(&issuer, &sig, &commitment)?;
        done("EdDSA-Poseidon signature on C");

        // Validity window.
        range::enforce_u64(&valid_from)?;
        range::enforce_u64(&valid_until)?;
        range::enforce_le(&valid_from, valid_from_max)?;
        range::enforce_le(valid_until_min, &valid_until)?;
        done("validity window");

        // Predicates: one slot equals selector + v, and lo <= v <= hi.
        for k in 0..shape.predicates {
            let [selector, lo, hi] = [0, 1, 2].map(|j| &inputs[5 + 3 * k + j]);
            let picks = (0..shape.attributes)
                .map(|i| {
                    Boolean::new_witness(cs.clone(), || {
                        w.map(|w| w.selections[k] == i)
                            .ok_or(SynthesisError::AssignmentMissing)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let one_hot: FpVar<Fr> = picks.iter().map(|b| FpVar::from(b.clone())).sum();
            one_hot.enforce_equal(&FpVar::Constant(Fr::from(1u64)))?;
            let picked: FpVar<Fr> = picks
                .iter()
                .zip(&slots)
                .map(|(b, s)| FpVar::from(b.clone()) * s)
                .sum();

            let value = witness(&|w| w.values[k])?;
            picked.enforce_equal(&(selector + &value))?;
            range::enforce_u64(&value)?;
            range::enforce_le(lo, &value)?;
            range::enforce_le(&value, hi)?;
        }
        done("predicates: slot selection and range checks");
        Ok(())
    }
}

/// The number of constraints of the circuit for `shape`.
pub fn constraint_count(shape: Shape) -> Result<usize, SynthesisError> {
    Ok(constraint_breakdown(shape)?.iter().map(|(_, n)| n).sum())
}

/// The constraints each component of the circuit for `shape` adds, in order.
pub fn constraint_breakdown(shape: Shape) -> Result<Vec<(&'static str, usize)>, SynthesisError> {
    let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    let mut parts = Vec::new();
    let mut last = 0;
    let counter = cs.clone();
    CredentialCircuit::blank(shape).synthesize(cs, &mut |name| {
        let now = counter.num_constraints();
        parts.push((name, now - last));
        last = now;
    })?;
    Ok(parts)
}
