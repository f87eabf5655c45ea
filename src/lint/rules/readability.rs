//! Reading grade of a whole article (SMOG), against the target in `lints/config.yaml`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

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

/// Citation keys and footnote references are not words a reader reads.
static CITATION_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[[@^][^\]]*\]").unwrap());

fn syllables(word: &str) -> usize {
    let w: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.len() <= 3 {
        return 1;
    }
    let trimmed = if w.ends_with("es") || w.ends_with("ed") {
        &w[..w.len() - 2]
    } else if w.ends_with('e') && !w.ends_with("le") {
        &w[..w.len() - 1]
    } else {
        &w
    };
    let mut count = 0;
    let mut prev_vowel = false;
    for c in trimmed.chars() {
        let vowel = "aeiouy".contains(c);
        if vowel && !prev_vowel {
            count += 1;
        }
        prev_vowel = vowel;
    }
    count.max(1)
}

pub fn check(doc: &Document, registry: &Registry, out: &mut Vec<Diagnostic>) {
    let settings = &registry.readability;
    let (mut sentences, mut words, mut syllable_total, mut poly) = (0usize, 0usize, 0usize, 0usize);
    let mut long_words: BTreeMap<String, usize> = BTreeMap::new();
    for block in &doc.md.prose {
        for sentence in text::sentences(block) {
            let mut any = false;
            let words_only = CITATION_KEY.replace_all(sentence.text(), " ");
            for raw in words_only.split(|c: char| c.is_whitespace() || c == '/' || c == '—') {
                let word = raw
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if word.is_empty() || !word.chars().any(char::is_alphabetic) {
                    continue;
                }
                any = true;
                words += 1;
                let n = if settings.ignore_words.contains(&word) {
                    1
                } else {
                    word.split('-').map(syllables).sum()
                };
                syllable_total += n;
                if n >= 3 {
                    poly += 1;
                    *long_words.entry(word).or_default() += 1;
                }
            }
            sentences += usize::from(any);
        }
    }
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
