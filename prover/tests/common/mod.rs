//! What the prover's integration tests share.

use zkcred_prover::{Parameters, ProvingKey};
use zkcred_verifier::VerifyingKey;

/// The manifest's text and both keys of a setup, loaded as a holder and a verifier would.
pub fn keys(params: &Parameters) -> (String, ProvingKey, VerifyingKey) {
    let manifest = params.manifest.to_json();
    let pk = ProvingKey::from_files(
        manifest.as_bytes(),
        &params.proving_key,
        &params.verifying_key,
    )
    .unwrap();
    let vk = VerifyingKey::from_files(manifest.as_bytes(), &params.verifying_key).unwrap();
    (manifest, pk, vk)
}
