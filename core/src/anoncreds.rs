//! Requests in the AnonCreds proof-request shape.
//!
//! ```json
//! {"name": "rental", "version": "1.0", "nonce": "...", "verifier": "...", "date": "...",
//!  "requested_attributes": {"a1": {"name": "givenName"}, "a2": {"names": ["x", "y"]}},
//!  "requested_predicates": {"p1": {"name": "age", "p_type": ">=", "p_value": 18}}}
//! ```
//!
//! Requested attributes are disclosed; each predicate (`>=`, `>`, `<=`, `<` on an integer)
//! must hold. zkcred adds the fields AnonCreds leaves to its transport: `verifier` and `date`
//! are required, `validAt`, `validOn` and `scope` optional, as in the iden3 shape.
//! `restrictions` and `non_revoked` are refused: the issuer is the key the verifier passes to
//! `zkcred verify`, and zkcred has no revocation.

use serde_json::{Map, Value as Json};

use crate::encoding::Value;
use crate::error::Result;
use crate::request::{
    field_err, is_hidden, refuse_unknown_fields, Condition, Envelope, Op, Request,
};

/// Reads a request from a parsed AnonCreds-style proof request.
pub fn from_object(doc: &Map<String, Json>) -> Result<Request> {
    refuse_unknown_fields(
        doc,
        &[
            "name",
            "version",
            "requested_attributes",
            "requested_predicates",
        ],
    )?;
    for key in ["name", "version"] {
        if doc.get(key).is_some_and(|v| !v.is_string()) {
            return Err(field_err(key, "must be a string"));
        }
    }
    let envelope = Envelope::read(doc)?;
    let mut clauses = Vec::new();

    for (referent, body) in referents(doc, "requested_attributes")? {
        let field = format!("requested_attributes.{referent}");
        let names: Vec<&str> = match (body.get("name"), body.get("names")) {
            (Some(Json::String(n)), None) => vec![n],
            (None, Some(Json::Array(ns))) if !ns.is_empty() => ns
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| field_err(&field, "names must be strings"))
                })
                .collect::<Result<_>>()?,
            _ => {
                return Err(field_err(
                    &field,
                    "must have `name` (a string) or `names` (a non-empty list), not both",
                ))
            }
        };
        only_fields(&field, body, &["name", "names"])?;
        for name in names {
            clauses.push(vec![condition(&field, name, Op::Disclose)?]);
        }
    }

    for (referent, body) in referents(doc, "requested_predicates")? {
        let field = format!("requested_predicates.{referent}");
        only_fields(&field, body, &["name", "p_type", "p_value"])?;
        let name = body
            .get("name")
            .and_then(Json::as_str)
            .ok_or_else(|| field_err(&field, "needs `name`, a string"))?;
        let value = body
            .get("p_value")
            .and_then(Json::as_i64)
            .map(Value::Integer)
            .ok_or_else(|| field_err(&format!("{field}.p_value"), "must be an integer"))?;
        let op = match body.get("p_type").and_then(Json::as_str) {
            Some(">=") => Op::Gte(value),
            Some(">") => Op::Gt(value),
            Some("<=") => Op::Lte(value),
            Some("<") => Op::Lt(value),
            _ => {
                return Err(field_err(
                    &format!("{field}.p_type"),
                    "must be one of \">=\", \">\", \"<=\", \"<\"",
                ))
            }
        };
        clauses.push(vec![condition(&field, name, op)?]);
    }
    Request::new(envelope, clauses)
}

fn referents<'a>(
    doc: &'a Map<String, Json>,
    key: &str,
) -> Result<Vec<(&'a String, &'a Map<String, Json>)>> {
    match doc.get(key) {
        None => Ok(Vec::new()),
        Some(Json::Object(m)) => m
            .iter()
            .map(|(referent, body)| match body {
                Json::Object(b) => Ok((referent, b)),
                _ => Err(field_err(&format!("{key}.{referent}"), "must be an object")),
            })
            .collect(),
        Some(_) => Err(field_err(key, "must be an object of referents")),
    }
}

fn only_fields(field: &str, body: &Map<String, Json>, allowed: &[&str]) -> Result<()> {
    for key in body.keys() {
        let problem = match key.as_str() {
            k if allowed.contains(&k) => continue,
            "restrictions" => {
                "is not supported: the issuer is the key the verifier gives to `zkcred verify`"
            }
            "non_revoked" => "is not supported: zkcred credentials have no revocation",
            _ => "is not a field of this entry",
        };
        return Err(field_err(&format!("{field}.{key}"), problem));
    }
    Ok(())
}

fn condition(field: &str, name: &str, op: Op) -> Result<Condition> {
    if name.is_empty() || name.starts_with('$') || name.chars().any(is_hidden) {
        return Err(field_err(field, "names an invalid attribute"));
    }
    Ok(Condition {
        attribute: name.to_owned(),
        op,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQ: &str = r#"{
      "name": "rental", "version": "1.0",
      "nonce": "1234567890123456789012",
      "verifier": "did:web:rental.example", "date": "2026-12-03",
      "requested_attributes": {"a1": {"name": "givenName"}, "a2": {"names": ["x", "y"]}},
      "requested_predicates": {"p1": {"name": "age", "p_type": ">=", "p_value": 21}}
    }"#;

    #[test]
    fn reads_attributes_and_predicates() {
        let r = Request::from_json(REQ.as_bytes()).unwrap();
        assert_eq!(r.disclosed().collect::<Vec<_>>(), ["givenName", "x", "y"]);
        assert_eq!(r.clauses[3][0].op, Op::Gte(Value::Integer(21)));
    }

    #[test]
    fn refuses_what_it_cannot_honour() {
        for bad in [
            REQ.replace("\">=\"", "\"!=\""),
            REQ.replace("21}", "\"21\"}"),
            REQ.replace(
                "{\"name\": \"givenName\"}",
                "{\"name\": \"givenName\", \"names\": []}",
            ),
            REQ.replace("\"p_value\": 21", "\"p_value\": 21, \"restrictions\": []"),
            REQ.replace("\"version\": \"1.0\"", "\"version\": 1"),
            REQ.replace("\"date\": \"2026-12-03\",", ""),
            REQ.replace("\"name\": \"rental\"", "\"non_revoked\": {}"),
        ] {
            assert!(
                Request::from_json(bad.as_bytes()).is_err(),
                "accepted {bad}"
            );
        }
    }
}
