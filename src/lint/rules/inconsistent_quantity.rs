//! Values for one measure that do not overlap across articles (or within one).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::{ClaimHit, MeasureHit};
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, Hook, Rule, SiteInput};
use crate::source::{SourceFile, Span};

pub(crate) const INCONSISTENT_QUANTITY: Builtin = Builtin {
    id: "inconsistent-quantity",
    category: Category::Contradiction,
    severity: Severity::Warning,
    summary: "Two places give values for one measure that do not overlap",
    doc: r#"## What it does
For measures marked `consistent: true` in `lints/quantities.yaml` (how long a treatment takes,
recovery time, number of doses), compares every value the site states. Two values whose ranges do not overlap
are reported once, on the value outside the registry's reference range (or on the later one),
with the other as a related location. "About" widens a value by a quarter; "up to" and "more
than" are open ranges. With `per_setting`, values for two settings (home, clinic) are not
compared; with `depends_on: <quantity>`, neither are values stated beside values of that
quantity that do not overlap ("a 5 mg tablet daily, a 50 mg one weekly"). What a study did,
in a sentence that cites or names it or under a heading naming it, sets no setting.

A value outside a measure's range for its setting (`ranges` with a `context`) is also set
against the places that state that range: as values, or in words, where the range names a
`claim` that an article states ("higher doses are not for home use").

## Why is this bad?
"Ten to fifteen minutes" on one page and "about an hour" on another leaves readers unsure what
to expect, and usually means one page counts something else (the preparation, the whole visit).

## Example
`a.md`: "The infusion takes ten to fifteen minutes."
`b.md`: "The infusion takes about an hour."

## How to fix
Agree on one range, and say what it includes (the treatment only, or the whole appointment).
"#,
};

/// How many disagreeing values are looked at per value: enough to find the ones worth
/// reporting, and a bound that keeps a site where thousands of pages state a value linear.
const SCAN: usize = 64;

pub(crate) fn cross_check(hits: &[&MeasureHit], registry: &Registry) -> Vec<Diagnostic> {
    // Hits come in document order, so a larger index is a later place.
    let mut by_measure: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, hit) in hits.iter().enumerate() {
        if registry.measures[hit.measure].consistent {
            by_measure.entry(hit.measure).or_default().push(i);
        }
    }
    // primary hit index -> conflicting hit indexes (at most 5)
    let mut conflicts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (measure, indexes) in by_measure {
        let m = &registry.measures[measure];
        let interval = |i: usize| hits[i].quantity.interval();
        let outside = |i: usize| {
            m.reference
                .as_ref()
                .is_some_and(|r| hits[i].quantity.lo < r.min || hits[i].quantity.hi > r.max)
        };
        // Of two values that do not overlap, the one outside the reference range is reported,
        // or else the later one; with a reference, two values inside it are both plausible
        // (a short redness after a light treatment, a longer one after a deep one).
        // Values stated for two different settings (home, clinic) measure different things.
        // So do values stated for cases that do not overlap ("a 0.25 mm roller daily, a
        // 1 mm one monthly", for a measure that `depends_on` needle length).
        let comparable = |h: usize, c: usize| {
            let same_setting = match (&hits[h].setting, &hits[c].setting) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let same_case = match (hits[h].condition, hits[c].condition) {
                (Some((a_lo, a_hi)), Some((b_lo, b_hi))) => a_lo <= b_hi && b_lo <= a_hi,
                _ => true,
            };
            same_setting && same_case
        };
        let primary_over = |h: usize, c: usize| {
            (outside(h) && !outside(c))
                || (outside(h) == outside(c) && h > c && (m.reference.is_none() || outside(h)))
        };
        let mut by_hi = indexes.clone();
        by_hi.sort_by(|&a, &b| interval(a).1.total_cmp(&interval(b).1).then(a.cmp(&b)));
        let mut by_lo = indexes.clone();
        by_lo.sort_by(|&a, &b| interval(b).0.total_cmp(&interval(a).0).then(a.cmp(&b)));
        for &h in &indexes {
            let (lo, hi) = interval(h);
            // Disjoint values end before this one starts, or start after it ends.
            let found: Vec<usize> = by_hi
                .iter()
                .take_while(|&&c| interval(c).1 < lo)
                .chain(by_lo.iter().take_while(|&&c| interval(c).0 > hi))
                .take(SCAN)
                .copied()
                .filter(|&c| primary_over(h, c) && comparable(h, c))
                .take(5)
                .collect();
            if !found.is_empty() {
                conflicts.insert(h, found);
            }
        }
    }
    conflicts
        .into_iter()
        .map(|(p, others)| {
            let hit = hits[p];
            let m = &registry.measures[hit.measure];
            let message = format!(
                "{} of \"{}\" disagrees with \"{}\" stated elsewhere",
                m.name, hit.quantity.text, hits[others[0]].quantity.text
            );
            let places = others.iter().map(|&o| {
                let other = hits[o];
                (
                    &other.file,
                    other.span,
                    format!("{} here", registry.units.describe(&other.quantity)),
                )
            });
            let mut d = disagreement(hit, registry, message, places);
            let reference = m.reference.as_ref();
            let help = m.help.clone().unwrap_or_else(|| {
                format!(
                    "use one range for the {} across the site and say what it includes",
                    m.name
                )
            });
            d = d.help(help);
            if let Some(claim) = reference.and_then(|r| r.claim.as_ref()) {
                d = d.claim(claim.clone());
                if let Some(note) = registry.claim_note(claim) {
                    d = d.note(note);
                }
            }
            d
        })
        .collect()
}

/// Values outside the registry range for their context, set against places that state the
/// range for that context: as values ("home doses are 1 to 2 mg" elsewhere, "a 5 mg dose at
/// home" here), or in words, as the range's claim ("higher doses are not for home use"). The
/// site disagrees with itself as well as with the evidence.
pub(crate) fn against_stated_ranges(
    hits: &[&MeasureHit],
    claims: &[&ClaimHit],
    registry: &Registry,
) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(usize, &str), Vec<&MeasureHit>> = BTreeMap::new();
    for hit in hits {
        if let Some(context) = &hit.context {
            groups.entry((hit.measure, context)).or_default().push(hit);
        }
    }
    let mut out = Vec::new();
    for ((measure, context), group) in groups {
        let m = &registry.measures[measure];
        let label = registry.context_label(context);
        // A range for the class ("0.25 to 0.5 mm", "up to 0.5 mm"), not one device's value.
        let mut statements: Vec<Place> = group
            .iter()
            .filter(|h| h.fits && states_a_range(&h.quantity))
            .map(|h| Place {
                file: &h.file,
                span: h.span,
                interval: Some(h.quantity.interval()),
                text: h.quantity.text.clone(),
                label: format!("{} for {label} here", registry.units.describe(&h.quantity)),
            })
            .collect();
        // The range's claim stated in words: every value outside the range disagrees with it.
        let range_claim = (m.ranges.iter())
            .find(|r| r.context.as_deref() == Some(context))
            .and_then(|r| registry.claim_index(r.claim.as_deref()?));
        if let Some(claim) = range_claim {
            statements.extend(
                (claims.iter())
                    .filter(|c| c.claim == claim && !c.denied && !c.stance_only)
                    .map(|c| Place {
                        file: &c.file,
                        span: c.span,
                        interval: None,
                        text: (c.file.text().get(c.span.start..c.span.end))
                            .unwrap_or_default()
                            .to_owned(),
                        label: format!("the range for {label} stated in words here"),
                    }),
            );
        }
        if statements.is_empty() {
            continue;
        }
        for hit in group.iter().filter(|h| !h.fits) {
            let (lo, hi) = (hit.quantity.lo, hit.quantity.hi);
            let mut others: Vec<&Place> = statements
                .iter()
                .filter(|s| {
                    s.interval.is_none_or(|(slo, shi)| lo < slo || hi > shi)
                        && !(Arc::ptr_eq(s.file, &hit.file) && s.span == hit.span)
                })
                .collect();
            if others.is_empty() {
                continue;
            }
            // Its own file first, nearest first; then the others in path order.
            others.sort_by_key(|s| {
                let same = Arc::ptr_eq(s.file, &hit.file);
                (
                    !same,
                    if same {
                        s.span.start.abs_diff(hit.span.start)
                    } else {
                        0
                    },
                    s.file.path.clone(),
                    s.span.start,
                )
            });
            // At most two places from each file, so that more files are named.
            let mut shown: Vec<&Place> = Vec::new();
            for place in others.iter().copied() {
                if shown.len() == 5 {
                    break;
                }
                if shown
                    .iter()
                    .filter(|p| Arc::ptr_eq(p.file, place.file))
                    .count()
                    < 2
                {
                    shown.push(place);
                }
            }
            let message = format!(
                "{} of \"{}\" for {label} disagrees with \"{}\" stated elsewhere",
                m.name, hit.quantity.text, others[0].text
            );
            let places = shown
                .iter()
                .map(|place| (place.file, place.span, place.label.clone()));
            let d = disagreement(hit, registry, message, places);
            let help = m
                .help
                .clone()
                .unwrap_or_else(|| format!("state one {} for {label} across the site", m.name));
            out.push(d.help(help));
        }
    }
    out
}

/// A place that states the range for a context: a value (with its interval) or the range's
/// claim in words.
struct Place<'a> {
    file: &'a Arc<SourceFile>,
    span: Span,
    interval: Option<(f64, f64)>,
    text: String,
    label: String,
}

/// The finding on `hit`: `message`, the value described here, and each other place with its
/// label.
fn disagreement<'h>(
    hit: &MeasureHit,
    registry: &Registry,
    message: String,
    places: impl Iterator<Item = (&'h Arc<SourceFile>, Span, String)>,
) -> Diagnostic {
    let m = &registry.measures[hit.measure];
    let mut d = Diagnostic::new(
        INCONSISTENT_QUANTITY.id,
        Category::Contradiction,
        m.severity,
        &hit.file,
        hit.span,
        message,
    )
    .label(format!("{} here", registry.units.describe(&hit.quantity)));
    for (file, span, label) in places {
        d = d.related(file, span, label);
    }
    d
}

/// Whether a value states a range: two endpoints, or a limit ("up to", "no more than").
pub(crate) fn states_a_range(q: &crate::lint::quantity::Quantity) -> bool {
    use crate::lint::quantity::Bound;
    q.lo < q.hi || matches!(q.bound, Bound::UpTo | Bound::Below)
}

pub(crate) const RULE: Rule = Rule {
    ids: &[INCONSISTENT_QUANTITY],
    hooks: &[Hook::Site(across)],
};

fn across(site: &SiteInput) -> Vec<Diagnostic> {
    let mut out = cross_check(site.measures, site.registry);
    out.extend(against_stated_ranges(
        site.measures,
        site.claims,
        site.registry,
    ));
    out
}
