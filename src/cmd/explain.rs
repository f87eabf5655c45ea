//! `vetted explain [RULE]`: a rule's documentation, or the list of rules.

use crate::cli::ExplainArgs;
use crate::error::{Error, Result};
use crate::lint::Registry;

use super::lint::rule_infos;
use super::Status;

pub(crate) fn run(args: &ExplainArgs) -> Result<Status> {
    let lints_dir = super::lints_dir(&args.root, args.lints.as_deref())?;
    let registry = Registry::load(&lints_dir)?;
    let infos = rule_infos(&registry);
    let Some(id) = &args.rule else {
        // Columns as wide as their longest entry: a rule file may bring a longer id.
        let id_width = infos.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let category_width = (infos.iter().map(|r| r.category.as_str().len()))
            .max()
            .unwrap_or(0);
        for r in &infos {
            out!(
                "{:<id_width$} {:<category_width$} {:<8} {}",
                r.id,
                r.category.as_str(),
                r.severity.as_str(),
                r.summary
            );
        }
        return Ok(Status::Success);
    };
    let Some(info) = infos.iter().find(|r| &r.id == id) else {
        let ids: Vec<&str> = infos.iter().map(|r| r.id.as_str()).collect();
        let mut err = Error::new(format!("unknown rule `{id}`"));
        err = match crate::yaml::closest(id, &ids) {
            Some(best) => err.with_help(format!("did you mean `{best}`?")),
            None => err.with_help("run `vetted explain` to list the rules"),
        };
        return Err(err);
    };
    out!(
        "# {} ({}, {} by default)\n",
        info.id,
        info.category.as_str(),
        info.severity.as_str()
    );
    out!("{}\n", info.summary);
    out!("{}", info.doc.trim_end());
    if let Some(rule) = registry.rules.iter().find(|r| &r.id == id) {
        out!("\n## Examples\nFlagged:");
        for bad in &rule.examples.bad {
            out!("  - {bad}");
        }
        out!("Not flagged:");
        for good in &rule.examples.good {
            out!("  - {good}");
        }
        out!("\nDefined in {}", rule.path.display());
    }
    Ok(Status::Success)
}
