//! The statement a presentation proves.
//!
//! Public inputs (see [`zkcred_core::statement`]): the issuer key `A`, the request `context`,
//! `valid_from_max`, `valid_until_min`, `scope`, `pseudonym`, `flags`, then
//! `(selector, lo, hi)` per range position and `(selector, e_0 .. e_63)` per set position.
//! The witness: the credential's slots and count, its validity bounds, the holder's secret,
//! the issuer's signature `(R, S)`, and for each position the slot it reads (or none) and the
//! value `v` it tests. The circuit enforces:
//!
//! ```text
//! holder_public = Poseidon(1, holder_secret)
//! C = Poseidon(chunk_0, .., chunk_{k-1}, count, holder_public, valid_from, valid_until)
//! (R, S) is A's signature on C
//! valid_from <= valid_from_max,  valid_until_min <= valid_until      (all below 2^64)
//! pseudonym = has_scope * Poseidon(2, holder_secret, scope)
//! per position i: t_i = [lo <= v <= hi]  or  t_i = [v in {e_j}] xor negated,
//!                 t_i = 1  =>  v = picked slot - selector,  at most one slot picked
//! every clause (a run of positions linked by join bits) has some t_i = 1
//! ```
//!
//! `context` enters no constraint: Groth16 binds every public input to the proof, so a proof
//! made for one request's context fails for any other. When a test is false its `v` is free:
//! it neither proves nor reveals anything, and its clause must hold through another test.

use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use zkcred_core::{
    shape::{CHUNK, SET_SIZE},
    signature::Signature,
    statement::FIXED_PUBLIC_INPUTS,
    Shape,
};

use crate::gadgets::{edwards::PointVar, poseidon, range, set, signature};
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
    /// For each position of the shape, the slot it reads, if any.
    pub picks: Vec<Option<usize>>,
    /// For each position of the shape, the value it tests.
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
        self.picks.iter_mut().for_each(|p| *p = None);
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
        let holder_public =
            poseidon::hash(&[FpVar::Constant(Fr::from(1u64)), holder_secret.clone()])?;
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

        // Pseudonym: zero without a scope, Poseidon(2, secret, scope) with one.
        let (scope, pseudonym, flags) = (&inputs[5], &inputs[6], &inputs[7]);
        let (flag_bits, _) = flags.to_bits_le_with_top_bits_zero(shape.flag_bits())?;
        let nym = poseidon::hash(&[
            FpVar::Constant(Fr::from(zkcred_core::holder::PSEUDONYM_DOMAIN)),
            holder_secret.clone(),
            scope.clone(),
        ])?;
        FpVar::from(flag_bits[0].clone()).mul_equals(&nym, pseudonym)?;
        done("flags and pseudonym: Poseidon(2, secret, scope)");

        // One test per position, each on at most one picked slot.
        let zero = FpVar::Constant(Fr::from(0u64));
        let mut truths = Vec::with_capacity(shape.positions());
        for i in 0..shape.positions() {
            let picks = (0..shape.attributes)
                .map(|j| {
                    Boolean::new_witness(cs.clone(), || {
                        w.map(|w| w.picks[i] == Some(j))
                            .ok_or(SynthesisError::AssignmentMissing)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let count: FpVar<Fr> = picks.iter().map(|b| FpVar::from(b.clone())).sum();
            count.mul_equals(&(&count - Fr::from(1u64)), &zero)?;
            let picked: FpVar<Fr> = picks
                .iter()
                .zip(&slots)
                .map(|(b, s)| FpVar::from(b.clone()) * s)
                .sum();
            let value = witness(&|w| w.values[i])?;

            let (selector, truth) = if i < shape.predicates {
                let at = FIXED_PUBLIC_INPUTS + 3 * i;
                let t = range::in_range(&value, &inputs[at + 1], &inputs[at + 2])?;
                (&inputs[at], t)
            } else {
                let s = i - shape.predicates;
                let at = FIXED_PUBLIC_INPUTS + 3 * shape.predicates + s * (1 + SET_SIZE);
                let negated = &flag_bits[shape.positions() + s];
                let t = set::member(
                    cs.clone(),
                    &value,
                    &inputs[at + 1..at + 1 + SET_SIZE],
                    negated,
                )?;
                (&inputs[at], t)
            };
            // A true test reads the picked slot: t * (picked - selector - v) = 0.
            FpVar::from(truth.clone()).mul_equals(&(picked - selector - &value), &zero)?;
            truths.push(truth);
        }
        done("tests: slot picks, ranges and sets");

        // Clauses: position i joins the clause before it when flag bit i is set.
        let one = FpVar::Constant(Fr::from(1u64));
        let mut clause = FpVar::from(truths[0].clone());
        for (i, truth) in truths.iter().enumerate().skip(1) {
            let joins = &flag_bits[i];
            let t = FpVar::from(truth.clone());
            // A clause that ends here must hold: (1 - joins) * (clause - 1) = 0.
            FpVar::from(!joins.clone()).mul_equals(&(&clause - &one), &zero)?;
            let either = &clause + &t - &clause * &t;
            clause = joins.select(&either, &t)?;
        }
        clause.enforce_equal(&one)?;
        done("clauses");
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
