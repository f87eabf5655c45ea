//! Registry claims: find them however they are worded, flag the unsupported ones, and point
//! out articles that take opposite stances on one topic.

use std::sync::Arc;

use super::Builtin;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::registry::{Registry, Verdict};
use crate::lint::{ClaimHit, SentenceCheck};

pub const UNSUPPORTED: Builtin = Builtin {
    id: "unsupported-claim",
    category: Category::Efficacy,
    severity: Severity::Error,
    summary: "A claim the registry rates unsupported or false",
    doc: r#"## What it does
Finds the claims listed in `lints/claims.yaml` in free text, however they are worded: each claim
describes groups of terms that must occur together in one sentence (for example a home-device term,
an equivalence term and a professional term), words that must not be present, and regular
expressions where terms are not enough. A sentence that asserts a claim whose verdict is
`unsupported` or `false` gets a finding (an error unless the claim sets another severity).

Negated, questioned, quoted, reported and conditional sentences do not assert the claim.

## Why is this bad?
A patient guide that repeats an unsupported claim misleads readers about what a treatment can do.

## Example
```markdown
Using a derma roller yourself delivers results equal to an in-office procedure.
```
Use instead:
```markdown
No trial has compared home rollers with clinic treatment directly. Clinic needles are longer
and reach deeper into the skin [@aad2018].
```

## How to fix
Follow the claim's `help` text, which says what the evidence does support, and cite a source.
"#,
};

pub const CONTRADICTING: Builtin = Builtin {
    id: "contradicting-claims",
    category: Category::Contradiction,
    severity: Severity::Error,
    summary: "Two places take opposite stances on one registry topic",
    doc: r#"## What it does
When one article (or one place in an article) asserts a claim and another asserts a claim that the
registry lists under `contradicts`, the finding is reported once, on the side with the weaker
verdict (which also gets its own `unsupported-claim` finding), with related locations pointing at
the other side.

## Why is this bad?
Readers who see two pages of one site disagree cannot know which to trust.

## Example
`home.md`: "Home treatment is every bit as good as seeing a dermatologist."
`clinic.md`: "Professional treatment is usually more effective than home rolling [@aad2018]."

## How to fix
Rewrite the unsupported side so that it agrees with the evidence, and cite it.
"#,
};

/// Records every registry claim asserted in the sentence.
pub fn check(s: &mut SentenceCheck) {
    for &index in &s.candidates.claims {
        let claim = &s.registry.claims[index];
        let Some(hit) = claim.find(s.text) else {
            continue;
        };
        if s.cues().assertion(hit.range.clone(), &hit.parts).is_err() {
            continue;
        }
        s.out.claims.push(ClaimHit {
            claim: index,
            file: s.doc.file.clone(),
            span: s.sentence.span(hit.range),
            cited: s.sentence.cited,
        });
    }
}

/// The places that oppose one claim, sorted by file and position: a hit only has to look
/// again at the run of places in its own file.
struct Opponents<'h> {
    places: Vec<&'h ClaimHit>,
    /// Distinct places (file and start) in `places`.
    distinct: usize,
}

fn same_place(a: &ClaimHit, b: &ClaimHit) -> bool {
    Arc::ptr_eq(&a.file, &b.file) && a.span.start == b.span.start
}

fn distinct_places<'a>(places: impl Iterator<Item = &'a ClaimHit>) -> usize {
    let mut count = 0;
    let mut last: Option<&ClaimHit> = None;
    for p in places {
        if !last.is_some_and(|l| same_place(l, p)) {
            count += 1;
        }
        last = Some(p);
    }
    count
}

impl<'h> Opponents<'h> {
    fn new(mut places: Vec<&'h ClaimHit>) -> Opponents<'h> {
        // Stable: among hits at the same place, the first in claim order is the one named.
        places.sort_by(|a, b| {
            (a.file.path.as_os_str(), a.span.start).cmp(&(b.file.path.as_os_str(), b.span.start))
        });
        let distinct = distinct_places(places.iter().copied());
        Opponents { places, distinct }
    }

    /// The opposing places for `hit` (the hit itself and places overlapping it left out),
    /// one per place: how many, and the first five.
    fn against(&self, hit: &ClaimHit) -> (usize, Vec<&'h ClaimHit>) {
        let path = hit.file.path.as_os_str();
        let from = self
            .places
            .partition_point(|p| p.file.path.as_os_str() < path);
        let to = from + self.places[from..].partition_point(|p| p.file.path.as_os_str() == path);
        let keep = |p: &&ClaimHit| !(Arc::ptr_eq(&p.file, &hit.file) && p.span.overlaps(&hit.span));
        let same_file = &self.places[from..to];
        let count = self.distinct - distinct_places(same_file.iter().copied())
            + distinct_places(same_file.iter().copied().filter(keep));
        let mut first: Vec<&ClaimHit> = Vec::new();
        for p in self.places.iter().copied().filter(keep) {
            if first.len() == 5 {
                break;
            }
            if !first.last().is_some_and(|l| same_place(l, p)) {
                first.push(p);
            }
        }
        (count, first)
    }
}

/// Turns the claims found in all documents into findings.
pub fn cross_check(hits: &[&ClaimHit], registry: &Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Hits by claim, and for each claim the hits that can contradict it, gathered and sorted
    // once: the time grows with the number of hits, not with its square.
    let mut by_claim: Vec<Vec<&ClaimHit>> = vec![Vec::new(); registry.claims.len()];
    for hit in hits {
        by_claim[hit.claim].push(hit);
    }
    let mut opponents: Vec<Option<Opponents>> = (0..registry.claims.len()).map(|_| None).collect();
    for hit in hits {
        let claim = &registry.claims[hit.claim];
        if !matches!(claim.verdict, Verdict::Unsupported | Verdict::False) {
            continue;
        }
        // The other side: opposing claims asserted elsewhere, with a verdict at least as good.
        let side = opponents[hit.claim].get_or_insert_with(|| {
            Opponents::new(
                (registry.opposed[hit.claim].iter())
                    .filter(|&&o| registry.claims[o].verdict <= claim.verdict)
                    .flat_map(|&o| by_claim[o].iter().copied())
                    .collect(),
            )
        });
        let (count, others) = side.against(hit);
        let note = registry.claim_note(&claim.id);
        let help = claim.help.clone().unwrap_or_else(|| {
            "rewrite the sentence to match the evidence and cite a source".into()
        });
        // The claim itself is unsupported: that is one finding. Another place saying the
        // opposite is a second problem (the site disagrees with itself), reported with it.
        let verdict = claim.verdict.as_str();
        let mut found = vec![Diagnostic::new(
            UNSUPPORTED.id,
            claim.category,
            claim.severity,
            &hit.file,
            hit.span,
            format!("{verdict} claim: {}", lower_first(&claim.statement)),
        )
        .label(format!("asserts `{}` ({verdict})", claim.id))];
        if count > 0 {
            let mut d = Diagnostic::new(
                CONTRADICTING.id,
                Category::Contradiction,
                claim.severity.max(Severity::Warning),
                &hit.file,
                hit.span,
                format!(
                    "contradicts {count} other statement{} on `{}`; the registry rates this side {verdict}",
                    if count == 1 { "" } else { "s" },
                    claim.topic,
                ),
            )
            .label(format!("asserts `{}`", claim.id));
            for other in others {
                let oc = &registry.claims[other.claim];
                d = d.related(
                    &other.file,
                    other.span,
                    format!("asserts `{}` ({})", oc.id, oc.verdict.as_str()),
                );
            }
            found.push(d);
        }
        for d in found {
            let mut d = d.claim(claim.id.clone()).help(help.clone());
            if let Some(note) = &note {
                d = d.note(note.clone());
            }
            out.push(d);
        }
    }
    out
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
