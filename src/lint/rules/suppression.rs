//! Suppression comments: `<!-- vetted-disable-next-line RULE -- reason -->` and
//! `<!-- vetted-disable RULE -- reason -->` ... `<!-- vetted-enable RULE -->`. RULE is a rule
//! id, a category, or `all`; several may be separated by commas. The reason is required.

use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, Rule};
use crate::source::Span;

pub(crate) const UNUSED: Builtin = Builtin {
    id: "unused-suppression",
    category: Category::Style,
    severity: Severity::Warning,
    summary: "A suppression comment that suppresses nothing",
    doc: r#"## What it does
Warns about `vetted-disable` and `vetted-disable-next-line` comments that no finding falls under.

## Why is this bad?
A stale suppression hides the next real problem written in its place.

## How to fix
Delete the comment.
"#,
};

pub(crate) const INVALID: Builtin = Builtin {
    id: "invalid-suppression",
    category: Category::Style,
    severity: Severity::Warning,
    summary: "A suppression comment without a reason or with an unknown rule",
    doc: r#"## What it does
Checks suppression comments: each names known rules (ids, categories or `all`) and gives a
reason after `--`. An invalid comment suppresses nothing.

## Example
```markdown
<!-- vetted-disable-next-line absolute-safety -->
```
Use instead:
```markdown
<!-- vetted-disable-next-line absolute-safety -- quoting the advert we criticise below -->
```
"#,
};

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^<!--\s*vetted-(disable-next-line|disable|enable)\b\s*(.*?)\s*-->").unwrap()
});

struct Suppression {
    rules: Vec<String>,
    /// Byte range of the file it covers.
    covers: Span,
    comment: Span,
    used: bool,
}

fn matches(rules: &[String], d: &Diagnostic) -> bool {
    rules
        .iter()
        .any(|r| r == "all" || *r == d.rule || r == d.category.as_str())
}

/// Parses the suppressions of a document; invalid ones become diagnostics.
fn parse(
    doc: &Document,
    known: &std::collections::BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let mut list: Vec<Suppression> = Vec::new();
    let file = &doc.file;
    for (span, raw) in &doc.md.comments {
        let Some(caps) = DIRECTIVE.captures(raw.trim_start()) else {
            continue;
        };
        let kind = &caps[1];
        let (names, reason) = match caps[2].split_once("--") {
            Some((n, r)) => (n.trim(), r.trim()),
            None => (caps[2].trim(), ""),
        };
        let rules: Vec<String> = names
            .split(',')
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        let comment = Span::new(span.start, span.start + raw.trim_end().len());
        let invalid = |message: String| {
            Diagnostic::new(
                INVALID.id,
                Category::Style,
                INVALID.severity,
                file,
                comment,
                message,
            )
        };
        if rules.is_empty() {
            out.push(
                invalid(format!("`vetted-{kind}` names no rule"))
                    .help("name a rule id, a category or `all`"),
            );
            continue;
        }
        let categories = [
            "dimension",
            "safety",
            "efficacy",
            "citation",
            "contradiction",
            "metadata",
            "readability",
            "links",
            "style",
            "all",
        ];
        if let Some(bad) = rules
            .iter()
            .find(|r| !known.contains(*r) && !categories.contains(&r.as_str()))
        {
            out.push(
                invalid(format!("unknown rule `{bad}` in `vetted-{kind}`"))
                    .help("run `vetted explain` for the list of rules"),
            );
            continue;
        }
        if kind == "enable" {
            for s in list
                .iter_mut()
                .filter(|s| s.covers.end == usize::MAX && s.rules.iter().any(|r| rules.contains(r)))
            {
                s.covers.end = span.start;
            }
            continue;
        }
        if reason.is_empty() {
            out.push(
                invalid(format!("`vetted-{kind}` without a reason")).help(format!(
                    "write the reason after `--`: <!-- vetted-{kind} {names} -- why -->"
                )),
            );
            continue;
        }
        let covers = if kind == "disable" {
            Span {
                start: comment.end,
                end: usize::MAX,
            }
        } else {
            let (line, _) = file.line_col(comment.end);
            let mut next = line + 1;
            while next <= file.line_count() && file.line_text(next).trim().is_empty() {
                next += 1;
            }
            let start = file.line_start(next);
            Span::new(start, start + file.line_text(next).len())
        };
        list.push(Suppression {
            rules,
            covers,
            comment,
            used: false,
        });
    }
    list
}

/// Drops findings covered by a valid suppression, keeps only findings of reported documents,
/// and, with `report_unused`, adds findings about unused or invalid suppressions (a site
/// built with `lint: off` has suppressions of rules that did not run).
pub(crate) fn apply(
    reported: &[&Document],
    diagnostics: Vec<Diagnostic>,
    registry: &Registry,
    report_unused: bool,
) -> Vec<Diagnostic> {
    let known = registry.rule_ids();
    let mut out = Vec::new();
    let parsed: Vec<(&Document, Vec<Suppression>, Vec<Diagnostic>)> = reported
        .par_iter()
        .map(|doc| {
            let mut invalid = Vec::new();
            let sups = parse(doc, &known, &mut invalid);
            (*doc, sups, invalid)
        })
        .collect();
    let mut by_file: Vec<(&Document, Vec<Suppression>)> = Vec::with_capacity(parsed.len());
    for (doc, sups, invalid) in parsed {
        if report_unused {
            out.extend(invalid);
        }
        by_file.push((doc, sups));
    }
    let index: std::collections::HashMap<&std::path::Path, usize> = by_file
        .iter()
        .enumerate()
        .map(|(i, (doc, _))| (doc.file.path.as_path(), i))
        .collect();
    for d in diagnostics {
        let Some(&i) = index.get(d.file.path.as_path()) else {
            continue;
        };
        let sups = &mut by_file[i].1;
        let suppressed = sups.iter_mut().find(|s| {
            s.covers.start <= d.span.start && d.span.start < s.covers.end && matches(&s.rules, &d)
        });
        match suppressed {
            Some(s) => s.used = true,
            None => out.push(d),
        }
    }
    for (doc, sups) in by_file.into_iter().filter(|_| report_unused) {
        for s in sups.into_iter().filter(|s| !s.used) {
            out.push(
                Diagnostic::new(
                    UNUSED.id,
                    Category::Style,
                    UNUSED.severity,
                    &doc.file,
                    s.comment,
                    format!("suppression of `{}` suppresses nothing", s.rules.join(", ")),
                )
                .help("delete the comment"),
            );
        }
    }
    out
}

/// Applied after every other check (`lint::settle`): it judges their findings.
pub(crate) const RULE: Rule = Rule {
    ids: &[UNUSED, INVALID],
    hooks: &[],
};
