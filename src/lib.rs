//! vetted: a static site generator for evidence-checked patient guides.
//!
//! The pipeline, stage by stage (each stage is a module):
//! 1. `config`: read `site.yaml`.
//! 2. `content::load`: walk `content/`, read each Markdown file, split and check its front matter.
//! 3. `markdown`: one pass over each body gives the HTML, headings, links, citations and prose.
//! 4. `lint`: the claims registry (`lints/`) is checked against the prose of every article.
//! 5. `site`: internal links and citation keys are resolved across the whole site.
//! 6. `render`: Tera templates turn pages, sections and taxonomies into HTML, feeds and sitemaps.
//! 7. `write`: the output is checked, then updated so that readers only ever see complete files
//!    (a back buffer exchanged in one step, or files renamed into place); bookkeeping stays in
//!    `<root>/.vetted-cache/`.
//!
//! `serve` wraps stages 2-7 in a watch loop with live reload.

pub mod bib;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod fingerprint;
pub mod ledger;
pub mod lint;
pub mod markdown;
pub mod render;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;
pub mod timings;
pub mod write;
pub mod yaml;
