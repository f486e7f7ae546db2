//! Systematic bad input: every parser gets every truncation and thousands of single-byte
//! mutations of valid documents, and must answer without panicking. Truncations must be
//! refused outright.

use std::panic::{catch_unwind, AssertUnwindSafe};

use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    keys,
    presentation::Presentation,
    signature::SecretKey,
    Fr, Request, Shape,
};

type Parser = fn(&[u8]) -> bool;

fn parsers() -> Vec<(&'static str, Vec<u8>, Parser)> {
    let issuer = SecretKey::from_seed([7; 32]);
    let holder = HolderSecret::from_field(Fr::from(11u64));
    let licence = include_bytes!("../../examples/driving-licence.json").to_vec();
    let credential = Credential::from_json(&licence).unwrap();
    let signed = SignedCredential::issue(
        credential,
        &issuer,
        holder.public(),
        Shape::STANDARD.attributes,
    )
    .unwrap()
    .to_json()
    .into_bytes();
    let presentation = format!(
        r#"{{"format": "zkcred-presentation/v2", "request": "{}", "parameters": "{}", "proof": "{}"}}"#,
        "ab".repeat(32),
        "cd".repeat(32),
        "ef".repeat(128)
    )
    .into_bytes();
    vec![
        ("credential", licence, |b| {
            Credential::from_json(b)
                .and_then(|c| c.encode(&Shape::STANDARD))
                .is_ok()
        }),
        (
            "diploma",
            include_bytes!("../../examples/diploma.json").to_vec(),
            |b| Credential::from_json(b).is_ok(),
        ),
        ("signed credential", signed, |b| {
            SignedCredential::from_json(b)
                .and_then(|s| s.verify())
                .is_ok()
        }),
        (
            "request",
            include_bytes!("../../examples/rental-request.json").to_vec(),
            |b| {
                let issuer = SecretKey::from_seed([1; 32]).public();
                Request::from_json(b)
                    .and_then(|r| r.statement(issuer, &Shape::STANDARD, &Default::default()))
                    .and_then(|s| s.public_inputs(&Shape::STANDARD))
                    .is_ok()
            },
        ),
        ("presentation", presentation, |b| {
            Presentation::from_json(b).is_ok()
        }),
        (
            "issuer public key",
            keys::issuer_public_to_json(&issuer.public()).into_bytes(),
            |b| keys::issuer_public_from_json(b).is_ok(),
        ),
        (
            "issuer secret key",
            keys::issuer_secret_to_json(&issuer).into_bytes(),
            |b| keys::issuer_secret_from_json(b).is_ok(),
        ),
        (
            "holder secret key",
            keys::holder_secret_to_json(&holder).into_bytes(),
            |b| keys::holder_secret_from_json(b).is_ok(),
        ),
    ]
}

#[test]
fn no_input_makes_a_parser_panic() {
    let mut cases = 0usize;
    for (name, valid, parse) in parsers() {
        assert!(parse(&valid), "{name}: the valid document is refused");

        // Every proper prefix, the empty file included, is refused.
        for len in 0..valid.len() {
            cases += 1;
            let prefix = &valid[..len];
            let accepted = catch_unwind(AssertUnwindSafe(|| parse(prefix)))
                .unwrap_or_else(|_| panic!("{name}: panic on a prefix of {len} bytes"));
            // A prefix that ends after the closing brace's whitespace is still whole.
            let whole = String::from_utf8_lossy(prefix).trim_end().ends_with('}')
                && String::from_utf8_lossy(&valid[len..]).trim().is_empty();
            assert!(
                !accepted || whole,
                "{name}: accepted a prefix of {len} bytes"
            );
        }

        // Single-byte substitutions with values that break JSON, numbers, UTF-8 and hex.
        for i in 0..valid.len() {
            for b in [b'"', b'}', b'0', b'9', b'a', b'\\', 0x00, 0x7f, 0xc3, 0xff] {
                if valid[i] == b {
                    continue;
                }
                cases += 1;
                let mut m = valid.clone();
                m[i] = b;
                catch_unwind(AssertUnwindSafe(|| parse(&m)))
                    .unwrap_or_else(|_| panic!("{name}: panic with byte {i} set to {b:#04x}"));
            }
        }
    }
    println!("hostile inputs: {cases} cases, no panic");
}
