//! The holder's key: a secret field element and its Poseidon image.
//!
//! `holder_public = Poseidon(1, holder_secret)`. The issuer commits to `holder_public`; the
//! proof shows knowledge of `holder_secret`, so a copied credential file proves nothing
//! without the secret. For a request with a scope, the proof also outputs
//! `pseudonym = Poseidon(2, holder_secret, scope)`.

use ark_ff::UniformRand;
use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Fr;

/// Domain separator of the holder key derivation, the first Poseidon input.
pub const HOLDER_KEY_DOMAIN: u64 = 1;
/// Domain separator of pseudonyms, the first Poseidon input.
pub const PSEUDONYM_DOMAIN: u64 = 2;

/// A holder's secret. Zeroized on drop; `Debug` prints nothing of it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct HolderSecret(Fr);

impl std::fmt::Debug for HolderSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HolderSecret(<redacted>)")
    }
}

impl HolderSecret {
    /// A fresh secret from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        HolderSecret(Fr::rand(rng))
    }

    /// Wraps a known secret (for example one read from a key file).
    pub fn from_field(secret: Fr) -> Self {
        HolderSecret(secret)
    }

    /// The secret as a field element, for the witness.
    pub fn expose(&self) -> Fr {
        self.0
    }

    /// The public key the issuer binds the credential to.
    pub fn public(&self) -> Fr {
        holder_public(self.0)
    }

    /// The holder's pseudonym for a scope: the same for every proof with that scope,
    /// unlinkable across scopes without the secret.
    pub fn pseudonym(&self, scope: Fr) -> Fr {
        pseudonym(self.0, scope)
    }
}

/// `Poseidon(2, secret, scope)`.
pub fn pseudonym(secret: Fr, scope: Fr) -> Fr {
    crate::poseidon::hash(&[Fr::from(PSEUDONYM_DOMAIN), secret, scope])
}

/// `Poseidon(1, secret)`.
pub fn holder_public(secret: Fr) -> Fr {
    crate::poseidon::hash(&[Fr::from(HOLDER_KEY_DOMAIN), secret])
}
