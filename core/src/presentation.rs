//! The presentation file: a proof, the names of what it answers, and what it reveals.
//!
//! It carries no public inputs: the verifier rebuilds them from its own request, the issuer's
//! key and the values the presentation discloses (the attributes the request asks to reveal,
//! and the pseudonym when the request has a scope). The digests it names only let the
//! verifier explain a mismatch (another request, other parameters) instead of reporting a bare
//! failure.

use std::collections::BTreeMap;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

use crate::encoding::Value;
use crate::error::{Error, Result};
use crate::statement::Disclosure;

/// The `format` value of presentation files.
pub const FORMAT: &str = "zkcred-presentation/v2";

/// A Groth16 proof on BN254, compressed, is 128 bytes.
pub const PROOF_BYTES: usize = 128;

/// A presentation as stored in a file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presentation {
    /// Always [`FORMAT`].
    pub format: String,
    /// Hex BLAKE2b-256 digest of the canonical request answered.
    pub request: String,
    /// Hex BLAKE2b-256 digest of the verifying key file the proof was made for.
    pub parameters: String,
    /// Hex of the compressed Groth16 proof.
    pub proof: String,
    /// The values of the attributes the request asks to disclose, as JSON literals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disclosed: BTreeMap<String, Json>,
    /// The holder's pseudonym for the request's scope, in decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym: Option<String>,
}

/// The form of `v` its encoding determines: NFC for strings, UTC for date-times.
fn proven_form(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.nfc().collect()),
        Value::DateTime(t) => Value::DateTime(t.with_timezone(&Utc).fixed_offset()),
        other => other,
    }
}

fn bad(field: &str, problem: &str) -> Error {
    Error::Field {
        what: "presentation",
        field: field.into(),
        problem: problem.into(),
    }
}

impl Presentation {
    /// Reads and checks the file's shape; the proof bytes are checked by the verifier.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let p: Presentation = crate::json::from_slice("presentation", bytes)?;
        if p.format != FORMAT {
            return Err(bad("format", "is not zkcred-presentation/v2"));
        }
        for (field, value, len) in [
            ("request", &p.request, 32),
            ("parameters", &p.parameters, 32),
            ("proof", &p.proof, PROOF_BYTES),
        ] {
            if value.len() != 2 * len
                || !value
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                return Err(bad(
                    field,
                    &format!("must be {} lowercase hex digits", 2 * len),
                ));
            }
        }
        p.disclosure()?;
        Ok(p)
    }

    /// The disclosed values and pseudonym, parsed strictly.
    ///
    /// The proof fixes a disclosed value only through its encoding, which ignores a string's
    /// Unicode normalization and a date-time's offset. Strings are therefore returned in NFC and
    /// date-times in UTC, so that no part of a value the verifier reports is the presenter's
    /// free choice.
    pub fn disclosure(&self) -> Result<Disclosure> {
        let values = self
            .disclosed
            .iter()
            .map(|(name, v)| {
                crate::request::literal(&format!("disclosed.{name}"), v)
                    .map(|v| (name.clone(), proven_form(v)))
                    .map_err(|_| bad(&format!("disclosed.{name}"), "is not a valid value"))
            })
            .collect::<Result<_>>()?;
        let pseudonym = self
            .pseudonym
            .as_deref()
            .map(|s| crate::field::fr_from_decimal("presentation pseudonym", s))
            .transpose()?;
        Ok(Disclosure { values, pseudonym })
    }

    /// Records what a proof discloses.
    pub fn set_disclosure(&mut self, d: &Disclosure) {
        self.disclosed = d
            .values
            .iter()
            .map(|(k, v)| (k.clone(), crate::request::value_json(v)))
            .collect();
        self.pseudonym = d.pseudonym.as_ref().map(crate::field::fr_to_decimal);
    }

    /// The proof bytes.
    pub fn proof_bytes(&self) -> Vec<u8> {
        // Checked in `from_json`; a hand-built value falls back to an empty proof.
        hex::decode(&self.proof).unwrap_or_default()
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain struct");
        s.push('\n');
        s
    }
}
