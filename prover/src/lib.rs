//! Trusted setup and proving for zkcred.
//!
//! - [`setup`]: one Groth16 key pair per circuit shape, from the operating system's random
//!   source, with a manifest pinning both key files by digest.
//! - [`ProvingKey`]: a proving key loaded from its pinned bytes.
//! - [`prove`]: a presentation for one request.
//! - [`groth16`]: the Groth16 prover behind [`prove`], proof for proof equal to arkworks'.
//! - [`msm`] and [`qap`]: the multi-scalar multiplication and the witness map it uses.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
pub mod groth16;
mod keys;
pub mod msm;
mod prove;
pub mod qap;
mod setup;

pub use error::ProveError;
pub use keys::ProvingKey;
pub use prove::prove;
pub use setup::{setup, Parameters};
