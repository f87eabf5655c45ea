//! The evidence ledger's pages (see `crate::ledger`): a page per registry claim and per
//! source, and an index of each. Rendered with the listings, from views built here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::{object_of, Listing, Renderer};
use crate::bib::Source;
use crate::content::DocKind;
use crate::ledger::{self, Place, CLAIMS_FOLDER, CLAIMS_PATH, SOURCES_FOLDER, SOURCES_PATH};
use crate::lint::registry::Claim;
use crate::markdown;
use crate::site::Site;

pub(crate) const INDEX_TEMPLATE: &str = "evidence_index.html";
pub(crate) const SOURCE_TEMPLATE: &str = "evidence_source.html";
pub(crate) const SOURCES_TEMPLATE: &str = "evidence_sources.html";

/// A numbered reference of a page (its article's or a claim's), for the theme's list.
pub(crate) fn reference(site: &Site, number: usize, id: &str, s: &Source) -> Value {
    json!({"number": number, "id": id, "anchor": format!("ref-{number}"), "html": s.to_html(),
           "doi": s.doi, "doi_url": s.doi_url(), "pmid": s.pmid, "pubmed_url": s.pubmed_url(), "url": s.url,
           "source_url": site.ledger.published.then(|| site.source_url(id))})
}

/// The ledger pages that articles edited in place may change. An article's claims changing
/// (stated, dropped, or stated elsewhere) moves the counts that the pages of those claims, of
/// the claims opposed to them, of their sources and the claims index show; its citations
/// changing, the pages of those sources and the sources index. A new title only shows on the
/// pages that list the article: those of the claims it states and of the sources it cites.
#[derive(Default)]
pub(crate) struct Reach {
    claims: BTreeSet<usize>,
    sources: BTreeSet<String>,
    /// The claims whose places changed, whose opposed claims and sources are in too (a
    /// claim may be in `claims` first as another's opposite, or for a title).
    stated: BTreeSet<usize>,
    /// The indexes, which show per claim how many articles state it, and per source how
    /// many cite it.
    claims_index: bool,
    sources_index: bool,
}

impl Reach {
    /// Adds the claims whose places changed in an edited article (those it stated before or
    /// states now), with what shows their counts.
    pub(crate) fn claims_moved(&mut self, site: &Site, claims: impl IntoIterator<Item = usize>) {
        for i in claims {
            if self.stated.insert(i) {
                self.claims_index = true;
                self.claims.insert(i);
                let claim = &site.registry.claims[i];
                self.sources.extend(claim.sources.iter().cloned());
                self.claims.extend(site.registry.opposed[i].iter().copied());
            }
        }
    }

    /// Adds the sources an edited article cited before or cites now, its citations having
    /// changed.
    pub(crate) fn citations_moved<'a>(&mut self, sources: impl IntoIterator<Item = &'a String>) {
        self.sources_index = true;
        self.sources.extend(sources.into_iter().cloned());
    }

    /// Adds the pages that list an article, for its title or its places changed without
    /// changing any count: those of the claims it states and of the sources it cites.
    pub(crate) fn pages_listing<'a>(
        &mut self,
        claims: impl IntoIterator<Item = usize>,
        sources: impl IntoIterator<Item = &'a String>,
    ) {
        self.claims.extend(claims);
        self.sources.extend(sources.into_iter().cloned());
    }
}

/// The article entries of the ledger's pages as last rendered (`asserted_in` and
/// `discussed_in` of a claim, `cited_in` of a source), by claim or source id, then by the
/// article's URL. A page made again takes the entries of the articles whose title, URL and
/// places are as they were instead of building them again: a claim's page lists thousands
/// of articles, and a new title changes one of them.
#[derive(Default)]
pub(crate) struct Entries {
    claims: HashMap<String, HashMap<String, Value>>,
    sources: HashMap<String, HashMap<String, Value>>,
}

impl Entries {
    /// Keeps the article entries of a ledger page's variables (as `jobs` made them).
    pub(crate) fn keep(&mut self, mut vars: Map<String, Value>) {
        let (store, lists) = if let Some(view) = vars.remove("claim") {
            (
                &mut self.claims,
                (view, &["asserted_in", "discussed_in"][..]),
            )
        } else if let Some(view) = vars.remove("source") {
            (&mut self.sources, (view, &["cited_in"][..]))
        } else {
            return;
        };
        let (Value::Object(mut view), names) = lists else {
            return;
        };
        let Some(Value::String(id)) = view.remove("id") else {
            return;
        };
        let kept = store.entry(id).or_default();
        for name in names {
            let Some(Value::Array(list)) = view.remove(*name) else {
                continue;
            };
            for entry in list {
                if let Some(url) = entry.get("url").and_then(Value::as_str) {
                    kept.insert(url.to_owned(), entry);
                }
            }
        }
    }
}

/// Every page of the ledger when it is published, or with `only` the two indexes and the
/// pages it names; article entries come from `kept` where they are as they would be made.
pub(super) fn jobs(
    r: &Renderer,
    jobs: &mut Vec<Listing>,
    only: Option<&Reach>,
    kept: &mut Entries,
) {
    let site = r.site;
    if !site.ledger.published {
        return;
    }
    let citing = citing_docs(site, |id| {
        only.is_none_or(|reach| reach.sources.contains(id))
    });
    // Home is the theme's; then the section the ledger sits in, if there is one.
    let parent: Vec<Value> = (site
        .sections
        .get(CLAIMS_FOLDER.rsplit_once('/').map_or("", |(p, _)| p)))
    .filter(|_| CLAIMS_FOLDER.contains('/'))
    .map(|&s| json!({"title": site.docs[s].title(), "url": site.url(s)}))
    .into_iter()
    .collect();
    let crumbs = |index: Option<&Value>| {
        let mut list = parent.clone();
        list.extend(index.map(|s| json!({"title": s["title"], "url": s["url"]})));
        Value::Array(list)
    };
    if !site.registry.claims.is_empty() {
        let mut vars = Map::new();
        let section = index_section(
            site,
            CLAIMS_FOLDER,
            CLAIMS_PATH,
            "Claims, checked",
            "Claims about the treatment, what the evidence says about each, and where this guide discusses them.",
        );
        let title = section["title"].as_str().unwrap_or_default().to_owned();
        vars.insert("breadcrumb".into(), crumbs(None));
        let trail = crumbs(Some(&section));
        vars.insert("section".into(), section);
        if only.is_none_or(|reach| reach.claims_index) {
            vars.insert("evidence".into(), claims_index(site));
            jobs.push(Listing::single(INDEX_TEMPLATE, &title, CLAIMS_PATH, vars));
        }
        // A claim's view lists every place of it in the content (tens of thousands on a
        // large site): made side by side.
        let claims: Vec<usize> = (0..site.registry.claims.len())
            .filter(|i| only.is_none_or(|reach| reach.claims.contains(i)))
            .collect();
        let old: Vec<HashMap<String, Value>> = (claims.iter())
            .map(|&i| (kept.claims.remove(&site.registry.claims[i].id)).unwrap_or_default())
            .collect();
        let views: Vec<Value> = (claims.par_iter().zip(old))
            .map(|(&i, old)| claim_view(site, i, old))
            .collect();
        for (i, view) in claims.into_iter().zip(views) {
            let claim = &site.registry.claims[i];
            let mut vars = Map::new();
            vars.insert("breadcrumb".into(), trail.clone());
            vars.insert("claim".into(), view);
            let title = format!(
                "{} ({})",
                claim.statement.trim_end_matches('.'),
                ledger::verdict_label(claim.verdict).to_lowercase()
            );
            let path = format!("{CLAIMS_PATH}{}/", claim.id);
            jobs.push(Listing::single("evidence_claim.html", &title, &path, vars));
        }
    }
    if !site.registry.bib.sources.is_empty() {
        let mut vars = Map::new();
        let section = index_section(
            site,
            SOURCES_FOLDER,
            SOURCES_PATH,
            "Sources",
            "Every study, review and official document this guide cites, and where it cites them.",
        );
        let title = section["title"].as_str().unwrap_or_default().to_owned();
        vars.insert("breadcrumb".into(), crumbs(None));
        let trail = crumbs(Some(&section));
        vars.insert("section".into(), section);
        if only.is_none_or(|reach| reach.sources_index) {
            vars.insert("sources".into(), sources_index(site, &citing));
            jobs.push(Listing::single(
                SOURCES_TEMPLATE,
                &title,
                SOURCES_PATH,
                vars,
            ));
        }
        let sources: Vec<(&String, &Source)> = (site.registry.bib.sources.iter())
            .filter(|(id, _)| only.is_none_or(|reach| reach.sources.contains(*id)))
            .collect();
        let old: Vec<HashMap<String, Value>> = (sources.iter())
            .map(|(id, _)| kept.sources.remove(*id).unwrap_or_default())
            .collect();
        let views: Vec<Value> = (sources.par_iter().zip(old))
            .map(|((id, source), old)| source_view(site, id, source, &citing, old))
            .collect();
        for ((id, source), view) in sources.into_iter().zip(views) {
            let mut vars = Map::new();
            vars.insert("breadcrumb".into(), trail.clone());
            vars.insert("source".into(), view);
            let path = format!("{SOURCES_PATH}{id}/");
            jobs.push(Listing::single(
                SOURCE_TEMPLATE,
                &source.short(),
                &path,
                vars,
            ));
        }
    }
}

/// Every URL of the ledger, for the sitemap.
pub(crate) fn urls(site: &Site) -> Vec<String> {
    let root = site.config.root_path();
    let mut out = Vec::new();
    if !site.ledger.published {
        return out;
    }
    if !site.registry.claims.is_empty() {
        out.push(format!("{root}{CLAIMS_PATH}"));
        out.extend((0..site.registry.claims.len()).map(|i| site.claim_url(i)));
    }
    if !site.registry.bib.sources.is_empty() {
        out.push(format!("{root}{SOURCES_PATH}"));
        out.extend(
            site.registry
                .bib
                .sources
                .keys()
                .map(|id| site.source_url(id)),
        );
    }
    out
}

/// Whether a section is one of the ledger's index pages (rendered here, not as a section).
pub(crate) fn is_index(site: &Site, section: usize) -> bool {
    site.ledger.published
        && match site.docs[section].folder() {
            CLAIMS_FOLDER => !site.registry.claims.is_empty(),
            SOURCES_FOLDER => !site.registry.bib.sources.is_empty(),
            _ => false,
        }
}

/// How many pages a ledger index lists (for the section cards of its parent).
pub(crate) fn page_count(site: &Site, section: usize) -> usize {
    match site.docs[section].folder() {
        CLAIMS_FOLDER => site.registry.claims.len(),
        _ => site.registry.bib.sources.len(),
    }
}

/// The articles citing each source, each once: in title order for the sources `sorted`
/// names (whose pages list them), in document order for the others (only counted).
fn citing_docs(site: &Site, sorted: impl Fn(&str) -> bool) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, doc) in site.docs.iter().enumerate() {
        for id in &doc.md.references {
            let list = out.entry(id.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    for (id, list) in &mut out {
        if sorted(id) {
            list.sort_by_cached_key(|&i| (site.docs[i].title().to_lowercase(), i));
        }
    }
    out
}

/// The index's title, description and introduction: from `<folder>/_index.md` when there is
/// one, else the defaults.
fn index_section(site: &Site, folder: &str, path: &str, title: &str, description: &str) -> Value {
    let url = format!("{}{path}", site.config.root_path());
    let permalink = site.absolute(&url);
    match site.sections.get(folder).map(|&s| (s, &site.docs[s].kind)) {
        Some((s, DocKind::Section(meta))) => json!({
            "title": meta.title, "description": meta.description, "url": url, "permalink": permalink,
            "content": site.resolved_html(s, &site.docs[s].md.html), "extra": meta.extra,
        }),
        _ => json!({"title": title, "description": description, "url": url, "permalink": permalink,
                    "content": "", "extra": {}}),
    }
}

/// A topic's title: its id in words, with the spelling of an acronym its claims use ("prp" ->
/// "PRP" when a statement says "PRP").
fn topic_title(site: &Site, topic: &str) -> String {
    let statements: Vec<&str> = (site.registry.claims.iter())
        .filter(|c| c.topic == topic)
        .map(|c| c.statement.as_str())
        .collect();
    let words: Vec<String> = topic
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let acronym = statements
                .iter()
                .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
                .find(|s| {
                    s.eq_ignore_ascii_case(w) && s.len() > 1 && s.chars().all(|c| !c.is_lowercase())
                });
            acronym.map_or_else(|| w.to_owned(), str::to_owned)
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn topic_anchor(topic: &str) -> String {
    format!("topic-{}", crate::html::slugify(topic))
}

/// A claim as listed: its page, statement, verdict and how often the content states it.
fn claim_brief(site: &Site, i: usize) -> Value {
    let claim = &site.registry.claims[i];
    let (asserted, discussed) = split_places(&site.ledger.places[i]);
    let pages = |places: &[&Place]| {
        places
            .iter()
            .map(|p| p.doc)
            .collect::<BTreeSet<usize>>()
            .len()
    };
    json!({"id": claim.id, "url": site.claim_url(i), "statement": claim.statement,
           "verdict": claim.verdict.as_str(), "verdict_label": ledger::verdict_label(claim.verdict),
           "category": claim.category.as_str(), "documentation_only": claim.documentation_only,
           "asserted_count": pages(&asserted), "discussed_count": pages(&discussed)})
}

/// The places of a claim in the pages that assert it somewhere, and in the pages that only
/// discuss it (hedged or denied everywhere they state it).
fn split_places(places: &[Place]) -> (Vec<&Place>, Vec<&Place>) {
    let asserting: BTreeSet<usize> = places.iter().filter(|p| p.asserts).map(|p| p.doc).collect();
    places.iter().partition(|p| asserting.contains(&p.doc))
}

fn claims_index(site: &Site) -> Value {
    let mut topics: BTreeMap<String, (String, Vec<Value>)> = BTreeMap::new();
    for (i, claim) in site.registry.claims.iter().enumerate() {
        let title = topic_title(site, &claim.topic);
        topics
            .entry(title.to_lowercase())
            .or_insert_with(|| (claim.topic.clone(), Vec::new()))
            .1
            .push(claim_brief(site, i));
    }
    let topics: Vec<Value> = topics
        .into_values()
        .map(|(topic, claims)| {
            let mut view = json!({"id": topic, "title": topic_title(site, &topic), "anchor": topic_anchor(&topic)});
            view["claims"] = Value::Array(claims);
            view
        })
        .collect();
    let verdicts: Vec<Value> = ["supported", "contested", "unsupported", "false"]
        .iter()
        .map(|v| {
            let count = (site.registry.claims.iter())
                .filter(|c| c.verdict.as_str() == *v)
                .count();
            json!({"verdict": v, "count": count})
        })
        .collect();
    let root = site.config.root_path();
    let mut view = json!({"claim_count": site.registry.claims.len(),
                          "sources_url": (!site.registry.bib.sources.is_empty()).then(|| format!("{root}{SOURCES_PATH}"))});
    view["topics"] = Value::Array(topics);
    view["verdicts"] = Value::Array(verdicts);
    view
}

/// The link to a place of a claim: its marker when it has one.
fn place_url(url: &str, mark: Option<usize>) -> String {
    mark.map_or_else(|| url.to_owned(), |n| format!("{url}#claim-mark-{n}"))
}

/// Whether an article entry made before (`articles`) is the one that `d`, stating a claim at
/// `places`, gets now.
fn entry_is(site: &Site, entry: &Value, d: usize, places: &[&Place]) -> bool {
    let url = site.url(d);
    let same_place = |shown: &Value, p: &&Place| {
        let link = shown.get("url").and_then(Value::as_str).unwrap_or_default();
        let marker = match p.mark {
            None => link == url,
            Some(n) => (link.strip_prefix(url))
                .and_then(|rest| rest.strip_prefix("#claim-mark-"))
                // (Entries only come from `place_url`: a number parses back to itself.)
                .is_some_and(|rest| rest.parse() == Ok(n)),
        };
        marker
            && shown.get("line").and_then(Value::as_u64) == Some(p.line as u64)
            && shown.get("marked").and_then(Value::as_bool) == Some(p.mark.is_some())
    };
    entry.get("title").and_then(Value::as_str) == Some(site.docs[d].title())
        && entry.get("url").and_then(Value::as_str) == Some(url)
        && (entry.get("places").and_then(Value::as_array)).is_some_and(|shown| {
            shown.len() == places.len() && shown.iter().zip(places).all(|(a, b)| same_place(a, b))
        })
}

/// The articles among `places`, each with the places it states the claim (linked to their
/// markers when they have one), in title order; `old` entries are taken where they are the
/// same.
fn articles(site: &Site, places: &[&Place], old: &mut HashMap<String, Value>) -> Vec<Value> {
    let mut by_doc: BTreeMap<usize, Vec<&Place>> = BTreeMap::new();
    for p in places {
        by_doc.entry(p.doc).or_default().push(p);
    }
    let mut docs: Vec<usize> = by_doc.keys().copied().collect();
    docs.sort_by_cached_key(|&d| (site.docs[d].title().to_lowercase(), d));
    let reused: Vec<Option<Value>> = (docs.iter())
        .map(|&d| (old.remove(site.url(d))).filter(|entry| entry_is(site, entry, d, &by_doc[&d])))
        .collect();
    (docs.par_iter().zip(reused))
        .map(|(&d, reused)| {
            if let Some(entry) = reused {
                return entry;
            }
            let url = site.url(d);
            let places: Vec<Value> = by_doc[&d]
                .iter()
                .map(|p| {
                    let link = place_url(url, p.mark);
                    json!({"url": link, "line": p.line, "marked": p.mark.is_some()})
                })
                .collect();
            let first = places
                .iter()
                .find(|p| p["marked"] == json!(true))
                .map_or_else(
                    || url.to_owned(),
                    |p| p["url"].as_str().unwrap_or(url).to_owned(),
                );
            object_of([
                ("title", json!(site.docs[d].title())),
                ("url", json!(url)),
                ("first_url", Value::from(first)),
                ("places", Value::Array(places)),
            ])
        })
        .collect()
}

fn claim_view(site: &Site, i: usize, mut old: HashMap<String, Value>) -> Value {
    let claim: &Claim = &site.registry.claims[i];
    let bib = &site.registry.bib;
    // The summary's citations are numbered first, then the claim's other sources.
    let (summary, mut cited) = match &claim.summary {
        Some(text) => {
            let a = markdown::analyse(
                markdown::Source {
                    body: text,
                    base: 0,
                    rel: "",
                    html: site.config.html,
                },
                bib,
            );
            let html = external_links_only(&a.html);
            (Some(html), a.references)
        }
        None => (None, Vec::new()),
    };
    for id in &claim.sources {
        if !cited.contains(id) {
            cited.push(id.clone());
        }
    }
    let references: Vec<Value> = (cited.iter().enumerate())
        .filter_map(|(n, id)| bib.get(id).map(|s| reference(site, n + 1, id, s)))
        .collect();
    let (asserted, discussed) = split_places(&site.ledger.places[i]);
    let root = site.config.root_path();
    let opposed: Vec<Value> = site.registry.opposed[i]
        .iter()
        .map(|&o| claim_brief(site, o))
        .collect();
    let mut view = claim_brief(site, i);
    let extra = object_of([
        (
            "topic",
            json!({"id": claim.topic, "title": topic_title(site, &claim.topic),
                   "url": format!("{root}{CLAIMS_PATH}#{}", topic_anchor(&claim.topic))}),
        ),
        ("index_url", Value::from(format!("{root}{CLAIMS_PATH}"))),
        ("permalink", Value::from(site.absolute(&site.claim_url(i)))),
        ("summary", Value::from(summary)),
        ("references", Value::Array(references)),
        (
            "asserted_in",
            Value::Array(articles(site, &asserted, &mut old)),
        ),
        (
            "discussed_in",
            Value::Array(articles(site, &discussed, &mut old)),
        ),
        ("opposed", Value::Array(opposed)),
    ]);
    if let (Value::Object(view), Value::Object(extra)) = (&mut view, extra) {
        view.extend(extra);
    }
    view
}

/// A summary links only to other sites (the registry checks it); its HTML keeps no
/// placeholders.
fn external_links_only(html: &str) -> String {
    html.replace(markdown::LINK_MARK, "")
}

fn source_brief(site: &Site, id: &str, s: &Source, citing: &BTreeMap<&str, Vec<usize>>) -> Value {
    let claims = (site.registry.claims.iter())
        .filter(|c| c.sources.iter().any(|x| x == id))
        .count();
    json!({"id": id, "page_url": site.source_url(id), "short": s.short(), "html": s.to_html(),
           "kind": s.kind, "title": s.title, "year": s.year,
           "doi": s.doi, "doi_url": s.doi_url(), "pmid": s.pmid, "pubmed_url": s.pubmed_url(), "url": s.url,
           "article_count": citing.get(id).map_or(0, Vec::len), "claim_count": claims})
}

fn sources_index(site: &Site, citing: &BTreeMap<&str, Vec<usize>>) -> Value {
    let mut list: Vec<(&String, &Source)> = site.registry.bib.sources.iter().collect();
    list.sort_by_cached_key(|(id, s)| (s.short().to_lowercase(), (*id).clone()));
    let root = site.config.root_path();
    let briefs = (list.iter())
        .map(|(id, s)| source_brief(site, id, s, citing))
        .collect();
    let claims_url = (!site.registry.claims.is_empty()).then(|| format!("{root}{CLAIMS_PATH}"));
    object_of([
        ("list", Value::Array(briefs)),
        ("claims_url", Value::from(claims_url)),
    ])
}

fn source_view(
    site: &Site,
    id: &str,
    s: &Source,
    citing: &BTreeMap<&str, Vec<usize>>,
    mut old: HashMap<String, Value>,
) -> Value {
    let mut view = source_brief(site, id, s, citing);
    let cited_in: Vec<Value> = citing
        .get(id)
        .into_iter()
        .flatten()
        .map(|&d| {
            let (title, url) = (site.docs[d].title(), site.url(d));
            (old.remove(url))
                .filter(|e| e.get("title").and_then(Value::as_str) == Some(title))
                .unwrap_or_else(|| json!({"title": title, "url": url}))
        })
        .collect();
    let claims: Vec<Value> = (site.registry.claims.iter().enumerate())
        .filter(|(_, c)| c.sources.iter().any(|x| x == id))
        .map(|(i, _)| claim_brief(site, i))
        .collect();
    let root = site.config.root_path();
    let mut extra = json!({
        "authors": s.authors, "container": s.container, "volume": s.volume, "issue": s.issue,
        "pages": s.pages, "note": s.note, "permalink": site.absolute(&site.source_url(id)),
        "index_url": format!("{root}{SOURCES_PATH}"),
    });
    extra["cited_in"] = Value::Array(cited_in);
    extra["claims"] = Value::Array(claims);
    if let (Value::Object(view), Value::Object(extra)) = (&mut view, extra) {
        view.extend(extra);
    }
    view
}
