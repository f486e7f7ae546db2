//! A strict JSON reader for every document zkcred reads.
//!
//! On top of `serde_json` it refuses duplicate object keys (which `serde_json` resolves by
//! keeping the last one) and fractional or out-of-range numbers (which it would round).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Largest document accepted, so that a hostile file cannot exhaust memory.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// Parses `bytes` as one strict JSON document; `what` names it in errors.
pub fn parse(what: &'static str, bytes: &[u8]) -> Result<Value> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::Json {
            what,
            detail: format!(
                "file is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                bytes.len()
            ),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Json {
        what,
        detail: format!("not valid UTF-8 ({e})"),
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let StrictValue(value) = StrictValue::deserialize(&mut de).map_err(|e| Error::Json {
        what,
        detail: e.to_string(),
    })?;
    de.end().map_err(|e| Error::Json {
        what,
        detail: e.to_string(),
    })?;
    Ok(value)
}

struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Value, E> {
        Err(E::custom(
            "numbers must be integers; write other numbers as strings",
        ))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// Reads a typed document: strict JSON first, then `serde` into `T`.
pub fn from_slice<T: serde::de::DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T> {
    let value = parse(what, bytes)?;
    serde_json::from_value(value).map_err(|e| Error::Json {
        what,
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_duplicates_floats_and_bad_utf8() {
        assert!(parse("t", br#"{"a": 1, "a": 2}"#).is_err());
        assert!(parse("t", br#"{"a": {"b": 1, "b": 1}}"#).is_err());
        assert!(parse("t", br#"{"a": 1.5}"#).is_err());
        assert!(parse("t", br#"{"a": 1e3}"#).is_err());
        assert!(parse("t", br#"{"a": 100000000000000000000000}"#).is_err());
        assert!(parse("t", b"{\"a\": \"\xff\"}").is_err());
        assert!(parse("t", b"").is_err());
        assert!(parse("t", br#"{"a": 1} {"#).is_err());
        assert_eq!(parse("t", br#"{"a": -5}"#).unwrap()["a"], -5);
    }
}
