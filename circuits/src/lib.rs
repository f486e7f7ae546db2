//! R1CS gadgets and the credential statement of zkcred.
//!
//! - [`gadgets::poseidon`]: Poseidon with circomlib's parameters.
//! - [`gadgets::edwards`]: Baby Jubjub point arithmetic with complete formulas.
//! - [`gadgets::signature`]: EdDSA-Poseidon verification.
//! - [`gadgets::range`]: range checks and bounded comparisons.
//! - [`statement`]: the whole statement a presentation proves.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod gadgets;
pub mod statement;
pub mod witness;

pub use statement::{CredentialCircuit, Witness};
pub use witness::WitnessError;

/// BN254's scalar field, the circuit's native field.
pub type Fr = ark_bn254::Fr;
