//! The prover of `zkcred_prover::groth16` against stock `ark_groth16` on random circuits.

use ark_bn254::{Bn254, Fr};
use ark_ff::{One, PrimeField, UniformRand, Zero};
use ark_groth16::Groth16;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable,
};
use ark_snark::SNARK;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use zkcred_prover::groth16::{create_proof, ConstraintMatrices, MatrixCache};

/// A random R1CS: its structure comes from `structure`, its values from `values` (none in
/// setup). Constraints are products of short random combinations, bit checks and linear
/// definitions, so the witness holds zeros, ones and random elements, and some variables
/// never appear in `A` or `B`.
#[derive(Clone)]
struct RandomCircuit {
    structure: u64,
    values: Option<u64>,
    inputs: usize,
    steps: usize,
    /// Adds one to the last witness value, breaking one constraint.
    tamper: bool,
}

impl ConstraintSynthesizer<Fr> for RandomCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let mut shape = StdRng::seed_from_u64(self.structure);
        let mut value_rng = self.values.map(StdRng::seed_from_u64);
        let mut fresh = || value_rng.as_mut().map(Fr::rand);

        let mut vars: Vec<(Variable, Option<Fr>)> = vec![(Variable::One, Some(Fr::from(1u64)))];
        for _ in 0..self.inputs {
            let v = fresh();
            let var = cs.new_input_variable(|| v.ok_or(SynthesisError::AssignmentMissing))?;
            vars.push((var, v));
        }
        for step in 0..self.steps {
            let last = step + 1 == self.steps;
            // The last step is a product, so that tampering with it breaks a constraint.
            let kind = if last { 2 } else { shape.gen_range(0..4) };
            let (a, av) = random_lc(&mut shape, &vars);
            let (b, bv) = random_lc(&mut shape, &vars);
            let mut value = match kind {
                0 => fresh().map(|r| Fr::from(r.into_bigint().as_ref()[0] & 1)),
                1 => av,
                _ => av.zip(bv).map(|(a, b)| a * b),
            };
            if last && self.tamper {
                value = value.map(|v| v + Fr::one());
            }
            let var = cs.new_witness_variable(|| value.ok_or(SynthesisError::AssignmentMissing))?;
            match kind {
                // A bit: var (1 - var) = 0.
                0 => cs.enforce_r1cs_constraint(
                    || var.into(),
                    || LinearCombination::from(Variable::One) - var,
                    LinearCombination::zero,
                )?,
                // A linear definition: a * 1 = var.
                1 => cs.enforce_r1cs_constraint(|| a, || Variable::One.into(), || var.into())?,
                // A product: a * b = var.
                _ => cs.enforce_r1cs_constraint(|| a, || b, || var.into())?,
            }
            vars.push((var, value));
        }
        Ok(())
    }
}

fn random_lc(
    rng: &mut StdRng,
    vars: &[(Variable, Option<Fr>)],
) -> (LinearCombination<Fr>, Option<Fr>) {
    let mut lc = LinearCombination::zero();
    let mut value = Some(Fr::zero());
    for _ in 0..rng.gen_range(1..4) {
        let (var, v) = vars[rng.gen_range(0..vars.len())];
        let coeff = if rng.gen_bool(0.5) {
            Fr::from(1u64)
        } else {
            Fr::rand(rng)
        };
        lc += (coeff, var);
        value = value.zip(v).map(|(acc, v)| acc + coeff * v);
    }
    (lc, value)
}

fn circuit(structure: u64, values: Option<u64>, inputs: usize, steps: usize) -> RandomCircuit {
    RandomCircuit {
        structure,
        values,
        inputs,
        steps,
        tamper: false,
    }
}

fn public_inputs(c: &RandomCircuit) -> Vec<Fr> {
    let mut rng = StdRng::seed_from_u64(c.values.unwrap());
    (0..c.inputs).map(|_| Fr::rand(&mut rng)).collect()
}

#[test]
fn equals_stock_proofs_and_verifies() {
    let mut rng = StdRng::seed_from_u64(1);
    for (structure, inputs, steps) in [(1, 1, 1), (2, 3, 10), (3, 0, 40), (4, 5, 300), (5, 2, 1500)]
    {
        let blank = circuit(structure, None, inputs, steps);
        let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).unwrap();
        let pvk = ark_groth16::prepare_verifying_key(&vk);
        let cache = MatrixCache::new();
        // The first proof builds the matrices; the later ones use the cache.
        for values in 10..13 {
            let c = circuit(structure, Some(values), inputs, steps);
            let (r, s) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
            let ours = create_proof(&pk, &cache, c.clone(), r, s).unwrap();
            let stock =
                Groth16::<Bn254>::create_proof_with_reduction(c.clone(), &pk, r, s).unwrap();
            assert_eq!(ours, stock, "structure {structure}, values {values}");
            assert!(Groth16::<Bn254>::verify_proof(&pvk, &ours, &public_inputs(&c)).unwrap());
        }
        // Without blinding, as arkworks' no-zk proof.
        let c = circuit(structure, Some(20), inputs, steps);
        let ours = create_proof(&pk, &cache, c.clone(), Fr::zero(), Fr::zero()).unwrap();
        let stock = Groth16::<Bn254>::create_proof_with_reduction_no_zk(c, &pk).unwrap();
        assert_eq!(ours, stock);
    }
}

#[test]
fn wrong_witness_fails_verification() {
    let mut rng = StdRng::seed_from_u64(2);
    let (pk, vk) =
        Groth16::<Bn254>::circuit_specific_setup(circuit(7, None, 2, 200), &mut rng).unwrap();
    let pvk = ark_groth16::prepare_verifying_key(&vk);
    for cache in [MatrixCache::new(), {
        // A warm cache as well as a cold one.
        let warm = MatrixCache::new();
        create_proof(
            &pk,
            &warm,
            circuit(7, Some(1), 2, 200),
            Fr::one(),
            Fr::one(),
        )
        .unwrap();
        warm
    }] {
        let mut c = circuit(7, Some(3), 2, 200);
        c.tamper = true;
        let (r, s) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
        let proof = create_proof(&pk, &cache, c.clone(), r, s).unwrap();
        assert!(!Groth16::<Bn254>::verify_proof(&pvk, &proof, &public_inputs(&c)).unwrap());
        // An honest proof checked against other public inputs fails too.
        let honest = circuit(7, Some(3), 2, 200);
        let proof = create_proof(&pk, &cache, honest, r, s).unwrap();
        let other = public_inputs(&circuit(7, Some(4), 2, 200));
        assert!(!Groth16::<Bn254>::verify_proof(&pvk, &proof, &other).unwrap());
    }
}

#[test]
fn cache_refuses_another_circuit() {
    let mut rng = StdRng::seed_from_u64(3);
    let (pk, _) =
        Groth16::<Bn254>::circuit_specific_setup(circuit(8, None, 1, 50), &mut rng).unwrap();
    let cache = MatrixCache::new();
    create_proof(
        &pk,
        &cache,
        circuit(8, Some(1), 1, 50),
        Fr::one(),
        Fr::one(),
    )
    .unwrap();
    let bigger = circuit(8, Some(1), 1, 60);
    assert!(create_proof(&pk, &cache, bigger.clone(), Fr::one(), Fr::one()).is_err());
    // With a cold cache, a circuit of other sizes than the key's is refused and leaves the
    // cache empty for the right one.
    let cold = MatrixCache::new();
    assert!(create_proof(&pk, &cold, bigger, Fr::one(), Fr::one()).is_err());
    let right = circuit(8, Some(2), 1, 50);
    let ours = create_proof(&pk, &cold, right.clone(), Fr::one(), Fr::one()).unwrap();
    let stock = Groth16::<Bn254>::create_proof_with_reduction(right, &pk, Fr::one(), Fr::one());
    assert_eq!(ours, stock.unwrap());
}

#[test]
fn stored_matrices_prove_as_built_ones() {
    let mut rng = StdRng::seed_from_u64(4);
    let (structure, inputs, steps) = (9, 3, 400);
    let (pk, vk) =
        Groth16::<Bn254>::circuit_specific_setup(circuit(structure, None, inputs, steps), &mut rng)
            .unwrap();
    let pvk = ark_groth16::prepare_verifying_key(&vk);
    let mut bytes = Vec::new();
    ConstraintMatrices::of(circuit(structure, None, inputs, steps))
        .unwrap()
        .write(&mut bytes);
    bytes.extend_from_slice(b"after");
    let (read, rest) = ConstraintMatrices::read(&bytes).unwrap();
    assert_eq!(rest, b"after");
    let cache = MatrixCache::filled(read);
    let c = circuit(structure, Some(5), inputs, steps);
    let (r, s) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
    let ours = create_proof(&pk, &cache, c.clone(), r, s).unwrap();
    let stock = Groth16::<Bn254>::create_proof_with_reduction(c.clone(), &pk, r, s).unwrap();
    assert_eq!(ours, stock);
    assert!(Groth16::<Bn254>::verify_proof(&pvk, &ours, &public_inputs(&c)).unwrap());
}

#[test]
fn bad_matrix_bytes_are_refused() {
    let mut bytes = Vec::new();
    ConstraintMatrices::of(circuit(10, None, 2, 30))
        .unwrap()
        .write(&mut bytes);
    for len in 0..bytes.len() {
        assert!(
            ConstraintMatrices::read(&bytes[..len]).is_err(),
            "cut at {len}"
        );
    }
    // The first term of the first row (which has one): its column, then its coefficient.
    assert!(u32::from_le_bytes(bytes[12..16].try_into().unwrap()) > 0);
    let column = 16;
    let mut out_of_range = bytes.clone();
    out_of_range[column..column + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(ConstraintMatrices::read(&out_of_range).is_err());
    let mut above_r = bytes.clone();
    above_r[column + 4..column + 36].copy_from_slice(&[0xff; 32]);
    assert!(ConstraintMatrices::read(&above_r).is_err());
    // A row claiming more terms than the bytes hold is refused before anything is reserved.
    let mut long_row = bytes;
    long_row[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(ConstraintMatrices::read(&long_row).is_err());
}
