//! What a request asks of the circuit: the tests, their layout, and the public inputs.
//!
//! Every condition becomes one or more *tests* on an attribute's value `v`, the slot minus the
//! test's selector:
//!
//! ```text
//! range   lo <= v <= hi                      (lo <= hi < 2^136)
//! set     v in {e_0 .. e_63}, or not in it   (v < 2^128)
//! ```
//!
//! A clause is the disjunction of its tests. The shape fixes `P` range positions followed by
//! `S` set positions; a clause takes consecutive positions, and a *join* bit on a position says
//! that it continues the clause of the position before it. Unused positions hold a test that
//! is true of the empty pick (selector 0, range `[0, 0]`, set `{0}`) and form a clause of their
//! own, so no input can turn a check off. Public inputs, in order:
//!
//! ```text
//! A.x, A.y | context | valid_from_max | valid_until_min | scope | pseudonym | flags
//! (selector, lo, hi) per range position | (selector, e_0 .. e_63) per set position
//! ```
//!
//! `flags` packs bit 0: a scope is given; bit `i` for `1 <= i < P + S`: position `i` joins
//! the clause of position `i - 1`; bit `P + S + s`: set `s` is negated (`$nin`).

use std::collections::BTreeMap;

use ark_ff::Field;
use chrono::NaiveTime;

use crate::date::latest_birth_date_for_age;
use crate::digest::blake2b256;
use crate::encoding::{self, Kind, Value};
use crate::error::{Error, Result};
use crate::request::{field_err, Condition, Op, Request, Validity};
use crate::shape::{Shape, SET_SIZE};
use crate::signature::PublicKey;
use crate::Fr;

/// Public inputs before the per-position ones.
pub const FIXED_PUBLIC_INPUTS: usize = 8;

/// One check on one attribute, as the circuit makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// The attribute has this kind and its encoding lies in `[lo, hi]`.
    Range {
        /// The attribute's dotted name.
        attribute: String,
        /// The kind its value must have.
        kind: Kind,
        /// Smallest accepted encoding.
        lo: u128,
        /// Largest accepted encoding.
        hi: u128,
    },
    /// The attribute is present, of any kind: `v = kind * 2^128 + value` lies in
    /// `[2^128, 2^136 - 1]` for the selector of the name alone.
    Exists {
        /// The attribute's dotted name.
        attribute: String,
    },
    /// The attribute has this kind and its encoding is (or, negated, is not) a member.
    Set {
        /// The attribute's dotted name.
        attribute: String,
        /// The kind its value must have.
        kind: Kind,
        /// The encodings of the listed values, at most [`SET_SIZE`].
        members: Vec<u128>,
        /// `$nin`: the value must be none of the members.
        negated: bool,
    },
}

impl Test {
    /// The attribute the test reads.
    pub fn attribute(&self) -> &str {
        match self {
            Test::Range { attribute, .. }
            | Test::Exists { attribute }
            | Test::Set { attribute, .. } => attribute,
        }
    }

    /// The selector subtracted from the attribute's slot.
    pub fn selector(&self) -> Fr {
        match self {
            Test::Range {
                attribute, kind, ..
            }
            | Test::Set {
                attribute, kind, ..
            } => encoding::slot_selector(attribute, *kind),
            Test::Exists { attribute } => encoding::name_selector(attribute),
        }
    }

    /// Whether the test holds of `value`, the attribute's value in a credential.
    pub fn holds(&self, value: &Value) -> bool {
        match self {
            Test::Range { kind, lo, hi, .. } => {
                value.kind() == *kind && (*lo..=*hi).contains(&value.encode())
            }
            Test::Exists { .. } => true,
            Test::Set {
                kind,
                members,
                negated,
                ..
            } => value.kind() == *kind && members.contains(&value.encode()) != *negated,
        }
    }

    fn is_set(&self) -> bool {
        matches!(self, Test::Set { .. })
    }
}

/// What a presentation reveals beyond the statement: disclosed values and the pseudonym.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Disclosure {
    /// The values of the attributes the request asks to disclose.
    pub values: BTreeMap<String, Value>,
    /// The holder's pseudonym for the request's scope.
    pub pseudonym: Option<Fr>,
}

/// Everything a proof is about, derived from a request, an issuer key and a disclosure.
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
    /// The scope as a field element, when the request has one.
    pub scope: Option<Fr>,
    /// The pseudonym the presentation claims for the scope.
    pub pseudonym: Option<Fr>,
    /// Every clause must hold; a clause holds when one of its tests does.
    pub clauses: Vec<Vec<Test>>,
}

/// One position of the circuit's clause layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The test, or `None` for an unused position.
    pub test: Option<Test>,
    /// Whether the position continues the clause of the position before it.
    pub joins: bool,
}

/// 248 bits of a domain-separated digest, as a field element.
fn digest_element(domain: &str, bytes: &[u8]) -> Fr {
    let digest = blake2b256(domain, bytes);
    let mut be = [0u8; 32];
    be[1..].copy_from_slice(&digest[..31]);
    crate::field::fr_from_be_bytes("digest", &be).expect("248 bits lie below the modulus")
}

/// The field element a scope string stands for in the circuit.
pub fn scope_element(scope: &str) -> Fr {
    digest_element("zkcred/scope/v1", scope.as_bytes())
}

fn kind_max(kind: Kind) -> u128 {
    match kind {
        Kind::Boolean => 1,
        Kind::String => u128::MAX,
        _ => u128::from(u64::MAX),
    }
}

impl Request {
    /// The statement this request asks about credentials signed by `issuer`, with the values
    /// and pseudonym the presentation discloses.
    ///
    /// The disclosure must answer the request exactly: a value for each disclosed attribute
    /// and nothing else, and a pseudonym exactly when the request has a scope.
    pub fn statement(
        &self,
        issuer: PublicKey,
        shape: &Shape,
        disclosure: &Disclosure,
    ) -> Result<Statement> {
        let asked: Vec<&str> = self.disclosed().collect();
        if let Some(extra) = disclosure
            .values
            .keys()
            .find(|k| !asked.contains(&k.as_str()))
        {
            return Err(Error::Disclosure(format!(
                "reveals `{extra}`, which the request does not ask for"
            )));
        }
        if disclosure.pseudonym.is_some() != self.scope.is_some() {
            return Err(Error::Disclosure(
                if self.scope.is_some() {
                    "has no pseudonym, but the request has a scope"
                } else {
                    "has a pseudonym, but the request has no scope"
                }
                .into(),
            ));
        }
        let (from_max, until_min) = match self.validity {
            Validity::At(t) => (t.timestamp_millis(), t.timestamp_millis()),
            Validity::Day(d) => {
                let start = d.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
                (start, start + 86_399_999)
            }
        };
        let clauses = self
            .clauses
            .iter()
            .map(|clause| {
                let mut tests = Vec::new();
                for c in clause {
                    tests.extend(self.tests(c, disclosure)?);
                }
                Ok(tests)
            })
            .collect::<Result<Vec<_>>>()?;
        let statement = Statement {
            issuer,
            context: digest_element("zkcred/context/v1", &self.digest()),
            valid_from_max: encoding::offset_binary(from_max),
            valid_until_min: encoding::offset_binary(until_min),
            scope: self.scope.as_deref().map(scope_element),
            pseudonym: disclosure.pseudonym,
            clauses,
        };
        statement.layout(shape)?;
        Ok(statement)
    }

    /// Checks that the request compiles for `shape`, whatever values a presentation would
    /// disclose: the errors [`Request::statement`] reports about the request itself (too many
    /// checks, a layout that does not fit, a condition no value satisfies).
    pub fn check_fits(&self, issuer: PublicKey, shape: &Shape) -> Result<()> {
        let placeholder = Disclosure {
            values: self
                .disclosed()
                .map(|name| (name.to_string(), Value::Integer(0)))
                .collect(),
            pseudonym: self.scope.as_ref().map(|_| Fr::from(1u64)),
        };
        self.statement(issuer, shape, &placeholder).map(|_| ())
    }

    /// The tests of one condition: one, or two alternatives for `$ne` and `$nonbetween`.
    fn tests(&self, c: &Condition, disclosure: &Disclosure) -> Result<Vec<Test>> {
        let field = format!("credentialSubject.{}", c.attribute);
        let attribute = c.attribute.clone();
        let ordered = |v: &Value| -> Result<(Kind, u128)> {
            if v.kind().is_ordered() {
                Ok((v.kind(), v.encode()))
            } else {
                Err(field_err(
                    &field,
                    "strings have no order: compare them with $eq, $ne, $in or $nin",
                ))
            }
        };
        let empty = || field_err(&field, "no value can satisfy this condition");
        let range = |kind, lo: u128, hi: u128| -> Result<Test> {
            if lo > hi {
                return Err(empty());
            }
            Ok(Test::Range {
                attribute: attribute.clone(),
                kind,
                lo,
                hi,
            })
        };
        // The values of `kind` outside `[a, b]`, as up to two ranges.
        let outside = |kind, a: u128, b: u128| -> Result<Vec<Test>> {
            let mut parts = Vec::new();
            if a > 0 {
                parts.push(range(kind, 0, a - 1)?);
            }
            if b < kind_max(kind) {
                parts.push(range(kind, b + 1, kind_max(kind))?);
            }
            if parts.is_empty() {
                return Err(empty());
            }
            Ok(parts)
        };
        let set = |values: &[Value], negated| Test::Set {
            attribute: attribute.clone(),
            kind: values[0].kind(),
            members: values.iter().map(Value::encode).collect(),
            negated,
        };
        Ok(match &c.op {
            Op::AgeAtLeast(n) | Op::AgeUnder(n) => {
                let t = latest_birth_date_for_age(self.date, *n)
                    .ok_or_else(|| field_err(&field, "age is out of the calendar's range"))?;
                let t = u128::from(encoding::offset_binary(encoding::days_since_epoch(t)));
                match c.op {
                    Op::AgeAtLeast(_) => vec![range(Kind::Date, 0, t)?],
                    _ => vec![range(Kind::Date, t + 1, kind_max(Kind::Date))?],
                }
            }
            Op::Lt(v) => {
                let (k, e) = ordered(v)?;
                vec![range(k, 0, e.checked_sub(1).ok_or_else(empty)?)?]
            }
            Op::Lte(v) => {
                let (k, e) = ordered(v)?;
                vec![range(k, 0, e)?]
            }
            Op::Gt(v) => {
                let (k, e) = ordered(v)?;
                vec![range(k, e + 1, kind_max(k))?]
            }
            Op::Gte(v) => {
                let (k, e) = ordered(v)?;
                vec![range(k, e, kind_max(k))?]
            }
            Op::Eq(v) => vec![range(v.kind(), v.encode(), v.encode())?],
            Op::Ne(v) => outside(v.kind(), v.encode(), v.encode())?,
            Op::Between(a, b) | Op::NonBetween(a, b) => {
                let (ka, ea) = ordered(a)?;
                let (kb, eb) = ordered(b)?;
                if ka != kb {
                    return Err(field_err(&field, "bounds must be of one kind"));
                }
                match c.op {
                    Op::Between(..) => vec![range(ka, ea, eb)?],
                    _ if ea > eb => return Err(empty()),
                    _ => outside(ka, ea, eb)?,
                }
            }
            Op::In(vs) if vs.len() == 1 => {
                vec![range(vs[0].kind(), vs[0].encode(), vs[0].encode())?]
            }
            Op::Nin(vs) if vs.len() == 1 => outside(vs[0].kind(), vs[0].encode(), vs[0].encode())?,
            Op::In(vs) => vec![set(vs, false)],
            Op::Nin(vs) => vec![set(vs, true)],
            Op::Exists => vec![Test::Exists { attribute }],
            Op::Disclose => {
                let v = disclosure.values.get(&c.attribute).ok_or_else(|| {
                    Error::Disclosure(format!("does not reveal `{}`", c.attribute))
                })?;
                vec![range(v.kind(), v.encode(), v.encode())?]
            }
        })
    }
}

impl Statement {
    /// Places the clauses on the shape's positions.
    ///
    /// Range positions come first, set positions after. Unused range positions lead and
    /// unused set positions trail, so that at most one clause, the one that mixes range and
    /// set tests, can span the boundary between the two.
    ///
    /// A statement built by hand is checked first: an empty clause would take no position and
    /// so vanish, and a set of more than [`SET_SIZE`] members would be cut short in the public
    /// inputs, letting a `$nin` accept a value among the members left out.
    pub fn layout(&self, shape: &Shape) -> Result<Vec<Position>> {
        for (i, clause) in self.clauses.iter().enumerate() {
            if clause.is_empty() {
                return Err(Error::EmptyClause { clause: i });
            }
            for t in clause {
                if let Test::Set {
                    attribute, members, ..
                } = t
                {
                    if members.is_empty() || members.len() > SET_SIZE {
                        return Err(Error::SetSize {
                            attribute: attribute.clone(),
                            members: members.len(),
                            max: SET_SIZE,
                        });
                    }
                }
            }
        }
        let has_set = |c: &Vec<Test>| c.iter().any(Test::is_set);
        let has_range = |c: &Vec<Test>| c.iter().any(|t| !t.is_set());
        let mixed: Vec<&Vec<Test>> = self
            .clauses
            .iter()
            .filter(|c| has_set(c) && has_range(c))
            .collect();
        if mixed.len() > 1 {
            return Err(Error::Layout(
                "at most one $or may mix $in / $nin with other conditions".into(),
            ));
        }
        let ranges = self
            .clauses
            .iter()
            .flatten()
            .filter(|t| !t.is_set())
            .count();
        let sets = self.clauses.iter().flatten().filter(|t| t.is_set()).count();
        if ranges > shape.predicates || sets > shape.sets {
            return Err(Error::TooManyPredicates {
                ranges,
                sets,
                max_ranges: shape.predicates,
                max_sets: shape.sets,
            });
        }

        fn place<'a>(
            positions: &mut Vec<Position>,
            tests: impl Iterator<Item = &'a Test>,
            continues: bool,
        ) {
            for (i, t) in tests.enumerate() {
                positions.push(Position {
                    test: Some(t.clone()),
                    joins: continues || i > 0,
                });
            }
        }
        let unused = || Position {
            test: None,
            joins: false,
        };
        let mut positions = Vec::with_capacity(shape.positions());
        // Range block: unused positions, range-only clauses, the mixed clause's range tests.
        positions.extend((ranges..shape.predicates).map(|_| unused()));
        for c in self.clauses.iter().filter(|c| !has_set(c)) {
            place(&mut positions, c.iter(), false);
        }
        if let Some(m) = mixed.first() {
            place(&mut positions, m.iter().filter(|t| !t.is_set()), false);
            // Set block: the mixed clause's set tests continue its range tests.
            place(&mut positions, m.iter().filter(|t| t.is_set()), true);
        }
        for c in self.clauses.iter().filter(|c| !has_range(c)) {
            place(&mut positions, c.iter(), false);
        }
        positions.extend((sets..shape.sets).map(|_| unused()));
        debug_assert_eq!(positions.len(), shape.positions());
        Ok(positions)
    }

    /// The public inputs in circuit order.
    pub fn public_inputs(&self, shape: &Shape) -> Result<Vec<Fr>> {
        let positions = self.layout(shape)?;
        let a = self.issuer.point();
        let mut flags = Fr::from(u64::from(self.scope.is_some()));
        let bit = |i: usize| Fr::from(2u64).pow([i as u64]);
        for (i, p) in positions.iter().enumerate().skip(1) {
            if p.joins {
                flags += bit(i);
            }
        }
        for (s, p) in positions[shape.predicates..].iter().enumerate() {
            if let Some(Test::Set { negated: true, .. }) = p.test {
                flags += bit(shape.positions() + s);
            }
        }
        let mut inputs = vec![
            a.x,
            a.y,
            self.context,
            Fr::from(self.valid_from_max),
            Fr::from(self.valid_until_min),
            self.scope.unwrap_or_default(),
            self.pseudonym.unwrap_or_default(),
            flags,
        ];
        let two_128 = Fr::from(u128::MAX) + Fr::from(1u64);
        for p in &positions[..shape.predicates] {
            let (selector, lo, hi) = match &p.test {
                None => (Fr::from(0u64), Fr::from(0u64), Fr::from(0u64)),
                Some(t @ Test::Range { lo, hi, .. }) => {
                    (t.selector(), Fr::from(*lo), Fr::from(*hi))
                }
                Some(t @ Test::Exists { .. }) => (
                    t.selector(),
                    two_128,
                    two_128 * Fr::from(256u64) - Fr::from(1u64),
                ),
                Some(Test::Set { .. }) => unreachable!("layout puts set tests in set positions"),
            };
            inputs.extend([selector, lo, hi]);
        }
        for p in &positions[shape.predicates..] {
            match &p.test {
                None => inputs.extend(std::iter::repeat_n(Fr::from(0u64), 1 + SET_SIZE)),
                Some(t @ Test::Set { members, .. }) => {
                    inputs.push(t.selector());
                    // Padding repeats the first member, which changes neither $in nor $nin.
                    inputs.extend(
                        (0..SET_SIZE).map(|j| Fr::from(*members.get(j).unwrap_or(&members[0]))),
                    );
                }
                Some(_) => unreachable!("layout puts range tests in range positions"),
            }
        }
        debug_assert_eq!(inputs.len(), shape.num_public_inputs());
        Ok(inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(subject: &str) -> Request {
        let text = format!(
            r#"{{"verifier": "https://bar.example", "nonce": "00112233445566778899aabbccddeeff",
                "date": "2026-12-03", "credentialSubject": {subject}}}"#
        );
        Request::from_json(text.as_bytes()).unwrap()
    }

    fn issuer() -> PublicKey {
        crate::signature::SecretKey::from_seed([1; 32]).public()
    }

    #[test]
    fn age_and_public_inputs() {
        let r = request(r#"{"birthDate": {"$ageAtLeast": 18}}"#);
        let s = r
            .statement(issuer(), &Shape::STANDARD, &Disclosure::default())
            .unwrap();
        let t = Value::from_json_string("2008-12-03").unwrap().encode();
        assert_eq!(
            s.clauses[0][0],
            Test::Range {
                attribute: "birthDate".into(),
                kind: Kind::Date,
                lo: 0,
                hi: t
            }
        );
        let inputs = s.public_inputs(&Shape::STANDARD).unwrap();
        assert_eq!(inputs.len(), Shape::STANDARD.num_public_inputs());
        // Three unused range positions lead; the age check takes the last one.
        let positions = s.layout(&Shape::STANDARD).unwrap();
        assert!(positions[..3].iter().all(|p| p.test.is_none()));
        assert!(positions[3].test.is_some() && positions[4].test.is_none());
    }

    #[test]
    fn complements_and_layout() {
        let r = request(
            r#"{"n": {"$ne": 5}, "$or": [{"c": {"$in": ["B", "C"]}}, {"a": {"$gte": 21}}]}"#,
        );
        let s = r
            .statement(issuer(), &Shape::STANDARD, &Disclosure::default())
            .unwrap();
        assert_eq!(s.clauses[0].len(), 2);
        let p = s.layout(&Shape::STANDARD).unwrap();
        let joins: Vec<bool> = p.iter().map(|p| p.joins).collect();
        // unused | n < 5, n > 5 | a >= 21 | c in {B, C}
        assert_eq!(joins, [false, false, true, false, true]);
        assert!(matches!(p[4].test, Some(Test::Set { .. })));
    }

    #[test]
    fn fit_is_checked_before_any_disclosure() {
        let shape = Shape::STANDARD;
        let fits = request(r#"{"givenName": {}, "a": {"$in": [1, 2]}}"#);
        assert!(fits.check_fits(issuer(), &shape).is_ok());
        let scoped = Request {
            scope: Some("s".into()),
            ..fits
        };
        assert!(scoped.check_fits(issuer(), &shape).is_ok());
        let five = r#"{"a": {"$lt": 1}, "b": {"$lt": 1}, "c": {"$lt": 1}, "d": {"$lt": 1}, "e": {"$lt": 1}}"#;
        assert!(request(five).check_fits(issuer(), &shape).is_err());
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let issuer = issuer();
        let none = Disclosure::default();
        for subject in [
            r#"{"a": {"$lt": 1}, "b": {"$lt": 1}, "c": {"$lt": 1}, "d": {"$lt": 1}, "e": {"$lt": 1}}"#,
            r#"{"a": {"$in": [1, 2]}, "b": {"$in": [1, 2]}}"#,
            r#"{"a": {"$lt": -9223372036854775808}}"#,
            r#"{"a": {"$lt": "x"}}"#,
            r#"{"a": {"$between": [3, 2]}}"#,
            r#"{"a": {"$between": [1, "2026-01-01"]}}"#,
            r#"{"a": {}}"#,
            r#"{"$and": [{"$or": [{"a": {"$in": [1, 2]}}, {"b": {"$eq": 1}}]},
                         {"$or": [{"c": {"$in": [1, 2]}}, {"d": {"$eq": 1}}]}]}"#,
        ] {
            assert!(
                request(subject)
                    .statement(issuer, &Shape::STANDARD, &none)
                    .is_err(),
                "accepted {subject}"
            );
        }
        let scoped = Request {
            scope: Some("s".into()),
            ..request(r#"{"a": {"$eq": 1}}"#)
        };
        assert!(scoped.statement(issuer, &Shape::STANDARD, &none).is_err());
        let extra = Disclosure {
            values: [("a".to_string(), Value::Integer(1))].into(),
            pseudonym: None,
        };
        assert!(request(r#"{"a": {"$eq": 1}}"#)
            .statement(issuer, &Shape::STANDARD, &extra)
            .is_err());
    }
}
