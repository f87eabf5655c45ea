//! One thin function per subcommand.

pub mod build;
pub mod check;
pub mod claims;
pub mod explain;
pub mod init;
pub mod lint;
pub mod serve;

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
