//! Errors that stop a command (unreadable input, invalid configuration, template errors), and
//! how a command ended (its exit status).
//!
//! Problems *in* the content (a broken link, an unsupported claim) are not errors but
//! diagnostics (see `diagnostic`); they are collected and reported together.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// An error that names where it happened, so the user can go straight to the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            path: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
        Error {
            path: Some(path.to_path_buf()),
            line,
            ..Error::new(message)
        }
    }

    pub fn io(path: &Path, action: &str, err: std::io::Error) -> Error {
        Error::at(path, None, format!("cannot {action}: {err}"))
    }

    pub fn with_column(mut self, column: usize) -> Error {
        self.column = Some(column);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// How a command ended: 0 success, 1 content problems, 2 usage, configuration or input errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    Failure,
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Success => 0,
            Status::Failure => 1,
            Status::Error => 2,
        })
    }
}
