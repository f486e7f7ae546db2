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
    /// Several output files exist and `--force` was not given.
    #[error("{} already exist; pass --force to replace them", list(.0))]
    AllExist(Vec<PathBuf>),
    /// The command line is inconsistent in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// The credential cannot answer the request.
    #[error("cannot prove: {0}")]
    CannotProve(String),
    /// The presentation was rejected.
    #[error("rejected: {0}")]
    Rejected(String),
    /// Some presentations of a batch were not proved; each failure has been reported on a
    /// line of its own, and the other presentations were written.
    #[error("{failed} of {total} presentations could not be proved")]
    Unproved {
        /// How many pairs failed.
        failed: usize,
        /// How many pairs the batch had.
        total: usize,
        /// The exit code: [`EXIT_CANNOT_PROVE`] when every failure is one, else the code of
        /// the first failure that is not.
        code: u8,
    },
}

fn list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
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
        ExitCode::from(self.code())
    }

    /// The process exit code for this error, as a number.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Rejected(_) => EXIT_REJECTED,
            CliError::Usage(_) | CliError::Exists(_) | CliError::AllExist(_) => EXIT_USAGE,
            CliError::CannotProve(_) => EXIT_CANNOT_PROVE,
            CliError::Io { .. } | CliError::Input { .. } => EXIT_INPUT,
            CliError::Unproved { code, .. } => *code,
        }
    }
}
