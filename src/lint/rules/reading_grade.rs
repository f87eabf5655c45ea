//! Reading grade of a whole article (SMOG), against the target in `lints/config.yaml`.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::{key_span, DocFindings, Settings};
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, DocumentCheck, Hook, Rule};
use crate::lint::text::Sentence;
use crate::markdown::prose::ProseBlock;

pub(crate) const READING_GRADE: Builtin = Builtin {
    id: "reading-grade",
    category: Category::Readability,
    severity: Severity::Warning,
    summary: "The article reads above the target grade level",
    doc: r#"## What it does
Computes the SMOG grade of an article's prose (the formula preferred for health information)
and warns when it is above `readability.target_grade` in `lints/config.yaml` (default 8). Words
listed in `readability.ignore_words` (defined medical terms such as "paracetamol") do not count
as long words. Articles shorter than `readability.min_words` are skipped. The message also gives
the Flesch-Kincaid grade for comparison.

## Why is this bad?
Health agencies recommend patient material at a 6th to 8th grade level; most published material
is far harder, and readers with low health literacy are the ones who lose out.

## How to fix
Use shorter sentences and everyday words; the help lists the longest words used most often.
"#,
};

/// Syllables of a word, by vowel groups (English heuristics; ASCII case ignored, no
/// allocation). One pass: letters and vowel groups are counted together, and a silent final
/// "e", "es" or "ed" takes back the group it started.
fn syllables(w: &[u8]) -> usize {
    let vowel = |b: u8| CLASS[b as usize] & VOWEL != 0;
    let (mut letters, mut groups, mut prev_vowel) = (0, 0, false);
    for &b in w {
        let class = CLASS[b as usize];
        letters += usize::from(class & ASCII_LETTER != 0);
        let v = class & VOWEL != 0;
        groups += usize::from(v && !prev_vowel);
        prev_vowel = v;
    }
    if letters <= 3 {
        return 1;
    }
    let fold = |i: usize| w[i] | 0x20;
    let n = w.len();
    let silent_e = if fold(n - 2) == b'e' && matches!(fold(n - 1), b's' | b'd') {
        Some(n - 2)
    } else if fold(n - 1) == b'e' && fold(n - 2) != b'l' {
        Some(n - 1)
    } else {
        None
    };
    // More than three letters, so the silent "e" is never the first byte.
    if silent_e.is_some_and(|e| !vowel(w[e - 1])) {
        groups -= 1;
    }
    groups.max(1)
}

/// Syllables of a word (hyphenated parts added up); a defined term counts as one.
fn word_syllables(word: &str, hyphen: bool, ignore: &Ignored, buffer: &mut String) -> usize {
    let bytes = word.as_bytes();
    let n: usize = if hyphen {
        bytes.split(|&b| b == b'-').map(syllables).sum()
    } else {
        syllables(bytes)
    };
    // Looked up only for long words of a length some defined term has: cheap.
    if n >= 3 && ignore.may_hold(word) && ignore.words.contains(lowered(word, buffer)) {
        1
    } else {
        n
    }
}

/// The defined terms that count as one syllable (`readability.ignore_words`, lower case), and
/// the byte lengths among them (bit `n` for length `n`, the last bit for 63 and longer).
pub(crate) struct Ignored<'r> {
    words: &'r BTreeSet<String>,
    lengths: u64,
}

impl<'r> Ignored<'r> {
    fn new(words: &'r BTreeSet<String>) -> Ignored<'r> {
        let lengths = (words.iter()).fold(0, |bits, w| bits | 1u64 << w.len().min(63));
        Ignored { words, lengths }
    }

    fn may_hold(&self, word: &str) -> bool {
        self.lengths & 1u64 << word.len().min(63) != 0
    }
}

/// The word in lower case, copied into `buffer` only when it has capitals.
fn lowered<'w>(word: &'w str, buffer: &'w mut String) -> &'w str {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
        buffer.as_str()
    } else {
        word
    }
}

/// Byte classes for word scanning: a word starts with an ASCII letter or digit or any
/// non-ASCII byte and goes on through those, `-` and `'`; it counts only with a letter (an
/// ASCII letter or any non-ASCII byte).
const START: u8 = 1;
const INNER: u8 = 2;
const LETTER: u8 = 4;
/// For syllables: an ASCII letter, and a vowel among them (`y` included).
const ASCII_LETTER: u8 = 8;
const VOWEL: u8 = 16;
/// A hyphen: the word may be a compound, whose parts are counted one by one.
const HYPHEN: u8 = 32;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            let vowel = matches!(
                c.to_ascii_lowercase(),
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
            );
            table[b] = START | INNER | LETTER | ASCII_LETTER | if vowel { VOWEL } else { 0 };
        } else if c >= 0x80 {
            table[b] = START | INNER | LETTER;
        } else if c.is_ascii_digit() {
            table[b] = START | INNER;
        } else if c == b'-' {
            table[b] = INNER | HYPHEN;
        } else if c == b'\'' {
            table[b] = INNER;
        }
        b += 1;
    }
    table
};

/// The words of a text with their byte offsets (citation keys left out, trailing `-` and `'`
/// trimmed), and whether each may hold a hyphen.
fn for_each_word(text: &str, mut each: impl FnMut(usize, &str, bool)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'[' && matches!(bytes.get(i + 1), Some(b'@' | b'^')) {
            // "[@key]" and "[^note]" are not words.
            i = bytes[i..]
                .iter()
                .position(|&b| b == b']')
                .map_or(bytes.len(), |p| i + p + 1);
            continue;
        }
        if CLASS[b as usize] & START == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut seen = 0;
        while let Some(&b) = bytes.get(i) {
            let class = CLASS[b as usize];
            if class & INNER == 0 {
                break;
            }
            seen |= class;
            i += 1;
        }
        let mut end = i;
        while matches!(bytes[end - 1], b'-' | b'\'') {
            end -= 1;
        }
        if seen & LETTER != 0 {
            // (A trailing hyphen trimmed off still counts: splitting a word without one
            // gives the word.)
            each(start, &text[start..end], seen & HYPHEN != 0);
        }
    }
}

/// Running counts for one article: words, syllables, long words and sentences.
pub(crate) struct Tally<'r> {
    ignore: Ignored<'r>,
    words: usize,
    syllables: usize,
    sentences: usize,
    /// Where each long word is (block, byte range in its text): a finding names the most
    /// frequent ones without reading the article a second time.
    long_words: Vec<(u32, u32, u32)>,
    blocks: u32,
    buffer: String,
}

impl<'r> Tally<'r> {
    pub(crate) fn new(registry: &'r Registry) -> Tally<'r> {
        Tally {
            ignore: Ignored::new(&registry.readability.ignore_words),
            words: 0,
            syllables: 0,
            sentences: 0,
            long_words: Vec::new(),
            blocks: 0,
            buffer: String::new(),
        }
    }

    /// Counts one prose block (the article's blocks in order), given its sentences.
    pub(crate) fn block(&mut self, block: &ProseBlock, sentences: &[Sentence]) {
        let (mut words, mut syllables) = (0, 0);
        let index = self.blocks;
        self.blocks += 1;
        for_each_word(&block.text, |start, word, hyphen| {
            let n = word_syllables(word, hyphen, &self.ignore, &mut self.buffer);
            words += 1;
            syllables += n;
            if n >= 3 {
                // Offsets fit: a prose block is far below 4 GB.
                let (start, end) = (start as u32, (start + word.len()) as u32);
                self.long_words.push((index, start, end));
            }
        });
        if words > 0 {
            self.words += words;
            self.syllables += syllables;
            self.sentences += sentences
                .iter()
                .filter(|s| s.text().bytes().any(|b| b.is_ascii_alphanumeric()))
                .count();
        }
    }

    /// The finding for the whole article, if it reads above the target.
    pub(crate) fn finish(self, doc: &Document, registry: &Registry, out: &mut Vec<Diagnostic>) {
        let settings = &registry.readability;
        let Tally {
            words,
            syllables: syllable_total,
            sentences,
            long_words: long_positions,
            buffer: _,
            ..
        } = self;
        let poly = long_positions.len();
        if words < settings.min_words || sentences == 0 {
            return;
        }
        let smog = 1.043 * ((poly as f64) * 30.0 / sentences as f64).sqrt() + 3.1291;
        let fk = 0.39 * words as f64 / sentences as f64
            + 11.8 * syllable_total as f64 / words as f64
            - 15.59;
        if smog <= settings.target_grade {
            return;
        }
        // Only an article that gets a finding pays for naming its long words.
        // Sorted, then counted by runs: no map of owned words.
        let mut long: Vec<Cow<str>> = (long_positions.into_iter())
            .map(|(block, start, end)| {
                let word = &doc.md.prose[block as usize].text[start as usize..end as usize];
                if word.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(word.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(word)
                }
            })
            .collect();
        long.sort_unstable();
        let mut common: Vec<(Cow<str>, usize)> = Vec::new();
        for word in long {
            match common.last_mut() {
                Some((last, count)) if *last == word => *count += 1,
                _ => common.push((word, 1)),
            }
        }
        common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let examples: Vec<String> = common
            .iter()
            .take(5)
            .map(|(w, n)| format!("{w} ({n})"))
            .collect();
        let span = key_span(doc, doc.key_line("title"));
        out.push(
            Diagnostic::new(
                READING_GRADE.id,
                Category::Readability,
                READING_GRADE.severity,
                &doc.file,
                span,
                format!("reading grade {smog:.1} (SMOG) is above the target of {}; Flesch-Kincaid grade {fk:.1}", settings.target_grade),
            )
            .label(format!("{words} words in {sentences} sentences, {:.1} words per sentence", words as f64 / sentences as f64))
            .help(format!(
                "use shorter sentences and everyday words, or add defined terms to readability.ignore_words; frequent long words: {}",
                examples.join(", ")
            )),
        );
    }
}

pub(crate) const RULE: Rule = Rule {
    ids: &[READING_GRADE],
    hooks: &[Hook::Document(start)],
};

/// Articles only: a section page is a list of links.
fn start<'a>(
    doc: &'a Document,
    registry: &'a Registry,
    _: &'a Settings,
) -> Option<Box<dyn DocumentCheck + 'a>> {
    doc.page()?;
    Some(Box::new(Reading {
        tally: Tally::new(registry),
        doc,
        registry,
    }))
}

struct Reading<'a> {
    tally: Tally<'a>,
    doc: &'a Document,
    registry: &'a Registry,
}

impl DocumentCheck for Reading<'_> {
    fn wants_blocks(&self) -> bool {
        true
    }

    fn block(&mut self, block: &ProseBlock, sentences: &[Sentence]) {
        self.tally.block(block, sentences);
    }

    fn finish(self: Box<Self>, out: &mut DocFindings) {
        self.tally
            .finish(self.doc, self.registry, &mut out.diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::syllables;

    #[test]
    fn counts_syllables_roughly() {
        for (word, n) in [
            ("skin", 1),
            ("needle", 2),
            ("treatment", 2),
            ("collagen", 3),
            ("dermatologist", 5),
            ("redness", 2),
        ] {
            assert_eq!(syllables(word.as_bytes()), n, "{word}");
        }
    }
}
