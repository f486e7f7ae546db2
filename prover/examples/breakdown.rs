//! Where one over-18 proof's time goes: each phase of the prover, timed once per round, with
//! arkworks' MSM beside this crate's for each query.
//!
//! Run with `cargo run --release -p zkcred-prover --example breakdown` (set
//! `RAYON_NUM_THREADS` to pick the thread count).

use std::time::Instant;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::{AffineRepr, VariableBaseMSM};
use ark_ff::{One, Zero};
use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode, R1CS_PREDICATE_LABEL,
};
use ark_serialize::CanonicalDeserialize;
use rand_core::OsRng;
use zkcred_circuits::{CredentialCircuit, Witness};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    signature::SecretKey,
    Request, Shape,
};
use zkcred_prover::msm::msm;

const LICENCE: &str = include_str!("../../examples/driving-licence.json");
const REQUEST: &str = include_str!("../../examples/over-18-request.json");

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    println!("{what:<44} {:>8.2} ms", t.elapsed().as_secs_f64() * 1e3);
    v
}

fn main() {
    let shape = Shape::STANDARD;
    let issuer = SecretKey::from_seed([1; 32]);
    let holder = HolderSecret::from_field(Fr::from(7u64));
    let credential = Credential::from_json(LICENCE.as_bytes()).unwrap();
    let signed =
        SignedCredential::issue(credential, &issuer, holder.public(), shape.attributes).unwrap();
    let request = Request::from_json(REQUEST.as_bytes()).unwrap();
    let statement = request
        .statement(issuer.public(), &shape, &Default::default())
        .unwrap();
    let inputs = statement.public_inputs(&shape).unwrap();
    let params = zkcred_prover::setup(shape, &mut OsRng).unwrap();
    let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(
        &params.proving_key[..],
    )
    .unwrap();

    for round in 1..=2 {
        println!("round {round}");
        let witness = time("native checks (Witness::new)", || {
            Witness::new(&signed, &holder, &statement, shape).unwrap()
        });
        let circuit = CredentialCircuit {
            shape,
            public_inputs: inputs.clone(),
            witness: Some(witness),
        };
        let synthesize = |construct_matrices| {
            let cs = ConstraintSystem::<Fr>::new_ref();
            cs.set_optimization_goal(OptimizationGoal::Constraints);
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices,
                generate_lc_assignments: false,
            });
            circuit.clone().generate_constraints(cs.clone()).unwrap();
            cs
        };
        time("synthesis, assignment only", || synthesize(false));
        let cs = time("synthesis, with matrices", || synthesize(true));
        time("inlining linear combinations", || cs.finalize());
        let matrices = time("matrices", || {
            cs.to_matrices()
                .unwrap()
                .remove(R1CS_PREDICATE_LABEL)
                .unwrap()
        });

        let num_inputs = cs.num_instance_variables();
        let z = {
            let cs = cs.borrow().unwrap();
            [
                cs.instance_assignment().unwrap(),
                cs.witness_assignment().unwrap(),
            ]
            .concat()
        };
        let ours = time("witness map, zkcred", || {
            zkcred_prover::qap::witness_map(&matrices, num_inputs, cs.num_constraints(), &z)
                .unwrap()
        });
        let h = time("witness map (3 matrix products, 7 FFTs), arkworks", || {
            LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
                &matrices,
                num_inputs,
                cs.num_constraints(),
                &z,
            )
            .unwrap()
        });

        assert_eq!(ours, h);
        let w = &z[num_inputs..];
        let all = &z[1..];
        let g1 = [
            ("H", &pk.h_query[..], &h[..]),
            ("L", &pk.l_query[..], w),
            ("A", &pk.a_query[1..], all),
            ("B in G1", &pk.b_g1_query[1..], all),
        ];
        for (name, bases, scalars) in g1 {
            let n = bases.len().min(scalars.len());
            let stock = time(&format!("MSM {name}, arkworks"), || {
                G1Projective::msm(&bases[..n], &scalars[..n]).unwrap()
            });
            let ours = time(&format!("MSM {name}, zkcred"), || msm(bases, scalars));
            assert_eq!(stock, ours);
        }
        let stock = time("MSM B in G2, arkworks", || {
            G2Projective::msm(&pk.b_g2_query[1..], all).unwrap()
        });
        let ours = time("MSM B in G2, zkcred", || msm(&pk.b_g2_query[1..], all));
        assert_eq!(stock, ours);

        let zeros = z.iter().filter(|x| x.is_zero()).count();
        let ones = z.iter().filter(|x| x.is_one() || (-**x).is_one()).count();
        let zero_a = pk.a_query.iter().filter(|p| p.is_zero()).count();
        let zero_b = pk.b_g2_query.iter().filter(|p| p.is_zero()).count();
        println!(
            "{} variables ({num_inputs} instance), {} constraints, {zeros} zero and {ones} \
             +-1 values; {zero_a} zero columns in A, {zero_b} in B",
            z.len(),
            cs.num_constraints(),
        );
    }
}
