//! SARIF 2.1.0 output, as accepted by GitHub code scanning.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{display_path, Diagnostic, RuleInfo, Severity};
use crate::source::{SourceFile, Span};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(file: &SourceFile, span: Span) -> Value {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": display_path(&file.path)},
        "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column.max(1),
                   "byteOffset": span.start, "byteLength": span.end - span.start}
    }})
}

/// A fingerprint that survives unrelated edits: rule, file and the text of the flagged span.
fn fingerprint(d: &Diagnostic) -> String {
    let text = d.file.text().get(d.span.start..d.span.end).unwrap_or("");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in d
        .rule
        .bytes()
        .chain(display_path(&d.file.path).bytes())
        .chain(text.bytes())
    {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

pub fn render(diagnostics: &[Diagnostic], rules: &[RuleInfo]) -> String {
    let used: BTreeMap<&str, usize> = {
        let mut ids: Vec<&str> = diagnostics.iter().map(|d| d.rule.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect()
    };
    let descriptors: Vec<Value> = used
        .keys()
        .map(|id| {
            let info = rules.iter().find(|r| r.id == *id);
            let summary = info.map_or_else(|| id.to_string(), |r| r.summary.clone());
            let doc = info.map_or_else(String::new, |r| r.doc.clone());
            json!({
                "id": id,
                "name": id,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": doc},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(info.map_or(Severity::Warning, |r| r.severity))},
                "properties": {"tags": [info.map_or("style", |r| r.category.as_str())]},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            if let Some(note) = &d.note {
                text.push_str(&format!("\nnote: {note}"));
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut loc = location(&r.file, r.span);
                    loc["id"] = json!(i + 1);
                    loc["message"] = json!({"text": r.message});
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": used[d.rule.as_str()],
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(&d.file, d.span)],
                "partialFingerprints": {"vettedSpanHash/v1": fingerprint(d)},
                "properties": {"category": d.category.as_str()},
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            if let Some(claim) = &d.claim {
                result["properties"]["claim"] = json!(claim);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vetted",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
