//! `zkcred`: issue credentials, prove predicates about them in zero knowledge, verify offline.

#![forbid(unsafe_code)]

/// `println!` for the CLI's reports: a stdout closed early (`zkcred verify ... | head -1`)
/// ends the report quietly instead of panicking. The exit code still tells the outcome.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod batch;
mod commands;
mod demo;
mod error;
mod export;
mod files;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Zero-knowledge selective disclosure for W3C Verifiable Credentials.
#[derive(Parser)]
#[command(name = "zkcred", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Issuer key management.
    #[command(subcommand)]
    Issuer(KeyCommand),
    /// Holder key management.
    #[command(subcommand)]
    Holder(KeyCommand),
    /// Sign a W3C credential for a holder.
    Issue(IssueArgs),
    /// Generate the proving and verifying keys (once per deployment).
    Setup(SetupArgs),
    /// Write a verifier's request with a fresh nonce.
    Request(RequestArgs),
    /// Prove that a signed credential satisfies a request (or many, in parallel).
    Prove(ProveArgs),
    /// Verify a presentation against your own request and the issuer's key.
    Verify(VerifyArgs),
    /// Verify a presentation, then write it for snarkjs (and, with --solidity, for Ethereum).
    Export(ExportArgs),
    /// Print the circuit's limits and constraint counts.
    Inspect(InspectArgs),
    /// Run the whole flow on a bundled sample credential.
    Demo(DemoArgs),
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create a key pair: the secret at --out (mode 0600), the public key beside it (.pub).
    Keygen(KeygenArgs),
}

#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the secret key; the public key goes to the same name with `.pub`.
    #[arg(long)]
    out: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct IssueArgs {
    /// The issuer's secret key file.
    #[arg(long)]
    key: PathBuf,
    /// The holder's public key file.
    #[arg(long)]
    holder: PathBuf,
    /// The unsigned credential (W3C VC JSON).
    #[arg(long)]
    credential: PathBuf,
    /// Where to write the signed credential.
    #[arg(long)]
    out: PathBuf,
    /// Attribute capacity to commit for; must match the parameters' shape.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.attributes)]
    capacity: usize,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct SetupArgs {
    /// Directory for manifest.json, proving.key and verifying.key (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Most attributes per credential (a multiple of 12, up to 60).
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.attributes)]
    attributes: usize,
    /// Range checks per request (1 to 16): one per comparison, age, equality, existence or
    /// disclosed value, two per `$ne` or `$nonbetween`.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.predicates)]
    predicates: usize,
    /// Set checks per request (0 to 4), each of up to 64 values: one per `$in` or `$nin`.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.sets)]
    sets: usize,
    /// Replace existing key files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct RequestArgs {
    /// Your identity as a verifier (a URL or DID); the proof is bound to it.
    #[arg(long)]
    verifier: String,
    /// The attribute holding the birth date.
    #[arg(long, default_value = "birthDate")]
    attribute: String,
    /// Ask for an age of at least this many years.
    #[arg(long)]
    age_at_least: u32,
    /// The date the statement is about (YYYY-MM-DD); today (UTC) if omitted.
    #[arg(long)]
    date: Option<String>,
    /// Ask for the holder's pseudonym for this scope (for example your site's URL): the same
    /// holder shows you the same pseudonym each time, and unrelated ones elsewhere.
    #[arg(long)]
    scope: Option<String>,
    /// Where to write the request.
    #[arg(long)]
    out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct ProveArgs {
    /// The signed credential; repeat to prove several: one presentation is made for every
    /// credential and every request.
    #[arg(long, required = true)]
    credential: Vec<PathBuf>,
    /// The holder's secret key file.
    #[arg(long)]
    holder_key: PathBuf,
    /// The verifier's request; repeat to answer several.
    #[arg(long, required = true)]
    request: Vec<PathBuf>,
    /// The parameters directory written by `zkcred setup`.
    #[arg(long)]
    params: PathBuf,
    /// Where to write the presentation. For more than one, a directory (created if missing)
    /// that receives one `<credential>.<request>.json` per pair, named after the two input
    /// files without their extensions.
    #[arg(long)]
    out: PathBuf,
    /// Threads to prove with, several presentations at once; one per core (or
    /// RAYON_NUM_THREADS) if omitted.
    #[arg(long, value_parser = at_least_one)]
    threads: Option<usize>,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The presentation to check.
    #[arg(long)]
    presentation: PathBuf,
    /// Your request, as you sent it.
    #[arg(long)]
    request: PathBuf,
    /// The issuer's public key file.
    #[arg(long)]
    issuer: PathBuf,
    /// The parameters directory (only manifest.json and verifying.key are read).
    #[arg(long)]
    params: PathBuf,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The presentation, its request, issuer and parameters, exactly as for `verify`.
    #[command(flatten)]
    verify: VerifyArgs,
    /// Directory for proof.json, public.json and verification_key.json (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Also write Verifier.sol, calldata.json and calldata.hex.
    #[arg(long)]
    solidity: bool,
    /// Replace existing files.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct InspectArgs {
    /// Most attributes per credential.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.attributes)]
    attributes: usize,
    /// Range checks per request.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.predicates)]
    predicates: usize,
    /// Set checks per request.
    #[arg(long, default_value_t = zkcred_core::Shape::STANDARD.sets)]
    sets: usize,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Directory to write the demo's files into (must not exist); a new temporary directory
    /// if omitted.
    #[arg(long)]
    dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    // arkworks instruments every gadget call with spans of its own; they are always off, or
    // a proof would record millions of them.
    let filter = tracing_subscriber::EnvFilter::try_from_env("ZKCRED_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"))
        .add_directive("gr1cs=off".parse().expect("static directive"))
        .add_directive("ark_relations=off".parse().expect("static directive"))
        .add_directive("ark_r1cs_std=off".parse().expect("static directive"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .init();

    let cli = Cli::parse();
    let result = match cli.command {
        Command::Issuer(KeyCommand::Keygen(a)) => commands::issuer_keygen(&a),
        Command::Holder(KeyCommand::Keygen(a)) => commands::holder_keygen(&a),
        Command::Issue(a) => commands::issue(&a),
        Command::Setup(a) => commands::setup(&a),
        Command::Request(a) => commands::request(&a),
        Command::Prove(a) => commands::prove(&a),
        Command::Verify(a) => commands::verify(&a),
        Command::Export(a) => export::run(&a),
        Command::Inspect(a) => commands::inspect(&a),
        Command::Demo(a) => demo::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zkcred: {e}");
            e.exit_code()
        }
    }
}
