//! Sentences: prose blocks split where a sentence ends, and whether each cites a source.
//!
//! Whether a sentence asserts what it contains is the business of `cues`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::markdown::prose::ProseBlock;
use crate::source::Span;

/// One sentence of a prose block.
#[derive(Debug, Clone)]
pub struct Sentence<'b> {
    pub block: &'b ProseBlock,
    /// Byte range in `block.text`.
    pub range: Range<usize>,
    /// Whether it cites a source (see `cited`): known at once when it carries a citation
    /// marker, else found in its text the first time it is asked (most sentences never are).
    cited: std::cell::OnceCell<bool>,
}

impl<'b> Sentence<'b> {
    pub fn text(&self) -> &'b str {
        &self.block.text[self.range.clone()]
    }

    /// Carries a citation key, a footnote reference or a link to a source, or names its
    /// source in the text (see `citation::names_a_source`).
    pub fn cited(&self) -> bool {
        *self
            .cited
            .get_or_init(|| super::citation::names_a_source(self.text()))
    }

    /// File span of a range given relative to the sentence.
    pub fn span(&self, range: Range<usize>) -> Span {
        self.block
            .span(self.range.start + range.start, self.range.start + range.end)
    }

    pub fn whole_span(&self) -> Span {
        let text = self.text();
        let trimmed = text.trim_end();
        let start = text.len() - text.trim_start().len();
        self.span(start..trimmed.len())
    }
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "al", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "approx", "st", "inc", "ltd",
    "jr", "sr", "ca", "cf", "ed", "eds", "min", "max", "esp", "dept", "univ", "mt", "incl",
];

/// Abbreviations only before a number ("No. 5", "p. 12", "fig. 2"): elsewhere "No." is an
/// answer and ends its sentence.
const NUMBER_ABBREVIATIONS: &[&str] = &["no", "nos", "p", "pp", "fig", "vol"];

/// Splits a block into sentences. Decimals ("0.5 mm"), abbreviations ("e.g.", "et al.") and
/// initials do not end a sentence; closing quotes, brackets and citation markers that follow
/// the final punctuation stay with it.
pub fn sentences(block: &ProseBlock) -> Vec<Sentence<'_>> {
    let text = block.text.as_str();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Jump from one possible sentence end to the next ('.', '!', '?' or the lead byte of '…').
    while let Some(p) = bytes[i..]
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
    {
        i += p;
        let c = bytes[i];
        let mut end = match c {
            b'.' | b'!' | b'?' => i + 1,
            _ if text[i..].starts_with('…') => i + '…'.len_utf8(),
            _ => {
                i += 1;
                continue;
            }
        };
        let before_number = text[end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        if c == b'.'
            && (is_abbreviation(&text[start..i], before_number)
                || bytes.get(end).is_some_and(u8::is_ascii_digit))
        {
            i = end;
            continue;
        }
        while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
            end += 1;
        }
        end = skip_closers(text, end);
        // "...sessions. [@aust2008]": a citation after the full stop still belongs here.
        let gap = text[end..].len() - text[end..].trim_start().len();
        if gap > 0 && (text[end + gap..].starts_with("[@") || text[end + gap..].starts_with("[^")) {
            end = skip_closers(text, end + gap);
        }
        let next = text[end..].trim_start();
        let boundary = end == bytes.len()
            || (bytes[end].is_ascii_whitespace()
                && next.chars().next().is_none_or(|ch| !ch.is_lowercase()));
        if boundary {
            push_sentence(block, &mut out, start, end);
            start = end;
        }
        i = end.max(i + 1);
    }
    push_sentence(block, &mut out, start, bytes.len());
    out
}

/// Whether a sentence before `sentences[index]`, in the same block, names its source ("A 2009
/// trial by Okafor ... . Seven in ten patients improved."): figures and findings there may
/// come from it. `sentences` are a block's, as `sentences` splits it.
pub fn source_before(sentences: &[Sentence], index: usize) -> bool {
    sentences[..index].iter().any(Sentence::cited)
}

fn push_sentence<'b>(block: &'b ProseBlock, out: &mut Vec<Sentence<'b>>, start: usize, end: usize) {
    let piece = &block.text[start..end];
    if piece.trim().is_empty() {
        return;
    }
    // A marker decides now; the text is read for a named source only when asked.
    let cited = std::cell::OnceCell::new();
    if (block.citations.iter()).any(|&c| c >= start && c < end.max(start + 1)) {
        let _ = cited.set(true);
    }
    // A sentence of nothing but citation markers belongs to the one before it.
    if is_only_citations(piece) {
        if let Some(prev) = out.last_mut() {
            prev.range.end = end;
            prev.cited = std::cell::OnceCell::from(true);
            return;
        }
    }
    out.push(Sentence {
        block,
        range: start..end,
        cited,
    });
}

fn is_only_citations(piece: &str) -> bool {
    if !piece.trim_start().starts_with('[') {
        return false;
    }
    static ONLY: LazyLock<Regex> =
        LazyLock::new(|| crate::lint::terms::builtin(r"^\s*(\[[@^][^\]]*\]\s*)+[.,;]?\s*$"));
    ONLY.is_match(piece)
}

/// Closing quotes/brackets and citation markers directly after sentence punctuation.
fn skip_closers(text: &str, mut end: usize) -> usize {
    loop {
        let rest = &text[end..];
        if let Some(c) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»'))
        {
            end += c.len_utf8();
        } else if rest.starts_with("[^") || rest.starts_with("[@") {
            match rest.find(']') {
                Some(close) => end += close + 1,
                None => return end,
            }
        } else {
            return end;
        }
    }
}

fn is_abbreviation(before: &str, before_number: bool) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let single_initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_initial
        || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        || before_number
            && NUMBER_ABBREVIATIONS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::prose::BlockKind;

    fn split(text: &str) -> Vec<String> {
        let mut block = ProseBlock::new(BlockKind::Paragraph);
        block.push(text, 0);
        sentences(&block)
            .iter()
            .map(|s| s.text().trim().to_owned())
            .collect()
    }

    #[test]
    fn decimals_abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Needles are 0.5 mm long, e.g. on the face. Aust et al. found more."),
            [
                "Needles are 0.5 mm long, e.g. on the face.",
                "Aust et al. found more."
            ]
        );
        assert_eq!(
            split("Does it work for everyone? No."),
            ["Does it work for everyone?", "No."]
        );
        assert_eq!(
            split("Ask Dr. Lee. Then wait"),
            ["Ask Dr. Lee.", "Then wait"]
        );
        // "No." answers a question unless a number follows.
        assert_eq!(
            split("Is it right for everyone? No. It is completely safe."),
            ["Is it right for everyone?", "No.", "It is completely safe."]
        );
        assert_eq!(
            split("See trial No. 4 for details. Next."),
            ["See trial No. 4 for details.", "Next."]
        );
    }

    #[test]
    fn trailing_citations_stay_with_their_sentence() {
        assert_eq!(
            split("It rose 40%.[^a] Next one."),
            ["It rose 40%.[^a]", "Next one."]
        );
        assert_eq!(
            split("It rose 40%. [@x] Next one."),
            ["It rose 40%. [@x]", "Next one."]
        );
    }
}
