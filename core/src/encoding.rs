//! How one attribute becomes one field element (a *slot*).
//!
//! ```text
//! slot = tag(name) * 2^136 + kind * 2^128 + value        (all terms below 2^248 < r)
//! ```
//!
//! `tag(name)` is 112 bits of a BLAKE2b digest of the attribute's dotted name, `kind` the
//! [`Kind`] code, and `value` the order-preserving encoding of the value: integers, dates and
//! date-times become 64-bit offset-binary numbers (so that unsigned comparison of encodings
//! is signed comparison of values), booleans 0 or 1, and strings 128 bits of a BLAKE2b digest
//! of their NFC form. Only values below 2^64 can be compared inside the circuit, which is why
//! strings support no ordering.

use chrono::{DateTime, FixedOffset, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use crate::digest::blake2b256;
use crate::Fr;

/// The kind of an attribute value, part of its slot so that a date never compares as an
/// integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    /// A JSON integer, as a signed 64-bit number.
    Integer = 1,
    /// A JSON boolean.
    Boolean = 2,
    /// A string that is neither a date nor a date-time.
    String = 3,
    /// A calendar date `YYYY-MM-DD`, as days since 1970-01-01.
    Date = 4,
    /// A date-time with an offset, as milliseconds since 1970-01-01T00:00:00Z.
    DateTime = 5,
}

impl Kind {
    /// The kind's name as used in messages and request files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::String => "string",
            Kind::Date => "date",
            Kind::DateTime => "date-time",
        }
    }

    /// Whether values of this kind can be ordered in the circuit.
    pub fn is_ordered(self) -> bool {
        self != Kind::String
    }
}

/// A typed attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A signed integer.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
    /// A string, kept as written; it is normalized to NFC when encoded.
    String(String),
    /// A calendar date.
    Date(NaiveDate),
    /// An instant, kept with the offset it was written with.
    DateTime(DateTime<FixedOffset>),
}

/// Bit position of the kind code within a slot.
pub const KIND_SHIFT: u32 = 128;
/// Bit position of the name tag within a slot.
pub const TAG_SHIFT: u32 = 136;

impl Value {
    /// The kind of this value.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Integer(_) => Kind::Integer,
            Value::Boolean(_) => Kind::Boolean,
            Value::String(_) => Kind::String,
            Value::Date(_) => Kind::Date,
            Value::DateTime(_) => Kind::DateTime,
        }
    }

    /// The value's encoding: below 2^64 for ordered kinds, below 2^128 for strings.
    pub fn encode(&self) -> u128 {
        match self {
            Value::Integer(v) => u128::from(offset_binary(*v)),
            Value::Boolean(b) => u128::from(*b),
            Value::String(s) => encode_string(s),
            Value::Date(d) => u128::from(offset_binary(days_since_epoch(*d))),
            Value::DateTime(t) => u128::from(offset_binary(t.timestamp_millis())),
        }
    }

    /// The ordered encoding, or `None` for strings.
    pub fn encode_ordered(&self) -> Option<u64> {
        self.kind().is_ordered().then(|| self.encode() as u64)
    }

    /// Types a string the way credential and request files write dates and date-times:
    /// `YYYY-MM-DD` is a date, `YYYY-MM-DDThh:mm:ss` with an offset (RFC 3339) a date-time,
    /// anything else a string. A string shaped like a date or date-time that is not a valid
    /// one is refused rather than silently kept as a string.
    pub fn from_json_string(s: &str) -> Result<Value, &'static str> {
        if looks_like_date(s) {
            return parse_date(s).map(Value::Date);
        }
        if s.get(..10).is_some_and(looks_like_date) && s.as_bytes().get(10) == Some(&b'T') {
            return parse_datetime(s).map(Value::DateTime);
        }
        Ok(Value::String(s.to_owned()))
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Parses exactly `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, &'static str> {
    if !looks_like_date(s) {
        return Err("must be a calendar date written YYYY-MM-DD");
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "is not a valid calendar date")
}

/// Parses an RFC 3339 date-time with an offset and at most millisecond precision.
pub fn parse_datetime(s: &str) -> Result<DateTime<FixedOffset>, &'static str> {
    let t = DateTime::parse_from_rfc3339(s)
        .map_err(|_| "must be a date-time with an offset, like 2025-01-31T09:00:00+01:00")?;
    if t.timestamp_subsec_nanos() % 1_000_000 != 0 {
        return Err("has precision below a millisecond, which cannot be compared exactly");
    }
    Ok(t)
}

/// Maps a signed number to an unsigned one of the same order: flip the sign bit.
pub fn offset_binary(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

/// Days from 1970-01-01 to `d` (negative before).
pub fn days_since_epoch(d: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date");
    (d - epoch).num_days()
}

/// 128 bits of BLAKE2b-256 over the NFC form of `s`.
pub fn encode_string(s: &str) -> u128 {
    let nfc: String = s.nfc().collect();
    let d = blake2b256("zkcred/string/v1", nfc.as_bytes());
    u128::from_be_bytes(d[..16].try_into().expect("16 bytes"))
}

/// 112 bits of BLAKE2b-256 over the attribute's dotted name (never zero).
pub fn name_tag(name: &str) -> u128 {
    let d = blake2b256("zkcred/attribute-name/v1", name.as_bytes());
    let mut b = [0u8; 16];
    b[2..].copy_from_slice(&d[..14]);
    // A zero tag would collide with an empty slot; the chance is 2^-112, but keep it exact.
    u128::from_be_bytes(b).max(1)
}

/// The part of a slot fixed by the name and kind alone: `tag * 2^136 + kind * 2^128`.
///
/// A verifier derives it from its request; the circuit adds the hidden value to it.
pub fn slot_selector(name: &str, kind: Kind) -> Fr {
    let two_128 = Fr::from(1u128 << 127) * Fr::from(2u64);
    name_selector(name) + Fr::from(kind as u64) * two_128
}

/// The part of a slot fixed by the name alone: `tag * 2^136`, for tests of any kind.
pub fn name_selector(name: &str) -> Fr {
    let two_128 = Fr::from(1u128 << 127) * Fr::from(2u64);
    Fr::from(name_tag(name)) * Fr::from(1u64 << 8) * two_128
}

/// The slot of an attribute.
pub fn slot(name: &str, value: &Value) -> Fr {
    slot_selector(name, value.kind()) + Fr::from(value.encode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_encodings_keep_order() {
        let ints = [i64::MIN, -1, 0, 1, i64::MAX];
        for w in ints.windows(2) {
            assert!(offset_binary(w[0]) < offset_binary(w[1]));
        }
        let d = |s| Value::from_json_string(s).unwrap().encode();
        assert!(d("1969-12-31") < d("1970-01-01"));
        assert!(d("1996-02-29") < d("1996-03-01"));
        assert_eq!(d("2024-01-01T01:00:00+01:00"), d("2024-01-01T00:00:00Z"));
        assert!(d("2024-01-01T00:00:00.001Z") > d("2024-01-01T00:00:00Z"));
    }

    #[test]
    fn strings_are_nfc_normalized() {
        assert_eq!(encode_string("Zo\u{eb}"), encode_string("Zoe\u{308}"));
        assert_ne!(encode_string("Zoe"), encode_string("Zo\u{eb}"));
    }

    #[test]
    fn json_strings_are_typed() {
        let kind = |s| Value::from_json_string(s).map(|v| v.kind());
        assert_eq!(kind("2001-02-03"), Ok(Kind::Date));
        assert_eq!(kind("2001-02-03T04:05:06Z"), Ok(Kind::DateTime));
        assert_eq!(kind("2001-02-03T04:05:06.250+02:00"), Ok(Kind::DateTime));
        assert_eq!(kind("DE"), Ok(Kind::String));
        assert_eq!(kind("2001-1-3"), Ok(Kind::String));
        // Shaped like a date or date-time but not one: refused, not kept as a string.
        for bad in [
            "2001-02-30",
            "2001-02-03T04:05:06",
            "2001-02-03T04:05:06.0000001Z",
        ] {
            assert!(Value::from_json_string(bad).is_err(), "{bad}");
        }
        assert!(parse_date("+2026-12-03").is_err());
        assert!(parse_date(" 2026-12-3").is_err());
    }

    #[test]
    fn slot_layout() {
        let v = Value::Integer(7);
        let s = slot("height", &v);
        assert_eq!(
            s - slot_selector("height", Kind::Integer),
            Fr::from(v.encode())
        );
        assert_ne!(
            slot_selector("height", Kind::Integer),
            slot_selector("height", Kind::Date)
        );
    }
}
