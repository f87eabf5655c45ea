//! Quantities checked against the registry: values out of their measure's range for their
//! context, a value typical of one measure stated as another, and the values that must agree
//! across articles (collected here, compared in `consistency`).

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::rule::{Builtin, Hook, Rule, Trigger};

use crate::lint::check::{MeasureHit, SentenceCheck};
use crate::lint::cues::NonAssertion;
use crate::lint::quantity::{self, Dimension, Quantity};
use crate::lint::registry::{AllowedRange, Measure, Registry, SubjectScope};
use crate::lint::terms::Lazy;

pub(crate) const OUT_OF_RANGE: Builtin = Builtin {
    id: "quantity-out-of-range",
    category: Category::Dimension,
    severity: Severity::Error,
    summary: "A measurement outside the registry range for its measure and context",
    doc: r#"## What it does
Finds quantities with units ("1.5 mm", "0.75-1.5mm", "between 1 and 2 millimetres", "up to 2 mm",
"500 µm", "a quarter of a millimetre", and the units a registry declares in `lints/units.yaml`,
such as "40%" or "2 mg/cm²"), works out which measure of `lints/quantities.yaml` each one states
(from its subject, the words bound to the number and its unit) and in which context (from the
nearest context term), and compares it with that measure's allowed range for the context.

## Why is this bad?
A figure outside what the evidence supports misleads readers about a dose, a size or a duration,
and a wrong dose or size can be a safety problem.

## Example
With a registry measure "daily dose" allowed 1-2 tablets for adults:
```markdown
Adults can take up to 6 tablets a day.
```
Use instead:
```markdown
Adults take 1 or 2 tablets a day [@leaflet].
```

## How to fix
Check the figure against the registry entry named in the note and its sources.
"#,
};

pub(crate) const LENGTH_AS_DIAMETER: Builtin = Builtin {
    id: "length-as-diameter",
    category: Category::Dimension,
    severity: Severity::Error,
    summary: "A value typical of one measure stated as another (a length as a diameter)",
    doc: r#"## What it does
For a measure that lists another under `confused_with` (a width that is often mixed up with a
length), flags a value stated as this measure that is typical of the other one: "1.5 mm in
diameter" where 1.5 mm is a usual length and diameters are ten times smaller.

## Why is this bad?
Mixing up two measures of one thing tells readers it is many times larger or smaller than it is.

## Example
With measures "length" (0.5-3 mm) and "diameter" (0.1-0.3 mm, `confused_with: length`):
```markdown
The tips measure 1.5 mm in diameter.
```
Use instead:
```markdown
The tips are 1.5 mm long and about 0.2 mm wide [@maker].
```

## How to fix
Say which measure the figure is ("long", "deep", "wide"), and give the other one separately if
it matters.
"#,
};

/// Words that may stand between a measure noun and its number: "the diameter is about 2 mm"
/// (and the measure's `linking` terms: "the diameter of the tips is 0.2 mm").
static LINKING: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)^(?:\s|,|is|are|was|were|of|about|around|roughly|approximately|typically|usually|only|just|measures?|measuring|between|from|set|at|to|can|be|up|a|an|the)*$",
    )
});

/// Whether only linking words stand in `gap`, once the measure's own linking terms are taken
/// out.
fn links(m: &Measure, gap: &str) -> bool {
    if LINKING.is_match(gap) {
        return true;
    }
    let Some(terms) = &m.linking else {
        return false;
    };
    LINKING.is_match(&terms.replace_all(gap, " "))
}

/// Whether the measure's words are bound to the quantity at `q` in `text`.
fn bound(m: &Measure, words: &Regex, s: &SentenceCheck, q: &Quantity) -> bool {
    let text = s.text;
    if words.is_match(&q.lead) || column_label(s, q).is_some_and(|label| words.is_match(label)) {
        return true;
    }
    let after = &text[q.range.end..];
    let after = &after[..after
        .find([',', ';', '.', '!', '?', '('])
        .unwrap_or(after.len())];
    if let Some(m) = words.find(after) {
        let gap = &after[..m.start()];
        if gap.trim().is_empty()
            || gap.trim().eq_ignore_ascii_case("in")
            || gap.split_whitespace().count() <= 1 && !gap.contains(char::is_numeric)
        {
            return true;
        }
    }
    let before = &text[..q.range.start];
    let clause = &before[before.rfind([',', ';', '.', '(']).map_or(0, |i| i + 1)..];
    words
        .find_iter(clause)
        .last()
        .is_some_and(|w| links(m, &clause[w.end()..]))
}

/// The allowed range for the quantity's context (see `context`): in "clinic pens go from 0.25
/// to 2.5 mm, and home kits stop at 0.5 mm" each value has its own, and a value in a guide to
/// rolling at home is a home value. Without a context, or in a description of what is on offer
/// (see `on_offer`), the `any` range.
fn applicable<'m>(m: &'m Measure, s: &SentenceCheck, q: &Quantity) -> Option<&'m AllowedRange> {
    let context = if on_offer(m, s) {
        None
    } else {
        s.value_context(&q.range)
            .map(|c| s.registry.contexts[c].0.as_str())
    };
    m.ranges
        .iter()
        .find(|r| r.context.is_some() && r.context.as_deref() == context)
        .or_else(|| m.ranges.iter().find(|r| r.context.is_none()))
}

/// Whether the sentence (or the one its pronoun goes on from) describes what is on offer
/// (`available` terms: "kits are sold with needles up to 3 mm"): it tells of no setting, so a
/// value too long for home use is no advice to use it at home, but one beyond any use is
/// still wrong.
fn on_offer(m: &Measure, s: &SentenceCheck) -> bool {
    let named = |text: &str| m.available.iter().any(|r| r.is_match(text));
    named(s.text) || named(antecedent(s))
}

/// The header of the table column a quantity is in ("Needle width").
fn column_label<'a>(s: &'a SentenceCheck, q: &Quantity) -> Option<&'a str> {
    s.sentence
        .block
        .label_at(s.sentence.range.start + q.range.start)
        .filter(|l| !l.is_empty())
}

/// Whether the measure applies to the sentence. With `subject_scope: paragraph` the subject
/// may be named in the paragraph ("The kit has twelve tips. ... we go up to 4 mm.").
fn applies(m: &Measure, s: &SentenceCheck) -> bool {
    let subject = |text: &str| m.subject.is_empty() || m.subject.iter().any(|r| r.is_match(text));
    let header = s
        .sentence
        .block
        .cells
        .iter()
        .map(|(_, label)| label.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    // The subject may be named in the paragraph, its list or table; the wider passage (the
    // block before, the heading, the title) names it only for the measure of a bare value
    // ("1.5 mm for deep scars" under "Choosing a needle length"), not for a value bound to
    // another noun ("the barrier is 0.02 mm thick").
    let block = || subject(&s.sentence.block.text) || subject(&header);
    let around = || m.default && s.scopes.passage(s.sentence).into_iter().any(subject);
    let paragraph = m.subject_scope == SubjectScope::Paragraph;
    (subject(s.text) || (paragraph && (block() || around())))
        && m.require.iter().all(|r| r.is_match(s.text))
        && !excluded(m, s.text)
        && !excluded(m, antecedent(s))
}

/// The sentence before, when this one goes on about its subject through a pronoun ("Needles
/// on the market vary. They go from ... to ..."): what that sentence says of the subject
/// still holds. Empty otherwise.
fn antecedent<'a>(s: &SentenceCheck<'a>) -> &'a str {
    let first = s.text.split_whitespace().next().unwrap_or("");
    if !["They", "These", "Those", "It", "This"].contains(&first) {
        return "";
    }
    s.index
        .checked_sub(1)
        .and_then(|i| s.sentences.get(i))
        .map_or("", |previous| previous.text())
}

/// Whether one of the measure's `exclude` terms stands in `text` and is not itself denied:
/// "it is neither too short nor too long" warns about nothing.
fn excluded(m: &Measure, text: &str) -> bool {
    m.exclude
        .iter()
        .any(|r| r.find_iter(text).any(|hit| !denied(&text[..hit.start()])))
}

/// Whether the word before a term denies it ("not", "nor", "never").
fn denied(before: &str) -> bool {
    let previous = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
        .replace('’', "'");
    matches!(
        previous.as_str(),
        "not" | "nor" | "neither" | "never" | "isn't" | "aren't"
    )
}

/// Words that may follow a bare measurement without changing what it measures.
const FOLLOWERS: &[&str] = &[
    "for", "on", "in", "into", "to", "and", "or", "but", "is", "are", "was", "were", "with", "at",
    "of", "per", "each", "so", "which", "that", "when", "if", "as", "by", "from", "than", "then",
    "depth", "setting", "settings",
    // "a 5 mm tube, or a 10 mm one": the noun before, named again.
    "one", "ones",
];

/// "a 2 cm area", "a 1 mm scar": a length measures the word after it, not the measure's
/// subject. (Times, counts and declared units are followed by anything: "two weeks after each
/// session".)
fn measures_another_noun(m: &Measure, text: &str, q: &Quantity) -> bool {
    if q.dimension != quantity::Dimension::LENGTH {
        return false;
    }
    let after = text[q.range.end..].trim_start_matches([' ', '-']);
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    // "a 2000 µm home stamp": the subject may come after an adjective or two.
    let near: String = after
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    !word.is_empty()
        && !FOLLOWERS.contains(&word.to_lowercase().as_str())
        && !m.subject.iter().any(|r| r.is_match(&near))
}

pub(crate) fn check(s: &mut SentenceCheck) {
    let quantities = s.registry.units.find(s.text);
    for q in &quantities {
        s.quantity_ranges.push(q.range.clone());
        // "If your tablets are 50 mg or more, take them with food" supposes the reader has them.
        match s
            .cues()
            .assertion(q.range.clone(), std::slice::from_ref(&q.range))
        {
            Ok(()) => {}
            Err(NonAssertion::Conditional) if s.cues().supposed_of_reader(&q.range) => {}
            Err(_) => continue,
        }
        let candidates: Vec<(usize, &Measure)> = s
            .registry
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.dimension == q.dimension
                    && m.frequency == q.every
                    && (q.every
                        || m.units.is_empty()
                        || m.units.iter().any(|f| (f - q.unit_factor).abs() < 1e-9))
                    && applies(m, s)
                    && m.context.as_ref().is_none_or(|c| {
                        s.setting_of_value(&q.range)
                            .is_some_and(|(i, _)| &s.registry.contexts[i].0 == c)
                    })
            })
            .collect();
        let bound_ones: Vec<(usize, &Measure)> = candidates
            .iter()
            .copied()
            .filter(|(_, m)| m.words.as_ref().is_some_and(|w| bound(m, w, s, q)))
            .collect();
        let chosen = if bound_ones.is_empty() {
            candidates
                .iter()
                .copied()
                .filter(|(_, m)| {
                    (m.default || m.words.is_none()) && !measures_another_noun(m, s.text, q)
                })
                .collect()
        } else {
            bound_ones
        };
        for (index, m) in chosen {
            let range = applicable(m, s, q);
            // Values of an agreement check, and values stated for a context: a value outside
            // the registry range is also compared with what other places say for that context.
            let context = range.and_then(|r| r.context.clone());
            if (m.consistent || context.is_some()) && !on_offer(m, s) {
                s.out.measures.push(MeasureHit {
                    measure: index,
                    file: s.doc.file.clone(),
                    span: s.sentence.span(q.range.clone()),
                    quantity: q.clone(),
                    fits: range.is_none_or(|r| q.fits(r.min, r.max)),
                    context,
                    setting: (m.consistent && m.per_setting)
                        .then(|| s.setting_of_value(&q.range))
                        .flatten()
                        .map(|(i, _)| s.registry.contexts[i].0.clone()),
                    condition: m
                        .depends_on
                        .and_then(|d| condition(&quantities, q, d))
                        .map(Quantity::interval),
                });
            }
            if let Some(range) = range {
                s.out.ranged.push((index, q.fits(range.min, range.max)));
                check_range(s, m, range, q);
            }
        }
    }
}

/// The value of dimension `d` that a value `q` is stated for: the nearest one before it in the
/// sentence ("a 5 mg tablet once a week, a 10 mg one every two weeks"), or else after it
/// ("daily, at 5 mg").
fn condition<'q>(quantities: &'q [Quantity], q: &Quantity, d: Dimension) -> Option<&'q Quantity> {
    let of_d = || {
        quantities
            .iter()
            .filter(move |o| o.dimension == d && o.range != q.range)
    };
    of_d()
        .rfind(|o| o.range.end <= q.range.start)
        .or_else(|| of_d().find(|o| o.range.start >= q.range.end))
}

fn check_range(s: &mut SentenceCheck, m: &Measure, range: &AllowedRange, q: &Quantity) {
    if q.fits(range.min, range.max) {
        return;
    }
    let context = range.context.as_deref().map_or(String::new(), |c| {
        format!(" for {}", s.registry.context_label(c))
    });
    let units = &s.registry.units;
    let allowed = units.format_range(m.dimension, range.min, range.max);
    let confused = m
        .confused_with
        .as_ref()
        .and_then(|id| s.registry.measures.iter().find(|o| &o.id == id));
    let span = s.sentence.span(q.range.clone());
    let mut d = match confused.filter(|o| o.ranges.iter().any(|r| q.lo >= r.min && q.hi <= r.max)) {
        Some(other) => Diagnostic::new(
            LENGTH_AS_DIAMETER.id,
            Category::Dimension,
            m.severity,
            &s.doc.file,
            span,
            format!(
                "{} is a typical {}, not a {}: {}",
                units.describe(q),
                other.name,
                m.name,
                match &m.range_phrase {
                    Some(phrase) => phrase.replace("{range}", &allowed),
                    None => format!("{} is {allowed}", m.name),
                }
            ),
        )
        .label(format!("stated as a {}", m.name)),
        None => Diagnostic::new(
            OUT_OF_RANGE.id,
            Category::Dimension,
            m.severity,
            &s.doc.file,
            span,
            format!(
                "{} of {} is outside the registry range {allowed}{context}",
                m.name,
                units.describe(q)
            ),
        )
        .label(format!("expected {allowed}{context}")),
    };
    d = d.help(
        m.help
            .clone()
            .unwrap_or_else(|| format!("check the {} against the sources in the note", m.name)),
    );
    if let Some(claim) = &range.claim {
        d = d.claim(claim.clone());
        if let Some(note) = s.registry.claim_note(claim) {
            d = d.note(note);
        }
    }
    s.out.diagnostics.push(d);
}

pub(crate) const RULE: Rule = Rule {
    ids: &[OUT_OF_RANGE, LENGTH_AS_DIAMETER],
    hooks: &[Hook::Sentence {
        trigger: Trigger::Pattern {
            text: quantity_pattern,
            compile: measure_patterns,
        },
        run: check,
    }],
};

/// Any quantity with a declared unit.
fn quantity_pattern(registry: &Registry) -> String {
    registry.units.prefilter_text()
}

/// What checking a quantity asks of the registry: the measures' words and the contexts.
fn measure_patterns(registry: &Registry) -> Vec<&Lazy> {
    (registry.measures.iter())
        .flat_map(Measure::regexes)
        .chain(registry.contexts.iter().map(|(_, re)| re))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::denied;

    #[test]
    fn a_denied_warning_warns_about_nothing() {
        assert!(denied("it is neither too short nor "));
        assert!(denied("a needle that is not "));
        assert!(denied("they aren’t "));
        assert!(!denied("a needle that is "));
        assert!(!denied("notably "));
    }
}
