//! The site as a whole: pages, sections, taxonomies and URLs, with links resolved.
//!
//! Assembled from the loaded documents (`pipeline::load`); immutable afterwards, and shared by
//! rendering and serving.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::content::{DocKind, Document, SortBy};
use crate::error::Result;
use crate::html::slugify;
use crate::ledger::{self, Ledger};
use crate::lint::{DocFindings, Registry};
use crate::markdown::{LedgerRef, CLAIM_MARK, LINK_MARK};

/// A term of a taxonomy and the pages that use it.
#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Indexes into `Site::docs`, in listing order.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Taxonomy {
    pub name: String,
    /// Terms by slug.
    pub terms: BTreeMap<String, Term>,
}

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub registry: Registry,
    /// Every document, sorted by path.
    pub docs: Vec<Document>,
    /// Content folder -> index of its `_index.md`.
    pub sections: BTreeMap<String, usize>,
    pub taxonomies: Vec<Taxonomy>,
    /// Content-relative path -> index in `docs`.
    by_rel: std::collections::HashMap<String, usize>,
    /// Every article, newest first (the home page, the feed and the taxonomies list them so).
    by_date: Vec<usize>,
    /// Section index -> the articles listed directly in it, in the section's order.
    listed: std::collections::HashMap<usize, Vec<usize>>,
    /// Each document's root-relative URL (asked for by every link, listing and feed).
    urls: Vec<String>,
    /// Where the content states each registry claim (`set_claims`).
    pub ledger: Ledger,
}

/// Options of a build that are not in `site.yaml`.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
}

impl Site {
    /// Publishes the evidence ledger when `site.yaml` and the theme say so, and gives the
    /// articles that state registry claims their markers; `per_doc[i]` holds the findings of
    /// `docs[i]` (none: no markers, and the ledger lists no articles).
    pub fn set_claims(&mut self, per_doc: &[DocFindings]) -> Result<()> {
        self.mark_claims(per_doc, None)
    }

    /// Like `set_claims`, rendering again only the documents among `changed` (just loaded,
    /// without markers); the others keep the markers they have.
    pub fn mark_claims(
        &mut self,
        per_doc: &[DocFindings],
        changed: Option<&[usize]>,
    ) -> Result<()> {
        let published = self.config.ledger
            && crate::theme::templates(&self.root, &self.config.theme)
                .is_ok_and(|files| files.contains_key(ledger::CLAIM_TEMPLATE));
        let marks = if published {
            ledger::check_folders(&self.docs)?;
            ledger::mark_documents(
                &mut self.docs,
                per_doc,
                &self.registry.bib,
                self.config.html,
                changed,
            )
        } else {
            Vec::new()
        };
        self.ledger = Ledger::new(&self.registry.claims, &self.docs, per_doc, &marks);
        self.ledger.published = published;
        Ok(())
    }

    /// The ledger page of a claim (by registry index) or of a source, with the site's prefix.
    pub fn claim_url(&self, claim: usize) -> String {
        let id = self
            .registry
            .claims
            .get(claim)
            .map_or("", |c| c.id.as_str());
        format!("{}{}{id}/", self.config.root_path(), ledger::CLAIMS_PATH)
    }

    pub fn source_url(&self, id: &str) -> String {
        format!("{}{}{id}/", self.config.root_path(), ledger::SOURCES_PATH)
    }

    /// Drops the source text of every document: rendering needs only what the Markdown pass
    /// extracted. A build calls this once its findings are printed (they keep their own
    /// reference to the files they quote); at 100,000 articles it frees half a gigabyte
    /// before the rendering allocates its own.
    pub fn release_sources(&mut self) {
        for doc in &mut self.docs {
            doc.file = doc.file.unloaded();
        }
    }

    pub fn assemble(
        root: PathBuf,
        config: SiteConfig,
        registry: Registry,
        docs: Vec<Document>,
    ) -> Site {
        let sections = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_section())
            .map(|(i, d)| (d.folder().to_owned(), i))
            .collect();
        let by_rel = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.rel.clone(), i))
            .collect();
        let mut site = Site {
            root,
            config,
            registry,
            docs,
            sections,
            taxonomies: Vec::new(),
            by_rel,
            by_date: Vec::new(),
            listed: std::collections::HashMap::new(),
            urls: Vec::new(),
            ledger: Ledger::default(),
        };
        site.reindex();
        site
    }

    /// Replaces the documents (in the order `load` gives them) and works out sections,
    /// listings and taxonomies again; gives back the documents replaced.
    pub fn set_docs(&mut self, docs: Vec<Document>) -> Vec<Document> {
        let old = std::mem::replace(&mut self.docs, docs);
        self.sections = (self.docs.iter().enumerate())
            .filter(|(_, d)| d.is_section())
            .map(|(i, d)| (d.folder().to_owned(), i))
            .collect();
        self.by_rel = (self.docs.iter().enumerate())
            .map(|(i, d)| (d.rel.clone(), i))
            .collect();
        self.reindex();
        old
    }

    /// Recomputes the listings and taxonomies after documents changed in place.
    pub fn reindex(&mut self) {
        let root = self.config.root_path();
        self.urls = (self.docs.iter())
            .map(|d| format!("{root}{}", d.url_path()))
            .collect();
        // Sorting compares lower-cased titles; made once here rather than in every comparison.
        let titles: Vec<String> = self.docs.iter().map(|d| d.title().to_lowercase()).collect();
        self.by_date = self.sorted_pages(self.page_indexes().collect(), SortBy::Date, &titles);
        let mut members: std::collections::HashMap<usize, Vec<usize>> =
            self.sections.values().map(|&s| (s, Vec::new())).collect();
        for p in self.page_indexes() {
            if let Some(list) = self.parent_section(p).and_then(|s| members.get_mut(&s)) {
                list.push(p);
            }
        }
        self.listed = members
            .into_iter()
            .map(|(s, pages)| {
                let by = match &self.docs[s].kind {
                    DocKind::Section(meta) => meta.sort_by,
                    DocKind::Page(_) => SortBy::Weight,
                };
                (s, self.sorted_pages(pages, by, &titles))
            })
            .collect();
        self.taxonomies = self.build_taxonomies();
    }

    fn build_taxonomies(&self) -> Vec<Taxonomy> {
        let ordered = &self.by_date;
        self.config
            .taxonomies
            .iter()
            .map(|name| {
                let mut terms: BTreeMap<String, Term> = BTreeMap::new();
                // Pages share a few dozen terms: each spelling is slugified once.
                let mut slugs: std::collections::HashMap<&str, String> =
                    std::collections::HashMap::new();
                for &i in ordered {
                    let Some(meta) = self.docs[i].page() else {
                        continue;
                    };
                    for term in meta.taxonomies.get(name).into_iter().flatten() {
                        let slug = slugs.entry(term).or_insert_with(|| slugify(term));
                        if !terms.contains_key(slug.as_str()) {
                            let term = Term {
                                name: term.clone(),
                                slug: slug.clone(),
                                pages: Vec::new(),
                            };
                            terms.insert(slug.clone(), term);
                        }
                        // Always there: inserted above when it was not.
                        let Some(entry) = terms.get_mut(slug.as_str()) else {
                            continue;
                        };
                        // Pages come one at a time: a term listed twice on one page is the last one.
                        if entry.pages.last() != Some(&i) {
                            entry.pages.push(i);
                        }
                    }
                }
                Taxonomy {
                    name: name.clone(),
                    terms,
                }
            })
            .collect()
    }

    /// Indexes of the articles (not sections).
    pub fn page_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.docs
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.is_section())
            .map(|(i, _)| i)
    }

    /// The section a document is listed in: the nearest folder with an `_index.md` above it.
    pub fn parent_section(&self, index: usize) -> Option<usize> {
        let doc = &self.docs[index];
        let mut folder = if doc.is_section() {
            match doc.folder().rsplit_once('/') {
                Some((parent, _)) => parent.to_owned(),
                None if doc.folder().is_empty() => return None,
                None => String::new(),
            }
        } else {
            doc.folder().to_owned()
        };
        loop {
            if let Some(&s) = self.sections.get(&folder) {
                return Some(s);
            }
            if folder.is_empty() {
                return None;
            }
            folder = folder
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_owned());
        }
    }

    /// Pages listed directly in a section, in the section's order.
    pub fn section_pages(&self, section: usize) -> &[usize] {
        self.listed.get(&section).map_or(&[], Vec::as_slice)
    }

    /// Every article, newest first; ties by title and path.
    pub fn pages_by_date(&self) -> &[usize] {
        &self.by_date
    }

    pub fn subsections(&self, section: usize) -> Vec<usize> {
        let mut subs: Vec<usize> = self
            .sections
            .values()
            .copied()
            .filter(|&s| s != section && self.parent_section(s) == Some(section))
            .collect();
        subs.sort_by_key(|&s| (self.section_weight(s), self.docs[s].title().to_lowercase()));
        subs
    }

    pub fn section_weight(&self, s: usize) -> i64 {
        match &self.docs[s].kind {
            DocKind::Section(m) => m.weight,
            DocKind::Page(m) => m.weight,
        }
    }

    /// Sorts pages; ties are broken by title (`titles[i]` is document i's lower-cased title)
    /// and path so the order is always the same.
    fn sorted_pages(&self, mut pages: Vec<usize>, by: SortBy, titles: &[String]) -> Vec<usize> {
        pages.sort_by(|&a, &b| {
            let (ma, mb) = (self.docs[a].page(), self.docs[b].page());
            let primary = match by {
                SortBy::Weight => ma.map(|m| m.weight).cmp(&mb.map(|m| m.weight)),
                SortBy::Date => mb.and_then(|m| m.date).cmp(&ma.and_then(|m| m.date)),
                SortBy::Title => std::cmp::Ordering::Equal,
            };
            primary
                .then_with(|| titles[a].cmp(&titles[b]))
                .then_with(|| self.docs[a].rel.cmp(&self.docs[b].rel))
        });
        pages
    }

    /// Root-relative URL including the site's path prefix: `/guides/safety/risks/`.
    pub fn url(&self, index: usize) -> &str {
        &self.urls[index]
    }

    pub fn permalink(&self, index: usize) -> String {
        let base = self
            .config
            .base_url
            .trim_end_matches(self.config.root_path());
        format!("{}{}", base, self.url(index))
    }

    /// Absolute URL of a root-relative URL.
    pub fn absolute(&self, url: &str) -> String {
        let base = self
            .config
            .base_url
            .trim_end_matches(self.config.root_path());
        format!("{base}{url}")
    }

    pub fn doc_index(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// The page HTML with internal-link placeholders replaced by URLs.
    pub fn resolved_html(&self, index: usize, html: &str) -> String {
        let doc = &self.docs[index];
        let mut out = String::with_capacity(html.len());
        let mut parts = html.split(LINK_MARK);
        out.push_str(parts.next().unwrap_or(""));
        while let (Some(number), Some(rest)) = (parts.next(), parts.next()) {
            let href = number
                .parse::<usize>()
                .ok()
                .and_then(|n| doc.md.links.get(n))
                .map_or_else(
                    || "#".to_owned(),
                    |link| {
                        match &link.ledger {
                            Some(_) if !self.ledger.published => return "#".to_owned(),
                            Some(LedgerRef::Claim(id)) => {
                                return self.registry.claim_index(id).map_or_else(
                                    || "#".to_owned(),
                                    |c| crate::html::escape_html(&self.claim_url(c)),
                                )
                            }
                            Some(LedgerRef::Source(id)) => {
                                return crate::html::escape_html(&self.source_url(id))
                            }
                            None => {}
                        }
                        if let Some(path) = &link.path {
                            let root = self.config.root_path();
                            return crate::html::escape_html(&format!("{root}{path}"));
                        }
                        let base = match &link.target {
                            None => String::new(),
                            Some(rel) => self
                                .doc_index(rel)
                                .map_or_else(|| "#".to_owned(), |t| self.url(t).to_owned()),
                        };
                        match &link.anchor {
                            Some(anchor) => {
                                format!("{base}#{}", crate::html::escape_html(anchor))
                            }
                            None if base.is_empty() => "#".to_owned(),
                            None => base,
                        }
                    },
                );
            out.push_str(&href);
            out.push_str(rest);
        }
        if out.contains(CLAIM_MARK) {
            out = self.claim_markers(&out);
        }
        out
    }

    /// Turns claim marker placeholders into the markers (or nothing, when the ledger is not
    /// published): for each claim of the sentence a link to its page, named by the claim and
    /// its verdict, in a `<span class="claim-marks" id="claim-mark-N">`.
    fn claim_markers(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + 512);
        let mut parts = html.split(CLAIM_MARK);
        out.push_str(parts.next().unwrap_or(""));
        while let (Some(payload), Some(rest)) = (parts.next(), parts.next()) {
            if let (true, Some((n, claims))) =
                (self.ledger.published, ledger::parse_payload(payload))
            {
                out.push_str(&format!(
                    "<span class=\"claim-marks\" id=\"claim-mark-{n}\">"
                ));
                for claim in claims
                    .iter()
                    .filter_map(|&c| Some((c, self.registry.claims.get(c)?)))
                {
                    out.push_str(&ledger_marker(&self.claim_url(claim.0), claim.1));
                }
                out.push_str("</span>");
            }
            out.push_str(rest);
        }
        out
    }
}

/// One claim's marker: a link to its page whose accessible name says what the sentence states
/// and the claim's verdict. What shows is a check mark (text, so that it never wraps away from
/// the sentence's full stop), styled by the theme (`.claim-mark`).
fn ledger_marker(url: &str, claim: &crate::lint::registry::Claim) -> String {
    use crate::html::escape_html;
    let statement = claim.statement.trim_end_matches('.');
    let verdict = ledger::verdict_label(claim.verdict);
    format!(
        "<a class=\"claim-mark claim-mark-{}\" href=\"{}\" title=\"Checked claim: {}. Our verdict: {}\"><span class=\"claim-mark-icon\" aria-hidden=\"true\">\u{2713}</span><span class=\"visually-hidden\">Evidence check: \u{201c}{}\u{201d}, verdict: {}</span></a>",
        claim.verdict.as_str(),
        escape_html(url),
        escape_html(statement),
        verdict,
        escape_html(statement),
        verdict.to_lowercase(),
    )
}
