//! Inputs found by the fuzz targets in `fuzz/` that once made a reader panic.
//!
//! Each test feeds the input to the function the fuzz target called and asserts that it
//! answers (`Ok` or `Err`) instead of panicking. See `fuzz/README.md`.

use zkcred_core::signature::SecretKey;
use zkcred_core::{Credential, Fr, Request, Shape, SignedCredential};

/// Strings whose byte 10 falls inside a multi-byte character (2, 3 and 4 bytes), next to
/// the date-shaped prefixes the typing of string values looks at.
const SPLIT_AT_BYTE_10: &[&str] = &[
    "José Ramón",             // from examples/national-id.json: 'ó' is bytes 9..11
    "2000-0-- ϥ00:0stu0:00Z", // from the `request` fuzz target: 'ϥ' is bytes 9..11
    "123456789ϥ",
    "2000-01-0ó",
    "2000-01-0óT00:00:00Z",
    "12345678€", // '€' is bytes 8..11
    "2000-01-€T00:00:00Z",
    "1234567𝄞", // '𝄞' is bytes 7..11
    "2000-01𝄞T00:00:00+00:00",
];

fn request_with_operand(operand: &str) -> String {
    format!(
        r#"{{"verifier": "v", "nonce": "aaaaaaaaaaaaaaaa", "date": "2000-01-01",
            "credentialSubject": {{"b": {{"$lte": {}}}}}}}"#,
        serde_json::to_string(operand).unwrap()
    )
}

fn credential_with_value(value: &str) -> String {
    format!(
        r#"{{"@context": "https://www.w3.org/ns/credentials/v2",
            "type": "VerifiableCredential", "issuer": "did:web:issuer.example",
            "credentialSubject": {{"givenName": {}}}}}"#,
        serde_json::to_string(value).unwrap()
    )
}

/// `request` target, crash-d43f2c42e40b0af99a91e794773c17d862c22350:
/// "end byte index 10 is not a char boundary; it is inside 'ϥ' (bytes 9..11 of string)"
/// at core/src/encoding.rs:111 (typing a request operand as date, date-time or string).
#[test]
fn request_operand_splitting_a_char_at_byte_10() {
    let found: &[u8] = b"{\"verifier\": \"vx\", \"nonce\": \"aaaaaaaaaaaaaaaa\", \"date\": \"2000-01-01\",\n  \
        \"credentialSubject\": {\"a\": {\"$eq\": true}, \"b\": {\"$lte\": \"2000-0-- \xcf\xa500:0stu0:00Z\"},\n                        \
        \"c\": {\"$ageAtLeast\": 0}}}";
    let issuer = SecretKey::from_seed([1; 32]).public();
    if let Ok(r) = Request::from_json(found) {
        // A string compared with $lte.
        assert!(r
            .statement(issuer, &Shape::STANDARD, &Default::default())
            .is_err());
    }
    for s in SPLIT_AT_BYTE_10 {
        if let Ok(r) = Request::from_json(request_with_operand(s).as_bytes()) {
            // None of these is a date or date-time, so the operand is a string: no order.
            assert!(
                r.statement(issuer, &Shape::STANDARD, &Default::default())
                    .is_err(),
                "{s:?}"
            );
        }
    }
}

/// `credential` target, crash-e2ae5d211c5867e545b4a177b65520b2088cbe13 (the bundled
/// examples/national-id.json itself): the same panic on "José Ramón".
#[test]
fn credential_value_splitting_a_char_at_byte_10() {
    let example = include_bytes!("../../examples/national-id.json");
    let c = Credential::from_json(example).expect("the bundled example is a credential");
    c.encode(&Shape::STANDARD)
        .expect("fits the standard shape")
        .commitment(Fr::from(1u64));
    for s in SPLIT_AT_BYTE_10 {
        let c = Credential::from_json(credential_with_value(s).as_bytes())
            .unwrap_or_else(|e| panic!("{s:?} is a plain string value, refused: {e}"));
        c.encode(&Shape::STANDARD)
            .unwrap()
            .commitment(Fr::from(1u64));
    }
}

/// `signed_credential` target, crash-1eb97ae938ccd50689229e38bf4356545a8219fa (the
/// national-id example signed by seed [1; 32]): the same panic while reading it back.
#[test]
fn signed_credential_value_splitting_a_char_at_byte_10() {
    let issuer = SecretKey::from_seed([1; 32]);
    let holder = Fr::from(42u64);
    let mut docs = vec![include_bytes!("../../examples/national-id.json").to_vec()];
    docs.extend(
        SPLIT_AT_BYTE_10
            .iter()
            .map(|s| credential_with_value(s).into_bytes()),
    );
    for doc in docs {
        let credential = Credential::from_json(&doc).unwrap();
        let signed = SignedCredential::issue(credential, &issuer, holder, 24).unwrap();
        let back = SignedCredential::from_json(signed.to_json().as_bytes())
            .expect("a signed credential zkcred wrote is one it reads");
        back.verify().expect("and its signature verifies");
    }
}
