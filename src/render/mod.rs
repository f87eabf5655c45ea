//! Write stage (`pipeline::write`): Tera templates turn the site into output files (HTML, feeds, sitemap, static files).
//!
//! Templates see curated views (`serde_json` values built here), never the domain types, so the
//! theme contract in README.md is all a theme author needs. Pages render in parallel.

pub(crate) mod feeds;
pub(crate) mod jsonld;
pub(crate) mod ledger;
pub(crate) mod partial;
pub(crate) mod related;
pub mod search;
pub(crate) mod templates;

use rayon::prelude::*;
use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::content::{DocKind, PageMeta};
use crate::date::Date;
use crate::error::Result;
use crate::html::{escape_html, slugify};
use crate::markdown;
use crate::site::Site;

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    fn text(path: impl Into<String>, text: String) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Renders the whole site into memory (the preview server and tests use this).
pub fn render(site: &Site) -> Result<Vec<OutputFile>> {
    let out = std::sync::Mutex::new(Vec::new());
    render_into(site, &|file| {
        out.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    })?;
    let mut out = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// Renders the whole site, handing each file to `sink` as soon as it is ready (from several
/// threads), so a large site never sits in memory at once. Template errors name the template
/// file and line.
pub fn render_into(site: &Site, sink: &(dyn Fn(OutputFile) -> Result<()> + Sync)) -> Result<()> {
    let mut timer = crate::timings::Timer::start();
    let (tera, files) = templates::load(&site.root, &site.config.theme)?;
    templates::check_chosen(site, &tera)?;
    let r = Renderer::new(site, &tera);
    timer.lap("summaries");
    let err = |e: tera::Error| templates::template_error(&e, &files);
    let pages: Vec<usize> = site.page_indexes().collect();
    pages
        .par_iter()
        .try_for_each(|&i| sink(r.page(i).map_err(err)?))?;
    timer.lap("pages");
    let failed = std::sync::Mutex::new(None);
    let listed = r.listings_into(&|file| {
        sink(file).map_err(|e| {
            let message = e.to_string();
            *failed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(e);
            tera::Error::msg(message)
        })
    });
    if let Some(e) = failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(e);
    }
    listed.map_err(err)?;
    timer.lap("listings");
    site_files(site)?.into_par_iter().try_for_each(sink)?;
    timer.lap("site files");
    Ok(())
}

/// Files that do not come from templates: redirects, sitemap, feed, robots.txt, the search
/// index (`search/`) and static files.
pub fn site_files(site: &Site) -> Result<Vec<OutputFile>> {
    // Each walks every article (tens of milliseconds per 10,000): made side by side.
    let (mut out, (search, statics)) = rayon::join(
        || feed_files(site),
        || rayon::join(|| search::files(site), || static_files(site)),
    );
    out.extend(search?);
    out.extend(statics?);
    Ok(out)
}

/// The sitemap, the feed, robots.txt and the redirects of `aliases`: what lists every page's
/// URL or date.
pub fn feed_files(site: &Site) -> Vec<OutputFile> {
    let ((sitemap, atom), mut out) = rayon::join(
        || {
            rayon::join(
                || feeds::sitemap(site, &sitemap_urls(site)),
                || feeds::atom(site),
            )
        },
        || aliases(site),
    );
    out.push(OutputFile::text("sitemap.xml", sitemap));
    out.push(OutputFile::text("atom.xml", atom));
    out.push(OutputFile::text("robots.txt", feeds::robots(site)));
    out
}

/// Every HTML page of the site with its last-modified date, sorted.
fn sitemap_urls(site: &Site) -> Vec<(String, Option<String>)> {
    let root = site.config.root_path();
    let mut urls: Vec<(String, Option<String>)> = site
        .page_indexes()
        .map(|i| {
            let lastmod = site.docs[i]
                .page()
                .and_then(|m| m.updated.or(m.reviewed).or(m.date));
            (site.url(i).to_owned(), lastmod.map(|d| d.to_string()))
        })
        .collect();
    let listing =
        |base: String, count: usize, per_page: usize, urls: &mut Vec<(String, Option<String>)>| {
            for n in 1..=count.div_ceil(per_page.max(1)).max(1) {
                let url = if n == 1 {
                    base.clone()
                } else {
                    format!("{base}page/{n}/")
                };
                urls.push((url, None));
            }
        };
    for &s in site.sections.values() {
        let DocKind::Section(meta) = &site.docs[s].kind else {
            continue;
        };
        let count = if site.docs[s].folder().is_empty() {
            site.page_indexes().count()
        } else {
            site.section_pages(s).len()
        };
        listing(
            site.url(s).to_owned(),
            count,
            meta.paginate_by.unwrap_or(site.config.paginate_by),
            &mut urls,
        );
    }
    if !site.sections.contains_key("") {
        listing(
            format!("{root}/"),
            site.page_indexes().count(),
            site.config.paginate_by,
            &mut urls,
        );
    }
    urls.extend(ledger::urls(site).into_iter().map(|u| (u, None)));
    for tax in &site.taxonomies {
        urls.push((format!("{root}/{}/", tax.name), None));
        for term in tax.terms.values() {
            listing(
                format!("{root}/{}/{}/", tax.name, term.slug),
                term.pages.len(),
                site.config.paginate_by,
                &mut urls,
            );
        }
    }
    urls.sort();
    urls.dedup();
    urls
}

/// Renders pieces of a site with one set of templates (the preview server renders only what a
/// change affects).
pub struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    today: Date,
    common: Value,
    /// Listing summary of every page (`Null` for sections), built once and reused by sections,
    /// taxonomy terms and the home page.
    summaries: Vec<Value>,
    /// The home page's section cards, built once and added to each home listing page.
    home: Value,
    /// Related pages of every page (`related::all`).
    related: Vec<Vec<usize>>,
}

/// One page of a listing. It keeps only page indexes; the summaries go into its context
/// when it is rendered, so a large site's listings never sit in memory at once.
struct Listing {
    template: String,
    title: String,
    /// Root-relative URL path without the site prefix ("/safety/page/2/").
    path: String,
    vars: Map<String, Value>,
    /// The pages listed, and where their summaries go in the context.
    chunk: Vec<usize>,
    place: Place,
    /// Whether the home page's section cards go in `sections` (its first page only).
    home: bool,
}

impl Listing {
    /// Its file in the output folder.
    fn out_path(&self) -> String {
        if self.path.ends_with(".html") {
            self.path.trim_start_matches('/').to_owned()
        } else {
            out_path(&self.path)
        }
    }

    fn single(template: &str, title: &str, path: &str, vars: Map<String, Value>) -> Listing {
        Listing {
            template: template.into(),
            title: title.into(),
            path: path.into(),
            vars,
            chunk: Vec::new(),
            place: Place::Nowhere,
            home: false,
        }
    }
}

#[derive(Clone, Copy)]
enum Place {
    /// Nothing is listed (taxonomy list, 404).
    Nowhere,
    /// `section.pages` (sections and the home page).
    Section,
    /// `pages` (taxonomy terms).
    Top,
}

fn common(site: &Site) -> Value {
    let root = site.config.root_path();
    json!({
        "title": site.config.title,
        "description": site.config.description,
        "base_url": site.config.base_url,
        "language": site.config.language,
        "root": root,
        "publisher": site.config.publisher,
        "disclaimer": site.config.disclaimer,
        "get_help": site.config.get_help_html(),
        "nav": top_sections(site).iter().map(|&s| json!({"title": site.docs[s].title(), "url": site.url(s)})).collect::<Vec<_>>(),
        "taxonomies": site.config.taxonomies.iter().map(|t| json!({"name": t, "title": title_case(t), "url": format!("{root}/{t}/")})).collect::<Vec<_>>(),
        "generator": format!("vetted {}", env!("CARGO_PKG_VERSION")),
        "feed_url": format!("{root}/atom.xml"),
        "search_url": format!("{root}/search/"),
        "illustrative_reviewers": site.config.illustrative_reviewers,
    })
}

/// The "report a problem" link for a page: a `mailto:` link with the page in the subject and
/// body, or the configured form URL with `{url}` and `{title}` filled in (or `?page=URL`
/// added when it has neither).
pub fn report_url(target: &str, permalink: &str, title: &str) -> String {
    let target = target.trim();
    if target.contains('@') && !target.contains("://") {
        let address = target.trim_start_matches("mailto:");
        return format!(
            "mailto:{address}?subject={}&body={}",
            percent_encode(&format!("Problem with the page \"{title}\"")),
            percent_encode(&format!("Page: {permalink}\n\nWhat is wrong:\n"))
        );
    }
    if target.contains("{url}") || target.contains("{title}") {
        return target
            .replace("{url}", &percent_encode(permalink))
            .replace("{title}", &percent_encode(title));
    }
    let joiner = if target.contains('?') { '&' } else { '?' };
    format!("{target}{joiner}page={}", percent_encode(permalink))
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Top-level sections in navigation order.
fn top_sections(site: &Site) -> Vec<usize> {
    let mut tops: Vec<usize> = site
        .sections
        .iter()
        .filter(|(folder, _)| !folder.is_empty() && !folder.contains('/'))
        .map(|(_, &i)| i)
        .collect();
    tops.sort_by_key(|&s| (site.section_weight(s), site.docs[s].title().to_lowercase()));
    tops
}

fn title_case(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Output path of a root-relative URL without the site prefix: "/a/b/" -> "a/b/index.html".
/// Feeds a text into a hash with its length first, so that texts hashed one after another
/// cannot run into each other.
fn hash_str(hash: &mut xxhash_rust::xxh3::Xxh3, text: &str) {
    hash.update(&(text.len() as u64).to_le_bytes());
    hash.update(text.as_bytes());
}

fn out_path(url_path: &str) -> String {
    format!("{}index.html", url_path.trim_start_matches('/'))
}

/// A JSON object of these entries, the values moved in: `json!` copies every value it is given
/// by serialising it again, which the long lists of listings and ledger pages pay for dearly.
pub(crate) fn object_of<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, tera: &'a Tera) -> Renderer<'a> {
        let summaries = (0..site.docs.len())
            .into_par_iter()
            .map(|i| summary(site, i))
            .collect();
        Renderer::with_summaries(site, tera, Date::today(), common(site), summaries)
    }

    /// A renderer with the listing summary of every document already made.
    fn with_summaries(
        site: &'a Site,
        tera: &'a Tera,
        today: Date,
        common: Value,
        summaries: Vec<Value>,
    ) -> Renderer<'a> {
        let mut renderer = Renderer {
            site,
            tera,
            today,
            common,
            summaries,
            home: Value::Null,
            related: related::all(site),
        };
        renderer.home = renderer.home_sections();
        renderer
    }

    /// Section listings, the home page, taxonomy pages and the 404 page, rendered in parallel.
    pub fn listings(&self) -> tera::Result<Vec<OutputFile>> {
        let out = std::sync::Mutex::new(Vec::new());
        self.listings_into(&|file| {
            out.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(file);
            Ok(())
        })?;
        Ok(out
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Like `listings`, handing each file to `sink` as soon as it is rendered.
    pub fn listings_into(
        &self,
        sink: &(dyn Fn(OutputFile) -> tera::Result<()> + Sync),
    ) -> tera::Result<()> {
        let mut jobs = self.content_jobs();
        ledger::jobs(self, &mut jobs, None, &mut ledger::Entries::default());
        jobs.extend(self.search_job());
        jobs.into_par_iter()
            .try_for_each(|job| sink(self.render_listing(job)?))
    }

    /// Section listings, the home page, taxonomy pages and the 404 page (not the ledger's
    /// pages, nor the search page).
    fn content_jobs(&self) -> Vec<Listing> {
        let site = self.site;
        let mut jobs: Vec<Listing> = Vec::new();
        for &s in site.sections.values() {
            self.section_jobs(s, &mut jobs);
        }
        if !site.sections.contains_key("") {
            let view = json!({"title": site.config.title, "description": site.config.description,
                              "url": format!("{}/", site.config.root_path()),
                              "permalink": site.absolute(&format!("{}/", site.config.root_path())), "content": ""});
            jobs.extend(self.paginated(
                "index.html",
                "/",
                object(view),
                site.pages_by_date(),
                site.config.paginate_by,
                true,
            ));
        }
        self.taxonomy_jobs(&mut jobs);
        jobs.push(Listing::single(
            "404.html",
            "Page not found",
            "/404.html",
            Map::new(),
        ));
        jobs
    }

    /// The search page: results (search.js) and, for readers without JavaScript, every
    /// article by section. A theme without `search.html` has none.
    fn search_job(&self) -> Option<Listing> {
        self.tera
            .get_template_names()
            .any(|name| name == "search.html")
            .then(|| {
                let mut vars = Map::new();
                vars.insert("search".into(), self.search_view());
                Listing::single("search.html", "Search", "/search/", vars)
            })
    }

    /// Renders one page of a listing, its summaries put into its context.
    fn render_listing(&self, job: Listing) -> tera::Result<OutputFile> {
        Ok(self.render_listing_keeping(job)?.0)
    }

    /// Like `render_listing`, giving back the variables it was rendered with.
    fn render_listing_keeping(
        &self,
        mut job: Listing,
    ) -> tera::Result<(OutputFile, Map<String, Value>)> {
        let site = self.site;
        match (job.place, job.vars.get_mut("section")) {
            (Place::Section, Some(Value::Object(section))) => {
                section.insert("pages".into(), self.summaries_of(&job.chunk));
            }
            (Place::Top, _) => {
                job.vars
                    .insert("pages".into(), self.summaries_of(&job.chunk));
            }
            _ => {}
        }
        if job.home {
            job.vars.insert("sections".into(), self.home.clone());
        }
        let url = format!("{}{}", site.config.root_path(), job.path);
        let path = job.out_path();
        let (html, vars) = self.render_keeping(&job.template, &job.title, &url, job.vars)?;
        Ok((OutputFile::text(path, html), vars))
    }

    fn render(
        &self,
        template: &str,
        title: &str,
        url: &str,
        vars: Map<String, Value>,
    ) -> tera::Result<String> {
        Ok(self.render_keeping(template, title, url, vars)?.0)
    }

    /// Renders a template with these variables and what every page gets; gives back the
    /// variables too (moved, not copied).
    fn render_keeping(
        &self,
        template: &str,
        title: &str,
        url: &str,
        mut vars: Map<String, Value>,
    ) -> tera::Result<(String, Map<String, Value>)> {
        vars.insert("site".into(), self.common.clone());
        vars.insert("current_url".into(), json!(url));
        vars.insert("current_permalink".into(), json!(self.site.absolute(url)));
        vars.insert("page_title".into(), json!(title));
        if let Some(target) = &self.site.config.report_problem {
            let permalink = self.site.absolute(url);
            vars.insert(
                "report_problem_url".into(),
                json!(report_url(target, &permalink, title)),
            );
        }
        // from_value takes the values as they are: no copy of the page's HTML.
        let context = Context::from_value(Value::Object(vars))?;
        let html = self.tera.render(template, &context)?;
        Ok((html, object(context.into_json())))
    }

    pub fn page(&self, i: usize) -> tera::Result<OutputFile> {
        let site = self.site;
        let doc = &site.docs[i];
        let meta = doc.page().expect("pages only");
        let references: Vec<Value> = doc
            .md
            .references
            .iter()
            .enumerate()
            .filter_map(|(n, id)| site.registry.bib.get(id).map(|s| (n, id, s)))
            .map(|(n, id, s)| ledger::reference(site, n + 1, id, s))
            .collect();
        let next_review = meta
            .reviewed
            .map(|d| d.add_days(site.config.review_interval_days));
        let section = site
            .parent_section(i)
            .filter(|&s| !site.docs[s].folder().is_empty());
        let date = |d: Option<Date>| Value::from(d.map(|d| d.to_string()));
        let view = object_of([
            ("title", json!(meta.title)),
            ("description", json!(meta.description)),
            ("url", json!(site.url(i))),
            ("permalink", Value::from(site.permalink(i))),
            ("content", Value::from(site.resolved_html(i, &doc.md.html))),
            (
                "summary",
                Value::from(site.resolved_html(i, &doc.md.summary)),
            ),
            ("toc", toc(&doc.md.headings)),
            ("toc_html", Value::from(toc_html(&doc.md.headings))),
            ("word_count", json!(doc.md.word_count)),
            ("reading_time", json!(reading_time(doc.md.word_count))),
            ("date", date(meta.date)),
            ("updated", date(meta.updated)),
            ("reviewed", date(meta.reviewed)),
            ("next_review", date(next_review)),
            (
                "review_overdue",
                json!(next_review.is_some_and(|d| d < self.today)),
            ),
            ("author", json!(meta.author)),
            ("reviewer", json!(meta.reviewer)),
            ("taxonomies", terms(site, meta)),
            ("references", Value::Array(references)),
            ("get_help", json!(doc.md.get_help)),
            (
                "section",
                json!(section.map(|s| json!({"title": site.docs[s].title(), "url": site.url(s)}))),
            ),
            ("related", self.summaries_of(&self.related[i])),
            ("extra", meta.extra.clone()),
            (
                "jsonld",
                Value::from(jsonld::medical_web_page(site, i, meta)),
            ),
        ]);
        let mut vars = Map::new();
        vars.insert("page".into(), view);
        let template = meta.template.as_deref().unwrap_or("page.html");
        let html = self.render(template, &meta.title, site.url(i), vars)?;
        Ok(OutputFile::text(out_path(&doc.url_path()), html))
    }

    /// Every article by top-level section, in navigation order (articles outside a section
    /// last), for the search page.
    fn search_view(&self) -> Value {
        let site = self.site;
        let mut listed: std::collections::HashSet<usize> = std::collections::HashSet::new();
        let mut sections: Vec<Value> = Vec::new();
        for s in top_sections(site) {
            let mut pages: Vec<usize> = Vec::new();
            let mut stack = vec![s];
            while let Some(sec) = stack.pop() {
                pages.extend(site.section_pages(sec));
                stack.extend(site.subsections(sec));
            }
            listed.extend(&pages);
            let pages = pages
                .iter()
                .map(|&p| json!({"title": site.docs[p].title(), "url": site.url(p)}))
                .collect();
            sections.push(object_of([
                ("title", json!(site.docs[s].title())),
                ("url", json!(site.url(s))),
                ("pages", Value::Array(pages)),
            ]));
        }
        let rest: Vec<Value> = site
            .pages_by_date()
            .iter()
            .filter(|p| !listed.contains(p))
            .map(|&p| json!({"title": site.docs[p].title(), "url": site.url(p)}))
            .collect();
        if !rest.is_empty() {
            sections.push(object_of([
                ("title", json!("Other pages")),
                ("url", Value::Null),
                ("pages", Value::Array(rest)),
            ]));
        }
        let index_url = format!("{}/search/index.json", site.config.root_path());
        object_of([
            ("sections", Value::Array(sections)),
            ("index_url", Value::from(index_url)),
        ])
    }

    fn summaries_of(&self, pages: &[usize]) -> Value {
        Value::Array(pages.iter().map(|&p| self.summaries[p].clone()).collect())
    }

    fn section_jobs(&self, s: usize, jobs: &mut Vec<Listing>) {
        let site = self.site;
        let doc = &site.docs[s];
        let DocKind::Section(meta) = &doc.kind else {
            return;
        };
        if ledger::is_index(site, s) {
            return; // the ledger renders it
        }
        let view = json!({
            "title": meta.title,
            "description": meta.description,
            "url": site.url(s),
            "permalink": site.permalink(s),
            "content": site.resolved_html(s, &doc.md.html),
            "subsections": site.subsections(s).iter().map(|&sub| json!({
                "title": site.docs[sub].title(),
                "description": match &site.docs[sub].kind { DocKind::Section(m) => m.description.clone(), DocKind::Page(m) => m.description.clone() },
                "url": site.url(sub),
                "page_count": if ledger::is_index(site, sub) { ledger::page_count(site, sub) } else { site.section_pages(sub).len() },
            })).collect::<Vec<_>>(),
        });
        let is_root = doc.folder().is_empty();
        let (template, pages) = if is_root {
            ("index.html", site.pages_by_date())
        } else {
            ("section.html", site.section_pages(s))
        };
        let template = meta.template.as_deref().unwrap_or(template);
        let per_page = meta.paginate_by.unwrap_or(site.config.paginate_by);
        jobs.extend(self.paginated(
            template,
            &doc.url_path(),
            object(view),
            pages,
            per_page,
            is_root,
        ));
    }

    fn home_sections(&self) -> Value {
        let site = self.site;
        Value::Array(
            top_sections(site)
                .iter()
                .map(|&s| {
                    let pages = site.section_pages(s);
                    let DocKind::Section(meta) = &site.docs[s].kind else {
                        unreachable!()
                    };
                    let mut card = json!({"title": meta.title, "description": meta.description,
                                      "url": site.url(s), "page_count": pages.len()});
                    card["pages"] = self.summaries_of(&pages[..pages.len().min(6)]);
                    card
                })
                .collect(),
        )
    }

    /// The pages of a paginated listing: page 1 at `url_path`, page n at `url_path/page/n/`.
    fn paginated(
        &self,
        template: &str,
        url_path: &str,
        view: Map<String, Value>,
        pages: &[usize],
        per_page: usize,
        home: bool,
    ) -> Vec<Listing> {
        let root = self.site.config.root_path();
        let mut jobs = Vec::new();
        let chunks = paginate(pages, per_page);
        let total = chunks.len();
        let page_url = |n: usize| {
            if n == 1 {
                url_path.to_owned()
            } else {
                format!("{url_path}page/{n}/")
            }
        };
        for (k, chunk) in chunks.iter().enumerate() {
            let n = k + 1;
            let paginator = json!({
                "current": n,
                "total": total,
                "prev_url": (n > 1).then(|| format!("{root}{}", page_url(n - 1))),
                "next_url": (n < total).then(|| format!("{root}{}", page_url(n + 1))),
            });
            let mut section = view.clone();
            section.insert("paginator".into(), paginator.clone());
            let title = section["title"].as_str().unwrap_or_default().to_owned();
            let title = if n > 1 {
                format!("{title} (page {n} of {total})")
            } else {
                title
            };
            let mut vars = Map::new();
            vars.insert("section".into(), Value::Object(section));
            vars.insert("paginator".into(), paginator);
            jobs.push(Listing {
                template: template.to_owned(),
                title,
                path: page_url(n),
                vars,
                chunk: chunk.clone(),
                place: Place::Section,
                // Only the first page shows the section cards: the others stay as they were
                // when an article's title or count changes, and are not rendered again.
                home: home && n == 1,
            });
        }
        jobs
    }

    fn taxonomy_jobs(&self, jobs: &mut Vec<Listing>) {
        let site = self.site;
        let root = site.config.root_path();
        for tax in &site.taxonomies {
            let url = format!("{root}/{}/", tax.name);
            let title = title_case(&tax.name);
            let terms = tax
                .terms
                .values()
                .map(|t| json!({"name": t.name, "slug": t.slug, "url": format!("{url}{}/", t.slug), "count": t.pages.len()}))
                .collect();
            let mut vars = Map::new();
            let mut taxonomy = json!({"name": tax.name, "title": title, "url": url});
            taxonomy["terms"] = Value::Array(terms);
            vars.insert("taxonomy".into(), taxonomy);
            jobs.push(Listing {
                template: "taxonomy_list.html".into(),
                title: title.clone(),
                path: format!("/{}/", tax.name),
                vars,
                chunk: Vec::new(),
                place: Place::Nowhere,
                home: false,
            });
            for term in tax.terms.values() {
                let term_path = format!("/{}/{}/", tax.name, term.slug);
                let chunks = paginate(&term.pages, site.config.paginate_by);
                let total = chunks.len();
                let page_url = |n: usize| {
                    if n == 1 {
                        term_path.clone()
                    } else {
                        format!("{term_path}page/{n}/")
                    }
                };
                for (k, chunk) in chunks.iter().enumerate() {
                    let n = k + 1;
                    let mut vars = Map::new();
                    vars.insert(
                        "taxonomy".into(),
                        json!({"name": tax.name, "title": title, "url": url}),
                    );
                    vars.insert(
                        "term".into(),
                        json!({"name": term.name, "slug": term.slug, "url": format!("{root}{term_path}"), "count": term.pages.len()}),
                    );
                    vars.insert(
                        "paginator".into(),
                        json!({
                            "current": n, "total": total,
                            "prev_url": (n > 1).then(|| format!("{root}{}", page_url(n - 1))),
                            "next_url": (n < total).then(|| format!("{root}{}", page_url(n + 1))),
                        }),
                    );
                    jobs.push(Listing {
                        template: "taxonomy_term.html".into(),
                        title: format!("{title}: {}", term.name),
                        path: page_url(n),
                        vars,
                        chunk: chunk.clone(),
                        place: Place::Top,
                        home: false,
                    });
                }
            }
        }
    }
}

/// The listing view of a page (title, description, URL, reading time, dates, terms).
fn summary(site: &Site, i: usize) -> Value {
    let doc = &site.docs[i];
    let Some(meta) = doc.page() else {
        return Value::Null;
    };
    let mut view = json!({
        "title": meta.title,
        "description": meta.description,
        "url": site.url(i),
        "reading_time": reading_time(doc.md.word_count),
        "reviewed": meta.reviewed.map(|d| d.to_string()),
        "date": meta.date.map(|d| d.to_string()),
    });
    view["taxonomies"] = terms(site, meta);
    view
}

/// Taxonomy name -> `[{name, slug, url}]` for a page.
fn terms(site: &Site, meta: &PageMeta) -> Value {
    let root = site.config.root_path();
    let map: Map<String, Value> = meta
        .taxonomies
        .iter()
        .map(|(name, terms)| {
            let list = terms
                .iter()
                .map(|t| {
                    let slug = slugify(t);
                    json!({"name": t, "slug": slug, "url": format!("{root}/{name}/{slug}/")})
                })
                .collect();
            (name.clone(), Value::Array(list))
        })
        .collect();
    Value::Object(map)
}

fn paginate(pages: &[usize], per_page: usize) -> Vec<Vec<usize>> {
    if pages.is_empty() {
        return vec![Vec::new()];
    }
    pages
        .chunks(per_page.max(1))
        .map(<[usize]>::to_vec)
        .collect()
}

fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// The table of contents as nested `<ol>` lists (h2 entries with their h3 children), for themes
/// that print it as it is; escaped the way Tera escapes.
fn toc_html(headings: &[markdown::Heading]) -> String {
    let mut out = String::from("<ol>");
    let mut open_child = false;
    for h in headings.iter().filter(|h| h.level == 2 || h.level == 3) {
        let link = format!(
            "<li><a href=\"#{}\">{}</a>",
            tera::escape_html(&h.id),
            tera::escape_html(&h.title)
        );
        if h.level == 3 && out.len() > 4 {
            if !open_child {
                out.push_str("\n<ol>");
                open_child = true;
            }
            out.push_str(&format!("\n{link}</li>"));
        } else {
            if open_child {
                out.push_str("\n</ol>");
                open_child = false;
            }
            if out.len() > 4 {
                out.push_str("</li>");
            }
            out.push_str(&format!("\n{link}"));
        }
    }
    if open_child {
        out.push_str("\n</ol>");
    }
    if out.len() > 4 {
        out.push_str("</li>");
    }
    out.push_str("\n</ol>");
    out
}

/// h2 entries with their h3 children.
fn toc(headings: &[markdown::Heading]) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for h in headings.iter().filter(|h| h.level == 2 || h.level == 3) {
        let entry = json!({"level": h.level, "id": h.id, "title": h.title, "children": []});
        match (h.level, out.last_mut()) {
            (3, Some(parent)) => parent["children"]
                .as_array_mut()
                .expect("children is an array")
                .push(entry),
            _ => out.push(entry),
        }
    }
    Value::Array(out)
}

/// Redirect pages for `aliases`.
fn aliases(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for i in 0..site.docs.len() {
        for alias in site.docs[i].aliases() {
            let target = escape_html(site.url(i));
            let html = format!(
                "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Moved</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n",
                escape_html(&site.config.language)
            );
            out.push(OutputFile::text(
                out_path(&crate::content::paths::alias_url(alias)),
                html,
            ));
        }
    }
    out
}

/// The theme's `static/` (built in for the default theme), then the site's own `static/`
/// (which wins on equal paths).
pub fn static_files(site: &Site) -> Result<Vec<OutputFile>> {
    let files = crate::theme::static_files(&site.root, &site.config.theme)?;
    files
        .into_iter()
        .map(|(path, origin)| {
            Ok(OutputFile {
                bytes: origin.read()?.into_owned(),
                path,
            })
        })
        .collect()
}
