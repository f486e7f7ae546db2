//! The honest witness: from a signed credential, the holder's secret and a statement.
//!
//! Every check the circuit makes is first made here, natively, so that a holder learns why a
//! proof cannot be made instead of receiving an unsatisfiable constraint system. Messages
//! name attributes and conditions, never hidden values.

use std::collections::BTreeMap;
use thiserror::Error;

use zkcred_core::{
    credential::SignedCredential,
    encoding::{self, Value},
    holder::HolderSecret,
    statement::{Position, Statement, Test},
    Shape,
};

use crate::{statement::Witness, Fr};

/// Why no proof can be made.
#[derive(Debug, Error)]
pub enum WitnessError {
    /// The credential file itself is unusable (bad signature, too many attributes).
    #[error(transparent)]
    Credential(#[from] zkcred_core::Error),
    /// The credential was signed for another attribute capacity than the parameters'.
    #[error("credential was signed for {signed} attributes; these parameters take {params}")]
    Capacity {
        /// The credential's capacity.
        signed: usize,
        /// The parameters' capacity.
        params: usize,
    },
    /// The holder key does not match the key the credential is bound to.
    #[error("the holder key does not match the key this credential was issued to")]
    WrongHolder,
    /// The credential was signed by another issuer than the statement names.
    #[error("the credential was signed by another issuer than the one the proof is for")]
    WrongIssuer,
    /// The credential is not valid at the time the request names.
    #[error("the credential is not valid on the date of the request")]
    NotValid,
    /// The request asks for an attribute the credential lacks.
    #[error("the credential has no attribute `{0}`")]
    MissingAttribute(String),
    /// The attribute has another kind of value than the request compares.
    #[error(
        "attribute `{name}` holds a value of kind {found}, but the request compares kind {wanted}"
    )]
    WrongKind {
        /// The attribute.
        name: String,
        /// Its kind in the credential.
        found: &'static str,
        /// The kind the request expects.
        wanted: &'static str,
    },
    /// The credential does not satisfy a condition.
    #[error("the credential does not satisfy the condition on `{0}`")]
    Unsatisfied(String),
    /// The statement's pseudonym is not the holder's for its scope.
    #[error("the pseudonym is not this holder's for the request's scope")]
    Pseudonym,
}

/// A value that makes `test` false while keeping the circuit's decompositions in range.
fn false_value(test: &Test) -> Fr {
    match test {
        Test::Range { lo, hi, .. } if *lo > 0 => Fr::from(lo - 1),
        Test::Range { hi, .. } => Fr::from(*hi) + Fr::from(1u64),
        // Just below the smallest value of any kind.
        Test::Exists { .. } => Fr::from(u128::MAX),
        Test::Set {
            members, negated, ..
        } => {
            if *negated {
                Fr::from(members[0])
            } else {
                let outside = (0u128..).find(|x| !members.contains(x));
                Fr::from(outside.expect("at most 64 members"))
            }
        }
    }
}

/// Why no test of a clause holds: a missing attribute or kind mismatch is named when the
/// clause has one test; otherwise the clause's attributes are listed.
fn clause_error(clause: &[Position], attributes: &BTreeMap<String, Value>) -> WitnessError {
    let tests: Vec<&Test> = clause.iter().filter_map(|p| p.test.as_ref()).collect();
    let mut names: Vec<&str> = tests.iter().map(|t| t.attribute()).collect();
    names.dedup();
    if let [name] = names[..] {
        let kinds = tests.iter().filter_map(|t| match t {
            Test::Range { kind, .. } | Test::Set { kind, .. } => Some(*kind),
            Test::Exists { .. } => None,
        });
        match attributes.get(name) {
            None => return WitnessError::MissingAttribute(name.to_string()),
            Some(v) => {
                if let Some(wanted) = kinds.clone().find(|k| *k != v.kind()) {
                    if kinds.clone().all(|k| k == wanted) {
                        return WitnessError::WrongKind {
                            name: name.to_string(),
                            found: v.kind().name(),
                            wanted: wanted.name(),
                        };
                    }
                }
            }
        }
    }
    WitnessError::Unsatisfied(names.join("` or `"))
}

impl Witness {
    /// Checks everything the circuit will check and assembles the private inputs.
    pub fn new(
        signed: &SignedCredential,
        holder: &HolderSecret,
        statement: &Statement,
        shape: Shape,
    ) -> Result<Self, WitnessError> {
        if signed.shape_attributes != shape.attributes {
            return Err(WitnessError::Capacity {
                signed: signed.shape_attributes,
                params: shape.attributes,
            });
        }
        if holder.public() != signed.holder_public {
            return Err(WitnessError::WrongHolder);
        }
        let encoded = signed.verify()?;
        if signed.issuer != statement.issuer {
            return Err(WitnessError::WrongIssuer);
        }
        if encoded.valid_from > statement.valid_from_max
            || encoded.valid_until < statement.valid_until_min
        {
            return Err(WitnessError::NotValid);
        }
        if statement.pseudonym != statement.scope.map(|s| holder.pseudonym(s)) {
            return Err(WitnessError::Pseudonym);
        }

        let attributes = &signed.credential.attributes;
        let positions = statement.layout(&shape)?;
        let mut picks = Vec::with_capacity(positions.len());
        let mut values = Vec::with_capacity(positions.len());
        let mut truths = Vec::with_capacity(positions.len());
        for p in &positions {
            let Some(test) = &p.test else {
                // An unused position picks nothing and tests 0, which its test accepts.
                picks.push(None);
                values.push(Fr::from(0u64));
                truths.push(true);
                continue;
            };
            let found = attributes.get(test.attribute());
            match found.filter(|v| test.holds(v)) {
                Some(value) => {
                    let index = signed
                        .credential
                        .slot_index(test.attribute())
                        .expect("the attribute was found by name");
                    picks.push(Some(index));
                    values.push(encoded.slots[index] - test.selector());
                    truths.push(true);
                    debug_assert_eq!(
                        encoded.slots[index],
                        encoding::slot(test.attribute(), value)
                    );
                }
                None => {
                    picks.push(None);
                    values.push(false_value(test));
                    truths.push(false);
                }
            }
        }
        // Every clause needs one true test; report the first that has none.
        let mut start = 0;
        for end in 1..=positions.len() {
            if end == positions.len() || !positions[end].joins {
                if !truths[start..end].contains(&true) {
                    return Err(clause_error(&positions[start..end], attributes));
                }
                start = end;
            }
        }

        Ok(Witness {
            slots: encoded.slots,
            count: encoded.count as u64,
            holder_secret: holder.expose(),
            valid_from: encoded.valid_from,
            valid_until: encoded.valid_until,
            signature: signed.signature,
            picks,
            values,
        })
    }
}
