//! The whole flow in one place, used by `build`, `lint` and `serve` alike:
//!
//! 1. [`load`]: `config` (`site.yaml`, read once by the caller), the claims registry
//!    (`lint::registry`) and `content::load`, which reads every Markdown file and runs
//!    `markdown` over it; each document is linted right after it loads, while it is still in
//!    cache (`lint::check_and_trim`: the sentence and document hooks of `lint::rules`).
//! 2. [`site_checks`]: what needs the whole site, the site hooks (`lint::across_site`):
//!    contradicting claims, disagreeing quantities, links, citations and duplicate URLs; and
//!    the registry hooks (the bibliography). THEN suppression comments and `config.yaml`
//!    severities over all of those findings (`lint::settle`), and a sort.
//! 3. [`write`]: `render` (Tera templates, feeds, sitemap, search index, ledger) streamed
//!    into `write::Staging`, which publishes the output once it is complete.
//!
//! `serve` runs load and site checks through these functions ([`lint_document`] after an
//! edit) and renders in memory (`serve::state`), again in part after an edit.

use std::path::Path;
use std::sync::OnceLock;

use crate::config::{LintMode, SiteConfig};
use crate::content::{load, Document};
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::lint::link_cache::LinkCache;
use crate::lint::rule::{Drafts, SiteInput};
use crate::lint::site_paths::Published;
use crate::lint::{self, DocFindings, Registry, Settings};
use crate::render;
use crate::site::{LoadOptions, Site};
use crate::timings::Timer;
use crate::write::{self, Target, WriteStats};

/// The settings of the per-document lint that come from `site.yaml`.
pub(crate) fn settings(config: &SiteConfig) -> Settings {
    Settings {
        today: Date::today(),
        review_interval_days: config.review_interval_days,
    }
}

/// Lints one document again, keeping its prose: the preview after an edit.
pub(crate) fn lint_document(
    doc: &Document,
    registry: &Registry,
    settings: &Settings,
) -> DocFindings {
    lint::check_document(doc, registry, settings)
}

/// Load: the registry and every document of the site at `root`, each linted as it loads
/// unless `mode` is off (and drafts left out unless asked for). `per_doc[i]` holds the
/// findings of `site.docs[i]`.
pub(crate) fn load(
    root: &Path,
    mut config: SiteConfig,
    options: &LoadOptions,
    mode: LintMode,
) -> Result<(Site, Vec<DocFindings>)> {
    if let Some(url) = &options.base_url {
        crate::config::check_base_url(url)
            .map_err(|problem| Error::new(format!("invalid `--base-url`: {problem}")))?;
        config.base_url = url.trim_end_matches('/').to_owned();
    }
    let content = root.join("content");
    // The files are read while the registry compiles: neither needs the other.
    let (registry, files) = rayon::join(
        || Registry::load(&root.join("lints")),
        || content.is_dir().then(|| load::read_dir(&content, root)),
    );
    let registry = registry?;
    let settings = settings(&config);
    let check = |doc: &mut Document| {
        let skip = doc.is_draft() && !options.drafts;
        if mode != LintMode::Off && !skip {
            lint::check_and_trim(doc, &registry, &settings)
        } else {
            DocFindings::default()
        }
    };
    let mut loaded = match files {
        Some(files) => {
            let purpose = load::Purpose::Site;
            load::load_dir_with(files?, &config, &registry.bib, purpose, &check)?
        }
        None => Vec::new(),
    };
    if !options.drafts {
        loaded.retain(|(d, _)| !d.is_draft());
    }
    let (docs, per_doc): (Vec<Document>, Vec<DocFindings>) = loaded.into_iter().unzip();
    let mut site = Site::assemble(root.to_path_buf(), config, registry, docs);
    site.set_claims(&per_doc)?;
    Ok((site, per_doc))
}

/// What the site-wide checks look at and report.
pub(crate) struct Scope<'a> {
    /// Documents for which this is false are context (links, contradictions): no findings.
    pub report: &'a (dyn Fn(&Document) -> bool + Sync),
    /// Links to documents that were not loaded are checked against this content folder.
    pub content: Option<&'a Path>,
    /// The claim lint (`lint: off` keeps only the link checks, which stop a build always).
    pub lint: bool,
    /// Whether the whole site is checked, so the bibliography too.
    pub whole_site: bool,
    /// What the last site checks found that still holds (the preview's); none for a build or
    /// a lint, which check once.
    pub kept: Option<&'a Kept>,
    /// What the site publishes besides its documents (links to other paths of the site are
    /// checked against it; `None` leaves them unchecked).
    pub published: Option<&'a Published>,
    /// Whether the documents include the drafts, and whether they are published.
    pub drafts: Drafts<'a>,
}

impl Scope<'static> {
    /// Every document of a site, linted as `mode` says.
    pub(crate) fn site(mode: LintMode) -> Scope<'static> {
        Scope {
            report: &|_| true,
            content: None,
            lint: mode != LintMode::Off,
            whole_site: true,
            kept: None,
            published: None,
            drafts: Drafts::Published,
        }
    }
}

/// What the preview keeps between saves so that a save checks again only what it changed.
/// Only findings before suppressions and severities are kept: those run over all of them on
/// every check, as for a build.
#[derive(Default)]
pub(crate) struct Kept {
    /// Link findings per article; the preview forgets those an edit may change.
    pub(crate) links: LinkCache,
    /// The registry's own findings: the preview starts afresh when `lints/` changes.
    registry: OnceLock<Vec<Diagnostic>>,
}

/// Site checks: the checks across documents, then suppressions and severities over all findings,
/// sorted so that output never depends on thread timing.
pub(crate) fn site_checks(
    docs: &[Document],
    per_doc: &[DocFindings],
    registry: &Registry,
    scope: &Scope,
) -> Vec<Diagnostic> {
    let (claims, measures) = lint::hits(per_doc);
    let site = SiteInput {
        docs,
        registry,
        claims: &claims,
        measures: &measures,
        report: scope.report,
        content: scope.content,
        links: scope.kept.map(|k| &k.links),
        published: scope.published,
        drafts: scope.drafts,
    };
    let found = lint::across_site(&site, per_doc);
    let reported: Vec<&Document> = docs.iter().filter(|d| (scope.report)(d)).collect();
    let mut out = lint::settle(&reported, found, registry, scope.lint);
    if scope.lint && scope.whole_site {
        // Findings in the registry's own files: no comment in an article suppresses them.
        let found = match scope.kept {
            Some(kept) => (kept.registry)
                .get_or_init(|| lint::registry_checks(registry))
                .clone(),
            None => lint::registry_checks(registry),
        };
        out.extend(lint::with_severities(found, registry));
    }
    diagnostic::sort(&mut out);
    out
}

/// Write: renders the site into the output folder, which changes only once every file is
/// there. Returns how many files the site has and what writing did.
pub(crate) fn write(
    site: &Site,
    target: &Target,
    timer: &mut Timer,
) -> Result<(usize, WriteStats)> {
    let staging = write::Staging::begin(target)?;
    let count = std::sync::atomic::AtomicUsize::new(0);
    render::render_into(site, &|file| {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        staging.put(&file)
    })?;
    timer.lap("render");
    let stats = staging.commit()?;
    timer.lap("swap");
    Ok((count.into_inner(), stats))
}
