//! Fuzzes the presentation file parser and the proof bytes parser, both directly
//! (`zkcred_verifier::parse_proof`) and through `zkcred_verifier::verify`.
//!
//! A synthetic verifying key (fixed, well-formed points, not from a trusted setup) is built
//! once and loaded through `VerifyingKey::from_files`, so that a presentation naming the right
//! key and request gets as far as decoding its proof and, when the proof decodes, the pairing
//! check. Inputs that are not a presentation file are used as raw proof bytes.
#![no_main]

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_serialize::CanonicalSerialize;
use libfuzzer_sys::fuzz_target;
use zkcred_core::params::{Manifest, PinnedFile, FORMAT as PARAMS_FORMAT};
use zkcred_core::presentation::{Presentation, FORMAT};
use zkcred_core::signature::{PublicKey, SecretKey};
use zkcred_core::{Request, Shape};
use zkcred_verifier::{parse_proof, verify, VerifyError, VerifyingKey};

struct Fixture {
    key: VerifyingKey,
    request: Request,
    request_digest: String,
    issuer: PublicKey,
}

const REQUEST: &[u8] = br#"{
  "verifier": "https://bar.example",
  "nonce": "7c3e9a41d0b25f68e4a17c9302bd5e6f",
  "date": "2026-12-03",
  "credentialSubject": {"birthDate": {"$ageAtLeast": 18}}
}"#;

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let g1 = |k: u64| (G1Affine::generator() * Fr::from(k)).into_affine();
        let g2 = |k: u64| (G2Affine::generator() * Fr::from(k)).into_affine();
        let shape = Shape::STANDARD;
        let vk = ark_groth16::VerifyingKey::<Bn254> {
            alpha_g1: g1(2),
            beta_g2: g2(3),
            gamma_g2: g2(5),
            delta_g2: g2(7),
            gamma_abc_g1: (0..=shape.num_public_inputs() as u64)
                .map(|i| g1(11 + i))
                .collect(),
        };
        let mut key_bytes = Vec::new();
        vk.serialize_compressed(&mut key_bytes).unwrap();
        let manifest = Manifest {
            format: PARAMS_FORMAT.into(),
            shape,
            constraints: 1,
            proving_key: PinnedFile::of(b"not used"),
            verifying_key: PinnedFile::of(&key_bytes),
        };
        let key = VerifyingKey::from_files(manifest.to_json().as_bytes(), &key_bytes)
            .expect("the synthetic verifying key is well formed");
        let request = Request::from_json(REQUEST).unwrap();
        Fixture {
            request_digest: hex::encode(request.digest()),
            request,
            key,
            issuer: SecretKey::from_seed([1; 32]).public(),
        }
    })
}

fn check(f: &Fixture, presentation: &Presentation) {
    match verify(&f.key, &f.request, &f.issuer, presentation) {
        // No proof verifies against a key nobody holds the trapdoor of.
        Ok(_) => panic!("a proof verified against the synthetic key"),
        Err(
            VerifyError::OtherParameters { .. }
            | VerifyError::OtherRequest
            | VerifyError::MalformedProof(_)
            | VerifyError::Invalid,
        ) => {}
        Err(e) => panic!("unexpected error for a well-formed request: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    match Presentation::from_json(data) {
        Ok(p) => {
            assert_eq!(p.proof_bytes().len(), zkcred_core::presentation::PROOF_BYTES);
            // As read: usually names another key or request.
            check(f, &p);
            // Named right, so the proof hex reaches the proof parser.
            let p = Presentation {
                request: f.request_digest.clone(),
                parameters: f.key.digest.clone(),
                ..p
            };
            check(f, &p);
        }
        Err(_) => {
            // Raw bytes as the proof, whatever their length: straight to the parser, then
            // through `verify`, which must agree with it.
            let parsed = parse_proof(data);
            if parsed.is_ok() {
                assert_eq!(data.len(), zkcred_core::presentation::PROOF_BYTES);
            }
            let p = Presentation {
                format: FORMAT.into(),
                request: f.request_digest.clone(),
                parameters: f.key.digest.clone(),
                proof: hex::encode(data),
                disclosed: Default::default(),
                pseudonym: None,
            };
            match verify(&f.key, &f.request, &f.issuer, &p) {
                Err(VerifyError::MalformedProof(_)) => assert!(parsed.is_err()),
                Err(VerifyError::Invalid) => assert!(parsed.is_ok()),
                Ok(_) => panic!("a proof verified against the synthetic key"),
                Err(e) => panic!("unexpected error for a well-formed request: {e}"),
            }
        }
    }
});
