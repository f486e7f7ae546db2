//! Verifying one presentation against the verifier's own request.

use ark_bn254::{Bn254, Fr, G1Projective};
use ark_ec::AffineRepr;
use ark_ec::VariableBaseMSM;
use ark_groth16::{Groth16, Proof};
use ark_serialize::{CanonicalDeserialize, Compress, Validate};
use thiserror::Error;
use zkcred_core::{
    presentation::Presentation, signature::PublicKey, Disclosure, Request, Statement,
};

use crate::key::VerifyingKey;

/// Why a presentation was not accepted.
#[derive(Debug, Error)]
pub enum VerifyError {
    /// The request cannot be turned into a statement for this key's shape.
    #[error("request: {0}")]
    Request(zkcred_core::Error),
    /// The presentation names another request than the verifier's.
    #[error(
        "the presentation answers another request (nonce, verifier, date or conditions differ)"
    )]
    OtherRequest,
    /// The presentation names another verifying key than the verifier's.
    #[error("the presentation was made for verifying key {found}, not this one ({expected})")]
    OtherParameters {
        /// The digest the presentation names.
        found: String,
        /// The digest of the verifier's key.
        expected: String,
    },
    /// The presentation's disclosed values or pseudonym do not answer the request.
    #[error("{0}")]
    Disclosure(String),
    /// The proof bytes are not three canonical, valid, non-identity points.
    #[error("malformed proof: {0}")]
    MalformedProof(String),
    /// The statement has another number of public inputs than the key has bases.
    #[error("the request yields {found} public inputs; the verifying key takes {expected}")]
    InputCount {
        /// Inputs built from the request.
        found: usize,
        /// Inputs the key takes.
        expected: usize,
    },
    /// The proof is well formed but false for this request, issuer and key.
    #[error("the proof does not verify for this request and issuer")]
    Invalid,
}

/// What a verified presentation established.
#[derive(Debug)]
pub struct Verified {
    /// The statement the proof was checked against, rebuilt from the verifier's request.
    pub statement: Statement,
    /// The values and pseudonym the presentation revealed, now proven.
    pub disclosure: Disclosure,
    /// The public inputs the proof was checked against, in the key's order.
    pub public_inputs: Vec<Fr>,
    /// The proof that passed.
    pub proof: Proof<Bn254>,
}

/// Verifies `presentation` against the verifier's `request`, `issuer` and `key`.
///
/// The public inputs come from `request` and `issuer` alone. The digests in the presentation
/// are compared first only to report a mismatch precisely; they never feed the check.
pub fn verify(
    key: &VerifyingKey,
    request: &Request,
    issuer: &PublicKey,
    presentation: &Presentation,
) -> Result<Verified, VerifyError> {
    let (statement, disclosure, inputs, proof) = prepare(key, request, issuer, presentation)?;
    check_inputs_and_proof(key, &inputs, &proof)?;
    Ok(Verified {
        statement,
        disclosure,
        public_inputs: inputs,
        proof,
    })
}

/// What [`prepare`] yields: the statement, the disclosure it was built with, the public
/// inputs and the parsed proof.
pub(crate) type Prepared = (Statement, Disclosure, Vec<Fr>, Proof<Bn254>);

/// Everything [`verify`] checks before the pairing: digests, the statement rebuilt from the
/// verifier's request and the presentation's disclosure, its public inputs (as many as the key
/// takes) and the parsed proof.
pub(crate) fn prepare(
    key: &VerifyingKey,
    request: &Request,
    issuer: &PublicKey,
    presentation: &Presentation,
) -> Result<Prepared, VerifyError> {
    if presentation.parameters != key.digest {
        return Err(VerifyError::OtherParameters {
            found: presentation.parameters.clone(),
            expected: key.digest.clone(),
        });
    }
    if presentation.request != hex::encode(request.digest()) {
        return Err(VerifyError::OtherRequest);
    }

    // Public inputs, from the verifier's own request and issuer key.
    let disclosure = presentation
        .disclosure()
        .map_err(|e| VerifyError::Disclosure(e.to_string()))?;
    let statement = request
        .statement(*issuer, &key.shape, &disclosure)
        .map_err(|e| match e {
            zkcred_core::Error::Disclosure(_) => VerifyError::Disclosure(e.to_string()),
            e => VerifyError::Request(e),
        })?;
    let inputs = statement
        .public_inputs(&key.shape)
        .map_err(VerifyError::Request)?;

    let proof = parse_proof(&presentation.proof_bytes())?;
    // `prepare_inputs` zips inputs with bases and would ignore a surplus; insist on equality.
    if inputs.len() + 1 != key.pvk.vk.gamma_abc_g1.len() {
        return Err(VerifyError::InputCount {
            found: inputs.len(),
            expected: key.pvk.vk.gamma_abc_g1.len() - 1,
        });
    }
    Ok((statement, disclosure, inputs, proof))
}

/// Reads a compressed proof: canonical encodings of points in the right subgroups, none of
/// them the identity, and nothing after them.
pub fn parse_proof(bytes: &[u8]) -> Result<Proof<Bn254>, VerifyError> {
    let mut reader = bytes;
    let proof = Proof::<Bn254>::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
        .map_err(|e| {
            VerifyError::MalformedProof(format!(
                "not a compressed Groth16 proof of valid BN254 points ({e})"
            ))
        })?;
    if !reader.is_empty() {
        return Err(VerifyError::MalformedProof("trailing bytes".into()));
    }
    if proof.a.is_zero() || proof.b.is_zero() || proof.c.is_zero() {
        return Err(VerifyError::MalformedProof(
            "a proof point is the identity".into(),
        ));
    }
    Ok(proof)
}

/// The pairing check of one proof, for inputs of the key's length (see [`prepare`]).
pub(crate) fn check_inputs_and_proof(
    key: &VerifyingKey,
    inputs: &[Fr],
    proof: &Proof<Bn254>,
) -> Result<(), VerifyError> {
    // gamma_abc_0 + sum_i input_i * gamma_abc_i, as one multi-scalar multiplication: most
    // inputs are zero or small, which the MSM exploits and one-by-one products do not.
    let bases = &key.pvk.vk.gamma_abc_g1;
    let prepared =
        G1Projective::msm(&bases[1..], inputs).map_err(|_| VerifyError::Invalid)? + bases[0];
    match Groth16::<Bn254>::verify_proof_with_prepared_inputs(&key.pvk, proof, &prepared) {
        Ok(true) => Ok(()),
        _ => Err(VerifyError::Invalid),
    }
}
