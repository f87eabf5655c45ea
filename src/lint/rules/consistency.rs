//! Values for one measure that do not overlap across articles (or within one).

use std::collections::BTreeMap;

use super::Builtin;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::registry::Registry;
use crate::lint::MeasureHit;

pub const RULE: Builtin = Builtin {
    id: "inconsistent-quantity",
    category: Category::Contradiction,
    severity: Severity::Warning,
    summary: "Two places give values for one measure that do not overlap",
    doc: r#"## What it does
For measures marked `consistent: true` in `lints/quantities.yaml` (session length, recovery time,
number of sessions), compares every value the site states. Two values whose ranges do not overlap
are reported once, on the value outside the registry's reference range (or on the later one),
with the other as a related location. "About" widens a value by a quarter; "up to" and "more
than" are open ranges.

## Why is this bad?
"Ten to fifteen minutes" on one page and "about an hour" on another leaves readers unsure what
to expect, and usually means one page counts something else (numbing time, the whole visit).

## Example
`a.md`: "A full-face session takes ten to fifteen minutes of needling."
`b.md`: "A full-face session takes about an hour of needling."

## How to fix
Agree on one range, and say what it includes (needling only, or the whole appointment).
"#,
};

fn overlap(a: &MeasureHit, b: &MeasureHit) -> bool {
    let (alo, ahi) = a.quantity.interval();
    let (blo, bhi) = b.quantity.interval();
    alo <= bhi && blo <= ahi
}

pub fn cross_check(hits: &[MeasureHit], registry: &Registry) -> Vec<Diagnostic> {
    // primary hit index -> conflicting hit indexes
    let mut conflicts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in hits.iter().enumerate() {
        for (j, b) in hits.iter().enumerate().skip(i + 1) {
            if a.measure != b.measure || overlap(a, b) {
                continue;
            }
            let m = &registry.measures[a.measure];
            let outside = |h: &MeasureHit| {
                m.reference
                    .as_ref()
                    .is_some_and(|r| h.quantity.lo < r.min || h.quantity.hi > r.max)
            };
            let later = |x: usize, y: usize| {
                let (hx, hy) = (&hits[x], &hits[y]);
                if (&hx.file.path, hx.span.start) >= (&hy.file.path, hy.span.start) {
                    x
                } else {
                    y
                }
            };
            let primary = match (outside(a), outside(b)) {
                (true, false) => i,
                (false, true) => j,
                _ => later(i, j),
            };
            let other = if primary == i { j } else { i };
            conflicts.entry(primary).or_default().push(other);
        }
    }
    conflicts
        .into_iter()
        .map(|(p, others)| {
            let hit = &hits[p];
            let m = &registry.measures[hit.measure];
            let first = &hits[others[0]];
            let mut d = Diagnostic::new(
                RULE.id,
                Category::Contradiction,
                m.severity,
                &hit.file,
                hit.span,
                format!(
                    "{} of \"{}\" disagrees with \"{}\" stated elsewhere",
                    m.name, hit.quantity.text, first.quantity.text
                ),
            )
            .label(format!("{} here", hit.quantity.describe()));
            for &o in others.iter().take(5) {
                let other = &hits[o];
                d = d.related(
                    &other.file,
                    other.span,
                    format!("{} here", other.quantity.describe()),
                );
            }
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
