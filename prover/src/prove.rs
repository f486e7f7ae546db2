//! Proving one presentation.

use ark_ff::UniformRand;
use ark_serialize::CanonicalSerialize;
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroize;
use zkcred_circuits::{CredentialCircuit, Witness, WitnessError};
use zkcred_core::{
    credential::SignedCredential,
    holder::HolderSecret,
    presentation,
    signature::PublicKey,
    statement::{scope_element, Disclosure},
    Request,
};

use crate::{groth16, ProveError, ProvingKey};

/// Proves that the holder's credential satisfies `request`, for credentials of `issuer`.
///
/// Every condition is checked natively first, so a credential that cannot answer the
/// request yields a precise [`ProveError::Witness`] instead of a failed proof. The finished
/// presentation is checked with the verifier's own code before it is returned.
pub fn prove<R: RngCore + CryptoRng>(
    key: &ProvingKey,
    signed: &SignedCredential,
    holder: &HolderSecret,
    request: &Request,
    issuer: &PublicKey,
    rng: &mut R,
) -> Result<presentation::Presentation, ProveError> {
    let shape = key.shape;
    let disclosure = disclosure(signed, holder, request)?;
    let statement = request.statement(*issuer, &shape, &disclosure)?;
    let public_inputs = statement.public_inputs(&shape)?;
    let witness = Witness::new(signed, holder, &statement, shape)?;

    let proof = {
        let _span = tracing::info_span!("groth16_prove").entered();
        let circuit = CredentialCircuit {
            shape,
            public_inputs,
            witness: Some(witness),
        };
        // The blinding scalars r and s are drawn here so that they can be wiped afterwards.
        let mut r = ark_bn254::Fr::rand(rng);
        let mut s = ark_bn254::Fr::rand(rng);
        let proof = groth16::create_proof(&key.pk, &key.matrices, circuit, r, s);
        r.zeroize();
        s.zeroize();
        proof?
    };

    let mut bytes = Vec::with_capacity(presentation::PROOF_BYTES);
    proof
        .serialize_compressed(&mut bytes)
        .map_err(|e| ProveError::ProvingKey(e.to_string()))?;
    let mut presentation = presentation::Presentation {
        format: presentation::FORMAT.to_string(),
        request: hex::encode(request.digest()),
        parameters: key.vk.digest.clone(),
        proof: hex::encode(bytes),
        disclosed: Default::default(),
        pseudonym: None,
    };
    presentation.set_disclosure(&disclosure);

    // A presentation the verifier would refuse is never handed out.
    zkcred_verifier::verify(&key.vk, request, issuer, &presentation)
        .map_err(|_| ProveError::SelfCheck)?;
    Ok(presentation)
}

/// What the presentation will reveal: the values the request asks to disclose, and the
/// holder's pseudonym when the request has a scope.
pub fn disclosure(
    signed: &SignedCredential,
    holder: &HolderSecret,
    request: &Request,
) -> Result<Disclosure, ProveError> {
    let values = request
        .disclosed()
        .map(|name| {
            signed
                .credential
                .attributes
                .get(name)
                .map(|v| (name.to_string(), v.clone()))
                .ok_or_else(|| WitnessError::MissingAttribute(name.to_string()).into())
        })
        .collect::<Result<_, ProveError>>()?;
    let pseudonym = request
        .scope
        .as_deref()
        .map(|s| holder.pseudonym(scope_element(s)));
    Ok(Disclosure { values, pseudonym })
}
