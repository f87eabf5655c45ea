//! Registry claims: find them however they are worded, flag the unsupported ones, and point
//! out articles that take opposite stances on one topic.

use std::sync::Arc;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::{ClaimHit, MeasureHit, SentenceCheck};
use crate::lint::cues::{Modality, NonAssertion};
use crate::lint::effect;
use crate::lint::matcher::{Hit, Pattern};
use crate::lint::registry::{Claim, Registry, Verdict};
use crate::lint::rule::{Alternative, Builtin, Hook, Rule, SiteInput, Trigger};

pub(crate) const UNSUPPORTED: Builtin = Builtin {
    id: "unsupported-claim",
    category: Category::Efficacy,
    severity: Severity::Error,
    summary: "A claim the registry rates unsupported or false",
    doc: r#"## What it does
Finds the claims listed in `lints/claims.yaml` in free text, however they are worded: each claim
describes groups of terms that must occur together in one sentence (for example a product term,
an equivalence term and a prescription term), words that must not be present, and regular
expressions where terms are not enough. A sentence that asserts a claim whose verdict is
`unsupported` or `false` gets a finding (an error unless the claim sets another severity).

Negated, questioned, quoted, reported and conditional sentences do not assert the claim; nor
do claims passed on from a source ("according to the maker's website"), supposed ("is supposed
to", "in theory") or said to lack evidence ("studies showing it are lacking"). A hedge leaves
a claim open ("may", "usually"), but a use without good evidence claimed as a capability ("it
can regrow hair", "it helps a beard grow") is still claimed: the hedge tempers how much, not
whether.

## Why is this bad?
A patient guide that repeats an unsupported claim misleads readers about what a treatment can do.

## Example
```markdown
The shop cream works just as well as the prescription one.
The cheap gadget can make a patchy beard grow in.
```
Use instead:
```markdown
No trial has compared the two directly. The prescription cream has four times the dose of the
active ingredient [@leaflet2020].
```

## How to fix
Follow the claim's `help` text, which says what the evidence does support, and cite a source.
"#,
};

pub(crate) const CONTRADICTING: Builtin = Builtin {
    id: "contradicting-claims",
    category: Category::Contradiction,
    severity: Severity::Error,
    summary: "Two places take opposite stances on one registry topic",
    doc: r#"## What it does
Finds two places, in one article or in two, that take opposite stances on one registry topic:
- a claim and a claim that the registry lists under `contradicts` ("no downtime" and "expect two
  days of redness");
- a claim and its own wording negated elsewhere ("painless" and "it is not painless");
- a phrase rule's finding, which states the rule's `stance` claim ("suits every skin type"), and
  a claim opposing it or the rule's wording negated ("not everyone is a good candidate").
- a value that states a measure's range for a setting, which takes the stance of the range's
  `claim` ("at home, keep the dose between 1 and 2 mg"), and a claim opposing that claim ("at
  home, work up to higher doses").

The finding is reported once, on the side with the weaker verdict (which also has a finding of
its own: `unsupported-claim`, `overstated-efficacy` or the phrase rule's), with related
locations pointing at the other side: the nearest places in its own article, then the plainest
statements of each other article. Values of one measure that disagree across articles are
`inconsistent-quantity`.

## Why is this bad?
Readers who see two pages of one site disagree cannot know which to trust.

## Example
`shop.md`: "The shop cream is every bit as good as a prescription."
`doctor.md`: "The prescription cream is usually more effective than shop creams [@leaflet2020]."

`spa.md`: "The treatment is completely painless."
`faq.md`: "Needling is not painless: expect a prickling feeling."

## How to fix
Rewrite the unsupported side so that it agrees with the evidence, and cite it.
"#,
};

/// Records every registry claim stated in the sentence: asserted (with how it is stated), or
/// denied where an alternative asks for the denial. Every alternative is tried. One found by
/// its grammar (`effect`, `denies`) counts at every place it matches; one found by its terms
/// alone at its first place, or, when that place is negated or reported, at the next one that
/// is not ("not as good as a clinic, say sellers, but home rolling is as good as a clinic").
pub(crate) fn check(s: &mut SentenceCheck) {
    for &index in &s.candidates.claims {
        let claim = &s.registry.claims[index];
        // Every place that states the claim, once: "reduces dark circles ... and plumps the
        // lips" states an unsupported use twice; overlapping matches are one statement.
        let mut places: Vec<(std::ops::Range<usize>, Modality, bool, usize)> = Vec::new();
        // Places where the claim's wording is negated ("it is not painless"): a stance against
        // it, which another place asserting it contradicts.
        let mut denials: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for (n, alt) in claim.patterns.iter().enumerate() {
            for hit in alt.hits(s.text, &|| s.cues()) {
                if let Some(at) = places.iter().position(|p| overlap(&p.0, &hit.range)) {
                    if alt.is_plain() {
                        break;
                    }
                    // "Scars fade and disappear": a removal coordinated with a change makes
                    // the one statement a promise of removal.
                    if hit.effect == Some(effect::Kind::Remove) {
                        if let Ok((range, modality, false)) = stated(s, claim, alt, hit) {
                            let place = &mut places[at];
                            if modality.certain && !place.1.certain {
                                place.0 =
                                    place.0.start.min(range.start)..place.0.end.max(range.end);
                                place.1.certain = true;
                            }
                        }
                    }
                    continue;
                }
                let at = hit.range.clone();
                match stated(s, claim, alt, hit) {
                    Ok((range, modality, denied)) => {
                        places.push((range, modality, denied, n));
                        if alt.is_plain() {
                            break;
                        }
                    }
                    Err(Some(NonAssertion::Negated)) => {
                        if !alt.negated && !denials.iter().any(|d| overlap(&d.0, &at)) {
                            denials.push((at, n));
                        }
                    }
                    Err(Some(NonAssertion::Reported)) => {}
                    Err(_) if alt.is_plain() => break,
                    Err(_) => {}
                }
            }
        }
        let places_len = places.len();
        for (range, modality, denied, alternative) in places {
            s.out.claims.push(ClaimHit {
                claim: index,
                file: s.doc.file.clone(),
                span: s.sentence.span(range),
                cited: s.cited(),
                modality,
                denied,
                alternative,
                stance_only: false,
            });
        }
        let asserted = &s.out.claims[s.out.claims.len() - places_len..];
        let denials: Vec<_> = (denials.into_iter())
            .filter(|(range, _)| {
                let span = s.sentence.span(range.clone());
                !asserted.iter().any(|p| p.span.overlaps(&span))
            })
            .collect();
        for (range, alternative) in denials {
            s.out.claims.push(ClaimHit {
                claim: index,
                file: s.doc.file.clone(),
                span: s.sentence.span(range),
                cited: s.cited(),
                modality: Modality::default(),
                denied: true,
                alternative,
                stance_only: true,
            });
        }
    }
}

fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// How a match is stated, if it counts: asserted (with its modality), or denied for a
/// `negated` alternative. A hedged statement of an unsupported claim does not count: "may
/// help with cellulite" is no claim that it does. When it does not count, why not, if it is
/// not asserted.
fn stated(
    s: &SentenceCheck,
    claim: &Claim,
    alt: &Pattern,
    hit: Hit,
) -> Result<(std::ops::Range<usize>, Modality, bool), Option<NonAssertion>> {
    // A context found around the sentence, not in it: a cited sentence reports what a study
    // found ("In a trial, acne scars improved [@x]"), not what happens in that setting.
    if let Some(wanted) = alt.context {
        match s.context(&hit.range) {
            Some((c, in_sentence)) if c == wanted && (in_sentence || !s.cited()) => {}
            _ => return Err(None),
        }
    }
    if let Some(about) = &alt.about {
        if !s
            .scopes
            .passage(s.sentence)
            .iter()
            .any(|t| about.is_match(t))
        {
            return Err(None);
        }
    }
    let assertion = s
        .cues()
        .assertion(hit.range.clone(), &hit.parts)
        .and_then(|()| {
            s.scopes
                .framing(s.sentence, s.registry.cues())
                .map_or(Ok(()), Err)
        });
    match (alt.negated, assertion) {
        (true, Err(NonAssertion::Negated)) => Ok((hit.range, Modality::default(), true)),
        (false, Ok(())) => {
            let mut modality = s.cues().modality(&hit.range, &hit.parts);
            modality.certain |= hit.effect == Some(effect::Kind::Remove);
            // "Will give far more noticeable results" and "a doctor will get better results
            // than a home roller" compare two things: how sure the comparison is promises no
            // result (`unsupported-comparison` checks it).
            if matches!(hit.effect, Some(effect::Kind::Result) | None)
                && effect::is_comparison(&s.text[hit.range.clone()])
            {
                modality.certain = false;
                modality.superlative = false;
            }
            let bad = matches!(claim.verdict, Verdict::Unsupported | Verdict::False);
            // Safety on a condition ("safe as long as you follow the directions") is a
            // qualified statement, unless it is absolute all the same ("100% safe as long
            // as ...").
            if claim.category == Category::Safety
                && !modality.absolute()
                && s.cues().restricted(&hit.range)
            {
                return Err(Some(NonAssertion::Conditional));
            }
            if modality.established() || !bad || claims_use(claim, &modality) {
                Ok((hit.range, modality, false))
            } else {
                Err(None)
            }
        }
        (false, Err(why)) => Err(Some(why)),
        // A `negated` alternative looks for the next place that is negated.
        (true, _) => Err(Some(NonAssertion::Negated)),
    }
}

/// Whether an efficacy claim without good evidence is claimed as a use of the treatment:
/// "it can regrow hair" and "it helps hair grow" say that it does, only not how much.
fn claims_use(claim: &Claim, modality: &Modality) -> bool {
    claim.category == Category::Efficacy
        && matches!(
            claim.verdict,
            Verdict::Unsupported | Verdict::False | Verdict::Contested
        )
        && modality.asserts_use()
}

/// What a stated claim is reported as, if anything: an unsupported or false claim stated as
/// established, or an efficacy use without good evidence claimed as a capability; any
/// efficacy claim stated as certain, universal or the best; a contested one stated as
/// established without a citation.
fn finding(claim: &Claim, hit: &ClaimHit) -> Option<&'static Builtin> {
    if hit.denied {
        return None;
    }
    let m = &hit.modality;
    let asserted = m.established() || claims_use(claim, m);
    match claim.verdict {
        Verdict::Unsupported | Verdict::False if asserted => Some(&UNSUPPORTED),
        // A cited comparison ("better than at the start [@trial]") reports a result.
        _ if claim.category == Category::Efficacy
            && Modality {
                superlative: m.superlative && !hit.cited,
                ..*m
            }
            .absolute() =>
        {
            Some(&super::overstated_efficacy::OVERSTATED_EFFICACY)
        }
        Verdict::Contested if asserted && !hit.cited => Some(&UNSUPPORTED),
        _ => None,
    }
}

/// The places that oppose one claim, sorted by file and position: a hit only has to look
/// again at the run of places in its own file.
struct Opponents<'h> {
    places: Vec<&'h ClaimHit>,
    /// Distinct places (file and start) in `places`.
    distinct: usize,
}

/// One statement: "does not erase the spots completely" both denies the improvement and states
/// that the spots are not removed, at overlapping places.
fn same_place(a: &ClaimHit, b: &ClaimHit) -> bool {
    Arc::ptr_eq(&a.file, &b.file) && (a.span.start == b.span.start || a.span.overlaps(&b.span))
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
    /// one per place: how many, and those to show.
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
        // The nearest two in its own file, then the two most explicit statements of each other
        // file (denials of the claim, then by the claim's first alternatives, plain before
        // hedged: "expect two days of downtime" before "redness usually settles"): the reader
        // learns which articles disagree, and where.
        // A denial of the claim itself ("it is not painless") is the plainest opposite of all.
        let plain_first = |p: &&ClaimHit| {
            (
                p.claim != hit.claim,
                p.alternative,
                !p.modality.established(),
            )
        };
        let mut near: Vec<&ClaimHit> = same_file.iter().copied().filter(keep).collect();
        near.sort_by_key(|p| p.span.start.abs_diff(hit.span.start));
        near.dedup_by(|a, b| same_place(a, b));
        near.truncate(2);
        let mut first = near;
        for group in self.places[..from]
            .chunk_by(|a, b| Arc::ptr_eq(&a.file, &b.file))
            .chain(self.places[to..].chunk_by(|a, b| Arc::ptr_eq(&a.file, &b.file)))
        {
            if first.len() >= 12 {
                break;
            }
            let mut group: Vec<&ClaimHit> = group.to_vec();
            group.dedup_by(|a, b| same_place(a, b));
            group.sort_by_key(plain_first);
            first.extend(group.into_iter().take(2));
        }
        (count, first)
    }
}

/// Turns the claims found in all documents into findings.
pub(crate) fn cross_check(hits: &[&ClaimHit], registry: &Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Hits by claim, and for each claim the hits that can contradict it, gathered and sorted
    // once: the time grows with the number of hits, not with its square.
    // A denial of a claim ("it is not painless") is a stance against that claim only.
    let mut by_claim: Vec<Vec<&ClaimHit>> = vec![Vec::new(); registry.claims.len()];
    let mut denials: Vec<Vec<&ClaimHit>> = vec![Vec::new(); registry.claims.len()];
    for hit in hits {
        if hit.stance_only && hit.denied {
            denials[hit.claim].push(hit);
        } else {
            by_claim[hit.claim].push(hit);
        }
    }
    let mut opponents: Vec<Option<Opponents>> = (0..registry.claims.len()).map(|_| None).collect();
    // One overstatement is one finding, however many registry uses it names.
    let mut overstated: Vec<&ClaimHit> = Vec::new();
    for hit in hits {
        let claim = &registry.claims[hit.claim];
        // A phrase rule's stance is reported by the rule: only a contradiction is new.
        let rule = match (hit.stance_only, finding(claim, hit)) {
            (true, _) if hit.denied => continue,
            (true, _) => None,
            (false, Some(rule)) => Some(rule),
            (false, None) => continue,
        };
        let is_overstated =
            rule.is_some_and(|r| r.id == super::overstated_efficacy::OVERSTATED_EFFICACY.id);
        let repeated = is_overstated
            && overstated
                .iter()
                .any(|o| Arc::ptr_eq(&o.file, &hit.file) && o.span.overlaps(&hit.span));
        if is_overstated && !repeated {
            overstated.push(hit);
        }
        // The other side: opposing claims stated elsewhere, with a verdict at least as good,
        // and denials of this claim.
        let side = opponents[hit.claim].get_or_insert_with(|| {
            Opponents::new(
                (registry.opposed[hit.claim].iter())
                    .filter(|&&o| registry.claims[o].verdict <= claim.verdict)
                    .flat_map(|&o| by_claim[o].iter().copied())
                    .chain(denials[hit.claim].iter().copied())
                    .collect(),
            )
        });
        let (count, others) = side.against(hit);
        let note = registry.claim_note(&claim.id);
        let help = claim.help.clone().unwrap_or_else(|| {
            "rewrite the sentence to match the evidence and cite a source".into()
        });
        // The claim itself is one finding. Another place saying the opposite is a second
        // problem (the site disagrees with itself), reported with it.
        let mut found: Vec<Diagnostic> = (rule.filter(|_| !repeated).into_iter())
            .map(|rule| claim_finding(rule, hit, claim))
            .collect();
        if count > 0 {
            found.push(contradiction(hit, claim, count, others, registry));
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

/// The finding for a claim stated in an article: as an overstatement when `rule` says so,
/// otherwise as an unsupported (or contested) claim.
fn claim_finding(rule: &Builtin, hit: &ClaimHit, claim: &Claim) -> Diagnostic {
    if rule.id == super::overstated_efficacy::OVERSTATED_EFFICACY.id {
        return super::overstated_efficacy::diagnostic(hit, claim);
    }
    let verdict = claim.verdict.as_str();
    let message = match claim.verdict {
        Verdict::Contested => format!(
            "contested claim stated as established: {}",
            lower_first(&claim.statement)
        ),
        _ => format!("{verdict} claim: {}", lower_first(&claim.statement)),
    };
    Diagnostic::new(
        UNSUPPORTED.id,
        claim.category,
        claim.severity,
        &hit.file,
        hit.span,
        message,
    )
    .label(format!("asserts `{}` ({verdict})", claim.id))
}

/// The finding that `count` other places state the opposite of `hit`; `others` are the ones
/// shown as related places.
fn contradiction(
    hit: &ClaimHit,
    claim: &Claim,
    count: usize,
    others: Vec<&ClaimHit>,
    registry: &Registry,
) -> Diagnostic {
    let verdict = claim.verdict.as_str();
    let mut d = Diagnostic::new(
        CONTRADICTING.id,
        Category::Contradiction,
        claim.severity.max(Severity::Warning),
        &hit.file,
        hit.span,
        format!(
            "contradicts {count} other statement{} on `{}`; {}",
            if count == 1 { "" } else { "s" },
            claim.topic,
            match claim.verdict {
                // Only an overstatement of a supported claim is reported.
                Verdict::Supported => "this side overstates it".to_owned(),
                _ => format!("the registry rates this side {verdict}"),
            },
        ),
    )
    .label(format!("asserts `{}`", claim.id));
    for other in others {
        let oc = &registry.claims[other.claim];
        let stance = if other.denied { "denies" } else { "asserts" };
        d = d.related(
            &other.file,
            other.span,
            format!("{stance} `{}` ({})", oc.id, oc.verdict.as_str()),
        );
    }
    d
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) const RULE: Rule = Rule {
    ids: &[UNSUPPORTED, CONTRADICTING],
    hooks: &[
        Hook::Sentence {
            trigger: Trigger::Claims(alternatives),
            run: check,
        },
        Hook::Site(across),
    ],
};

/// Every `match` alternative of every claim: the claim, and the patterns that must all occur
/// (its terms, and the grammar's own words: an efficacy word, or an absence word).
fn alternatives(registry: &Registry) -> Vec<Alternative> {
    let effect_words = effect::pattern_text();
    let absence_words = crate::lint::matcher::absence_prefilter();
    let mut out = Vec::new();
    for (c, claim) in registry.claims.iter().enumerate() {
        for alt in &claim.patterns {
            let mut parts: Vec<String> = (alt.required().iter())
                .map(|re| re.pattern().to_owned())
                .collect();
            if alt.effect.is_some() {
                parts.push(effect_words.clone());
            }
            if alt.denies.is_some() {
                parts.push(absence_words.clone());
            }
            out.push((c, parts));
        }
    }
    out
}

fn across(site: &SiteInput) -> Vec<Diagnostic> {
    let ranges = range_stances(site.measures, site.registry);
    if ranges.is_empty() {
        return cross_check(site.claims, site.registry);
    }
    let hits: Vec<&ClaimHit> = site.claims.iter().copied().chain(ranges.iter()).collect();
    cross_check(&hits, site.registry)
}

/// A value that states the registry's range for its context ("at home, keep the dose between 1
/// and 2 mg") takes the stance of that range's claim: a place that contradicts the claim in
/// words ("at home, work up to higher doses") contradicts the value too. Only a stance: the
/// value has no finding of its own here.
pub(crate) fn range_stances(measures: &[&MeasureHit], registry: &Registry) -> Vec<ClaimHit> {
    measures
        .iter()
        .filter(|h| h.fits && super::inconsistent_quantity::states_a_range(&h.quantity))
        .filter_map(|h| {
            let context = h.context.as_deref()?;
            let range = (registry.measures[h.measure].ranges.iter())
                .find(|r| r.context.as_deref() == Some(context))?;
            let claim = registry.claim_index(range.claim.as_deref()?)?;
            // Only claims that something opposes: the others would never be looked at.
            (!registry.opposed[claim].is_empty()).then(|| ClaimHit {
                claim,
                file: h.file.clone(),
                span: h.span,
                cited: false,
                modality: Modality::default(),
                denied: false,
                alternative: usize::MAX,
                stance_only: true,
            })
        })
        .collect()
}
