//! Sentences and whether a sentence *asserts* what it contains.
//!
//! A claim checker must not flag "Micro-needling is not risk-free", "Does it work for
//! everyone? No." or `Adverts call it "harmless"`. This module splits prose into sentences and
//! finds the cues that make a phrase a non-assertion: negation before it in the same clause, a
//! question, quotation marks, reported speech, a conditional clause, or words that debunk it.

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
    /// Carries a citation key, a footnote reference or a link to a source.
    pub cited: bool,
}

impl<'b> Sentence<'b> {
    pub fn text(&self) -> &'b str {
        &self.block.text[self.range.clone()]
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
    "e.g", "i.e", "al", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "fig", "approx", "no", "nos",
    "p", "pp", "st", "inc", "ltd", "jr", "sr", "ca", "cf", "vol", "ed", "eds", "min", "max", "esp",
    "dept", "univ", "mt", "incl",
];

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
        if c == b'.'
            && (is_abbreviation(&text[start..i]) || bytes.get(end).is_some_and(u8::is_ascii_digit))
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

fn push_sentence<'b>(block: &'b ProseBlock, out: &mut Vec<Sentence<'b>>, start: usize, end: usize) {
    let piece = &block.text[start..end];
    if piece.trim().is_empty() {
        return;
    }
    let cited = block
        .citations
        .iter()
        .any(|&c| c >= start && c < end.max(start + 1));
    // A sentence of nothing but citation markers belongs to the one before it.
    if is_only_citations(piece) {
        if let Some(prev) = out.last_mut() {
            prev.range.end = end;
            prev.cited = true;
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

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let single_initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Why a phrase in a sentence is not asserted by the author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonAssertion {
    Negated,
    Question,
    Quoted,
    Reported,
    Conditional,
    Debunked,
}

static NEGATOR: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\b(?:not|no|never|nobody|none|nothing|neither|nor|cannot|hardly|unlikely|no[\s-]one|far from|lack of|little evidence)\b|n['’]t\b",
    )
});
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)[;:—–]|,\s*(?:but|and|yet|so|although|though|while|whereas|however|because|which)\b|\b(?:but|although|though|whereas|however)\b",
    )
});
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\b(?:that\s+said|claims?|claimed|claiming|says?|said|saying|tells?|told|telling|promis\w*|advertis\w*|marketed|marketing|describes?|described|describing|calls?|called|labels?|labell?ed|touts?|touted|boasts?|boasted|reports?|reported|suggests? that|insists?)\b",
    )
});
static FIRST_PERSON: LazyLock<Regex> =
    LazyLock::new(|| crate::lint::terms::builtin(r"(?i)\b(?:we|our|us|i|my)\b"));
static DEBUNK: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\b(?:myths?|misleading|mislead|untrue|not true|false|wrong|incorrect|oversell\w*|exaggerat\w*|overstat\w*|unproven|unfounded|no (?:good |strong |reliable )?evidence|too good to be true|beware|be wary|red flags?)\b",
    )
});
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(r"(?i)\b(?:if|unless|whether|suppose|supposing|imagine|assuming)\b")
});

/// Compiles the cue patterns now (see `lint::warm_up`).
pub fn warm_up() {
    for re in [
        &NEGATOR,
        &CLAUSE_BREAK,
        &REPORTING,
        &FIRST_PERSON,
        &DEBUNK,
        &CONDITIONAL,
    ] {
        LazyLock::force(re);
    }
}

/// Assertion cues of one sentence, computed once and asked about many phrases.
pub struct Cues {
    question: bool,
    debunked: bool,
    quotes: Vec<Range<usize>>,
    negators: Vec<Range<usize>>,
    breaks: Vec<usize>,
    reporting: Vec<usize>,
    first_person: Option<usize>,
    conditionals: Vec<Range<usize>>,
}

impl Cues {
    pub fn of(sentence: &str) -> Cues {
        let trimmed = sentence.trim_end();
        let core = trimmed.trim_end_matches(['"', '\'', ')', ']', '”', '’']);
        let core = strip_trailing_citations(core);
        let breaks: Vec<usize> = CLAUSE_BREAK
            .find_iter(sentence)
            .map(|m| m.start())
            .collect();
        let conditionals = CONDITIONAL
            .find_iter(sentence)
            .map(|m| {
                let end = sentence[m.end()..]
                    .find([',', ';'])
                    .map_or(sentence.len(), |i| m.end() + i);
                m.start()..end
            })
            .collect();
        Cues {
            question: core.trim_end().ends_with('?'),
            debunked: DEBUNK.is_match(sentence),
            quotes: quoted_ranges(sentence),
            negators: NEGATOR.find_iter(sentence).map(|m| m.range()).collect(),
            breaks,
            // "That said," is a discourse marker, not reported speech.
            reporting: REPORTING
                .find_iter(sentence)
                .filter(|m| !m.as_str().to_lowercase().starts_with("that"))
                .map(|m| m.start())
                .collect(),
            first_person: FIRST_PERSON.find(sentence).map(|m| m.start()),
            conditionals,
        }
    }

    /// Where the clause holding byte `at` starts: the last clause break at or before it.
    fn clause_start(&self, at: usize) -> usize {
        self.breaks
            .iter()
            .copied()
            .filter(|&b| b <= at)
            .max()
            .unwrap_or(0)
    }

    /// The clause around a byte range: from the last clause break before it to the next one.
    pub fn clause(&self, range: &Range<usize>, len: usize) -> Range<usize> {
        let start = self.clause_start(range.start);
        let end = self
            .breaks
            .iter()
            .copied()
            .filter(|&b| b >= range.end)
            .min()
            .unwrap_or(len);
        start..end
    }

    /// Whether the phrase at `range` is asserted.
    ///
    /// `parts` are the matched terms: a negation inside them ("no risk at all", "never
    /// causes") is the claim itself, not a negation of it, and a reporting verb inside them
    /// ("doctors say") is part of what is flagged. A negator or reporting verb between parts
    /// counts. A phrase rule passes its leading negator and, for reporting, its whole match.
    pub fn assertion(
        &self,
        range: Range<usize>,
        parts: &[Range<usize>],
    ) -> Result<(), NonAssertion> {
        self.assertion_with(range, parts, parts)
    }

    /// `assertion` with separate parts for negation and for reporting.
    pub fn assertion_with(
        &self,
        range: Range<usize>,
        parts: &[Range<usize>],
        reporting_parts: &[Range<usize>],
    ) -> Result<(), NonAssertion> {
        let within = |r: &Range<usize>, spans: &[Range<usize>]| {
            spans.iter().any(|o| o.start <= r.start && r.end <= o.end)
        };
        if self
            .quotes
            .iter()
            .any(|q| q.start <= range.start && range.start < q.end)
        {
            return Err(NonAssertion::Quoted);
        }
        if self.question {
            return Err(NonAssertion::Question);
        }
        if self.debunked {
            return Err(NonAssertion::Debunked);
        }
        if self
            .conditionals
            .iter()
            .any(|c| c.start <= range.start && range.start < c.end)
        {
            return Err(NonAssertion::Conditional);
        }
        let clause_start = self.clause_start(range.start);
        if self
            .negators
            .iter()
            .any(|n| n.start >= clause_start && n.start < range.end && !within(n, parts))
        {
            return Err(NonAssertion::Negated);
        }
        // "Some salons claim that a home roller ...": a reporting verb before the phrase, or
        // between its terms (the reporter may be one of them), reports it.
        let reported =
            |r: usize| r < range.start || (r < range.end && !within(&(r..r + 1), reporting_parts));
        if let Some(&cue) = self.reporting.iter().find(|&&r| reported(r)) {
            if self.first_person.is_none_or(|fp| fp > cue) {
                return Err(NonAssertion::Reported);
            }
        }
        Ok(())
    }
}

fn strip_trailing_citations(text: &str) -> &str {
    let mut t = text.trim_end();
    while t.ends_with(']') {
        match t.rfind("[^").or_else(|| t.rfind("[@")) {
            Some(i) => t = t[..i].trim_end(),
            None => break,
        }
    }
    t
}

/// Ranges inside double quotes (straight or curly) and single curly quotes; straight single
/// quotes only when they are not apostrophes.
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        match (open, c) {
            (None, '"') | (None, '“') | (None, '‘') => open = Some((c, i + c.len_utf8())),
            (None, '\'') if prev.is_none_or(|p| p.is_whitespace() || p == '(') => {
                open = Some((c, i + 1))
            }
            (Some(('"', s)), '"') | (Some(('“', s)), '”') | (Some(('‘', s)), '’') => {
                out.push(s..i);
                open = None;
            }
            (Some(('\'', s)), '\'') if next.is_none_or(|n| !n.is_alphanumeric()) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
    }
    out
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

    fn asserted(sentence: &str, phrase: &str) -> Result<(), NonAssertion> {
        let start = sentence.find(phrase).unwrap();
        Cues::of(sentence).assertion(
            start..start + phrase.len(),
            std::slice::from_ref(&(start..start + phrase.len())),
        )
    }

    #[test]
    fn recognises_non_assertions() {
        assert_eq!(
            asserted("Micro-needling is not risk-free.", "risk-free"),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted(
                "No treatment suits every skin type.",
                "suits every skin type"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted("Does it work for everyone?", "work for everyone"),
            Err(NonAssertion::Question)
        );
        assert_eq!(
            asserted("Claims that it is \"100% safe\" are wrong.", "100% safe"),
            Err(NonAssertion::Quoted)
        );
        assert_eq!(
            asserted("Some sellers say it is risk-free.", "risk-free"),
            Err(NonAssertion::Reported)
        );
        assert_eq!(
            asserted(
                "Ask whether it is safe for every skin type.",
                "safe for every skin type"
            ),
            Err(NonAssertion::Conditional)
        );
        assert_eq!(
            asserted("It is a myth that it is painless.", "painless"),
            Err(NonAssertion::Debunked)
        );
    }

    #[test]
    fn negation_in_another_clause_or_inside_the_phrase_does_not_count() {
        assert_eq!(
            asserted("It carries no risk at all.", "no risk at all"),
            Ok(())
        );
        assert_eq!(
            asserted(
                "It is not cheap, but it is completely safe.",
                "completely safe"
            ),
            Ok(())
        );
        assert_eq!(
            asserted("We promise it is completely safe.", "completely safe"),
            Ok(())
        );
        assert_eq!(
            asserted("It can soften them, but it does not erase them.", "erase"),
            Err(NonAssertion::Negated)
        );
    }
}
