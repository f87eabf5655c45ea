//! A registry's own examples, run (`vetted check`, and `cargo test` over the shipped registry):
//! every phrase rule's, claim's and quantity's `examples: {bad, good}`.
//!
//! Each example is linted on its own, as a one-paragraph article. A bad example must raise its
//! owner: a finding of the phrase rule; a statement of the claim (asserted, not denied); a
//! value of the quantity outside its allowed range. A good example must not. Also reported, as
//! warnings: term groups that nothing uses.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::cues::Cues;
use super::rule::SiteInput;
use super::{Registry, Settings};
use crate::content::{DocKind, Document};
use crate::date::Date;
use crate::source::SourceFile;

/// An example that does not behave as its owner says.
#[derive(Debug, Clone)]
pub(crate) struct Broken {
    pub path: PathBuf,
    pub line: usize,
    /// "rule `absolute-safety`", "claim `x`", "quantity `y`".
    pub owner: String,
    pub bad: bool,
    pub example: String,
    /// Why: "no match alternative matches", "flagged: ...".
    pub why: String,
}

/// A registry problem that does not stop linting.
#[derive(Debug, Clone)]
pub(crate) struct Warning {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub(crate) struct Report {
    pub rules: usize,
    pub claims: usize,
    pub quantities: usize,
    /// Examples run.
    pub examples: usize,
    pub broken: Vec<Broken>,
    pub warnings: Vec<Warning>,
}

/// One example's lint: its findings and what the sentence checks recorded.
struct Linted {
    diagnostics: Vec<crate::diagnostic::Diagnostic>,
    findings: super::DocFindings,
}

/// Lints one example as an article of its own.
fn lint(registry: &Registry, text: &str) -> Linted {
    let body = with_footnotes(text);
    let rel = "example.md";
    let file = SourceFile::new(PathBuf::from(rel), body.clone());
    let source = crate::markdown::Source {
        body: &body,
        base: 0,
        rel,
        html: crate::config::HtmlMode::default(),
    };
    let md = crate::markdown::analyse_prose(source, &registry.bib);
    let doc = Document::new(file, rel.to_owned(), 0, DocKind::Page(Box::default()), md);
    let settings = Settings {
        today: Date::today(),
        review_interval_days: 365,
    };
    let findings = super::check_document(&doc, registry, &settings);
    // An example stands alone: its links lead nowhere, so the link checks are left out.
    let (claims, measures) = super::hits(std::slice::from_ref(&findings));
    let site = SiteInput {
        docs: std::slice::from_ref(&doc),
        registry,
        claims: &claims,
        measures: &measures,
        report: &|_| true,
        content: None,
        links: None,
        published: None,
        drafts: super::rule::Drafts::Unpublished,
    };
    let found = super::across_site(&site, std::slice::from_ref(&findings))
        .into_iter()
        .filter(|d| d.category != crate::diagnostic::Category::Links)
        .collect();
    let mut diagnostics = super::settle(&[&doc], found, registry, true);
    crate::diagnostic::sort(&mut diagnostics);
    Linted {
        diagnostics,
        findings,
    }
}

/// The example, with a definition for each footnote it refers to (`as studies show[^1]`).
fn with_footnotes(text: &str) -> String {
    let mut body = format!("{text}\n");
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(']') else { break };
        let _ = write!(body, "\n[^{}]: Source of the example.\n", &after[..end]);
        rest = &after[end..];
    }
    body
}

/// The line of an example in its file: the first line at or after `from` that holds its
/// beginning (quoting aside), else `from`.
fn line_of(text: &str, from: usize, example: &str) -> usize {
    let start: String = example.chars().take(30).collect();
    let start = start.split('\'').next().unwrap_or("").trim();
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| !start.is_empty() && l.contains(start))
        .map_or(from, |(i, _)| i + 1)
}

/// Runs every example of the registry.
pub(crate) fn run(registry: &Registry) -> Report {
    let mut report = Report {
        rules: registry.rules.len(),
        claims: registry.claims.len(),
        quantities: registry.measures.len(),
        ..Report::default()
    };
    for rule in &registry.rules {
        let text = std::fs::read_to_string(&rule.path).unwrap_or_default();
        let owner = format!("rule `{}`", rule.id);
        for (bad, example) in each(&rule.examples) {
            report.examples += 1;
            let linted = lint(registry, example);
            let fired: Vec<&str> = (linted.diagnostics.iter())
                .filter(|d| d.rule == rule.id)
                .map(|d| d.message.as_str())
                .collect();
            let why = match (bad, fired.first()) {
                (true, None) => {
                    let others: BTreeSet<&str> =
                        linted.diagnostics.iter().map(|d| d.rule.as_str()).collect();
                    Some(if others.is_empty() {
                        "not flagged".to_owned()
                    } else {
                        format!("not flagged (other findings: {others:?})")
                    })
                }
                (false, Some(message)) => Some(format!("flagged: {message}")),
                _ => None,
            };
            if let Some(why) = why {
                report.broken.push(Broken {
                    line: line_of(&text, 1, example),
                    path: rule.path.clone(),
                    owner: owner.clone(),
                    bad,
                    example: example.clone(),
                    why,
                });
            }
        }
    }
    let claims_path = registry.dir.join("claims.yaml");
    let claims_text = std::fs::read_to_string(&claims_path).unwrap_or_default();
    for (index, claim) in registry.claims.iter().enumerate() {
        let Some(examples) = &claim.examples else {
            continue;
        };
        for (bad, example) in each(examples) {
            report.examples += 1;
            let linted = lint(registry, example);
            let stated =
                |c: usize| (linted.findings.claims.iter()).any(|h| h.claim == c && !h.denied);
            let why = match (bad, stated(index)) {
                (true, false) => Some(why_not(registry, index, example, &linted)),
                (false, true) => Some("read as stating the claim".to_owned()),
                _ => None,
            };
            if let Some(why) = why {
                report.broken.push(Broken {
                    path: claims_path.clone(),
                    line: line_of(&claims_text, claim.line, example),
                    owner: format!("claim `{}`", claim.id),
                    bad,
                    example: example.clone(),
                    why,
                });
            }
        }
    }
    let quantities_path = registry.dir.join("quantities.yaml");
    let quantities_text = std::fs::read_to_string(&quantities_path).unwrap_or_default();
    for (index, m) in registry.measures.iter().enumerate() {
        let Some(examples) = &m.examples else {
            continue;
        };
        for (bad, example) in each(examples) {
            report.examples += 1;
            let linted = lint(registry, example);
            let ranged = &linted.findings.ranged;
            let outside = ranged.iter().any(|&(i, fits)| i == index && !fits);
            let why = match (bad, outside) {
                (true, false) if ranged.iter().any(|&(i, _)| i == index) => {
                    Some("its value is inside the allowed range".to_owned())
                }
                (true, false) if registry.units.find(example).is_empty() => {
                    Some("no value with a known unit".to_owned())
                }
                (true, false) => Some(
                    "no value is read as this quantity (check `subject`, `words`, `units`, `require`, `exclude` and a range for its context)"
                        .to_owned(),
                ),
                (false, true) => Some("a value is outside the allowed range".to_owned()),
                _ => None,
            };
            if let Some(why) = why {
                report.broken.push(Broken {
                    path: quantities_path.clone(),
                    line: line_of(&quantities_text, m.line, example),
                    owner: format!("quantity `{}`", m.id),
                    bad,
                    example: example.clone(),
                    why,
                });
            }
        }
    }
    report.warnings = unused_groups(registry);
    report
}

fn each(examples: &super::registry::Examples) -> impl Iterator<Item = (bool, &String)> {
    (examples.bad.iter().map(|e| (true, e))).chain(examples.good.iter().map(|e| (false, e)))
}

/// Why a bad example of a claim is not read as stating it.
fn why_not(registry: &Registry, index: usize, example: &str, linted: &Linted) -> String {
    let claim = &registry.claims[index];
    let cues = Cues::with(example, registry.cues());
    let mut why = "no match alternative matches".to_owned();
    for alt in &claim.patterns {
        if let Some(hit) = alt.hits(example, &|| &cues).into_iter().next() {
            why = match cues.assertion(hit.range.clone(), &hit.parts) {
                Err(reason) => format!(
                    "it matches, but is not asserted ({})",
                    format!("{reason:?}").to_lowercase()
                ),
                Ok(()) => {
                    "it matches, but is hedged, denied, or not about the claim's context".to_owned()
                }
            };
            break;
        }
    }
    let others: BTreeSet<&str> = (linted.findings.claims.iter())
        .filter(|h| h.claim != index && !h.denied)
        .map(|h| registry.claims[h.claim].id.as_str())
        .collect();
    if !others.is_empty() {
        let _ = write!(why, "; read as {others:?} instead");
    }
    why
}

/// Term groups that no claim, quantity, phrase rule, context or cue refers to.
fn unused_groups(registry: &Registry) -> Vec<Warning> {
    let dir = &registry.dir;
    let mut texts: Vec<String> = ["claims.yaml", "quantities.yaml", "config.yaml"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    texts.extend((registry.rules.iter()).filter_map(|r| std::fs::read_to_string(&r.path).ok()));
    let used = |name: &str| {
        let reference = format!("{{{name}}}");
        registry.contexts.iter().any(|(c, _)| c == name)
            || texts.iter().any(|t| t.contains(&reference))
    };
    let terms = dir.join("terms.yaml");
    let text = std::fs::read_to_string(&terms).unwrap_or_default();
    (registry.groups.keys())
        .filter(|name| !used(name))
        .map(|name| Warning {
            line: group_line(&text, name),
            path: terms.clone(),
            message: format!(
                "term group `{name}` is used by no claim, quantity, phrase rule or context"
            ),
        })
        .collect()
}

fn group_line(text: &str, name: &str) -> usize {
    let key = format!("{name}:");
    text.lines()
        .position(|l| l.starts_with(&key))
        .map_or(1, |i| i + 1)
}

/// "lints/claims.yaml:12: claim `x`: bad example not found: ..." lines, for people.
pub(crate) fn describe(b: &Broken, root: &Path) -> String {
    let path = b.path.strip_prefix(root).unwrap_or(&b.path);
    let kind = if b.bad {
        "bad example not caught"
    } else {
        "good example caught"
    };
    format!(
        "{}:{}: {}: {kind}: {:?}: {}",
        path.display(),
        b.line,
        b.owner,
        b.example,
        b.why
    )
}
