//! The zkcred verifier compiled to WebAssembly, for the browser page in `web/`.
//!
//! [`check`] takes the five files `zkcred verify` reads (presentation, request, issuer public
//! key, `manifest.json`, `verifying.key`) and answers with a JSON [`Outcome`]. It calls
//! [`zkcred_verifier::verify`], so the public inputs are rebuilt from the verifier's request
//! and issuer key, never taken from the presentation. [`abi`] exports it with a plain C ABI:
//! an allocator pair and one call that returns a length-prefixed JSON buffer.

#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod abi;
mod check;

pub use check::{check, Cause, Files, IssuerKey, Outcome, MAX_FILE_BYTES};
