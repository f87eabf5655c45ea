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

/// The files and windows labels point into (`codespan_reporting::files::Files`). Whole files
/// are kept for the next finding; windows only until `forget_windows`, so memory stays
/// bounded however many findings are written.
#[derive(Default)]
pub(super) struct Snippets {
    views: Vec<(String, View)>,
    whole: HashMap<PathBuf, usize>,
    /// The file of the last whole-file label, and its view.
    last: Option<(*const SourceFile, usize)>,
    windows: Vec<(String, View)>,
}

/// Ids of windows have this bit set; ids of whole files are indexes into `views`.
const WINDOW: usize = 1 << (usize::BITS - 1);

impl Snippets {
    /// The view and range to give codespan for a label at `span` of `file`.
    pub(super) fn label(&mut self, file: &Arc<SourceFile>, span: Span) -> (usize, Range<usize>) {
        let text = file.text();
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        let first = file.line_of(start);
        let last = file.line_of(end);
        let long = (first..=last).any(|l| file.line_text(l).len() > LONG_LINE);
        if !long {
            // Findings come file by file: most labels are in the file of the one before.
            if let Some((last, id)) = self.last {
                if std::ptr::eq(last, Arc::as_ptr(file)) {
                    return (id, start..end);
                }
            }
            let id = match self.whole.get(&file.path) {
                Some(&id) => id,
                None => {
                    let view = View::Whole(Arc::clone(file));
                    self.views.push((display_path(&file.path), view));
                    self.whole.insert(file.path.clone(), self.views.len() - 1);
                    self.views.len() - 1
                }
            };
            // The view holds the file, so its address is not reused while it is remembered.
            self.last = Some((Arc::as_ptr(file), id));
            return (id, start..end);
        }
        // A span running on past its long first line is shown up to that line's end.
        let line_start = file.line_start(first);
        let line = file.line_text(first);
        let cut = window(line, start - line_start, (end - line_start).min(line.len()));
        // Columns from the file's index: not counted from the start of the line each time.
        let columns = (cut.pieces.iter())
            .map(|&(at, offset)| (at, file.line_col(line_start + offset).1))
            .collect();
        let view = View::Window {
            text: cut.text,
            line: first,
            columns,
        };
        self.windows.push((display_path(&file.path), view));
        (WINDOW | (self.windows.len() - 1), cut.span)
    }

    /// Drops the windows made so far (their ids are not used again).
    pub(super) fn forget_windows(&mut self) {
        self.windows.clear();
    }

    fn view(&self, id: usize) -> Result<&(String, View), Error> {
        if id & WINDOW != 0 {
            self.windows.get(id & !WINDOW)
        } else {
            self.views.get(id)
        }
        .ok_or(Error::FileMissing)
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
