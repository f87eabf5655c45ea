//! Human output: rustc-style snippets with labelled spans (codespan-reporting).

use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::term::termcolor::{Buffer, BufferWriter, ColorChoice, WriteColor};
use codespan_reporting::term::{self, Config};

use super::snippet::Snippets;
use super::{Diagnostic, Severity, Summary};

/// Whether to colour output written to a stream.
pub fn color_choice(stream_is_terminal: bool) -> ColorChoice {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) || !stream_is_terminal {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}

/// Renders diagnostics and a summary line as plain text (no colour).
pub fn render_plain(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let mut buffer = Buffer::no_color();
    write_all(&mut buffer, diagnostics, summary);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Prints to stdout (`to_stderr == false`) or stderr, in colour on a terminal.
/// Everything is rendered into one buffer first: the snippet renderer makes many small
/// writes, and an unbuffered stderr turns each into a system call.
pub fn print(diagnostics: &[Diagnostic], summary: Summary, to_stderr: bool) {
    let writer = if to_stderr {
        BufferWriter::stderr(color_choice(std::io::stderr().is_terminal()))
    } else {
        BufferWriter::stdout(color_choice(std::io::stdout().is_terminal()))
    };
    let mut buffer = writer.buffer();
    write_all(&mut buffer, diagnostics, summary);
    // A write error (closed pipe) ends output quietly, like other command-line tools.
    let _ = writer.print(&buffer);
}

/// Prints findings already rendered as plain text to stderr; only a colour terminal needs
/// them rendered again.
pub fn eprint_rendered(diagnostics: &[Diagnostic], summary: Summary, plain: &str) {
    if color_choice(std::io::stderr().is_terminal()) == ColorChoice::Never {
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), plain.as_bytes());
    } else {
        print(diagnostics, summary, true);
    }
}

fn write_all(out: &mut dyn WriteColor, diagnostics: &[Diagnostic], summary: Summary) {
    let mut files = Snippets::default();
    let reports: Vec<Report<usize>> = diagnostics
        .iter()
        .map(|d| {
            let (id, range) = files.label(&d.file, d.span);
            let mut labels =
                vec![Label::primary(id, range).with_message(d.label.clone().unwrap_or_default())];
            for r in &d.related {
                let (id, range) = files.label(&r.file, r.span);
                labels.push(Label::secondary(id, range).with_message(r.message.clone()));
            }
            let mut notes = Vec::new();
            if let Some(help) = &d.help {
                notes.push(format!("help: {help}"));
            }
            if let Some(note) = &d.note {
                notes.push(format!("note: {note}"));
            }
            Report::new(level(d.severity))
                .with_code(d.rule.clone())
                .with_message(d.message.clone())
                .with_labels(labels)
                .with_notes(notes)
        })
        .collect();
    let config = Config::default();
    for report in &reports {
        // A write error (closed pipe) ends output quietly, like other command-line tools.
        if term::emit_to_write_style(out, &config, &files, report).is_err() {
            return;
        }
    }
    let _ = writeln!(out, "{}", summary_line(summary));
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

/// "3 errors, 1 warning, 0 infos in 12 files".
pub fn summary_line(s: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file")
    )
}
