//! Criterion benchmarks of the over-18 flow: setup, key loading, witness, prove, verify.
//!
//! Run with `cargo bench --bench flow`. Figures are for this machine only; compare rows
//! measured in the same run.

use std::hint::black_box;

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use criterion::{criterion_group, criterion_main, Criterion};
use rand_core::OsRng;
use zkcred_circuits::{CredentialCircuit, Witness};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    signature::SecretKey,
    Request, Shape,
};
use zkcred_prover::{prove, setup, ProvingKey};
use zkcred_verifier::{verify, VerifyingKey};

const LICENCE: &str = include_str!("../examples/driving-licence.json");
const REQUEST: &str = include_str!("../examples/over-18-request.json");

fn flow(c: &mut Criterion) {
    let shape = Shape::STANDARD;
    let issuer = SecretKey::from_seed([1; 32]);
    let holder = HolderSecret::from_field(ark_bn254::Fr::from(7u64));
    let credential = Credential::from_json(LICENCE.as_bytes()).unwrap();
    let signed =
        SignedCredential::issue(credential, &issuer, holder.public(), shape.attributes).unwrap();
    let request = Request::from_json(REQUEST.as_bytes()).unwrap();

    let mut group = c.benchmark_group("over-18");
    group.sample_size(10);
    group.bench_function("setup", |b| b.iter(|| setup(shape, &mut OsRng).unwrap()));

    let params = setup(shape, &mut OsRng).unwrap();
    let manifest = params.manifest.to_json();
    group.bench_function("load proving key (digest + unchecked)", |b| {
        b.iter(|| {
            ProvingKey::from_files(
                manifest.as_bytes(),
                &params.proving_key,
                &params.verifying_key,
            )
            .unwrap()
        })
    });
    group.bench_function("load verifying key (checked)", |b| {
        b.iter(|| VerifyingKey::from_files(manifest.as_bytes(), &params.verifying_key).unwrap())
    });

    let statement = request.statement(issuer.public(), &shape).unwrap();
    let inputs = statement.public_inputs(&shape).unwrap();
    group.bench_function("witness generation", |b| {
        b.iter(|| {
            let witness = Witness::new(&signed, &holder, &statement, shape).unwrap();
            let cs = ConstraintSystem::new_ref();
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
                generate_lc_assignments: true,
            });
            let circuit = CredentialCircuit {
                shape,
                public_inputs: inputs.clone(),
                witness: Some(witness),
            };
            circuit.generate_constraints(cs.clone()).unwrap();
            black_box(cs.num_witness_variables())
        })
    });

    let pk = ProvingKey::from_files(
        manifest.as_bytes(),
        &params.proving_key,
        &params.verifying_key,
    )
    .unwrap();
    let vk = VerifyingKey::from_files(manifest.as_bytes(), &params.verifying_key).unwrap();
    group.bench_function("prove", |b| {
        b.iter(|| {
            prove(
                &pk,
                &signed,
                &holder,
                &request,
                &issuer.public(),
                &mut OsRng,
            )
            .unwrap()
        })
    });
    let presentation = prove(
        &pk,
        &signed,
        &holder,
        &request,
        &issuer.public(),
        &mut OsRng,
    )
    .unwrap();
    group.bench_function("verify", |b| {
        b.iter(|| verify(&vk, &request, &issuer.public(), &presentation).unwrap())
    });
    group.finish();
}

criterion_group!(benches, flow);
criterion_main!(benches);
