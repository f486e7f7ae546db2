//! A verifier's request and the public inputs it determines.
//!
//! The verifier writes a request; the holder proves it; the verifier rebuilds every public
//! input from its own copy of the request and the issuer's key, never from the presentation.
//! Public inputs, in order:
//!
//! ```text
//! issuer A.x, A.y | context | valid_from_max | valid_until_min | (selector, lo, hi) per predicate
//! ```
//!
//! `context` is 248 bits of a BLAKE2b digest of the canonical request, binding the proof to
//! the verifier, the nonce, the date and every condition. The circuit proves
//! `valid_from <= valid_from_max`, `valid_until >= valid_until_min` and, for each predicate,
//! that some committed slot equals `selector + v` with `lo <= v <= hi < 2^64`. A request with
//! fewer predicates than the shape repeats its last one, so no switch turns a check off.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use serde_json::{Map, Value as Json};

use crate::date::latest_birth_date_for_age;
use crate::digest::blake2b256;
use crate::encoding::{self, Kind, Value};
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::signature::PublicKey;
use crate::Fr;

/// Public inputs before the per-predicate triples.
pub const FIXED_PUBLIC_INPUTS: usize = 5;
/// Shortest nonce accepted, in characters.
pub const MIN_NONCE_CHARS: usize = 16;
/// Longest verifier identifier or nonce accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1024;

/// One condition on one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `$ageAtLeast`: the date attribute is a birth date at least this many years before.
    AgeAtLeast(u32),
    /// `$ageUnder`: the date attribute is a birth date less than this many years before.
    AgeUnder(u32),
    /// `$lt`.
    Lt(Value),
    /// `$lte`.
    Lte(Value),
    /// `$gt`.
    Gt(Value),
    /// `$gte`.
    Gte(Value),
    /// `$eq` (ordered kinds only).
    Eq(Value),
    /// `$between`: both bounds included.
    Between(Value, Value),
}

/// A condition of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The attribute's dotted name.
    pub attribute: String,
    /// What must hold of it.
    pub op: Op,
}

/// A verifier's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Who asks (a DID or URL); the proof is bound to it.
    pub verifier: String,
    /// A fresh value the proof is bound to.
    pub nonce: String,
    /// The day the statement is about (ages are computed on it).
    pub date: NaiveDate,
    /// The instant the credential must be valid at; without it, all of `date` (UTC).
    pub valid_at: Option<DateTime<FixedOffset>>,
    /// The conditions, all of which must hold.
    pub conditions: Vec<Condition>,
}

/// A condition turned into the range check the circuit performs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangePredicate {
    /// The attribute's dotted name.
    pub attribute: String,
    /// The kind of value the attribute must have.
    pub kind: Kind,
    /// Smallest accepted encoding.
    pub lo: u64,
    /// Largest accepted encoding.
    pub hi: u64,
}

/// Everything a proof is about, derived from a request and an issuer key.
#[derive(Clone, Debug)]
pub struct Statement {
    /// The issuer whose signature the proof checks.
    pub issuer: PublicKey,
    /// 248 bits of the canonical request's digest.
    pub context: Fr,
    /// The credential's `validFrom` may be at most this (encoded).
    pub valid_from_max: u64,
    /// The credential's `validUntil` must be at least this (encoded).
    pub valid_until_min: u64,
    /// One range check per condition.
    pub predicates: Vec<RangePredicate>,
}

fn field_err(field: &str, problem: impl Into<String>) -> Error {
    Error::Field {
        what: "request",
        field: field.to_string(),
        problem: problem.into(),
    }
}

impl Request {
    /// Reads a request from strict JSON.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let Json::Object(doc) = crate::json::parse("request", bytes)? else {
            return Err(Error::Json {
                what: "request",
                detail: "not a JSON object".into(),
            });
        };
        for key in doc.keys() {
            if !["verifier", "nonce", "date", "validAt", "credentialSubject"]
                .contains(&key.as_str())
            {
                return Err(field_err(key, "is not a request field"));
            }
        }
        let text = |key: &str| -> Result<String> {
            let s = doc
                .get(key)
                .and_then(Json::as_str)
                .ok_or_else(|| field_err(key, "must be a string"))?;
            if s.is_empty() || s.len() > MAX_ID_BYTES {
                return Err(field_err(
                    key,
                    format!("must hold 1 to {MAX_ID_BYTES} bytes"),
                ));
            }
            if s.chars().any(char::is_control) {
                return Err(field_err(key, "must not contain control characters"));
            }
            Ok(s.to_owned())
        };
        let verifier = text("verifier")?;
        let nonce = text("nonce")?;
        if nonce.chars().count() < MIN_NONCE_CHARS {
            return Err(field_err(
                "nonce",
                format!("must be at least {MIN_NONCE_CHARS} characters of fresh randomness"),
            ));
        }
        let date = encoding::parse_date(&text("date")?).map_err(|p| field_err("date", p))?;
        let valid_at = match doc.get("validAt") {
            None => None,
            Some(Json::String(s)) => {
                Some(encoding::parse_datetime(s).map_err(|p| field_err("validAt", p))?)
            }
            Some(_) => return Err(field_err("validAt", "must be a string")),
        };

        let Some(Json::Object(subject)) = doc.get("credentialSubject") else {
            return Err(field_err(
                "credentialSubject",
                "must be an object of attribute conditions",
            ));
        };
        let mut conditions = Vec::new();
        for (attribute, ops) in subject {
            if attribute.is_empty() || attribute.chars().any(char::is_control) {
                return Err(field_err(
                    "credentialSubject",
                    "attribute names must be non-empty and free of control characters",
                ));
            }
            let Json::Object(ops) = ops else {
                return Err(field_err(
                    &format!("credentialSubject.{attribute}"),
                    "must be an object such as {\"$ageAtLeast\": 18}",
                ));
            };
            if ops.is_empty() {
                return Err(field_err(
                    &format!("credentialSubject.{attribute}"),
                    "has no operator",
                ));
            }
            for (op, operand) in ops {
                let op = parse_op(attribute, op, operand)?;
                conditions.push(Condition {
                    attribute: attribute.clone(),
                    op,
                });
            }
        }
        if conditions.is_empty() {
            return Err(field_err("credentialSubject", "asks nothing"));
        }
        Ok(Request {
            verifier,
            nonce,
            date,
            valid_at,
            conditions,
        })
    }

    /// The canonical form hashed into the context: a JSON rendering of the parsed request.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let conditions: Vec<Json> = self
            .conditions
            .iter()
            .map(|c| Json::Array(vec![Json::from(c.attribute.clone()), op_json(&c.op)]))
            .collect();
        let mut m = Map::new();
        m.insert("conditions".into(), Json::Array(conditions));
        m.insert("date".into(), Json::from(self.date.to_string()));
        m.insert("nonce".into(), Json::from(self.nonce.clone()));
        m.insert(
            "validAt".into(),
            self.valid_at
                .map_or(Json::Null, |t| Json::from(t.timestamp_millis())),
        );
        m.insert("verifier".into(), Json::from(self.verifier.clone()));
        serde_json::to_vec(&Json::Object(m)).expect("plain JSON")
    }

    /// BLAKE2b-256 of the canonical request; presentations name the request by it.
    pub fn digest(&self) -> [u8; 32] {
        blake2b256("zkcred/request/v1", &self.canonical_bytes())
    }

    /// The statement this request asks about credentials signed by `issuer`.
    pub fn statement(&self, issuer: PublicKey, shape: &Shape) -> Result<Statement> {
        if self.conditions.len() > shape.predicates {
            return Err(Error::TooManyPredicates {
                found: self.conditions.len(),
                max: shape.predicates,
            });
        }
        let digest = self.digest();
        let mut context_bytes = [0u8; 32];
        context_bytes[1..].copy_from_slice(&digest[..31]);
        let context = crate::field::fr_from_be_bytes("context", &context_bytes)?;

        let (from_max, until_min) = match self.valid_at {
            Some(t) => (t.timestamp_millis(), t.timestamp_millis()),
            None => {
                let start = self
                    .date
                    .and_time(NaiveTime::MIN)
                    .and_utc()
                    .timestamp_millis();
                (start, start + 86_399_999)
            }
        };
        let predicates = self
            .conditions
            .iter()
            .map(|c| self.range(c))
            .collect::<Result<Vec<_>>>()?;
        Ok(Statement {
            issuer,
            context,
            valid_from_max: encoding::offset_binary(from_max),
            valid_until_min: encoding::offset_binary(until_min),
            predicates,
        })
    }

    fn range(&self, c: &Condition) -> Result<RangePredicate> {
        let field = format!("credentialSubject.{}", c.attribute);
        let ordered = |v: &Value| -> Result<(Kind, u64)> {
            v.encode_ordered().map(|e| (v.kind(), e)).ok_or_else(|| {
                field_err(
                    &field,
                    "strings cannot be compared yet, not even with $eq: only integers, dates, \
                     date-times and booleans can",
                )
            })
        };
        let empty = || field_err(&field, "no value can satisfy this condition");
        let (kind, lo, hi) = match &c.op {
            Op::AgeAtLeast(n) | Op::AgeUnder(n) => {
                let t = latest_birth_date_for_age(self.date, *n)
                    .ok_or_else(|| field_err(&field, "age is out of the calendar's range"))?;
                let t = encoding::offset_binary(encoding::days_since_epoch(t));
                match c.op {
                    Op::AgeAtLeast(_) => (Kind::Date, 0, t),
                    _ => (Kind::Date, t.checked_add(1).ok_or_else(empty)?, u64::MAX),
                }
            }
            Op::Lt(v) => {
                let (k, e) = ordered(v)?;
                (k, 0, e.checked_sub(1).ok_or_else(empty)?)
            }
            Op::Lte(v) => {
                let (k, e) = ordered(v)?;
                (k, 0, e)
            }
            Op::Gt(v) => {
                let (k, e) = ordered(v)?;
                (k, e.checked_add(1).ok_or_else(empty)?, u64::MAX)
            }
            Op::Gte(v) => {
                let (k, e) = ordered(v)?;
                (k, e, u64::MAX)
            }
            Op::Eq(v) => {
                let (k, e) = ordered(v)?;
                (k, e, e)
            }
            Op::Between(a, b) => {
                let (ka, ea) = ordered(a)?;
                let (kb, eb) = ordered(b)?;
                if ka != kb {
                    return Err(field_err(&field, "$between bounds must be of one kind"));
                }
                if ea > eb {
                    return Err(empty());
                }
                (ka, ea, eb)
            }
        };
        Ok(RangePredicate {
            attribute: c.attribute.clone(),
            kind,
            lo,
            hi,
        })
    }
}

fn parse_op(attribute: &str, op: &str, operand: &Json) -> Result<Op> {
    let field = format!("credentialSubject.{attribute}.{op}");
    let literal = |v: &Json| -> Result<Value> {
        match v {
            Json::Bool(b) => Ok(Value::Boolean(*b)),
            Json::Number(n) => n
                .as_i64()
                .map(Value::Integer)
                .ok_or_else(|| field_err(&field, "integer out of the signed 64-bit range")),
            Json::String(s) => Value::from_json_string(s)
                .map_err(|p| field_err(&field, format!("looks like a date or date-time but {p}"))),
            _ => Err(field_err(
                &field,
                "must be an integer, boolean, date or date-time",
            )),
        }
    };
    let years = || -> Result<u32> {
        operand
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n <= 200)
            .ok_or_else(|| field_err(&field, "must be a whole number of years from 0 to 200"))
    };
    Ok(match op {
        "$ageAtLeast" => Op::AgeAtLeast(years()?),
        "$ageUnder" => Op::AgeUnder(years()?),
        "$lt" => Op::Lt(literal(operand)?),
        "$lte" => Op::Lte(literal(operand)?),
        "$gt" => Op::Gt(literal(operand)?),
        "$gte" => Op::Gte(literal(operand)?),
        "$eq" => Op::Eq(literal(operand)?),
        "$between" => match operand {
            Json::Array(b) if b.len() == 2 => Op::Between(literal(&b[0])?, literal(&b[1])?),
            _ => return Err(field_err(&field, "must be a list of two bounds")),
        },
        other => {
            return Err(field_err(
                &format!("credentialSubject.{attribute}"),
                format!(
                    "unknown operator `{other}` \
                     (known: $ageAtLeast $ageUnder $lt $lte $gt $gte $eq $between)"
                ),
            ))
        }
    })
}

fn value_json(v: &Value) -> Json {
    match v {
        Value::Integer(i) => Json::from(*i),
        Value::Boolean(b) => Json::from(*b),
        Value::String(s) => Json::from(s.clone()),
        Value::Date(d) => Json::from(d.to_string()),
        Value::DateTime(t) => Json::from(t.to_rfc3339()),
    }
}

fn op_json(op: &Op) -> Json {
    let (name, operand) = match op {
        Op::AgeAtLeast(n) => ("$ageAtLeast", Json::from(*n)),
        Op::AgeUnder(n) => ("$ageUnder", Json::from(*n)),
        Op::Lt(v) => ("$lt", value_json(v)),
        Op::Lte(v) => ("$lte", value_json(v)),
        Op::Gt(v) => ("$gt", value_json(v)),
        Op::Gte(v) => ("$gte", value_json(v)),
        Op::Eq(v) => ("$eq", value_json(v)),
        Op::Between(a, b) => ("$between", Json::Array(vec![value_json(a), value_json(b)])),
    };
    Json::Array(vec![Json::from(name), operand])
}

impl Condition {
    /// A one-line description, for the holder's consent prompt and the verifier's report.
    pub fn describe(&self, date: NaiveDate) -> String {
        let v = |v: &Value| value_json(v).to_string();
        match &self.op {
            Op::AgeAtLeast(n) => {
                format!("{} shows an age of at least {n} on {date}", self.attribute)
            }
            Op::AgeUnder(n) => format!("{} shows an age under {n} on {date}", self.attribute),
            Op::Lt(x) => format!("{} < {}", self.attribute, v(x)),
            Op::Lte(x) => format!("{} <= {}", self.attribute, v(x)),
            Op::Gt(x) => format!("{} > {}", self.attribute, v(x)),
            Op::Gte(x) => format!("{} >= {}", self.attribute, v(x)),
            Op::Eq(x) => format!("{} = {}", self.attribute, v(x)),
            Op::Between(a, b) => format!("{} between {} and {}", self.attribute, v(a), v(b)),
        }
    }
}

impl Statement {
    /// The public inputs in circuit order, the last predicate repeated up to the shape.
    pub fn public_inputs(&self, shape: &Shape) -> Result<Vec<Fr>> {
        let last = self
            .predicates
            .last()
            .ok_or_else(|| field_err("credentialSubject", "asks nothing"))?;
        if self.predicates.len() > shape.predicates {
            return Err(Error::TooManyPredicates {
                found: self.predicates.len(),
                max: shape.predicates,
            });
        }
        let a = self.issuer.point();
        let mut inputs = vec![
            a.x,
            a.y,
            self.context,
            Fr::from(self.valid_from_max),
            Fr::from(self.valid_until_min),
        ];
        for i in 0..shape.predicates {
            let p = self.predicates.get(i).unwrap_or(last);
            inputs.push(encoding::slot_selector(&p.attribute, p.kind));
            inputs.push(Fr::from(p.lo));
            inputs.push(Fr::from(p.hi));
        }
        debug_assert_eq!(inputs.len(), shape.num_public_inputs());
        Ok(inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQ: &str = r#"{
      "verifier": "https://bar.example",
      "nonce": "00112233445566778899aabbccddeeff",
      "date": "2026-12-03",
      "credentialSubject": {"birthDate": {"$ageAtLeast": 18}}
    }"#;

    #[test]
    fn parses_and_binds_everything() {
        let r = Request::from_json(REQ.as_bytes()).unwrap();
        assert_eq!(r.conditions[0].op, Op::AgeAtLeast(18));
        let other_nonce = Request {
            nonce: "ffeeddccbbaa99887766554433221100".into(),
            ..r.clone()
        };
        let other_verifier = Request {
            verifier: "https://other.example".into(),
            ..r.clone()
        };
        assert_ne!(r.digest(), other_nonce.digest());
        assert_ne!(r.digest(), other_verifier.digest());
    }

    #[test]
    fn refuses_malformed_requests() {
        for bad in [
            REQ.replace("$ageAtLeast", "$olderThan"),
            REQ.replace("18", "-1"),
            REQ.replace("18", "\"18\""),
            REQ.replace("00112233445566778899aabbccddeeff", "short"),
            REQ.replace("2026-12-03", "03/12/2026"),
            REQ.replace("\"verifier\"", "\"verifierr\""),
            REQ.replace("{\"$ageAtLeast\": 18}", "{}"),
            REQ.replace("2026-12-03", "+2026-12-03"),
            REQ.replace("2026-12-03", "2026-1-3"),
            REQ.replace(
                "https://bar.example",
                "https://bar.example\\n  - nothing else",
            ),
        ] {
            assert!(
                Request::from_json(bad.as_bytes()).is_err(),
                "accepted {bad}"
            );
        }
    }

    #[test]
    fn ranges() {
        let mut r = Request::from_json(REQ.as_bytes()).unwrap();
        let issuer = crate::signature::SecretKey::from_seed([1; 32]).public();
        let s = r.statement(issuer, &Shape::STANDARD).unwrap();
        let t = Value::from_json_string("2008-12-03").unwrap().encode() as u64;
        assert_eq!((s.predicates[0].lo, s.predicates[0].hi), (0, t));
        assert_eq!(s.public_inputs(&Shape::STANDARD).unwrap().len(), 11);
        r.conditions[0].op = Op::Lt(Value::Integer(i64::MIN));
        assert!(r.statement(issuer, &Shape::STANDARD).is_err());
        r.conditions[0].op = Op::Eq(Value::String("DE".into()));
        assert!(r.statement(issuer, &Shape::STANDARD).is_err());
    }
}
