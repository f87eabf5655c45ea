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

/// A site to build or serve has a content folder: a mistyped `--root` is an error, not an
/// empty site.
fn require_content(root: &std::path::Path) -> Result<()> {
    let content = root.join("content");
    if content.is_dir() {
        return Ok(());
    }
    Err(crate::error::Error::at(&content, None, "no content folder")
        .with_help("run vetted in a site folder (one with content/), pass its path with --root, or start one with `vetted init`"))
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
