//! One verification over the five files `zkcred verify` reads, answered as JSON.

use serde::Serialize;
use zkcred_core::{
    field::fr_to_decimal,
    keys,
    presentation::Presentation,
    request::{describe_clause, value_json, Validity},
    signature::PublicKey,
    Request,
};
use zkcred_verifier::{VerifyError, VerifyingKey};

/// The largest file accepted, in bytes. Real inputs are a few kilobytes at most.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The verifier's inputs, as the bytes of each file.
#[derive(Clone, Copy, Debug)]
pub struct Files<'a> {
    /// The holder's presentation (JSON).
    pub presentation: &'a [u8],
    /// The verifier's own request (JSON).
    pub request: &'a [u8],
    /// The issuer's public key file (JSON).
    pub issuer: &'a [u8],
    /// The parameters' `manifest.json`.
    pub manifest: &'a [u8],
    /// The parameters' `verifying.key`.
    pub verifying_key: &'a [u8],
}

/// The issuer key a presentation was checked against, as in its key file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssuerKey {
    /// The x coordinate, in decimal.
    pub x: String,
    /// The y coordinate, in decimal.
    pub y: String,
}

/// Which kind of failure a rejection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    /// An input file is too large, malformed or unusable.
    Input,
    /// The inputs are well formed but the presentation does not answer this request from this
    /// issuer under these parameters.
    Proof,
}

/// The answer to one verification, serialized as the module's JSON result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum Outcome {
    /// The proof verifies for the verifier's request and issuer key.
    Verified {
        /// The verifier the request names, to which the proof is bound.
        verifier: String,
        /// The day the statement is about.
        date: String,
        /// When the credential was proven valid, in words.
        validity: String,
        /// The issuer's key.
        issuer: IssuerKey,
        /// Each proven clause, in words, then each disclosed value and the pseudonym.
        conditions: Vec<String>,
    },
    /// The presentation was not accepted.
    Rejected {
        /// Whether an input was unusable or the proof failed.
        cause: Cause,
        /// Why, in one line.
        reason: String,
    },
}

impl Outcome {
    fn rejected(cause: Cause, reason: impl std::fmt::Display) -> Self {
        // One line, whatever the message held.
        let reason = reason
            .to_string()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        Outcome::Rejected { cause, reason }
    }

    /// The outcome as JSON.
    pub fn to_json(&self) -> String {
        // Strings, options and vectors of strings always serialize.
        serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"result":"rejected","cause":"input","reason":"unserializable result"}"#.into()
        })
    }
}

/// Verifies the presentation in `files` exactly as `zkcred verify` does.
pub fn check(files: &Files<'_>) -> Outcome {
    match check_files(files) {
        Ok(outcome) => outcome,
        Err((cause, reason)) => Outcome::rejected(cause, reason),
    }
}

fn check_files(files: &Files<'_>) -> Result<Outcome, (Cause, String)> {
    // Sizes first, so that nothing large is parsed.
    for (what, bytes) in [
        ("presentation", files.presentation),
        ("request", files.request),
        ("issuer public key", files.issuer),
        ("parameters manifest", files.manifest),
        ("verifying key", files.verifying_key),
    ] {
        if bytes.len() > MAX_FILE_BYTES {
            return Err((
                Cause::Input,
                format!(
                    "{what}: {} bytes; at most {MAX_FILE_BYTES} are accepted",
                    bytes.len()
                ),
            ));
        }
    }

    // Each file, read as the command reads it.
    let input = |e: &dyn std::fmt::Display| (Cause::Input, e.to_string());
    let presentation = Presentation::from_json(files.presentation).map_err(|e| input(&e))?;
    let request = Request::from_json(files.request).map_err(|e| input(&e))?;
    let issuer: PublicKey = keys::issuer_public_from_json(files.issuer).map_err(|e| input(&e))?;
    let key =
        VerifyingKey::from_files(files.manifest, files.verifying_key).map_err(|e| input(&e))?;

    // The proof, against public inputs rebuilt from the request and issuer key.
    let verified =
        zkcred_verifier::verify(&key, &request, &issuer, &presentation).map_err(|e| match e {
            VerifyError::Request(r) => (Cause::Input, format!("request: {r}")),
            other => (Cause::Proof, other.to_string()),
        })?;

    let point = issuer.point();
    Ok(Outcome::Verified {
        verifier: request.verifier.clone(),
        date: request.date.to_string(),
        validity: match request.validity {
            Validity::At(t) => format!("valid at {}", t.to_rfc3339()),
            Validity::Day(d) => format!("valid throughout {d} (UTC)"),
        },
        issuer: IssuerKey {
            x: fr_to_decimal(&point.x),
            y: fr_to_decimal(&point.y),
        },
        conditions: request
            .clauses
            .iter()
            .map(|c| describe_clause(c, request.date))
            .chain(
                verified
                    .disclosure
                    .values
                    .iter()
                    .map(|(name, v)| format!("{name} = {}", value_json(v))),
            )
            .chain(
                verified
                    .disclosure
                    .pseudonym
                    .iter()
                    .map(|p| format!("pseudonym = {}", fr_to_decimal(p))),
            )
            .collect(),
    })
}
