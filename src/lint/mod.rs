//! The claim linter: per document in the load stage, across documents in the site checks
//! (`pipeline`).
//!
//! Each built-in rule (`rules`, listed in `rules::RULES`) declares its hooks (`rule`): per
//! sentence with the patterns its paragraph must contain, per document, across the site, or
//! over the registry's files. `run` holds the loops: per document, in parallel, every prose
//! block that the prefilter lets through is split into sentences and run through the sentence
//! hooks, then the document hooks report; across the site, the site hooks (contradicting
//! claims, disagreeing quantities, links). Last: suppression comments and severity
//! overrides, then a sort, so output never depends on thread timing.

pub(crate) mod amount;
pub(crate) mod check;
pub mod citation;
pub(crate) mod context;
pub mod cues;
pub mod effect;
pub(crate) mod examples;
pub(crate) mod forms;
pub(crate) mod frequency;
pub(crate) mod link_cache;
pub(crate) mod matcher;
pub(crate) mod prefilter;
pub mod quantity;
pub(crate) mod registry;
pub(crate) mod rule;
pub(crate) mod rules;
mod run;
pub(crate) mod site_paths;
pub(crate) mod terms;
pub mod text;
pub mod units;

pub use check::{key_span, ClaimHit, DocFindings, MeasureHit, SentenceCheck, Settings};
pub use registry::Registry;
pub use run::{
    across_site, check_and_trim, check_document, hits, lint, registry_checks, settle, warm_up,
    with_severities,
};
