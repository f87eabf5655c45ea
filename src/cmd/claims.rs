//! `vetted claims`: the registry, and where the content asserts each claim.

use std::collections::BTreeMap;

use serde_json::json;

use crate::cli::ClaimsArgs;
use crate::config::SiteConfig;
use crate::diagnostic::display_path;
use crate::error::Result;
use crate::lint::Registry;

use super::Status;

pub fn run(args: &ClaimsArgs) -> Result<Status> {
    let config = SiteConfig::load(&args.root)?;
    let lints_dir = args
        .lints
        .clone()
        .unwrap_or_else(|| args.root.join("lints"));
    let registry = Registry::load(&lints_dir)?;
    let selection = super::lint::select(&args.root, &[], false, &config, &registry)?;
    let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for hit in selection.per_doc.iter().flat_map(|f| &f.claims) {
        let (line, column) = hit.file.line_col(hit.span.start);
        found
            .entry(hit.claim)
            .or_default()
            .push(format!("{}:{line}:{column}", display_path(&hit.file.path)));
    }
    if args.json {
        let list: Vec<_> = registry
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({"id": c.id, "topic": c.topic, "verdict": c.verdict.as_str(), "category": c.category.as_str(),
                       "statement": c.statement, "sources": c.sources, "asserted_at": found.get(&i).cloned().unwrap_or_default()})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(Status::Success);
    }
    for (i, claim) in registry.claims.iter().enumerate() {
        println!(
            "{} [{}] ({}, topic {})",
            claim.id,
            claim.verdict.as_str(),
            claim.category.as_str(),
            claim.topic
        );
        println!("  {}", claim.statement);
        for id in &claim.sources {
            if let Some(s) = registry.bib.get(id) {
                let link = s
                    .doi
                    .as_ref()
                    .map(|d| format!(" doi:{d}"))
                    .or_else(|| s.pmid.as_ref().map(|p| format!(" PMID {p}")))
                    .unwrap_or_default();
                println!("  source: [@{id}] {}{link}", s.short());
            }
        }
        match found.get(&i) {
            Some(places) => places.iter().for_each(|p| println!("  asserted at {p}")),
            None => println!("  not asserted in the content"),
        }
        println!();
    }
    Ok(Status::Success)
}
