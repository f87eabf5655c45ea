//! Rendering again only what a change touches (the preview server).
//!
//! Every page and listing is rendered from inputs whose hash is kept with its output path: a
//! page from its document, the URLs its links resolve to, its section and the listing views
//! of its related pages; a listing from its template variables and the views of the pages it
//! lists. After an edit the hashes are worked out again (cheap) and only the pages whose hash
//! changed are rendered. The listing views, related pages and the search index are kept too,
//! and made again only for what changed; after articles came or went, the other documents'
//! listing views and the ledger pages' article entries (`ledger::Entries`) are taken again
//! where their inputs are the same. Whatever every page shows alike (site settings,
//! navigation, today's date) is hashed once: when it changes, everything is rendered.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::Value;
use tera::Tera;
use xxhash_rust::xxh3::Xxh3;

use super::{common, hash_str, out_path, related, search, summary, Listing, OutputFile, Renderer};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::site::Site;

/// What was rendered last, and from what.
pub(crate) struct Cache {
    /// Hash of what every page shows alike, and of the day.
    global: u64,
    /// Listing view of each document (`Null` for sections), and its hash.
    summaries: Vec<Value>,
    summary_keys: Vec<u64>,
    /// The path and file hash of each document the summaries were made from: after articles
    /// came or went, the others take their summaries from here.
    summary_docs: Vec<(String, u64)>,
    related: Vec<Vec<usize>>,
    /// Output path of each page and listing -> hash of its inputs.
    keys: HashMap<String, u64>,
    /// Output paths of the listings made by `content_jobs`, of the ledger's pages and of the
    /// search page, to drop those no longer made.
    content_paths: HashSet<String>,
    ledger_paths: HashSet<String>,
    /// The article entries of the ledger's pages, to make them again from.
    ledger_entries: super::ledger::Entries,
    search: search::Index,
}

/// What changed since the last render: documents changed in place (the same documents, at
/// the same indexes, with the same URLs and sections).
pub(crate) struct Touched<'a> {
    /// The documents loaded again.
    pub docs: &'a [usize],
    /// Their links, titles, dates or taxonomy terms changed: the pages whose related pages
    /// may change (`related::reach`), ranked again.
    pub related: Option<Vec<usize>>,
    /// Their titles, dates, weights or taxonomy terms changed: the order and members of
    /// listings, and the search page, change.
    pub listed: bool,
    /// The places of their claims, their citations, or the titles the ledger lists changed:
    /// the ledger pages that may show it.
    pub ledger: Option<super::ledger::Reach>,
    /// What the sitemap, the feed or the redirects show of them changed.
    pub feeds: bool,
}

/// Files that may have changed (compare their bytes before counting them), and output paths
/// no longer made.
#[derive(Default)]
pub(crate) struct Rendered {
    pub files: Vec<OutputFile>,
    pub gone: Vec<String>,
}

/// Feeds a JSON value into a hash by walking it: every string with its length first, and
/// a tag byte before each value, so that two different values cannot feed the same bytes.
/// (Serialising the value into the hash instead spent most of its time escaping strings,
/// and the ledger's pages carry megabytes of them.)
fn hash_value(hash: &mut Xxh3, value: &Value) {
    match value {
        Value::Null => hash.update(&[0]),
        Value::Bool(b) => hash.update(&[1, u8::from(*b)]),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => {
                hash.update(&[2]);
                hash.update(&u.to_le_bytes());
            }
            (None, Some(i)) => {
                hash.update(&[6]);
                hash.update(&i.to_le_bytes());
            }
            _ => {
                hash.update(&[7]);
                hash.update(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
        },
        Value::String(text) => {
            hash.update(&[3]);
            hash_str(hash, text);
        }
        Value::Array(items) => {
            hash.update(&[4]);
            hash.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(hash, item);
            }
        }
        Value::Object(map) => {
            hash.update(&[5]);
            hash.update(&(map.len() as u64).to_le_bytes());
            for (key, item) in map {
                hash_str(hash, key);
                hash_value(hash, item);
            }
        }
    }
}

fn global_key(site: &Site, common: &Value, today: Date) -> u64 {
    let mut hash = Xxh3::new();
    hash_value(&mut hash, common);
    hash_str(&mut hash, &today.to_string());
    hash.update(&[u8::from(site.ledger.published)]);
    hash.digest()
}

fn summary_key(value: &Value) -> u64 {
    let mut hash = Xxh3::new();
    hash_value(&mut hash, value);
    hash.digest()
}

impl Cache {
    /// Renders every page, listing and generated file (not the static files).
    pub(crate) fn build(
        site: &Site,
        tera: &Tera,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
    ) -> Result<(Cache, Vec<OutputFile>)> {
        let (cache, out, _) = Cache::make(site, tera, err, None)?;
        Ok((cache, out))
    }

    /// After articles were added, removed or renamed: renders again only the pages and
    /// listings whose inputs differ from what `old` rendered (everything when what every
    /// page shows changed), and indexes again only the articles whose text or place changed.
    /// Gives the generated files that may have changed, and the output paths of `old` that
    /// are still made exactly as they were.
    pub(crate) fn rebuild(
        site: &Site,
        tera: &Tera,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
        old: Cache,
    ) -> Result<(Cache, Vec<OutputFile>, Vec<String>)> {
        Cache::make(site, tera, err, Some(old))
    }

    fn make(
        site: &Site,
        tera: &Tera,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
        old: Option<Cache>,
    ) -> Result<(Cache, Vec<OutputFile>, Vec<String>)> {
        let mut timer = crate::timings::Timer::start();
        let (today, common) = (Date::today(), common(site));
        let global = global_key(site, &common, today);
        let mut old = old.filter(|old| old.global == global);
        let (summaries, summary_keys) = summaries(site, old.as_mut());
        let r = Renderer::with_summaries(site, tera, today, common, summaries);
        timer.lap("  views");
        let all = old.is_none();
        let (keys, search, entries) = old.map_or_else(Default::default, |old| {
            (old.keys, Some(old.search), old.ledger_entries)
        });
        let mut cache = Cache {
            global,
            summaries: Vec::new(),
            summary_keys,
            summary_docs: summary_docs(site),
            related: Vec::new(),
            keys,
            content_paths: HashSet::new(),
            ledger_paths: HashSet::new(),
            ledger_entries: entries,
            search: search::Index::default(),
        };
        let mut kept = Vec::new();
        let pages: Vec<usize> = site.page_indexes().collect();
        let mut out = cache.render_pages(&r, &pages, all, err, &mut kept)?;
        timer.lap("  pages");
        let mut ledger = Vec::new();
        super::ledger::jobs(&r, &mut ledger, None, &mut cache.ledger_entries);
        let families = [
            (r.content_jobs(), Family::Content),
            (ledger, Family::Ledger),
            (r.search_job().into_iter().collect(), Family::SearchPage),
        ];
        timer.lap("  ledger jobs");
        for (jobs, family) in families {
            out.extend(cache.render_listings(&r, jobs, family, err, &mut kept)?);
            timer.lap(match family {
                Family::Content => "  listings",
                Family::Ledger => "  ledger",
                Family::SearchPage => "  search page",
            });
        }
        // Only what is made now keeps its hash: a page removed and added again later must
        // be rendered, as its old output is gone by then.
        let made: HashSet<&str> = (out.iter().map(|f| f.path.as_str()))
            .chain(kept.iter().map(String::as_str))
            .collect();
        cache.keys.retain(|path, _| made.contains(path.as_str()));
        let (index, files) = search::Index::new(site, search)?;
        cache.search = index;
        out.extend(files);
        timer.lap("  index");
        out.extend(super::feed_files(site));
        timer.lap("  feeds");
        cache.summaries = r.summaries;
        cache.related = r.related;
        Ok((cache, out, kept))
    }

    /// The related pages of every document, as last rendered.
    pub(crate) fn related(&self) -> &[Vec<usize>] {
        &self.related
    }

    /// Renders again what `touched` may have changed; `None` when everything must be rendered
    /// (what every page shows changed). On an error the cache is left half updated: the
    /// caller then builds it anew.
    pub(crate) fn update(
        &mut self,
        site: &Site,
        tera: &Tera,
        touched: &Touched,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
    ) -> Result<Option<Rendered>> {
        let today = Date::today();
        let common = common(site);
        if global_key(site, &common, today) != self.global {
            return Ok(None);
        }
        let mut timer = crate::timings::Timer::start();
        let mut restated: HashSet<usize> = HashSet::new();
        for &i in touched.docs {
            self.summaries[i] = summary(site, i);
            self.summary_docs[i] = (site.docs[i].rel.clone(), site.docs[i].file.hash);
            let key = summary_key(&self.summaries[i]);
            if std::mem::replace(&mut self.summary_keys[i], key) != key {
                restated.insert(i);
            }
        }
        let mut moved: HashSet<usize> = HashSet::new();
        if let Some(reach) = touched.related.as_ref().filter(|r| !r.is_empty()) {
            for (p, list) in related::of_pages(site, reach) {
                if self.related[p] != list {
                    self.related[p] = list;
                    moved.insert(p);
                }
            }
        }
        timer.lap("  related");
        let mut r = Renderer {
            site,
            tera,
            today,
            common,
            summaries: std::mem::take(&mut self.summaries),
            home: Value::Null,
            related: std::mem::take(&mut self.related),
        };
        let rendered = self.render_changes(&mut r, touched, &restated, &moved, err, &mut timer);
        self.summaries = r.summaries;
        self.related = r.related;
        rendered.map(Some)
    }

    fn render_changes(
        &mut self,
        r: &mut Renderer,
        touched: &Touched,
        restated: &HashSet<usize>,
        moved: &HashSet<usize>,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
        timer: &mut crate::timings::Timer,
    ) -> Result<Rendered> {
        let site = r.site;
        // Pages that may show something new: the edited ones, and those whose related
        // pages (or their views) changed.
        let pages: Vec<usize> = (site.page_indexes())
            .filter(|&p| {
                touched.docs.contains(&p)
                    || moved.contains(&p)
                    || r.related[p].iter().any(|q| restated.contains(q))
            })
            .collect();
        let mut kept = Vec::new();
        let mut files = self.render_pages(r, &pages, false, err, &mut kept)?;
        timer.lap("  pages");
        let mut gone = Vec::new();
        if touched.listed || !restated.is_empty() {
            r.home = r.home_sections();
            let content = r.content_jobs();
            gone.extend(self.dropped(&content, Family::Content));
            files.extend(self.render_listings(r, content, Family::Content, err, &mut kept)?);
        }
        timer.lap("  listings");
        if let Some(reach) = &touched.ledger {
            // The ledger's pages come from the registry, which an edit in place leaves as it
            // was: none is dropped.
            let mut ledger = Vec::new();
            super::ledger::jobs(r, &mut ledger, Some(reach), &mut self.ledger_entries);
            timer.lap("  ledger jobs");
            files.extend(self.render_listings(r, ledger, Family::Ledger, err, &mut kept)?);
        }
        timer.lap("  ledger");
        if touched.listed {
            let page: Vec<Listing> = r.search_job().into_iter().collect();
            files.extend(self.render_listings(r, page, Family::SearchPage, err, &mut kept)?);
        }
        timer.lap("  search page");
        let (index_files, index_gone) = self.search.update(site, touched.docs);
        files.extend(index_files);
        gone.extend(index_gone);
        timer.lap("  index");
        // The sitemap lists every listing page and taxonomy term too.
        if touched.feeds || touched.listed {
            files.extend(super::feed_files(site));
        }
        timer.lap("  feeds");
        for path in &gone {
            self.keys.remove(path);
        }
        Ok(Rendered { files, gone })
    }

    /// Renders the pages whose inputs changed (all with `all`), recording their hashes; the
    /// paths of the others go to `kept`.
    fn render_pages(
        &mut self,
        r: &Renderer,
        pages: &[usize],
        all: bool,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
        kept: &mut Vec<String>,
    ) -> Result<Vec<OutputFile>> {
        let site = r.site;
        let related = &r.related;
        let summary_keys = &self.summary_keys;
        let keys = &self.keys;
        // The path `Renderer::page` writes.
        let (dirty, same): (Vec<_>, Vec<_>) = pages
            .par_iter()
            .map(|&i| {
                let path = out_path(&site.docs[i].url_path());
                let key = page_key(site, i, summary_keys, &related[i]);
                let dirty = all || keys.get(&path) != Some(&key);
                (i, path, key, dirty)
            })
            .partition(|page| page.3);
        kept.extend(same.into_iter().map(|(_, path, _, _)| path));
        let out: Vec<OutputFile> = dirty
            .par_iter()
            .map(|&(i, _, _, _)| r.page(i).map_err(err))
            .collect::<Result<_>>()?;
        self.keys
            .extend(dirty.into_iter().map(|(_, path, key, _)| (path, key)));
        Ok(out)
    }

    /// Renders the listings whose inputs changed, recording their hashes and paths; the
    /// paths of the others go to `kept`.
    fn render_listings(
        &mut self,
        r: &Renderer,
        jobs: Vec<Listing>,
        family: Family,
        err: &(dyn Fn(tera::Error) -> Error + Sync),
        kept: &mut Vec<String>,
    ) -> Result<Vec<OutputFile>> {
        let home_key = summary_key(&r.home);
        let summary_keys = &self.summary_keys;
        let keys = &self.keys;
        let (keyed, same): (Vec<_>, Vec<_>) = jobs
            .into_par_iter()
            .map(|job| {
                let path = job.out_path();
                let key = listing_key(&job, summary_keys, home_key);
                let dirty = keys.get(&path) != Some(&key);
                (job, path, key, dirty)
            })
            .partition(|listing| listing.3);
        let paths = match family {
            Family::Content => Some(&mut self.content_paths),
            Family::Ledger => Some(&mut self.ledger_paths),
            Family::SearchPage => None,
        };
        if let Some(paths) = paths {
            paths.extend(same.iter().map(|(_, path, _, _)| path.clone()));
        }
        let ledger = matches!(family, Family::Ledger);
        for (job, path, _, _) in same {
            if ledger {
                self.ledger_entries.keep(job.vars);
            }
            kept.push(path);
        }
        let mut out = Vec::with_capacity(keyed.len());
        let mut made = Vec::with_capacity(keyed.len());
        for (job, path, key, _) in keyed {
            out.push(job);
            made.push((path, key));
        }
        let files: Vec<OutputFile> = if ledger {
            // The ledger's pages give back their article entries, to be made again from.
            let rendered: Vec<(OutputFile, serde_json::Map<String, Value>)> = out
                .into_par_iter()
                .map(|job| r.render_listing_keeping(job).map_err(err))
                .collect::<Result<_>>()?;
            (rendered.into_iter())
                .map(|(file, vars)| {
                    self.ledger_entries.keep(vars);
                    file
                })
                .collect()
        } else {
            out.into_par_iter()
                .map(|job| r.render_listing(job).map_err(err))
                .collect::<Result<_>>()?
        };
        let paths = match family {
            Family::Content => Some(&mut self.content_paths),
            Family::Ledger => Some(&mut self.ledger_paths),
            Family::SearchPage => None,
        };
        if let Some(paths) = paths {
            paths.extend(made.iter().map(|(path, _)| path.clone()));
        }
        self.keys.extend(made);
        Ok(files)
    }

    /// The paths of a family of listings that `jobs` no longer makes; forgets them.
    fn dropped(&mut self, jobs: &[Listing], family: Family) -> Vec<String> {
        let paths = match family {
            Family::Content => &mut self.content_paths,
            Family::Ledger => &mut self.ledger_paths,
            Family::SearchPage => return Vec::new(),
        };
        let now: HashSet<String> = jobs.iter().map(Listing::out_path).collect();
        let gone: Vec<String> = paths.difference(&now).cloned().collect();
        *paths = now;
        gone
    }
}

#[derive(Clone, Copy)]
enum Family {
    Content,
    Ledger,
    SearchPage,
}

/// The path and file hash of every document.
fn summary_docs(site: &Site) -> Vec<(String, u64)> {
    (site.docs.iter())
        .map(|d| (d.rel.clone(), d.file.hash))
        .collect()
}

/// The listing summary of every document, and its hash: taken from `old` for a document of
/// the same path, file and URL (what a summary shows comes from those alone, the rest of
/// what it shows from the site's settings, which `old` was made with), made for the others.
fn summaries(site: &Site, old: Option<&mut Cache>) -> (Vec<Value>, Vec<u64>) {
    let mut taken: Vec<Option<(Value, u64)>> = vec![None; site.docs.len()];
    if let Some(old) = old {
        let before: HashMap<&str, usize> = (old.summary_docs.iter().enumerate())
            .map(|(j, (rel, _))| (rel.as_str(), j))
            .collect();
        for (i, doc) in site.docs.iter().enumerate() {
            let Some(&j) = before.get(doc.rel.as_str()) else {
                continue;
            };
            let summary = &mut old.summaries[j];
            let url = summary.get("url").and_then(Value::as_str);
            let same_url = url.is_none_or(|url| url == site.url(i));
            if old.summary_docs[j].1 == doc.file.hash && same_url {
                taken[i] = Some((std::mem::take(summary), old.summary_keys[j]));
            }
        }
    }
    taken
        .into_par_iter()
        .enumerate()
        .map(|(i, kept)| {
            kept.unwrap_or_else(|| {
                let value = summary(site, i);
                let key = summary_key(&value);
                (value, key)
            })
        })
        .unzip()
}

/// Everything a page shows that is not the same on every page: its document (the file's hash
/// stands for its text, metadata and evidence markers), its URL, the URLs its links resolve
/// to, its section, and the listing views of its related pages.
fn page_key(site: &Site, i: usize, summary_keys: &[u64], related: &[usize]) -> u64 {
    let doc = &site.docs[i];
    let mut hash = Xxh3::new();
    hash.update(&doc.file.hash.to_le_bytes());
    hash_str(&mut hash, &doc.rel);
    hash_str(&mut hash, site.url(i));
    for link in &doc.md.links {
        match link.target.as_deref().and_then(|rel| site.doc_index(rel)) {
            Some(t) => hash_str(&mut hash, site.url(t)),
            None => hash.update(&[0xff]),
        }
    }
    if let Some(s) = site.parent_section(i) {
        hash_str(&mut hash, site.docs[s].title());
        hash_str(&mut hash, site.url(s));
    }
    for &p in related {
        hash.update(&summary_keys[p].to_le_bytes());
    }
    hash.digest()
}

/// A listing's template, title, path and variables, and the views of the pages it lists.
fn listing_key(job: &Listing, summary_keys: &[u64], home_key: u64) -> u64 {
    let mut hash = Xxh3::new();
    hash_str(&mut hash, &job.template);
    hash_str(&mut hash, &job.title);
    hash_str(&mut hash, &job.path);
    hash.update(&[job.place as u8, u8::from(job.home)]);
    hash.update(&(job.vars.len() as u64).to_le_bytes());
    for (key, value) in &job.vars {
        hash_str(&mut hash, key);
        hash_value(&mut hash, value);
    }
    for &p in &job.chunk {
        hash.update(&summary_keys[p].to_le_bytes());
    }
    if job.home {
        hash.update(&home_key.to_le_bytes());
    }
    hash.digest()
}
