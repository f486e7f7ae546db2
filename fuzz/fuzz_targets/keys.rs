//! Fuzzes the key file readers, the parameters manifest, decimal field elements and the
//! verifying key reader, all on the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkcred_core::field::{fr_from_decimal, fr_to_decimal};
use zkcred_core::keys::{
    holder_public_from_json, holder_public_to_json, holder_secret_from_json,
    holder_secret_to_json, issuer_public_from_json, issuer_public_to_json,
    issuer_secret_from_json, issuer_secret_to_json,
};
use zkcred_core::params::{Manifest, PinnedFile, FORMAT as PARAMS_FORMAT};
use zkcred_core::Shape;
use zkcred_verifier::VerifyingKey;

fuzz_target!(|data: &[u8]| {
    // Every reader must refuse or accept, and what it accepts must survive a write and read.
    if let Ok(sk) = issuer_secret_from_json(data) {
        let back = issuer_secret_from_json(issuer_secret_to_json(&sk).as_bytes()).unwrap();
        assert_eq!(back.seed(), sk.seed());
    }
    if let Ok(pk) = issuer_public_from_json(data) {
        let back = issuer_public_from_json(issuer_public_to_json(&pk).as_bytes()).unwrap();
        assert_eq!(back, pk);
    }
    if let Ok(hs) = holder_secret_from_json(data) {
        let back = holder_secret_from_json(holder_secret_to_json(&hs).as_bytes()).unwrap();
        assert_eq!(back.expose(), hs.expose());
    }
    if let Ok(hp) = holder_public_from_json(data) {
        let back = holder_public_from_json(holder_public_to_json(hp).as_bytes()).unwrap();
        assert_eq!(back, hp);
    }
    if let Ok(m) = Manifest::from_json(data) {
        assert!(m.shape.is_supported());
        let back = Manifest::from_json(m.to_json().as_bytes()).unwrap();
        assert_eq!(back.shape, m.shape);
        assert_eq!(back.verifying_key, m.verifying_key);
    }

    // Decimal field elements: accepted strings are exactly the canonical ones.
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(x) = fr_from_decimal("fuzz", s) {
            assert_eq!(fr_to_decimal(&x), s, "fr_from_decimal accepted a non-canonical form");
        }
    }

    // The bytes as a verifying key file, pinned by a matching manifest.
    let manifest = Manifest {
        format: PARAMS_FORMAT.into(),
        shape: Shape::STANDARD,
        constraints: 1,
        proving_key: PinnedFile::of(b""),
        verifying_key: PinnedFile::of(data),
    };
    let _ = VerifyingKey::from_files(manifest.to_json().as_bytes(), data);
});
