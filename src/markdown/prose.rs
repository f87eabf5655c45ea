//! Prose: the text of a document that makes claims, with a map back to source bytes.
//!
//! Built during the single Markdown pass. Code, front matter, HTML, URLs and footnote
//! definitions are left out; headings, paragraphs, list items and table cells are kept, each
//! as its own block so that sentences never run across them.

/// Where a block of prose comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    /// A table row: its cells, joined by `; ` so that a value and its context (`home | 3 mm`)
    /// are read as one statement.
    TableRow,
    /// The header row of a table: labels, like a heading.
    TableHeader,
}

/// A run of prose and the source offset of each piece of it.
#[derive(Debug, Clone)]
pub struct ProseBlock {
    pub kind: BlockKind,
    /// A heading's level (1 for the title), 0 for other blocks.
    pub level: u8,
    pub text: String,
    /// `(offset in text, offset in file)` at the start of each copied piece, ascending.
    segments: Vec<(usize, usize)>,
    /// Offsets in `text` of citation markers (citation keys, footnote references, source links).
    pub citations: Vec<usize>,
    /// Table rows: where each cell starts in `text`, and its column's header ("Needle width").
    pub cells: Vec<(usize, String)>,
    /// Offsets in `text` of the cell breaks (`; `), which stand for no bytes of the file.
    breaks: Vec<usize>,
}

impl ProseBlock {
    pub fn new(kind: BlockKind) -> ProseBlock {
        ProseBlock {
            kind,
            level: 0,
            text: String::new(),
            segments: Vec::new(),
            citations: Vec::new(),
            cells: Vec::new(),
            breaks: Vec::new(),
        }
    }

    /// The column header of the table cell at a text offset.
    pub fn label_at(&self, offset: usize) -> Option<&str> {
        self.cells
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .map(|(_, label)| label.as_str())
    }

    /// The texts of the cells of a row.
    pub fn cell_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, (start, _)) in self.cells.iter().enumerate() {
            let end = self
                .cells
                .get(i + 1)
                .map_or(self.text.len(), |(next, _)| *next);
            out.push(
                self.text[*start..end]
                    .trim()
                    .trim_end_matches(';')
                    .trim()
                    .to_owned(),
            );
        }
        out
    }

    /// Appends text copied from the file at `source_offset`.
    pub fn push(&mut self, text: &str, source_offset: usize) {
        self.segments.push((self.text.len(), source_offset));
        self.text.push_str(text);
    }

    /// Appends a separator that stands for markup (a line break, inline code).
    /// Appends a clause break between table cells.
    pub fn push_cell_break(&mut self, source_offset: usize) {
        if !self.text.trim().is_empty() {
            self.breaks.push(self.text.len());
            self.push("; ", source_offset);
        }
    }

    pub fn push_gap(&mut self, source_offset: usize) {
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.push(" ", source_offset);
        }
    }

    pub fn mark_citation(&mut self) {
        self.citations.push(self.text.len());
    }

    /// File offset of a text offset (an end offset maps to just after the previous byte).
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self
            .segments
            .partition_point(|&(t, _)| t <= offset)
            .saturating_sub(1);
        match self.segments.get(i) {
            Some(&(t, s)) if self.is_break(t) => s,
            Some(&(t, s)) => s + (offset - t),
            None => 0,
        }
    }

    /// Whether the piece starting at text offset `t` is a cell break.
    fn is_break(&self, t: usize) -> bool {
        self.breaks.binary_search(&t).is_ok()
    }

    /// File span of a text range.
    pub fn span(&self, start: usize, end: usize) -> crate::source::Span {
        let s = self.to_source(start);
        let e = if end > start {
            let last = self
                .segments
                .partition_point(|&(t, _)| t < end)
                .checked_sub(1)
                .and_then(|i| self.segments.get(i));
            match last {
                // A range ending in a cell break ends where the next cell starts: a break
                // has no bytes in the file (and may stand at its very end).
                Some(&(t, _)) if self.is_break(t) => self.to_source(end - 1),
                _ => self.to_source(end - 1) + 1,
            }
        } else {
            s
        };
        crate::source::Span::new(s, e)
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_text_offsets_back_to_the_file() {
        // "**100%** safe" -> prose "100% safe"
        let mut block = ProseBlock::new(BlockKind::Paragraph);
        block.push("100%", 2);
        block.push(" safe", 8);
        assert_eq!(block.text, "100% safe");
        assert_eq!(block.to_source(0), 2);
        assert_eq!(block.to_source(5), 9);
        assert_eq!(block.span(0, 9), crate::source::Span::new(2, 13));
    }

    /// Found by fuzzing: a cell break at the end of the file mapped past its end.
    #[test]
    fn cell_breaks_have_no_bytes_in_the_file() {
        // "| a | é |" -> "a; é"; and an empty last cell at the end of a 10-byte file.
        let mut block = ProseBlock::new(BlockKind::TableRow);
        block.push("a", 2);
        block.push_cell_break(5);
        block.push("é", 6);
        block.push_cell_break(10);
        assert_eq!(block.text, "a; é; ");
        use crate::source::Span;
        assert_eq!(block.span(0, 3), Span::new(2, 5));
        assert_eq!(block.span(2, 5), Span::new(5, 8));
        assert_eq!(block.span(3, 5), Span::new(6, 8));
        assert_eq!(block.span(0, block.text.len()), Span::new(2, 10));
        assert_eq!(block.to_source(6), 10);
    }
}
