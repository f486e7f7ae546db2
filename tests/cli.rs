//! The whole flow through the `zkcred` binary, on every bundled example, and the must-fail
//! cases a user meets, each with its exit code and a one-line reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zkcred(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_zkcred"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the zkcred binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = zkcred(dir, args);
    assert_eq!(
        r.code, 0,
        "zkcred {args:?} failed:\n{}{}",
        r.stdout, r.stderr
    );
    r
}

/// Fails with `code` and a message containing `needle`, and never panics.
fn fails(dir: &Path, args: &[&str], code: i32, needle: &str) -> Run {
    let r = zkcred(dir, args);
    assert_eq!(r.code, code, "zkcred {args:?}:\n{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(needle),
        "zkcred {args:?}: expected {needle:?} in {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

fn write_request(dir: &Path, name: &str, nonce: &str, verifier: &str, date: &str, cond: &str) {
    let text = format!(
        r#"{{"verifier": "{verifier}", "nonce": "{nonce}", "date": "{date}",
            "credentialSubject": {cond}}}"#
    );
    std::fs::write(dir.join(name), text).unwrap();
}

/// Keys for an issuer and a holder, and the parameters, in a fresh directory.
fn world() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["issuer", "keygen", "--out", "issuer.key"]);
    ok(d, &["holder", "keygen", "--out", "holder.key"]);
    ok(d, &["setup", "--out", "params"]);
    dir
}

fn issue(d: &Path, credential: &Path, out: &str) {
    ok(
        d,
        &[
            "issue",
            "--key",
            "issuer.key",
            "--holder",
            "holder.pub",
            "--credential",
            credential.to_str().unwrap(),
            "--out",
            out,
        ],
    );
}

fn prove_args<'a>(credential: &'a str, request: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "prove",
        "--credential",
        credential,
        "--holder-key",
        "holder.key",
        "--request",
        request,
        "--params",
        "params",
        "--out",
        out,
    ]
}

fn verify_args<'a>(presentation: &'a str, request: &'a str, issuer: &'a str) -> Vec<&'a str> {
    vec![
        "verify",
        "--presentation",
        presentation,
        "--request",
        request,
        "--issuer",
        issuer,
        "--params",
        "params",
    ]
}

#[test]
fn demo_runs() {
    let dir = tempfile::tempdir().unwrap();
    let r = ok(dir.path(), &["demo", "--dir", "demo"]);
    assert!(r.stdout.contains("verified"));
    assert!(r.stdout.contains("rejected as it should be"));
}

#[test]
fn every_example_proves_and_verifies() {
    let w = world();
    let d = w.path();
    for name in [
        "driving-licence.json",
        "national-id.json",
        "diploma.json",
        "age-card.json",
    ] {
        issue(d, &example(name), "signed.json");
        ok(
            d,
            &[
                "request",
                "--verifier",
                "https://bar.example",
                "--age-at-least",
                "18",
                "--date",
                "2026-12-03",
                "--out",
                "request.json",
                "--force",
            ],
        );
        let r = ok(
            d,
            &prove_args("signed.json", "request.json", "presentation.json"),
        );
        assert!(r.stderr.contains("will learn"));
        let r = ok(
            d,
            &verify_args("presentation.json", "request.json", "issuer.pub"),
        );
        assert!(r.stdout.contains("age of at least 18"), "{}", r.stdout);

        // The presentation names no attribute and carries no value.
        let credential = read_json(&example(name));
        let birth = credential["credentialSubject"]["birthDate"]
            .as_str()
            .unwrap()
            .to_owned();
        let presentation = std::fs::read_to_string(d.join("presentation.json")).unwrap();
        assert!(!presentation.contains(&birth) && !presentation.contains("birthDate"));
        for f in ["signed.json", "presentation.json"] {
            std::fs::remove_file(d.join(f)).unwrap();
        }
    }
}

#[test]
fn the_bundled_request_and_two_conditions_at_once() {
    let w = world();
    let d = w.path();
    issue(d, &example("driving-licence.json"), "signed.json");
    let request = example("over-18-request.json");
    let request = request.to_str().unwrap();
    ok(d, &prove_args("signed.json", request, "p1.json"));
    ok(d, &verify_args("p1.json", request, "issuer.pub"));

    write_request(
        d,
        "two.json",
        "00112233445566778899",
        "https://rental.example",
        "2026-12-03",
        r#"{"birthDate": {"$ageAtLeast": 21}, "drivingPrivileges.B.expiryDate": {"$gte": "2027-01-01"}}"#,
    );
    ok(d, &prove_args("signed.json", "two.json", "p2.json"));
    ok(d, &verify_args("p2.json", "two.json", "issuer.pub"));

    let rental = example("rental-request.json");
    let rental = rental.to_str().unwrap();
    ok(d, &prove_args("signed.json", rental, "p3.json"));
    let r = ok(d, &verify_args("p3.json", rental, "issuer.pub"));
    assert!(
        r.stdout
            .contains("drivingPrivileges.B.expiryDate >= \"2027-01-15\""),
        "{}",
        r.stdout
    );
}

#[test]
fn must_fail_cases_explain_themselves() {
    let w = world();
    let d = w.path();
    let licence = read_json(&example("driving-licence.json"));
    issue(d, &example("driving-licence.json"), "signed.json");
    write_request(
        d,
        "req.json",
        "0123456789abcdef0123",
        "https://bar.example",
        "2026-12-03",
        r#"{"birthDate": {"$ageAtLeast": 18}}"#,
    );
    ok(d, &prove_args("signed.json", "req.json", "p.json"));
    ok(d, &verify_args("p.json", "req.json", "issuer.pub"));

    // Under-age holder.
    let mut young = licence.clone();
    young["credentialSubject"]["birthDate"] = Value::from("2010-05-05");
    write_json(&d.join("young.json"), &young);
    issue(d, &d.join("young.json"), "young-signed.json");
    let r = fails(
        d,
        &prove_args("young-signed.json", "req.json", "x.json"),
        4,
        "does not satisfy the condition on `birthDate`",
    );
    assert!(
        !r.stderr.contains("2010"),
        "the error leaks the birth date: {}",
        r.stderr
    );
    assert!(!d.join("x.json").exists());

    // Credential expired on the request's date.
    write_request(
        d,
        "late.json",
        "0123456789abcdef0123",
        "https://bar.example",
        "2035-01-01",
        r#"{"birthDate": {"$ageAtLeast": 18}}"#,
    );
    fails(
        d,
        &prove_args("signed.json", "late.json", "x.json"),
        4,
        "not valid on the date",
    );

    // Replayed with another nonce, or to another verifier.
    write_request(
        d,
        "nonce.json",
        "ffffffffffffffffffff",
        "https://bar.example",
        "2026-12-03",
        r#"{"birthDate": {"$ageAtLeast": 18}}"#,
    );
    fails(
        d,
        &verify_args("p.json", "nonce.json", "issuer.pub"),
        1,
        "another request",
    );
    write_request(
        d,
        "other.json",
        "0123456789abcdef0123",
        "https://pub.example",
        "2026-12-03",
        r#"{"birthDate": {"$ageAtLeast": 18}}"#,
    );
    fails(
        d,
        &verify_args("p.json", "other.json", "issuer.pub"),
        1,
        "another request",
    );

    // Replayed with the request digest rewritten: the proof itself fails.
    let mut forged = read_json(&d.join("p.json"));
    let other_digest = {
        ok(d, &prove_args("signed.json", "other.json", "p-other.json"));
        read_json(&d.join("p-other.json"))["request"].clone()
    };
    forged["request"] = other_digest;
    write_json(&d.join("forged.json"), &forged);
    fails(
        d,
        &verify_args("forged.json", "other.json", "issuer.pub"),
        1,
        "does not verify",
    );

    // An attribute changed after signing.
    let mut tampered = read_json(&d.join("signed.json"));
    tampered["credentialSubject"]["birthDate"] = Value::from("1970-01-01");
    write_json(&d.join("tampered.json"), &tampered);
    fails(
        d,
        &prove_args("tampered.json", "req.json", "x.json"),
        4,
        "signature",
    );

    // A credential signed by another issuer: the verifier uses its own issuer key.
    ok(d, &["issuer", "keygen", "--out", "rogue.key"]);
    ok(
        d,
        &[
            "issue",
            "--key",
            "rogue.key",
            "--holder",
            "holder.pub",
            "--credential",
            example("driving-licence.json").to_str().unwrap(),
            "--out",
            "rogue-signed.json",
        ],
    );
    ok(
        d,
        &prove_args("rogue-signed.json", "req.json", "rogue-p.json"),
    );
    fails(
        d,
        &verify_args("rogue-p.json", "req.json", "issuer.pub"),
        1,
        "does not verify",
    );
    fails(
        d,
        &verify_args("p.json", "req.json", "rogue.pub"),
        1,
        "does not verify",
    );

    // The wrong holder key.
    ok(d, &["holder", "keygen", "--out", "thief.key"]);
    fails(
        d,
        &[
            "prove",
            "--credential",
            "signed.json",
            "--holder-key",
            "thief.key",
            "--request",
            "req.json",
            "--params",
            "params",
            "--out",
            "x.json",
        ],
        4,
        "holder key does not match",
    );

    // A request for an attribute the credential lacks.
    write_request(
        d,
        "missing.json",
        "0123456789abcdef0123",
        "https://bar.example",
        "2026-12-03",
        r#"{"bloodType": {"$eq": 1}}"#,
    );
    fails(
        d,
        &prove_args("signed.json", "missing.json", "x.json"),
        4,
        "no attribute `bloodType`",
    );

    // An unknown operator, named in the error.
    write_request(
        d,
        "bad-op.json",
        "0123456789abcdef0123",
        "https://bar.example",
        "2026-12-03",
        r#"{"birthDate": {"$olderThan": 18}}"#,
    );
    fails(
        d,
        &prove_args("signed.json", "bad-op.json", "x.json"),
        3,
        "unknown operator `$olderThan`",
    );
}

#[test]
fn files_are_not_overwritten_and_secrets_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["holder", "keygen", "--out", "holder.key"]);
    let before = std::fs::read(d.join("holder.key")).unwrap();
    fails(
        d,
        &["holder", "keygen", "--out", "holder.key"],
        2,
        "--force",
    );
    assert_eq!(std::fs::read(d.join("holder.key")).unwrap(), before);
    ok(d, &["holder", "keygen", "--out", "holder.key", "--force"]);
    assert_ne!(std::fs::read(d.join("holder.key")).unwrap(), before);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |f: &str| std::fs::metadata(d.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("holder.key"), 0o600);
        assert_eq!(mode("holder.pub"), 0o644);
    }
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn bad_files_get_clear_errors() {
    let w = world();
    let d = w.path();
    std::fs::write(d.join("empty.json"), "").unwrap();
    std::fs::write(d.join("junk.json"), "{\"a\": 1, \"a\": 2}").unwrap();
    fails(
        d,
        &verify_args("empty.json", "empty.json", "issuer.pub"),
        3,
        "empty",
    );
    fails(
        d,
        &verify_args("junk.json", "junk.json", "issuer.pub"),
        3,
        "duplicate key",
    );
    fails(
        d,
        &verify_args("missing.json", "junk.json", "issuer.pub"),
        3,
        "missing.json",
    );
    // A holder key where an issuer key belongs.
    write_request(
        d,
        "req.json",
        "0123456789abcdef0123",
        "https://bar.example",
        "2026-12-03",
        r#"{"birthDate": {"$ageAtLeast": 18}}"#,
    );
    std::fs::write(d.join("p.json"), r#"{"format": "zkcred-presentation/v2", "request": "00", "parameters": "00", "proof": "00"}"#).unwrap();
    fails(
        d,
        &verify_args("p.json", "req.json", "holder.pub"),
        3,
        "presentation",
    );
    // A corrupted verifying key is refused by its pin, by the verifier and the prover alike.
    issue(d, &example("national-id.json"), "signed.json");
    ok(d, &prove_args("signed.json", "req.json", "good.json"));
    let vk = d.join("params/verifying.key");
    let mut bytes = std::fs::read(&vk).unwrap();
    bytes[40] ^= 1;
    std::fs::write(&vk, bytes).unwrap();
    fails(
        d,
        &verify_args("good.json", "req.json", "issuer.pub"),
        3,
        "does not match the manifest",
    );
    fails(
        d,
        &prove_args("signed.json", "req.json", "again.json"),
        3,
        "does not match the manifest",
    );
}

/// `prove` with every credential and request given, into `out`.
fn batch_args<'a>(credentials: &[&'a str], requests: &[&'a str], out: &'a str) -> Vec<&'a str> {
    let mut args = vec!["prove", "--holder-key", "holder.key", "--params", "params"];
    for c in credentials {
        args.extend(["--credential", c]);
    }
    for r in requests {
        args.extend(["--request", r]);
    }
    args.extend(["--out", out]);
    args
}

/// Two credentials of one holder (licence: born 1987, id: born 1978) and two age requests.
fn batch_world(second_age: u32) -> tempfile::TempDir {
    let w = world();
    let d = w.path();
    issue(d, &example("driving-licence.json"), "licence.json");
    issue(d, &example("national-id.json"), "id.json");
    let age = |n: u32| format!(r#"{{"birthDate": {{"$ageAtLeast": {n}}}}}"#);
    let (bar, other) = ("https://bar.example", "https://rental.example");
    write_request(
        d,
        "bar.json",
        "0123456789abcdef0123",
        bar,
        "2026-12-03",
        &age(18),
    );
    let second = format!("over{second_age}.json");
    write_request(
        d,
        &second,
        "00112233445566778899",
        other,
        "2026-12-03",
        &age(second_age),
    );
    w
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_batch_proves_every_pair_and_each_verifies() {
    let w = batch_world(21);
    let d = w.path();
    let mut args = batch_args(
        &["licence.json", "id.json"],
        &["bar.json", "over21.json"],
        "out",
    );
    args.extend(["--threads", "2"]);
    let r = ok(d, &args);
    assert!(
        r.stdout.starts_with("proved 4 presentations in ")
            && r.stdout.contains(" per second, 2 threads); key loaded in ")
            && r.stdout.ends_with("; wrote out\n"),
        "{}",
        r.stdout
    );
    // What each verifier learns, once per request; no progress bar off a terminal.
    assert_eq!(r.stderr.matches("will learn").count(), 2, "{}", r.stderr);
    assert!(r
        .stderr
        .contains("For bar.json, the verifier https://bar.example will learn:"));
    assert!(r
        .stderr
        .contains("For over21.json, the verifier https://rental.example"));
    assert!(!r.stderr.contains(['\r', '\x1b']), "{:?}", r.stderr);

    assert_eq!(
        names(&d.join("out")),
        [
            "id.bar.json",
            "id.over21.json",
            "licence.bar.json",
            "licence.over21.json"
        ]
    );
    for (credential, request) in [("id", "bar"), ("id", "over21"), ("licence", "bar")]
        .into_iter()
        .chain([("licence", "over21")])
    {
        let presentation = format!("out/{credential}.{request}.json");
        let request = format!("{request}.json");
        ok(d, &verify_args(&presentation, &request, "issuer.pub"));
    }
}

#[test]
fn one_pair_is_proved_as_before() {
    let w = batch_world(21);
    let d = w.path();
    let r = ok(d, &prove_args("licence.json", "bar.json", "one.json"));
    assert!(
        r.stdout.starts_with("proved in ") && r.stdout.ends_with("; wrote one.json\n"),
        "{}",
        r.stdout
    );
    assert!(r
        .stderr
        .starts_with("The verifier https://bar.example will learn:\n"));
    ok(d, &verify_args("one.json", "bar.json", "issuer.pub"));

    // --out names the presentation's file, never a directory to fill.
    std::fs::create_dir(d.join("dir")).unwrap();
    fails(
        d,
        &prove_args("licence.json", "bar.json", "dir"),
        2,
        "dir is a directory; name the file to write",
    );
    let mut forced = prove_args("licence.json", "bar.json", "dir");
    forced.push("--force");
    fails(d, &forced, 2, "dir is a directory");
    // A file in a directory that does not exist is refused before the consent text.
    let r = fails(
        d,
        &prove_args("licence.json", "bar.json", "nowhere/p.json"),
        2,
        "the directory nowhere does not exist",
    );
    assert!(!r.stderr.contains("will learn"), "{}", r.stderr);
    let mut args = prove_args("licence.json", "bar.json", "two.json");
    args.extend(["--threads", "1"]);
    ok(d, &args);
    ok(d, &verify_args("two.json", "bar.json", "issuer.pub"));
    fails(d, &["prove", "--threads", "0"], 2, "--threads");
}

#[test]
fn a_batch_writes_what_it_can_and_names_what_it_cannot() {
    let w = batch_world(45);
    let d = w.path();
    let r = fails(
        d,
        &batch_args(
            &["licence.json", "id.json"],
            &["bar.json", "over45.json"],
            "out",
        ),
        4,
        "zkcred: licence.json with over45.json: cannot prove: the credential does not satisfy the \
         condition on `birthDate`\nzkcred: 1 of 4 presentations could not be proved\n",
    );
    assert!(
        !r.stderr.contains("1987"),
        "the error leaks the birth date: {}",
        r.stderr
    );
    assert!(
        r.stdout.starts_with("proved 3 of 4 presentations in "),
        "{}",
        r.stdout
    );
    assert_eq!(
        names(&d.join("out")),
        ["id.bar.json", "id.over45.json", "licence.bar.json"]
    );
    ok(
        d,
        &verify_args("out/id.over45.json", "over45.json", "issuer.pub"),
    );
}

#[test]
fn a_batch_refuses_before_proving() {
    let w = batch_world(21);
    let d = w.path();
    let credentials = ["licence.json", "id.json"];
    let requests = ["bar.json", "over21.json"];

    // Existing outputs: every one is named, none is replaced and nothing is proved.
    std::fs::create_dir(d.join("out")).unwrap();
    for f in ["out/licence.bar.json", "out/id.over21.json"] {
        std::fs::write(d.join(f), "old").unwrap();
    }
    let r = fails(
        d,
        &batch_args(&credentials, &requests, "out"),
        2,
        "out/licence.bar.json, out/id.over21.json already exist; pass --force",
    );
    assert!(!r.stderr.contains("will learn") && r.stdout.is_empty());
    assert_eq!(
        names(&d.join("out")),
        ["id.over21.json", "licence.bar.json"]
    );
    assert_eq!(
        std::fs::read(d.join("out/licence.bar.json")).unwrap(),
        b"old"
    );
    let mut args = batch_args(&credentials, &requests, "out");
    args.push("--force");
    let r = ok(d, &args);
    assert!(
        r.stdout.starts_with("proved 4 presentations"),
        "{}",
        r.stdout
    );
    ok(
        d,
        &verify_args("out/licence.bar.json", "bar.json", "issuer.pub"),
    );

    // Two inputs whose presentations would share names.
    std::fs::create_dir(d.join("copy")).unwrap();
    std::fs::copy(d.join("id.json"), d.join("copy/id.json")).unwrap();
    fails(
        d,
        &batch_args(&["id.json", "copy/id.json"], &requests, "new"),
        2,
        "the credentials id.json and copy/id.json share the name `id`",
    );
    std::fs::copy(d.join("bar.json"), d.join("a.bar.json")).unwrap();
    std::fs::copy(d.join("licence.json"), d.join("id.a.json")).unwrap();
    fails(
        d,
        &batch_args(
            &["id.a.json", "id.json"],
            &["bar.json", "a.bar.json"],
            "new",
        ),
        2,
        "id.a.json with bar.json and id.json with a.bar.json would both be written to \
         new/id.a.bar.json",
    );

    // A file where the directory should be.
    fails(
        d,
        &batch_args(&credentials, &requests, "bar.json"),
        2,
        "bar.json is a file; with several presentations --out names a directory",
    );

    // A bad input, named, before anything is proved or created.
    std::fs::write(d.join("junk.json"), "{").unwrap();
    let r = fails(
        d,
        &batch_args(&credentials, &["bar.json", "junk.json"], "new"),
        3,
        "request junk.json",
    );
    assert!(!r.stderr.contains("will learn"));
    assert!(!d.join("new").exists());
}

#[test]
fn parameter_mismatches_name_the_file_at_fault() {
    let w = world();
    let d = w.path();
    issue(d, &example("age-card.json"), "card.json");
    ok(
        d,
        &[
            "request",
            "--verifier",
            "https://bar.example",
            "--age-at-least",
            "18",
            "--out",
            "bar.json",
        ],
    );
    ok(d, &prove_args("card.json", "bar.json", "p.json"));

    // A misspelt attribute is answered with the credential's closest name.
    std::fs::write(
        d.join("typo.json"),
        r#"{"verifier": "https://bar.example", "nonce": "0123456789abcdef0123",
            "date": "2026-12-03", "credentialSubject": {"birthdate": {"$ageAtLeast": 18}}}"#,
    )
    .unwrap();
    fails(
        d,
        &prove_args("card.json", "typo.json", "t.json"),
        4,
        "no attribute `birthdate` (the credential has `birthDate`)",
    );

    // A credential signed for 24 attributes against 12-attribute parameters: the credential
    // is named, with both ways out.
    ok(
        d,
        &[
            "setup",
            "--attributes",
            "12",
            "--predicates",
            "1",
            "--sets",
            "0",
            "--out",
            "small",
        ],
    );
    let mut args = prove_args("card.json", "bar.json", "q.json");
    let params = args.iter().position(|a| *a == "params").unwrap();
    args[params] = "small";
    let r = fails(d, &args, 3, "signed credential card.json");
    assert!(
        r.stderr.contains("--capacity 12") && r.stderr.contains("--attributes 24"),
        "{}",
        r.stderr
    );
    assert!(!d.join("q.json").exists());

    // A broken manifest is named as the manifest, by prove and by verify.
    std::fs::create_dir(d.join("broken")).unwrap();
    for f in ["proving.key", "verifying.key"] {
        std::fs::copy(d.join("params").join(f), d.join("broken").join(f)).unwrap();
    }
    std::fs::write(d.join("broken/manifest.json"), "{}").unwrap();
    let mut args = verify_args("p.json", "bar.json", "issuer.pub");
    *args.last_mut().unwrap() = "broken";
    fails(d, &args, 3, "parameters manifest broken/manifest.json");
    let mut args = prove_args("card.json", "bar.json", "q.json");
    args[params] = "broken";
    fails(d, &args, 3, "parameters manifest broken/manifest.json");
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let w = world();
    let d = w.path();
    // `inspect` prints a dozen lines; a reader that takes none of them closes the pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zkcred"))
        .arg("inspect")
        .current_dir(d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
