//! Quantities checked against the registry: needle lengths by context, needle diameters, and
//! the values that must agree across articles (collected here, compared in `consistency`).

use std::sync::LazyLock;

use regex::Regex;

use super::Builtin;
use crate::diagnostic::{Category, Diagnostic, Severity};

use crate::lint::quantity::{self, fmt, Quantity};
use crate::lint::registry::{AllowedRange, Measure};
use crate::lint::{MeasureHit, SentenceCheck};

pub const OUT_OF_RANGE: Builtin = Builtin {
    id: "quantity-out-of-range",
    category: Category::Dimension,
    severity: Severity::Error,
    summary: "A measurement outside the registry range for its measure and context",
    doc: r#"## What it does
Finds quantities with units ("1.5 mm", "0.75-1.5mm", "between 1 and 2 millimetres", "up to 2 mm",
"500 µm", "a quarter of a millimetre"), works out what they measure (length or depth versus
diameter or thickness, from the words bound to the number) and in which context (home use or
professional use, from the nearest context term in the sentence), and compares them with the
ranges in `lints/quantities.yaml`.

## Why is this bad?
A wrong needle length is a safety problem: home rollers with clinic-length needles reach the
dermis without sterile technique or training.

## Example
```markdown
Our at-home roller has 1.5 mm needles for the best results.
```
Use instead:
```markdown
Home rollers usually have needles of 0.2 to 0.5 mm [@scirep2022].
```

## How to fix
Check the figure against the registry entry named in the note and its sources.
"#,
};

pub const LENGTH_AS_DIAMETER: Builtin = Builtin {
    id: "length-as-diameter",
    category: Category::Dimension,
    severity: Severity::Error,
    summary: "A needle length stated as a diameter or thickness",
    doc: r#"## What it does
Flags a diameter, width or thickness whose value is a typical needle *length* ("1.5 mm in
diameter", "2 mm thick").

## Why is this bad?
Micro-needles are about 0.1 to 0.25 mm thick; figures such as 0.5 to 2.5 mm describe how long
they are. Mixing the two tells readers the needles are ten times thicker than they are.

## Example
```markdown
The cartridge needles measure 1.5 mm in diameter.
```
Use instead:
```markdown
The cartridge needles are 1.5 mm long and about 0.2 mm thick [@gowda2021].
```

## How to fix
Say "long" or "deep" for the length, and give the diameter separately if it matters.
"#,
};

/// Words that may stand between a measure noun and its number: "the diameter is about 2 mm".
static LINKING: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)^(?:\s|,|is|are|was|were|of|about|around|roughly|approximately|typically|usually|only|just|measures?|measuring|between|from|set|at|to|can|be|up|a|an|the|needle|needles)*$",
    )
});

/// Whether the measure's words are bound to the quantity at `q` in `text`.
fn bound(words: &Regex, s: &SentenceCheck, q: &Quantity) -> bool {
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
        .is_some_and(|m| LINKING.is_match(&clause[m.end()..]))
}

/// The allowed range for the quantity's context (see `context`): in "clinic pens go from 0.25
/// to 2.5 mm, and home kits stop at 0.5 mm" each value has its own, and a value in a guide to
/// rolling at home is a home value. Without a context, the `any` range.
fn applicable<'m>(m: &'m Measure, s: &SentenceCheck, q: &Quantity) -> Option<&'m AllowedRange> {
    let context = s
        .value_context(&q.range)
        .map(|c| s.registry.contexts[c].0.as_str());
    m.ranges
        .iter()
        .find(|r| r.context.is_some() && r.context.as_deref() == context)
        .or_else(|| m.ranges.iter().find(|r| r.context.is_none()))
}

/// The header of the table column a quantity is in ("Needle width").
fn column_label<'a>(s: &'a SentenceCheck, q: &Quantity) -> Option<&'a str> {
    s.sentence
        .block
        .label_at(s.sentence.range.start + q.range.start)
        .filter(|l| !l.is_empty())
}

/// Whether the measure applies to the sentence. A needle length may have its subject in the
/// paragraph ("The pen has twelve needles. ... we go up to 4 mm."); agreement checks may not.
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
    (subject(s.text) || (!m.consistent && (block() || around())))
        && m.require.iter().all(|r| r.is_match(s.text))
        && !m.exclude.iter().any(|r| r.is_match(s.text))
}

/// Words that may follow a bare measurement without changing what it measures.
const FOLLOWERS: &[&str] = &[
    "for", "on", "in", "into", "to", "and", "or", "but", "is", "are", "was", "were", "with", "at",
    "of", "per", "each", "so", "which", "that", "when", "if", "as", "by", "from", "than", "then",
    "depth", "setting", "settings",
];

/// "a 2 cm area", "a 1 mm scar": a length measures the word after it, not a needle. (Times and
/// counts are followed by anything: "two weeks after each session".)
fn measures_another_noun(m: &Measure, text: &str, q: &Quantity) -> bool {
    if q.dimension != quantity::Dimension::Length {
        return false;
    }
    let after = text[q.range.end..].trim_start_matches([' ', '-']);
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    // "a 2000 µm home stamp": the needle word may come after an adjective or two.
    let near: String = after
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    !word.is_empty()
        && !FOLLOWERS.contains(&word.to_lowercase().as_str())
        && !m.subject.iter().any(|r| r.is_match(&near))
}

pub fn check(s: &mut SentenceCheck) {
    if !s.candidates.quantities {
        return;
    }
    let quantities = quantity::find(s.text);
    for q in &quantities {
        s.quantity_ranges.push(q.range.clone());
        if s.cues()
            .assertion(q.range.clone(), std::slice::from_ref(&q.range))
            .is_err()
        {
            continue;
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
                        s.context(&q.range)
                            .is_some_and(|(i, _)| &s.registry.contexts[i].0 == c)
                    })
            })
            .collect();
        let bound_ones: Vec<(usize, &Measure)> = candidates
            .iter()
            .copied()
            .filter(|(_, m)| m.words.as_ref().is_some_and(|w| bound(w, s, q)))
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
            if m.consistent || context.is_some() {
                s.out.measures.push(MeasureHit {
                    measure: index,
                    file: s.doc.file.clone(),
                    span: s.sentence.span(q.range.clone()),
                    quantity: q.clone(),
                    fits: range.is_none_or(|r| q.fits(r.min, r.max)),
                    context,
                });
            }
            if let Some(range) = range {
                check_range(s, m, range, q);
            }
        }
    }
}

fn check_range(s: &mut SentenceCheck, m: &Measure, range: &AllowedRange, q: &Quantity) {
    if q.fits(range.min, range.max) {
        return;
    }
    let context = range
        .context
        .as_deref()
        .map_or(String::new(), |c| format!(" for {c} use"));
    let allowed = format!(
        "{}-{} {}",
        fmt(range.min),
        fmt(range.max),
        m.dimension.unit()
    );
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
                "{} is a typical {}, not a {}: needles are {allowed} across",
                q.describe(),
                other.name,
                m.name
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
                q.describe()
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
