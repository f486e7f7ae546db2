//! Fuzzes the credential parser, its flattening and the commitment computation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkcred_core::{Credential, Fr, Shape};

fuzz_target!(|data: &[u8]| {
    let Ok(credential) = Credential::from_json(data) else {
        return;
    };
    assert!(!credential.attributes.is_empty());
    if let Some(name) = credential.attributes.keys().next() {
        assert_eq!(credential.slot_index(name), Some(0));
    }
    if let Ok(encoded) = credential.encode(&Shape::STANDARD) {
        assert_eq!(encoded.slots.len(), Shape::STANDARD.attributes);
        assert_eq!(encoded.count, credential.attributes.len());
        let _ = encoded.commitment(Fr::from(1u64));
    }
});
