//! Loading and vetting the proving key.

use ark_bn254::{Bn254, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr};
use ark_serialize::CanonicalDeserialize;
use zkcred_core::params::Manifest;
use zkcred_core::Shape;
use zkcred_verifier::VerifyingKey;

use crate::groth16::{ConstraintMatrices, MatrixCache};
use crate::ProveError;

/// A proving key whose file matched its pinned digest and passed the holder's checks.
pub struct ProvingKey {
    pub(crate) pk: ark_groth16::ProvingKey<Bn254>,
    pub(crate) vk: VerifyingKey,
    /// The circuit's constraint matrices, read with the key (or built by the first proof).
    pub(crate) matrices: MatrixCache,
    /// The shape the key serves.
    pub shape: Shape,
}

impl ProvingKey {
    /// The arkworks proving key, for comparisons with other provers.
    pub fn groth16_key(&self) -> &ark_groth16::ProvingKey<Bn254> {
        &self.pk
    }

    /// Reads the proving key after checking its bytes against the manifest's digest, and
    /// checks it against the verifying key file.
    ///
    /// The query vectors are read without curve and subgroup checks: the digest ties the
    /// bytes to the ones `setup` wrote, and skipping the checks turns seconds into
    /// milliseconds. The points that hide the witness are checked one by one: `delta` and
    /// `beta` in both groups must be valid, non-identity and consistent
    /// (`e(beta_g1, delta_g2) = e(delta_g1, beta_g2)`), and the key's own verifying key must
    /// equal the verifying key file. Every proof is then checked as a verifier would before
    /// it is written.
    ///
    /// These checks stop a setup party from switching the masking off, but they are not a
    /// full subversion-zero-knowledge check of the query vectors: whoever ran setup must be
    /// trusted with the holders' privacy as well as with soundness.
    pub fn from_files(
        manifest: &[u8],
        key: &[u8],
        verifying_key: &[u8],
    ) -> Result<Self, ProveError> {
        // The manifest first, so that its errors are named as the manifest's.
        let parsed = Manifest::from_json(manifest).map_err(ProveError::Manifest)?;
        let vk =
            VerifyingKey::from_files(manifest, verifying_key).map_err(ProveError::VerifyingKey)?;
        parsed.proving_key.check("proving key", key)?;
        let _span = tracing::info_span!("load_proving_key", bytes = key.len()).entered();
        let mut reader = key;
        let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(&mut reader)
            .map_err(|e| ProveError::ProvingKey(e.to_string()))?;
        vet(&pk, &vk)?;
        // Keys written before the matrices were stored with them end here; their first
        // proof builds the matrices.
        let matrices = if reader.is_empty() {
            MatrixCache::new()
        } else {
            let (m, rest) = ConstraintMatrices::read(reader)
                .map_err(|e| ProveError::ProvingKey(format!("its constraint matrices {e}")))?;
            if !rest.is_empty() {
                return Err(ProveError::ProvingKey("trailing bytes".into()));
            }
            if m.num_constraints() != parsed.constraints || m.num_variables() != pk.b_g2_query.len()
            {
                return Err(ProveError::ProvingKey(format!(
                    "its circuit has {} constraints and {} variables, the manifest {} \
                     constraints and the key {} variables",
                    m.num_constraints(),
                    m.num_variables(),
                    parsed.constraints,
                    pk.b_g2_query.len()
                )));
            }
            MatrixCache::filled(m)
        };
        Ok(ProvingKey {
            pk,
            vk,
            matrices,
            shape: parsed.shape,
        })
    }
}

fn vet(pk: &ark_groth16::ProvingKey<Bn254>, vk: &VerifyingKey) -> Result<(), ProveError> {
    let bad = |why: &str| Err(ProveError::ProvingKey(why.to_string()));
    if !vk.matches(&pk.vk) {
        return bad("its verifying key differs from the verifying key file");
    }
    let g1_ok = |p: &G1Affine| {
        p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() && !p.is_zero()
    };
    let g2_ok = |p: &G2Affine| {
        p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve() && !p.is_zero()
    };
    if !(g1_ok(&pk.beta_g1) && g1_ok(&pk.delta_g1) && g1_ok(&pk.vk.alpha_g1)) {
        return bad("alpha, beta or delta in G1 is not a valid non-identity point");
    }
    if !(g2_ok(&pk.vk.beta_g2) && g2_ok(&pk.vk.delta_g2) && g2_ok(&pk.vk.gamma_g2)) {
        return bad("beta, gamma or delta in G2 is not a valid non-identity point");
    }
    // e(beta_g1, delta_g2) = e(delta_g1, beta_g2): both are e(g1, g2)^(beta delta).
    if Bn254::pairing(pk.beta_g1, pk.vk.delta_g2) != Bn254::pairing(pk.delta_g1, pk.vk.beta_g2) {
        return bad("delta in G1 and G2 are inconsistent");
    }
    Ok(())
}
