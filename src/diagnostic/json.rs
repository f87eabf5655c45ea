//! JSON output, a stable contract for other tools:
//!
//! ```text
//! {"version":1,"diagnostics":[{"rule","category","severity","message","file",
//!   "span":{"start","end","line","column","end_line","end_column"},"claim","related":[{"file","span","message"}],
//!   "help"}],"summary":{"files","errors","warnings","infos"}}
//! ```
//! `start`/`end` are byte offsets into the file; lines and columns are 1-based, columns count
//! Unicode scalar values; `end_column` is exclusive.
//!
//! Written as it is serialised, keys in alphabetical order (as the first version, which built
//! a `serde_json::Value` tree of the whole report, printed them).

use std::io::{self, Write};

use serde::Serialize;

use super::{display_path, Diagnostic, Summary};
use crate::source::{SourceFile, Span};

#[derive(Serialize)]
pub(crate) struct SpanJson {
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    line: usize,
    start: usize,
}

pub(crate) fn span_json(file: &SourceFile, span: Span) -> SpanJson {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    SpanJson {
        column,
        end: span.end,
        end_column,
        end_line,
        line,
        start: span.start,
    }
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    file: String,
    message: &'a str,
    span: SpanJson,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    category: &'static str,
    claim: Option<&'a str>,
    file: String,
    help: Option<&'a str>,
    message: &'a str,
    related: Vec<RelatedJson<'a>>,
    rule: &'a str,
    severity: &'static str,
    span: SpanJson,
}

/// Serialised one by one as the list is written.
struct Diagnostics<'a>(&'a [Diagnostic]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|d| {
            DiagnosticJson {
                category: d.category.as_str(),
                claim: d.claim.as_deref(),
                file: display_path(&d.file.path),
                help: d.help.as_deref(),
                message: &d.message,
                related: (d.related.iter())
                    .map(|r| RelatedJson {
                        file: display_path(&r.file.path),
                        message: &r.message,
                        span: span_json(&r.file, r.span),
                    })
                    .collect(),
                rule: &d.rule,
                severity: d.severity.as_str(),
                span: span_json(&d.file, d.span),
            }
        }))
    }
}

#[derive(Serialize)]
struct SummaryJson {
    errors: usize,
    files: usize,
    infos: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Diagnostics<'a>,
    summary: SummaryJson,
    version: u32,
}

/// Writes the report (pretty-printed, with a final newline).
pub(crate) fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> io::Result<()> {
    let doc = Document {
        diagnostics: Diagnostics(diagnostics),
        summary: SummaryJson {
            errors: summary.errors,
            files: summary.files,
            infos: summary.infos,
            warnings: summary.warnings,
        },
        version: 1,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The report as a string (what `write` writes).
pub fn render(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let mut out = Vec::new();
    write(&mut out, diagnostics, summary).expect("writing to memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
