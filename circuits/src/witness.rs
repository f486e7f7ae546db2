//! The honest witness: from a signed credential, the holder's secret and a statement.
//!
//! Every check the circuit makes is first made here, natively, so that a holder learns why a
//! proof cannot be made instead of receiving an unsatisfiable constraint system. Messages
//! name attributes and conditions, never hidden values.

use thiserror::Error;
use zkcred_core::{
    credential::SignedCredential, encoding, holder::HolderSecret, request::Statement, Shape,
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

        let mut selections = Vec::with_capacity(shape.predicates);
        let mut values = Vec::with_capacity(shape.predicates);
        for p in &statement.predicates {
            let index = signed
                .credential
                .slot_index(&p.attribute)
                .ok_or_else(|| WitnessError::MissingAttribute(p.attribute.clone()))?;
            let value = &signed.credential.attributes[&p.attribute];
            if value.kind() != p.kind {
                return Err(WitnessError::WrongKind {
                    name: p.attribute.clone(),
                    found: value.kind().name(),
                    wanted: p.kind.name(),
                });
            }
            let v = value
                .encode_ordered()
                .filter(|v| (p.lo..=p.hi).contains(v))
                .ok_or_else(|| WitnessError::Unsatisfied(p.attribute.clone()))?;
            debug_assert_eq!(encoded.slots[index], encoding::slot(&p.attribute, value));
            selections.push(index);
            values.push(Fr::from(v));
        }
        // Unused predicate positions repeat the last predicate, as the public inputs do.
        while selections.len() < shape.predicates {
            selections.push(
                *selections
                    .last()
                    .ok_or(WitnessError::Unsatisfied(String::new()))?,
            );
            values.push(*values.last().expect("pushed together with selections"));
        }

        Ok(Witness {
            slots: encoded.slots,
            count: encoded.count as u64,
            holder_secret: holder.expose(),
            valid_from: encoded.valid_from,
            valid_until: encoded.valid_until,
            signature: signed.signature,
            selections,
            values,
        })
    }
}
