//! Fuzzes the verifier's request parser and everything derived from a parsed request.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zkcred_core::signature::{PublicKey, SecretKey};
use zkcred_core::{statement::Test, Disclosure, Request, Shape};

fn issuer() -> PublicKey {
    static ISSUER: OnceLock<PublicKey> = OnceLock::new();
    *ISSUER.get_or_init(|| SecretKey::from_seed([1; 32]).public())
}

fuzz_target!(|data: &[u8]| {
    let Ok(request) = Request::from_json(data) else {
        return;
    };
    let canonical = request.canonical_bytes();
    let digest = request.digest();
    // The digest is a pure function of the canonical bytes.
    assert_eq!(digest, request.clone().digest());
    assert!(!canonical.is_empty());
    for condition in request.conditions() {
        let _ = condition.describe(request.date);
    }
    let disclosure = Disclosure::default();
    if let Ok(statement) = request.statement(issuer(), &Shape::STANDARD, &disclosure) {
        for test in statement.clauses.iter().flatten() {
            if let Test::Range { lo, hi, .. } = test {
                assert!(lo <= hi, "empty range {lo}..={hi} accepted");
            }
        }
        let inputs = statement
            .public_inputs(&Shape::STANDARD)
            .expect("a statement built for a shape yields its public inputs");
        assert_eq!(inputs.len(), Shape::STANDARD.num_public_inputs());
    }
});
