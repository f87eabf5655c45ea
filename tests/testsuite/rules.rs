//! Data-driven rule tests, like oxc's pass/fail vectors: every `examples.bad` entry of every
//! phrase rule in the project's own `lints/rules/*.yaml` must be flagged by that rule, and every
//! `examples.good` entry must not be. Each example is its own article; all are linted in one run
//! with `--lints <manifest>/lints`, and every failing example is reported at once.

use std::fmt::Write as _;

use vetted::yaml::YamlDoc;

use crate::harness::{article, manifest_dir, Site};

struct Example {
    rule: String,
    bad: bool,
    text: String,
    file: String,
}

/// Every example of every rule file, in file order.
fn examples() -> Vec<Example> {
    let dir = manifest_dir().join("lints/rules");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rule files in {}", dir.display());
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml: serde_json::Value = YamlDoc::new(&path, &text, 1)
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let rule = yaml["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no id", path.display()))
            .to_owned();
        for (kind, bad) in [("bad", true), ("good", false)] {
            let list = yaml["examples"][kind]
                .as_array()
                .unwrap_or_else(|| panic!("{}: no examples.{kind}", path.display()));
            assert!(
                !list.is_empty(),
                "{}: examples.{kind} is empty",
                path.display()
            );
            for (i, item) in list.iter().enumerate() {
                out.push(Example {
                    rule: rule.clone(),
                    bad,
                    text: item.as_str().unwrap().to_owned(),
                    file: format!("content/{rule}/{kind}-{i}.md"),
                });
            }
        }
    }
    out
}

/// The article body for an example: the sentence, plus definitions for any footnote references.
fn body(text: &str) -> String {
    let mut body = format!("{text}\n");
    let refs = regex::Regex::new(r"\[\^([^\]]+)\]").unwrap();
    for c in refs.captures_iter(text) {
        let _ = write!(body, "\n[^{}]: Source of the example.\n", &c[1]);
    }
    body
}

// Checks that every bad example of every phrase rule in lints/rules is flagged by that rule and no good example is.
#[test]
fn every_rule_example_behaves_as_documented() {
    let examples = examples();
    let site = Site::empty();
    for e in &examples {
        site.write(
            &e.file,
            &article(&format!("{} example", e.rule), &body(&e.text)),
        );
    }
    let lints = manifest_dir().join("lints");
    let (_, report) = site.lint_json(&["--lints", lints.to_str().unwrap()]);
    let mut failures = String::new();
    for e in &examples {
        let fired: Vec<String> = report
            .in_file(&e.file)
            .iter()
            .filter(|d| d.rule == e.rule)
            .map(|d| d.message.clone())
            .collect();
        match (e.bad, fired.is_empty()) {
            (true, true) => {
                let others = report.rules_in(&e.file);
                let _ = writeln!(
                    failures,
                    "{}: bad example not flagged: {:?} (other rules: {others:?})",
                    e.rule, e.text
                );
            }
            (false, false) => {
                let _ = writeln!(
                    failures,
                    "{}: good example flagged: {:?}: {fired:?}",
                    e.rule, e.text
                );
            }
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "rule examples that do not behave as documented:\n{failures}"
    );
    let bad = examples.iter().filter(|e| e.bad).count();
    assert!(bad >= 5, "only {bad} bad examples found");
}
