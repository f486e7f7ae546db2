//! Reading and writing the CLI's files.
//!
//! Every write goes to a temporary file in the target's directory, is flushed to disk and
//! then renamed over the target, so an interrupted command leaves the old file or the new one.
//! Existing files are replaced only with `--force`; secret keys are created with mode 0600.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// Most bytes read from any input file (the proving key is read separately).
const MAX_INPUT_BYTES: u64 = 1 << 20;

/// Who may read a written file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Owner only (0600): secret keys, and signed credentials (every attribute in clear).
    Secret,
    /// The usual permissions.
    Public,
}

/// Reads a small input file, refusing empty and oversized ones.
pub fn read(what: &'static str, path: &Path) -> Result<Vec<u8>, CliError> {
    read_limited(what, path, MAX_INPUT_BYTES)
}

/// Reads a file of at most `limit` bytes.
pub fn read_limited(what: &'static str, path: &Path, limit: u64) -> Result<Vec<u8>, CliError> {
    let io = |e: std::io::Error| CliError::Io {
        what,
        path: path.to_owned(),
        source: e,
    };
    let len = fs::metadata(path).map_err(io)?.len();
    if len == 0 {
        return Err(CliError::input(what, path, "the file is empty"));
    }
    if len > limit {
        return Err(CliError::input(
            what,
            path,
            format!("the file is {len} bytes; the limit is {limit}"),
        ));
    }
    fs::read(path).map_err(io)
}

/// Refuses to go on if `path` exists and `force` is not set.
pub fn check_free(path: &Path, force: bool) -> Result<(), CliError> {
    // symlink_metadata: a dangling link counts as existing too.
    if !force && path.symlink_metadata().is_ok() {
        return Err(CliError::Exists(path.to_owned()));
    }
    Ok(())
}

/// Refuses an output path that cannot name a new file: a directory, a file in a directory
/// that does not exist, or (without `force`) an existing file.
pub fn check_target(path: &Path, force: bool) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(CliError::Usage(format!(
            "{} is a directory; name the file to write",
            path.display()
        )));
    }
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    check_free(path, force)
}

/// The directory `path` is in.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Writes `data` to `path` atomically.
pub fn write(path: &Path, data: &[u8], access: Access, force: bool) -> Result<(), CliError> {
    // Checked here, as the temporary file's error would name the temporary file.
    check_target(path, force)?;
    let io = |e: std::io::Error| CliError::Io {
        what: "output",
        path: path.to_owned(),
        source: e,
    };
    let dir = parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zkcred-tmp-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if access == Access::Secret {
            0o600
        } else {
            0o644
        };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    tmp.write_all(data).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    let result = if force {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    result.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Exists(path.to_owned())
        } else {
            io(e.error)
        }
    })
}

/// Refuses an output path that names one of the command's inputs, even with `--force`.
pub fn check_distinct(out: &Path, inputs: &[&Path]) -> Result<(), CliError> {
    let same = |a: &Path, b: &Path| match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if inputs.iter().any(|i| same(out, i)) {
        return Err(CliError::Usage(format!(
            "{} is also an input of this command",
            out.display()
        )));
    }
    Ok(())
}

/// `key.pub` beside `key.key` (or `key` + `.pub` when there is no `.key` extension).
pub fn public_path(secret: &Path) -> PathBuf {
    if secret.extension().is_some_and(|e| e == "key") {
        secret.with_extension("pub")
    } else {
        let mut s = secret.as_os_str().to_owned();
        s.push(".pub");
        PathBuf::from(s)
    }
}
