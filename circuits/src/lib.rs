//! R1CS gadgets and the credential statement of zkcred.
//!
//! - [`gadgets::poseidon`]: Poseidon with circomlib's parameters.
//! - [`gadgets::edwards`]: Baby Jubjub point arithmetic with complete formulas.
//! - [`gadgets::montgomery`]: the cheaper, incomplete Montgomery-form arithmetic.
//! - [`gadgets::scalar_mul`]: the fixed- and variable-base multiplications of the signature.
//! - [`gadgets::signature`]: EdDSA-Poseidon verification.
//! - [`gadgets::bits`]: bit decompositions and comparisons with constants.
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
