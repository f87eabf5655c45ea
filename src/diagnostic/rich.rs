//! One finding as a rustc-style snippet, written straight to the output.
//!
//! Byte for byte what codespan-reporting's rich renderer writes, colours included, for the
//! shape nearly every finding has: every label on one line, and no two labels on one line of
//! one file. Anything else (a span across lines, two labels on one line) is left to codespan
//! itself (`emit` returns `false` before writing anything). codespan sends every character
//! through dynamic calls and builds its default colour styles anew at every style change,
//! even for plain output: about 30,000 instructions per finding, against a few thousand here.
//! The tests check both against each other on generated files and labels.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{LabelStyle, Severity as Level};
use codespan_reporting::files::Files;
use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};
use codespan_reporting::term::Styles;
use unicode_width::UnicodeWidthChar;

use super::snippet::Snippets;
use crate::source::floor_char_boundary;

/// codespan's `Config::default().tab_width`.
const TAB_WIDTH: usize = 4;

/// A label: a range of a view of `Snippets`.
pub(super) struct Label<'a> {
    pub view: usize,
    pub range: Range<usize>,
    pub primary: bool,
    pub message: &'a str,
}

/// What codespan's `Diagnostic` holds, borrowed.
pub(super) struct Report<'a> {
    pub level: Level,
    pub code: &'a str,
    pub message: &'a str,
    pub labels: &'a [Label<'a>],
    /// Notes as a prefix and a text ("help: ", "..."), printed as one note.
    pub notes: &'a [(&'a str, &'a str)],
}

/// A line of a file to show, with the label on it (if any).
struct Line {
    index: usize,
    number: usize,
    range: Range<usize>,
    label: Option<usize>,
}

struct Group {
    view: usize,
    /// The label the locus points at: the first primary one, else the first secondary one.
    locus: usize,
    lines: Vec<Line>,
}

/// Writes findings; keeps its styles and buffers from one finding to the next.
#[derive(Default)]
pub(super) struct Renderer {
    styles: Styles,
    groups: Vec<Group>,
    scratch: String,
    buf: Vec<u8>,
}

fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// The output with codespan's style calls. Text is gathered in a buffer and written in one
/// piece per finding, or at each style change when there is colour (no style calls at all
/// when there is none).
struct Out<'w> {
    w: &'w mut dyn WriteColor,
    buf: &'w mut Vec<u8>,
    color: bool,
    styles: &'w Styles,
}

impl Out<'_> {
    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.w.write_all(self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn set(&mut self, spec: &ColorSpec) -> io::Result<()> {
        if self.color {
            self.flush()?;
            self.w.set_color(spec)?;
        }
        Ok(())
    }

    fn reset(&mut self) -> io::Result<()> {
        if self.color {
            self.flush()?;
            self.w.reset()?;
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    fn repeat(&mut self, byte: u8, count: usize) {
        self.buf.resize(self.buf.len() + count, byte);
    }

    fn label(&mut self, level: Level, primary: bool) -> io::Result<()> {
        let style = if primary {
            LabelStyle::Primary
        } else {
            LabelStyle::Secondary
        };
        let styles = self.styles;
        self.set(styles.label(level, style))
    }

    /// `{:>pad$} `: the gutter of a line without a number.
    fn gutter(&mut self, pad: usize) {
        self.repeat(b' ', pad + 1);
    }

    fn border(&mut self, ch: &str) -> io::Result<()> {
        let styles = self.styles;
        self.set(styles.source_border())?;
        self.text(ch);
        self.reset()
    }
}

/// The width codespan gives a character at `column` (tabs to the next multiple of 4).
fn width(ch: char, column: usize) -> usize {
    match ch {
        '\t' => TAB_WIDTH - column % TAB_WIDTH,
        ch => ch.width().unwrap_or(0),
    }
}

/// The column after `text` when it starts at `column`, in codespan's widths.
fn advance(text: &str, column: usize) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return column + text.len();
    }
    text.chars().fold(column, |c, ch| c + width(ch, c))
}

/// The first char boundary at or after `offset` (at most the end).
fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset.min(text.len())
}

impl Renderer {
    /// Writes `report` as codespan would, or returns `false` without writing anything when its
    /// shape is one only codespan renders.
    pub(super) fn emit(
        &mut self,
        out: &mut dyn WriteColor,
        files: &Snippets,
        report: &Report,
    ) -> io::Result<bool> {
        let Some(pad) = self.plan(files, report) else {
            return Ok(false);
        };
        let color = out.supports_color();
        let mut out = Out {
            w: out,
            buf: &mut self.buf,
            color,
            styles: &self.styles,
        };
        // Header: `error[rule]: message`.
        let styles = out.styles;
        out.set(styles.header(report.level))?;
        out.text(match report.level {
            Level::Bug => "bug",
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Help => "help",
            Level::Note => "note",
        });
        if !report.code.is_empty() {
            out.text("[");
            out.text(report.code);
            out.text("]");
        }
        out.set(styles.header_message())?;
        out.text(": ");
        out.text(report.message);
        out.reset()?;
        out.text("\n");

        let groups = std::mem::take(&mut self.groups);
        for (g, group) in groups.iter().enumerate() {
            let locus = &report.labels[group.locus];
            let name = files.name(group.view).unwrap_or_default();
            let line = files.line_index(group.view, locus.range.start).unwrap_or(0);
            let number = files.line_number(group.view, line).unwrap_or(1);
            let column = (files.column_number(group.view, line, locus.range.start)).unwrap_or(1);
            out.gutter(pad);
            out.border("┌─")?;
            writeln!(out.buf, " {name}:{number}:{column}")?;
            out.gutter(pad);
            out.border("│")?;
            out.text("\n");
            let source = files.source(group.view).unwrap_or_default();
            for (i, line) in group.lines.iter().enumerate() {
                let label = line.label.map(|l| &report.labels[l]);
                source_line(
                    &mut out,
                    &mut self.scratch,
                    pad,
                    report.level,
                    line,
                    source,
                    label,
                )?;
                match group.lines.get(i + 1).map(|next| next.index - line.index) {
                    None | Some(1) => {}
                    Some(2) => {
                        let index = line.index + 1;
                        let between = Line {
                            index,
                            number: files.line_number(group.view, index).unwrap_or(0),
                            range: files.line_range(group.view, index).unwrap_or(0..0),
                            label: None,
                        };
                        source_line(
                            &mut out,
                            &mut self.scratch,
                            pad,
                            report.level,
                            &between,
                            source,
                            None,
                        )?;
                    }
                    Some(_) => {
                        out.gutter(pad);
                        out.border("·")?;
                        out.text("\n");
                    }
                }
            }
            if g + 1 < groups.len() || !report.notes.is_empty() {
                out.gutter(pad);
                out.border("│")?;
                out.text("\n");
            }
        }
        self.groups = groups;
        for (prefix, text) in report.notes {
            let mut lines = text.lines();
            out.gutter(pad);
            out.set(styles.note_bullet())?;
            out.text("=");
            out.reset()?;
            out.text(" ");
            out.text(prefix);
            out.text(lines.next().unwrap_or(""));
            out.text("\n");
            for line in lines {
                out.gutter(pad);
                out.text("  ");
                out.text(line);
                out.text("\n");
            }
        }
        out.text("\n");
        out.flush()?;
        Ok(true)
    }

    /// Groups the labels by view and line as codespan does; `None` when a label spans lines,
    /// two share a line, or a view cannot answer. Returns the width of the line numbers.
    fn plan(&mut self, files: &Snippets, report: &Report) -> Option<usize> {
        let mut groups = std::mem::take(&mut self.groups);
        for group in &mut groups {
            group.lines.clear();
        }
        let mut used = 0;
        let mut pad = 0;
        for (l, label) in report.labels.iter().enumerate() {
            let view = label.view;
            let index = files.line_index(view, label.range.start).ok()?;
            if files.line_index(view, label.range.end).ok()? != index {
                return None;
            }
            let number = files.line_number(view, index).ok()?;
            let range = files.line_range(view, index).ok()?;
            pad = pad.max(digits(number));
            let g = match groups[..used].iter().position(|g| g.view == view) {
                Some(g) => g,
                None => {
                    if used == groups.len() {
                        groups.push(Group {
                            view,
                            locus: l,
                            lines: Vec::new(),
                        });
                    }
                    groups[used].view = view;
                    groups[used].locus = l;
                    used += 1;
                    used - 1
                }
            };
            let group = &mut groups[g];
            let locus = &report.labels[group.locus];
            // codespan: a primary label wins over a secondary one, then the earlier start.
            if (label.primary && !locus.primary)
                || (label.primary == locus.primary && label.range.start < locus.range.start)
            {
                group.locus = l;
            }
            if group.lines.iter().any(|line| line.index == index) {
                return None;
            }
            group.lines.push(Line {
                index,
                number,
                range,
                label: Some(l),
            });
        }
        groups.truncate(used);
        for group in &mut groups {
            group.lines.sort_unstable_by_key(|line| line.index);
            // A line between two labelled ones is shown; check codespan could read it.
            for pair in group.lines.windows(2) {
                if pair[1].index - pair[0].index == 2 {
                    let between = pair[0].index + 1;
                    files.line_range(group.view, between).ok()?;
                    files.line_number(group.view, between).ok()?;
                }
            }
        }
        self.groups = groups;
        Some(pad)
    }
}

/// A source line, and the carets of its label under it.
fn source_line(
    out: &mut Out,
    scratch: &mut String,
    pad: usize,
    level: Level,
    line: &Line,
    source: &str,
    label: Option<&Label>,
) -> io::Result<()> {
    let text = source
        .get(line.range.clone())
        .unwrap_or("")
        .trim_end_matches(['\n', '\r', '\0']);
    let styles = out.styles;
    out.set(styles.line_number())?;
    write!(out.buf, "{:>pad$}", line.number)?;
    out.reset()?;
    out.text(" ");
    out.border("│")?;
    out.text(" ");
    // The label's bytes on this line, at least one (an empty span gets a caret), and the
    // characters they overlap (codespan decides it character by character): from the one
    // holding its start to the first starting at or after its end. A span starting at or
    // after the end of the text overlaps none of them (only the place after the last).
    let span = label.map(|l| {
        let start = l.range.start.saturating_sub(line.range.start);
        start..(l.range.end.saturating_sub(line.range.start)).max(start + 1)
    });
    let chars = span
        .clone()
        .filter(|s| s.start < text.len())
        .map(|s| floor_char_boundary(text, s.start)..ceil_char_boundary(text, s.end));
    // The text, the primary label's part in its colour, tabs as spaces.
    let tabs = text.contains('\t');
    let mut column = 0;
    let mut piece = |out: &mut Out, from: usize, to: usize| {
        let piece = &text[from..to];
        if !tabs {
            return out.text(piece);
        }
        scratch.clear();
        for ch in piece.chars() {
            let w = width(ch, column);
            column += w;
            if ch == '\t' {
                scratch.extend(std::iter::repeat_n(' ', w));
            } else {
                scratch.push(ch);
            }
        }
        out.text(scratch);
    };
    match chars.clone().filter(|_| label.is_some_and(|l| l.primary)) {
        Some(chars) => {
            piece(out, 0, chars.start);
            out.label(level, true)?;
            piece(out, chars.start, chars.end);
            out.reset()?;
            piece(out, chars.end, text.len());
        }
        None => piece(out, 0, text.len()),
    }
    out.text("\n");
    let (Some(label), Some(span)) = (label, span) else {
        return Ok(());
    };
    // The carets: a space per column up to the span, a caret per column of it, and one more
    // for the place after the text when the span reaches past it.
    out.gutter(pad);
    out.border("│")?;
    out.text(" ");
    let caret = if label.primary { b'^' } else { b'-' };
    match chars {
        Some(chars) => {
            let before = advance(&text[..chars.start], 0);
            out.repeat(b' ', before);
            out.label(level, label.primary)?;
            let after = advance(&text[chars.start..chars.end], before);
            out.repeat(caret, after - before + usize::from(span.end > text.len()));
            out.reset()?;
        }
        None if span.start == text.len() => {
            out.repeat(b' ', advance(text, 0));
            out.label(level, label.primary)?;
            out.repeat(caret, 1);
            out.reset()?;
        }
        None => out.repeat(b' ', advance(text, 0) + 1),
    }
    if !label.message.is_empty() {
        out.text(" ");
        out.label(level, label.primary)?;
        out.text(label.message);
        out.reset()?;
    }
    out.text("\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};
    use codespan_reporting::diagnostic::{Diagnostic as CodespanReport, Label as CodespanLabel};
    use codespan_reporting::term::termcolor::Buffer;
    use codespan_reporting::term::{self, Config};
    use std::sync::Arc;

    /// xorshift64*: deterministic cases without a dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "word",
        " ",
        "µm",
        "\t",
        "é",
        "€",
        "日本",
        "😀",
        "100% safe",
        "x",
        "  ",
        "\u{301}",
    ];

    fn random_file(rng: &mut Rng, name: &str) -> Arc<SourceFile> {
        let mut text = String::new();
        for _ in 0..1 + rng.below(14) {
            for _ in 0..rng.below(12) {
                text.push_str(PIECES[rng.below(PIECES.len())]);
            }
            text.push_str(if rng.below(5) == 0 { "\r\n" } else { "\n" });
        }
        if rng.below(3) == 0 {
            text.push_str("no newline at the end");
        }
        SourceFile::new(name.into(), text)
    }

    fn random_span(rng: &mut Rng, file: &SourceFile) -> Span {
        let text = file.text();
        let line = 1 + rng.below(file.line_count());
        let start = file.line_start(line);
        let len = file.line_text(line).len();
        // Mostly on the line, sometimes onto its line ending or past it.
        let a = start + rng.below(len + 3);
        let b = a + rng.below(8);
        let clamp = |x: usize| floor_char_boundary(text, x.min(text.len()));
        Span::new(clamp(a), clamp(b))
    }

    fn codespan(files: &Snippets, report: &Report, color: bool) -> Vec<u8> {
        let labels = (report.labels.iter())
            .map(|l| {
                let label = if l.primary {
                    CodespanLabel::primary(l.view, l.range.clone())
                } else {
                    CodespanLabel::secondary(l.view, l.range.clone())
                };
                label.with_message(l.message)
            })
            .collect();
        let notes = (report.notes.iter())
            .map(|(p, t)| format!("{p}{t}"))
            .collect();
        let diagnostic = CodespanReport::new(report.level)
            .with_code(report.code)
            .with_message(report.message)
            .with_labels(labels)
            .with_notes(notes);
        let mut out = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        term::emit_to_write_style(&mut out, &Config::default(), files, &diagnostic).unwrap();
        out.into_inner()
    }

    #[test]
    fn writes_what_codespan_writes() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut renderer = Renderer::default();
        let (mut same, mut left_to_codespan) = (0, 0);
        let levels = [Level::Error, Level::Warning, Level::Note, Level::Help];
        let messages = ["", "label", "asserts `x` (contested)", "日本 label"];
        for case in 0..3000 {
            let a = random_file(&mut rng, "content/a.md");
            let b = random_file(&mut rng, "content/dir/b.md");
            let mut files = Snippets::default();
            let mut labels = Vec::new();
            for i in 0..1 + rng.below(4) {
                let file = if i > 0 && rng.below(3) == 0 { &b } else { &a };
                let (view, range) = files.label(file, random_span(&mut rng, file));
                labels.push(Label {
                    view,
                    range,
                    primary: i == 0,
                    message: messages[rng.below(messages.len())],
                });
            }
            let notes: &[(&str, &str)] = match rng.below(3) {
                0 => &[],
                1 => &[("help: ", "do this")],
                _ => &[("help: ", "first\nsecond line"), ("note: ", "why")],
            };
            let report = Report {
                level: levels[rng.below(levels.len())],
                code: ["", "rule-id"][rng.below(2)],
                message: "a finding",
                labels: &labels,
                notes,
            };
            for color in [false, true] {
                let mut out = if color {
                    Buffer::ansi()
                } else {
                    Buffer::no_color()
                };
                if !renderer.emit(&mut out, &files, &report).unwrap() {
                    assert!(
                        out.as_slice().is_empty(),
                        "case {case}: wrote, then gave up"
                    );
                    left_to_codespan += 1;
                    continue;
                }
                let expected = codespan(&files, &report, color);
                assert_eq!(
                    String::from_utf8_lossy(out.as_slice()),
                    String::from_utf8_lossy(&expected),
                    "case {case}, colour {color}, text {:?}, labels {:?}",
                    a.text(),
                    (labels.iter())
                        .map(|l| (l.view, l.range.clone()))
                        .collect::<Vec<_>>()
                );
                same += 1;
            }
        }
        // Both shapes came up: those written here, and those left to codespan.
        assert!(
            same > 2000 && left_to_codespan > 500,
            "{same} vs {left_to_codespan}"
        );
    }

    #[test]
    fn a_window_of_a_long_line_renders_as_codespan_renders_it() {
        let line = format!(
            "{}é 100% safe{}",
            "word ".repeat(200),
            " tail\t".repeat(200)
        );
        let file = SourceFile::new("content/long.md".into(), format!("---\n{line}\n"));
        let at = file.text().find("100%").unwrap();
        let mut files = Snippets::default();
        let (view, range) = files.label(&file, Span::new(at, at + 9));
        let labels = [Label {
            view,
            range,
            primary: true,
            message: "here",
        }];
        let report = Report {
            level: Level::Error,
            code: "absolute-safety",
            message: "m",
            labels: &labels,
            notes: &[],
        };
        let mut out = Buffer::no_color();
        assert!(Renderer::default().emit(&mut out, &files, &report).unwrap());
        assert_eq!(out.as_slice(), codespan(&files, &report, false).as_slice());
        let text = String::from_utf8_lossy(out.as_slice());
        assert!(text.contains("content/long.md:2:1003"), "{text}");
        assert!(text.len() < 1000, "{text}");
    }
}
