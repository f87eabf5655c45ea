//! What a built-in rule is: the ids it reports, with their documentation, and the hooks by
//! which the linter runs it. `rules::RULES` lists them; the linter's loops (`run`) and the
//! prefilter are built from that list, so a new rule is a file and a line there.

use super::check::{ClaimHit, DocFindings, MeasureHit, SentenceCheck, Settings};
use super::registry::Registry;
use super::terms::Lazy;
use super::text::Sentence;
use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::markdown::prose::ProseBlock;

/// A finding's rule id and its documentation (printed by `vetted explain`).
pub(crate) struct Builtin {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
}

/// A built-in rule: the ids its findings carry (a file may hold a family of them, such as
/// `broken-link` and `unknown-citation`) and where it runs.
pub(crate) struct Rule {
    pub ids: &'static [Builtin],
    pub hooks: &'static [Hook],
}

/// Where the linter runs a rule.
pub(crate) enum Hook {
    /// On every sentence of a paragraph in which `trigger` occurs, in the order of `RULES`
    /// (a later check sees the ranges an earlier one took).
    Sentence {
        trigger: Trigger,
        run: fn(&mut SentenceCheck),
    },
    /// Once per document, after its sentences; `start` may decline a document.
    Document(DocumentStart),
    /// Across the site, before suppressions and severities.
    Site(fn(&SiteInput) -> Vec<Diagnostic>),
    /// Over the registry's own files when the whole site is linted; no comment in an article
    /// suppresses these, severities still apply.
    Registry(fn(&Registry) -> Vec<Diagnostic>),
}

/// Starts a document's check, or declines the document.
pub(crate) type DocumentStart =
    for<'a> fn(&'a Document, &'a Registry, &'a Settings) -> Option<Box<dyn DocumentCheck + 'a>>;

/// What a sentence hook's paragraph must contain: the prefilter scans each paragraph once for
/// every trigger of every rule and runs only the hooks whose trigger occurs.
pub(crate) enum Trigger {
    /// A pattern made from the registry; `compile` names the registry patterns the check
    /// will need where it occurs (compiled ahead, on every thread).
    Pattern {
        text: fn(&Registry) -> String,
        compile: fn(&Registry) -> Vec<&Lazy>,
    },
    /// Each phrase rule of the registry by its own patterns (`Candidates::rules`).
    PhraseRules(fn(&Registry) -> Vec<Vec<String>>),
    /// Each claim alternative by its required parts (`Candidates::claims`).
    Claims(fn(&Registry) -> Vec<Alternative>),
}

/// A claim (its index in the registry) and the patterns that must all occur for it.
pub(crate) type Alternative = (usize, Vec<String>);

/// A document-level check under way: it may see each prose block with its sentences (of pages
/// only, when it asks), then reports.
pub(crate) trait DocumentCheck {
    /// Whether `block` is to be called for each prose block.
    fn wants_blocks(&self) -> bool {
        false
    }
    fn block(&mut self, _block: &ProseBlock, _sentences: &[Sentence]) {}
    fn finish(self: Box<Self>, out: &mut DocFindings);
}

/// How the documents checked hold the site's drafts (`draft: true`), which a build publishes
/// only with `--drafts`: a link from a published page to an unpublished draft is broken.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Drafts<'a> {
    /// Loaded and published (`--drafts`): a draft is a page like any other.
    Published,
    /// Loaded, though a build would leave them out (`vetted lint`).
    Unpublished,
    /// Left out of the documents (a build or preview without `--drafts`): the files of this
    /// content folder that were not loaded.
    LeftOut(&'a std::path::Path),
}

/// What a site hook is given.
pub struct SiteInput<'a> {
    pub docs: &'a [Document],
    pub registry: &'a Registry,
    pub claims: &'a [&'a ClaimHit],
    pub measures: &'a [&'a MeasureHit],
    /// Documents for which this is false are context: they get no findings.
    pub report: &'a (dyn Fn(&Document) -> bool + Sync),
    /// Links to documents that were not loaded are checked against this content folder.
    pub content: Option<&'a std::path::Path>,
    /// Link findings kept from the last check (the preview's), reused where still valid.
    pub(crate) links: Option<&'a super::link_cache::LinkCache>,
    /// What the site publishes besides its documents, for links to other paths of the site
    /// (`None`: those are not checked).
    pub(crate) published: Option<&'a super::site_paths::Published>,
    /// Whether the documents include the drafts, and whether they are published.
    pub(crate) drafts: Drafts<'a>,
}
