//! Proving one presentation.

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_serialize::CanonicalSerialize;
use ark_snark::SNARK;
use rand_core::{CryptoRng, RngCore};
use zkcred_circuits::{CredentialCircuit, Witness};
use zkcred_core::{
    credential::SignedCredential, holder::HolderSecret, presentation, signature::PublicKey, Request,
};

use crate::{ProveError, ProvingKey};

/// Proves that the holder's credential satisfies `request`, for credentials of `issuer`.
///
/// Every condition is checked natively first, so a credential that cannot answer the
/// request yields a precise [`ProveError::Witness`] instead of a failed proof.
pub fn prove<R: RngCore + CryptoRng>(
    key: &ProvingKey,
    signed: &SignedCredential,
    holder: &HolderSecret,
    request: &Request,
    issuer: &PublicKey,
    rng: &mut R,
) -> Result<presentation::Presentation, ProveError> {
    let shape = key.shape;
    let statement = request.statement(*issuer, &shape)?;
    let public_inputs = statement.public_inputs(&shape)?;
    let witness = Witness::new(signed, holder, &statement, shape)?;

    let proof = {
        let _span = tracing::info_span!("groth16_prove").entered();
        let circuit = CredentialCircuit {
            shape,
            public_inputs: public_inputs.clone(),
            witness: Some(witness),
        };
        Groth16::<Bn254>::prove(&key.pk, circuit, rng)?
    };

    // A proof that fails its own key is a bug; never hand it out.
    let pvk = ark_groth16::prepare_verifying_key(&key.pk.vk);
    if !Groth16::<Bn254>::verify_with_processed_vk(&pvk, &public_inputs, &proof)? {
        return Err(ProveError::SelfCheck);
    }

    let mut bytes = Vec::with_capacity(presentation::PROOF_BYTES);
    proof
        .serialize_compressed(&mut bytes)
        .map_err(|e| ProveError::ProvingKey(e.to_string()))?;
    Ok(presentation::Presentation {
        format: presentation::FORMAT.to_string(),
        request: hex::encode(request.digest()),
        parameters: key.verifying_key_digest.clone(),
        proof: hex::encode(bytes),
    })
}
