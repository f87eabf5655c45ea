//! Statistics without a source: percentages, "N in M" ratios, fractions of people, multipliers.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::SentenceCheck;
use crate::lint::cues::NonAssertion;
use crate::lint::quantity::number;
use crate::lint::rule::{Builtin, Hook, Rule, Trigger};

pub(crate) const UNCITED_STATISTIC: Builtin = Builtin {
    id: "uncited-statistic",
    category: Category::Citation,
    severity: Severity::Error,
    summary: "A statistic with no citation in its sentence",
    doc: r#"## What it does
Finds statistics (percentages such as "60%" or "82 per cent", ratios such as "eight in ten" or
"1 out of 5", counts of people such as "50 million adults", fractions of people such as "two
thirds of" or "the vast majority of", the
verdict of most people ("most patients find it painless", "most clients say they are happy"), and
multipliers such as "fourfold", "doubles" or "3 times more") in sentences that carry no
citation key (`[@id]`), footnote reference or link to a source. Measurements with units are
not statistics. When the figure matches a figure of a registry claim, the help names the source
to cite.

## Why is this bad?
Numbers persuade. A number with no source cannot be checked, and health figures are often
misquoted (a proportion of patients becomes a size of effect).

## Example
```markdown
Eight in ten patients reported smoother skin.
```
Use instead:
```markdown
In one small study, most patients rated their skin as smoother [@trial2014].
```

## How to fix
Cite the study the figure comes from, or remove the figure.
"#,
};

const NUMBER: &str = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a hundred|a thousand|thousand)";

/// The pattern of a statistic (also read by the prefilter without compiling it).
pub(crate) fn pattern_text() -> String {
    crate::lint::terms::ascii_classes(&format!(
        r"(?ix)
        (?P<percent>\b\d+(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b))
      | (?P<ratio>\b{NUMBER}\s+(?:in|out\s+of)\s+(?:every\s+)?{NUMBER}\b)
      | (?P<fraction>\b(?:(?:a|one|two|three|four|nine)[\s-]+(?:thirds?|quarters?|fifths?|tenths?)|(?:one[\s-]+)?half|(?:the|an?)\s+(?:(?:vast|great|overwhelming|large|clear)\s+)?majority)\s+of\b)
      | (?P<count>\b\d+(?:\.\d+)?\s+(?:million|billion)\s+(?:(?-i:[A-Z][a-z]+s)|people|adults|children|teens|teenagers|women|men|patients|users|cases|sufferers)\b)
      | (?P<verdict>\bmost\s+(?:of\s+(?:our|the|my)\s+)?(?:patients|people|clients|users|customers|women|men)\b(?:\s+[\w'-]+){{0,4}}?\s+(?:find|finds|found|say|says|said|report|reports|reported|describe|describes|described|rate|rates|rated)\s+[^.;:!?]{{0,60}}?\b(?:painless|pain[\s-]free|minimal|slight|very\s+little|barely|hardly|comfortable|nothing|happy|satisfied|pleased|thrilled|delighted)\b)
      | (?P<multiplier>\b(?:{NUMBER}|two|three|four|five|six|ten|hundred)[\s-]?fold\b
          | \b(?:doubles?|doubled|doubling|triples?|tripled|tripling|quadrupl\w*|halves|halved)\b
          | \b{NUMBER}\s*(?:x|times)\s+(?:more|less|as|the|[a-z]+er)\b
          | \b(?:by|up\s+to|as\s+much\s+as|as\s+many\s+as)\s+\d[\d,]*(?:\.\d+)?\s?x\b
          | \b(?:twice|thrice|double|triple)\s+(?:as\s+\w+|the\s+\w+|more|less)\b)"
    ))
}

static STATISTIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&pattern_text()).expect("valid built-in pattern"));

/// Compiles the statistic patterns now (see `lint::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&STATISTIC);
    LazyLock::force(&COMMERCE);
    LazyLock::force(&CONCENTRATION);
    LazyLock::force(&ARTICLE_PERCENT);
    LazyLock::force(&STRENGTH_AFTER);
}

/// A strength, not a statistic: "a 10% vitamin C serum", "70% isopropyl alcohol", "5%
/// minoxidil". A percentage that describes what a product contains is followed by the
/// product (or stands after "a" before a noun that is not an outcome: "a 60% drop" is one).
static CONCENTRATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\d+(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)\s+(?:[a-z]+[\s-]+){0,2}?(?:alcohol|isopropyl|ethanol|acids?|serums?|creams?|gels?|lotions?|solutions?|vitamin|retinol|retinoids?|niacinamide|hydroquinone|minoxidil|tretinoin|zinc|peroxide|lidocaine|lignocaine|tetracaine|glycerine?|hyaluronic|salicylic|glycolic|lactic|azelaic|tranexamic|bleach|chlorhexidine|saline|concentration|strength|formulas?|formulations?|dilution|w/v|v/v)\b",
    )
});
static ARTICLE_PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\ban?\s+\d+(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)[\s-]+([a-z]+(?:[\s-]+[a-z]+){0,2})",
    )
});
/// "lidocaine, often at 4% or 5%": a strength named after its substance.
static STRENGTH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\b(?:alcohol|acids?|serums?|creams?|gels?|lotions?|solutions?|retinol|retinoids?|niacinamide|hydroquinone|minoxidil|tretinoin|lidocaine|lignocaine|prilocaine|tetracaine|peroxide|concentration|strength)\b[^.;%]{0,30}?\b(?:at|of|in)\s+(?:up\s+to\s+)?\d+(?:\.\d+)?\s?%(?:\s+or\s+\d+(?:\.\d+)?\s?%)?",
    )
});
/// People and their verdicts, which a percentage counts ("a 90% patient satisfaction rate").
const PEOPLE: &[&str] = &[
    "patient",
    "patients",
    "client",
    "clients",
    "people",
    "user",
    "users",
    "customer",
    "customers",
    "satisfaction",
    "success",
    "rate",
    "approval",
];

/// Nouns a percentage measures as an outcome ("a 60% drop", "a 30-50% improvement").
const OUTCOME_NOUNS: &[&str] = &[
    "improvement",
    "improvements",
    "reduction",
    "reductions",
    "increase",
    "increases",
    "decrease",
    "decreases",
    "drop",
    "drops",
    "rise",
    "rises",
    "gain",
    "gains",
    "success",
    "response",
    "rate",
    "chance",
    "risk",
    "boost",
    "jump",
    "fall",
    "decline",
    "growth",
    "satisfaction",
    "better",
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "greater",
    "smaller",
    "faster",
    "improved",
    "reduced",
    "increased",
    "decreased",
    "of",
];

/// Whether the percentage at `range` says what a product contains.
fn is_concentration(text: &str, range: &std::ops::Range<usize>) -> bool {
    let at = range.start;
    CONCENTRATION
        .find_iter(text)
        .any(|m| m.start() <= at && at < m.end())
        || STRENGTH_AFTER
            .find_iter(text)
            .any(|m| m.start() <= at && at < m.end())
        || ARTICLE_PERCENT.captures_iter(text).any(|c| {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let words = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
            // "a 98% patient satisfaction rate" measures an outcome: look at the next words.
            let outcome = words
                .split(|ch: char| ch.is_whitespace() || ch == '-')
                .any(|w| OUTCOME_NOUNS.contains(&w) || PEOPLE.contains(&w));
            whole.start <= at && at < whole.end && !outcome
        })
}

/// Prices are not findings: "save 20%", "20% off", "a 10% deposit".
static COMMERCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::lint::terms::builtin(
        r"(?i)\b(?:save|saving|discount(?:ed)?\s+(?:of|by)|off|reduced\s+by|charged?\s+(?:at|of)|fee\s+of|refund(?:ed)?\s+(?:of|at)?)\s+(?:up\s+to\s+)?\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?\s?%\s+(?:off|discount|deposit|vat|cashback|interest|apr|refund|(?:of\s+(?:the\s+)?(?:\w+\s+)?(?:price|cost|fee|deposit|bill|total)))\b",
    )
});

pub(crate) fn check(s: &mut SentenceCheck) {
    // The cheap test first: whether a source is named is read from the text when asked.
    if s.cited() || s.source_before() {
        return;
    }
    let prices: Vec<std::ops::Range<usize>> =
        COMMERCE.find_iter(s.text).map(|m| m.range()).collect();
    for m in STATISTIC.find_iter(s.text) {
        let range = m.range();
        let taken = |r: &std::ops::Range<usize>| r.start < range.end && range.start < r.end;
        // A phrase rule's words are its own ("100% safe"), but a verdict of most people stays
        // a statistic when it ends in one ("most patients find it painless").
        if s.phrase_ranges.iter().any(|r| r.contains(&range.start))
            || s.quantity_ranges.iter().any(taken)
            || prices.iter().any(taken)
            || m.as_str().contains('%') && is_concentration(s.text, &range)
            || is_year_ratio(m.as_str())
        {
            continue;
        }
        // A statistic stays a statistic when negated or reported; not when quoted or asked.
        let outcome = s
            .cues()
            .assertion(range.clone(), std::slice::from_ref(&range));
        if let Err(NonAssertion::Quoted | NonAssertion::Question | NonAssertion::Conditional) =
            outcome
        {
            continue;
        }
        let figure = figure_of(m.as_str());
        let registered = figure.and_then(|f| {
            s.registry
                .claims
                .iter()
                .find(|c| !c.sources.is_empty() && c.has_figure(f, s.text))
        });
        let mut d = Diagnostic::new(
            UNCITED_STATISTIC.id,
            Category::Citation,
            UNCITED_STATISTIC.severity,
            &s.doc.file,
            s.sentence.span(range.clone()),
            format!("statistic \"{}\" has no citation", m.as_str().trim()),
        )
        .label("no source in this sentence");
        d = match registered {
            Some(claim) => {
                let keys: Vec<String> = claim.sources.iter().map(|k| format!("[@{k}]")).collect();
                let mut d = d
                    .help(format!("this figure matches registry claim `{}`: cite {}", claim.id, keys.join(" or ")))
                    .claim(claim.id.clone());
                if let Some(note) = s.registry.claim_note(&claim.id) {
                    d = d.note(note);
                }
                d
            }
            None => d.help(
                "add a citation key such as [@source-id] for the study this figure comes from, or remove the figure",
            ),
        };
        s.out.diagnostics.push(d);
    }
}

/// "one in 2019": a number and a year, not a ratio.
fn is_year_ratio(text: &str) -> bool {
    text.split_whitespace()
        .last()
        .and_then(|w| w.parse::<u32>().ok())
        .is_some_and(|y| (1900..2100).contains(&y))
}

/// The leading number of a statistic ("82%" -> 82), for matching registry figures.
fn figure_of(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let digits: String = lower
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    number(lower.split_whitespace().next()?)
}

pub(crate) const RULE: Rule = Rule {
    ids: &[UNCITED_STATISTIC],
    hooks: &[Hook::Sentence {
        trigger: Trigger::Pattern {
            text: |_| pattern_text(),
            compile: |_| Vec::new(),
        },
        run: check,
    }],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn concentration(text: &str) -> bool {
        let m = STATISTIC.find(text).expect("a statistic");
        is_concentration(text, &m.range())
    }

    #[test]
    fn strengths_of_products_are_not_statistics() {
        assert!(concentration("Soak it in 70% isopropyl alcohol."));
        assert!(concentration("Apply a 10% vitamin C serum."));
        assert!(concentration("Use 5% minoxidil twice a day."));
        assert!(concentration(
            "Creams contain lidocaine, often at 4% or 5%."
        ));
        assert!(!concentration("We have a 98% patient satisfaction rate."));
        assert!(!concentration("It gave a 60% drop in scar depth."));
        assert!(!concentration("A 30-50% improvement is realistic."));
        assert!(!concentration("Absorption rises by 90%."));
        assert!(!concentration("72% of patients improved."));
    }

    #[test]
    fn intensified_majorities_are_fractions_of_people() {
        for text in [
            "It suits the great majority of clients.",
            "An overwhelming majority of users saw a change.",
            "The majority of readers agree.",
        ] {
            assert!(STATISTIC.is_match(text), "{text}");
        }
        assert!(!STATISTIC.is_match("A vast range of rollers is on offer."));
    }
}
