//! One function per subcommand.

use std::path::Path;
use std::time::Instant;

use rand_core::{OsRng, RngCore};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    keys,
    params::{Manifest, MANIFEST_FILE, PROVING_KEY_FILE, VERIFYING_KEY_FILE},
    presentation::Presentation,
    request::{describe_clause, Validity},
    signature::{PublicKey, SecretKey},
    Request, Shape,
};
use zkcred_prover::ProvingKey;
use zkcred_verifier::VerifyingKey;

use crate::error::CliError;
use crate::files::{self, Access};
use crate::{InspectArgs, IssueArgs, KeygenArgs, ProveArgs, RequestArgs, SetupArgs, VerifyArgs};

/// Largest proving key read, in bytes.
const MAX_PROVING_KEY_BYTES: u64 = 1 << 30;

fn parse<T>(
    what: &'static str,
    path: &Path,
    f: impl FnOnce(&[u8]) -> Result<T, zkcred_core::Error>,
) -> Result<T, CliError> {
    let bytes = files::read(what, path)?;
    f(&bytes).map_err(|e| CliError::input(what, path, e))
}

/// Writes a key pair: the secret at `--out` (0600), the public key beside it.
fn write_key_pair(a: &KeygenArgs, secret: &str, public: &str) -> Result<(), CliError> {
    if a.out.extension().is_some_and(|e| e == "pub") {
        return Err(CliError::Usage(format!(
            "{} would hold a secret key under a public name; use a .key name",
            a.out.display()
        )));
    }
    let public_path = files::public_path(&a.out);
    files::check_free(&a.out, a.force)?;
    files::check_free(&public_path, a.force)?;
    files::write(&a.out, secret.as_bytes(), Access::Secret, a.force)?;
    files::write(&public_path, public.as_bytes(), Access::Public, a.force)?;
    out!(
        "wrote {} (secret) and {}",
        a.out.display(),
        public_path.display()
    );
    Ok(())
}

pub fn issuer_keygen(a: &KeygenArgs) -> Result<(), CliError> {
    let key = SecretKey::generate(&mut OsRng);
    let secret = zeroize::Zeroizing::new(keys::issuer_secret_to_json(&key));
    write_key_pair(a, &secret, &keys::issuer_public_to_json(&key.public()))
}

pub fn holder_keygen(a: &KeygenArgs) -> Result<(), CliError> {
    let key = HolderSecret::generate(&mut OsRng);
    let secret = zeroize::Zeroizing::new(keys::holder_secret_to_json(&key));
    write_key_pair(a, &secret, &keys::holder_public_to_json(key.public()))
}

pub fn issue(a: &IssueArgs) -> Result<(), CliError> {
    if !(Shape {
        attributes: a.capacity,
        ..Shape::STANDARD
    })
    .is_supported()
    {
        return Err(CliError::Usage(
            "--capacity must be 12, 24, 36, 48 or 60".into(),
        ));
    }
    files::check_distinct(&a.out, &[&a.key, &a.holder, &a.credential])?;
    files::check_free(&a.out, a.force)?;
    let key = parse("issuer secret key", &a.key, keys::issuer_secret_from_json)?;
    let holder = parse(
        "holder public key",
        &a.holder,
        keys::holder_public_from_json,
    )?;
    let credential = parse("credential", &a.credential, Credential::from_json)?;
    let count = credential.attributes.len();
    if count > a.capacity {
        return Err(CliError::input(
            "credential",
            &a.credential,
            format!(
                "it has {count} attributes after flattening; sign it with a larger --capacity \
                 (and use a setup with as many --attributes)"
            ),
        ));
    }
    let signed = SignedCredential::issue(credential, &key, holder, a.capacity)
        .map_err(|e| CliError::input("credential", &a.credential, e))?;
    // The signed credential holds every attribute in the clear: readable by its owner alone.
    files::write(&a.out, signed.to_json().as_bytes(), Access::Secret, a.force)?;
    out!("signed {count} attributes; wrote {}", a.out.display());
    Ok(())
}

const SHAPE_LIMITS: &str =
    "--attributes must be 12, 24, 36, 48 or 60, --predicates 1 to 16 and --sets 0 to 4";

pub fn setup(a: &SetupArgs) -> Result<(), CliError> {
    let shape = Shape {
        attributes: a.attributes,
        predicates: a.predicates,
        sets: a.sets,
    };
    if !shape.is_supported() {
        return Err(CliError::Usage(SHAPE_LIMITS.into()));
    }
    let paths = [MANIFEST_FILE, PROVING_KEY_FILE, VERIFYING_KEY_FILE].map(|f| a.out.join(f));
    for p in &paths {
        files::check_free(p, a.force)?;
    }
    std::fs::create_dir_all(&a.out).map_err(|e| CliError::Io {
        what: "parameters directory",
        path: a.out.clone(),
        source: e,
    })?;

    let started = Instant::now();
    let params =
        zkcred_prover::setup(shape, &mut OsRng).map_err(|e| CliError::Usage(e.to_string()))?;
    files::write(&paths[1], &params.proving_key, Access::Public, a.force)?;
    files::write(&paths[2], &params.verifying_key, Access::Public, a.force)?;
    // The manifest last: a directory with a manifest is complete.
    files::write(
        &paths[0],
        params.manifest.to_json().as_bytes(),
        Access::Public,
        a.force,
    )?;
    out!(
        "setup for {} attributes, {} range and {} set checks: {} constraints, proving key {} \
         bytes, {:.2?}",
        shape.attributes,
        shape.predicates,
        shape.sets,
        params.manifest.constraints,
        params.proving_key.len(),
        started.elapsed()
    );
    out!("wrote {}", a.out.display());
    Ok(())
}

pub fn request(a: &RequestArgs) -> Result<(), CliError> {
    files::check_free(&a.out, a.force)?;
    let date = match &a.date {
        Some(d) => d.clone(),
        None => chrono::Utc::now().date_naive().to_string(),
    };
    let mut nonce = [0u8; 16];
    OsRng.fill_bytes(&mut nonce);
    let mut doc = serde_json::json!({
        "verifier": a.verifier,
        "nonce": hex::encode(nonce),
        "date": date,
        "credentialSubject": { a.attribute.clone(): { "$ageAtLeast": a.age_at_least } },
    });
    if let Some(scope) = &a.scope {
        doc["scope"] = scope.clone().into();
    }
    let mut text = serde_json::to_string_pretty(&doc).expect("plain JSON");
    text.push('\n');
    // Refuse to write a request that zkcred itself would not read back.
    Request::from_json(text.as_bytes()).map_err(|e| CliError::Usage(e.to_string()))?;
    files::write(&a.out, text.as_bytes(), Access::Public, a.force)?;
    out!("wrote {}", a.out.display());
    Ok(())
}

/// Loads the proving key from a parameters directory.
pub fn load_proving_key(dir: &Path) -> Result<ProvingKey, CliError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = files::read("parameters manifest", &manifest_path)?;
    let key_path = dir.join(PROVING_KEY_FILE);
    let key = files::read_limited("proving key", &key_path, MAX_PROVING_KEY_BYTES)?;
    let vk_path = dir.join(VERIFYING_KEY_FILE);
    let vk = files::read("verifying key", &vk_path)?;
    ProvingKey::from_files(&manifest, &key, &vk).map_err(|e| match e {
        zkcred_prover::ProveError::Manifest(m) => {
            CliError::input("parameters manifest", &manifest_path, m)
        }
        zkcred_prover::ProveError::VerifyingKey(v) => CliError::input("verifying key", &vk_path, v),
        other => CliError::input("proving key", &key_path, other),
    })
}

/// Loads the verifying key from a parameters directory.
pub fn load_verifying_key(dir: &Path) -> Result<VerifyingKey, CliError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = files::read("parameters manifest", &manifest_path)?;
    Manifest::from_json(&manifest)
        .map_err(|e| CliError::input("parameters manifest", &manifest_path, e))?;
    let key_path = dir.join(VERIFYING_KEY_FILE);
    let key = files::read("verifying key", &key_path)?;
    VerifyingKey::from_files(&manifest, &key)
        .map_err(|e| CliError::input("verifying key", &key_path, e))
}

/// What the verifier learns from a presentation, in words, one line each.
pub fn disclosure(request: &Request) -> Vec<String> {
    let mut lines = vec![
        "that you hold a credential from the issuer whose key the verifier uses".to_string(),
        match request.validity {
            Validity::At(t) => format!("that the credential is valid at {t}"),
            Validity::Day(d) => format!("that the credential is valid throughout {d} (UTC)"),
        },
    ];
    lines.extend(
        request
            .clauses
            .iter()
            .map(|c| describe_clause(c, request.date)),
    );
    if let Some(scope) = &request.scope {
        lines.push(format!(
            "the holder's pseudonym for scope {scope}: the same each time this holder answers \
             this scope, unrelated to its pseudonyms elsewhere"
        ));
    }
    lines
}

/// Proves one presentation, or a batch when several credentials or requests are given.
pub fn prove(a: &ProveArgs) -> Result<(), CliError> {
    let (credential_path, request_path) = match (a.credential.as_slice(), a.request.as_slice()) {
        ([c], [r]) => (c, r),
        _ => return crate::batch::prove(a),
    };
    files::check_target(&a.out, a.force)?;
    files::check_distinct(
        &a.out,
        &[
            credential_path.as_path(),
            request_path.as_path(),
            a.holder_key.as_path(),
        ],
    )?;
    let signed = read_credential(credential_path)?;
    let holder = read_holder_key(&a.holder_key)?;
    let request = read_request(request_path)?;
    let started = Instant::now();
    let key = load_proving_key(&a.params)?;
    let loaded = started.elapsed();
    check_capacity(&signed, credential_path, &key)?;
    check_fits(&request, request_path, &signed, &key)?;
    print_consent(&request, None);

    let pool = thread_pool(a.threads)?;
    let presentation =
        pool.install(|| prove_pair(&key, &signed, &holder, &request, &a.params, request_path))?;
    files::write(
        &a.out,
        presentation.to_json().as_bytes(),
        Access::Public,
        a.force,
    )?;
    out!(
        "proved in {:.2?} (key loaded in {:.2?}); wrote {}",
        started.elapsed(),
        loaded,
        a.out.display()
    );
    Ok(())
}

/// Reads a signed credential.
pub fn read_credential(path: &Path) -> Result<SignedCredential, CliError> {
    parse("signed credential", path, SignedCredential::from_json)
}

/// Reads the holder's secret key.
pub fn read_holder_key(path: &Path) -> Result<HolderSecret, CliError> {
    parse("holder secret key", path, keys::holder_secret_from_json)
}

/// Reads a verifier's request.
pub fn read_request(path: &Path) -> Result<Request, CliError> {
    parse("request", path, Request::from_json)
}

/// Refuses a request these parameters cannot answer, before the holder is asked.
pub fn check_fits(
    request: &Request,
    path: &Path,
    signed: &SignedCredential,
    key: &ProvingKey,
) -> Result<(), CliError> {
    request
        .check_fits(signed.issuer, &key.shape)
        .map_err(|e| CliError::input("request", path, e))
}

/// Refuses a credential signed for another attribute capacity than the parameters take.
pub fn check_capacity(
    signed: &SignedCredential,
    path: &Path,
    key: &ProvingKey,
) -> Result<(), CliError> {
    let (signed_for, params) = (signed.shape_attributes, key.shape.attributes);
    if signed_for == params {
        return Ok(());
    }
    Err(CliError::input(
        "signed credential",
        path,
        format!(
            "it was signed for {signed_for} attributes and these parameters take {params}: \
             have it signed again with --capacity {params}, or use parameters set up with \
             --attributes {signed_for}"
        ),
    ))
}

/// Tells the holder, on stderr, what the verifier will learn; `file` names the request when
/// there are several.
pub fn print_consent(request: &Request, file: Option<&Path>) {
    match file {
        None => eprintln!("The verifier {} will learn:", request.verifier),
        Some(f) => eprintln!(
            "For {}, the verifier {} will learn:",
            f.display(),
            request.verifier
        ),
    }
    for line in disclosure(request) {
        eprintln!("  - {line}");
    }
    let revealed: Vec<&str> = request.disclosed().collect();
    if revealed.is_empty() {
        eprintln!("and no attribute value.");
    } else {
        eprintln!(
            "and these values, in the clear: {}; no other attribute value.",
            revealed.join(", ")
        );
    }
}

/// The pool that proofs run on: `threads` of them, or rayon's default number.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start the proving threads: {e}")))
}

/// Proves one presentation of `signed` for `request`, with a fresh OsRng; errors name the
/// file at fault (`params` or `request_path`), or say why the credential cannot answer.
pub fn prove_pair(
    key: &ProvingKey,
    signed: &SignedCredential,
    holder: &HolderSecret,
    request: &Request,
    params: &Path,
    request_path: &Path,
) -> Result<Presentation, CliError> {
    use zkcred_prover::ProveError;
    zkcred_prover::prove(key, signed, holder, request, &signed.issuer, &mut OsRng).map_err(|e| {
        match e {
            ProveError::Witness(w @ zkcred_circuits::WitnessError::Capacity { .. }) => {
                CliError::input("parameters", params, w)
            }
            ProveError::Witness(zkcred_circuits::WitnessError::MissingAttribute(name)) => {
                CliError::CannotProve(missing_attribute(signed, &name))
            }
            ProveError::Witness(w) => CliError::CannotProve(w.to_string()),
            ProveError::Input(i) => CliError::input("request", request_path, i),
            ProveError::ProvingKey(k) => CliError::input("parameters", params, k),
            other => CliError::CannotProve(other.to_string()),
        }
    })
}

/// Why an attribute the request names is missing, with the credential's attribute of the
/// closest name when one is close (names only: the holder's own credential, never a value).
fn missing_attribute(signed: &SignedCredential, name: &str) -> String {
    let closest = signed
        .credential
        .attributes
        .keys()
        .map(|k| {
            (
                strsim::jaro_winkler(&k.to_lowercase(), &name.to_lowercase()),
                k,
            )
        })
        .filter(|(score, _)| *score > 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let error = zkcred_circuits::WitnessError::MissingAttribute(name.to_string());
    match closest {
        Some((_, k)) => format!("{error} (the credential has `{k}`)"),
        None => error.to_string(),
    }
}

/// A presentation checked against the verifier's own request, issuer key and parameters.
pub struct Checked {
    /// The verifier's request.
    pub request: Request,
    /// The verifying key used.
    pub key: VerifyingKey,
    /// What the proof established.
    pub verified: zkcred_verifier::Verified,
}

/// Reads the verifier's files and verifies the presentation against them.
pub fn check_presentation(a: &VerifyArgs) -> Result<Checked, CliError> {
    let presentation = parse("presentation", &a.presentation, Presentation::from_json)?;
    let request = parse("request", &a.request, Request::from_json)?;
    let issuer: PublicKey = parse(
        "issuer public key",
        &a.issuer,
        keys::issuer_public_from_json,
    )?;
    let key = load_verifying_key(&a.params)?;
    let verified =
        zkcred_verifier::verify(&key, &request, &issuer, &presentation).map_err(|e| match e {
            zkcred_verifier::VerifyError::Request(r) => CliError::input("request", &a.request, r),
            other => CliError::Rejected(other.to_string()),
        })?;
    Ok(Checked {
        request,
        key,
        verified,
    })
}

pub fn verify(a: &VerifyArgs) -> Result<(), CliError> {
    let Checked {
        request, verified, ..
    } = check_presentation(a)?;
    out!(
        "verified: the holder of a credential from this issuer proved, for {}:",
        request.verifier
    );
    for line in disclosure(&request).iter().skip(1) {
        out!("  - {line}");
    }
    for (name, value) in &verified.disclosure.values {
        out!("  {name} = {}", zkcred_core::request::value_json(value));
    }
    if let Some(p) = &verified.disclosure.pseudonym {
        out!("  pseudonym = {}", zkcred_core::field::fr_to_decimal(p));
    }
    Ok(())
}

pub fn inspect(a: &InspectArgs) -> Result<(), CliError> {
    let shape = Shape {
        attributes: a.attributes,
        predicates: a.predicates,
        sets: a.sets,
    };
    if !shape.is_supported() {
        return Err(CliError::Usage(SHAPE_LIMITS.into()));
    }
    let parts = zkcred_circuits::statement::constraint_breakdown(shape)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    out!(
        "shape: {} attributes, {} range check{}, {} set check{} of up to {} values",
        shape.attributes,
        shape.predicates,
        plural(shape.predicates),
        shape.sets,
        plural(shape.sets),
        zkcred_core::shape::SET_SIZE
    );
    out!("public inputs: {}", shape.num_public_inputs());
    // Components without constraints of their own (allocating the inputs) are left out.
    for (name, n) in parts.iter().filter(|(_, n)| *n > 0) {
        out!("{n:>8}  {name}");
    }
    out!(
        "{:>8}  constraints in all",
        parts.iter().map(|(_, n)| n).sum::<usize>()
    );
    Ok(())
}

/// Reads a manifest, for the demo's report.
pub fn read_manifest(dir: &Path) -> Result<Manifest, CliError> {
    let path = dir.join(MANIFEST_FILE);
    parse("parameters manifest", &path, Manifest::from_json)
}
