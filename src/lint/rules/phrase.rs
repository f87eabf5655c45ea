//! Phrase rules from `lints/rules/*.yaml`: wording that is wrong whenever the author asserts it
//! (absolute safety, certainty and cure words, study references without a source).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::lint::check::{ClaimHit, SentenceCheck};
use crate::lint::cues::{Modality, NonAssertion};
use crate::lint::registry::Registry;
use crate::lint::rule::{Hook, Rule, Trigger};
use crate::markdown::prose::BlockKind;

/// Length of the negating first word of a phrase, if it starts with one.
fn leading_negator(phrase: &str) -> Option<usize> {
    // "Nothing, apart from the pen": the word without the comma after it.
    let word = phrase
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .next()?;
    let lower = word.to_lowercase();
    let negating = [
        "no", "not", "never", "zero", "without", "nothing", "cannot", "can't", "won't", "doesn't",
        "don't", "does", "do", "will", "can",
    ];
    negating.contains(&lower.as_str()).then(|| {
        // "does not cause", "will not cause": the negation is the first two words.
        let two = phrase
            .splitn(3, char::is_whitespace)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        if ["does", "do", "will", "can"].contains(&lower.as_str()) {
            two.len()
        } else {
            word.len()
        }
    })
}

/// Runs every phrase rule on one sentence.
pub(crate) fn check(s: &mut SentenceCheck) {
    let label = matches!(
        s.sentence.block.kind,
        BlockKind::Heading | BlockKind::TableHeader
    );
    // A leading negator belongs to its phrase ("no risk at all", "never causes"), in this
    // phrase and in any other: "no side effects and zero downtime" asserts both. A negator
    // inside a phrase still negates it ("research does not back").
    // Each candidate rule's matches, found once.
    let matches: Vec<(usize, Vec<regex::Match>)> = s
        .registry
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| s.candidates.rules[*i])
        .map(|(i, r)| {
            let found = r
                .patterns
                .iter()
                .flat_map(|p| p.find_iter(s.text))
                .collect();
            (i, found)
        })
        .collect();
    let own: Vec<Range<usize>> = matches
        .iter()
        .flat_map(|(_, found)| found)
        .filter_map(|m| leading_negator(m.as_str()).map(|n| m.start()..m.start() + n))
        .collect();
    for (index, found) in matches {
        let rule = &s.registry.rules[index];
        // Citations go with statements; a heading or a table header is a label.
        if rule.unless_cited && (label || s.cited() || s.source_before()) {
            continue;
        }
        let mut flagged: Vec<Range<usize>> = Vec::new();
        for m in found {
            let range = m.range();
            if flagged
                .iter()
                .any(|f| f.start < range.end && range.start < f.end)
            {
                continue;
            }
            // Even when not asserted, the phrase is this rule's: "100% safe" is no statistic.
            s.phrase_ranges.push(range.clone());
            match s
                .cues()
                .assertion_with(range.clone(), &own, std::slice::from_ref(&range))
            {
                Ok(()) => {}
                // "Not everyone is a good candidate" denies the rule's stance.
                Err(NonAssertion::Negated) => {
                    if let Some(claim) = rule.stance {
                        stance(s, claim, range, Modality::default(), true);
                    }
                    continue;
                }
                Err(_) => continue,
            }
            // A claim left open ("it may be painless") is not stated.
            let modality = s.cues().modality(&range, std::slice::from_ref(&range));
            if modality.hedge == Some(crate::lint::cues::Hedge::Strong) {
                continue;
            }
            let clause = s.cues().clause(&range, s.text.len());
            if rule
                .unless_before
                .iter()
                .any(|u| u.is_match(&s.text[clause.start..range.start]))
            {
                continue;
            }
            // Most rules name neither: the subject is looked for only when one does.
            let any_in = |terms: &[crate::lint::terms::Lazy], text: &str| {
                terms.iter().any(|u| u.is_match(text))
            };
            if (!rule.unless_subject.is_empty()
                && any_in(
                    &rule.unless_subject,
                    subject(&s.text[clause.start..range.start]),
                ))
                || any_in(
                    &rule.unless_after,
                    &s.text[after_from(s.text, &range)..clause.end],
                )
            {
                continue;
            }
            flagged.push(range.clone());
            if let Some(claim) = rule.stance {
                stance(s, claim, range.clone(), modality, false);
            }
            let message = rule.message.replace("{match}", m.as_str());
            let span = s.sentence.span(range);
            let mut d = Diagnostic::new(
                &rule.id,
                rule.category,
                rule.severity,
                &s.doc.file,
                span,
                message,
            )
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

/// Records that the sentence states (or, `denied`, denies) a phrase rule's stance claim, for
/// the cross-check of opposite stances.
fn stance(
    s: &mut SentenceCheck,
    claim: usize,
    range: Range<usize>,
    modality: Modality,
    denied: bool,
) {
    s.out.claims.push(ClaimHit {
        claim,
        file: s.doc.file.clone(),
        span: s.sentence.span(range),
        cited: s.cited(),
        modality,
        denied,
        alternative: 0,
        stance_only: true,
    });
}

/// Where the words after a phrase start: a comparison's closing "than" belongs to what it
/// compares with ("better results than | a home roller").
fn after_from(text: &str, range: &std::ops::Range<usize>) -> usize {
    let phrase = &text[range.clone()];
    let ends_in_than = phrase.len() > 4
        && phrase.is_char_boundary(phrase.len() - 4)
        && phrase[phrase.len() - 4..].eq_ignore_ascii_case("than")
        && phrase[..phrase.len() - 4].ends_with(char::is_whitespace);
    if ends_in_than {
        range.end - 4
    } else {
        range.end
    }
}

/// The subject of the verb before a phrase, from the text of its clause before it: "a laser"
/// in "For deep scars, a laser is the more effective option". Empty when no verb comes first
/// ("more effective than a laser"), and never what follows a comparison ("than a laser is").
fn subject(before: &str) -> &str {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)\b(?:is|are|was|were|remains?|gives?|offers?|produces?|comes?|causes?|has|have|works?)\b",
        )
    });
    static START: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(r"(?i),|\b(?:than|to|with|versus|vs|over|like|compared)\b")
    });
    let Some(verb) = VERB.find_iter(before).last() else {
        return "";
    };
    let head = &before[..verb.start()];
    let start = START.find_iter(head).last().map_or(0, |m| m.end());
    &head[start..]
}

/// The phrase rules of the registry (`lints/rules/*.yaml`): their ids are the registry's, each
/// found through its own patterns.
pub(crate) const RULE: Rule = Rule {
    ids: &[],
    hooks: &[Hook::Sentence {
        trigger: Trigger::PhraseRules(patterns),
        run: check,
    }],
};

fn patterns(registry: &Registry) -> Vec<Vec<String>> {
    (registry.rules.iter())
        .map(|r| r.patterns.iter().map(|p| p.pattern().to_owned()).collect())
        .collect()
}
