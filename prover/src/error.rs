//! The prover's error type.

use thiserror::Error;

/// Why setup or proving failed.
#[derive(Debug, Error)]
pub enum ProveError {
    /// A file (credential, request, manifest) is unusable.
    #[error(transparent)]
    Input(#[from] zkcred_core::Error),
    /// The credential cannot answer the request; the reason names no hidden value.
    #[error(transparent)]
    Witness(#[from] zkcred_circuits::WitnessError),
    /// The proving key's bytes are not a proving key.
    #[error("proving key: {0}")]
    ProvingKey(String),
    /// The parameters manifest is unusable.
    #[error(transparent)]
    Manifest(zkcred_core::Error),
    /// The verifying key file (read beside the proving key) is unusable.
    #[error("verifying key: {0}")]
    VerifyingKey(zkcred_verifier::VerifyingKeyError),
    /// The shape is not one the circuit supports.
    #[error("unsupported circuit shape: {attributes} attributes, {predicates} predicates")]
    Shape {
        /// Requested attribute capacity.
        attributes: usize,
        /// Requested predicate count.
        predicates: usize,
    },
    /// arkworks reported an error while synthesizing or proving.
    #[error("proof system: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    /// The finished proof did not verify: a bug, or a proving key that passed its checks
    /// but does not match the verifying key's statement.
    #[error("the new proof does not verify: the parameters are inconsistent, or zkcred has a bug")]
    SelfCheck,
}
