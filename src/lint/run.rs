//! The linter's loops: each document's sentences and blocks through the rules' hooks, the
//! hooks across the site, then suppressions and severities. `rules::RULES` says which hooks
//! exist. Named here only: the suppressions, which judge the others' findings, and the
//! statistic patterns compiled ahead with the other built-in ones (`warm_up`).

use rayon::prelude::*;

use super::check::{ClaimHit, DocFindings, MeasureHit, SentenceCheck, Settings};
use super::context;
use super::prefilter::{Candidates, Patterns, Prefilter};
use super::registry::Registry;
use super::rule::{DocumentCheck, Hook, SiteInput, Trigger};
use super::rules;
use super::terms;
use super::text;
use super::{citation, cues, effect, frequency, matcher, quantity};
use crate::content::Document;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Result;

impl Registry {
    /// Loads the registry in `dir` (usually `<root>/lints`), with the prefilter of every
    /// rule's sentence hooks. A missing folder is an empty registry. (Here rather than in
    /// `registry`, which knows no rule.)
    pub fn load(dir: &std::path::Path) -> Result<Registry> {
        let ids = rules::builtins().map(|r| r.id).collect();
        Registry::load_with(
            dir,
            ids,
            &|r| Prefilter::new(&prefilter_patterns(r)),
            warm_up,
        )
    }
}

/// What the prefilter looks for, from the triggers of the sentence hooks in the order of
/// `rules::RULES`: phrase rules first, then claims, then single patterns (`Candidates::hooks`).
fn prefilter_patterns(registry: &Registry) -> Patterns {
    let mut patterns = Patterns::default();
    for hook in rules::hooks() {
        match hook {
            Hook::Sentence {
                trigger: Trigger::PhraseRules(rules),
                ..
            } => patterns.rules.extend(rules(registry)),
            Hook::Sentence {
                trigger: Trigger::Claims(alternatives),
                ..
            } => patterns.alternatives.extend(alternatives(registry)),
            Hook::Sentence {
                trigger: Trigger::Pattern { text, .. },
                ..
            } => patterns.hooks.push(text(registry)),
            _ => {}
        }
    }
    patterns
}

/// The sentence hooks with, for each, its index in `Candidates::hooks` if it has a pattern
/// of its own.
fn sentence_hooks(
) -> impl Iterator<Item = (&'static Trigger, fn(&mut SentenceCheck), Option<usize>)> {
    let mut patterns = 0;
    rules::hooks().filter_map(move |hook| match hook {
        Hook::Sentence { trigger, run } => {
            let slot = matches!(trigger, Trigger::Pattern { .. }).then(|| {
                patterns += 1;
                patterns - 1
            });
            Some((trigger, *run, slot))
        }
        _ => None,
    })
}

/// Compiles the linter's built-in patterns, which nearly every article needs. The registry
/// calls it on a second thread while the prefilter compiles: a one-file lint is mostly
/// compiling patterns, and the two halves no longer wait for each other.
pub fn warm_up() {
    cues::warm_up();
    citation::warm_up();
    effect::warm_up();
    matcher::warm_up();
    quantity::warm_up();
    frequency::warm_up();
    rules::uncited_statistic::warm_up();
}

/// Lints `docs`. Only documents for which `report(doc)` is true get findings; the others are
/// context for the checks across the site. (The bibliography is not checked.)
pub fn lint(
    docs: &[Document],
    registry: &Registry,
    settings: &Settings,
    report: &(dyn Fn(&Document) -> bool + Sync),
) -> Vec<Diagnostic> {
    let per_doc: Vec<DocFindings> = docs
        .par_iter()
        .map(|doc| check_document(doc, registry, settings))
        .collect();
    let (claims, measures) = hits(&per_doc);
    let site = SiteInput {
        docs,
        registry,
        claims: &claims,
        measures: &measures,
        report,
        content: None,
        links: None,
        published: None,
        drafts: super::rule::Drafts::Unpublished,
    };
    let found = across_site(&site, &per_doc);
    let reported: Vec<&Document> = docs.iter().filter(|d| report(d)).collect();
    let mut out = settle(&reported, found, registry, true);
    diagnostic::sort(&mut out);
    out
}

/// The findings of every document, and those of every site hook (contradicting claims,
/// disagreeing quantities, links); `per_doc[i]` holds the findings of `site.docs[i]`.
pub fn across_site(site: &SiteInput, per_doc: &[DocFindings]) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = per_doc
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    for hook in rules::hooks() {
        if let Hook::Site(run) = hook {
            found.extend(run(site));
        }
    }
    found
}

/// The findings of the registry hooks: the registry's own files (the bibliography).
pub fn registry_checks(registry: &Registry) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for hook in rules::hooks() {
        if let Hook::Registry(run) = hook {
            found.extend(run(registry));
        }
    }
    found
}

/// The claim and quantity statements of all documents, for `SiteInput`.
pub fn hits(per_doc: &[DocFindings]) -> (Vec<&ClaimHit>, Vec<&MeasureHit>) {
    let claims = per_doc.iter().flat_map(|f| &f.claims).collect();
    let measures = per_doc.iter().flat_map(|f| &f.measures).collect();
    (claims, measures)
}

/// The last step over findings in documents: suppression comments (only findings of the
/// `reported` documents are kept; with `report_unused`, unused and invalid suppressions are
/// findings too), then the severities of `config.yaml`. Unsorted.
pub fn settle(
    reported: &[&Document],
    found: Vec<Diagnostic>,
    registry: &Registry,
    report_unused: bool,
) -> Vec<Diagnostic> {
    let kept = rules::suppression::apply(reported, found, registry, report_unused);
    with_severities(kept, registry)
}

/// Applies the severities of `config.yaml`; a rule set to `off` loses its findings.
pub fn with_severities(mut found: Vec<Diagnostic>, registry: &Registry) -> Vec<Diagnostic> {
    for d in &mut found {
        if let Some(Some(level)) = registry.severity.get(&d.rule) {
            d.severity = *level;
        }
    }
    found.retain(|d| !matches!(registry.severity.get(&d.rule), Some(None)));
    found
}

/// The per-document stage for a document that will not be linted again: checks it, then
/// drops its prose (the largest part of a loaded document that rendering does not need) and,
/// when it found nothing, its source text, which a later finding (a broken link, say) reads
/// again. Most articles of a large site have no finding: their text need not stay in memory.
pub fn check_and_trim(doc: &mut Document, registry: &Registry, settings: &Settings) -> DocFindings {
    let findings = check_document(doc, registry, settings);
    doc.md.prose = Vec::new();
    if findings.diagnostics.is_empty() && findings.claims.is_empty() && findings.measures.is_empty()
    {
        doc.file = doc.file.unloaded();
    }
    findings
}

/// The per-document stage: the sentence hooks on the paragraphs whose prefilter pass found
/// their trigger, then the document hooks.
pub fn check_document(doc: &Document, registry: &Registry, settings: &Settings) -> DocFindings {
    let mut out = DocFindings::default();
    let mut documents: Vec<Box<dyn DocumentCheck + '_>> = (rules::hooks())
        .filter_map(|hook| match hook {
            Hook::Document(start) => start(doc, registry, settings),
            _ => None,
        })
        .collect();
    let blocks_wanted = documents.iter().any(|d| d.wants_blocks());
    // One split serves the sentence checks and the document checks.
    let blocks: Vec<Vec<text::Sentence>> = doc.md.prose.iter().map(text::sentences).collect();
    // What each sentence can match, found before any check runs (see `compile_needed`): a
    // sentence is scanned alone, so a paragraph's other sentences do not wake its checks.
    let candidates: Vec<Vec<Option<Candidates>>> = match &registry.prefilter {
        Some(p) => {
            let mut scratch = p.scratch();
            (blocks.iter())
                .map(|sentences| {
                    (sentences.iter())
                        .map(|s| p.candidates(s.text(), &mut scratch))
                        .collect()
                })
                .collect()
        }
        None => Vec::new(),
    };
    compile_needed(registry, candidates.iter().flatten());
    let title = Some(doc.title()).filter(|t| !t.is_empty());
    let scopes = context::Scopes::new(&doc.md.prose, title);
    for (b, (block, sentences)) in doc.md.prose.iter().zip(&blocks).enumerate() {
        if blocks_wanted {
            for check in documents.iter_mut().filter(|d| d.wants_blocks()) {
                check.block(block, sentences);
            }
        }
        let Some(block_candidates) = candidates.get(b) else {
            continue;
        };
        for (index, (sentence, candidates)) in sentences.iter().zip(block_candidates).enumerate() {
            let Some(candidates) = candidates else {
                continue;
            };
            let text = sentence.text();
            let mut check = SentenceCheck {
                doc,
                registry,
                sentence,
                sentences,
                index,
                text,
                cues: std::cell::OnceCell::new(),
                candidates,
                scopes: &scopes,
                out: &mut out,
                phrase_ranges: Vec::new(),
                quantity_ranges: Vec::new(),
            };
            for (_, run, slot) in sentence_hooks() {
                if slot.is_none_or(|i| candidates.hooks[i]) {
                    run(&mut check);
                }
            }
            if out.claim_ends.len() < out.claims.len() {
                let end = sentence.whole_span().end;
                out.claim_ends.resize(out.claims.len(), end);
            }
        }
    }
    for check in documents {
        check.finish(&mut out);
    }
    out
}

/// Compiles, on every thread, the registry patterns that these candidates call for and that
/// no document needed before. Otherwise a one-file lint compiles them one after the other
/// while the second thread waits; in a large site only the first documents find any.
fn compile_needed<'c>(
    registry: &Registry,
    candidates: impl Iterator<Item = &'c Option<Candidates>>,
) {
    let mut claims: Vec<usize> = Vec::new();
    let mut rules = vec![false; registry.rules.len()];
    let mut hooks: Vec<bool> = Vec::new();
    for c in candidates.flatten() {
        claims.extend(&c.claims);
        rules
            .iter_mut()
            .zip(&c.rules)
            .for_each(|(any, &on)| *any |= on);
        hooks.resize(c.hooks.len(), false);
        hooks
            .iter_mut()
            .zip(&c.hooks)
            .for_each(|(any, &on)| *any |= on);
    }
    claims.sort_unstable();
    claims.dedup();
    let claims_any = !claims.is_empty();
    let hook_patterns = sentence_hooks().filter_map(|(trigger, _, slot)| match trigger {
        Trigger::Pattern { compile, .. } if slot.is_some_and(|i| hooks.get(i) == Some(&true)) => {
            Some(compile)
        }
        _ => None,
    });
    let needed: Vec<&terms::Lazy> = (claims.iter())
        .flat_map(|&c| registry.claims[c].regexes())
        .chain(
            (registry.rules.iter().zip(rules))
                .filter(|&(_, on)| on)
                .flat_map(|(rule, _)| rule.regexes()),
        )
        .chain(hook_patterns.flat_map(|compile| compile(registry)))
        .chain(
            (registry.contexts.iter())
                .filter(|_| claims_any)
                .map(|(_, re)| re),
        )
        .filter(|re| !re.is_compiled())
        .collect();
    if needed.len() > 1 {
        needed.par_iter().for_each(|re| re.force());
    }
}

#[cfg(test)]
mod tests {
    /// Every built-in pattern compiles (they are compiled lazily, so a typo would otherwise
    /// surface as a panic in the middle of a lint).
    #[test]
    fn built_in_patterns_compile() {
        super::warm_up();
    }
}
