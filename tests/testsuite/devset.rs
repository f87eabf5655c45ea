//! Regression test on the annotated development set in `../shared/eval` (beside the checkout):
//! `vetted lint --format json --lints <manifest>/lints ../shared/eval/dev`, scored against
//! `gold-dev.yaml` the way `../shared/eval/score.py` scores it. Skipped when the folder is absent.

use std::fmt::Write as _;
use std::path::Path;

use serde_yaml::Value;

use crate::harness::{manifest_dir, run, Diag, Report, CLAIM_CATEGORIES};

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Byte range of a gold quote in its file (`dev/x.md`), panicking when the quote is missing.
fn locate(eval: &Path, file: &str, quote: &str) -> (String, std::ops::Range<usize>) {
    let text = std::fs::read_to_string(eval.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let start = text
        .find(quote)
        .unwrap_or_else(|| panic!("gold quote not found in {file}: {quote:?}"));
    (basename(file).to_owned(), start..start + quote.len())
}

fn hits(d: &Diag, file: &str, range: &std::ops::Range<usize>) -> bool {
    basename(&d.file) == file && d.start < range.end && range.start < d.end
}

/// Every location of a diagnostic: primary and related.
fn all_spans(d: &Diag) -> Vec<(&str, usize, usize)> {
    let mut spans = vec![(basename(&d.file), d.start, d.end)];
    spans.extend(d.related.iter().map(|(f, s, e, _)| (basename(f), *s, *e)));
    spans
}

// Checks that every `flag` item of gold-dev.yaml is flagged in one of its categories, no `clean` item gets a claim-category finding, and every contradiction pair is covered by one finding.
#[test]
fn dev_set_matches_the_gold_annotations() {
    let root = manifest_dir();
    let eval = root.join("../shared/eval");
    let dev = eval.join("dev");
    if !dev.is_dir() || !eval.join("gold-dev.yaml").is_file() {
        eprintln!("skipping the dev-set test: {} not found", dev.display());
        return;
    }
    let lints = root.join("lints");
    let out = run(
        &root,
        &[
            "lint",
            "--format",
            "json",
            "--lints",
            lints.to_str().unwrap(),
            "../shared/eval/dev",
        ],
        None,
    );
    assert!(out.code == 0 || out.code == 1, "lint failed\n{out}");
    let report = Report::parse(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}\n{out}"));
    let gold: Value =
        serde_yaml::from_str(&std::fs::read_to_string(eval.join("gold-dev.yaml")).unwrap())
            .unwrap();

    let mut failures = String::new();
    let mut checked = 0;
    for item in gold["items"].as_sequence().expect("items") {
        let file = item["file"].as_str().unwrap();
        let quote = item["quote"].as_str().unwrap();
        let (name, range) = locate(&eval, file, quote);
        match item["expect"].as_str().unwrap() {
            "flag" => {
                checked += 1;
                let categories: Vec<&str> = item["categories"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                let found = report
                    .diagnostics
                    .iter()
                    .any(|d| hits(d, &name, &range) && categories.contains(&d.category.as_str()));
                if !found {
                    let near: Vec<String> = report
                        .diagnostics
                        .iter()
                        .filter(|d| hits(d, &name, &range))
                        .map(|d| format!("{} ({})", d.rule, d.category))
                        .collect();
                    let _ = writeln!(
                        failures,
                        "not flagged as {categories:?}: {file}: {quote:?} (overlapping: {near:?})"
                    );
                }
            }
            "clean" => {
                checked += 1;
                for d in report.diagnostics.iter().filter(|d| {
                    hits(d, &name, &range) && CLAIM_CATEGORIES.contains(&d.category.as_str())
                }) {
                    let _ = writeln!(
                        failures,
                        "flagged but clean: {file}: {quote:?}: {} ({}): {}",
                        d.rule, d.category, d.message
                    );
                }
            }
            _ => {}
        }
    }
    for pair in gold["contradictions"]
        .as_sequence()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        if pair["expect"].as_str() != Some("flag") {
            continue;
        }
        checked += 1;
        let side = |k: &str| {
            locate(
                &eval,
                pair[k]["file"].as_str().unwrap(),
                pair[k]["quote"].as_str().unwrap(),
            )
        };
        let (a, b) = (side("a"), side("b"));
        let covers = |d: &Diag, (file, range): &(String, std::ops::Range<usize>)| {
            all_spans(d)
                .iter()
                .any(|(f, s, e)| f == file && *s < range.end && range.start < *e)
        };
        if !report
            .diagnostics
            .iter()
            .any(|d| covers(d, &a) && covers(d, &b))
        {
            let _ = writeln!(
                failures,
                "contradiction not reported: {}",
                pair["why"].as_str().unwrap_or_default()
            );
        }
    }
    assert!(checked > 10, "only {checked} gold items checked");
    assert!(
        failures.is_empty(),
        "dev-set regressions:\n{failures}\nfindings:\n{}",
        report.describe()
    );
}
