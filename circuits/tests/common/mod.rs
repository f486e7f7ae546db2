//! What the statement-level tests share.

use zkcred_circuits::Fr;
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    signature::SecretKey,
};

/// An issuer, a holder, and the credential `vc` signed by the one for the other.
pub struct Setup {
    pub issuer: SecretKey,
    pub holder: HolderSecret,
    pub signed: SignedCredential,
}

/// The fixed issuer and holder keys the tests use, with `vc` signed for `capacity` attributes.
pub fn setup(vc: &str, capacity: usize) -> Setup {
    let issuer = SecretKey::from_seed([9; 32]);
    let holder = HolderSecret::from_field(Fr::from(424242u64));
    let credential = Credential::from_json(vc.as_bytes()).unwrap();
    let signed = SignedCredential::issue(credential, &issuer, holder.public(), capacity).unwrap();
    Setup {
        issuer,
        holder,
        signed,
    }
}
