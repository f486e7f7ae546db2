//! A real presentation and its verifier's files, made through the library as the CLI does.

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rand_core::OsRng;
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    keys,
    signature::SecretKey,
    Request, Shape,
};
use zkcred_prover::{prove, setup, ProvingKey};

/// A small shape keeps setup short; the page serves any shape.
pub const SHAPE: Shape = Shape {
    attributes: 24,
    predicates: 1,
    sets: 0,
};

const CREDENTIAL: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential"],
  "issuer": "did:web:issuer.example",
  "validFrom": "2024-01-01T00:00:00Z",
  "validUntil": "2040-01-01T00:00:00Z",
  "credentialSubject": {"birthDate": "2000-01-01", "height": 180}
}"#;

/// The request's JSON for `nonce` and `verifier`.
pub fn request_json(nonce: &str, verifier: &str) -> String {
    format!(
        r#"{{"verifier": "{verifier}", "nonce": "{nonce}", "date": "2026-12-03",
            "credentialSubject": {{"birthDate": {{"$ageAtLeast": 18}}}}}}"#
    )
}

/// The verifier's five files and two that must be refused, as bytes.
#[derive(Clone)]
pub struct Inputs {
    pub presentation: Vec<u8>,
    pub request: Vec<u8>,
    pub issuer: Vec<u8>,
    pub manifest: Vec<u8>,
    pub verifying_key: Vec<u8>,
    /// The presentation with one bit of its proof flipped.
    pub flipped_proof: Vec<u8>,
    /// A request with another nonce, which the presentation does not answer.
    pub other_request: Vec<u8>,
}

impl Inputs {
    /// Issues a credential, runs setup and proves the request.
    pub fn make() -> Self {
        let params = setup(SHAPE, &mut OsRng).expect("setup");
        let manifest = params.manifest.to_json().into_bytes();
        let pk = ProvingKey::from_files(&manifest, &params.proving_key, &params.verifying_key)
            .expect("proving key");

        let issuer = SecretKey::generate(&mut OsRng);
        let holder = HolderSecret::generate(&mut OsRng);
        let credential = Credential::from_json(CREDENTIAL.as_bytes()).expect("credential");
        let signed =
            SignedCredential::issue(credential, &issuer, holder.public(), SHAPE.attributes)
                .expect("issue");

        let request = request_json("5e1f0c2ab7d94e38a6b1c0d2e3f40516", "https://bar.example");
        let parsed = Request::from_json(request.as_bytes()).expect("request");
        let presentation = prove(&pk, &signed, &holder, &parsed, &issuer.public(), &mut OsRng)
            .expect("prove")
            .to_json();

        let mut doc: serde_json::Value = serde_json::from_str(&presentation).expect("json");
        let mut proof = hex::decode(doc["proof"].as_str().expect("proof")).expect("hex");
        proof[40] ^= 1;
        doc["proof"] = hex::encode(proof).into();

        Inputs {
            presentation: presentation.into_bytes(),
            request: request.into_bytes(),
            issuer: keys::issuer_public_to_json(&issuer.public()).into_bytes(),
            manifest,
            verifying_key: params.verifying_key,
            flipped_proof: doc.to_string().into_bytes(),
            other_request: request_json("00000000000000000000000000000000", "https://bar.example")
                .into_bytes(),
        }
    }

    /// Writes every file into `dir` under the names the CLI uses; returns `dir`.
    pub fn write(&self, dir: &Path) -> PathBuf {
        for (name, bytes) in [
            ("presentation.json", &self.presentation),
            ("request.json", &self.request),
            ("issuer.pub", &self.issuer),
            ("manifest.json", &self.manifest),
            ("verifying.key", &self.verifying_key),
            ("flipped-proof.json", &self.flipped_proof),
            ("other-request.json", &self.other_request),
        ] {
            std::fs::write(dir.join(name), bytes).expect("write input");
        }
        dir.to_path_buf()
    }
}
