//! Human output: rustc-style snippets with labelled spans, then the counts by rule and a
//! summary line.
//!
//! Findings are written as they are rendered into one buffered stream (no copy of the whole
//! report in memory), each source file's text and line index made once and shared by all its
//! findings, windows of long lines dropped after their finding. On a terminal only the
//! `TERMINAL_LIMIT` most severe findings are shown unless `--max-findings` says otherwise, so
//! that a knowledge base with 40,000 findings ends with its counts on the screen.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

use codespan_reporting::diagnostic::{Diagnostic as CodespanReport, Label, Severity as Level};
use codespan_reporting::term::termcolor::{
    Buffer, BufferedStandardStream, ColorChoice, WriteColor,
};
use codespan_reporting::term::{self, Config};
use rayon::prelude::*;

use super::rich::{self, Renderer};
use super::snippet::Snippets;
use super::{Diagnostic, Severity, Summary};

/// Findings shown on a terminal when `--max-findings` is not given.
pub(crate) const TERMINAL_LIMIT: usize = 50;

/// Whether to colour output written to a stream.
pub(crate) fn color_choice(stream_is_terminal: bool) -> ColorChoice {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) || !stream_is_terminal {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}

/// How many findings to show: `--max-findings N` (0: all of them); without it all of them,
/// except on a terminal, where `TERMINAL_LIMIT`.
pub(crate) fn limit(max_findings: Option<usize>, terminal: bool) -> Option<usize> {
    match max_findings {
        Some(0) => None,
        Some(n) => Some(n),
        None if terminal => Some(TERMINAL_LIMIT),
        None => None,
    }
}

/// Where human output goes, how many findings it shows, and how to see those it leaves out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    pub to_stderr: bool,
    /// `--max-findings`, if given.
    pub max_findings: Option<usize>,
    /// Said after the findings left out: how to see them all.
    pub show_all: &'a str,
}

/// Prints to stdout or stderr, in colour on a terminal, at most `limit(...)` findings.
pub(crate) fn print(diagnostics: &[Diagnostic], summary: Summary, options: &Options) {
    print_counted(diagnostics, &Counts::of(diagnostics), summary, options);
}

/// Whether the output `print` would go to is a terminal.
pub(crate) fn is_terminal(to_stderr: bool) -> bool {
    if to_stderr {
        io::stderr().is_terminal()
    } else {
        io::stdout().is_terminal()
    }
}

/// `print` for findings of which only the most severe are at hand (a no-change rebuild's):
/// `counts` covers all of them. Never inlined: the callgrind guard (`benches/run.py`) counts
/// the instructions of printing a build's findings by this function's name.
#[inline(never)]
pub(crate) fn print_counted(
    diagnostics: &[Diagnostic],
    counts: &Counts,
    summary: Summary,
    options: &Options,
) {
    let terminal = is_terminal(options.to_stderr);
    let choice = color_choice(terminal);
    let mut out = if options.to_stderr {
        BufferedStandardStream::stderr(choice)
    } else {
        BufferedStandardStream::stdout(choice)
    };
    let max = limit(options.max_findings, terminal);
    // A write error (closed pipe) ends output quietly, like other command-line tools.
    let _ = write_counted(
        &mut out,
        diagnostics,
        counts,
        summary,
        max,
        options.show_all,
    )
    .and_then(|()| out.flush());
}

/// Renders every finding, the counts by rule and the summary line as plain text.
pub fn render_plain(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let mut buffer = Buffer::no_color();
    let _ = write(&mut buffer, diagnostics, summary, None, "");
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Writes at most `max` findings (the most severe first, then in file order; all when
/// `None`), a line saying how many were left out and `show_all`, the counts by rule and the
/// summary line.
pub(crate) fn write(
    out: &mut dyn WriteColor,
    diagnostics: &[Diagnostic],
    summary: Summary,
    max: Option<usize>,
    show_all: &str,
) -> io::Result<()> {
    write_counted(
        out,
        diagnostics,
        &Counts::of(diagnostics),
        summary,
        max,
        show_all,
    )
}

/// How many findings there are, by rule: what the end of the report counts, whether or not
/// every finding is at hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub total: usize,
    /// Per rule: `[infos, warnings, errors]`; the rules with the most errors first, then
    /// warnings, then infos, then by name.
    pub by_rule: Vec<(String, [usize; 3])>,
}

impl Counts {
    pub(crate) fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts: HashMap<&str, [usize; 3]> = HashMap::new();
        for d in diagnostics {
            counts.entry(d.rule.as_str()).or_default()[d.severity as usize] += 1;
        }
        let mut by_rule: Vec<(String, [usize; 3])> = (counts.into_iter())
            .map(|(rule, c)| (rule.to_owned(), c))
            .collect();
        // Most errors first, then most warnings, then most infos, then by name.
        by_rule.sort_by(|(a, x), (b, y)| {
            let key = |c: &[usize; 3]| [c[2], c[1], c[0]];
            (key(y), a).cmp(&(key(x), b))
        });
        Counts {
            total: diagnostics.len(),
            by_rule,
        }
    }
}

/// `write`, with the counts of all the findings, of which `diagnostics` may be only the most
/// severe (at least `max` of them, or all).
pub(crate) fn write_counted(
    out: &mut dyn WriteColor,
    diagnostics: &[Diagnostic],
    counts: &Counts,
    summary: Summary,
    max: Option<usize>,
    show_all: &str,
) -> io::Result<()> {
    let shown = select(diagnostics, max);
    preload(&shown);
    let mut files = Snippets::default();
    let mut renderer = Renderer::default();
    let mut labels = Vec::new();
    for d in &shown {
        emit(out, &mut files, &mut renderer, &mut labels, d)?;
        files.forget_windows();
    }
    let hidden = counts.total.saturating_sub(shown.len());
    if hidden > 0 {
        writeln!(
            out,
            "... and {hidden} more {} not shown ({} shown, the most severe first): {show_all}",
            plural_word(hidden, "finding"),
            shown.len(),
        )?;
    }
    write_by_rule(out, counts)?;
    writeln!(out, "{}", summary_line(summary))
}

/// The findings to show: all of them, or the `max` most severe (errors, then warnings, then
/// infos, each in file order), kept in file order.
pub(super) fn select(diagnostics: &[Diagnostic], max: Option<usize>) -> Vec<&Diagnostic> {
    let max = match max {
        Some(max) if max < diagnostics.len() => max,
        _ => return diagnostics.iter().collect(),
    };
    // The lowest severity shown, and how many of that severity fit.
    let mut left = max;
    let mut cut = (Severity::Info, 0);
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let count = diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count();
        cut = (severity, left.min(count));
        if count >= left {
            break;
        }
        left -= count;
    }
    let (lowest, mut room) = cut;
    diagnostics
        .iter()
        .filter(|d| {
            d.severity > lowest
                || (d.severity == lowest && room > 0 && {
                    room -= 1;
                    true
                })
        })
        .collect()
}

/// Reads the shown findings' files (those let go after the lint) and makes their line
/// indexes, side by side, before the findings are written one after the other.
fn preload(shown: &[&Diagnostic]) {
    let mut files: HashMap<*const crate::source::SourceFile, &crate::source::SourceFile> =
        HashMap::new();
    for d in shown {
        files.insert(std::sync::Arc::as_ptr(&d.file), &d.file);
        for r in &d.related {
            files.insert(std::sync::Arc::as_ptr(&r.file), &r.file);
        }
    }
    let files: Vec<&crate::source::SourceFile> = files.into_values().collect();
    // With one thread, on this one (where the callgrind guard counts it).
    if rayon::current_num_threads() > 1 {
        files.par_iter().for_each(|f| {
            f.line_count();
        });
    } else {
        files.iter().for_each(|f| {
            f.line_count();
        });
    }
}

fn emit(
    out: &mut dyn WriteColor,
    files: &mut Snippets,
    renderer: &mut Renderer,
    labels: &mut Vec<(usize, std::ops::Range<usize>)>,
    d: &Diagnostic,
) -> io::Result<()> {
    labels.clear();
    labels.push(files.label(&d.file, d.span));
    for r in &d.related {
        labels.push(files.label(&r.file, r.span));
    }
    let label_text = d.label.as_deref().unwrap_or("");
    let fast: Vec<rich::Label> = (labels.iter().enumerate())
        .map(|(i, (view, range))| rich::Label {
            view: *view,
            range: range.clone(),
            primary: i == 0,
            message: if i == 0 {
                label_text
            } else {
                &d.related[i - 1].message
            },
        })
        .collect();
    let mut notes = Vec::with_capacity(2);
    if let Some(help) = &d.help {
        notes.push(("help: ", help.as_str()));
    }
    if let Some(note) = &d.note {
        notes.push(("note: ", note.as_str()));
    }
    let report = rich::Report {
        level: level(d.severity),
        code: &d.rule,
        message: &d.message,
        labels: &fast,
        notes: &notes,
    };
    if renderer.emit(out, files, &report)? {
        return Ok(());
    }
    // A span across lines, or two labels on one line: codespan-reporting renders it.
    let labels = (labels.iter().enumerate())
        .map(|(i, (view, range))| {
            let label = if i == 0 {
                Label::primary(*view, range.clone())
            } else {
                Label::secondary(*view, range.clone())
            };
            label.with_message(fast[i].message)
        })
        .collect();
    let report = CodespanReport::new(report.level)
        .with_code(d.rule.clone())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes.iter().map(|(p, t)| format!("{p}{t}")).collect());
    term::emit_to_write_style(out, &Config::default(), &*files, &report).map_err(|e| match e {
        codespan_reporting::files::Error::Io(e) => e,
        e => io::Error::other(e),
    })
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

/// "findings by rule:" and a line per rule with its counts by severity.
fn write_by_rule(out: &mut dyn WriteColor, counts: &Counts) -> io::Result<()> {
    let rows = &counts.by_rule;
    if rows.is_empty() {
        return Ok(());
    }
    let name_width = rows.iter().map(|(rule, _)| rule.len()).max().unwrap_or(0);
    let first = |c: &[usize; 3]| *c.iter().rev().find(|&&n| n > 0).unwrap_or(&0);
    let count_width = (rows.iter().map(|(_, c)| first(c).to_string().len()))
        .max()
        .unwrap_or(1);
    writeln!(out, "findings by rule:")?;
    for (rule, counts) in rows {
        let mut parts = Vec::with_capacity(3);
        for (severity, word) in [(2, "error"), (1, "warning"), (0, "info")] {
            let n = counts[severity];
            if n > 0 {
                let width = if parts.is_empty() { count_width } else { 0 };
                parts.push(format!("{n:>width$} {}", plural_word(n, word)));
            }
        }
        writeln!(out, "  {rule:<name_width$}  {}", parts.join(", "))?;
    }
    Ok(())
}

fn plural_word(n: usize, word: &str) -> String {
    format!("{word}{}", if n == 1 { "" } else { "s" })
}

/// "3 errors, 1 warning, 0 infos in 12 files".
pub(crate) fn summary_line(s: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {}", plural_word(n, word));
    format!(
        "{}, {}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file")
    )
}
