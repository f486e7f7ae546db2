//! Setup, prove and verify through the library APIs, and the replays that must fail.

use rand_core::OsRng;

type Pk = ark_groth16::ProvingKey<ark_bn254::Bn254>;
type Vk = ark_groth16::VerifyingKey<ark_bn254::Bn254>;
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    presentation::Presentation,
    signature::SecretKey,
    Request, Shape,
};
mod common;
use common::keys;
use zkcred_prover::{prove, setup, ProvingKey};
use zkcred_verifier::{verify, VerifyError, VerifyingKey};

const VC: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential"],
  "issuer": "did:web:issuer.example",
  "validFrom": "2024-01-01T00:00:00Z",
  "validUntil": "2040-01-01T00:00:00Z",
  "credentialSubject": {"birthDate": "2000-01-01", "height": 180}
}"#;

/// Fresh issuer and holder keys, and `vc` signed by the one for the other at `capacity`.
fn signed(vc: &str, capacity: usize) -> (SecretKey, HolderSecret, SignedCredential) {
    let issuer = SecretKey::generate(&mut OsRng);
    let holder = HolderSecret::generate(&mut OsRng);
    let credential = Credential::from_json(vc.as_bytes()).unwrap();
    let signed = SignedCredential::issue(credential, &issuer, holder.public(), capacity).unwrap();
    (issuer, holder, signed)
}

fn request(nonce: &str, verifier: &str) -> Request {
    let text = format!(
        r#"{{"verifier": "{verifier}", "nonce": "{nonce}", "date": "2026-12-03",
            "credentialSubject": {{"birthDate": {{"$ageAtLeast": 18}}, "height": {{"$gt": 150}}}}}}"#
    );
    Request::from_json(text.as_bytes()).unwrap()
}

#[test]
fn prove_verify_and_replays() {
    let shape = Shape::STANDARD;
    let params = setup(shape, &mut OsRng).unwrap();
    let (manifest, pk, vk) = keys(&params);

    let (issuer, holder, signed) = signed(VC, shape.attributes);

    let req = request("0123456789abcdef0123", "https://a.example");
    let p = prove(&pk, &signed, &holder, &req, &issuer.public(), &mut OsRng).unwrap();
    let p = Presentation::from_json(p.to_json().as_bytes()).unwrap();
    verify(&vk, &req, &issuer.public(), &p).unwrap();

    // Replayed against another nonce or verifier: named as another request.
    for other in [
        request("ffff456789abcdef0123", "https://a.example"),
        request("0123456789abcdef0123", "https://b.example"),
    ] {
        assert!(matches!(
            verify(&vk, &other, &issuer.public(), &p),
            Err(VerifyError::OtherRequest)
        ));
        // Even with the digest rewritten to match, the proof itself fails: the context binds it.
        let mut forged = p.clone();
        forged.request = hex::encode(other.digest());
        assert!(matches!(
            verify(&vk, &other, &issuer.public(), &forged),
            Err(VerifyError::Invalid)
        ));
    }

    // Another issuer's key on the verifier's side.
    let stranger = SecretKey::generate(&mut OsRng).public();
    assert!(matches!(
        verify(&vk, &req, &stranger, &p),
        Err(VerifyError::Invalid)
    ));

    // Every value of every byte of the proof, other than the original, is refused: no
    // second encoding of the same proof exists, and no other proof verifies.
    let bytes = p.proof_bytes();
    let (mut tried, mut refused_early) = (0usize, 0usize);
    for i in 0..bytes.len() {
        for b in 0..=255u8 {
            if b == bytes[i] {
                continue;
            }
            let mut m = bytes.clone();
            m[i] = b;
            tried += 1;
            if zkcred_verifier::parse_proof(&m).is_err() {
                refused_early += 1;
                continue;
            }
            let mut q = p.clone();
            q.proof = hex::encode(&m);
            assert!(
                verify(&vk, &req, &issuer.public(), &q).is_err(),
                "byte {i} = {b} accepted"
            );
        }
    }
    println!("single-byte proof mutations: {tried} tried, {refused_early} refused by parsing, all refused");

    // Keys from another setup do not match.
    let other = setup(shape, &mut OsRng).unwrap();
    let other_manifest = other.manifest.to_json();
    let other_vk =
        VerifyingKey::from_files(other_manifest.as_bytes(), &other.verifying_key).unwrap();
    assert!(matches!(
        verify(&other_vk, &req, &issuer.public(), &p),
        Err(VerifyError::OtherParameters { .. })
    ));
    // A key file that does not match its pin is refused.
    assert!(VerifyingKey::from_files(manifest.as_bytes(), &other.verifying_key).is_err());
    assert!(ProvingKey::from_files(
        manifest.as_bytes(),
        &other.proving_key,
        &params.verifying_key
    )
    .is_err());

    // A setup party that doctors the proving key to switch off the blinding is refused,
    // even when it rewrites the manifest to pin the doctored key.
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
    let doctor = |f: &dyn Fn(&mut Pk)| {
        let mut pk =
            ark_groth16::ProvingKey::<ark_bn254::Bn254>::deserialize_uncompressed_unchecked(
                &params.proving_key[..],
            )
            .unwrap();
        f(&mut pk);
        let mut bytes = Vec::new();
        pk.serialize_uncompressed(&mut bytes).unwrap();
        let mut m = params.manifest.clone();
        m.proving_key = zkcred_core::params::PinnedFile::of(&bytes);
        (m.to_json(), bytes)
    };
    use ark_ec::AffineRepr;
    let cases: [&dyn Fn(&mut Pk); 3] = [
        &|pk| pk.delta_g1 = ark_bn254::G1Affine::zero(),
        &|pk| pk.delta_g1 = pk.beta_g1,
        &|pk| pk.vk.delta_g2 = ark_bn254::G2Affine::zero(),
    ];
    for case in cases {
        let (m, bytes) = doctor(case);
        assert!(ProvingKey::from_files(m.as_bytes(), &bytes, &params.verifying_key).is_err());
    }

    // Verifying keys that would let anyone forge are refused even when pinned.
    let vk0 = ark_groth16::VerifyingKey::<ark_bn254::Bn254>::deserialize_compressed(
        &params.verifying_key[..],
    )
    .unwrap();
    let vk_cases: [&dyn Fn(&mut Vk); 5] = [
        &|vk| vk.delta_g2 = vk.gamma_g2,
        &|vk| vk.alpha_g1 = ark_bn254::G1Affine::zero(),
        &|vk| vk.gamma_abc_g1[3] = ark_bn254::G1Affine::zero(),
        &|vk| {
            vk.gamma_abc_g1.pop();
        },
        &|vk| vk.gamma_abc_g1.push(vk.gamma_abc_g1[1]),
    ];
    for case in vk_cases {
        let mut vk = vk0.clone();
        case(&mut vk);
        let mut bytes = Vec::new();
        vk.serialize_compressed(&mut bytes).unwrap();
        let mut m = params.manifest.clone();
        m.verifying_key = zkcred_core::params::PinnedFile::of(&bytes);
        assert!(VerifyingKey::from_files(m.to_json().as_bytes(), &bytes).is_err());
    }
    // Trailing bytes after a valid key are refused too.
    let mut long = params.verifying_key.clone();
    long.push(0);
    let mut m = params.manifest.clone();
    m.verifying_key = zkcred_core::params::PinnedFile::of(&long);
    assert!(VerifyingKey::from_files(m.to_json().as_bytes(), &long).is_err());
}

/// On the credential circuit, `groth16::create_proof` gives stock arkworks' proof for the same
/// key and blinding, whether the matrix cache is cold or warm.
#[test]
fn credential_proofs_equal_stock_proofs() {
    use ark_ff::UniformRand;
    use ark_groth16::Groth16;
    use zkcred_circuits::{CredentialCircuit, Witness};
    use zkcred_prover::groth16::{create_proof, MatrixCache};

    let shape = Shape::STANDARD;
    let params = setup(shape, &mut OsRng).unwrap();
    let (_, pk, _) = keys(&params);
    let (issuer, holder, signed) = signed(VC, shape.attributes);

    let cache = MatrixCache::new();
    for nonce in ["0123456789abcdef0123", "aaaa456789abcdef0123"] {
        let statement = request(nonce, "https://a.example")
            .statement(issuer.public(), &shape, &Default::default())
            .unwrap();
        let circuit = CredentialCircuit {
            shape,
            public_inputs: statement.public_inputs(&shape).unwrap(),
            witness: Some(Witness::new(&signed, &holder, &statement, shape).unwrap()),
        };
        let (r, s) = (
            ark_bn254::Fr::rand(&mut OsRng),
            ark_bn254::Fr::rand(&mut OsRng),
        );
        let ours = create_proof(pk.groth16_key(), &cache, circuit.clone(), r, s).unwrap();
        let stock = Groth16::<ark_bn254::Bn254>::create_proof_with_reduction(
            circuit,
            pk.groth16_key(),
            r,
            s,
        )
        .unwrap();
        assert_eq!(ours, stock);
    }
}

/// A batch of valid presentations passes; a batch with false ones is refused and names them.
#[test]
fn batch_verification_names_the_false_presentations() {
    use zkcred_verifier::{verify_batch, BatchItem};

    let shape = Shape::STANDARD;
    let params = setup(shape, &mut OsRng).unwrap();
    let (_, pk, vk) = keys(&params);
    let (issuer, holder, signed) = signed(VC, shape.attributes);

    let requests: Vec<Request> = (0..4)
        .map(|i| request(&format!("{i:020}"), "https://a.example"))
        .collect();
    let presentations: Vec<Presentation> = requests
        .iter()
        .map(|r| prove(&pk, &signed, &holder, r, &issuer.public(), &mut OsRng).unwrap())
        .collect();
    let items = |ps: &[Presentation]| -> Vec<(usize, Presentation)> {
        ps.iter().cloned().enumerate().collect()
    };
    let batch = |ps: &[(usize, Presentation)]| {
        let items: Vec<BatchItem> = ps
            .iter()
            .map(|(i, p)| BatchItem {
                request: &requests[*i],
                issuer: issuer.public(),
                presentation: p,
            })
            .collect();
        verify_batch(&vk, &items, &mut OsRng)
    };
    assert_eq!(batch(&items(&presentations)).unwrap().len(), 4);
    assert!(batch(&[]).unwrap().is_empty());

    // #1 carries #2's proof under #1's request digest: only the pairing check can tell.
    let mut bad = items(&presentations);
    bad[1].1.proof = presentations[2].proof.clone();
    let err = batch(&bad).unwrap_err();
    let named: Vec<usize> = err.failures.iter().map(|(i, _)| *i).collect();
    assert_eq!(named, [1]);
    assert!(matches!(err.failures[0].1, VerifyError::Invalid));

    // Add #3 answering another request: named too, for its own reason.
    bad[3].1 = presentations[0].clone();
    let err = batch(&bad).unwrap_err();
    let named: Vec<usize> = err.failures.iter().map(|(i, _)| *i).collect();
    assert_eq!(named, [1, 3]);
    assert!(matches!(err.failures[1].1, VerifyError::OtherRequest));
    assert_eq!(err.total, 4);

    // A batch of one false proof alone, and a mangled proof that does not parse.
    assert!(batch(&bad[1..2]).is_err());
    let mut mangled = items(&presentations[..1]);
    mangled[0].1.proof = "00".repeat(128);
    assert!(matches!(
        batch(&mangled).unwrap_err().failures[0].1,
        VerifyError::MalformedProof(_)
    ));
}

/// The smallest shape that answers an over-18 request: 12 attributes, one range check, no
/// set check. Its circuit stays within the 5,584 constraints of the same statement written
/// with circomlib (which commits to 16 attributes).
#[test]
fn smallest_over_18_shape() {
    let shape = Shape {
        attributes: 12,
        predicates: 1,
        sets: 0,
    };
    let params = setup(shape, &mut OsRng).unwrap();
    assert_eq!(params.manifest.constraints, 5301);
    let (_, pk, vk) = keys(&params);
    let (issuer, holder, signed) = signed(include_str!("../../examples/age-card.json"), 12);
    let over_18 =
        Request::from_json(include_bytes!("../../examples/over-18-request.json")).unwrap();
    let p = prove(
        &pk,
        &signed,
        &holder,
        &over_18,
        &issuer.public(),
        &mut OsRng,
    )
    .unwrap();
    verify(&vk, &over_18, &issuer.public(), &p).unwrap();

    // A request with a second range check does not fit, and says so before any proof.
    let two = r#"{"verifier": "https://bar.example", "nonce": "0123456789abcdef0123",
        "date": "2026-12-03", "credentialSubject": {"birthDate": {"$ageAtLeast": 18},
        "nationality": {"$eq": "FR"}}}"#;
    let two = Request::from_json(two.as_bytes()).unwrap();
    assert!(two.check_fits(issuer.public(), &shape).is_err());
}

/// A proving key written without its constraint matrices (as setups before they were stored)
/// still proves: the first proof builds them.
#[test]
fn proving_key_without_matrices_still_proves() {
    let shape = Shape::STANDARD;
    let mut params = setup(shape, &mut OsRng).unwrap();
    let mut reader = &params.proving_key[..];
    <Pk as ark_serialize::CanonicalDeserialize>::deserialize_uncompressed_unchecked(&mut reader)
        .unwrap();
    let key_only = params.proving_key.len() - reader.len();
    params.proving_key.truncate(key_only);
    params.manifest.proving_key = zkcred_core::params::PinnedFile::of(&params.proving_key);
    let (_, pk, vk) = keys(&params);
    let (issuer, holder, signed) = signed(VC, shape.attributes);
    let req = request("0123456789abcdef0123", "https://a.example");
    for _ in 0..2 {
        let p = prove(&pk, &signed, &holder, &req, &issuer.public(), &mut OsRng).unwrap();
        verify(&vk, &req, &issuer.public(), &p).unwrap();
    }
}
