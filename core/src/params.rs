//! The parameters manifest: which circuit shape the keys serve and the digests pinning them.
//!
//! `zkcred setup` writes `manifest.json` beside `proving.key` and `verifying.key`. Each key
//! is read only after its bytes hash (BLAKE2b-256) to the manifest's digest, so that the
//! proving key can be loaded without re-checking every point: its integrity rests on the
//! digest, as the point checks of a compressed key would otherwise take seconds.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::shape::Shape;

/// `format` of manifests.
pub const FORMAT: &str = "zkcred-params/v1";
/// File name of the manifest in a parameters directory.
pub const MANIFEST_FILE: &str = "manifest.json";
/// File name of the proving key.
pub const PROVING_KEY_FILE: &str = "proving.key";
/// File name of the verifying key.
pub const VERIFYING_KEY_FILE: &str = "verifying.key";

/// A pinned key file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PinnedFile {
    /// Length in bytes.
    pub bytes: u64,
    /// Hex BLAKE2b-256 of the file.
    pub blake2b256: String,
}

/// The manifest of a parameters directory.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The limits every request and credential must fit.
    pub shape: Shape,
    /// Constraints in the circuit.
    pub constraints: usize,
    /// The proving key.
    pub proving_key: PinnedFile,
    /// The verifying key.
    pub verifying_key: PinnedFile,
}

impl Manifest {
    /// Reads and checks a manifest.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let m: Manifest = crate::json::from_slice("parameters manifest", bytes)?;
        let bad = |field: &str, problem: &str| Error::Field {
            what: "parameters manifest",
            field: field.into(),
            problem: problem.into(),
        };
        if m.format != FORMAT {
            return Err(bad("format", "is not zkcred-params/v1"));
        }
        if !m.shape.is_supported() {
            return Err(bad("shape", "is not a supported circuit shape"));
        }
        for (field, f) in [
            ("provingKey", &m.proving_key),
            ("verifyingKey", &m.verifying_key),
        ] {
            if f.blake2b256.len() != 64 || hex::decode(&f.blake2b256).is_err() {
                return Err(bad(field, "digest must be 64 hex digits"));
            }
        }
        Ok(m)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain struct");
        s.push('\n');
        s
    }
}

impl PinnedFile {
    /// Pins `data`.
    pub fn of(data: &[u8]) -> Self {
        PinnedFile {
            bytes: data.len() as u64,
            blake2b256: hex::encode(crate::digest::file_digest(data)),
        }
    }

    /// Checks that `data` is the pinned file; `what` names it in the error.
    pub fn check(&self, what: &'static str, data: &[u8]) -> Result<()> {
        if data.len() as u64 != self.bytes {
            return Err(Error::Field {
                what,
                field: "length".into(),
                problem: format!("is {} bytes; the manifest pins {}", data.len(), self.bytes),
            });
        }
        if hex::encode(crate::digest::file_digest(data)) != self.blake2b256 {
            return Err(Error::Field {
                what,
                field: "digest".into(),
                problem: "does not match the manifest: the file is corrupt or was replaced".into(),
            });
        }
        Ok(())
    }
}
