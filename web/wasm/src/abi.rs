//! The module's C ABI, for JavaScript or any other WebAssembly host.
//!
//! The host calls [`zkcred_alloc`] once for each input file, copies the file's bytes into the
//! returned region of the module's memory, and calls [`zkcred_verify`] with the five
//! (pointer, length) pairs. The call returns a result buffer: a little-endian `u32` length `n`
//! followed by `n` bytes of UTF-8 JSON, the [`Outcome`]. The host then releases
//! every buffer, inputs and result alike, with [`zkcred_free`]; the result buffer's length is
//! `4 + n`. Memory may grow during any call, so the host re-reads the memory's buffer after
//! each one.

#![allow(unsafe_code)]

use std::ptr;

use crate::check::{check, Cause, Files, Outcome, MAX_FILE_BYTES};

/// Allocates `len` zeroed bytes for an input file.
///
/// Returns null when `len` is over [`MAX_FILE_BYTES`]: such a file would be refused anyway.
#[no_mangle]
pub extern "C" fn zkcred_alloc(len: usize) -> *mut u8 {
    if len > MAX_FILE_BYTES {
        return ptr::null_mut();
    }
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// Releases a buffer returned by [`zkcred_alloc`] or [`zkcred_verify`]. Null is ignored.
///
/// # Safety
///
/// `ptr` must come from one of those calls with this `len` (for a result, `4 + n`), and must
/// not have been released already.
#[no_mangle]
pub unsafe extern "C" fn zkcred_free(ptr: *mut u8, len: usize) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: by the contract above this is the boxed slice that was leaked for the caller.
    drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Verifies a presentation; returns the length-prefixed JSON result, never null.
///
/// The inputs are the presentation, the request, the issuer's public key file, the
/// parameters' `manifest.json` and `verifying.key`, each as a pointer and a length.
///
/// # Safety
///
/// Each pointer must come from [`zkcred_alloc`] with at least its length, and be unreleased.
/// A length over [`MAX_FILE_BYTES`], which no such buffer has, is refused without reading.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn zkcred_verify(
    presentation: *const u8,
    presentation_len: usize,
    request: *const u8,
    request_len: usize,
    issuer: *const u8,
    issuer_len: usize,
    manifest: *const u8,
    manifest_len: usize,
    verifying_key: *const u8,
    verifying_key_len: usize,
) -> *mut u8 {
    // SAFETY: each region is vouched for by the caller, per the contract above.
    let regions = unsafe {
        [
            region(presentation, presentation_len),
            region(request, request_len),
            region(issuer, issuer_len),
            region(manifest, manifest_len),
            region(verifying_key, verifying_key_len),
        ]
    };
    let outcome = match regions {
        [Some(presentation), Some(request), Some(issuer), Some(manifest), Some(verifying_key)] => {
            check(&Files {
                presentation,
                request,
                issuer,
                manifest,
                verifying_key,
            })
        }
        _ => Outcome::Rejected {
            cause: Cause::Input,
            reason: format!("an input is over {MAX_FILE_BYTES} bytes or missing"),
        },
    };
    result_buffer(outcome.to_json().as_bytes())
}

/// The bytes at `ptr`, or `None` for a null pointer or an impossible length.
///
/// # Safety
///
/// A non-null `ptr` must point to `len` readable bytes that stay unchanged during the call.
unsafe fn region<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if ptr.is_null() || len > MAX_FILE_BYTES {
        return None;
    }
    // SAFETY: non-null, and readable for `len` bytes by the caller's contract.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

fn result_buffer(json: &[u8]) -> *mut u8 {
    // The JSON is a short message or a handful of lines, far below 4 GiB.
    let n = u32::try_from(json.len()).unwrap_or(0);
    let mut buf = Vec::with_capacity(4 + json.len());
    buf.extend_from_slice(&n.to_le_bytes());
    buf.extend_from_slice(&json[..n as usize]);
    Box::into_raw(buf.into_boxed_slice()).cast::<u8>()
}
