//! Criterion benchmarks of the over-18 flow: setup, key loading, witness, prove, verify, with
//! stock arkworks' prover on the same circuit and keys in the same run.
//!
//! Run with `cargo bench --bench flow`. At the end the bench prints a table of this run's
//! medians and their ratios to stock arkworks' proof at the same thread count. Absolute
//! figures are for this machine only; compare rows of the same run.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use ark_bn254::{Bn254, Fr};
use ark_ff::UniformRand;
use ark_groth16::Groth16;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode,
};
use criterion::{BenchmarkId, Criterion};
use rand_core::OsRng;
use rayon::prelude::*;
use rayon::ThreadPoolBuilder;
use zkcred_circuits::{CredentialCircuit, Witness};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    presentation::Presentation,
    signature::SecretKey,
    statement::Statement,
    Request, Shape,
};
use zkcred_prover::groth16::{create_proof, MatrixCache};
use zkcred_prover::{prove, setup, Parameters, ProvingKey};
use zkcred_verifier::{verify, verify_batch, BatchItem, VerifyingKey};

const LICENCE: &str = include_str!("../examples/driving-licence.json");
const REQUEST: &str = include_str!("../examples/over-18-request.json");
const AGE_CARD: &str = include_str!("../examples/age-card.json");
const GROUP: &str = "over-18";
/// Alternating stock and zkcred proofs per thread count, for the paired ratio.
const PAIRS: usize = 21;
/// The paired ratios' lines, printed after the table.
static PAIRED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// One shape's keys, a credential signed for it and the over-18 request, with the three ways
/// of proving it that the bench compares.
struct Fixture {
    shape: Shape,
    issuer: SecretKey,
    holder: HolderSecret,
    signed: SignedCredential,
    request: Request,
    params: Parameters,
    manifest: String,
    pk: ProvingKey,
    statement: Statement,
    public_inputs: Vec<Fr>,
    cache: MatrixCache,
}

impl Fixture {
    fn new(shape: Shape, credential: &str) -> Self {
        let issuer = SecretKey::from_seed([1; 32]);
        let holder = HolderSecret::from_field(Fr::from(7u64));
        let credential = Credential::from_json(credential.as_bytes()).unwrap();
        let signed =
            SignedCredential::issue(credential, &issuer, holder.public(), shape.attributes)
                .unwrap();
        let request = Request::from_json(REQUEST.as_bytes()).unwrap();
        let params = setup(shape, &mut OsRng).unwrap();
        let manifest = params.manifest.to_json();
        let pk = ProvingKey::from_files(
            manifest.as_bytes(),
            &params.proving_key,
            &params.verifying_key,
        )
        .unwrap();
        let statement = request
            .statement(issuer.public(), &shape, &Default::default())
            .unwrap();
        let public_inputs = statement.public_inputs(&shape).unwrap();
        Fixture {
            shape,
            issuer,
            holder,
            signed,
            request,
            params,
            manifest,
            pk,
            statement,
            public_inputs,
            cache: MatrixCache::new(),
        }
    }

    /// The circuit with its witness, native checks included.
    fn circuit(&self) -> CredentialCircuit {
        CredentialCircuit {
            shape: self.shape,
            public_inputs: self.public_inputs.clone(),
            witness: Some(
                Witness::new(&self.signed, &self.holder, &self.statement, self.shape).unwrap(),
            ),
        }
    }

    fn stock_proof(&self) {
        let (r, s) = (Fr::rand(&mut OsRng), Fr::rand(&mut OsRng));
        Groth16::<Bn254>::create_proof_with_reduction(self.circuit(), self.pk.groth16_key(), r, s)
            .unwrap();
    }

    fn zkcred_proof(&self) {
        let (r, s) = (Fr::rand(&mut OsRng), Fr::rand(&mut OsRng));
        create_proof(self.pk.groth16_key(), &self.cache, self.circuit(), r, s).unwrap();
    }

    fn presentation(&self) -> Presentation {
        prove(
            &self.pk,
            &self.signed,
            &self.holder,
            &self.request,
            &self.issuer.public(),
            &mut OsRng,
        )
        .unwrap()
    }
}

fn group(c: &mut Criterion) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(GROUP);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group
}

fn flow(c: &mut Criterion) {
    let f = Fixture::new(Shape::STANDARD, LICENCE);
    let mut group = group(c);
    group.bench_function("setup", |b| b.iter(|| setup(f.shape, &mut OsRng).unwrap()));
    let (manifest, params) = (f.manifest.as_bytes(), &f.params);
    group.bench_function("load proving key", |b| {
        b.iter(|| {
            ProvingKey::from_files(manifest, &params.proving_key, &params.verifying_key).unwrap()
        })
    });
    group.bench_function("load verifying key", |b| {
        b.iter(|| VerifyingKey::from_files(manifest, &params.verifying_key).unwrap())
    });
    group.bench_function("witness generation", |b| {
        b.iter(|| {
            let cs = ConstraintSystem::new_ref();
            cs.set_optimization_goal(OptimizationGoal::Constraints);
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
                generate_lc_assignments: false,
            });
            f.circuit().generate_constraints(cs.clone()).unwrap();
            black_box(cs.num_witness_variables())
        })
    });

    let vk = VerifyingKey::from_files(manifest, &params.verifying_key).unwrap();
    for threads in [1, 2] {
        let pool = ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(BenchmarkId::new("prove: stock ark-groth16", threads), |b| {
            b.iter(|| pool.install(|| f.stock_proof()))
        });
        group.bench_function(BenchmarkId::new("prove: zkcred groth16", threads), |b| {
            b.iter(|| pool.install(|| f.zkcred_proof()))
        });
        // The same two provers timed in alternation, so that both see the same load: the
        // median of the per-pair ratios.
        let mut ratios: Vec<f64> = (0..PAIRS)
            .map(|_| {
                let started = Instant::now();
                pool.install(|| f.stock_proof());
                let stock = started.elapsed().as_secs_f64();
                let started = Instant::now();
                pool.install(|| f.zkcred_proof());
                started.elapsed().as_secs_f64() / stock
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        PAIRED.lock().unwrap().push(format!(
            "zkcred / stock prove, {threads} thread(s), {PAIRS} alternating pairs: median {:.3}, \
             quartiles {:.3} to {:.3}",
            ratios[PAIRS / 2],
            ratios[PAIRS / 4],
            ratios[3 * PAIRS / 4]
        ));
        group.bench_function(
            BenchmarkId::new("prove: whole presentation", threads),
            |b| b.iter(|| pool.install(|| f.presentation())),
        );
    }

    // Eight presentations at once, as `zkcred prove` proves a batch: in parallel on two threads.
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    group.bench_function("prove: batch of 8, whole presentations/2", |b| {
        b.iter(|| {
            pool.install(|| {
                (0..8)
                    .into_par_iter()
                    .map(|_| f.presentation())
                    .collect::<Vec<_>>()
            })
        })
    });

    let presentation = f.presentation();
    let issuer = f.issuer.public();
    group.bench_function("verify", |b| {
        b.iter(|| verify(&vk, &f.request, &issuer, &presentation).unwrap())
    });

    // Batches of 16 distinct presentations (each with its own blinding), repeated: the
    // weights differ for every copy, so a repeat costs what a new proof costs.
    let distinct: Vec<Presentation> = (0..16).map(|_| f.presentation()).collect();
    for n in [1, 64, 256] {
        let items: Vec<BatchItem> = distinct
            .iter()
            .cycle()
            .take(n)
            .map(|p| BatchItem {
                request: &f.request,
                issuer,
                presentation: p,
            })
            .collect();
        group.bench_function(BenchmarkId::new("verify batch", n), |b| {
            b.iter(|| verify_batch(&vk, &items, &mut OsRng).unwrap())
        });
    }
    group.finish();
}

/// Stock and zkcred proofs on the largest supported shape and on the smallest shape that
/// answers an over-18 request, at two threads.
fn other_shapes(c: &mut Criterion) {
    let largest = Shape {
        attributes: 60,
        predicates: 16,
        sets: 4,
    };
    let smallest = Shape {
        attributes: 12,
        predicates: 1,
        sets: 0,
    };
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    for (shape, credential) in [(largest, LICENCE), (smallest, AGE_CARD)] {
        let f = Fixture::new(shape, credential);
        let label = format!(
            "{} attributes, {} predicates, {} sets",
            shape.attributes, shape.predicates, shape.sets
        );
        let mut group = group(c);
        group.bench_function(format!("prove: stock ark-groth16, {label}/2"), |b| {
            b.iter(|| pool.install(|| f.stock_proof()))
        });
        group.bench_function(format!("prove: zkcred groth16, {label}/2"), |b| {
            b.iter(|| pool.install(|| f.zkcred_proof()))
        });
        group.finish();
    }
}

/// Medians (in nanoseconds) of the benchmarks of this group written since `since`.
fn medians(dir: &Path, since: SystemTime) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.join(GROUP)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir()
                && path
                    .file_name()
                    .is_some_and(|n| n != "base" && n != "report")
            {
                stack.push(path);
                continue;
            }
            if !path.ends_with("new/estimates.json") {
                continue;
            }
            let fresh = e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            let read = |p: PathBuf| -> Option<serde_json::Value> {
                serde_json::from_slice(&std::fs::read(p).ok()?).ok()
            };
            let (Some(est), Some(meta)) = (read(path.clone()), read(d.join("benchmark.json")))
            else {
                continue;
            };
            let (Some(median), Some(id)) = (
                est["median"]["point_estimate"].as_f64(),
                meta["full_id"].as_str(),
            ) else {
                continue;
            };
            if fresh {
                out.insert(id.trim_start_matches("over-18/").to_string(), median);
            }
        }
    }
    out
}

fn print_table(m: &BTreeMap<String, f64>) {
    let ms = |ns: f64| format!("{:.2} ms", ns / 1e6);
    let stock = |t: &str| m.get(&format!("prove: stock ark-groth16/{t}")).copied();
    println!("\n| step | median | ratio |");
    println!("|---|---|---|");
    for (id, ns) in m {
        // Provers against stock at the same thread count; everything else against stock at 2.
        let threads = id.rsplit('/').next().filter(|_| id.starts_with("prove"));
        let (reference, label) = match threads {
            _ if id.contains(" attributes") => (
                m.get(&id.replace("zkcred groth16", "stock ark-groth16"))
                    .copied(),
                "stock prove, same shape, 2 threads".to_string(),
            ),
            Some(t) => (stock(t), format!("stock prove, {t} thread(s)")),
            None => (stock("2"), "stock prove, 2 threads".to_string()),
        };
        let ratio = reference.map_or("-".to_string(), |r| format!("{:.3} x {label}", ns / r));
        println!("| {id} | {} | {ratio} |", ms(*ns));
    }
    if let (Some(one), Some(batch)) = (
        m.get("prove: whole presentation/2"),
        m.get("prove: batch of 8, whole presentations/2"),
    ) {
        println!(
            "\nproving a batch of 8 at 2 threads: {:.1} presentations per second, against {:.1} \
             one at a time",
            8e9 / batch,
            1e9 / one
        );
    }
    for line in PAIRED.lock().unwrap().iter() {
        println!("\n{line}");
    }
    if let (Some(one), Some(batch)) = (m.get("verify batch/1"), m.get("verify batch/256")) {
        let single = m.get("verify").copied().unwrap_or(*one);
        println!(
            "\nverify one by one / batch of 256, per proof: {:.2} x",
            single / (batch / 256.0)
        );
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../criterion");
    let started = SystemTime::now();
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    flow(&mut c);
    other_shapes(&mut c);
    c.final_summary();
    print_table(&medians(&dir, started));
}
