//! The source text behind human output. A line longer than `LONG_LINE` is not shown whole:
//! a label on it gets a window of the line around its span, with `...` where the line is cut
//! (like rustc), so output grows with the number of findings, not with their lines' length.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::files::{Error, Files};

use super::display_path;
use crate::source::{floor_char_boundary, SourceFile, Span};

/// Lines up to this many bytes are shown whole.
const LONG_LINE: usize = 480;
/// Bytes of a long line shown on each side of a span.
const CONTEXT: usize = 100;
/// A longer span on a long line shows this many bytes at each end, with `...` between.
const SPAN_END: usize = 100;
const ELLIPSIS: &str = "...";

enum View {
    /// A whole file (its long lines, shown only as context, cut at `LONG_LINE`).
    Whole(Arc<SourceFile>),
    /// Part of one long line.
    Window {
        text: String,
        /// 1-based line in the file.
        line: usize,
        /// For each piece of `text` taken from the line: its offset in `text` and the column
        /// (1-based, in characters) of its first character in the file.
        columns: Vec<(usize, usize)>,
    },
}

/// The files and windows labels point into (`codespan_reporting::files::Files`).
#[derive(Default)]
pub struct Snippets {
    views: Vec<(String, View)>,
    whole: HashMap<PathBuf, usize>,
}

impl Snippets {
    /// The view and range to give codespan for a label at `span` of `file`.
    pub fn label(&mut self, file: &Arc<SourceFile>, span: Span) -> (usize, Range<usize>) {
        let text = file.text();
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        let first = file.line_of(start);
        let last = file.line_of(end);
        let long = (first..=last).any(|l| file.line_text(l).len() > LONG_LINE);
        if !long {
            let id = *self.whole.entry(file.path.clone()).or_insert_with(|| {
                self.views
                    .push((display_path(&file.path), View::Whole(Arc::clone(file))));
                self.views.len() - 1
            });
            return (id, start..end);
        }
        // A span running on past its long first line is shown up to that line's end.
        let line_start = file.line_start(first);
        let line = file.line_text(first);
        let cut = window(line, start - line_start, (end - line_start).min(line.len()));
        let (mut counted, mut column) = (0, 1);
        let columns = (cut.pieces.iter())
            .map(|&(at, offset)| {
                column += line[counted..offset].chars().count();
                counted = offset;
                (at, column)
            })
            .collect();
        let view = View::Window {
            text: cut.text,
            line: first,
            columns,
        };
        self.views.push((display_path(&file.path), view));
        (self.views.len() - 1, cut.span)
    }

    fn view(&self, id: usize) -> Result<&(String, View), Error> {
        self.views.get(id).ok_or(Error::FileMissing)
    }
}

/// A window of a long line.
struct Cut {
    text: String,
    /// For each piece of `text` taken from the line: its offset in `text` and in the line.
    pieces: Vec<(usize, usize)>,
    /// Where the span is in `text`.
    span: Range<usize>,
}

/// The window of `line` around bytes `start..end`.
fn window(line: &str, start: usize, end: usize) -> Cut {
    let cut = |offset: usize| floor_char_boundary(line, offset);
    let from = cut(start.saturating_sub(CONTEXT));
    let to = cut((end + CONTEXT).min(line.len()));
    let to = if to < end { end } else { to };
    let mut text = String::new();
    let mut pieces = Vec::new();
    if from > 0 {
        text.push_str(ELLIPSIS);
    }
    let mut piece = |text: &mut String, range: Range<usize>| {
        pieces.push((text.len(), range.start));
        text.push_str(&line[range]);
    };
    piece(&mut text, from..start);
    let span_start = text.len();
    if end - start > 2 * SPAN_END {
        let head = cut(start + SPAN_END);
        let tail = cut(end - SPAN_END);
        piece(&mut text, start..head);
        text.push_str(ELLIPSIS);
        piece(&mut text, tail..end);
    } else {
        piece(&mut text, start..end);
    }
    let span_end = text.len();
    piece(&mut text, end..to);
    if to < line.len() {
        text.push_str(ELLIPSIS);
    }
    Cut {
        text,
        pieces,
        span: span_start..span_end,
    }
}

impl<'a> Files<'a> for Snippets {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.view(id)?.0)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(match &self.view(id)?.1 {
            View::Whole(file) => file.text(),
            View::Window { text, .. } => text,
        })
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        Ok(match &self.view(id)?.1 {
            View::Whole(file) => file.line_of(byte_index) - 1,
            View::Window { .. } => 0,
        })
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(match &self.view(id)?.1 {
            View::Whole(_) => line_index + 1,
            View::Window { line, .. } => *line,
        })
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        match &self.view(id)?.1 {
            View::Whole(file) => {
                let start = file.line_start(line_index + 1);
                let text = file.text();
                let end = floor_char_boundary(text, byte_index.clamp(start, text.len()));
                Ok(text[start..end].chars().count() + 1)
            }
            View::Window { text, columns, .. } => {
                let i = columns.partition_point(|&(at, _)| at <= byte_index).max(1) - 1;
                let (at, column) = columns[i];
                let end = floor_char_boundary(text, byte_index.max(at));
                Ok(column + text[at..end].chars().count())
            }
        }
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        match &self.view(id)?.1 {
            View::Whole(file) => {
                if line_index >= file.line_count() {
                    return Err(Error::LineTooLarge {
                        given: line_index,
                        max: file.line_count() - 1,
                    });
                }
                let start = file.line_start(line_index + 1);
                let end = file.line_start(line_index + 2);
                // A long line is only ever context here (labels on it get a window): cut it.
                let end = floor_char_boundary(file.text(), end.min(start + LONG_LINE));
                Ok(start..end)
            }
            View::Window { text, .. } => Ok(0..text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_keeps_the_span_and_some_context() {
        let line = format!("{}needle{}", "a ".repeat(300), " b".repeat(300));
        let start = line.find("needle").unwrap();
        let Cut { text, span, .. } = window(&line, start, start + 6);
        assert_eq!(&text[span], "needle");
        assert!(
            text.starts_with("...a ") && text.ends_with(" b..."),
            "{text}"
        );
        assert_eq!(text.len(), 2 * ELLIPSIS.len() + 2 * CONTEXT + 6);
    }

    #[test]
    fn a_long_span_is_cut_in_the_middle() {
        let line = "é".repeat(1000);
        let Cut { text, span, .. } = window(&line, 10, 1990);
        let shown = &text[span];
        assert!(shown.contains("é...é"), "{shown}");
        assert!(shown.len() <= 2 * SPAN_END + ELLIPSIS.len());
    }
}
