//! W3C Verifiable Credentials as zkcred reads them, and their commitment.
//!
//! A credential's `credentialSubject` is flattened: nested objects become dotted names
//! (`address.locality`) and arrays indexed ones (`nationalities.0`). Attributes are sorted by
//! name and committed as slots (see [`crate::encoding`]) in chunks of [`CHUNK`]:
//!
//! ```text
//! chunk_j = Poseidon(slot_{12j}, ..., slot_{12j+11})          (empty slots are 0)
//! C       = Poseidon(chunk_0, ..., chunk_{k-1}, n, holder_public, valid_from, valid_until)
//! ```
//!
//! where `n` is the number of attributes and the validity bounds are encoded date-times
//! (0 when `validFrom` is absent, 2^64 - 1 when `validUntil` is). The issuer signs `C`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value as Json};

use crate::encoding::{self, Value};
use crate::error::{Error, Result};
use crate::field::{fr_from_decimal, fr_to_decimal};
use crate::shape::{Shape, CHUNK};
use crate::signature::{scalar_from_decimal, PublicKey, Signature};
use crate::Fr;

/// Longest attribute name accepted, in bytes.
pub const MAX_NAME_BYTES: usize = 256;
/// Deepest nesting of `credentialSubject` accepted.
pub const MAX_DEPTH: usize = 8;

const W3C_V2: &str = "https://www.w3.org/ns/credentials/v2";
const W3C_V1: &str = "https://www.w3.org/2018/credentials/v1";

/// The `type` of the proof section zkcred writes into signed credentials.
pub const PROOF_TYPE: &str = "ZkcredPoseidonEdDSABabyJubjub2026";

/// A parsed credential: its flattened, typed attributes and validity window.
#[derive(Clone, Debug)]
pub struct Credential {
    /// The credential's `type` values.
    pub types: Vec<String>,
    /// The issuer's identifier (a DID or URL).
    pub issuer: String,
    /// `validFrom` (or 1.1's `issuanceDate`).
    pub valid_from: Option<DateTime<FixedOffset>>,
    /// `validUntil` (or 1.1's `expirationDate`).
    pub valid_until: Option<DateTime<FixedOffset>>,
    /// Flattened attributes, sorted by name.
    pub attributes: BTreeMap<String, Value>,
    /// The document as read, without any `proof` section.
    pub document: Map<String, Json>,
}

/// The field elements a credential commits to.
#[derive(Clone, Debug)]
pub struct Encoded {
    /// One slot per attribute in name order, then zeros up to the shape's capacity.
    pub slots: Vec<Fr>,
    /// The number of attributes.
    pub count: usize,
    /// Encoded `validFrom`.
    pub valid_from: u64,
    /// Encoded `validUntil`.
    pub valid_until: u64,
}

fn field_err(field: &str, problem: impl Into<String>) -> Error {
    Error::Field {
        what: "credential",
        field: field.to_string(),
        problem: problem.into(),
    }
}

impl Credential {
    /// Reads a credential from JSON bytes; a `proof` section, if any, is set aside.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let doc = crate::json::parse("credential", bytes)?;
        let Json::Object(mut doc) = doc else {
            return Err(Error::Json {
                what: "credential",
                detail: "not a JSON object".into(),
            });
        };
        doc.remove("proof");
        Self::from_document(doc)
    }

    fn from_document(doc: Map<String, Json>) -> Result<Self> {
        let context = match doc.get("@context") {
            Some(Json::Array(items)) => items.first().and_then(Json::as_str),
            Some(Json::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let v2 = match context {
            Some(W3C_V2) => true,
            Some(W3C_V1) => false,
            _ => {
                return Err(field_err(
                    "@context",
                    format!("must start with \"{W3C_V2}\" (or 1.1's \"{W3C_V1}\")"),
                ))
            }
        };

        let types = match doc.get("type") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|t| t.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| field_err("type", "must be a list of strings"))?,
            Some(Json::String(s)) => vec![s.clone()],
            _ => return Err(field_err("type", "is missing")),
        };
        if !types.iter().any(|t| t == "VerifiableCredential") {
            return Err(field_err("type", "must include \"VerifiableCredential\""));
        }

        let issuer = match doc.get("issuer") {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Object(o)) => o
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| field_err("issuer.id", "is missing"))?
                .to_owned(),
            _ => return Err(field_err("issuer", "is missing")),
        };

        let (from_key, until_key) = if v2 {
            ("validFrom", "validUntil")
        } else {
            ("issuanceDate", "expirationDate")
        };
        let valid_from = optional_datetime(&doc, from_key)?;
        let valid_until = optional_datetime(&doc, until_key)?;
        if let (Some(f), Some(u)) = (valid_from, valid_until) {
            if f > u {
                return Err(field_err(until_key, format!("is before {from_key}")));
            }
        }

        let subject = match doc.get("credentialSubject") {
            Some(Json::Object(o)) => o,
            Some(Json::Array(_)) => {
                return Err(field_err(
                    "credentialSubject",
                    "holds several subjects; use one",
                ))
            }
            _ => return Err(field_err("credentialSubject", "must be an object")),
        };
        let mut attributes = BTreeMap::new();
        flatten("", subject, 0, &mut attributes)?;
        if attributes.is_empty() {
            return Err(field_err("credentialSubject", "has no attributes"));
        }

        Ok(Credential {
            types,
            issuer,
            valid_from,
            valid_until,
            attributes,
            document: doc,
        })
    }

    /// Encodes the credential for a circuit of the given shape.
    pub fn encode(&self, shape: &Shape) -> Result<Encoded> {
        if self.attributes.len() > shape.attributes {
            return Err(Error::TooManyAttributes {
                found: self.attributes.len(),
                max: shape.attributes,
            });
        }
        let mut slots: Vec<Fr> = self
            .attributes
            .iter()
            .map(|(name, value)| encoding::slot(name, value))
            .collect();
        slots.resize(shape.attributes, Fr::from(0u64));
        Ok(Encoded {
            slots,
            count: self.attributes.len(),
            valid_from: self
                .valid_from
                .map_or(0, |t| encoding::offset_binary(t.timestamp_millis())),
            valid_until: self
                .valid_until
                .map_or(u64::MAX, |t| encoding::offset_binary(t.timestamp_millis())),
        })
    }

    /// The position of an attribute among the slots.
    pub fn slot_index(&self, name: &str) -> Option<usize> {
        self.attributes.keys().position(|k| k == name)
    }
}

impl Encoded {
    /// The Poseidon hash of each chunk of slots.
    pub fn chunk_hashes(&self) -> Vec<Fr> {
        self.slots
            .chunks(CHUNK)
            .map(crate::poseidon::hash)
            .collect()
    }

    /// The commitment `C` the issuer signs.
    pub fn commitment(&self, holder_public: Fr) -> Fr {
        let mut inputs = self.chunk_hashes();
        inputs.extend([
            Fr::from(self.count as u64),
            holder_public,
            Fr::from(self.valid_from),
            Fr::from(self.valid_until),
        ]);
        crate::poseidon::hash(&inputs)
    }
}

fn optional_datetime(doc: &Map<String, Json>, key: &str) -> Result<Option<DateTime<FixedOffset>>> {
    match doc.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => crate::encoding::parse_datetime(s)
            .map(Some)
            .map_err(|p| field_err(key, p)),
        Some(_) => Err(field_err(key, "must be a string")),
    }
}

fn flatten(
    prefix: &str,
    object: &Map<String, Json>,
    depth: usize,
    out: &mut BTreeMap<String, Value>,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::Attribute {
            name: prefix.to_string(),
            problem: format!("nested deeper than {MAX_DEPTH} levels"),
        });
    }
    for (key, value) in object {
        if key.is_empty() || key.contains('.') || key.chars().any(char::is_control) {
            return Err(Error::Attribute {
                name: format!("{prefix}{key}").escape_debug().to_string(),
                problem: "names must be non-empty and free of dots and control characters".into(),
            });
        }
        let name = format!("{prefix}{key}");
        put(name, value, depth, out)?;
    }
    Ok(())
}

fn put(name: String, value: &Json, depth: usize, out: &mut BTreeMap<String, Value>) -> Result<()> {
    if name.len() > MAX_NAME_BYTES {
        return Err(Error::Attribute {
            name,
            problem: "name is too long".into(),
        });
    }
    let typed = match value {
        Json::Object(inner) => return flatten(&format!("{name}."), inner, depth + 1, out),
        Json::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(Error::Attribute {
                    name,
                    problem: format!("nested deeper than {MAX_DEPTH} levels"),
                });
            }
            for (i, item) in items.iter().enumerate() {
                put(format!("{name}.{i}"), item, depth + 1, out)?;
            }
            return Ok(());
        }
        Json::Null => {
            return Err(Error::Attribute {
                name,
                problem: "null values are not supported".into(),
            })
        }
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => {
                return Err(Error::Attribute {
                    name,
                    problem: "integers must lie between -2^63 and 2^63-1".into(),
                })
            }
        },
        Json::String(s) => Value::from_json_string(s).map_err(|p| Error::Attribute {
            name: name.clone(),
            problem: format!("looks like a date or date-time but {p}"),
        })?,
    };
    if out.insert(name.clone(), typed).is_some() {
        return Err(Error::Attribute {
            name,
            problem: "appears twice after flattening".into(),
        });
    }
    Ok(())
}

/// A credential with zkcred's proof section: the issuer's signature on its commitment.
#[derive(Clone, Debug)]
pub struct SignedCredential {
    /// The credential.
    pub credential: Credential,
    /// The attribute capacity the commitment was made for.
    pub shape_attributes: usize,
    /// The holder's public key the credential is bound to.
    pub holder_public: Fr,
    /// The issuer's public key as the proof section states it.
    pub issuer: PublicKey,
    /// The issuer's signature on the commitment.
    pub signature: Signature,
}

impl SignedCredential {
    /// Signs `credential` for the holder `holder_public`, committing it for `capacity`
    /// attributes.
    pub fn issue(
        credential: Credential,
        issuer: &crate::signature::SecretKey,
        holder_public: Fr,
        capacity: usize,
    ) -> Result<Self> {
        let shape = Shape {
            attributes: capacity,
            ..Shape::STANDARD
        };
        if !shape.is_supported() {
            return Err(Error::Field {
                what: "signing",
                field: "capacity".into(),
                problem: "must be 12, 24, 36, 48 or 60".into(),
            });
        }
        let commitment = credential.encode(&shape)?.commitment(holder_public);
        Ok(SignedCredential {
            signature: issuer.sign(commitment),
            issuer: issuer.public(),
            credential,
            shape_attributes: capacity,
            holder_public,
        })
    }

    /// Reads a signed credential file; the signature is parsed but not yet verified.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let doc = crate::json::parse("signed credential", bytes)?;
        let Json::Object(mut doc) = doc else {
            return Err(Error::Json {
                what: "signed credential",
                detail: "not a JSON object".into(),
            });
        };
        let proof = doc.remove("proof").ok_or_else(|| {
            field_err(
                "proof",
                "is missing: sign the credential with `zkcred issue` first",
            )
        })?;
        let credential = Credential::from_document(doc)?;
        let proof: ProofSection =
            serde_json::from_value(proof).map_err(|e| field_err("proof", e.to_string()))?;
        if proof.kind != PROOF_TYPE {
            return Err(field_err("proof.type", format!("must be \"{PROOF_TYPE}\"")));
        }
        let issuer = PublicKey::from_coordinates(
            fr_from_decimal("proof.issuerKey.x", &proof.issuer_key.x)?,
            fr_from_decimal("proof.issuerKey.y", &proof.issuer_key.y)?,
        )?;
        let rx = fr_from_decimal("proof.signature.R.x", &proof.signature.r[0])?;
        let ry = fr_from_decimal("proof.signature.R.y", &proof.signature.r[1])?;
        let r = ark_ed_on_bn254::EdwardsAffine::new_unchecked(rx, ry);
        if !r.is_on_curve() {
            return Err(Error::Point {
                what: "signature R",
                problem: "not on Baby Jubjub",
            });
        }
        let s = scalar_from_decimal("proof.signature.S", &proof.signature.s)?;
        Ok(SignedCredential {
            credential,
            shape_attributes: proof.capacity,
            holder_public: fr_from_decimal("proof.holderKey", &proof.holder_key)?,
            issuer,
            signature: Signature { r, s },
        })
    }

    /// Writes the credential with its proof section, as pretty JSON.
    pub fn to_json(&self) -> String {
        let mut doc = self.credential.document.clone();
        let proof = ProofSection {
            kind: PROOF_TYPE.to_string(),
            capacity: self.shape_attributes,
            holder_key: fr_to_decimal(&self.holder_public),
            issuer_key: Coordinates {
                x: fr_to_decimal(&self.issuer.point().x),
                y: fr_to_decimal(&self.issuer.point().y),
            },
            signature: SignatureJson {
                r: [
                    fr_to_decimal(&self.signature.r.x),
                    fr_to_decimal(&self.signature.r.y),
                ],
                s: self.signature.s.to_string(),
            },
        };
        doc.insert(
            "proof".into(),
            serde_json::to_value(proof).expect("plain struct"),
        );
        let mut text = serde_json::to_string_pretty(&Json::Object(doc)).expect("plain JSON");
        text.push('\n');
        text
    }

    /// The shape-independent view: the attribute capacity the signature covers.
    pub fn shape(&self) -> Shape {
        Shape {
            attributes: self.shape_attributes,
            ..Shape::STANDARD
        }
    }

    /// Verifies the issuer's signature on the credential's commitment.
    pub fn verify(&self) -> Result<Encoded> {
        let shape = self.shape();
        if !shape.is_supported() {
            return Err(field_err(
                "proof.capacity",
                "is not a supported attribute capacity",
            ));
        }
        let encoded = self.credential.encode(&shape)?;
        self.issuer
            .verify(encoded.commitment(self.holder_public), &self.signature)?;
        Ok(encoded)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProofSection {
    #[serde(rename = "type")]
    kind: String,
    capacity: usize,
    #[serde(rename = "holderKey")]
    holder_key: String,
    #[serde(rename = "issuerKey")]
    issuer_key: Coordinates,
    signature: SignatureJson,
}

/// A point written as decimal coordinates.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    /// x as a canonical decimal string.
    pub x: String,
    /// y as a canonical decimal string.
    pub y: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureJson {
    #[serde(rename = "R")]
    r: [String; 2],
    #[serde(rename = "S")]
    s: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const VC: &str = r#"{
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      "type": ["VerifiableCredential", "TestCredential"],
      "issuer": {"id": "did:web:issuer.example"},
      "validFrom": "2024-01-01T00:00:00+01:00",
      "credentialSubject": {
        "birthDate": "2001-02-03",
        "address": {"locality": "Gent", "postalCode": 9000},
        "licences": ["A", "B"],
        "organDonor": true
      }
    }"#;

    #[test]
    fn flattens_nested_objects_and_arrays() {
        let c = Credential::from_json(VC.as_bytes()).unwrap();
        let names: Vec<_> = c.attributes.keys().cloned().collect();
        assert_eq!(
            names,
            [
                "address.locality",
                "address.postalCode",
                "birthDate",
                "licences.0",
                "licences.1",
                "organDonor"
            ]
        );
        assert_eq!(c.issuer, "did:web:issuer.example");
        assert!(c.valid_until.is_none());
    }

    #[test]
    fn refuses_malformed_credentials() {
        let bad = [
            VC.replace(
                "https://www.w3.org/ns/credentials/v2",
                "https://example.org",
            ),
            VC.replace("\"organDonor\": true", "\"organDonor\": null"),
            VC.replace("\"organDonor\": true", "\"organ.Donor\": true"),
            VC.replace("\"organDonor\": true", "\"weight\": 71.5"),
            VC.replace("\"organDonor\": true", "\"birthDate\": true"),
            VC.replace("2024-01-01T00:00:00+01:00", "2024-01-01"),
            VC.replace("2001-02-03", "2001-02-30"),
            VC.replace(
                "2024-01-01T00:00:00+01:00",
                "2024-01-01T00:00:00.0000005+01:00",
            ),
            VC.replace("[\"A\", \"B\"]", "[[[[[[[[[[\"A\"]]]]]]]]]]"),
        ];
        for doc in bad {
            assert!(
                Credential::from_json(doc.as_bytes()).is_err(),
                "accepted {doc}"
            );
        }
    }

    #[test]
    fn padding_is_bound_by_the_count() {
        let c = Credential::from_json(VC.as_bytes()).unwrap();
        let mut e = c.encode(&Shape::STANDARD).unwrap();
        let holder = Fr::from(5u64);
        let c1 = e.commitment(holder);
        e.count += 1;
        assert_ne!(c1, e.commitment(holder));
    }
}
