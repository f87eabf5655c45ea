//! SARIF 2.1.0 output, as accepted by GitHub code scanning.
//!
//! Written as it is serialised, keys in alphabetical order (as the first version, which built
//! a `serde_json::Value` tree of the whole report, printed them).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{display_path, Diagnostic, RuleInfo, Severity};
use crate::source::{SourceFile, Span};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_length: usize,
    byte_offset: usize,
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct Uri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Uri,
    region: Region,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    physical_location: Physical,
}

fn location<'a>(file: &SourceFile, span: Span) -> Location<'a> {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Location {
        id: None,
        message: None,
        physical_location: Physical {
            artifact_location: Uri {
                uri: display_path(&file.path),
            },
            region: Region {
                byte_length: span.end - span.start,
                byte_offset: span.start,
                end_column: end_column.max(1),
                end_line,
                start_column: column,
                start_line: line,
            },
        },
    }
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

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "vettedSpanHash/v1")]
    span_hash: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message,
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    rule_id: &'a str,
    rule_index: usize,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

/// The results, serialised one by one as the list is written.
struct Results<'a> {
    diagnostics: &'a [Diagnostic],
    used: &'a BTreeMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.diagnostics.iter().map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            if let Some(note) = &d.note {
                text.push_str("\nnote: ");
                text.push_str(note);
            }
            SarifResult {
                level: level(d.severity),
                locations: [location(&d.file, d.span)],
                message: Message { text },
                partial_fingerprints: Fingerprints {
                    span_hash: fingerprint(d),
                },
                properties: Properties {
                    category: d.category.as_str(),
                    claim: d.claim.as_deref(),
                },
                related_locations: (d.related.iter().enumerate())
                    .map(|(i, r)| Location {
                        id: Some(i + 1),
                        message: Some(Text { text: &r.message }),
                        ..location(&r.file, r.span)
                    })
                    .collect(),
                rule_id: &d.rule,
                rule_index: self.used[d.rule.as_str()],
            }
        }))
    }
}

#[derive(Serialize)]
struct Markdown<'a> {
    markdown: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Tags {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    default_configuration: Level,
    full_description: Text<'a>,
    help: Markdown<'a>,
    id: &'a str,
    name: &'a str,
    properties: Tags,
    short_description: Text<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    rules: Vec<Descriptor<'a>>,
    version: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// Writes the SARIF log (pretty-printed, with a final newline).
pub(crate) fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    rules: &[RuleInfo],
) -> io::Result<()> {
    let used: BTreeMap<&str, usize> = {
        let mut ids: Vec<&str> = diagnostics.iter().map(|d| d.rule.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect()
    };
    let descriptors: Vec<Descriptor> = used
        .keys()
        .map(|id| {
            let info = rules.iter().find(|r| r.id == *id);
            let summary = info.map_or(*id, |r| r.summary.as_str());
            let doc = info.map_or("", |r| r.doc.as_str());
            Descriptor {
                default_configuration: Level {
                    level: level(info.map_or(Severity::Warning, |r| r.severity)),
                },
                full_description: Text { text: doc },
                help: Markdown {
                    markdown: doc,
                    text: doc,
                },
                id,
                name: id,
                properties: Tags {
                    tags: [info.map_or("style", |r| r.category.as_str())],
                },
                short_description: Text { text: summary },
            }
        })
        .collect();
    let doc = Document {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results {
                diagnostics,
                used: &used,
            },
            tool: Tool {
                driver: Driver {
                    name: "vetted",
                    rules: descriptors,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
