//! The one error type for everything that stops a command before it can do
//! its job (usage, configuration, I/O, unreadable input). These exit with
//! code 2; lint findings are not errors of this kind (see `lint`).

use std::fmt;
use std::path::Path;

/// Exit code: success, no lint errors.
pub const EXIT_OK: i32 = 0;
/// Exit code: the catalog has lint errors.
pub const EXIT_LINT_ERRORS: i32 = 1;
/// Exit code: usage, configuration or I/O error.
pub const EXIT_FAILURE: i32 = 2;

/// What went wrong, where, and what the user can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// `path`, `path:line:col`, or empty when nothing on disk is concerned.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub help: Option<String>,
}

/// A result whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error that concerns nothing on disk.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            location: String::new(),
            message: message.into(),
            help: None,
        }
    }

    /// An error about a file or directory.
    pub fn at_path(path: &Path, message: impl Into<String>) -> Self {
        Error {
            location: path.display().to_string(),
            ..Error::new(message)
        }
    }

    /// An error at a place in a file (line and column from 1).
    pub fn at_line(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Error {
            location: format!("{}:{line}:{column}", path.display()),
            ..Error::new(message)
        }
    }

    /// An I/O error on `path`, with help for the kinds a user can fix.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => Some("check the path; relative paths are resolved from the current directory, or from site.toml's directory for `sources`".to_string()),
            std::io::ErrorKind::PermissionDenied => Some("check the file's permissions".to_string()),
            _ => None,
        };
        Error {
            help,
            ..Error::at_path(path, err.to_string())
        }
    }

    /// The same error, with `help`.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "error: {}", self.message)?;
        } else {
            write!(f, "error: {}: {}", self.location, self.message)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
