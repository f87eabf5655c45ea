//! `vetted check`: runs the registry's own examples and reports the ones that do not behave
//! as their rule, claim or quantity says (exit 1), with a short summary otherwise.

use crate::cli::CheckArgs;
use crate::error::Result;
use crate::lint::{examples, Registry};

use super::Status;

pub(crate) fn run(args: &CheckArgs) -> Result<Status> {
    let lints_dir = super::lints_dir(&args.root, args.lints.as_deref())?;
    if !lints_dir.is_dir() {
        return Err(crate::error::Error::at(&lints_dir, None, "no registry folder to check")
            .with_help("run vetted check in the knowledge base folder, or pass it with --root (or the registry with --lints)"));
    }
    let registry = Registry::load(&lints_dir)?;
    let report = examples::run(&registry);
    for w in &report.warnings {
        let path = w.path.strip_prefix(&args.root).unwrap_or(&w.path);
        eprintln!("warning: {}:{}: {}", path.display(), w.line, w.message);
    }
    for b in &report.broken {
        out!("{}", examples::describe(b, &args.root));
    }
    out!(
        "{} rules, {} claims, {} quantities: {} examples, {} broken{}",
        report.rules,
        report.claims,
        report.quantities,
        report.examples,
        report.broken.len(),
        match report.warnings.len() {
            0 => String::new(),
            n => format!(", {n} warnings"),
        }
    );
    Ok(if report.broken.is_empty() {
        Status::Success
    } else {
        Status::Failure
    })
}
