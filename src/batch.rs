//! `zkcred prove` with several credentials or requests: one presentation for every
//! (credential, request) pair, proved in parallel with one shared proving key.
//!
//! Everything that can be checked before a proof is checked first, for every pair: the output
//! names, the output files, every input file and the fit of each request to the parameters. A
//! pair that then cannot be proved is reported at the end without stopping the others.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use zkcred_core::{credential::SignedCredential, holder::HolderSecret, Request};
use zkcred_prover::ProvingKey;

use crate::commands;
use crate::error::{CliError, EXIT_CANNOT_PROVE};
use crate::files::{self, Access};
use crate::ProveArgs;

/// One presentation to make: indexes into the credentials and requests, and its output file.
struct Pair {
    credential: usize,
    request: usize,
    out: PathBuf,
}

/// The batch's inputs, read and checked.
struct Inputs {
    credentials: Vec<SignedCredential>,
    holder: HolderSecret,
    requests: Vec<Request>,
    key: ProvingKey,
    /// How long the proving key took to load.
    loaded: Duration,
}

pub fn prove(a: &ProveArgs) -> Result<(), CliError> {
    // The output names and files, before any input is read.
    let pairs = pairs(a)?;
    check_out_dir(&a.out)?;
    check_outputs(a, &pairs)?;

    // Every input, and what each verifier will learn, once per request.
    let inputs = read_inputs(a)?;
    for (request, path) in inputs.requests.iter().zip(&a.request) {
        commands::print_consent(request, Some(path));
    }

    // The proofs, in parallel; each presentation is written as soon as it is made.
    std::fs::create_dir_all(&a.out).map_err(|e| CliError::Io {
        what: "output directory",
        path: a.out.clone(),
        source: e,
    })?;
    let pool = commands::thread_pool(a.threads)?;
    let started = Instant::now();
    let results = pool.install(|| prove_all(a, &inputs, &pairs));
    let took = started.elapsed();

    // The throughput, then one line per pair that failed.
    let failures: Vec<(&Pair, CliError)> = pairs
        .iter()
        .zip(results)
        .filter_map(|(pair, r)| r.err().map(|e| (pair, e)))
        .collect();
    let threads = pool.current_num_threads();
    report(a, pairs.len(), failures.len(), took, inputs.loaded, threads);
    if failures.is_empty() {
        return Ok(());
    }
    for (pair, error) in &failures {
        eprintln!(
            "zkcred: {} with {}: {error}",
            a.credential[pair.credential].display(),
            a.request[pair.request].display(),
        );
    }
    let code = failures
        .iter()
        .map(|(_, e)| e.code())
        .find(|&c| c != EXIT_CANNOT_PROVE)
        .unwrap_or(EXIT_CANNOT_PROVE);
    Err(CliError::Unproved {
        failed: failures.len(),
        total: pairs.len(),
        code,
    })
}

/// Reads every input, and checks that each request fits the parameters.
fn read_inputs(a: &ProveArgs) -> Result<Inputs, CliError> {
    let credentials = a
        .credential
        .iter()
        .map(|p| commands::read_credential(p))
        .collect::<Result<Vec<_>, _>>()?;
    let holder = commands::read_holder_key(&a.holder_key)?;
    let requests = a
        .request
        .iter()
        .map(|p| commands::read_request(p))
        .collect::<Result<Vec<_>, _>>()?;
    let started = Instant::now();
    let key = commands::load_proving_key(&a.params)?;
    let loaded = started.elapsed();
    // Whether a request fits does not depend on the issuer, so any credential's will do; clap
    // requires at least one.
    for (request, path) in requests.iter().zip(&a.request) {
        commands::check_fits(request, path, &credentials[0], &key)?;
    }
    for (credential, path) in credentials.iter().zip(&a.credential) {
        commands::check_capacity(credential, path, &key)?;
    }
    Ok(Inputs {
        credentials,
        holder,
        requests,
        key,
        loaded,
    })
}

/// Proves and writes every pair on the current rayon pool, each with its own OsRng; the
/// results are in the order of `pairs`.
fn prove_all(a: &ProveArgs, inputs: &Inputs, pairs: &[Pair]) -> Vec<Result<(), CliError>> {
    let bar = progress_bar(pairs.len());
    // The proving key is shared by reference (it is Sync: its matrix cache is a OnceLock,
    // filled by whichever proof gets there first).
    let results = pairs
        .par_iter()
        .map(|pair| {
            let result = commands::prove_pair(
                &inputs.key,
                &inputs.credentials[pair.credential],
                &inputs.holder,
                &inputs.requests[pair.request],
                &a.params,
                &a.request[pair.request],
            )
            .and_then(|p| files::write(&pair.out, p.to_json().as_bytes(), Access::Public, a.force));
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    results
}

/// Every (credential, request) pair with its output file, `<credential>.<request>.json`;
/// refuses inputs whose names would give two pairs one file.
fn pairs(a: &ProveArgs) -> Result<Vec<Pair>, CliError> {
    let credentials = stems("credentials", &a.credential)?;
    let requests = stems("requests", &a.request)?;
    let mut pairs = Vec::with_capacity(credentials.len() * requests.len());
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for (c, credential) in credentials.iter().enumerate() {
        for (r, request) in requests.iter().enumerate() {
            let mut name = credential.clone();
            name.push(".");
            name.push(request);
            name.push(".json");
            let out = a.out.join(name);
            // Dots inside names can still collide: `a.b` with `c`, and `a` with `b.c`.
            if let Some(&other) = seen.get(&out) {
                let other: &Pair = &pairs[other];
                return Err(CliError::Usage(format!(
                    "{} with {} and {} with {} would both be written to {}; rename one",
                    a.credential[other.credential].display(),
                    a.request[other.request].display(),
                    a.credential[c].display(),
                    a.request[r].display(),
                    out.display()
                )));
            }
            seen.insert(out.clone(), pairs.len());
            pairs.push(Pair {
                credential: c,
                request: r,
                out,
            });
        }
    }
    Ok(pairs)
}

/// The file stems of `paths`, which must be distinct.
fn stems(what: &str, paths: &[PathBuf]) -> Result<Vec<OsString>, CliError> {
    let mut stems: Vec<OsString> = Vec::with_capacity(paths.len());
    for path in paths {
        let stem = path
            .file_stem()
            .ok_or_else(|| CliError::Usage(format!("{} names no file", path.display())))?;
        if let Some(i) = stems.iter().position(|s| s == stem) {
            if paths[i] == *path {
                return Err(CliError::Usage(format!(
                    "{} is given twice among the {what}",
                    path.display()
                )));
            }
            return Err(CliError::Usage(format!(
                "the {what} {} and {} share the name `{}`, which their presentations are named \
                 after; rename one",
                paths[i].display(),
                path.display(),
                stem.to_string_lossy()
            )));
        }
        stems.push(stem.to_owned());
    }
    Ok(stems)
}

/// Refuses an `--out` that exists and is not a directory.
fn check_out_dir(out: &Path) -> Result<(), CliError> {
    match std::fs::metadata(out) {
        Ok(m) if !m.is_dir() => Err(CliError::Usage(format!(
            "{} is a file; with several presentations --out names a directory",
            out.display()
        ))),
        _ => Ok(()),
    }
}

/// Refuses, in one error, every output file that exists (without `--force`), and any that
/// would replace an input.
fn check_outputs(a: &ProveArgs, pairs: &[Pair]) -> Result<(), CliError> {
    let inputs: Vec<&Path> = a
        .credential
        .iter()
        .chain(&a.request)
        .map(PathBuf::as_path)
        .chain([a.holder_key.as_path()])
        .collect();
    let mut taken = Vec::new();
    for pair in pairs {
        files::check_distinct(&pair.out, &inputs)?;
        if files::check_free(&pair.out, a.force).is_err() {
            taken.push(pair.out.clone());
        }
    }
    match taken.len() {
        0 => Ok(()),
        1 => Err(CliError::Exists(taken.remove(0))),
        _ => Err(CliError::AllExist(taken)),
    }
}

/// A progress bar on stderr when it is a terminal; a hidden one otherwise.
fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    // The template is a valid constant; were it not, the bar would keep the default style.
    if let Ok(style) =
        ProgressStyle::with_template("proving {bar:30} {pos}/{len} [{elapsed_precise}, eta {eta}]")
    {
        bar.set_style(style);
    }
    // Redrawn while a proof runs, so the clock moves between proofs too.
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// The throughput line, on stdout.
fn report(
    a: &ProveArgs,
    total: usize,
    failed: usize,
    took: Duration,
    loaded: Duration,
    threads: usize,
) {
    let proved = total - failed;
    let count = if failed == 0 {
        format!("{proved}")
    } else {
        format!("{proved} of {total}")
    };
    let secs = took.as_secs_f64();
    let rate = if secs > 0.0 {
        proved as f64 / secs
    } else {
        0.0
    };
    out!(
        "proved {count} presentations in {secs:.2} s ({rate:.1} per second, {threads} \
         thread{}); key loaded in {} ms; wrote {}",
        if threads == 1 { "" } else { "s" },
        loaded.as_millis(),
        a.out.display()
    );
}
