//! Key files: small JSON documents with a `format` tag.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::{fr_from_decimal, fr_to_decimal};
use crate::holder::HolderSecret;
use crate::signature::{PublicKey, SecretKey};
use crate::Fr;

/// `format` of an issuer's secret key file.
pub const ISSUER_SECRET: &str = "zkcred-issuer-secret/v1";
/// `format` of an issuer's public key file.
pub const ISSUER_PUBLIC: &str = "zkcred-issuer-public/v1";
/// `format` of a holder's secret key file.
pub const HOLDER_SECRET: &str = "zkcred-holder-secret/v1";
/// `format` of a holder's public key file.
pub const HOLDER_PUBLIC: &str = "zkcred-holder-public/v1";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<String>,
}

impl KeyFile {
    fn empty(format: &str) -> Self {
        KeyFile {
            format: format.into(),
            seed: None,
            secret: None,
            public: None,
            x: None,
            y: None,
        }
    }

    fn read(what: &'static str, format: &str, bytes: &[u8]) -> Result<Self> {
        let k: KeyFile = crate::json::from_slice(what, bytes)?;
        if k.format != format {
            return Err(Error::Field {
                what,
                field: "format".into(),
                problem: format!("is \"{}\", expected \"{format}\"", k.format),
            });
        }
        let allowed: &[&str] = match format {
            ISSUER_SECRET => &["seed"],
            ISSUER_PUBLIC => &["x", "y"],
            HOLDER_SECRET => &["secret"],
            _ => &["public"],
        };
        let present = [
            ("seed", &k.seed),
            ("secret", &k.secret),
            ("public", &k.public),
            ("x", &k.x),
            ("y", &k.y),
        ];
        if let Some((field, _)) = present
            .iter()
            .find(|(f, v)| v.is_some() && !allowed.contains(f))
        {
            return Err(Error::Field {
                what,
                field: (*field).into(),
                problem: "does not belong in this kind of key file".into(),
            });
        }
        Ok(k)
    }

    fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain struct");
        s.push('\n');
        s
    }
}

fn required<'a>(what: &'static str, field: &str, v: &'a Option<String>) -> Result<&'a str> {
    v.as_deref().ok_or_else(|| Error::Field {
        what,
        field: field.into(),
        problem: "is missing".into(),
    })
}

/// Writes an issuer's secret key file.
pub fn issuer_secret_to_json(key: &SecretKey) -> String {
    KeyFile {
        seed: Some(hex::encode(key.seed())),
        ..KeyFile::empty(ISSUER_SECRET)
    }
    .to_json()
}

/// Reads an issuer's secret key file.
pub fn issuer_secret_from_json(bytes: &[u8]) -> Result<SecretKey> {
    const WHAT: &str = "issuer secret key";
    let k = KeyFile::read(WHAT, ISSUER_SECRET, bytes)?;
    let seed = required(WHAT, "seed", &k.seed)?;
    let mut out = [0u8; 32];
    if seed.len() != 64 || hex::decode_to_slice(seed, &mut out).is_err() {
        return Err(Error::Field {
            what: WHAT,
            field: "seed".into(),
            problem: "must be 64 hex digits".into(),
        });
    }
    Ok(SecretKey::from_seed(out))
}

/// Writes an issuer's public key file.
pub fn issuer_public_to_json(key: &PublicKey) -> String {
    let p = key.point();
    KeyFile {
        x: Some(fr_to_decimal(&p.x)),
        y: Some(fr_to_decimal(&p.y)),
        ..KeyFile::empty(ISSUER_PUBLIC)
    }
    .to_json()
}

/// Reads an issuer's public key file, checking the point.
pub fn issuer_public_from_json(bytes: &[u8]) -> Result<PublicKey> {
    const WHAT: &str = "issuer public key";
    let k = KeyFile::read(WHAT, ISSUER_PUBLIC, bytes)?;
    let x = fr_from_decimal("issuer public key x", required(WHAT, "x", &k.x)?)?;
    let y = fr_from_decimal("issuer public key y", required(WHAT, "y", &k.y)?)?;
    PublicKey::from_coordinates(x, y)
}

/// Writes a holder's secret key file.
pub fn holder_secret_to_json(key: &HolderSecret) -> String {
    KeyFile {
        secret: Some(fr_to_decimal(&key.expose())),
        ..KeyFile::empty(HOLDER_SECRET)
    }
    .to_json()
}

/// Reads a holder's secret key file.
pub fn holder_secret_from_json(bytes: &[u8]) -> Result<HolderSecret> {
    const WHAT: &str = "holder secret key";
    let k = KeyFile::read(WHAT, HOLDER_SECRET, bytes)?;
    Ok(HolderSecret::from_field(fr_from_decimal(
        "holder secret",
        required(WHAT, "secret", &k.secret)?,
    )?))
}

/// Writes a holder's public key file.
pub fn holder_public_to_json(public: Fr) -> String {
    KeyFile {
        public: Some(fr_to_decimal(&public)),
        ..KeyFile::empty(HOLDER_PUBLIC)
    }
    .to_json()
}

/// Reads a holder's public key file.
pub fn holder_public_from_json(bytes: &[u8]) -> Result<Fr> {
    const WHAT: &str = "holder public key";
    let k = KeyFile::read(WHAT, HOLDER_PUBLIC, bytes)?;
    fr_from_decimal("holder public key", required(WHAT, "public", &k.public)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refusals() {
        let sk = SecretKey::from_seed([5; 32]);
        let back = issuer_secret_from_json(issuer_secret_to_json(&sk).as_bytes()).unwrap();
        assert_eq!(back.public(), sk.public());
        let pk = issuer_public_from_json(issuer_public_to_json(&sk.public()).as_bytes()).unwrap();
        assert_eq!(pk, sk.public());
        // A holder key is not an issuer key.
        let h = HolderSecret::from_field(Fr::from(3u64));
        assert!(issuer_secret_from_json(holder_secret_to_json(&h).as_bytes()).is_err());
        assert_eq!(
            holder_public_from_json(holder_public_to_json(h.public()).as_bytes()).unwrap(),
            h.public()
        );
        assert!(issuer_public_from_json(
            br#"{"format": "zkcred-issuer-public/v1", "x": "1", "y": "1"}"#
        )
        .is_err());
    }
}
