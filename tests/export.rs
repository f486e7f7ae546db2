//! `zkcred export` checked by verifiers that are not ours: snarkjs 0.7.6 from the npm
//! registry, and the generated Solidity contract compiled by solc and run in revm.
//!
//! The JavaScript packages are pinned by `tests/js/package-lock.json` and installed with
//! `npm ci` under the target directory on first use; these tests need Node.js and npm.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use revm::context::TxEnv;
use revm::context_interface::result::ExecutionResult;
use revm::database::{CacheDB, EmptyDB};
use revm::primitives::{hardfork::SpecId, Address, Bytes, U256};
use revm::{Context, ExecuteCommitEvm, ExecuteEvm, MainBuilder, MainContext};
use serde_json::Value;

/// The scalar field's modulus r.
const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} does not run: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn zkcred(dir: &Path, args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_zkcred"))
        .args(args)
        .current_dir(dir))
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = zkcred(dir, args);
    assert_eq!(r.code, 0, "zkcred {args:?}:\n{}{}", r.stdout, r.stderr);
    r
}

fn example(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    p.to_str().unwrap().to_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

const EXPORT: [&str; 13] = [
    "export",
    "--presentation",
    "presentation.json",
    "--request",
    "request.json",
    "--issuer",
    "issuer.pub",
    "--params",
    "params",
    "--out",
    "out",
    "--solidity",
    "--force",
];

/// An issuer, a holder, parameters of the standard shape, a signed driving licence, a
/// presentation for the bundled over-18 request, and its export (with the Solidity files) in
/// `out/`.
fn exported() -> tempfile::TempDir {
    exported_with(&[])
}

/// [`exported`], with extra arguments for `zkcred setup`.
fn exported_with(setup: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["issuer", "keygen", "--out", "issuer.key"]);
    ok(d, &["holder", "keygen", "--out", "holder.key"]);
    ok(d, &[&["setup", "--out", "params"], setup].concat());
    let licence = example("driving-licence.json");
    ok(
        d,
        &[
            "issue",
            "--key",
            "issuer.key",
            "--holder",
            "holder.pub",
            "--credential",
            &licence,
            "--out",
            "signed.json",
        ],
    );
    std::fs::copy(example("over-18-request.json"), d.join("request.json")).unwrap();
    ok(
        d,
        &[
            "prove",
            "--credential",
            "signed.json",
            "--holder-key",
            "holder.key",
            "--request",
            "request.json",
            "--params",
            "params",
            "--out",
            "presentation.json",
        ],
    );
    let r = ok(d, &EXPORT);
    assert!(r.stdout.contains("verified"), "{}", r.stdout);
    dir
}

/// `n + r` in decimal: the same residue as `n`, but not a canonical field element.
fn plus_r(n: &str) -> String {
    let (a, b): (Vec<u32>, Vec<u32>) = (digits(n), digits(R));
    let mut out = Vec::new();
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let d = a.get(i).unwrap_or(&0) + b.get(i).unwrap_or(&0) + carry;
        out.push(char::from_digit(d % 10, 10).unwrap());
        carry = d / 10;
    }
    if carry > 0 {
        out.push('1');
    }
    out.iter().rev().collect()
}

/// Decimal digits, least significant first.
fn digits(n: &str) -> Vec<u32> {
    n.chars().rev().map(|c| c.to_digit(10).unwrap()).collect()
}

// ---------------------------------------------------------------------------------------------
// Node.js packages

/// The directory holding `node_modules` with the pinned snarkjs and solc.
fn node_packages() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("js");
        let pinned = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
        let lock = std::fs::read(pinned.join("package-lock.json")).unwrap();
        let installed = std::fs::read(dir.join("package-lock.json")).ok();
        if installed.as_ref() == Some(&lock) && dir.join("node_modules/.package-lock.json").exists()
        {
            return dir;
        }
        for tool in ["node", "npm"] {
            let found = Command::new(tool).arg("--version").output();
            assert!(
                found.is_ok_and(|o| o.status.success()),
                "these tests need `{tool}` (Node.js 20 and npm, e.g. Debian's nodejs and npm \
                 packages) to install snarkjs and solc from the npm registry"
            );
        }
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["package.json", "package-lock.json"] {
            std::fs::copy(pinned.join(f), dir.join(f)).unwrap();
        }
        let r = run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir));
        assert_eq!(
            r.code, 0,
            "npm ci of tests/js failed:\n{}{}",
            r.stdout, r.stderr
        );
        dir
    })
}

fn node(args: &[&Path]) -> Run {
    run(Command::new("node").args(args))
}

// ---------------------------------------------------------------------------------------------
// snarkjs

fn snarkjs_verify(out: &Path, public: &Path, proof: &Path) -> Run {
    let cli = node_packages().join("node_modules/snarkjs/build/cli.cjs");
    node(&[
        &cli,
        Path::new("groth16"),
        Path::new("verify"),
        &out.join("verification_key.json"),
        public,
        proof,
    ])
}

#[test]
fn snarkjs_accepts_the_export_and_rejects_tampering() {
    let dir = exported();
    let out = dir.path().join("out");
    let (public, proof) = (out.join("public.json"), out.join("proof.json"));

    let r = snarkjs_verify(&out, &public, &proof);
    assert_eq!(
        r.code, 0,
        "snarkjs refused the export:\n{}{}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.contains("OK"), "{}", r.stdout);

    // The public inputs are the verifier's own: as many as the key takes, all canonical.
    let key = read_json(&out.join("verification_key.json"));
    let inputs = read_json(&public);
    let inputs = inputs.as_array().unwrap();
    assert_eq!(key["nPublic"].as_u64().unwrap() as usize, inputs.len());
    assert_eq!(key["IC"].as_array().unwrap().len(), inputs.len() + 1);

    // A changed input, and an input plus r (the same residue), are refused.
    let first = inputs[0].as_str().unwrap();
    let changed = if first == "0" {
        "1".to_string()
    } else {
        "0".to_string()
    };
    for (what, value) in [("changed", changed), ("plus r", plus_r(first))] {
        let mut bad = inputs.to_vec();
        bad[0] = Value::String(value);
        let path = out.join("public-bad.json");
        write_json(&path, &Value::Array(bad));
        let r = snarkjs_verify(&out, &path, &proof);
        assert_eq!(
            r.code, 1,
            "snarkjs on a {what} public input:\n{}{}",
            r.stdout, r.stderr
        );
        let reason = if what == "plus r" {
            "Public inputs are not valid"
        } else {
            "Invalid proof"
        };
        assert!(r.stdout.contains(reason), "{what}: {}", r.stdout);
    }

    // A proof with A and C swapped, and one with another valid B, are refused.
    let p = read_json(&proof);
    let mut swapped = p.clone();
    swapped["pi_a"] = p["pi_c"].clone();
    swapped["pi_c"] = p["pi_a"].clone();
    let mut other_b = p.clone();
    other_b["pi_b"] = key["vk_beta_2"].clone();
    for (what, bad) in [("swapped", swapped), ("other B", other_b)] {
        let path = out.join("proof-bad.json");
        write_json(&path, &bad);
        let r = snarkjs_verify(&out, &public, &path);
        assert_eq!(
            r.code, 1,
            "snarkjs on a {what} proof:\n{}{}",
            r.stdout, r.stderr
        );
        assert!(r.stdout.contains("Invalid proof"), "{what}: {}", r.stdout);
    }
}

/// `vk_alphabeta_12` as snarkjs' own arithmetic library computes it from alpha and beta.
#[test]
fn alphabeta_matches_ffjavascript() {
    let dir = exported();
    let key = dir.path().join("out/verification_key.json");
    let script = dir.path().join("alphabeta.cjs");
    std::fs::write(
        &script,
        r#"const ff = require(process.argv[2]);
const vk = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
(async () => {
    const curve = await ff.buildBn128(true);
    const big = ff.utils.unstringifyBigInts;
    const e = await curve.pairing(
        curve.G1.fromObject(big(vk.vk_alpha_1)),
        curve.G2.fromObject(big(vk.vk_beta_2)));
    console.log(JSON.stringify(ff.utils.stringifyBigInts(curve.Gt.toObject(e))));
    await curve.terminate();
})();
"#,
    )
    .unwrap();
    let ff = node_packages().join("node_modules/ffjavascript");
    let r = node(&[&script, &ff, &key]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let theirs: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(theirs, read_json(&key)["vk_alphabeta_12"]);
}

/// Our own readers take back exactly what export wrote.
#[test]
fn the_export_reads_back() {
    use zkcred_verifier::snarkjs;

    let dir = exported();
    let out = dir.path().join("out");
    let read = |f: &str| std::fs::read(out.join(f)).unwrap();
    let proof = snarkjs::proof_from_json(&read("proof.json")).unwrap();
    let inputs = snarkjs::public_from_json(&read("public.json")).unwrap();
    let vk = snarkjs::verifying_key_from_json(&read("verification_key.json")).unwrap();

    let params = dir.path().join("params");
    let key = zkcred_verifier::VerifyingKey::from_files(
        &std::fs::read(params.join("manifest.json")).unwrap(),
        &std::fs::read(params.join("verifying.key")).unwrap(),
    )
    .unwrap();
    assert!(key.matches(&vk));
    let pvk = ark_groth16::prepare_verifying_key(&vk);
    assert!(ark_groth16::Groth16::<ark_bn254::Bn254>::verify_proof(&pvk, &proof, &inputs).unwrap());
    assert_eq!(
        snarkjs::public_to_json(&inputs),
        serde_json::from_slice::<Vec<String>>(&read("public.json")).unwrap()
    );
}

#[test]
fn export_refuses_what_verify_refuses() {
    let dir = exported();
    let d = dir.path();
    ok(d, &["issuer", "keygen", "--out", "other.key"]);
    let mut args = EXPORT.to_vec();
    args[6] = "other.pub";
    args[10] = "refused";
    let r = zkcred(d, &args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("zkcred: rejected:"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(!d.join("refused").exists());

    // Without --force, existing files are kept.
    let r = zkcred(d, &EXPORT[..12]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Solidity in a real EVM

/// Compiles `Verifier.sol` with the pinned solc; returns the creation code and the selector
/// solc gives `verifyProof`.
fn compile(source: &Path) -> (Vec<u8>, String) {
    let script = source.with_file_name("compile.cjs");
    std::fs::write(
        &script,
        r#"const solc = require(process.argv[2]);
const source = require("fs").readFileSync(process.argv[3], "utf8");
const input = {
    language: "Solidity",
    sources: { "Verifier.sol": { content: source } },
    settings: {
        optimizer: { enabled: true, runs: 200 },
        outputSelection: { "*": { "*": ["evm.bytecode.object", "evm.methodIdentifiers"] } },
    },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = (output.errors || [])
    .filter((e) => e.severity === "error" || e.type === "Warning");
if (problems.length > 0) {
    console.error(problems.map((e) => e.formattedMessage).join("\n"));
    process.exit(1);
}
const c = output.contracts["Verifier.sol"].ZkcredVerifier;
console.log(JSON.stringify({ bin: c.evm.bytecode.object, ids: c.evm.methodIdentifiers }));
"#,
    )
    .unwrap();
    let solc = node_packages().join("node_modules/solc");
    let r = node(&[&script, &solc, source]);
    assert_eq!(r.code, 0, "solc:\n{}{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    let bin = hex::decode(out["bin"].as_str().unwrap()).unwrap();
    let selector = out["ids"][zkcred_verifier::solidity::FUNCTION]
        .as_str()
        .expect("solc names verifyProof")
        .to_owned();
    (bin, selector)
}

struct Chain {
    evm: revm::handler::MainnetEvm<revm::handler::MainnetContext<CacheDB<EmptyDB>>>,
    caller: Address,
    contract: Address,
}

impl Chain {
    fn deploy(code: Vec<u8>) -> Chain {
        let mut evm = Context::mainnet()
            .modify_cfg_chained(|cfg| cfg.set_spec_and_mainnet_gas_params(SpecId::OSAKA))
            .with_db(CacheDB::<EmptyDB>::default())
            .build_mainnet();
        let caller = Address::repeat_byte(0x11);
        let tx = TxEnv::builder()
            .caller(caller)
            .create()
            .data(Bytes::from(code))
            .nonce(0)
            .gas_limit(10_000_000)
            .build()
            .unwrap();
        let result = evm.transact_commit(tx).unwrap();
        let contract = result
            .created_address()
            .unwrap_or_else(|| panic!("deployment failed: {result:?}"));
        Chain {
            evm,
            caller,
            contract,
        }
    }

    /// Calls the contract without committing; returns whether it said true, and the gas.
    fn call(&mut self, data: &[u8]) -> (bool, u64) {
        let tx = TxEnv::builder()
            .caller(self.caller)
            .call(self.contract)
            .data(Bytes::copy_from_slice(data))
            .nonce(1)
            .gas_limit(10_000_000)
            .build()
            .unwrap();
        let result = self.evm.transact(tx).unwrap().result;
        let gas = result.tx_gas_used();
        match result {
            ExecutionResult::Success { output, .. } => {
                let word = output.into_data();
                assert_eq!(word.len(), 32, "verifyProof returns one word");
                (U256::from_be_slice(&word) == U256::from(1), gas)
            }
            other => panic!("verifyProof did not return: {other:?}"),
        }
    }
}

/// A 32-byte word of the call data, counted after the selector.
fn word_at(data: &mut [u8], i: usize) -> &mut [u8] {
    &mut data[4 + 32 * i..4 + 32 * (i + 1)]
}

#[test]
fn solidity_verifier_accepts_the_export_and_rejects_tampering() {
    evm_checks(&exported());
}

/// The contract's size follows the key: a shape with more predicates has more inputs.
#[test]
fn solidity_verifier_of_a_larger_shape() {
    evm_checks(&exported_with(&["--predicates", "4"]));
}

fn evm_checks(dir: &tempfile::TempDir) {
    use zkcred_verifier::solidity;

    let out = dir.path().join("out");
    let (code, selector) = compile(&out.join("Verifier.sol"));
    assert_eq!(selector, hex::encode(solidity::SELECTOR));

    let call = read_json(&out.join("calldata.json"));
    let text = std::fs::read_to_string(out.join("calldata.hex")).unwrap();
    assert_eq!(text.trim(), call["calldata"].as_str().unwrap());
    let data = hex::decode(text.trim().strip_prefix("0x").unwrap()).unwrap();
    let n = call["input"].as_array().unwrap().len();
    assert_eq!(data.len(), 4 + 32 * (10 + n));

    let mut chain = Chain::deploy(code);
    let (accepted, gas) = chain.call(&data);
    assert!(accepted, "the contract refused a valid proof");
    // The intrinsic cost: 21,000, then 16 gas a non-zero byte of call data and 4 a zero byte.
    let intrinsic: u64 = 21_000
        + data
            .iter()
            .map(|&b| if b == 0 { 4 } else { 16 })
            .sum::<u64>();
    println!(
        "verifyProof, {n} public inputs: {gas} gas for the transaction, {} in execution",
        gas - intrinsic
    );

    // Words: a (0, 1), b (2..6), c (6, 7), offset (8), length (9), inputs (10..).
    let tamper = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut d = data.clone();
        f(&mut d);
        d
    };
    let first_input = 10;
    let flip_input = tamper(&|d| word_at(d, first_input)[31] ^= 1);
    let input_plus_r = tamper(&|d| {
        let v = U256::from_be_slice(word_at(d, first_input));
        let r: U256 = R.parse().unwrap();
        word_at(d, first_input).copy_from_slice(&(v + r).to_be_bytes::<32>());
    });
    let input_is_r = tamper(&|d| {
        let r: U256 = R.parse().unwrap();
        word_at(d, first_input).copy_from_slice(&r.to_be_bytes::<32>());
    });
    let swap_a_c = tamper(&|d| {
        for i in 0..2 {
            let (a, c) = (word_at(d, i).to_vec(), word_at(d, 6 + i).to_vec());
            word_at(d, i).copy_from_slice(&c);
            word_at(d, 6 + i).copy_from_slice(&a);
        }
    });
    let b_off_curve = tamper(&|d| word_at(d, 2)[31] ^= 1);
    let short = tamper(&|d| {
        let len = U256::from(n - 1).to_be_bytes::<32>();
        word_at(d, 9).copy_from_slice(&len);
        d.truncate(d.len() - 32);
    });
    for (what, bad) in [
        ("a flipped public input", flip_input),
        ("a public input plus r", input_plus_r),
        ("a public input equal to r", input_is_r),
        ("A and C swapped", swap_a_c),
        ("B off the curve", b_off_curve),
        ("one input too few", short),
    ] {
        let (accepted, gas) = chain.call(&bad);
        assert!(!accepted, "the contract accepted {what}");
        println!("refused {what} ({gas} gas)");
    }
}
