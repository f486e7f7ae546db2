//! A verifier's request: who asks, when, and what must hold of the credential.
//!
//! A request is a conjunction of *clauses*; a clause is a disjunction of *conditions*, each on
//! one attribute. Two file syntaxes are read: the iden3 query shape (`credentialSubject` with
//! `$`-operators, see [`Request::from_json`]) and AnonCreds-style `requested_attributes` and
//! `requested_predicates` (see [`crate::anoncreds`]). Both parse into the same [`Request`],
//! whose canonical form is hashed into the proof's context, binding the proof to the verifier,
//! the nonce, the date, the scope and every condition.
//!
//! The circuit checks of a request are derived in [`crate::statement`].

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value as Json};

use crate::digest::blake2b256;
use crate::encoding::{self, Value};
use crate::error::{Error, Result};
use crate::shape::SET_SIZE;

/// Shortest nonce accepted, in characters.
pub const MIN_NONCE_CHARS: usize = 16;
/// Longest verifier identifier, nonce or scope accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1024;
/// Oldest age a request may ask about, in years.
pub const MAX_AGE_YEARS: u32 = 200;

/// What must hold of one attribute.
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
    /// `$eq`: any kind, strings included.
    Eq(Value),
    /// `$ne`: the attribute exists, with another value (or another kind).
    Ne(Value),
    /// `$between`: both bounds included.
    Between(Value, Value),
    /// `$nonbetween`: below the first bound or above the second.
    NonBetween(Value, Value),
    /// `$in`: one of these values (one kind, at most [`SET_SIZE`], no repeats).
    In(Vec<Value>),
    /// `$nin`: the attribute exists and holds none of these values.
    Nin(Vec<Value>),
    /// `$exists: true`: the credential holds the attribute, of any kind and value.
    Exists,
    /// Selective disclosure: the presentation reveals the attribute's value.
    Disclose,
}

/// A condition on one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The attribute's dotted name.
    pub attribute: String,
    /// What must hold of it.
    pub op: Op,
}

/// Conditions of which at least one must hold.
pub type Clause = Vec<Condition>;

/// When the credential must be valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Throughout this day, in UTC (`validOn`; by default the request's `date`).
    Day(NaiveDate),
    /// At this instant (`validAt`).
    At(DateTime<FixedOffset>),
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
    /// When the credential must be valid.
    pub validity: Validity,
    /// With a scope, the proof outputs the holder's pseudonym for it.
    pub scope: Option<String>,
    /// Every clause must hold.
    pub clauses: Vec<Clause>,
}

pub(crate) fn field_err(field: &str, problem: impl Into<String>) -> Error {
    Error::Field {
        what: "request",
        field: field.to_string(),
        problem: problem.into(),
    }
}

/// The top-level fields both syntaxes share.
pub(crate) struct Envelope {
    pub verifier: String,
    pub nonce: String,
    pub date: NaiveDate,
    pub validity: Validity,
    pub scope: Option<String>,
}

impl Envelope {
    /// Reads the shared fields of `doc`.
    pub fn read(doc: &Map<String, Json>) -> Result<Self> {
        let verifier = text(doc, "verifier")?;
        let nonce = text(doc, "nonce")?;
        if nonce.chars().count() < MIN_NONCE_CHARS {
            return Err(field_err(
                "nonce",
                format!("must be at least {MIN_NONCE_CHARS} characters of fresh randomness"),
            ));
        }
        let date = encoding::parse_date(&text(doc, "date")?).map_err(|p| field_err("date", p))?;
        let validity = match (doc.get("validAt"), doc.get("validOn")) {
            (Some(_), Some(_)) => {
                return Err(field_err("validAt", "and `validOn` cannot both be given"))
            }
            (Some(Json::String(s)), None) => {
                Validity::At(encoding::parse_datetime(s).map_err(|p| field_err("validAt", p))?)
            }
            (None, Some(Json::String(s))) => {
                Validity::Day(encoding::parse_date(s).map_err(|p| field_err("validOn", p))?)
            }
            (Some(_), None) => return Err(field_err("validAt", "must be a string")),
            (None, Some(_)) => return Err(field_err("validOn", "must be a string")),
            (None, None) => Validity::Day(date),
        };
        let scope = match doc.get("scope") {
            None => None,
            Some(_) => Some(text(doc, "scope")?),
        };
        Ok(Envelope {
            verifier,
            nonce,
            date,
            validity,
            scope,
        })
    }
}

/// Whether `c` may not appear in a verifier, nonce, scope or attribute name: a control
/// character, or one that is invisible or reorders or breaks the text around it (bidirectional
/// controls, zero-width characters, line and paragraph separators). The holder reads these
/// names before consenting, and such characters let a request display as another one.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

fn text(doc: &Map<String, Json>, key: &str) -> Result<String> {
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
    if s.chars().any(is_hidden) {
        return Err(field_err(
            key,
            "must not contain control, invisible or bidirectional characters",
        ));
    }
    Ok(s.to_owned())
}

/// Reads a request file in either syntax, strictly.
pub fn object(bytes: &[u8]) -> Result<Map<String, Json>> {
    match crate::json::parse("request", bytes)? {
        Json::Object(doc) => Ok(doc),
        _ => Err(Error::Json {
            what: "request",
            detail: "not a JSON object".into(),
        }),
    }
}

const ENVELOPE_FIELDS: [&str; 6] = ["verifier", "nonce", "date", "validAt", "validOn", "scope"];

pub(crate) fn refuse_unknown_fields(doc: &Map<String, Json>, own: &[&str]) -> Result<()> {
    for key in doc.keys() {
        if !ENVELOPE_FIELDS.contains(&key.as_str()) && !own.contains(&key.as_str()) {
            let problem = if key == "credentialSubject" {
                // The file has AnonCreds' fields as well.
                "cannot be mixed with requested_attributes or requested_predicates: write the \
                 request in one syntax"
            } else {
                "is not a request field"
            };
            return Err(field_err(key, problem));
        }
    }
    Ok(())
}

impl Request {
    /// Reads a request in the iden3 query shape, or in the AnonCreds shape when the file has
    /// `requested_attributes` or `requested_predicates`.
    ///
    /// In the iden3 shape, `credentialSubject` maps attribute names to objects of operators,
    /// all of which must hold; an empty object asks to disclose the value. `"$or": [..]` holds
    /// alternatives of one condition each, at least one of which must hold, and `"$and": [..]`
    /// groups several such objects.
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let doc = object(bytes)?;
        if doc.contains_key("requested_attributes") || doc.contains_key("requested_predicates") {
            return crate::anoncreds::from_object(&doc);
        }
        refuse_unknown_fields(&doc, &["credentialSubject"])?;
        let envelope = Envelope::read(&doc)?;
        let Some(Json::Object(subject)) = doc.get("credentialSubject") else {
            return Err(field_err(
                "credentialSubject",
                "must be an object of attribute conditions",
            ));
        };
        let mut clauses = Vec::new();
        subject_clauses("credentialSubject", subject, &mut clauses)?;
        Request::new(envelope, clauses)
    }

    pub(crate) fn new(e: Envelope, clauses: Vec<Clause>) -> Result<Self> {
        if clauses.is_empty() {
            return Err(field_err("credentialSubject", "asks nothing"));
        }
        let mut disclosed = BTreeSet::new();
        for c in clauses.iter().flatten() {
            if c.op == Op::Disclose && !disclosed.insert(c.attribute.as_str()) {
                return Err(field_err(&c.attribute, "is asked to be disclosed twice"));
            }
        }
        Ok(Request {
            verifier: e.verifier,
            nonce: e.nonce,
            date: e.date,
            validity: e.validity,
            scope: e.scope,
            clauses,
        })
    }

    /// Every condition, clause by clause.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.clauses.iter().flatten()
    }

    /// The attributes whose values the presentation reveals, in request order.
    pub fn disclosed(&self) -> impl Iterator<Item = &str> {
        self.conditions()
            .filter(|c| c.op == Op::Disclose)
            .map(|c| c.attribute.as_str())
    }

    /// The canonical form hashed into the context: a JSON rendering of the parsed request.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let clauses: Vec<Json> = self
            .clauses
            .iter()
            .map(|clause| {
                Json::Array(
                    clause
                        .iter()
                        .map(|c| Json::Array(vec![Json::from(c.attribute.clone()), op_json(&c.op)]))
                        .collect(),
                )
            })
            .collect();
        let (valid_at, valid_on) = match self.validity {
            Validity::At(t) => (Json::from(t.timestamp_millis()), Json::Null),
            Validity::Day(d) => (Json::Null, Json::from(d.to_string())),
        };
        // serde_json's map keeps keys sorted, so the rendering is deterministic.
        let mut m = Map::new();
        m.insert("clauses".into(), Json::Array(clauses));
        m.insert("date".into(), Json::from(self.date.to_string()));
        m.insert("nonce".into(), Json::from(self.nonce.clone()));
        m.insert(
            "scope".into(),
            self.scope.clone().map_or(Json::Null, Json::from),
        );
        m.insert("validAt".into(), valid_at);
        m.insert("validOn".into(), valid_on);
        m.insert("verifier".into(), Json::from(self.verifier.clone()));
        serde_json::to_vec(&Json::Object(m)).expect("plain JSON")
    }

    /// BLAKE2b-256 of the canonical request; presentations name the request by it.
    pub fn digest(&self) -> [u8; 32] {
        blake2b256("zkcred/request/v2", &self.canonical_bytes())
    }
}

fn subject_clauses(field: &str, subject: &Map<String, Json>, out: &mut Vec<Clause>) -> Result<()> {
    for (key, body) in subject {
        let here = format!("{field}.{key}");
        match key.as_str() {
            "$or" => {
                let Json::Array(alternatives) = body else {
                    return Err(field_err(&here, "must be a list of alternatives"));
                };
                if alternatives.len() < 2 {
                    return Err(field_err(&here, "must list at least two alternatives"));
                }
                let mut clause = Vec::new();
                for (i, alternative) in alternatives.iter().enumerate() {
                    let at = format!("{here}.{i}");
                    let Json::Object(alternative) = alternative else {
                        return Err(field_err(&at, "must be an object of one condition"));
                    };
                    let mut inner = Vec::new();
                    subject_clauses(&at, alternative, &mut inner)?;
                    let one = match <[Clause; 1]>::try_from(inner) {
                        Ok([mut c]) if c.len() == 1 => c.remove(0),
                        _ => {
                            return Err(field_err(
                                &at,
                                "must hold exactly one condition (use $between for a range)",
                            ))
                        }
                    };
                    if one.op == Op::Disclose {
                        return Err(field_err(&at, "cannot disclose a value inside $or"));
                    }
                    clause.push(one);
                }
                out.push(clause);
            }
            "$and" => {
                let Json::Array(parts) = body else {
                    return Err(field_err(&here, "must be a list of condition objects"));
                };
                for (i, part) in parts.iter().enumerate() {
                    let Json::Object(part) = part else {
                        return Err(field_err(&format!("{here}.{i}"), "must be an object"));
                    };
                    subject_clauses(&format!("{here}.{i}"), part, out)?;
                }
            }
            attribute => {
                if attribute.is_empty()
                    || attribute.starts_with('$')
                    || attribute.chars().any(is_hidden)
                {
                    return Err(field_err(
                        &here,
                        "is neither an attribute name nor $or / $and (attribute names are \
                         non-empty, free of control, invisible and bidirectional characters \
                         and do not start with $)",
                    ));
                }
                let Json::Object(ops) = body else {
                    return Err(field_err(
                        &here,
                        "must be an object such as {\"$ageAtLeast\": 18}, or {} to disclose",
                    ));
                };
                if ops.is_empty() {
                    out.push(vec![Condition {
                        attribute: attribute.to_owned(),
                        op: Op::Disclose,
                    }]);
                }
                for (op, operand) in ops {
                    out.push(vec![Condition {
                        attribute: attribute.to_owned(),
                        op: parse_op(&format!("{here}.{op}"), op, operand)?,
                    }]);
                }
            }
        }
    }
    Ok(())
}

/// Reads one request literal, typed as credential values are.
pub(crate) fn literal(field: &str, v: &Json) -> Result<Value> {
    match v {
        Json::Bool(b) => Ok(Value::Boolean(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .ok_or_else(|| field_err(field, "integer out of the signed 64-bit range")),
        Json::String(s) => Value::from_json_string(s)
            .map_err(|p| field_err(field, format!("looks like a date or date-time but {p}"))),
        _ => Err(field_err(
            field,
            "must be an integer, boolean, string, date or date-time",
        )),
    }
}

fn parse_op(field: &str, op: &str, operand: &Json) -> Result<Op> {
    let years = || -> Result<u32> {
        operand
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n <= MAX_AGE_YEARS)
            .ok_or_else(|| {
                field_err(
                    field,
                    format!("must be a whole number of years from 0 to {MAX_AGE_YEARS}"),
                )
            })
    };
    let pair = || -> Result<(Value, Value)> {
        match operand {
            Json::Array(b) if b.len() == 2 => Ok((literal(field, &b[0])?, literal(field, &b[1])?)),
            _ => Err(field_err(field, "must be a list of two bounds")),
        }
    };
    let set = || -> Result<Vec<Value>> {
        let Json::Array(items) = operand else {
            return Err(field_err(field, "must be a list of values"));
        };
        if items.is_empty() || items.len() > SET_SIZE {
            return Err(field_err(
                field,
                format!("must list 1 to {SET_SIZE} values"),
            ));
        }
        let values = items
            .iter()
            .map(|v| literal(field, v))
            .collect::<Result<Vec<_>>>()?;
        if values.iter().any(|v| v.kind() != values[0].kind()) {
            return Err(field_err(field, "must list values of one kind"));
        }
        let distinct: BTreeSet<u128> = values.iter().map(Value::encode).collect();
        if distinct.len() != values.len() {
            return Err(field_err(field, "lists a value twice"));
        }
        Ok(values)
    };
    Ok(match op {
        "$ageAtLeast" => Op::AgeAtLeast(years()?),
        "$ageUnder" => Op::AgeUnder(years()?),
        "$lt" => Op::Lt(literal(field, operand)?),
        "$lte" => Op::Lte(literal(field, operand)?),
        "$gt" => Op::Gt(literal(field, operand)?),
        "$gte" => Op::Gte(literal(field, operand)?),
        "$eq" => Op::Eq(literal(field, operand)?),
        "$ne" => Op::Ne(literal(field, operand)?),
        "$between" => {
            let (a, b) = pair()?;
            Op::Between(a, b)
        }
        "$nonbetween" => {
            let (a, b) = pair()?;
            Op::NonBetween(a, b)
        }
        "$in" => Op::In(set()?),
        "$nin" => Op::Nin(set()?),
        "$exists" => match operand {
            Json::Bool(true) => Op::Exists,
            Json::Bool(false) => {
                return Err(field_err(
                    field,
                    "false is not supported: zkcred cannot prove that an attribute is absent",
                ))
            }
            _ => return Err(field_err(field, "must be true")),
        },
        other if !other.starts_with('$') => {
            let attribute = field.rsplit_once('.').map_or(field, |(f, _)| f);
            let name = attribute
                .strip_prefix("credentialSubject.")
                .unwrap_or(attribute);
            return Err(field_err(
                attribute,
                format!(
                    "`{other}` is not an operator; a nested attribute is named with dots, as \
                     `{name}.{other}`"
                ),
            ));
        }
        other => {
            return Err(field_err(
                field.rsplit_once('.').map_or(field, |(f, _)| f),
                format!(
                    "unknown operator `{other}` (known: $ageAtLeast $ageUnder $eq $ne $lt $lte \
                     $gt $gte $between $nonbetween $in $nin $exists, or {{}} to disclose)"
                ),
            ))
        }
    })
}

/// A value as a JSON literal, as request and presentation files write it.
pub fn value_json(v: &Value) -> Json {
    match v {
        Value::Integer(i) => Json::from(*i),
        Value::Boolean(b) => Json::from(*b),
        Value::String(s) => Json::from(s.clone()),
        Value::Date(d) => Json::from(d.to_string()),
        Value::DateTime(t) => Json::from(t.to_rfc3339()),
    }
}

fn op_json(op: &Op) -> Json {
    let list = |vs: &[Value]| Json::Array(vs.iter().map(value_json).collect());
    let (name, operand) = match op {
        Op::AgeAtLeast(n) => ("$ageAtLeast", Json::from(*n)),
        Op::AgeUnder(n) => ("$ageUnder", Json::from(*n)),
        Op::Lt(v) => ("$lt", value_json(v)),
        Op::Lte(v) => ("$lte", value_json(v)),
        Op::Gt(v) => ("$gt", value_json(v)),
        Op::Gte(v) => ("$gte", value_json(v)),
        Op::Eq(v) => ("$eq", value_json(v)),
        Op::Ne(v) => ("$ne", value_json(v)),
        Op::Between(a, b) => ("$between", list(&[a.clone(), b.clone()])),
        Op::NonBetween(a, b) => ("$nonbetween", list(&[a.clone(), b.clone()])),
        Op::In(vs) => ("$in", list(vs)),
        Op::Nin(vs) => ("$nin", list(vs)),
        Op::Exists => ("$exists", Json::Bool(true)),
        Op::Disclose => ("$disclose", Json::Bool(true)),
    };
    Json::Array(vec![Json::from(name), operand])
}

impl Condition {
    /// A one-line description, for the holder's consent prompt and the verifier's report.
    pub fn describe(&self, date: NaiveDate) -> String {
        let v = |v: &Value| value_json(v).to_string();
        let list = |vs: &[Value]| vs.iter().map(v).collect::<Vec<_>>().join(", ");
        let a = &self.attribute;
        match &self.op {
            Op::AgeAtLeast(n) => format!("{a} shows an age of at least {n} on {date}"),
            Op::AgeUnder(n) => format!("{a} shows an age under {n} on {date}"),
            Op::Lt(x) => format!("{a} < {}", v(x)),
            Op::Lte(x) => format!("{a} <= {}", v(x)),
            Op::Gt(x) => format!("{a} > {}", v(x)),
            Op::Gte(x) => format!("{a} >= {}", v(x)),
            Op::Eq(x) => format!("{a} = {}", v(x)),
            Op::Ne(x) => format!("{a} is present and not {}", v(x)),
            Op::Between(x, y) => format!("{a} between {} and {} (inclusive)", v(x), v(y)),
            Op::NonBetween(x, y) => format!("{a} below {} or above {}", v(x), v(y)),
            Op::In(vs) => format!("{a} is one of {}", list(vs)),
            Op::Nin(vs) => format!("{a} is present and none of {}", list(vs)),
            Op::Exists => format!("the credential has {a}"),
            Op::Disclose => format!("the value of {a} (revealed)"),
        }
    }
}

/// One line per clause: its conditions joined by "or".
pub fn describe_clause(clause: &[Condition], date: NaiveDate) -> String {
    clause
        .iter()
        .map(|c| c.describe(date))
        .collect::<Vec<_>>()
        .join(", or ")
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
    fn misplaced_syntax_gets_a_hint() {
        let error = |text: &str| Request::from_json(text.as_bytes()).unwrap_err().to_string();
        let nested = r#"{"verifier": "https://bar.example",
            "nonce": "00112233445566778899aabbccddeeff", "date": "2026-12-03",
            "credentialSubject": {"address": {"country": {"$eq": "NL"}}}}"#;
        assert!(
            error(nested).ends_with("named with dots, as `address.country`"),
            "{}",
            error(nested)
        );
        let mixed = r#"{"verifier": "https://bar.example",
            "nonce": "00112233445566778899aabbccddeeff", "date": "2026-12-03",
            "requested_attributes": {}, "requested_predicates": {},
            "credentialSubject": {"birthDate": {"$ageAtLeast": 18}}}"#;
        assert!(error(mixed).contains("in one syntax"), "{}", error(mixed));
    }

    #[test]
    fn parses_and_binds_everything() {
        let r = Request::from_json(REQ.as_bytes()).unwrap();
        assert_eq!(r.clauses[0][0].op, Op::AgeAtLeast(18));
        assert_eq!(r.validity, Validity::Day(r.date));
        let variants = [
            Request {
                nonce: "ffeeddccbbaa99887766554433221100".into(),
                ..r.clone()
            },
            Request {
                verifier: "https://other.example".into(),
                ..r.clone()
            },
            Request {
                scope: Some("https://bar.example".into()),
                ..r.clone()
            },
            Request {
                clauses: vec![vec![Condition {
                    attribute: "birthDate".into(),
                    op: Op::AgeAtLeast(21),
                }]],
                ..r.clone()
            },
        ];
        for v in variants {
            assert_ne!(r.digest(), v.digest());
        }
    }

    #[test]
    fn reads_or_and_disclosure() {
        let r = Request::from_json(
            REQ.replace(
                r#"{"birthDate": {"$ageAtLeast": 18}}"#,
                r#"{"givenName": {}, "$and": [
                    {"$or": [{"a": {"$eq": "B"}}, {"b": {"$exists": true}}]},
                    {"$or": [{"c": {"$lt": 3}}, {"d": {"$in": [1, 2]}}]}]}"#,
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(r.clauses.len(), 3);
        assert_eq!(r.disclosed().collect::<Vec<_>>(), ["givenName"]);
        // Keys are read in sorted order: `$and` before `givenName`.
        assert_eq!(r.clauses[0].len(), 2);
        assert_eq!(
            r.clauses[1][1].op,
            Op::In(vec![Value::Integer(1), Value::Integer(2)])
        );
    }

    #[test]
    fn refuses_malformed_requests() {
        let subject = r#"{"birthDate": {"$ageAtLeast": 18}}"#;
        for bad in [
            REQ.replace("$ageAtLeast", "$olderThan"),
            REQ.replace("18", "-1"),
            REQ.replace("18", "\"18\""),
            REQ.replace("00112233445566778899aabbccddeeff", "short"),
            REQ.replace("2026-12-03", "03/12/2026"),
            REQ.replace("\"verifier\"", "\"verifierr\""),
            REQ.replace("2026-12-03", "+2026-12-03"),
            REQ.replace("2026-12-03", "2026-1-3"),
            REQ.replace(
                "https://bar.example",
                "https://bar.example\\n  - nothing else",
            ),
            REQ.replace(subject, "{}"),
            REQ.replace(subject, r#"{"a": {"$exists": false}}"#),
            REQ.replace(subject, r#"{"a": {"$in": []}}"#),
            REQ.replace(subject, r#"{"a": {"$in": [1, "x"]}}"#),
            REQ.replace(subject, r#"{"a": {"$in": [1, 1]}}"#),
            REQ.replace(subject, r#"{"a": {"$nonbetween": [1]}}"#),
            REQ.replace(subject, r#"{"$or": [{"a": {"$eq": 1}}]}"#),
            REQ.replace(
                subject,
                r#"{"$or": [{"a": {"$eq": 1, "$lt": 3}}, {"b": {}}]}"#,
            ),
            REQ.replace(subject, r#"{"$or": [{"a": {}}, {"b": {"$eq": 1}}]}"#),
            REQ.replace(subject, r#"{"$not": [{"a": {"$eq": 1}}]}"#),
            REQ.replace(subject, r#"{"a": {}, "$and": [{"a": {}}]}"#),
            REQ.replace(
                "\"date\"",
                "\"validAt\": \"2026-12-03T00:00:00Z\", \"validOn\": \"2026-12-03\", \"date\"",
            ),
        ] {
            assert!(
                Request::from_json(bad.as_bytes()).is_err(),
                "accepted {bad}"
            );
        }
        let big: Vec<String> = (0..=SET_SIZE).map(|i| i.to_string()).collect();
        let too_many = REQ.replace(
            subject,
            &format!(r#"{{"a": {{"$in": [{}]}}}}"#, big.join(",")),
        );
        assert!(Request::from_json(too_many.as_bytes()).is_err());
    }
}
