//! One thin function per subcommand.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod claims;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod lint;
pub(crate) mod serve;

use crate::cli::{Cli, Command};
use crate::error::Result;

pub use crate::error::Status;

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
