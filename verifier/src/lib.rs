//! Offline verification of zkcred presentations.
//!
//! The verifier holds its own request, the issuer's public key and the pinned verifying key.
//! It rebuilds every public input from those, never from the presentation, and checks the
//! Groth16 proof with one multi-pairing; [`verify_batch`] checks many presentations with one
//! multi-pairing for all. This crate depends on neither the circuits nor the
//! prover, so that it builds for `wasm32` and embeds anywhere.
//!
//! A verified proof can also be handed to other verifiers: [`snarkjs`] writes the files
//! snarkjs reads, and [`solidity`] a contract for Ethereum and the call data for a proof.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod batch;
mod key;
pub mod snarkjs;
pub mod solidity;
mod verify;

pub use batch::{verify_batch, BatchError, BatchItem};
pub use key::{VerifyingKey, VerifyingKeyError};
pub use verify::{parse_proof, verify, Verified, VerifyError};
