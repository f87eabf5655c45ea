//! The preview's in-memory build, rebuilt as little as a change requires.
//!
//! | change | what is redone |
//! |---|---|
//! | an article's text, title, dates or terms | that article is parsed and linted again; the site checks (links, contradictions, quantities, suppressions: `pipeline::site_checks`) run on the kept per-article findings, with the links checked again only for that article and those linking to it when its headings changed (`pipeline::Kept`); pages and listings are rendered again only where what they show changed (`render::partial`), the search index only for its terms |
//! | an article added, removed or renamed, a section, a URL or alias | the changed files are parsed and linted, the others kept; links checked again for those files and the articles linking to them; pages and listings rendered again where their inputs changed (`partial::Cache::rebuild`), the search index only for the articles added or moved |
//! | `site.yaml`, `lints/` | everything (the ledger's pages and the articles' evidence markers come from the registry) |
//! | a template or static file | templates reloaded, every page re-rendered; nothing re-parsed or re-linted |
//!
//! Output files are compared with what was served: an update that changes nothing the browser
//! shows says so, and no reload is sent.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::config::{LintMode, SiteConfig};
use crate::content::{load, Document};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::lint::link_cache::LinkCache;
use crate::lint::rule::Drafts;
use crate::lint::site_paths::Published;
use crate::lint::{DocFindings, Settings};
use crate::pipeline;
use crate::render::partial::{self, Touched};
use crate::render::{templates, OutputFile};
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
    /// The site checks' findings that an edit did not change (links, the registry's own).
    kept: pipeline::Kept,
    /// Shared with the served snapshots, which read it without copying.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Output path -> bytes.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// What was rendered from what; `None` after a failed update (everything is rendered
    /// again next time).
    rendered: Option<partial::Cache>,
    /// Output paths of the static files, kept until the theme changes.
    statics: HashSet<String>,
}

/// The per-document lint of an edited article (none under `lint: off`).
fn lint_document(site: &Site, doc: &Document, settings: &Settings) -> DocFindings {
    if site.config.lint == LintMode::Off {
        DocFindings::default()
    } else {
        pipeline::lint_document(doc, &site.registry, settings)
    }
}

/// A document loaded again, and what it replaces.
struct Edit {
    rel: String,
    old: Option<usize>,
    new: Option<Document>,
}

/// What a document shows in listings, related pages and the ledger, to tell whether an edit
/// reaches beyond its own page.
fn related_inputs(doc: &Document) -> impl PartialEq + '_ {
    let meta = doc.page();
    let targets: std::collections::BTreeSet<&str> = (doc.md.links.iter())
        .filter_map(|l| l.target.as_deref())
        .collect();
    (doc.title(), meta.map(|m| (m.date, &m.taxonomies)), targets)
}

/// What ranks a document among the related pages of others, titles aside (they only break
/// ties).
fn rank_inputs(doc: &Document) -> impl PartialEq + '_ {
    let meta = doc.page();
    let targets: std::collections::BTreeSet<&str> = (doc.md.links.iter())
        .filter_map(|l| l.target.as_deref())
        .collect();
    (meta.map(|m| (m.date, &m.taxonomies)), targets)
}

/// What orders a document in listings and which taxonomy pages list it.
fn listing_order(doc: &Document) -> impl PartialEq + '_ {
    (
        doc.title(),
        doc.page().map(|m| (m.date, m.weight, &m.taxonomies)),
    )
}

/// What the sitemap and the feed show of a document.
fn feed_inputs(doc: &Document) -> impl PartialEq + '_ {
    (
        doc.title(),
        doc.page()
            .map(|m| (&m.description, m.date, m.updated, m.reviewed, &m.author)),
    )
}

/// A claim stated in a document: claim, line, column, asserted, marker.
type ClaimPlace = (usize, usize, usize, bool, Option<usize>);

/// Whether a document asserts each claim it states somewhere, or only discusses it: what the
/// ledger counts.
fn stances(places: &[ClaimPlace]) -> std::collections::BTreeMap<usize, bool> {
    let mut out = std::collections::BTreeMap::new();
    for &(claim, _, _, asserts, _) in places {
        *out.entry(claim).or_insert(false) |= asserts;
    }
    out
}

/// Where a document states claims (claim, line, column, asserted, marker) per the ledger.
fn places_of(site: &Site, doc: usize) -> Vec<ClaimPlace> {
    (site.ledger.places.iter().enumerate())
        .flat_map(|(claim, places)| {
            (places.iter())
                .filter(|p| p.doc == doc)
                .map(move |p| (claim, p.line, p.column, p.asserts, p.mark))
        })
        .collect()
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
            kept: pipeline::Kept::default(),
            diagnostics: Arc::default(),
            files: HashMap::new(),
            rendered: None,
            statics: HashSet::new(),
        };
        preview.finish_lint();
        let (cache, out) = preview.render_all()?;
        preview.rendered = Some(cache);
        preview.files = out
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        Ok(preview)
    }

    fn finish_lint(&mut self) {
        // Read again each time: a static file added since the last check is published now.
        let published = Published::of(&self.site.root, &self.site.config).ok();
        let content = self.site.root.join("content");
        let scope = pipeline::Scope {
            kept: Some(&self.kept),
            published: published.as_ref(),
            drafts: match self.options.drafts {
                true => Drafts::Published,
                false => Drafts::LeftOut(&content),
            },
            ..pipeline::Scope::site(self.site.config.lint)
        };
        let diagnostics =
            pipeline::site_checks(&self.site.docs, &self.per_doc, &self.site.registry, &scope);
        self.diagnostics = Arc::new(diagnostics);
    }

    /// Every output file, and what the pages were rendered from.
    fn render_all(&mut self) -> Result<(partial::Cache, Vec<OutputFile>)> {
        templates::check_chosen(&self.site, &self.tera)?;
        let files = &self.template_files;
        let err = |e: tera::Error| templates::template_error(&e, files);
        let (cache, mut out) = partial::Cache::build(&self.site, &self.tera, &err)?;
        let statics = crate::render::static_files(&self.site)?;
        self.statics = statics.iter().map(|f| f.path.clone()).collect();
        out.extend(statics);
        Ok((cache, out))
    }

    /// Applies a change and tells whether anything served changed (an output file or a
    /// finding); on error the previous state stays as it was.
    pub fn update(&mut self, change: &Change) -> Result<bool> {
        match change {
            Change::Everything | Change::Registry => {
                let fresh = Preview::build(&self.root, &self.options)?;
                let changed = fresh.files != self.files
                    || !same_findings(&fresh.diagnostics, &self.diagnostics);
                *self = fresh;
                Ok(changed)
            }
            Change::Theme => self.retheme(),
            Change::Content(paths) => self.reload(paths),
        }
    }

    fn retheme(&mut self) -> Result<bool> {
        let (tera, files) = templates::load(&self.root, &self.site.config.theme)?;
        let ledger = self.site.config.ledger && files.contains_key(crate::ledger::CLAIM_TEMPLATE);
        if ledger != self.site.ledger.published {
            // The ledger's templates came or went: the articles' markers with them.
            return self.update(&Change::Everything);
        }
        let old_tera = std::mem::replace(&mut self.tera, tera);
        let old_files = std::mem::replace(&mut self.template_files, files);
        match self.render_all() {
            Ok((cache, out)) => {
                self.rendered = Some(cache);
                Ok(self.replace_files(out))
            }
            Err(e) => {
                self.tera = old_tera;
                self.template_files = old_files;
                Err(e)
            }
        }
    }

    /// Takes a whole new set of output files; tells whether any differs.
    fn replace_files(&mut self, out: Vec<OutputFile>) -> bool {
        let fresh: HashMap<String, Arc<Vec<u8>>> = out
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        let changed = fresh.len() != self.files.len()
            || fresh
                .iter()
                .any(|(path, bytes)| self.files.get(path) != Some(bytes));
        self.files = fresh;
        changed
    }

    /// Takes files that may have changed and paths no longer made; tells whether any
    /// output changed.
    fn merge_files(&mut self, out: Vec<OutputFile>, gone: &[String]) -> bool {
        let mut changed = false;
        for f in out {
            if self.files.get(&f.path).is_some_and(|old| **old == f.bytes) {
                continue;
            }
            self.files.insert(f.path, Arc::new(f.bytes));
            changed = true;
        }
        for path in gone {
            changed |= self.files.remove(path).is_some();
        }
        changed
    }

    /// The content-relative path of a changed file: `Some(None)` for a hidden one (never
    /// loaded), `None` when it cannot be placed inside `content/` (a file gone from a folder
    /// reached through a link, say).
    fn content_rel(&self, path: &Path) -> Option<Option<String>> {
        let content = self.root.join("content");
        let canonical = std::fs::canonicalize(&content).ok();
        let inside = canonical
            .as_deref()
            .and_then(|c| path.strip_prefix(c).ok())
            .or_else(|| path.strip_prefix(&content).ok())
            .map(Path::to_path_buf)
            .or_else(|| {
                let real = std::fs::canonicalize(path).ok()?;
                Some(real.strip_prefix(canonical.as_deref()?).ok()?.to_path_buf())
            })?;
        let hidden = inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        Some((!hidden).then(|| crate::source::slash_path(&inside)))
    }

    /// Loads the changed files again; a file that is gone (or now a draft not shown) is a
    /// removal. `None` when a path cannot be placed in `content/`: everything is built again.
    fn load_edits(&self, paths: &[PathBuf]) -> Result<Option<Vec<Edit>>> {
        let content = self.root.join("content");
        let mut rels = Vec::new();
        for path in paths {
            match self.content_rel(path) {
                Some(Some(rel)) => rels.push(rel),
                Some(None) => {}
                None => return Ok(None),
            }
        }
        rels.sort();
        rels.dedup();
        let mut edits = Vec::new();
        for rel in rels {
            let path = content.join(&rel);
            let new = if path.is_file() {
                let doc = load::load_document(
                    &path,
                    rel.clone(),
                    &self.site.config,
                    &self.site.registry.bib,
                    load::Purpose::Site,
                )?;
                Some(doc).filter(|d| self.options.drafts || !d.is_draft())
            } else {
                None
            };
            let old = self.site.doc_index(&rel);
            if old.is_some() || new.is_some() {
                edits.push(Edit { rel, old, new });
            }
        }
        Ok(Some(edits))
    }

    /// Re-parses changed articles; renders again what they change.
    fn reload(&mut self, paths: &[PathBuf]) -> Result<bool> {
        let mut timer = crate::timings::Timer::start();
        let Some(edits) = self.load_edits(paths)? else {
            return self.update(&Change::Everything);
        };
        timer.lap("load");
        if edits.is_empty() {
            return Ok(false);
        }
        let structural = edits.iter().any(|e| match (e.old, &e.new) {
            (Some(i), Some(new)) => {
                let old = &self.site.docs[i];
                old.is_section()
                    || new.is_section()
                    || old.url_path() != new.url_path()
                    || old.aliases() != new.aliases()
            }
            _ => true,
        });
        let diagnostics = Arc::clone(&self.diagnostics);
        let changed = if structural {
            self.restructure(edits, &mut timer)?
        } else {
            self.edit_in_place(edits, &mut timer)?
        };
        Ok(changed || !same_findings(&diagnostics, &self.diagnostics))
    }

    /// Articles changed in place: the same documents at the same URLs.
    fn edit_in_place(
        &mut self,
        edits: Vec<Edit>,
        timer: &mut crate::timings::Timer,
    ) -> Result<bool> {
        let settings = pipeline::settings(&self.site.config);
        let changed: Vec<(usize, Document)> = edits
            .into_iter()
            .filter_map(|e| Some((e.old?, e.new?)))
            .collect();
        let indexes: Vec<usize> = changed.iter().map(|(i, _)| *i).collect();
        let old_places: Vec<_> = indexes.iter().map(|&i| places_of(&self.site, i)).collect();
        let fresh: Vec<DocFindings> = changed
            .par_iter()
            .map(|(_, doc)| lint_document(&self.site, doc, &settings))
            .collect();
        let mut previous = Vec::new();
        let mut listed = false;
        for ((i, doc), findings) in changed.into_iter().zip(fresh) {
            listed |= listing_order(&doc) != listing_order(&self.site.docs[i]);
            let doc = std::mem::replace(&mut self.site.docs[i], doc);
            let findings = std::mem::replace(&mut self.per_doc[i], findings);
            previous.push((i, doc, findings));
        }
        // URLs and sections stay: only the order of listings and the terms may change.
        timer.lap("lint");
        if listed {
            self.site.reindex();
            timer.lap("reindex");
        }
        self.forget_links(&previous);
        let result = self.after_edit(&indexes, &previous, &old_places, timer);
        if result.is_err() {
            for (i, doc, findings) in previous {
                self.site.docs[i] = doc;
                self.per_doc[i] = findings;
            }
            self.site.reindex();
            // The documents put back have their markers: nothing is rendered again.
            let _ = self.site.mark_claims(&self.per_doc, Some(&[]));
            self.kept.links = LinkCache::default();
            self.finish_lint();
            self.rendered = None;
        }
        result
    }

    /// Forgets the kept link findings that edits in place (`previous`: index, old document)
    /// may change: those of the edited articles and of articles linking to one whose
    /// headings changed.
    fn forget_links(&mut self, previous: &[(usize, Document, DocFindings)]) {
        let heading_ids = |doc: &Document| -> Vec<String> {
            doc.md.headings.iter().map(|h| h.id.clone()).collect()
        };
        let docs = &self.site.docs;
        let edited: Vec<&str> = previous
            .iter()
            .map(|(i, _, _)| docs[*i].rel.as_str())
            .collect();
        let targets = (previous.iter())
            .filter(|(i, old, _)| heading_ids(old) != heading_ids(&docs[*i]))
            .map(|(i, _, _)| docs[*i].rel.as_str())
            .collect();
        self.kept.links.forget(docs, &edited, &targets);
    }

    /// Gives edited documents (loaded again, without markers) their evidence markers and
    /// their places in the ledger: what `Site::mark_claims` does for every document.
    fn mark_edited(&mut self, indexes: &[usize]) {
        let site = &mut self.site;
        for &i in indexes {
            let marks = if site.ledger.published {
                crate::ledger::mark_documents(
                    &mut site.docs[i..=i],
                    &self.per_doc[i..=i],
                    &site.registry.bib,
                    site.config.html,
                    None,
                )
            } else {
                vec![Vec::new()]
            };
            let own = crate::ledger::Ledger::new(
                &site.registry.claims,
                &site.docs[i..=i],
                &self.per_doc[i..=i],
                &marks,
            );
            for (list, mut places) in site.ledger.places.iter_mut().zip(own.places) {
                if places.is_empty() && !list.iter().any(|p| p.doc == i) {
                    continue;
                }
                list.retain(|p| p.doc != i);
                for p in &mut places {
                    p.doc = i;
                }
                list.extend(places);
                list.sort_by_key(|p| (p.doc, p.line, p.column));
            }
        }
    }

    fn after_edit(
        &mut self,
        indexes: &[usize],
        previous: &[(usize, Document, DocFindings)],
        old_places: &[Vec<ClaimPlace>],
        timer: &mut crate::timings::Timer,
    ) -> Result<bool> {
        // Linted before rendering: the articles' evidence markers and the ledger's lists of
        // articles come from the findings.
        self.mark_edited(indexes);
        templates::check_chosen(&self.site, &self.tera)?;
        let docs = &self.site.docs;
        let mut touched = Touched {
            docs: indexes,
            related: None,
            listed: false,
            ledger: None,
            feeds: false,
        };
        let mut reranked: Vec<(usize, &Document)> = Vec::new();
        for ((i, old, _), places) in previous.iter().zip(old_places) {
            let new = &docs[*i];
            if related_inputs(old) != related_inputs(new) {
                reranked.push((*i, old));
            }
            touched.listed |= listing_order(old) != listing_order(new);
            touched.feeds |= feed_inputs(old) != feed_inputs(new);
            let now = places_of(&self.site, *i);
            let citations = old.md.references != new.md.references;
            let retitled =
                old.title() != new.title() && (!now.is_empty() || !new.md.references.is_empty());
            if *places != now || citations || retitled {
                let reach = touched.ledger.get_or_insert_with(Default::default);
                if stances(places) != stances(&now) {
                    reach.claims_moved(&self.site, places.iter().chain(&now).map(|p| p.0));
                } else if *places != now {
                    // The same claims, asserted or discussed as before: only their pages
                    // show the places.
                    reach.pages_listing(now.iter().map(|p| p.0), []);
                }
                if citations {
                    reach.citations_moved(old.md.references.iter().chain(&new.md.references));
                }
                if retitled {
                    reach.pages_listing(now.iter().map(|p| p.0), &new.md.references);
                }
            }
        }
        timer.lap("marks");
        if !reranked.is_empty() {
            let retitled = match reranked.as_slice() {
                [(i, old)] if rank_inputs(old) == rank_inputs(&docs[*i]) => {
                    let before = self.rendered.as_ref().map(partial::Cache::related);
                    before.and_then(|related| {
                        crate::render::related::retitled(&self.site, (*i, old), related)
                    })
                }
                _ => None,
            };
            touched.related = Some(
                retitled.unwrap_or_else(|| crate::render::related::reach(&self.site, &reranked)),
            );
        }
        timer.lap("reach");
        // The site checks (links included) run on the kept per-article findings.
        self.finish_lint();
        timer.lap("cross-lint");
        let files = &self.template_files;
        let err = |e: tera::Error| templates::template_error(&e, files);
        let update = match self.rendered.as_mut() {
            Some(cache) => cache.update(&self.site, &self.tera, &touched, &err)?,
            None => None,
        };
        let changed = match update {
            Some(rendered) => self.merge_files(rendered.files, &rendered.gone),
            None => self.render_again()?,
        };
        timer.lap("render");
        Ok(changed)
    }

    /// Renders everything again (static files kept); tells whether any file changed.
    fn render_again(&mut self) -> Result<bool> {
        templates::check_chosen(&self.site, &self.tera)?;
        let files = &self.template_files;
        let err = |e: tera::Error| templates::template_error(&e, files);
        let (cache, mut out) = partial::Cache::build(&self.site, &self.tera, &err)?;
        self.rendered = Some(cache);
        out.extend(
            (self.statics.iter())
                .filter_map(|path| Some((path, self.files.get(path)?)))
                .map(|(path, bytes)| OutputFile {
                    path: path.clone(),
                    bytes: bytes.to_vec(),
                }),
        );
        Ok(self.replace_files(out))
    }

    /// Articles added, removed, renamed or moved to another URL, or sections changed: the
    /// other documents and their findings are kept; links are checked again, and what
    /// differs from the previous output is rendered again (`render_differences`).
    fn restructure(&mut self, edits: Vec<Edit>, timer: &mut crate::timings::Timer) -> Result<bool> {
        let settings = pipeline::settings(&self.site.config);
        let edited: HashSet<String> = edits.iter().map(|e| e.rel.clone()).collect();
        let fresh: Vec<(Document, DocFindings)> = edits
            .into_par_iter()
            .filter_map(|e| {
                let doc = e.new?;
                let findings = lint_document(&self.site, &doc, &settings);
                Some((doc, findings))
            })
            .collect();
        timer.lap("lint");
        // The documents not edited, then the new ones, in the order a full load gives
        // (path order, component by component), each with where it came from.
        let old_docs = self.site.set_docs(Vec::new());
        let old_findings = std::mem::take(&mut self.per_doc);
        let mut taken: Vec<(Option<usize>, Document, DocFindings)> = Vec::new();
        let mut dropped: Vec<(usize, Document, DocFindings)> = Vec::new();
        for (i, (doc, findings)) in old_docs.into_iter().zip(old_findings).enumerate() {
            if edited.contains(&doc.rel) {
                dropped.push((i, doc, findings));
            } else {
                taken.push((Some(i), doc, findings));
            }
        }
        taken.extend(
            fresh
                .into_iter()
                .map(|(doc, findings)| (None, doc, findings)),
        );
        taken.sort_by(|a, b| Path::new(&a.1.rel).cmp(Path::new(&b.1.rel)));
        let new_indexes: Vec<usize> = (taken.iter().enumerate())
            .filter(|(_, (origin, _, _))| origin.is_none())
            .map(|(i, _)| i)
            .collect();
        let mut origins: Vec<Option<usize>> = Vec::with_capacity(taken.len());
        let mut docs = Vec::with_capacity(taken.len());
        let mut findings = Vec::with_capacity(taken.len());
        for (origin, doc, f) in taken {
            origins.push(origin);
            docs.push(doc);
            findings.push(f);
        }
        self.site.set_docs(docs);
        self.per_doc = findings;
        // Links into an article that came, went or moved resolve differently now.
        let rels: Vec<&str> = edited.iter().map(String::as_str).collect();
        let targets = rels.iter().copied().collect();
        self.kept.links.forget(&self.site.docs, &rels, &targets);
        let result = self.after_restructure(&new_indexes, timer);
        if result.is_err() {
            // Back to the documents as they were.
            let docs = self.site.set_docs(Vec::new());
            let findings = std::mem::take(&mut self.per_doc);
            let mut back: Vec<(usize, Document, DocFindings)> = dropped;
            for ((origin, doc), f) in origins.into_iter().zip(docs).zip(findings) {
                if let Some(i) = origin {
                    back.push((i, doc, f));
                }
            }
            back.sort_by_key(|(i, _, _)| *i);
            let (docs, findings): (Vec<Document>, Vec<DocFindings>) =
                back.into_iter().map(|(_, d, f)| (d, f)).unzip();
            self.site.set_docs(docs);
            self.per_doc = findings;
            // The documents put back have their markers: nothing is rendered again.
            let _ = self.site.mark_claims(&self.per_doc, Some(&[]));
            self.kept.links = LinkCache::default();
            self.finish_lint();
            self.rendered = None;
        }
        result
    }

    fn after_restructure(
        &mut self,
        new_indexes: &[usize],
        timer: &mut crate::timings::Timer,
    ) -> Result<bool> {
        self.site.mark_claims(&self.per_doc, Some(new_indexes))?;
        self.finish_lint();
        timer.lap("cross-lint");
        let changed = match self.rendered.take() {
            Some(old) => self.render_differences(old)?,
            None => self.render_again()?,
        };
        timer.lap("render");
        Ok(changed)
    }

    /// Renders again what differs from `old`'s output after articles came, went or moved,
    /// keeping the files of the pages and listings made from the same inputs; tells whether
    /// any file changed.
    fn render_differences(&mut self, old: partial::Cache) -> Result<bool> {
        templates::check_chosen(&self.site, &self.tera)?;
        let files = &self.template_files;
        let err = |e: tera::Error| templates::template_error(&e, files);
        let (cache, out, kept) = partial::Cache::rebuild(&self.site, &self.tera, &err, old)?;
        let mut fresh: HashMap<String, Arc<Vec<u8>>> = HashMap::with_capacity(self.files.len());
        for path in &kept {
            match self.files.get(path) {
                Some(bytes) => {
                    fresh.insert(path.clone(), Arc::clone(bytes));
                }
                // Not served any more (it cannot happen: a kept path was made last time).
                None => return self.render_again(),
            }
        }
        let mut changed = false;
        // A static file wins over a generated one at its path, as in a full render.
        for f in out.into_iter().filter(|f| !self.statics.contains(&f.path)) {
            match self.files.get(&f.path) {
                Some(old) if **old == f.bytes => {
                    fresh.insert(f.path, Arc::clone(old));
                }
                _ => {
                    changed = true;
                    fresh.insert(f.path, Arc::new(f.bytes));
                }
            }
        }
        for path in &self.statics {
            if let Some(bytes) = self.files.get(path) {
                fresh.insert(path.clone(), Arc::clone(bytes));
            }
        }
        changed |= fresh.len() != self.files.len();
        self.files = fresh;
        self.rendered = Some(cache);
        Ok(changed)
    }
}

/// Whether two lists of findings say the same things about the same places.
fn same_findings(a: &[Diagnostic], b: &[Diagnostic]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.rule == y.rule
                && x.severity == y.severity
                && x.file.path == y.file.path
                && x.span == y.span
                && x.message == y.message
                && x.label == y.label
                && x.help == y.help
                && x.note == y.note
                && x.claim == y.claim
                && x.related.len() == y.related.len()
                && (x.related.iter().zip(&y.related)).all(|(r, s)| {
                    r.file.path == s.file.path && r.span == s.span && r.message == s.message
                })
        })
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
