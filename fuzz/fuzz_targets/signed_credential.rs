//! Fuzzes the signed credential parser and signature verification.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkcred_core::SignedCredential;

fuzz_target!(|data: &[u8]| {
    let Ok(signed) = SignedCredential::from_json(data) else {
        return;
    };
    // Must answer Ok or Err, never panic.
    let verified = signed.verify();
    // Writing a parsed credential back out and reading it again must give the same signed
    // content (the writer emits canonical decimals).
    let text = signed.to_json();
    if text.len() > zkcred_core::json::MAX_DOCUMENT_BYTES {
        return; // pretty printing may push a document near the limit over it
    }
    let again = SignedCredential::from_json(text.as_bytes())
        .expect("a signed credential zkcred wrote is one it reads");
    assert_eq!(again.holder_public, signed.holder_public);
    assert_eq!(again.issuer, signed.issuer);
    assert_eq!(again.signature, signed.signature);
    assert_eq!(again.shape_attributes, signed.shape_attributes);
    assert_eq!(again.credential.attributes, signed.credential.attributes);
    assert_eq!(again.verify().is_ok(), verified.is_ok());
});
