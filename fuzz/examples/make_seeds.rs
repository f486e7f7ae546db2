//! Writes the hand-made seeds under `seeds/<target>/` (run from `fuzz/`):
//!
//! ```sh
//! cargo run --release --example make_seeds
//! ```
//!
//! The seeds are committed; rerun this only when a file format changes. `seed-corpus.sh`
//! copies them, with `../examples/*.json`, into `corpus/<target>/` before a run.

use std::fs;
use std::path::Path;

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_serialize::CanonicalSerialize;
use zkcred_core::holder::HolderSecret;
use zkcred_core::keys;
use zkcred_core::params::{Manifest, PinnedFile, FORMAT as PARAMS_FORMAT};
use zkcred_core::presentation::{Presentation, FORMAT};
use zkcred_core::signature::SecretKey;
use zkcred_core::{Credential, Request, Shape, SignedCredential};

const V1_CREDENTIAL: &str = r#"{
  "@context": "https://www.w3.org/2018/credentials/v1",
  "type": "VerifiableCredential",
  "issuer": {"id": "did:web:issuer.example"},
  "issuanceDate": "2020-02-29T23:59:59-12:00",
  "expirationDate": "9999-12-31T23:59:59+14:00",
  "credentialSubject": {
    "birthDate": "1969-12-31",
    "height": -9223372036854775808,
    "big": 9223372036854775807,
    "flags": [true, false, [1, {"deep": "2001-02-03T04:05:06.789+05:30"}]],
    "name": "Zoe\u0308"
  }
}"#;

const REQUESTS: &[(&str, &str)] = &[
    (
        "between-dates.json",
        r#"{"verifier": "did:web:v.example", "nonce": "0123456789abcdef", "date": "2024-02-29",
  "validAt": "2024-02-29T12:00:00+01:00",
  "credentialSubject": {"birthDate": {"$between": ["1900-01-01", "2006-02-28"]},
                        "height": {"$gte": -5}}}"#,
    ),
    (
        "ops.json",
        r#"{"verifier": "v", "nonce": "ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ", "date": "0001-01-01",
  "credentialSubject": {"a": {"$lt": 9223372036854775807, "$gt": false}}}"#,
    ),
    (
        "age-under.json",
        r#"{"verifier": "v", "nonce": "aaaaaaaaaaaaaaaa", "date": "9999-12-31",
  "credentialSubject": {"birthDate": {"$ageUnder": 200}}}"#,
    ),
    (
        "too-many.json",
        r#"{"verifier": "v", "nonce": "aaaaaaaaaaaaaaaa", "date": "2000-01-01",
  "credentialSubject": {"a": {"$eq": true}, "b": {"$lte": "2000-01-01T00:00:00Z"},
                        "c": {"$ageAtLeast": 0}}}"#,
    ),
];

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("seeds");
    let examples = root.join("../examples");

    for (name, text) in REQUESTS {
        Request::from_json(text.as_bytes()).unwrap();
        write(&seeds.join("request"), name, text.as_bytes());
    }
    write(&seeds.join("credential"), "v1.json", V1_CREDENTIAL.as_bytes());

    // Signed credentials: the bundled examples and the 1.1 one, issued by seed [1; 32].
    let issuer = SecretKey::from_seed([1; 32]);
    let holder = HolderSecret::from_field(Fr::from(42u64));
    let mut docs: Vec<(String, Vec<u8>)> = vec![("v1.json".into(), V1_CREDENTIAL.into())];
    for name in ["diploma.json", "driving-licence.json", "national-id.json"] {
        docs.push((name.into(), fs::read(examples.join(name)).unwrap()));
    }
    for (name, bytes) in docs {
        let credential = Credential::from_json(&bytes).unwrap();
        let capacity = credential.attributes.len().div_ceil(12) * 12;
        let signed =
            SignedCredential::issue(credential, &issuer, holder.public(), capacity).unwrap();
        signed.verify().unwrap();
        write(&seeds.join("signed_credential"), &name, signed.to_json().as_bytes());
    }

    // Proofs: generators as (A, B, C) and the same bytes inside a presentation file.
    let mut proof = Vec::new();
    G1Affine::generator().serialize_compressed(&mut proof).unwrap();
    G2Affine::generator().serialize_compressed(&mut proof).unwrap();
    (G1Affine::generator() * Fr::from(2u64))
        .into_affine()
        .serialize_compressed(&mut proof)
        .unwrap();
    assert_eq!(proof.len(), 128);
    write(&seeds.join("presentation"), "raw-proof.bin", &proof);
    let p = Presentation {
        format: FORMAT.into(),
        request: "00".repeat(32),
        parameters: "11".repeat(32),
        proof: hex::encode(&proof),
    };
    write(&seeds.join("presentation"), "presentation.json", p.to_json().as_bytes());

    // Key files, a manifest, decimals and a verifying key.
    let k = seeds.join("keys");
    write(&k, "issuer-secret.json", keys::issuer_secret_to_json(&issuer).as_bytes());
    write(&k, "issuer-public.json", keys::issuer_public_to_json(&issuer.public()).as_bytes());
    write(&k, "holder-secret.json", keys::holder_secret_to_json(&holder).as_bytes());
    write(&k, "holder-public.json", keys::holder_public_to_json(holder.public()).as_bytes());
    write(&k, "decimal-zero.txt", b"0");
    write(
        &k,
        "decimal-r-minus-1.txt",
        b"21888242871839275222246405745257275088548364400416034343698204186575808495616",
    );
    let g1 = |k: u64| (G1Affine::generator() * Fr::from(k)).into_affine();
    let g2 = |k: u64| (G2Affine::generator() * Fr::from(k)).into_affine();
    let vk = ark_groth16::VerifyingKey::<Bn254> {
        alpha_g1: g1(2),
        beta_g2: g2(3),
        gamma_g2: g2(5),
        delta_g2: g2(7),
        gamma_abc_g1: (0..=Shape::STANDARD.num_public_inputs() as u64)
            .map(|i| g1(11 + i))
            .collect(),
    };
    let mut vk_bytes = Vec::new();
    vk.serialize_compressed(&mut vk_bytes).unwrap();
    write(&k, "verifying-key.bin", &vk_bytes);
    let manifest = Manifest {
        format: PARAMS_FORMAT.into(),
        shape: Shape::STANDARD,
        constraints: 123_456,
        proving_key: PinnedFile::of(b"proving"),
        verifying_key: PinnedFile::of(&vk_bytes),
    };
    write(&k, "manifest.json", manifest.to_json().as_bytes());
    println!("seeds written to {}", seeds.display());
}
