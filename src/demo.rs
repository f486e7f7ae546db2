//! `zkcred demo`: the whole flow on the bundled driving licence, through the same code paths
//! as the individual commands.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::commands;
use crate::error::CliError;
use crate::{DemoArgs, IssueArgs, KeygenArgs, ProveArgs, RequestArgs, SetupArgs, VerifyArgs};

const SAMPLE: &str = include_str!("../examples/driving-licence.json");

pub fn run(a: &DemoArgs) -> Result<(), CliError> {
    let dir = match &a.dir {
        Some(d) => {
            if d.symlink_metadata().is_ok() {
                return Err(CliError::Usage(format!(
                    "{} already exists; the demo writes into a new directory, choose another --dir",
                    d.display()
                )));
            }
            std::fs::create_dir_all(d).map_err(|e| CliError::Io {
                what: "demo directory",
                path: d.clone(),
                source: e,
            })?;
            d.clone()
        }
        None => tempfile::Builder::new()
            .prefix("zkcred-demo-")
            .tempdir()
            .map_err(|e| CliError::Io {
                what: "demo directory",
                path: std::env::temp_dir(),
                source: e,
            })?
            .keep(),
    };
    out!("zkcred demo in {}\n", dir.display());
    let p = |name: &str| -> PathBuf { dir.join(name) };

    step(
        "1. the issuer (a licensing authority) makes a key pair",
        || {
            commands::issuer_keygen(&KeygenArgs {
                out: p("issuer.key"),
                force: false,
            })
        },
    )?;
    step("2. the holder makes a key pair", || {
        commands::holder_keygen(&KeygenArgs {
            out: p("holder.key"),
            force: false,
        })
    })?;
    crate::files::write(
        &p("vc.json"),
        SAMPLE.as_bytes(),
        crate::files::Access::Public,
        false,
    )?;
    step(
        "3. the issuer signs the holder's driving licence (examples/driving-licence.json)",
        || {
            commands::issue(&IssueArgs {
                key: p("issuer.key"),
                holder: p("holder.pub"),
                credential: p("vc.json"),
                out: p("signed.json"),
                capacity: zkcred_core::Shape::STANDARD.attributes,
                force: false,
            })
        },
    )?;
    step(
        "4. trusted setup, once for every request within the published limits",
        || {
            commands::setup(&SetupArgs {
                out: p("params"),
                attributes: zkcred_core::Shape::STANDARD.attributes,
                predicates: zkcred_core::Shape::STANDARD.predicates,
                sets: zkcred_core::Shape::STANDARD.sets,
                force: false,
            })
        },
    )?;
    let request = |name: &str| RequestArgs {
        verifier: "https://bar.example".into(),
        attribute: "birthDate".into(),
        age_at_least: 18,
        date: None,
        scope: None,
        out: p(name),
        force: false,
    };
    step("5. a bar asks: is the holder at least 18 today?", || {
        commands::request(&request("request.json"))
    })?;
    step(
        "6. the holder proves it without revealing the birth date",
        || {
            commands::prove(&ProveArgs {
                credential: vec![p("signed.json")],
                holder_key: p("holder.key"),
                request: vec![p("request.json")],
                params: p("params"),
                out: p("presentation.json"),
                threads: None,
                force: false,
            })
        },
    )?;
    let verify = |req: &Path| {
        commands::verify(&VerifyArgs {
            presentation: p("presentation.json"),
            request: req.to_owned(),
            issuer: p("issuer.pub"),
            params: p("params"),
        })
    };
    step(
        "7. the bar verifies offline, from its own request and the issuer's key",
        || verify(&p("request.json")),
    )?;
    step(
        "8. the same presentation replayed to a request with a new nonce",
        || {
            commands::request(&request("request-2.json"))?;
            match verify(&p("request-2.json")) {
                Err(CliError::Rejected(reason)) => {
                    out!("rejected as it should be: {reason}");
                    Ok(())
                }
                Ok(()) => Err(CliError::Rejected(
                    "a replayed presentation was accepted".into(),
                )),
                Err(other) => Err(other),
            }
        },
    )?;

    let size = std::fs::metadata(p("presentation.json"))
        .map(|m| m.len())
        .unwrap_or(0);
    let manifest = commands::read_manifest(&p("params"))?;
    out!(
        "done: presentation {size} bytes, circuit {} constraints; files in {}",
        manifest.constraints,
        dir.display()
    );
    Ok(())
}

fn step(title: &str, f: impl FnOnce() -> Result<(), CliError>) -> Result<(), CliError> {
    out!("== {title}");
    let started = Instant::now();
    f()?;
    out!("   ({:.2?})\n", started.elapsed());
    Ok(())
}
