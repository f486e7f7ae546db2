//! Where a proof's time goes: prints the time of each phase of one over-18 proof.
//!
//! Run with `cargo run --release -p zkcred-prover --example breakdown`.

use std::time::Instant;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::{AffineRepr, VariableBaseMSM};
use ark_ff::{One, PrimeField, Zero};
use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode,
    R1CS_PREDICATE_LABEL,
};
use rand_core::OsRng;
use zkcred_circuits::{CredentialCircuit, Witness};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    signature::SecretKey,
    Request, Shape,
};

const LICENCE: &str = include_str!("../../examples/driving-licence.json");
const REQUEST: &str = include_str!("../../examples/over-18-request.json");

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    println!("{what:<40} {:>8.2} ms", t.elapsed().as_secs_f64() * 1e3);
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
    let statement = request.statement(issuer.public(), &shape).unwrap();
    let inputs = statement.public_inputs(&shape).unwrap();
    let params = zkcred_prover::setup(shape, &mut OsRng).unwrap();
    let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(
        &params.proving_key[..],
    )
    .unwrap();
    use ark_serialize::CanonicalDeserialize;

    for _ in 0..2 {
        let witness = time("native witness (Witness::new)", || {
            Witness::new(&signed, &holder, &statement, shape).unwrap()
        });
        let circuit = CredentialCircuit {
            shape,
            public_inputs: inputs.clone(),
            witness: Some(witness),
        };
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove {
            construct_matrices: false,
            generate_lc_assignments: true,
        });
        time("synthesis without matrices", || {
            circuit.clone().generate_constraints(cs.clone()).unwrap()
        });
        let cs0 = ConstraintSystem::<Fr>::new_ref();
        cs0.set_optimization_goal(OptimizationGoal::Constraints);
        cs0.set_mode(SynthesisMode::Prove {
            construct_matrices: false,
            generate_lc_assignments: false,
        });
        time("synthesis, no matrices, no lc values", || {
            circuit.clone().generate_constraints(cs0.clone()).unwrap()
        });
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove {
            construct_matrices: true,
            generate_lc_assignments: false,
        });
        time("synthesis with matrices", || {
            circuit.clone().generate_constraints(cs.clone()).unwrap()
        });
        time("finalize (inline LCs)", || cs.finalize());
        let matrices = time("to_matrices", || {
            cs.to_matrices().unwrap().remove(R1CS_PREDICATE_LABEL).unwrap()
        });
        let scs = ConstraintSystem::<Fr>::new_ref();
        scs.set_optimization_goal(OptimizationGoal::Constraints);
        scs.set_mode(SynthesisMode::Setup);
        time("setup-mode synthesis+finalize+matrices", || {
            CredentialCircuit::blank(shape).generate_constraints(scs.clone()).unwrap();
            scs.finalize();
            scs.to_matrices().unwrap()
        });
        {
            let a = cs0.borrow().unwrap();
            let b = cs.borrow().unwrap();
            println!("same assignment: {}", a.instance_assignment().unwrap() == b.instance_assignment().unwrap() && a.witness_assignment().unwrap() == b.witness_assignment().unwrap());
        }
        let num_inputs = cs.num_instance_variables();
        let num_constraints = cs.num_constraints();
        let cs_b = cs.borrow().unwrap();
        let full = [
            cs_b.instance_assignment().unwrap(),
            cs_b.witness_assignment().unwrap(),
        ]
        .concat();
        let h = time("witness map (matvec + 7 FFTs)", || {
            LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
                &matrices,
                num_inputs,
                num_constraints,
                &full,
            )
            .unwrap()
        });
        let big = |v: &[Fr]| v.iter().map(|s| s.into_bigint()).collect::<Vec<_>>();
        let hb = big(&h);
        let aux = big(&full[num_inputs..]);
        let all = big(&full[1..]);
        time("MSM H (G1)", || G1Projective::msm_bigint(&pk.h_query, &hb));
        time("MSM L (G1)", || G1Projective::msm_bigint(&pk.l_query, &aux));
        time("MSM A (G1)", || G1Projective::msm_bigint(&pk.a_query[1..], &all));
        time("MSM B (G1)", || G1Projective::msm_bigint(&pk.b_g1_query[1..], &all));
        time("MSM B (G2)", || G2Projective::msm_bigint(&pk.b_g2_query[1..], &all));

        use zkcred_prover::msm::msm;
        time("ours MSM H (G1)", || msm(&pk.h_query, &h));
        time("ours MSM L (G1)", || msm(&pk.l_query, &full[num_inputs..]));
        time("ours MSM A (G1)", || msm(&pk.a_query[1..], &full[1..]));
        time("ours MSM B (G1)", || msm(&pk.b_g1_query[1..], &full[1..]));
        time("ours MSM B (G2)", || msm(&pk.b_g2_query[1..], &full[1..]));
        let zeros = full.iter().filter(|x| x.is_zero()).count();
        let ones = full.iter().filter(|x| x.is_one()).count();
        let small = full
            .iter()
            .filter(|x| x.into_bigint().as_ref()[1..].iter().all(|l| *l == 0))
            .count();
        println!(
            "variables {} (inputs {num_inputs}), constraints {num_constraints}, domain h {}",
            full.len(),
            h.len()
        );
        println!("  zeros {zeros}, ones {ones}, below 2^64 {small}");
        let za = pk.a_query.iter().filter(|p| p.is_zero()).count();
        let zb = pk.b_g2_query.iter().filter(|p| p.is_zero()).count();
        println!("  zero columns: A {za}, B {zb}; L {}", pk.l_query.len());
        let bbig = full
            .iter()
            .zip(&pk.b_g2_query)
            .filter(|(x, p)| !p.is_zero() && x.into_bigint().as_ref()[1..].iter().any(|l| *l != 0))
            .count();
        println!("  B columns with large scalars {bbig}");
    }
}
