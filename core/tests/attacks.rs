//! A hostile presenter and hostile request files: what they can make the verifier report, and
//! inputs built to exhaust or crash the parsers.

use std::panic::{catch_unwind, AssertUnwindSafe};

use zkcred_core::{
    encoding::Value, presentation::Presentation, request::value_json, signature::SecretKey,
    Disclosure, Request, Shape,
};

fn presentation(disclosed: &str) -> Presentation {
    let text = format!(
        r#"{{"format": "zkcred-presentation/v2", "request": "{}", "parameters": "{}",
            "proof": "{}", "disclosed": {disclosed}}}"#,
        "ab".repeat(32),
        "cd".repeat(32),
        "ef".repeat(128)
    );
    Presentation::from_json(text.as_bytes()).unwrap()
}

#[test]
fn disclosed_values_are_reported_in_the_form_the_proof_fixes() {
    // A proof for "Zoë" also verifies for "Zoe" + U+0308, and a proof for an instant for any
    // offset that names it: the verifier must see one form, not the presenter's choice.
    let composed = presentation(r#"{"givenName": "Zo\u00eb"}"#)
        .disclosure()
        .unwrap();
    let decomposed = presentation(r#"{"givenName": "Zoe\u0308"}"#)
        .disclosure()
        .unwrap();
    assert_eq!(composed, decomposed);
    assert_eq!(
        composed.values["givenName"],
        Value::String("Zo\u{eb}".into())
    );

    let far = presentation(r#"{"issued": "2024-01-16T23:29:00+23:59"}"#);
    let utc = presentation(r#"{"issued": "2024-01-15T23:30:00Z"}"#);
    let far = far.disclosure().unwrap();
    assert_eq!(far, utc.disclosure().unwrap());
    assert_eq!(
        value_json(&far.values["issued"]),
        "2024-01-15T23:30:00+00:00"
    );
}

fn request(subject: &str) -> Vec<u8> {
    format!(
        r#"{{"verifier": "https://v.example", "nonce": "0123456789abcdef0123",
            "date": "2026-12-03", "credentialSubject": {subject}}}"#
    )
    .into_bytes()
}

/// Parses `bytes` and builds its public inputs; `None` when that panicked.
fn compile(bytes: &[u8]) -> Option<bool> {
    let issuer = SecretKey::from_seed([1; 32]).public();
    catch_unwind(AssertUnwindSafe(|| {
        Request::from_json(bytes)
            .and_then(|r| r.statement(issuer, &Shape::STANDARD, &Disclosure::default()))
            .and_then(|s| s.public_inputs(&Shape::STANDARD))
            .is_ok()
    }))
    .ok()
}

#[test]
fn hostile_requests_are_answered_without_panics() {
    let deep = |n: usize| {
        let open = r#"{"$and": ["#.repeat(n);
        let close = "]}".repeat(n);
        request(&format!(r#"{open}{{"a": {{"$eq": 1}}}}{close}"#))
    };
    let alternatives: Vec<String> = (0..40_000)
        .map(|i| format!(r#"{{"a{i}": {{"$eq": {i}}}}}"#))
        .collect();
    let wide = request(&format!(r#"{{"$or": [{}]}}"#, alternatives.join(",")));
    let long_name = request(&format!(r#"{{"{}": {{"$eq": 1}}}}"#, "n".repeat(500_000)));
    let cases: Vec<(Vec<u8>, bool)> = vec![
        (deep(40), true),
        (deep(2_000), false),
        (wide, false),
        (long_name, true),
        (request(r#"{"a.b.0": {"$eq": 1}}"#), true),
        (request(r#"{"$a": {"$eq": 1}}"#), false),
        (request(r#"{"a": {"$eq": 1, "$ne": 1}}"#), true),
        (request(r#"{"\u202ebirthDate": {"$eq": 1}}"#), false),
        (request(r#"{"birth\u200bDate": {"$eq": 1}}"#), false),
        (request(r#"{"Zo\u00eb": {"$eq": 1}}"#), true),
        (request(r#"{"a": {"$in": [[1], [2]]}}"#), false),
        (request(r#"{"a": {"$between": [1, 2, 3]}}"#), false),
        (
            request(r#"{"a": {"$nonbetween": [-9223372036854775808, 9223372036854775807]}}"#),
            false,
        ),
        (request(r#"{"a": {"$gt": 9223372036854775807}}"#), false),
        (request(r#"{"a": {"$gt": 9223372036854775808}}"#), false),
        (request(r#"{"a": {"$lt": false}}"#), false),
        (request(r#"{"a": {"$gt": true}}"#), false),
        (request(r#"{"a": {"$ne": "2024-02-30"}}"#), false),
        (request(r#"{"a": {"$ageAtLeast": 200}}"#), true),
        (request(r#"{"$and": []}"#), false),
        (
            request(r#"{"$or": [{"$and": [{"a": {"$eq": 1}}]}, {"b": {"$eq": 2}}]}"#),
            true,
        ),
        (
            request(r#"{"$or": [{"$or": [{"a": {"$eq": 1}}, {"c": {}}]}, {"b": {}}]}"#),
            false,
        ),
    ];
    for (i, (bytes, accepted)) in cases.iter().enumerate() {
        assert_eq!(compile(bytes), Some(*accepted), "case {i}");
    }
}

#[test]
fn names_the_holder_reads_cannot_hide_or_reorder_text() {
    // A verifier shown as "https://bank.example" that is another string, a fake line in the
    // consent prompt, or a condition whose name reads backwards.
    let base = String::from_utf8(request(r#"{"a": {"$eq": 1}}"#)).unwrap();
    for bad in [
        base.replace("https://v.example", "https://v.example\\u202e"),
        base.replace("https://v.example", "https://v.exa\\u200bmple"),
        base.replace("https://v.example", "v.example\\u2028  - nothing else"),
        base.replace("0123456789abcdef0123", "0123456789abcdef0123\\u2066"),
        base.replace("\"date\"", "\"scope\": \"\\ufeffs\", \"date\""),
    ] {
        assert_eq!(compile(bad.as_bytes()), Some(false), "accepted {bad}");
    }
    let anoncreds = r#"{"nonce": "0123456789abcdef0123", "verifier": "v", "date": "2026-12-03",
        "requested_predicates": {"p1": {"name": "a\u202eb", "p_type": ">=", "p_value": 1}}}"#;
    assert_eq!(compile(anoncreds.as_bytes()), Some(false));
    assert_eq!(
        compile(anoncreds.replace("\\u202e", "").as_bytes()),
        Some(true)
    );
}

#[test]
fn layout_keeps_every_clause_apart() {
    // Read the clauses back from the positions: a test that joined another clause would let a
    // true neighbour cover for it.
    let shape = Shape {
        attributes: 24,
        predicates: 6,
        sets: 3,
    };
    let issuer = SecretKey::from_seed([1; 32]).public();
    for subject in [
        r#"{"a": {"$ne": 1}, "$or": [{"b": {"$in": [1, 2]}}, {"c": {"$gt": 3}}],
            "d": {"$nin": [1, 2]}, "e": {"$exists": true}}"#,
        r#"{"$or": [{"b": {"$in": [1, 2]}}, {"c": {"$nin": [3, 4]}}], "a": {"$eq": 1}}"#,
        r#"{"$and": [{"$or": [{"a": {"$ne": 1}}, {"b": {"$nonbetween": [1, 5]}}]},
            {"$or": [{"c": {"$in": [1, 2]}}, {"d": {"$lt": 0}}, {"e": {"$in": [1, 3]}}]}],
            "f": {"$nin": [7, 8]}}"#,
        r#"{"$or": [{"c": {"$in": [1, 2]}}, {"d": {"$in": [3, 4]}}]}"#,
        r#"{"$or": [{"c": {"$gte": 1}}, {"d": {"$in": [3, 4]}}]}"#,
    ] {
        let r = Request::from_json(&request(subject)).unwrap();
        let st = r.statement(issuer, &shape, &Disclosure::default()).unwrap();
        let positions = st.layout(&shape).unwrap();
        assert!(!positions[0].joins && !positions[shape.predicates..].is_empty());
        let mut read: Vec<Vec<_>> = Vec::new();
        for p in &positions {
            match (&p.test, p.joins) {
                (None, joins) => assert!(!joins, "{subject}"),
                (Some(t), true) => read.last_mut().unwrap().push(t.clone()),
                (Some(t), false) => read.push(vec![t.clone()]),
            }
        }
        let sorted = |mut c: Vec<Vec<_>>| {
            c.iter_mut()
                .for_each(|c| c.sort_by_key(|t| format!("{t:?}")));
            c.sort_by_key(|c| format!("{c:?}"));
            c
        };
        assert_eq!(sorted(read), sorted(st.clauses.clone()), "{subject}");
        // Unused positions lead the range block and trail the set block.
        let used = |p: &zkcred_core::statement::Position| p.test.is_some();
        let ranges = &positions[..shape.predicates];
        let sets = &positions[shape.predicates..];
        assert!(
            ranges.windows(2).all(|w| !used(&w[0]) || used(&w[1])),
            "{subject}"
        );
        assert!(
            sets.windows(2).all(|w| used(&w[0]) || !used(&w[1])),
            "{subject}"
        );
    }
}

#[test]
fn a_pseudonym_has_one_spelling() {
    const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
    let with = |p: &str| {
        let text = format!(
            r#"{{"format": "zkcred-presentation/v2", "request": "{}", "parameters": "{}",
                "proof": "{}", "pseudonym": "{p}"}}"#,
            "ab".repeat(32),
            "cd".repeat(32),
            "ef".repeat(128)
        );
        Presentation::from_json(text.as_bytes()).is_ok()
    };
    assert!(with("1") && with("0"));
    // 1 + r, leading zeros, signs, spaces, hex and exponents name 1 too, or nothing: refused.
    let r_plus_one = format!("{}8", &R[..R.len() - 1]);
    for bad in [
        R,
        &r_plus_one,
        "01",
        "+1",
        "-0",
        " 1",
        "1 ",
        "0x1",
        "1e0",
        "",
    ] {
        assert!(!with(bad), "accepted {bad:?}");
    }
}
