//! How a registry claim is found in one sentence: its `match` alternatives.
//!
//! An alternative names terms that must occur together (`all`, optionally in `order` and
//! `within` some words), terms that must not (`none`) and a `regex`; and, for the grammar the
//! engine knows, an `effect` on some terms (an efficacy word acting on them, see `effect`) or
//! a denial of them (`denies`: "no downtime", "without any scarring", "won't need any time
//! off work", "pain-free"). `context` limits it to statements about one setting (see
//! `context`); `negated: true` finds the statement denied instead ("home rollers may not
//! bring visible improvement").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::cues::Cues;
use super::effect::{self, Kind};
use super::terms::Lazy;

/// A compiled `match` alternative.
#[derive(Debug)]
pub struct Pattern {
    pub all: Vec<Lazy>,
    pub order: bool,
    pub none: Vec<Lazy>,
    pub regex: Option<Lazy>,
    /// At most this many words from the first matched term to the last.
    pub within: Option<usize>,
    /// The terms an efficacy word must act on.
    pub effect: Option<Lazy>,
    /// Only removal, cure and reversal words count for `effect`.
    pub complete: bool,
    /// The terms an absence construction must deny.
    pub denies: Option<Lazy>,
    /// Only where the statement is about this context (an index into `Registry::contexts`).
    pub context: Option<usize>,
    /// The context's term group, as written.
    pub context_name: Option<String>,
    /// Matches the statement where it is negated.
    pub negated: bool,
    /// Terms one of which must occur in the sentence's passage (its paragraph, the block
    /// before it, its section heading or the title): what the statement is about.
    pub about: Option<Lazy>,
}

/// Where an alternative matched: the whole phrase, the parts that are its own terms, and
/// what kind of efficacy word it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub range: Range<usize>,
    pub parts: Vec<Range<usize>>,
    pub effect: Option<Kind>,
}

/// Words an efficacy word and its term may stand apart, by default.
const EFFECT_WINDOW: usize = 8;
/// Words an absence word and the term it denies may stand apart.
const DENIAL_WINDOW: usize = 3;

/// "no", "zero", "without (any)", "never", "none of", "free of", "not ... any",
/// "won't need ... any", a negated predicate ("does not hurt", "is definitely not
/// painful"), and nobody experiencing it ("not one client has ever complained of", "nobody
/// felt"): words that deny what follows them.
static ABSENCE: LazyLock<Regex> = LazyLock::new(|| {
    super::terms::builtin(
        r"(?i)\b(?:(?:no\s+one|nobody|not\s+(?:one|a\s+single)(?:\s+\w+)?)(?:\s+(?:has|have|had|ever|yet|once))*\s+(?:complained\s+(?:of|about)|felt|experienced|suffered(?:\s+from)?)|no|zero|without|never|none\s+of|nothing|free\s+(?:of|from)|(?:not|cannot|(?:is|are|was|were|do|does|did|will|would|can|could|should|need)n['’]t|won['’]t|can['’]t)(?:\s+\w+){0,4}?\s+any|(?:(?:do|does|will|would)(?:n['’]t|\s+not)|won['’]t|never)\s+(?:need|require|have\s+to\s+take|make\s+(?:you|your\s+skin|the\s+skin)|leave\s+(?:you|your\s+skin|the\s+skin)|cause|give\s+you)|not|\w+n['’]t)\b",
    )
});

/// What the prefilter looks for: an absence word, or a term marked free.
pub(crate) fn absence_prefilter() -> String {
    let free = super::terms::ascii_classes(
        r"(?i)[\s\-]free\b|(?:n['’]t|\snot|\snever)\s+(?:an?\s+|any\s+)?(?:issue|problem|concern|worry|risk|factor|thing|necessary|needed|required)\b|\b(?:impossible|ruled\s+out|happen|occur)\b",
    );
    format!("{}|{free}", ABSENCE.as_str())
}

/// Compiles the absence pattern now (see `lint::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&ABSENCE);
}

impl Pattern {
    /// Every regex of this alternative.
    pub fn patterns(&self) -> impl Iterator<Item = &Lazy> {
        self.all
            .iter()
            .chain(&self.none)
            .chain(&self.regex)
            .chain(&self.effect)
            .chain(&self.denies)
            .chain(&self.about)
    }

    /// The regexes that must all match for this alternative to match, and whether it also
    /// needs an efficacy word or an absence word (patterns the prefilter adds itself).
    pub fn required(&self) -> Vec<&Lazy> {
        self.all
            .iter()
            .chain(&self.regex)
            .chain(&self.effect)
            .chain(&self.denies)
            .collect()
    }

    /// Every place in `text` where this alternative matches, first to last. The caller
    /// decides which of them is asserted. The sentence's cues are computed only if the
    /// alternative's terms are there at all.
    pub fn hits<'c>(&self, text: &str, cues: &dyn Fn() -> &'c Cues<'c>) -> Vec<Hit> {
        if self.none.iter().any(|r| r.is_match(text)) {
            return Vec::new();
        }
        let Some(bases) = self.terms(text) else {
            return Vec::new();
        };
        let base = bases.first().cloned();
        let targets = |terms: &Lazy| -> Vec<Range<usize>> {
            terms.find_iter(text).map(|m| m.range()).collect()
        };
        let grammar = if let Some(terms) = &self.effect {
            let targets = targets(terms);
            if targets.is_empty() {
                return Vec::new();
            }
            self.effects(text, cues(), &targets)
        } else if let Some(terms) = &self.denies {
            let targets = targets(terms);
            if targets.is_empty() {
                return Vec::new();
            }
            denials(text, cues(), &targets)
        } else {
            return bases;
        };
        let cues = cues();
        // With terms of its own, the whole statement stays in one clause: "needling treats
        // skin concerns, while PRP uses your own blood" says nothing about what PRP adds.
        grammar
            .into_iter()
            .filter_map(|mut hit| {
                if let Some(base) = &base {
                    hit.range =
                        hit.range.start.min(base.range.start)..hit.range.end.max(base.range.end);
                    hit.parts.extend(base.parts.iter().cloned());
                    if cues.crosses_sentence_part(&hit.range) {
                        return None;
                    }
                }
                Some(hit)
            })
            .collect()
    }

    /// Whether it is found by its terms alone, with no grammar of the engine's.
    pub fn is_plain(&self) -> bool {
        self.effect.is_none() && self.denies.is_none()
    }

    /// Every place where the `all` terms and the `regex` stand close enough together, first
    /// to last (a place for each place of the first term, or of the regex alone); `None` when
    /// there is none, empty when the alternative has neither. The caller tries each in turn:
    /// "not as good as a clinic at first, but home rolling is as good as a clinic" is
    /// asserted in its second place.
    fn terms(&self, text: &str) -> Option<Vec<Hit>> {
        if self.all.is_empty() && self.regex.is_none() {
            return Some(Vec::new());
        }
        let regex = match &self.regex {
            Some(re) => Some(re.find(text)?.range()),
            None => None,
        };
        // Each place of the first term is tried as an anchor, the others taken nearest to it
        // (or next after it, in order), until the terms stand close enough together.
        let anchors: Vec<Range<usize>> = match (self.all.first(), &self.regex) {
            (Some(first), _) => first.find_iter(text).map(|m| m.range()).collect(),
            (None, Some(re)) => re.find_iter(text).map(|m| m.range()).collect(),
            (None, None) => Vec::new(),
        };
        let mut out = Vec::new();
        for anchor in anchors {
            // Alone, the regex is the anchor; beside terms, its first place.
            let regex = if self.all.is_empty() {
                Some(anchor.clone())
            } else {
                regex.clone()
            };
            let mut parts: Vec<Range<usize>> = regex.iter().cloned().collect();
            let mut after = anchor.end;
            let mut complete = true;
            for (i, re) in self.all.iter().enumerate() {
                let found = if i == 0 {
                    Some(anchor.clone())
                } else if self.order {
                    re.find_at(text, after).map(|m| m.range())
                } else {
                    re.find_iter(text)
                        .map(|m| m.range())
                        .min_by_key(|r| r.start.abs_diff(anchor.start))
                };
                let Some(found) = found else {
                    complete = false;
                    break;
                };
                after = found.end;
                parts.push(found);
            }
            if !complete {
                break;
            }
            let start = parts.iter().map(|r| r.start).min()?;
            let end = parts.iter().map(|r| r.end).max()?;
            let close = self
                .within
                .is_none_or(|n| text[start..end].split_whitespace().count() <= n + 1);
            if close {
                out.push(Hit {
                    range: start..end,
                    parts,
                    effect: None,
                });
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Efficacy words acting on one of `targets` in the same clause, nearest pairs first.
    fn effects(&self, text: &str, cues: &Cues<'_>, targets: &[Range<usize>]) -> Vec<Hit> {
        let window = self.within.unwrap_or(EFFECT_WINDOW);
        let words = cues.effect_words();
        let mut out = Vec::new();
        if targets.is_empty() {
            return out;
        }
        // What rules a word out whatever it acts on is worked out once, not for every target.
        let usable: Vec<bool> = (words.iter())
            .map(|word| {
                !(self.complete && word.kind != Kind::Remove
                    || is_attributive(text, &word.range)
                    || effect::describes_state(text, &word.range)
                    || effect::names_activity(text, &word.range))
            })
            .collect();
        let needs_object: Vec<bool> = (words.iter())
            .map(|word| effect::needs_object(&text[word.range.clone()]))
            .collect();
        for target in targets {
            let target = target.clone();
            // "side effects" and "adverse effects" are harms, not results; "raises the risk of
            // dark patches" changes a risk, it treats nothing.
            let before = text[..target.start].trim_end().to_lowercase();
            let lead: Vec<&str> = before.split_whitespace().rev().take(4).collect();
            let risk = lead.windows(2).take(3).any(|w| {
                w[0] == "of"
                    && ["risk", "risks", "chance", "chances", "likelihood", "odds"].contains(&w[1])
            });
            if risk
                || before.ends_with("side")
                || before.ends_with("adverse")
                || effect::is_process(text, &target)
            {
                continue;
            }
            for (k, word) in words.iter().enumerate() {
                if !usable[k]
                    || word.kind == Kind::Result && !effect::is_outcome(&text[target.clone()])
                    || word.range.start < target.end && target.start < word.range.end
                    || needs_object[k] && !is_direct_object(text, &word.range, &target)
                    || effect::new_subject_between(text, &word.range, &target)
                {
                    continue;
                }
                let range = word.range.start.min(target.start)..word.range.end.max(target.end);
                if cues.crosses_clause(&range)
                    || effect::words_between(text, &word.range, &target) > window
                {
                    continue;
                }
                out.push(Hit {
                    range,
                    parts: vec![word.range.clone(), target.clone()],
                    effect: Some(word.kind),
                });
            }
        }
        out.sort_by_key(|h| (h.range.len(), h.range.start));
        out
    }
}

/// "Sun sensitivity isn't an issue", "infection is impossible": a target denied by what
/// follows it. Returns the end of the denial.
fn denied_after(text: &str, target: &Range<usize>) -> Option<usize> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        super::terms::builtin(
            r"(?i)^\s+(?:is|are|was|were)(?:n['’]t|\s+not|\s+never)\s+(?:an?\s+|any\s+)?(?:issue|problem|concern|worry|risk|factor|thing|necessary|needed|required)\b|^\s+(?:is|are)\s+(?:impossible|not\s+possible|ruled\s+out)\b|^\s+(?:won['’]t|will\s+not|cannot|can['’]t|never)\s+(?:happen|occur)\b|^(?:\s+[\w'’]+){0,3}?,?\s+but\s+(?:it|they|this|that)\s+(?:\w+\s+)?(?:is|are|does|do|did|will|wo)(?:n['’]t|\s+not)\s*(?:[.!,;]|$)",
        )
    });
    // The denial ends before the punctuation that closes it.
    AFTER
        .find(&text[target.end..])
        .map(|m| target.end + m.as_str().trim_end_matches(['.', '!', ',', ';']).len() + m.start())
}

/// Whether `target` is the object right after `word`: at most three words later, with no
/// punctuation between ("repairs every scar", not "repairs these, laying down new skin").
fn is_direct_object(text: &str, word: &Range<usize>, target: &Range<usize>) -> bool {
    target.start >= word.end
        && !text[word.end..target.start].contains([',', ';', ':', '(', '.'])
        && effect::words_between(text, word, target) <= 3
}

/// "the treated side", "an improved version": a participle before its noun describes it; it
/// says nothing about what the treatment does.
fn is_attributive(text: &str, word: &Range<usize>) -> bool {
    let w = &text[word.clone()];
    if !w.ends_with("ed") || w.contains(' ') {
        return false;
    }
    let before = text[..word.start]
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    let determiner_or_preposition = [
        "the",
        "a",
        "an",
        "each",
        "every",
        "this",
        "that",
        "its",
        "their",
        "your",
        "untreated",
        // Places, not results: "led to improved skin" stays a claim.
        "on",
        "onto",
        "over",
        "around",
        "under",
        "across",
        // A gloss in brackets: "keloids (raised scars)".
        "(",
    ];
    if determiner_or_preposition.contains(&before.as_str()) {
        return true;
    }
    // "Protect treated skin": a sentence-opening command before the participle. A subject
    // there ("It improved skin", "Needling reduced scars") makes the participle a verb.
    let sentence = text[..word.start]
        .rfind(['.', '!', '?', '\n'])
        .map_or(0, |i| i + 1);
    let opening: Vec<&str> = text[sentence..word.start].split_whitespace().collect();
    let subject = [
        "it", "this", "that", "they", "he", "she", "we", "you", "i", "which", "who",
    ];
    // "- raised (keloid) scars": a participle glossed in brackets names a kind of thing.
    let glossed = text[word.end..].trim_start().starts_with('(');
    opening.len() <= 1 && glossed
        || opening.len() == 1
            && text[word.end..].starts_with(' ')
            && !subject.contains(&before.as_str())
            && !["ing", "ment", "s", "y"]
                .iter()
                .any(|end| before.ends_with(end))
}

/// Whether `text` starts with the ASCII `prefix`, in any case, without lowercasing the rest.
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether `text` ends with the ASCII `suffix`, in any case.
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// Whether an absence word is a bare negation ("not", "isn't", "won't"), which denies only
/// the predicate right after it, unlike "no" or "without" before a noun.
fn negates_predicate(word: &str) -> bool {
    let w = word.to_lowercase();
    w == "not" || w.ends_with("n't") || w.ends_with("n’t")
}

/// Whether the words between a negation and its term leave the denial whole: "not at all
/// painful", "doesn't really hurt" deny the pain; "not too painful", "not very
/// uncomfortable", "not only painful", "not uncommon to feel pain" (litotes) do not.
fn denies_fully(between: &[String]) -> bool {
    // "Not one trial measured pain": the negation counts the subject (nobody experiencing it is
    // an absence word of its own); it denies no predicate.
    let first = between.first().map(String::as_str);
    if first == Some("one") || (first == Some("a") && between.get(1).is_some_and(|w| w == "single"))
    {
        return false;
    }
    const DEGREE: [&str; 16] = [
        "too",
        "very",
        "that",
        "so",
        "overly",
        "particularly",
        "especially",
        "terribly",
        "as",
        "much",
        "more",
        "only",
        "just",
        "always",
        "necessarily",
        "extremely",
    ];
    between.iter().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        !DEGREE.contains(&w)
            && !(w.len() > 4 && (w.starts_with("un") || w.starts_with("in") || w.starts_with("im")))
    })
}

/// Absence words denying one of `targets` in the same clause ("no recovery period",
/// "won't need to take any time off"), and targets marked free ("pain-free").
fn denials(text: &str, cues: &Cues<'_>, targets: &[Range<usize>]) -> Vec<Hit> {
    let mut out = Vec::new();
    for target in targets {
        let target = target.clone();
        let free = text[target.end..]
            .strip_prefix(['-', ' '])
            .is_some_and(|rest| rest.to_lowercase().starts_with("free"));
        if free {
            let end = target.end + 5;
            out.push(Hit {
                range: target.start..end,
                parts: std::iter::once(target.start..end).collect(),
                effect: None,
            });
            continue;
        }
        let before = &text[..target.start];
        // The absence word governs the words right after it: not across punctuation or into a
        // clause of its own ("no trials that tested ways to prevent dark patches").
        let governs = |m: &regex::Match| {
            let gap = &text[m.end()..target.start];
            let words: Vec<String> = gap.split_whitespace().map(str::to_lowercase).collect();
            effect::words_between(text, &m.range(), &target) <= DENIAL_WINDOW
                && !gap.contains([',', ';', ':', '(', ')', '.'])
                && !words.iter().any(|w| {
                    ["that", "which", "who", "whose", "where", "when", "than"].contains(&w.as_str())
                })
                && (!negates_predicate(&text[m.range()]) || denies_fully(&words))
        };
        // "No more dark spots" promises their removal; it does not deny a risk. "Little to
        // no downtime" and "almost no pain" allow some: a hedge, not a denial.
        let removal = |m: &regex::Match| {
            let lead = text[..m.start()].trim_end();
            starts_with_ignore_case(text[m.end()..].trim_start(), "more ")
                || [
                    "little to",
                    "little or",
                    "little-to-",
                    "almost",
                    "nearly",
                    "next to",
                ]
                .iter()
                .any(|h| ends_with_ignore_case(lead, h))
        };
        let Some(absence) = ABSENCE
            .find_iter(before)
            .filter(|m| governs(m) && !removal(m))
            .last()
        else {
            if let Some(after) = denied_after(text, &target) {
                out.push(Hit {
                    range: target.start..after,
                    parts: std::iter::once(target.start..after).collect(),
                    effect: None,
                });
            }
            continue;
        };
        let range = absence.start()..target.end;
        if cues.crosses_clause(&range) {
            continue;
        }
        out.push(Hit {
            range,
            parts: vec![absence.range(), target],
            effect: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributive(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap();
        is_attributive(text, &(start..start + word.len()))
    }

    #[test]
    fn a_participle_describing_its_noun_is_no_result() {
        assert!(attributive("Protect the treated area.", "treated"));
        assert!(attributive("Keloids (raised scars) rule it out.", "raised"));
        assert!(!attributive(
            "It raised my spirits and smoothed scars.",
            "smoothed"
        ));
    }
}
