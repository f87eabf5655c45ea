//! The preview's in-memory build, rebuilt as little as a change requires.
//!
//! | change | what is redone |
//! |---|---|
//! | an article's text | that article is re-parsed and re-linted; it, the listings, taxonomy pages, the evidence ledger and feeds are re-rendered |
//! | an article added, removed or renamed, a section, `site.yaml`, `lints/` | everything (the ledger's pages and the articles' evidence markers come from the registry) |
//! | a template or static file | templates reloaded, every page re-rendered; nothing re-parsed or re-linted |

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{LintMode, SiteConfig};
use crate::content::load;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::lint::DocFindings;
use crate::pipeline;
use crate::render::{self, templates, OutputFile, Renderer};
use crate::site::{LoadOptions, Site};

/// What changed on disk, from the most to the least work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Everything,
    Registry,
    Theme,
    /// Paths of changed Markdown files.
    Content(Vec<PathBuf>),
}

/// The last successful build, served from memory.
pub struct Preview {
    pub root: PathBuf,
    options: LoadOptions,
    pub site: Site,
    tera: Tera,
    template_files: crate::theme::Files,
    per_doc: Vec<DocFindings>,
    /// Shared with the served snapshots, which read it without copying.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Output path -> bytes.
    pub files: HashMap<String, Arc<Vec<u8>>>,
}

impl Preview {
    /// A full build in memory.
    pub fn build(root: &Path, options: &LoadOptions) -> Result<Preview> {
        let config = SiteConfig::load(root)?;
        let mode = config.lint;
        let (site, per_doc) = pipeline::load(root, config, options, mode)?;
        let (tera, template_files) = templates::load(root, &site.config.theme)?;
        let mut preview = Preview {
            root: root.to_path_buf(),
            options: options.clone(),
            site,
            tera,
            template_files,
            per_doc,
            diagnostics: Arc::default(),
            files: HashMap::new(),
        };
        preview.finish_lint();
        let files = preview.render_all()?;
        preview.files = files
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        Ok(preview)
    }

    fn finish_lint(&mut self) {
        let scope = pipeline::Scope::site(self.site.config.lint);
        let diagnostics =
            pipeline::site_checks(&self.site.docs, &self.per_doc, &self.site.registry, &scope);
        self.diagnostics = Arc::new(diagnostics);
    }

    fn template_error(&self, e: tera::Error) -> Error {
        templates::template_error(&e, &self.template_files)
    }

    fn render_all(&self) -> Result<Vec<OutputFile>> {
        templates::check_chosen(&self.site, &self.tera)?;
        let r = Renderer::new(&self.site, &self.tera);
        let pages: Vec<usize> = self.site.page_indexes().collect();
        let mut out: Vec<OutputFile> = pages
            .par_iter()
            .map(|&i| r.page(i).map_err(|e| self.template_error(e)))
            .collect::<Result<_>>()?;
        out.extend(r.listings().map_err(|e| self.template_error(e))?);
        out.extend(render::site_files(&self.site)?);
        Ok(out)
    }

    /// Applies a change; on error the previous state stays as it was.
    pub fn update(&mut self, change: &Change) -> Result<()> {
        match change {
            Change::Everything | Change::Registry => {
                *self = Preview::build(&self.root, &self.options)?;
                Ok(())
            }
            Change::Theme => self.retheme(),
            Change::Content(paths) => self.reload(paths),
        }
    }

    fn retheme(&mut self) -> Result<()> {
        let (tera, files) = templates::load(&self.root, &self.site.config.theme)?;
        let ledger = self.site.config.ledger && files.contains_key(crate::ledger::CLAIM_TEMPLATE);
        if ledger != self.site.ledger.published {
            // The ledger's templates came or went: the articles' markers with them.
            return self.update(&Change::Everything);
        }
        let old_tera = std::mem::replace(&mut self.tera, tera);
        let old_files = std::mem::replace(&mut self.template_files, files);
        match self.render_all() {
            Ok(out) => {
                self.files = out
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect();
                Ok(())
            }
            Err(e) => {
                self.tera = old_tera;
                self.template_files = old_files;
                Err(e)
            }
        }
    }

    /// Re-parses changed articles; anything structural falls back to a full build.
    fn reload(&mut self, paths: &[PathBuf]) -> Result<()> {
        let content = self.root.join("content");
        let mut changed = Vec::new();
        for path in paths {
            let index = self
                .site
                .docs
                .iter()
                .position(|d| same_file(&d.file.path, path));
            let (Some(index), true) = (index, path.is_file()) else {
                return self.update(&Change::Everything); // added or removed
            };
            let old = &self.site.docs[index];
            let doc = load::load_document(
                path,
                old.rel.clone(),
                &self.site.config,
                &self.site.registry.bib,
                load::Purpose::Site,
            )?;
            let structural = doc.is_section()
                || doc.url_path() != old.url_path()
                || doc.is_draft() != old.is_draft()
                || doc.title() != old.title();
            if structural || !same_dir(path, &content) {
                return self.update(&Change::Everything);
            }
            changed.push((index, doc));
        }
        let mut previous = Vec::new();
        for (index, doc) in changed {
            previous.push((index, std::mem::replace(&mut self.site.docs[index], doc)));
        }
        self.site.reindex();
        // Linted before rendering: the articles' evidence markers and the ledger's lists of
        // articles come from the findings.
        let settings = pipeline::settings(&self.site.config);
        let linted = self.site.config.lint != LintMode::Off;
        let indexes: Vec<usize> = previous.iter().map(|(i, _)| *i).collect();
        let old_findings: Vec<DocFindings> = (indexes.iter())
            .map(|&i| {
                let fresh = if linted {
                    pipeline::lint_document(&self.site.docs[i], &self.site.registry, &settings)
                } else {
                    DocFindings::default()
                };
                std::mem::replace(&mut self.per_doc[i], fresh)
            })
            .collect();
        let rendered = self
            .site
            .mark_claims(&self.per_doc, Some(&indexes))
            .and_then(|()| templates::check_chosen(&self.site, &self.tera))
            .and_then(|()| {
                let r = Renderer::new(&self.site, &self.tera);
                let pages: Result<Vec<OutputFile>> = indexes
                    .iter()
                    .map(|i| r.page(*i).map_err(|e| self.template_error(e)))
                    .collect();
                pages.and_then(|mut out| {
                    out.extend(r.listings().map_err(|e| self.template_error(e))?);
                    out.extend(render::site_files(&self.site)?);
                    Ok(out)
                })
            });
        let out = match rendered {
            Ok(out) => out,
            Err(e) => {
                for ((index, doc), findings) in previous.into_iter().zip(old_findings) {
                    self.site.docs[index] = doc;
                    self.per_doc[index] = findings;
                }
                self.site.reindex();
                // The documents put back have their markers: nothing is rendered again.
                let _ = self.site.mark_claims(&self.per_doc, Some(&[]));
                return Err(e);
            }
        };
        for f in out {
            self.files.insert(f.path, Arc::new(f.bytes));
        }
        self.finish_lint();
        Ok(())
    }
}

/// What requests read: an immutable picture of the preview, made after every rebuild and
/// swapped in whole, so that answering a request never waits for a rebuild or holds a lock
/// while writing to a client. Files are shared with the preview, not copied.
pub struct Snapshot {
    /// Changes after every rebuild; pages carry it so that a reconnecting browser can tell
    /// whether it missed one.
    pub build: String,
    /// The error of the last rebuild, if it failed: shown instead of pages until fixed.
    pub error: Option<String>,
    /// Whether a build ever succeeded: without one, `files` holds only the static files.
    pub built: bool,
    pub root_path: String,
    /// Output path -> bytes.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Page URL -> indexes into `diagnostics` of the findings in that page's article.
    pub findings: HashMap<String, Vec<usize>>,
}

impl Snapshot {
    pub fn of(preview: &Preview, error: Option<String>, build: String) -> Snapshot {
        let site = &preview.site;
        let url_of: HashMap<&Path, &str> = (0..site.docs.len())
            .map(|i| (site.docs[i].file.path.as_path(), site.url(i)))
            .collect();
        let mut findings: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in preview.diagnostics.iter().enumerate() {
            if let Some(url) = url_of.get(d.file.path.as_path()) {
                findings.entry((*url).to_owned()).or_default().push(i);
            }
        }
        Snapshot {
            build,
            error,
            built: true,
            root_path: site.config.root_path().to_owned(),
            files: preview.files.clone(),
            diagnostics: Arc::clone(&preview.diagnostics),
            findings,
        }
    }

    /// No build has succeeded yet: the error, and the static files so that they are still
    /// served (an unreadable `site.yaml` falls back to the default theme's).
    pub fn failed(root: &Path, error: String, build: String) -> Snapshot {
        let config = SiteConfig::load(root).unwrap_or_default();
        let files = crate::theme::static_files(root, &config.theme)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(rel, origin)| Some((rel, Arc::new(origin.read().ok()?.into_owned()))))
            .collect();
        Snapshot {
            build,
            error: Some(error),
            built: false,
            root_path: config.root_path().to_owned(),
            files,
            diagnostics: Arc::default(),
            findings: HashMap::new(),
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || std::fs::canonicalize(a)
            .ok()
            .zip(std::fs::canonicalize(b).ok())
            .is_some_and(|(x, y)| x == y)
}

fn same_dir(path: &Path, dir: &Path) -> bool {
    std::fs::canonicalize(path)
        .ok()
        .zip(std::fs::canonicalize(dir).ok())
        .is_some_and(|(p, d)| p.starts_with(d))
}
