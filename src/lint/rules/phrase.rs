//! Phrase rules from `lints/rules/*.yaml`: wording that is wrong whenever the author asserts it
//! (absolute safety, certainty and cure words, study references without a source).

use crate::diagnostic::Diagnostic;
use crate::lint::SentenceCheck;

/// Runs every phrase rule on one sentence.
pub fn check(s: &mut SentenceCheck) {
    for rule in &s.registry.rules {
        if rule.unless_cited && s.sentence.cited {
            continue;
        }
        let mut flagged: Vec<std::ops::Range<usize>> = Vec::new();
        for pattern in &rule.patterns {
            for m in pattern.find_iter(s.text) {
                let range = m.range();
                if flagged.iter().any(|f| f.start < range.end && range.start < f.end) {
                    continue;
                }
                // Even when not asserted, the phrase is this rule's: "100% safe" is no statistic.
                s.phrase_ranges.push(range.clone());
                if s.cues.assertion(range.clone(), std::slice::from_ref(&range)).is_err() {
                    continue;
                }
                flagged.push(range.clone());
                let phrase = m.as_str();
                let message = rule.message.replace("{match}", phrase);
                let mut d = Diagnostic::new(&rule.id, rule.category, rule.severity, &s.doc.file, s.sentence.span(range.clone()), message)
                    .label(rule.summary.to_lowercase())
                    .help(rule.help.clone());
                if let Some(claim) = &rule.claim {
                    d = d.claim(claim.clone());
                    if let Some(note) = s.registry.claim_note(claim) {
                        d = d.note(note);
                    }
                }
                s.out.diagnostics.push(d);
            }
        }
    }
}
