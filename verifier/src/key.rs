//! Loading and vetting the verifying key.

use ark_bn254::Bn254;
use ark_ec::AffineRepr;
use ark_groth16::PreparedVerifyingKey;
use ark_serialize::{CanonicalDeserialize, Compress, Validate};
use thiserror::Error;
use zkcred_core::params::Manifest;
use zkcred_core::Shape;

/// Why a verifying key was refused.
#[derive(Debug, Error)]
pub enum VerifyingKeyError {
    /// The manifest or the key file does not match its pin.
    #[error(transparent)]
    Pin(#[from] zkcred_core::Error),
    /// The key's bytes are not a canonical compressed key of valid points.
    #[error("verifying key: not a valid compressed Groth16 key on BN254 ({0})")]
    Encoding(String),
    /// The key would let anyone forge proofs, or does not fit the manifest's shape.
    #[error("verifying key: {0}")]
    Unsafe(&'static str),
}

/// A vetted, prepared verifying key and the shape it serves.
pub struct VerifyingKey {
    pub(crate) pvk: PreparedVerifyingKey<Bn254>,
    /// The circuit shape the key serves.
    pub shape: Shape,
    /// Hex BLAKE2b-256 of the key file, as presentations name it.
    pub digest: String,
}

impl VerifyingKey {
    /// Whether `vk` is this key (for the prover's check of its proving key).
    pub fn matches(&self, vk: &ark_groth16::VerifyingKey<Bn254>) -> bool {
        self.pvk.vk == *vk
    }

    /// Reads a key from the parameters manifest and the verifying key file's bytes.
    ///
    /// The file must match the manifest's pin; its points must be canonical, on the curve
    /// and in the prime-order subgroups; and it must not be a key that accepts anything
    /// (identity points, `gamma = delta`) or one with the wrong number of input bases.
    pub fn from_files(manifest: &[u8], key: &[u8]) -> Result<Self, VerifyingKeyError> {
        let manifest = Manifest::from_json(manifest)?;
        manifest.verifying_key.check("verifying key", key)?;
        let mut reader = key;
        let vk = ark_groth16::VerifyingKey::<Bn254>::deserialize_with_mode(
            &mut reader,
            Compress::Yes,
            Validate::Yes,
        )
        .map_err(|e| VerifyingKeyError::Encoding(e.to_string()))?;
        if !reader.is_empty() {
            return Err(VerifyingKeyError::Encoding("trailing bytes".into()));
        }
        if vk.alpha_g1.is_zero()
            || vk.beta_g2.is_zero()
            || vk.gamma_g2.is_zero()
            || vk.delta_g2.is_zero()
            || vk.gamma_abc_g1.iter().any(|p| p.is_zero())
        {
            return Err(VerifyingKeyError::Unsafe("holds the identity point"));
        }
        if vk.gamma_g2 == vk.delta_g2 {
            return Err(VerifyingKeyError::Unsafe(
                "gamma equals delta, which lets anyone forge",
            ));
        }
        if vk.gamma_abc_g1.len() != manifest.shape.num_public_inputs() + 1 {
            return Err(VerifyingKeyError::Unsafe(
                "has the wrong number of public input bases",
            ));
        }
        Ok(VerifyingKey {
            pvk: ark_groth16::prepare_verifying_key(&vk),
            shape: manifest.shape,
            digest: manifest.verifying_key.blake2b256,
        })
    }
}
