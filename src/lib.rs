//! vetted: a static site generator for evidence-checked patient guides.
//!
//! `pipeline` runs the whole flow for `build`, `lint` and `serve`; each stage is a module:
//! 1. Load (`pipeline::load`): `config` reads `site.yaml`, `lint::registry` the claims
//!    registry (`lints/`), `content::load` every Markdown file with its front matter, and
//!    `markdown` makes one pass over each body for the HTML, headings, links, citations and
//!    prose. Each document is linted as it loads (`lint::check_document`: the per-sentence and
//!    per-document rules of `lint::rules`), then `site` assembles pages, sections, taxonomies
//!    and URLs.
//! 2. Site checks (`pipeline::site_checks`): contradicting claims and disagreeing quantities
//!    (`lint::cross_document`), links, citations and duplicate URLs (`lint::rules::links`),
//!    the bibliography; then suppression comments and `config.yaml` severities over all of
//!    them (`lint::settle`).
//! 3. Write (`pipeline::write`): `render` turns the site into HTML, feeds, sitemap, search
//!    index and ledger pages through Tera templates, streamed to `write`, which first checks
//!    the output folder and then publishes so that readers only ever see complete files. A
//!    folder vetted created, on the file system of `<root>/.vetted-cache/`, is
//!    double-buffered: the back buffer there is updated and exchanged with the live folder in
//!    one step (Linux). Any other folder is updated in place: changed files are written under
//!    temporary names and renamed over their targets once the whole site has rendered, stale
//!    files removed last. Bookkeeping stays in the cache folder.
//!
//! `lint` runs stages 1 and 2 on the files asked for; `serve` runs them in a watch loop,
//! renders into memory and serves with live reload, redoing only what an edit requires.

pub mod bib;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod error;
pub(crate) mod fingerprint;
pub(crate) mod html;
pub(crate) mod ledger;
pub mod lint;
pub mod markdown;
pub(crate) mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod source;
pub(crate) mod theme;
pub(crate) mod timings;
pub mod write;
pub mod yaml;
