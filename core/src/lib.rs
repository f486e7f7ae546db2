//! Shared model of zkcred: how credentials, keys and requests become field elements.
//!
//! Every value that reaches the circuit or the verifier is defined here once, so that the
//! issuer, the holder's prover and the verifier agree bit for bit. The encodings are written
//! out in `docs/notes.md`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod anoncreds;
pub mod credential;
pub mod date;
pub mod digest;
pub mod encoding;
pub mod error;
pub mod field;
pub mod holder;
pub mod json;
pub mod keys;
pub mod params;
pub mod poseidon;
pub mod presentation;
pub mod request;
pub mod shape;
pub mod signature;
pub mod statement;

pub use credential::{Credential, SignedCredential};
pub use error::Error;
pub use request::Request;
pub use shape::Shape;
pub use statement::{Disclosure, Statement};

/// The scalar field of BN254, which is also the base field of Baby Jubjub.
pub type Fr = ark_bn254::Fr;
