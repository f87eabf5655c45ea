//! Output formats of `vetted lint` on `fixtures/lint/formats`: a warning, an error with a note,
//! a contradiction with a related location in another file, and a statistic after non-ASCII
//! text (so byte offsets and character columns differ).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::{lint_fixture, Output, Site};

const ADVERT: &str = "content/advert.md";

fn site() -> Site {
    Site::new("lint/formats").with_registry()
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

/// 1-based line and column (in Unicode scalar values) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

// Checks that the JSON report has exactly the documented shape: version, diagnostics with rule/category/severity/message/file/span/claim/related/help, and summary.
#[test]
fn json_has_the_documented_shape() {
    let run = lint_fixture("lint/formats");
    let doc = &run.report.value;
    assert_eq!(keys(doc), set(&["version", "diagnostics", "summary"]));
    assert_eq!(doc["version"], 1);
    assert_eq!(
        keys(&doc["summary"]),
        set(&["files", "errors", "warnings", "infos"])
    );
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["errors"], 4);
    assert_eq!(doc["summary"]["warnings"], 1);
    assert_eq!(doc["summary"]["infos"], 0);
    let span_keys = set(&["start", "end", "line", "column", "end_line", "end_column"]);
    let list = doc["diagnostics"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    for d in list {
        assert_eq!(
            keys(d),
            set(&[
                "rule", "category", "severity", "message", "file", "span", "claim", "related",
                "help"
            ]),
            "{d}"
        );
        assert_eq!(keys(&d["span"]), span_keys);
        for k in &span_keys {
            assert!(d["span"][k].is_u64(), "span.{k} is not a number: {d}");
        }
        for k in ["rule", "category", "severity", "message", "file"] {
            assert!(d[k].is_string(), "{k} is not a string: {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["claim"].is_string() || d["claim"].is_null());
        assert!(d["help"].is_string() || d["help"].is_null());
        for r in d["related"].as_array().unwrap() {
            assert_eq!(keys(r), set(&["file", "span", "message"]));
            assert_eq!(keys(&r["span"]), span_keys);
        }
    }
    let rules: Vec<&str> = list.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "missing-metadata",
            "absolute-safety",
            "contradicting-claims",
            "unsupported-claim",
            "uncited-statistic"
        ],
        "sorted by position"
    );
    assert_eq!(list[1]["claim"], "safety-overall");
    assert!(list[0]["claim"].is_null());
}

// Checks that JSON byte offsets point at the flagged text and lines/columns (characters, end exclusive) agree with them.
#[test]
fn json_offsets_point_at_the_flagged_text() {
    let run = lint_fixture("lint/formats");
    let text = run.text(ADVERT);
    let expected = [
        ("absolute-safety", "100% safe"),
        (
            "contradicting-claims",
            "Home treatment is every bit as good as seeing a dermatologist",
        ),
        ("uncited-statistic", "eight in ten"),
    ];
    for (rule, phrase) in expected {
        let d = run
            .report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .unwrap();
        assert_eq!(&text[d.start..d.end], phrase, "{rule}");
    }
    for d in run.report.value["diagnostics"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let text = run.text(file);
        let span = &d["span"];
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            line_col(text, start),
            (
                span["line"].as_u64().unwrap() as usize,
                span["column"].as_u64().unwrap() as usize
            ),
            "{d}"
        );
        assert_eq!(
            line_col(text, end),
            (
                span["end_line"].as_u64().unwrap() as usize,
                span["end_column"].as_u64().unwrap() as usize
            ),
            "{d}"
        );
    }
    // After "Ünïcödé café: " the column counts characters, not bytes.
    let stat = run
        .report
        .diagnostics
        .iter()
        .find(|d| d.rule == "uncited-statistic")
        .unwrap();
    assert_eq!((stat.line, stat.column), (12, 15));
    assert_ne!(
        stat.start - text[..stat.start].rfind('\n').unwrap() - 1,
        14,
        "the fixture needs multi-byte characters"
    );
}

// Checks that a related location in JSON names the other file and points at the other statement.
#[test]
fn json_related_locations_point_into_the_other_file() {
    let run = lint_fixture("lint/formats");
    let d = run
        .report
        .diagnostics
        .iter()
        .find(|d| d.rule == "contradicting-claims")
        .unwrap();
    let (file, start, end, message) = &d.related[0];
    assert_eq!(file, "content/clinic.md");
    assert!(run.text(file)[*start..*end]
        .starts_with("Professional treatment is usually more effective"));
    assert!(message.contains("professional-more-effective"));
}

// Checks that SARIF output is version 2.1.0 with rule descriptions and results carrying ruleId, level, location and region.
#[test]
fn sarif_has_rules_results_and_regions() {
    let out = site().vetted(&["lint", "--format", "sarif"]);
    out.assert_code(1);
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "vetted");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in [
        "missing-metadata",
        "absolute-safety",
        "contradicting-claims",
        "uncited-statistic",
    ] {
        assert!(ids.contains(&id), "rule {id} not described: {ids:?}");
    }
    for r in rules {
        assert!(
            !r["shortDescription"]["text"].as_str().unwrap().is_empty(),
            "{r}"
        );
        assert!(
            r["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .contains("## What it does"),
            "{r}"
        );
        assert!(["error", "warning", "note"]
            .contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let json = lint_fixture("lint/formats");
    for (result, diag) in results.iter().zip(&json.report.diagnostics) {
        let rule = result["ruleId"].as_str().unwrap();
        assert_eq!(rule, diag.rule);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule, "ruleIndex points at the rule");
        let level = match diag.severity.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], diag.file.as_str());
        assert_eq!(location["region"]["startLine"], diag.line);
        assert_eq!(location["region"]["startColumn"], diag.column);
        assert_eq!(location["region"]["byteOffset"], diag.start);
        assert_eq!(location["region"]["byteLength"], diag.end - diag.start);
    }
    let contradiction = results
        .iter()
        .find(|r| r["ruleId"] == "contradicting-claims")
        .unwrap();
    let related = &contradiction["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "content/clinic.md");
    assert_eq!(related["region"]["startLine"], 9);
}

// Checks that the github format prints one `::error file=...,line=...,col=...` annotation per finding.
#[test]
fn github_format_prints_workflow_annotations() {
    let out = site().vetted(&["lint", "--format", "github"]);
    out.assert_code(1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let json = lint_fixture("lint/formats");
    assert_eq!(lines.len(), json.report.diagnostics.len(), "{out}");
    for (line, d) in lines.iter().zip(&json.report.diagnostics) {
        let level = match d.severity.as_str() {
            "info" => "notice",
            other => other,
        };
        let prefix = format!(
            "::{level} file={},line={},col={},",
            d.file, d.line, d.column
        );
        assert!(
            line.starts_with(&prefix),
            "{line:?} does not start with {prefix:?}"
        );
        assert!(line.contains(&format!("title={} (", d.rule)), "{line}");
        assert!(line.contains("::"), "{line}");
    }
    assert!(
        lines[1].starts_with("::error file=content/advert.md,line=8,col=19,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("100%25 safe"),
        "`%` is escaped: {}",
        lines[1]
    );
    assert!(
        lines[1].contains("%0Ahelp: "),
        "help on an escaped new line: {}",
        lines[1]
    );
}

/// Human output of the formats fixture (one run, shared).
fn human() -> &'static Output {
    static HUMAN: std::sync::OnceLock<Output> = std::sync::OnceLock::new();
    HUMAN.get_or_init(|| {
        let out = site().vetted(&["lint"]);
        out.assert_code(1);
        out
    })
}

// Checks the human format (NO_COLOR=1) against a snapshot: labelled snippets, related location, help, note and summary.
#[test]
fn human_format_snapshot() {
    let out = human();
    assert!(
        !out.stdout.contains('\u{1b}'),
        "colour codes despite NO_COLOR"
    );
    insta::assert_snapshot!("lint_human_formats", out.stdout);
}

// Checks that the human format has the rule in brackets, file:line:column, the label, help, note and a summary line.
#[test]
fn human_format_parts() {
    let out = human();
    out.assert_stdout_contains(
        "error[absolute-safety]: \"100% safe\" presents the treatment as free of risk",
    )
    .assert_stdout_contains("┌─ content/advert.md:8:19")
    .assert_stdout_contains("^^^^^^^^^ safety stated as absolute")
    .assert_stdout_contains("= help: Say how common")
    .assert_stdout_contains("= note: registry claim `safety-overall` (supported)")
    .assert_stdout_contains("┌─ content/clinic.md:9:1")
    .assert_stdout_contains("asserts `professional-more-effective` (supported)")
    .assert_stdout_contains("4 errors, 1 warning, 0 infos in 2 files");
}
