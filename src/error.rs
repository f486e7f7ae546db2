//! The CLI's errors and exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use thiserror::Error;

/// Exit code: the presentation was checked and rejected.
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: the command line was wrong (clap uses the same code).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: an input file is unreadable, malformed or unusable.
pub const EXIT_INPUT: u8 = 3;
/// Exit code: the credential cannot answer the request, so no proof was made.
pub const EXIT_CANNOT_PROVE: u8 = 4;

/// Everything that ends a command early.
#[derive(Debug, Error)]
pub enum CliError {
    /// A file could not be read or written.
    #[error("{what} {}: {source}", path.display())]
    Io {
        /// What the file is.
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A file's content is unusable.
    #[error("{what} {}: {problem}", path.display())]
    Input {
        /// What the file is.
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An output file exists and `--force` was not given.
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    /// The command line is inconsistent in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// The credential cannot answer the request.
    #[error("cannot prove: {0}")]
    CannotProve(String),
    /// The presentation was rejected.
    #[error("rejected: {0}")]
    Rejected(String),
}

impl CliError {
    /// A content error for the file at `path`.
    pub fn input(what: &'static str, path: &std::path::Path, problem: impl ToString) -> Self {
        CliError::Input {
            what,
            path: path.to_owned(),
            problem: problem.to_string(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Rejected(_) => EXIT_REJECTED,
            CliError::Usage(_) | CliError::Exists(_) => EXIT_USAGE,
            CliError::CannotProve(_) => EXIT_CANNOT_PROVE,
            CliError::Io { .. } | CliError::Input { .. } => EXIT_INPUT,
        })
    }
}
