//! `zkcred export`: a verified presentation in the files other verifiers read.
//!
//! The presentation is verified first, exactly as `zkcred verify` does; only a presentation
//! that passes is written out. The public inputs are the ones the verifier rebuilt from its
//! own request and issuer key, never anything the presentation carries.

use std::path::PathBuf;

use serde::Serialize;
use zkcred_verifier::{snarkjs, solidity};

use crate::commands::{self, Checked};
use crate::error::CliError;
use crate::files::{self, Access};
use crate::ExportArgs;

/// snarkjs' proof file.
pub const PROOF_FILE: &str = "proof.json";
/// snarkjs' public inputs file.
pub const PUBLIC_FILE: &str = "public.json";
/// snarkjs' verifying key file.
pub const KEY_FILE: &str = "verification_key.json";
/// The Solidity verifier.
pub const CONTRACT_FILE: &str = "Verifier.sol";
/// The arguments of `verifyProof` and the encoded call.
pub const CALLDATA_FILE: &str = "calldata.json";
/// The encoded call alone, `0x` and hex, for `eth_call`.
pub const CALLDATA_HEX_FILE: &str = "calldata.hex";

pub fn run(a: &ExportArgs) -> Result<(), CliError> {
    let v = &a.verify;
    let Checked { key, verified, .. } = commands::check_presentation(v)?;
    let (proof, inputs) = (&verified.proof, &verified.public_inputs);

    let mut outputs = vec![
        (PROOF_FILE, json(&snarkjs::proof_to_json(proof))),
        (PUBLIC_FILE, json(&snarkjs::public_to_json(inputs))),
        (KEY_FILE, json(&snarkjs::verifying_key_to_json(&key))),
    ];
    if a.solidity {
        let call = solidity::calldata(proof, inputs);
        let hex_line = format!("{}\n", call.calldata);
        outputs.push((CONTRACT_FILE, solidity::contract(&key)));
        outputs.push((CALLDATA_FILE, json(&call)));
        outputs.push((CALLDATA_HEX_FILE, hex_line));
    }

    // Nothing is written unless every file can be.
    let paths: Vec<PathBuf> = outputs.iter().map(|(f, _)| a.out.join(f)).collect();
    for p in &paths {
        files::check_distinct(p, &[&v.presentation, &v.request, &v.issuer])?;
        files::check_free(p, a.force)?;
    }
    std::fs::create_dir_all(&a.out).map_err(|e| CliError::Io {
        what: "output directory",
        path: a.out.clone(),
        source: e,
    })?;
    for ((_, text), path) in outputs.iter().zip(&paths) {
        files::write(path, text.as_bytes(), Access::Public, a.force)?;
    }

    let names: Vec<&str> = outputs.iter().map(|(f, _)| *f).collect();
    out!(
        "verified; wrote {} ({} public inputs) to {}",
        names.join(", "),
        inputs.len(),
        a.out.display()
    );
    Ok(())
}

fn json(v: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("plain data serializes");
    s.push('\n');
    s
}
