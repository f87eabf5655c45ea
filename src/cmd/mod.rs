//! One thin function per subcommand.

/// `println!` for a command's report: a reader that stops early (`vetted claims | head`) ends
/// the output quietly, as in `vetted lint`, instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod claims;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod lint;
pub(crate) mod serve;

use crate::cli::{Cli, Command};
use crate::error::Result;
use std::path::{Path, PathBuf};

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

/// The registry folder: `--lints` when given, which must exist (a mistyped path would check
/// nothing and pass), else `<root>/lints`, which may be missing.
fn lints_dir(root: &Path, lints: Option<&Path>) -> Result<PathBuf> {
    match lints {
        Some(dir) if !dir.is_dir() => Err(crate::error::Error::at(dir, None, "no registry folder")
            .with_help("pass the folder that holds claims.yaml, terms.yaml and rules/, or leave out --lints to use <root>/lints")),
        Some(dir) => Ok(dir.to_path_buf()),
        None => Ok(root.join("lints")),
    }
}

/// Says on standard error that no registry was found, so a lint that finds nothing is not
/// taken for a clean bill: only the checks built into vetted ran.
fn warn_without_registry(dir: &Path) {
    if !dir.is_dir() {
        eprintln!(
            "warning: no claims registry at {}: only the built-in checks ran, not the registry's claims, quantities or phrase rules\n  = help: run vetted in the knowledge base folder, or pass it with --root (or the registry with --lints)",
            dir.display()
        );
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
