//! Loading the proving key.

use ark_bn254::Bn254;
use ark_serialize::CanonicalDeserialize;
use zkcred_core::params::Manifest;
use zkcred_core::Shape;

use crate::ProveError;

/// A proving key whose file matched its pinned digest.
pub struct ProvingKey {
    pub(crate) pk: ark_groth16::ProvingKey<Bn254>,
    /// The shape the key serves.
    pub shape: Shape,
    /// Hex digest of the matching verifying key file, written into presentations.
    pub verifying_key_digest: String,
}

impl ProvingKey {
    /// Reads the proving key after checking its bytes against the manifest's digest.
    ///
    /// The points are then read without curve and subgroup checks: the digest already ties
    /// the bytes to the ones `setup` wrote, and skipping the checks turns seconds into
    /// milliseconds.
    pub fn from_files(manifest: &[u8], key: &[u8]) -> Result<Self, ProveError> {
        let manifest = Manifest::from_json(manifest)?;
        manifest.proving_key.check("proving key", key)?;
        let _span = tracing::info_span!("load_proving_key", bytes = key.len()).entered();
        let mut reader = key;
        let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(&mut reader)
            .map_err(|e| ProveError::ProvingKey(e.to_string()))?;
        if !reader.is_empty() {
            return Err(ProveError::ProvingKey("trailing bytes".into()));
        }
        Ok(ProvingKey {
            pk,
            shape: manifest.shape,
            verifying_key_digest: manifest.verifying_key.blake2b256,
        })
    }
}
