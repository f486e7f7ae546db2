//! Key generation for one circuit shape.

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use rand_core::{CryptoRng, RngCore};
use zkcred_circuits::{statement::constraint_count, CredentialCircuit};
use zkcred_core::params::{Manifest, PinnedFile, FORMAT};
use zkcred_core::Shape;

use crate::groth16::ConstraintMatrices;
use crate::ProveError;

/// The files of a parameters directory, as bytes.
pub struct Parameters {
    /// `manifest.json`.
    pub manifest: Manifest,
    /// `proving.key`: the proving key, uncompressed, then the constraint matrices.
    pub proving_key: Vec<u8>,
    /// `verifying.key`: the verifying key, compressed.
    pub verifying_key: Vec<u8>,
}

/// Generates Groth16 keys for `shape` with randomness from `rng`.
///
/// This is a single-party setup: whoever runs it learns the trapdoor and could forge proofs,
/// so verifiers must trust the party that ran it (or run it themselves).
pub fn setup<R: RngCore + CryptoRng>(shape: Shape, rng: &mut R) -> Result<Parameters, ProveError> {
    if !shape.is_supported() {
        return Err(ProveError::Shape {
            attributes: shape.attributes,
            predicates: shape.predicates,
        });
    }
    let _span = tracing::info_span!(
        "setup",
        attributes = shape.attributes,
        predicates = shape.predicates
    )
    .entered();
    let constraints = constraint_count(shape)?;
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(CredentialCircuit::blank(shape), rng)?;

    // The proving key file holds the circuit's matrices after the Groth16 key, so that a
    // prover never synthesizes the circuit for its constraints.
    let matrices = ConstraintMatrices::of(CredentialCircuit::blank(shape))?;
    if matrices.num_constraints() != constraints {
        return Err(ProveError::ProvingKey(
            "the circuit's matrices disagree with its constraint count".into(),
        ));
    }
    let mut proving_key = Vec::new();
    pk.serialize_uncompressed(&mut proving_key)
        .map_err(|e| ProveError::ProvingKey(e.to_string()))?;
    matrices.write(&mut proving_key);
    let mut verifying_key = Vec::new();
    vk.serialize_compressed(&mut verifying_key)
        .map_err(|e| ProveError::ProvingKey(e.to_string()))?;

    let manifest = Manifest {
        format: FORMAT.to_string(),
        shape,
        constraints,
        proving_key: PinnedFile::of(&proving_key),
        verifying_key: PinnedFile::of(&verifying_key),
    };
    tracing::info!(
        constraints,
        proving_key_bytes = proving_key.len(),
        "setup done"
    );
    Ok(Parameters {
        manifest,
        proving_key,
        verifying_key,
    })
}
