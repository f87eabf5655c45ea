//! One thin function per subcommand.

pub mod build;
pub mod check;
pub mod claims;
pub mod explain;
pub mod init;
pub mod lint;
pub mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::error::Result;

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

pub fn run(cli: Cli) -> Result<Status> {
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Claims(args) => claims::run(&args),
        Command::Check(args) => check::run(&args),
    }
}
