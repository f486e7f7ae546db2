//! Verifying many presentations at once.
//!
//! Each proof `(A_i, B_i, C_i)` with prepared inputs `I_i = IC_0 + sum_j x_ij IC_j` must satisfy
//! `e(A_i, B_i) = e(alpha, beta) e(I_i, gamma) e(C_i, delta)`. With random 128-bit weights
//! `rho_i` chosen by the verifier after the proofs are fixed, the batch checks the single
//! product
//!
//! ```text
//! prod_i e(rho_i A_i, B_i) * e(-sum_i rho_i I_i, gamma) * e(-sum_i rho_i C_i, delta)
//!     * e(-(sum_i rho_i) alpha, beta) = 1
//! ```
//!
//! with one multi-Miller loop over `n + 3` pairs and one final exponentiation. A batch holding
//! a false proof passes with probability at most about `2^-128`. `sum_i rho_i I_i` is a single
//! MSM over the key's input bases, with scalars `sum_i rho_i x_ij`. When the product is not
//! one, every proof is checked on its own to name the false ones.

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective};
use ark_ec::pairing::{Pairing, PairingOutput};
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::Zero;
use rand_core::RngCore;
use thiserror::Error;
use zkcred_core::{presentation::Presentation, signature::PublicKey, Request};

use crate::key::VerifyingKey;
use crate::verify::{check_inputs_and_proof, prepare, Verified, VerifyError};

/// One presentation of a batch, with the request and issuer the verifier expects of it.
#[derive(Clone, Copy)]
pub struct BatchItem<'a> {
    /// The verifier's own request for this presentation.
    pub request: &'a Request,
    /// The issuer whose credentials the verifier accepts.
    pub issuer: PublicKey,
    /// The presentation received.
    pub presentation: &'a Presentation,
}

/// Why a batch was refused: every presentation that failed, by its index in the batch.
#[derive(Debug, Error)]
#[error("{} of {total} presentations refused{}", failures.len(), first(failures))]
pub struct BatchError {
    /// The number of presentations in the batch.
    pub total: usize,
    /// The index of each refused presentation and why, in batch order; never empty.
    pub failures: Vec<(usize, VerifyError)>,
}

fn first(failures: &[(usize, VerifyError)]) -> String {
    failures
        .first()
        .map_or_else(String::new, |(i, e)| format!(" (first: #{i}: {e})"))
}

/// Verifies every presentation of `items` against `key`, as [`crate::verify`] would one by one,
/// with a single pairing check for all of them.
///
/// `rng` draws the batch's weights; it must be unpredictable to whoever made the proofs.
/// On success the statements come back in batch order. If any presentation fails, the batch
/// is refused and the error lists each one that failed.
pub fn verify_batch<R: RngCore>(
    key: &VerifyingKey,
    items: &[BatchItem<'_>],
    rng: &mut R,
) -> Result<Vec<Verified>, BatchError> {
    let mut failures = Vec::new();
    let mut prepared = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match prepare(key, item.request, &item.issuer, item.presentation) {
            Ok(p) => prepared.push((i, p)),
            Err(e) => failures.push((i, e)),
        }
    }

    let checked: Vec<_> = prepared
        .iter()
        .map(|(_, (_, _, x, p))| (x.as_slice(), p))
        .collect();
    if !pairing_check(key, &checked, rng) {
        // Some proof is false: find which, one by one.
        for (i, (_, _, inputs, proof)) in &prepared {
            if let Err(e) = check_inputs_and_proof(key, inputs, proof) {
                failures.push((*i, e));
            }
        }
        if failures.is_empty() {
            // Every proof checks alone, so the batch cannot fail; refuse all the same.
            failures.extend(prepared.iter().map(|(i, _)| (*i, VerifyError::Invalid)));
        }
    }

    if failures.is_empty() {
        Ok(prepared
            .into_iter()
            .map(
                |(_, (statement, disclosure, public_inputs, proof))| Verified {
                    statement,
                    disclosure,
                    public_inputs,
                    proof,
                },
            )
            .collect())
    } else {
        failures.sort_by_key(|(i, _)| *i);
        Err(BatchError {
            total: items.len(),
            failures,
        })
    }
}

/// The batched pairing product of the module doc is one, for proofs whose inputs have the
/// key's length. An empty batch passes.
fn pairing_check<R: RngCore>(
    key: &VerifyingKey,
    proofs: &[(&[Fr], &ark_groth16::Proof<Bn254>)],
    rng: &mut R,
) -> bool {
    if proofs.is_empty() {
        return true;
    }
    let vk = &key.pvk.vk;
    let mut rho_sum = Fr::zero();
    let mut input_scalars = vec![Fr::zero(); vk.gamma_abc_g1.len()];
    let mut weighted_a = Vec::with_capacity(proofs.len() + 3);
    let mut c_bases = Vec::with_capacity(proofs.len());
    let mut rhos = Vec::with_capacity(proofs.len());
    for (inputs, proof) in proofs {
        let rho = weight(rng);
        rho_sum += rho;
        // sum_i rho_i I_i = (sum_i rho_i) IC_0 + sum_j (sum_i rho_i x_ij) IC_j.
        for (acc, x) in input_scalars[1..].iter_mut().zip(inputs.iter()) {
            *acc += rho * x;
        }
        weighted_a.push(proof.a * rho);
        c_bases.push(proof.c);
        rhos.push(rho);
    }
    input_scalars[0] = rho_sum;

    let inputs_acc = G1Projective::msm_unchecked(&vk.gamma_abc_g1, &input_scalars);
    let c_acc = G1Projective::msm_unchecked(&c_bases, &rhos);
    let alpha_acc = vk.alpha_g1 * rho_sum;

    // The G1 side: rho_i A_i, then the three accumulated points. gamma and delta come
    // negated and prepared from the key; beta is negated here through its G1 partner.
    weighted_a.extend([inputs_acc, c_acc, -alpha_acc]);
    let g1: Vec<G1Affine> = G1Projective::normalize_batch(&weighted_a);
    let mut g2: Vec<<Bn254 as Pairing>::G2Prepared> =
        proofs.iter().map(|(_, p)| p.b.into()).collect();
    g2.push(key.pvk.gamma_g2_neg_pc.clone());
    g2.push(key.pvk.delta_g2_neg_pc.clone());
    g2.push(vk.beta_g2.into());

    let loop_out = Bn254::multi_miller_loop(g1, g2);
    Bn254::final_exponentiation(loop_out).is_some_and(|r| r == PairingOutput::zero())
}

/// A uniformly random non-zero weight below `2^128`.
fn weight<R: RngCore>(rng: &mut R) -> Fr {
    loop {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        let w = u128::from_le_bytes(bytes);
        if w != 0 {
            return Fr::from(w);
        }
    }
}
