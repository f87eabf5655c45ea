//! The findings of a build, kept for a no-change rebuild to show again (`fingerprint`): what
//! each finding says and where, never its rendered text, and at most `STORED` of them (the
//! most severe, as the terminal shows them first), with the counts by rule and severity of
//! all. Every string is stored once (one help text shared by many findings is one entry): the
//! state stays under a few hundred KB however many findings a build has (40,000 print as
//! 14 MB). Snippets are rendered again from the source files, which the fingerprint proved
//! unchanged, and only for the findings shown. A rebuild asked to show more findings than
//! were kept runs in full.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::human::{self, Counts};
use super::{Category, Diagnostic, Related, Severity, Summary};
use crate::source::{SourceFile, Span};

/// Findings kept: enough for any terminal (`human::TERMINAL_LIMIT`) and more.
pub(crate) const STORED: usize = 1000;

#[derive(Serialize, Deserialize)]
struct Stored {
    /// The summary line's counts: files checked, errors, warnings, infos.
    summary: (usize, usize, usize, usize),
    /// How many findings there were, and per rule (`[infos, warnings, errors]`).
    total: usize,
    by_rule: Vec<(String, [usize; 3])>,
    paths: Vec<String>,
    strings: Vec<String>,
    findings: Vec<Finding>,
}

/// rule, category, severity, path, start, end, label, message, claim, help, note, related
/// (path, start, end, message); strings and paths by index.
#[derive(Serialize, Deserialize)]
struct Finding(
    u32,
    Category,
    Severity,
    u32,
    usize,
    usize,
    Option<u32>,
    u32,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Vec<(u32, usize, usize, u32)>,
);

#[derive(Default)]
struct Table<'a> {
    index: HashMap<&'a str, u32>,
    list: Vec<String>,
}

impl<'a> Table<'a> {
    fn id(&mut self, text: &'a str) -> u32 {
        *self.index.entry(text).or_insert_with(|| {
            self.list.push(text.to_owned());
            (self.list.len() - 1) as u32
        })
    }
}

/// Findings back from the state: the most severe of them (all if there were at most
/// `STORED`), and the counts of all.
pub(crate) struct Replay {
    pub diagnostics: Vec<Diagnostic>,
    pub counts: Counts,
    pub summary: Summary,
}

impl Replay {
    /// Whether the findings kept are enough to show at most `max` (`None`: all of them).
    pub(crate) fn can_show(&self, max: Option<usize>) -> bool {
        self.diagnostics.len() == self.counts.total
            || max.is_some_and(|max| max <= self.diagnostics.len())
    }
}

/// The findings as stored; `None` if a path is not valid UTF-8 (that build is then not
/// replayed: the next one runs in full).
pub(crate) fn encode(diagnostics: &[Diagnostic], summary: Summary) -> Option<String> {
    let kept = human::select(diagnostics, Some(STORED));
    let mut paths = Table::default();
    let mut strings = Table::default();
    let mut findings = Vec::with_capacity(kept.len());
    for d in kept {
        let mut related = Vec::with_capacity(d.related.len());
        for r in &d.related {
            let file = paths.id(r.file.path.to_str()?);
            related.push((file, r.span.start, r.span.end, strings.id(&r.message)));
        }
        findings.push(Finding(
            strings.id(&d.rule),
            d.category,
            d.severity,
            paths.id(d.file.path.to_str()?),
            d.span.start,
            d.span.end,
            d.label.as_deref().map(|t| strings.id(t)),
            strings.id(&d.message),
            d.claim.as_deref().map(|t| strings.id(t)),
            d.help.as_deref().map(|t| strings.id(t)),
            d.note.as_deref().map(|t| strings.id(t)),
            related,
        ));
    }
    let counts = Counts::of(diagnostics);
    let stored = Stored {
        summary: (
            summary.files,
            summary.errors,
            summary.warnings,
            summary.infos,
        ),
        total: counts.total,
        by_rule: counts.by_rule,
        paths: paths.list,
        strings: strings.list,
        findings,
    };
    serde_json::to_string(&stored).ok()
}

/// The findings back, with their counts; their files are read when a finding is shown.
/// `None` for anything this version did not write.
pub(crate) fn decode(text: &str) -> Option<Replay> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    let files: Vec<Arc<SourceFile>> = (stored.paths.into_iter())
        .map(|p| SourceFile::on_disk(PathBuf::from(p)))
        .collect();
    let strings = &stored.strings;
    let text = |i: u32| strings.get(i as usize).cloned();
    let file = |i: u32| files.get(i as usize).cloned();
    let optional = |i: Option<u32>| match i {
        Some(i) => text(i).map(Some),
        None => Some(None),
    };
    let mut diagnostics = Vec::with_capacity(stored.findings.len());
    for f in stored.findings {
        let Finding(
            rule,
            category,
            severity,
            path,
            start,
            end,
            label,
            message,
            claim,
            help,
            note,
            related,
        ) = f;
        let related = (related.into_iter())
            .map(|(path, start, end, message)| {
                Some(Related {
                    file: file(path)?,
                    span: Span::new(start, end),
                    message: text(message)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        diagnostics.push(Diagnostic {
            rule: text(rule)?,
            category,
            severity,
            message: text(message)?,
            file: file(path)?,
            span: Span::new(start, end),
            label: optional(label)?,
            claim: optional(claim)?,
            related,
            help: optional(help)?,
            note: optional(note)?,
        });
    }
    let (files, errors, warnings, infos) = stored.summary;
    if diagnostics.len() > stored.total {
        return None;
    }
    Some(Replay {
        diagnostics,
        counts: Counts {
            total: stored.total,
            by_rule: stored.by_rule,
        },
        summary: Summary {
            files,
            errors,
            warnings,
            infos,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_come_back_as_they_were() {
        let a = SourceFile::new("content/a.md".into(), "one\ntwo three\n".into());
        let b = SourceFile::new("content/b.md".into(), "four\n".into());
        let diagnostics = vec![
            Diagnostic::new(
                "r1",
                Category::Safety,
                Severity::Error,
                &a,
                Span::new(4, 7),
                "m1",
            )
            .label("l1")
            .help("h")
            .note("n")
            .claim("c")
            .related(&b, Span::new(0, 4), "elsewhere"),
            Diagnostic::new(
                "r2",
                Category::Metadata,
                Severity::Info,
                &a,
                Span::new(0, 3),
                "m2",
            )
            .help("h"),
        ];
        let summary = Summary::of(&diagnostics, 7);
        let text = encode(&diagnostics, summary).unwrap();
        // The shared help text is stored once.
        assert_eq!(text.matches("\"h\"").count(), 1, "{text}");
        let replay = decode(&text).unwrap();
        assert_eq!(replay.summary, summary);
        assert_eq!(replay.counts, Counts::of(&diagnostics));
        assert!(replay.can_show(None));
        let back = replay.diagnostics;
        assert_eq!(back.len(), 2);
        for (x, y) in back.iter().zip(&diagnostics) {
            assert_eq!(
                (&x.rule, x.category, x.severity, &x.message, x.span, &x.label),
                (&y.rule, y.category, y.severity, &y.message, y.span, &y.label)
            );
            assert_eq!((&x.claim, &x.help, &x.note), (&y.claim, &y.help, &y.note));
            assert_eq!(x.file.path, y.file.path);
            assert_eq!(x.related.len(), y.related.len());
        }
        assert_eq!(back[0].related[0].file.path, b.path);
        assert_eq!(back[0].related[0].message, "elsewhere");
        assert!(decode("3 errors, 0 warnings").is_none());
    }
}
