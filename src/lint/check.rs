//! What the rules are given and what they produce: the state of a sentence check, the
//! findings of one document, and the site's settings.

use std::ops::Range;
use std::sync::Arc;

use super::context;
use super::cues::{self, Cues};
use super::prefilter;
use super::quantity;
use super::registry::Registry;
use super::text::{self, Sentence};
use crate::content::Document;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

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
    /// Only a stance for the cross-check, with no finding and no evidence marker of its own:
    /// the claim's wording negated ("it is not painless"; `denied` is then set), or the
    /// `stance` claim of a phrase rule's finding, which the rule reports itself.
    pub stance_only: bool,
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
    /// For a measure whose values must agree within a setting (`per_setting`): the setting the
    /// value is stated for (a context term group, from the sentence out to the document), if
    /// any. Values for two different settings are not compared: a short redness after home
    /// rolling and a longer one after clinic treatment can both be right.
    pub setting: Option<String>,
    /// For a measure that `depends_on` another: the interval of the nearest value of that
    /// measure's dimension in the sentence ("a 0.25 mm roller can be used daily").
    pub condition: Option<(f64, f64)>,
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
    pub(super) cues: std::cell::OnceCell<Cues<'a>>,
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
    /// home), advises or tells of a choice ("we recommend 1.5 mm"): "needles come in sizes up
    /// to 3 mm" describes the market, not home use.
    pub fn value_context(&self, range: &Range<usize>) -> Option<usize> {
        let clause = self.cues().clause(range, self.text.len());
        // A list item or table row is a specification of what the page is about.
        let label = matches!(
            self.sentence.block.kind,
            crate::markdown::prose::BlockKind::ListItem
                | crate::markdown::prose::BlockKind::TableRow
        );
        let cues = self.cues();
        let to_reader = label || cues.addresses_reader() || cues.advises_or_chooses();
        let (context, in_sentence) =
            self.scopes
                .context(self.registry, self.sentence, &clause, range, to_reader)?;
        // A finding about particular things takes no setting from around it.
        (in_sentence || !cues.reports_finding() && !self.reports_study()).then_some(context)
    }

    /// The setting (a context) a value at `range` is stated for, and whether the sentence
    /// names it. A study's account takes no setting from around it: "the trial gave 50 mg
    /// twice a week [@x]" on a page about home use tells what the trial did.
    pub fn setting_of_value(&self, range: &Range<usize>) -> Option<(usize, bool)> {
        self.context(range)
            .filter(|&(_, in_sentence)| in_sentence || !self.reports_study())
    }

    /// Whether the sentence gives an account of a study: it is cited or names its source, or
    /// its section's heading names one ("The key trial: Smith et al. 2013").
    pub fn reports_study(&self) -> bool {
        self.cited()
            || self
                .scopes
                .heading(self.sentence)
                .is_some_and(super::citation::names_a_source)
    }
}

/// File span of a front-matter key's line (for findings about metadata).
pub fn key_span(doc: &Document, line: usize) -> Span {
    let start = doc.file.line_start(line);
    let text = doc.file.line_text(line);
    Span::new(start, start + text.len())
}
