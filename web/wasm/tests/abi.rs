//! The module's verify, natively: through the Rust API and through the C ABI, on a real
//! presentation, on tampered copies, and on hostile bytes in every input, none of which may
//! panic.

mod common;

use common::Inputs;
use zkcred_core::params::Manifest;
use zkcred_verifier_wasm::abi::{zkcred_alloc, zkcred_free, zkcred_verify};
use zkcred_verifier_wasm::{check, Files, Outcome, MAX_FILE_BYTES};

fn files(i: &Inputs) -> Files<'_> {
    Files {
        presentation: &i.presentation,
        request: &i.request,
        issuer: &i.issuer,
        manifest: &i.manifest,
        verifying_key: &i.verifying_key,
    }
}

fn reason(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Rejected { reason, .. } => reason,
        Outcome::Verified { .. } => panic!("accepted: {outcome:?}"),
    }
}

/// Calls the exported functions as a WebAssembly host would.
fn through_abi(f: &Files<'_>) -> serde_json::Value {
    let inputs = [
        f.presentation,
        f.request,
        f.issuer,
        f.manifest,
        f.verifying_key,
    ];
    let placed: Vec<(*mut u8, usize)> = inputs
        .iter()
        .map(|bytes| {
            let ptr = zkcred_alloc(bytes.len());
            assert!(!ptr.is_null());
            // SAFETY: `ptr` holds `bytes.len()` bytes, just allocated.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
            (ptr, bytes.len())
        })
        .collect();
    let [p, r, i, m, k] = [0, 1, 2, 3, 4].map(|n| placed[n]);
    // SAFETY: every pointer came from `zkcred_alloc` with its length.
    let out = unsafe { zkcred_verify(p.0, p.1, r.0, r.1, i.0, i.1, m.0, m.1, k.0, k.1) };
    // SAFETY: a result buffer starts with its little-endian length.
    let n = u32::from_le_bytes(unsafe { *out.cast::<[u8; 4]>() }) as usize;
    // SAFETY: the result holds `n` bytes after the length.
    let json = unsafe { std::slice::from_raw_parts(out.add(4), n) }.to_vec();
    // SAFETY: each buffer is released once, with its length.
    unsafe {
        zkcred_free(out, 4 + n);
        for (ptr, len) in placed {
            zkcred_free(ptr, len);
        }
    }
    serde_json::from_slice(&json).expect("the result is JSON")
}

#[test]
fn verifies_and_rejects() {
    let i = Inputs::make();

    let ok = check(&files(&i));
    let Outcome::Verified {
        verifier,
        date,
        validity,
        conditions,
        ..
    } = &ok
    else {
        panic!("rejected: {ok:?}");
    };
    assert_eq!(verifier, "https://bar.example");
    assert_eq!(date, "2026-12-03");
    assert_eq!(validity, "valid throughout 2026-12-03 (UTC)");
    assert_eq!(
        conditions,
        &["birthDate shows an age of at least 18 on 2026-12-03"]
    );

    let json = through_abi(&files(&i));
    assert_eq!(json["result"], "verified", "{json}");
    assert_eq!(json["conditions"][0], conditions[0].as_str());
    assert_eq!(serde_json::to_value(&ok).unwrap(), json);

    let flipped = Files {
        presentation: &i.flipped_proof,
        ..files(&i)
    };
    let json = through_abi(&flipped);
    assert_eq!(json["result"], "rejected");
    assert_eq!(json["cause"], "proof", "{json}");

    let other = Files {
        request: &i.other_request,
        ..files(&i)
    };
    assert!(reason(&check(&other)).contains("another request"));

    // Inputs given in the wrong slots are named, not misread.
    let swapped = Files {
        presentation: &i.request,
        request: &i.presentation,
        ..files(&i)
    };
    assert!(reason(&check(&swapped)).starts_with("presentation"));
}

#[test]
fn sizes_are_checked_before_reading() {
    assert!(zkcred_alloc(MAX_FILE_BYTES + 1).is_null());
    let ptr = zkcred_alloc(0);
    assert!(!ptr.is_null());
    // SAFETY: released once with the length it was allocated with.
    unsafe { zkcred_free(ptr, 0) };
    // SAFETY: null is ignored.
    unsafe { zkcred_free(std::ptr::null_mut(), 5) };

    let i = Inputs::make();
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    let outcome = check(&Files {
        manifest: &big,
        ..files(&i)
    });
    assert!(reason(&outcome).contains("at most"));

    // A length no allocation has is refused without touching the pointer.
    let dangling = std::ptr::NonNull::<u8>::dangling().as_ptr();
    // SAFETY: the over-long length is refused before `dangling` is read.
    let out = unsafe {
        zkcred_verify(
            dangling,
            usize::MAX,
            dangling,
            0,
            dangling,
            0,
            dangling,
            0,
            dangling,
            0,
        )
    };
    // SAFETY: a result buffer starts with its little-endian length.
    let n = u32::from_le_bytes(unsafe { *out.cast::<[u8; 4]>() }) as usize;
    // SAFETY: the result holds `n` bytes after the length.
    let json: serde_json::Value =
        serde_json::from_slice(unsafe { std::slice::from_raw_parts(out.add(4), n) }).unwrap();
    // SAFETY: released once, with its length.
    unsafe { zkcred_free(out, 4 + n) };
    assert_eq!(json["result"], "rejected");
    assert_eq!(json["cause"], "input");
}

/// Every input truncated at every length and with every byte flipped is refused, never with a
/// panic; the exceptions are trailing whitespace and manifest fields the verifier does not read.
#[test]
fn hostile_bytes_are_refused() {
    let i = Inputs::make();
    let slots: [fn(&mut Inputs) -> &mut Vec<u8>; 5] = [
        |i| &mut i.presentation,
        |i| &mut i.request,
        |i| &mut i.issuer,
        |i| &mut i.manifest,
        |i| &mut i.verifying_key,
    ];
    let mut tried = 0;
    for slot in slots {
        let mut copy = i.clone();
        let original = slot(&mut copy).clone();
        for cut in 0..original.len() {
            *slot(&mut copy) = original[..cut].to_vec();
            // Cutting trailing whitespace off a JSON file changes nothing.
            if !original[cut..].iter().all(u8::is_ascii_whitespace) {
                reason(&check(&files(&copy)));
            }
            tried += 1;
        }
        for at in 0..original.len() {
            let mut bytes = original.clone();
            bytes[at] ^= 0x01;
            *slot(&mut copy) = bytes;
            if matches!(check(&files(&copy)), Outcome::Verified { .. }) {
                assert!(
                    same_pins(&i.manifest, &copy.manifest),
                    "flipping byte {at} of {} was accepted",
                    String::from_utf8_lossy(&original)
                );
            }
            tried += 1;
        }
    }
    assert!(tried > 2_000, "{tried}");
}

/// Whether two manifests agree on what the verifier reads: the shape and the key's pin.
fn same_pins(a: &[u8], b: &[u8]) -> bool {
    match (Manifest::from_json(a), Manifest::from_json(b)) {
        (Ok(a), Ok(b)) => {
            a.shape == b.shape && a.verifying_key.blake2b256 == b.verifying_key.blake2b256
        }
        _ => false,
    }
}
