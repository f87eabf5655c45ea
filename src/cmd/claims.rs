//! `vetted claims`: the registry, and where the content states each claim.

use serde_json::json;

use crate::cli::ClaimsArgs;
use crate::config::SiteConfig;
use crate::diagnostic::display_path;
use crate::error::Result;
use crate::ledger::Ledger;

use super::Status;

pub(crate) fn run(args: &ClaimsArgs) -> Result<Status> {
    let config = SiteConfig::load(&args.root)?;
    let lints_dir = super::lints_dir(&args.root, args.lints.as_deref())?;
    super::warn_without_registry(&lints_dir);
    let (registry, selection) = super::lint::select(&args.root, &[], false, &config, &lints_dir)?;
    let ledger = Ledger::new(&registry.claims, &selection.docs, &selection.per_doc, &[]);
    // `file:line:column` of each place, asserted or only discussed (hedged or denied).
    let places = |claim: usize, asserts: bool| -> Vec<String> {
        ledger.places[claim]
            .iter()
            .filter(|p| p.asserts == asserts)
            .map(|p| {
                let path = display_path(&selection.docs[p.doc].file.path);
                format!("{path}:{}:{}", p.line, p.column)
            })
            .collect()
    };
    if args.json {
        let list: Vec<_> = registry
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({"id": c.id, "topic": c.topic, "verdict": c.verdict.as_str(), "category": c.category.as_str(),
                       "statement": c.statement, "sources": c.sources, "documentation_only": c.documentation_only,
                       "asserted_at": places(i, true), "discussed_at": places(i, false)})
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(Status::Success);
    }
    for (i, claim) in registry.claims.iter().enumerate() {
        out!(
            "{} [{}] ({}, topic {})",
            claim.id,
            claim.verdict.as_str(),
            claim.category.as_str(),
            claim.topic
        );
        out!("  {}", claim.statement);
        for id in &claim.sources {
            if let Some(s) = registry.bib.get(id) {
                let link = s
                    .doi
                    .as_ref()
                    .map(|d| format!(" doi:{d}"))
                    .or_else(|| s.pmid.as_ref().map(|p| format!(" PMID {p}")))
                    .unwrap_or_default();
                out!("  source: [@{id}] {}{link}", s.short());
            }
        }
        let (asserted, discussed) = (places(i, true), places(i, false));
        if claim.documentation_only {
            out!("  documentation only: not looked for in articles");
        } else if asserted.is_empty() {
            out!("  not asserted in the content");
        }
        asserted.iter().for_each(|p| out!("  asserted at {p}"));
        discussed
            .iter()
            .for_each(|p| out!("  discussed at {p} (hedged or denied)"));
        out!();
    }
    Ok(Status::Success)
}
