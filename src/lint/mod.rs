//! Stage 4: the claim linter.
//!
//! Per document, in parallel: every prose block is split into sentences; each sentence gets
//! its assertion cues once and is run through the phrase rules, the registry claims, the
//! statistic check and the quantity checks. Across documents: contradictions between claims
//! and disagreeing quantities. Last: suppression comments and severity overrides, then a sort,
//! so output never depends on thread timing.

pub mod citation;
pub mod context;
pub mod cues;
pub mod effect;
pub mod examples;
pub mod forms;
pub mod frequency;
pub mod matcher;
pub mod prefilter;
pub mod quantity;
pub mod registry;
pub mod rules;
pub mod terms;
pub mod text;
pub mod units;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Document;
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::source::{SourceFile, Span};
use cues::Cues;
pub use registry::Registry;
use text::Sentence;

/// Settings that come from the site rather than the registry.
#[derive(Debug, Clone)]
pub struct Settings {
    pub today: Date,
    pub review_interval_days: i64,
}

/// A registry claim stated somewhere.
#[derive(Debug, Clone)]
pub struct ClaimHit {
    pub claim: usize,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub cited: bool,
    /// How it is stated. A hedged or negated statement is only a stance: it can be the other
    /// side of a contradiction, never a finding of its own.
    pub modality: cues::Modality,
    /// Found by a `negated` alternative: the statement is denied.
    pub denied: bool,
    /// Which of the claim's `match` alternatives found it (the first are the most explicit).
    pub alternative: usize,
}

/// A value stated for a measure that must agree across articles.
#[derive(Debug, Clone)]
pub struct MeasureHit {
    pub measure: usize,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub quantity: quantity::Quantity,
    /// For a measure checked against ranges by context: the context of the value (a term
    /// group name) and whether it fits the registry's range there.
    pub context: Option<String>,
    pub fits: bool,
}

/// What checking one document produced.
#[derive(Debug, Default, Clone)]
pub struct DocFindings {
    pub diagnostics: Vec<Diagnostic>,
    pub claims: Vec<ClaimHit>,
    /// For each of `claims`, the file offset where its sentence ends (where the page puts the
    /// claim's evidence marker).
    pub claim_ends: Vec<usize>,
    pub measures: Vec<MeasureHit>,
    /// Every value checked against a range of a measure: the measure and whether it fits
    /// (what `vetted check` asks of a quantity's examples).
    pub ranged: Vec<(usize, bool)>,
}

/// The state shared by the sentence-level checks.
pub struct SentenceCheck<'a> {
    pub doc: &'a Document,
    pub registry: &'a Registry,
    pub sentence: &'a Sentence<'a>,
    /// The sentences of the block, `sentence` at `index` among them.
    pub sentences: &'a [Sentence<'a>],
    pub index: usize,
    pub text: &'a str,
    /// Assertion cues, computed on first use: most sentences never need them.
    cues: std::cell::OnceCell<Cues<'a>>,
    /// What the sentence's prefilter pass found possible.
    pub candidates: &'a prefilter::Candidates,
    /// The document's sections and dominant context, for statements whose setting matters.
    pub scopes: &'a context::Scopes<'a>,
    pub out: &'a mut DocFindings,
    /// Ranges flagged by phrase rules (a "100% safe" is not also a statistic).
    pub phrase_ranges: Vec<Range<usize>>,
    /// Ranges taken by quantities with units (a "quarter of a millimetre" is not a statistic).
    pub quantity_ranges: Vec<Range<usize>>,
}

impl SentenceCheck<'_> {
    /// Whether the sentence cites a source (see `Sentence::cited`).
    pub fn cited(&self) -> bool {
        self.sentence.cited()
    }

    /// Whether a sentence before it in its block names a source (see `text::source_before`).
    pub fn source_before(&self) -> bool {
        text::source_before(self.sentences, self.index)
    }

    pub fn cues(&self) -> &Cues<'_> {
        self.cues
            .get_or_init(|| Cues::with(self.text, self.registry.cues()))
    }

    /// The context (an index into `registry.contexts`) of the phrase at `range`, and whether
    /// the sentence names it itself.
    pub fn context(&self, range: &Range<usize>) -> Option<(usize, bool)> {
        let clause = self.cues().clause(range, self.text.len());
        self.scopes
            .context(self.registry, self.sentence, &clause, range, true)
    }

    /// The context of a value at `range`. A value takes the document's context only when the
    /// sentence speaks to the reader ("you may roll a 0.75 mm roller" in a guide to rolling at
    /// home): "needles come in sizes up to 3 mm" describes the market, not home use.
    pub fn value_context(&self, range: &Range<usize>) -> Option<usize> {
        let clause = self.cues().clause(range, self.text.len());
        // A list item or table row is a specification of what the page is about.
        let label = matches!(
            self.sentence.block.kind,
            crate::markdown::prose::BlockKind::ListItem
                | crate::markdown::prose::BlockKind::TableRow
        );
        let to_reader = label || self.cues().addresses_reader();
        self.scopes
            .context(self.registry, self.sentence, &clause, range, to_reader)
            .map(|(c, _)| c)
    }
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
    rules::statistic::warm_up();
}

/// Lints `docs`. Only documents for which `report(doc)` is true get findings; the others are
/// context for cross-document checks.
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
    finish(docs, &per_doc, registry, report)
}

/// The cross-document stage: contradictions, suppressions, severity overrides, sorting.
/// `per_doc[i]` holds the findings of `docs[i]` (the preview server caches them).
pub fn finish(
    docs: &[Document],
    per_doc: &[DocFindings],
    registry: &Registry,
    report: &(dyn Fn(&Document) -> bool + Sync),
) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = per_doc
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    let claim_hits: Vec<&ClaimHit> = per_doc.iter().flat_map(|f| &f.claims).collect();
    let measure_hits: Vec<&MeasureHit> = per_doc.iter().flat_map(|f| &f.measures).collect();
    diagnostics.extend(rules::claims::cross_check(&claim_hits, registry));
    diagnostics.extend(rules::consistency::cross_check(&measure_hits, registry));
    diagnostics.extend(rules::consistency::against_stated_ranges(
        &measure_hits,
        registry,
    ));
    let reported: Vec<&Document> = docs.iter().filter(|d| report(d)).collect();
    let mut out = rules::suppression::apply(&reported, diagnostics, registry);
    for d in &mut out {
        if let Some(Some(level)) = registry.severity.get(&d.rule) {
            d.severity = *level;
        }
    }
    out.retain(|d| !matches!(registry.severity.get(&d.rule), Some(None)));
    diagnostic::sort(&mut out);
    out
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

/// The per-document stage: sentence checks, metadata and readability.
pub fn check_document(doc: &Document, registry: &Registry, settings: &Settings) -> DocFindings {
    let mut out = DocFindings::default();
    let is_page = doc.page().is_some();
    let mut readability = rules::readability::Tally::new(registry);
    // One split serves the sentence checks and the reading grade.
    let blocks: Vec<Vec<Sentence>> = doc.md.prose.iter().map(text::sentences).collect();
    // What each sentence can match, found before any check runs (see `compile_needed`).
    let candidates: Vec<Vec<Option<prefilter::Candidates>>> = match &registry.prefilter {
        Some(p) => {
            let mut scratch = p.scratch();
            (blocks.iter())
                .map(|sentences| {
                    (sentences.iter())
                        .map(|s| p.candidates(s.text(), registry, &mut scratch))
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
        if is_page {
            readability.block(block, sentences);
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
            rules::phrase::check(&mut check);
            rules::claims::check(&mut check);
            rules::dimension::check(&mut check);
            rules::statistic::check(&mut check);
            if out.claim_ends.len() < out.claims.len() {
                let end = sentence.whole_span().end;
                out.claim_ends.resize(out.claims.len(), end);
            }
        }
    }
    // A page whose front matter could not be read gets that finding, not guesses about
    // the keys it may lack.
    rules::metadata::problems(doc, &mut out.diagnostics);
    if let Some(meta) = doc.page().filter(|_| doc.problems.is_empty()) {
        rules::metadata::check(doc, meta, settings, &mut out.diagnostics);
    }
    if is_page {
        readability.finish(doc, registry, &mut out.diagnostics);
    }
    out
}

/// Compiles, on every thread, the registry patterns that these candidates call for and that
/// no document needed before. Otherwise a one-file lint compiles them one after the other
/// while the second thread waits; in a large site only the first documents find any.
fn compile_needed<'c>(
    registry: &Registry,
    candidates: impl Iterator<Item = &'c Option<prefilter::Candidates>>,
) {
    let mut claims: Vec<usize> = Vec::new();
    let mut rules = vec![false; registry.rules.len()];
    let mut quantities = false;
    for c in candidates.flatten() {
        claims.extend(&c.claims);
        rules
            .iter_mut()
            .zip(&c.rules)
            .for_each(|(any, &on)| *any |= on);
        quantities |= c.quantities;
    }
    claims.sort_unstable();
    claims.dedup();
    let claims_any = !claims.is_empty();
    let needed: Vec<&terms::Lazy> = (claims.iter())
        .flat_map(|&c| registry.claims[c].regexes())
        .chain(
            (registry.rules.iter().zip(rules))
                .filter(|&(_, on)| on)
                .flat_map(|(rule, _)| rule.regexes()),
        )
        .chain(
            (registry.measures.iter())
                .filter(|_| quantities)
                .flat_map(registry::Measure::regexes),
        )
        .chain(
            (registry.contexts.iter())
                .filter(|_| quantities || claims_any)
                .map(|(_, re)| re),
        )
        .filter(|re| !re.is_compiled())
        .collect();
    if needed.len() > 1 {
        needed.par_iter().for_each(|re| re.force());
    }
}

/// File span of a front-matter key's line (for findings about metadata).
pub fn key_span(doc: &Document, line: usize) -> Span {
    let start = doc.file.line_start(line);
    let text = doc.file.line_text(line);
    Span::new(start, start + text.len())
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
