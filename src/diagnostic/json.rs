//! JSON output, a stable contract for other tools:
//!
//! ```text
//! {"version":1,"diagnostics":[{"rule","category","severity","message","file",
//!   "span":{"start","end","line","column","end_line","end_column"},"claim","related":[{"file","span","message"}],
//!   "help"}],"summary":{"files","errors","warnings","infos"}}
//! ```
//! `start`/`end` are byte offsets into the file; lines and columns are 1-based, columns count
//! Unicode scalar values; `end_column` is exclusive.

use serde_json::{json, Value};

use super::{display_path, Diagnostic, Summary};
use crate::source::{SourceFile, Span};

pub fn span_json(file: &SourceFile, span: Span) -> Value {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    json!({"start": span.start, "end": span.end, "line": line, "column": column, "end_line": end_line, "end_column": end_column})
}

pub fn render(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let list: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule,
                "category": d.category.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": display_path(&d.file.path),
                "span": span_json(&d.file, d.span),
                "claim": d.claim,
                "related": d.related.iter().map(|r| json!({
                    "file": display_path(&r.file.path),
                    "span": span_json(&r.file, r.span),
                    "message": r.message,
                })).collect::<Vec<_>>(),
                "help": d.help,
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "diagnostics": list,
        "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos},
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
