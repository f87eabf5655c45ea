//! Reading grade of a whole article (SMOG), against the target in `lints/config.yaml`.

use std::collections::BTreeMap;

use super::Builtin;
use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::{key_span, text, Registry};

pub const RULE: Builtin = Builtin {
    id: "reading-grade",
    category: Category::Readability,
    severity: Severity::Warning,
    summary: "The article reads above the target grade level",
    doc: r#"## What it does
Computes the SMOG grade of an article's prose (the formula preferred for health information)
and warns when it is above `readability.target_grade` in `lints/config.yaml` (default 8). Words
listed in `readability.ignore_words` (defined medical terms such as "microneedling") do not count
as long words. Articles shorter than `readability.min_words` are skipped. The message also gives
the Flesch-Kincaid grade for comparison.

## Why is this bad?
Health agencies recommend patient material at a 6th to 8th grade level; most published material
is far harder, and readers with low health literacy are the ones who lose out.

## How to fix
Use shorter sentences and everyday words; the help lists the longest words used most often.
"#,
};

/// Syllables of a lower-case word, by vowel groups (English heuristics; no allocation).
fn syllables(word: &str) -> usize {
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    if letters <= 3 {
        return 1;
    }
    let w = word.as_bytes();
    let end = if w.ends_with(b"es") || w.ends_with(b"ed") {
        w.len() - 2
    } else if w.ends_with(b"e") && !w.ends_with(b"le") {
        w.len() - 1
    } else {
        w.len()
    };
    let mut count = 0;
    let mut prev_vowel = false;
    for &b in &w[..end] {
        let vowel = matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        if vowel && !prev_vowel {
            count += 1;
        }
        prev_vowel = vowel;
    }
    count.max(1)
}

/// Word, syllable and long-word counts of a text (citation keys left out).
#[derive(Default)]
struct Counts {
    words: usize,
    syllables: usize,
    polysyllables: usize,
    long_words: BTreeMap<String, usize>,
}

impl Counts {
    /// Counts the words of a text; returns whether it had any. Works on bytes (word
    /// characters are ASCII letters, digits, `-`, `'` and anything non-ASCII) and lower-cases
    /// into `buffer` only when a word has capitals, so counting a whole site allocates only for
    /// the long words it reports.
    fn add(
        &mut self,
        sentence: &str,
        ignore: &std::collections::BTreeSet<String>,
        buffer: &mut String,
    ) -> bool {
        let bytes = sentence.as_bytes();
        let word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-' || b == b'\'';
        let (mut i, mut any) = (0, false);
        while i < bytes.len() {
            if bytes[i] == b'[' && matches!(bytes.get(i + 1), Some(b'@' | b'^')) {
                // "[@key]" and "[^note]" are not words.
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b']')
                    .map_or(bytes.len(), |p| i + p + 1);
                continue;
            }
            if !(bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && word_byte(bytes[i]) {
                i += 1;
            }
            let word = sentence[start..i].trim_end_matches(['-', '\'']);
            if !word.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
                continue;
            }
            any = true;
            self.words += 1;
            let lower = if word.bytes().any(|b| b.is_ascii_uppercase()) {
                buffer.clear();
                buffer.push_str(word);
                buffer.make_ascii_lowercase();
                buffer.as_str()
            } else {
                word
            };
            // Defined terms do not count as long words (looked up only for long ones: cheap).
            let n: usize = lower.split('-').map(syllables).sum();
            let n = if n >= 3 && ignore.contains(lower) {
                1
            } else {
                n
            };
            self.syllables += n;
            if n >= 3 {
                self.polysyllables += 1;
                *self.long_words.entry(lower.to_owned()).or_default() += 1;
            }
        }
        any
    }
}

pub fn check(doc: &Document, registry: &Registry, out: &mut Vec<Diagnostic>) {
    let settings = &registry.readability;
    let mut counts = Counts::default();
    let mut sentences = 0usize;
    let mut buffer = String::new();
    for block in &doc.md.prose {
        // Words are counted over the whole block in one pass; sentences only need counting.
        if counts.add(&block.text, &settings.ignore_words, &mut buffer) {
            sentences += text::sentences(block)
                .iter()
                .filter(|s| s.text().bytes().any(|b| b.is_ascii_alphanumeric()))
                .count();
        }
    }
    let Counts {
        words,
        syllables: syllable_total,
        polysyllables: poly,
        long_words,
    } = counts;
    if words < settings.min_words || sentences == 0 {
        return;
    }
    let smog = 1.043 * ((poly as f64) * 30.0 / sentences as f64).sqrt() + 3.1291;
    let fk = 0.39 * words as f64 / sentences as f64 + 11.8 * syllable_total as f64 / words as f64
        - 15.59;
    if smog <= settings.target_grade {
        return;
    }
    let mut common: Vec<(String, usize)> = long_words.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let examples: Vec<String> = common
        .iter()
        .take(5)
        .map(|(w, n)| format!("{w} ({n})"))
        .collect();
    let meta = doc.page().expect("readability runs on pages");
    let span = key_span(doc, meta.key_lines.get("title").copied().unwrap_or(2));
    out.push(
        Diagnostic::new(
            RULE.id,
            Category::Readability,
            RULE.severity,
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
            assert_eq!(syllables(word), n, "{word}");
        }
    }
}
