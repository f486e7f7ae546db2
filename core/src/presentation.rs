//! The presentation file: a proof and the names of what it answers, nothing more.
//!
//! It carries no public inputs and no attribute values: the verifier rebuilds the public
//! inputs from its own request. The digests it names only let the verifier explain a
//! mismatch (another request, other parameters) instead of reporting a bare failure.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The `format` value of presentation files.
pub const FORMAT: &str = "zkcred-presentation/v1";

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
}

impl Presentation {
    /// Reads and checks the file's shape; the proof bytes are checked by the verifier.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let p: Presentation = crate::json::from_slice("presentation", bytes)?;
        let bad = |field: &str, problem: &str| Error::Field {
            what: "presentation",
            field: field.into(),
            problem: problem.into(),
        };
        if p.format != FORMAT {
            return Err(bad("format", "is not zkcred-presentation/v1"));
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
        Ok(p)
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
