//! Related articles: pages that share taxonomy terms with a page or link to or from it.
//!
//! A link from the page counts 3, a link to it 2, and each shared term `2 / ln(n + 1)` for a
//! term of `n` pages, so a term only two pages share says more than one half the site has.
//! Candidates come from links and from terms of at most `RARE` pages; terms with more pages
//! are only counted for those candidates (or searched in their first `RARE` pages when there
//! are too few), which keeps a 10,000-article site linear.
//!
//! After an edit, only the pages the edited articles can reach are ranked again (`reach`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

use crate::content::Document;
use crate::html::slugify;
use crate::render::search::FastHasher;
use crate::site::Site;

type Fast = BuildHasherDefault<FastHasher>;

/// How many related pages a page gets.
pub(crate) const COUNT: usize = 4;
/// Terms with at most this many pages nominate candidates.
const RARE: usize = 200;

/// The related pages of every document (empty for sections), best first.
pub(crate) fn all(site: &Site) -> Vec<Vec<usize>> {
    let graph = Graph::new(site);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); site.docs.len()];
    let pages: Vec<usize> = site.page_indexes().collect();
    for (i, list) in graph.rank(&pages) {
        out[i] = list;
    }
    out
}

/// The related pages of `pages` only, best first.
pub(crate) fn of_pages(site: &Site, pages: &[usize]) -> Vec<(usize, Vec<usize>)> {
    Graph::new(site).rank(pages)
}

/// The pages whose related pages may change when the documents at `changed` were edited in
/// place (`changed` gives each one's previous version): the edited pages, the pages they link
/// to or that link to them, and the pages sharing a taxonomy term with them, before or after
/// the edit. For any other page the edited ones are no candidates, and no weight of its
/// terms moved.
pub(crate) fn reach(site: &Site, changed: &[(usize, &Document)]) -> Vec<usize> {
    let mut out: BTreeSet<usize> = BTreeSet::new();
    let edited: HashSet<usize> = changed.iter().map(|&(i, _)| i).collect();
    for &(i, old) in changed {
        out.insert(i);
        for doc in [old, &site.docs[i]] {
            out.extend(link_targets(site, doc));
            for (k, slug) in terms_of(site, doc) {
                let term = site.taxonomies[k].terms.get(&slug);
                out.extend(term.into_iter().flat_map(|t| t.pages.iter().copied()));
            }
        }
    }
    // The pages linking to an edited one.
    for p in site.page_indexes() {
        if link_targets(site, &site.docs[p]).any(|t| edited.contains(&t)) {
            out.insert(p);
        }
    }
    out.retain(|&p| site.docs[p].page().is_some());
    out.into_iter().collect()
}

/// The pages whose related pages may change when one article's title changed and nothing
/// else that ranks it (links, date, terms): `changed` is its index and previous version,
/// `related` every page's related pages before. A title only breaks ties, so a page is ranked
/// again only when the article is among its related pages, or scores exactly as its last one
/// does. `None` when the new title moved the article into or out of the first `RARE` pages
/// of one of its terms, which nominate candidates: `reach` tells then.
pub(crate) fn retitled(
    site: &Site,
    changed: (usize, &Document),
    related: &[Vec<usize>],
) -> Option<Vec<usize>> {
    let (x, old) = changed;
    let doc = &site.docs[x];
    let old_title = old.title().to_lowercase();
    for (k, slug) in terms_of(site, doc) {
        let Some(term) = site.taxonomies[k].terms.get(&slug) else {
            continue;
        };
        if term.pages.len() <= RARE {
            continue;
        }
        let now = term.pages.iter().position(|&p| p == x);
        // Where the old title sorted it among the others (`Site::pages_by_date`'s order).
        let date = |d: &Document| d.page().and_then(|m| m.date);
        let before = (term.pages.iter().filter(|&&q| q != x))
            .filter(|&&q| {
                let other = &site.docs[q];
                date(doc).cmp(&date(other)).then_with(|| {
                    (other.title().to_lowercase().as_str(), other.rel.as_str())
                        .cmp(&(old_title.as_str(), doc.rel.as_str()))
                }) == std::cmp::Ordering::Less
            })
            .count();
        if now.is_none_or(|now| (now < RARE) != (before < RARE)) {
            return None;
        }
    }
    let pages = reach(site, &[changed]);
    let own_terms = terms_of(site, doc);
    let rerank = |p: usize| match related[p].as_slice() {
        list if list.contains(&x) => true,
        list if list.len() == COUNT => {
            let terms = terms_of(site, &site.docs[p]);
            let last = list[COUNT - 1];
            let score =
                |c: usize, theirs: &[(usize, String)]| pair_score(site, p, &terms, c, theirs);
            score(last, &terms_of(site, &site.docs[last])) == score(x, &own_terms)
        }
        _ => false,
    };
    Some(
        pages
            .into_par_iter()
            .filter(|&p| p != x && rerank(p))
            .collect(),
    )
}

/// The score `Graph::related` gives page `c` (whose terms are `theirs`) among the related
/// pages of `p` (whose terms are `own`), if `c` is a candidate at all: links first, then the
/// terms they share.
fn pair_score(
    site: &Site,
    p: usize,
    own: &[(usize, String)],
    c: usize,
    theirs: &[(usize, String)],
) -> f64 {
    let links_to = |from: usize, to: usize| link_targets(site, &site.docs[from]).any(|t| t == to);
    let mut score = 0.0;
    if links_to(p, c) {
        score += 3.0;
    }
    if links_to(c, p) {
        score += 2.0;
    }
    let terms = by_size(own.iter().filter_map(|(k, slug)| {
        let pages = site.taxonomies[*k].terms.get(slug)?.pages.as_slice();
        Some((pages, (*k, slug.as_str())))
    }));
    let shared = shared_weight(&terms, |(k, slug)| {
        theirs.iter().any(|(j, other)| *j == k && other == slug)
    });
    if shared > 0.0 {
        score += shared;
    }
    score
}

/// The documents `doc` links to.
fn link_targets<'s>(site: &'s Site, doc: &'s Document) -> impl Iterator<Item = usize> + 's {
    (doc.md.links.iter()).filter_map(|l| l.target.as_deref().and_then(|rel| site.doc_index(rel)))
}

/// A page's taxonomy terms as (taxonomy, slug).
fn terms_of(site: &Site, doc: &Document) -> Vec<(usize, String)> {
    let Some(meta) = doc.page() else {
        return Vec::new();
    };
    (site.taxonomies.iter().enumerate())
        .flat_map(|(k, tax)| {
            (meta.taxonomies.get(&tax.name).into_iter().flatten())
                .map(move |name| (k, slugify(name)))
        })
        .collect()
}

/// A page's terms (their pages, and anything that tells one term from another), the
/// smallest first: the order their weights are added in.
fn by_size<'a, T>(terms: impl Iterator<Item = (&'a [usize], T)>) -> Vec<(&'a [usize], T)> {
    let mut terms: Vec<(&[usize], T)> = terms.collect();
    terms.sort_by_key(|(p, _)| p.len());
    terms
}

/// The weight of the terms among `terms` (sorted by `by_size`) that another page has too.
/// Ranking and `retitled` both add them up here, in the same order, so that equal scores are
/// equal to the last bit.
fn shared_weight<T: Copy>(terms: &[(&[usize], T)], has: impl Fn(T) -> bool) -> f64 {
    let weight = |count: usize| 2.0 / ((count as f64) + 1.0).ln();
    (terms.iter())
        .filter(|(_, term)| has(*term))
        .map(|(list, _)| weight(list.len()))
        .sum()
}

/// Links and shared terms between the pages of a site; terms by number.
struct Graph<'s> {
    is_page: Vec<bool>,
    outbound: Vec<Vec<usize>>,
    inbound: Vec<Vec<usize>>,
    /// The pages of each term.
    term_pages: Vec<&'s [usize]>,
    /// Each document's terms (a handful: looked through, not hashed).
    terms_of: Vec<Vec<usize>>,
    titles: Vec<&'s str>,
}

impl<'s> Graph<'s> {
    fn new(site: &'s Site) -> Graph<'s> {
        let n = site.docs.len();
        let is_page: Vec<bool> = (0..n).map(|i| site.docs[i].page().is_some()).collect();
        let mut outbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in site.page_indexes() {
            let mut targets: Vec<usize> = link_targets(site, &site.docs[i])
                .filter(|&t| t != i && is_page[t])
                .collect();
            targets.sort_unstable();
            targets.dedup();
            outbound[i] = targets;
        }
        let mut inbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in site.page_indexes() {
            for &t in &outbound[i] {
                inbound[t].push(i);
            }
        }
        let mut number: HashMap<(usize, &str), usize> = HashMap::new();
        let mut term_pages = Vec::new();
        for (k, tax) in site.taxonomies.iter().enumerate() {
            for t in tax.terms.values() {
                number.insert((k, t.slug.as_str()), term_pages.len());
                term_pages.push(t.pages.as_slice());
            }
        }
        // Pages share a few dozen terms: each spelling is slugified once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        let terms_of = (site.docs.iter())
            .map(|d| {
                let Some(meta) = d.page() else {
                    return Vec::new();
                };
                let mut numbers = Vec::new();
                for (k, tax) in site.taxonomies.iter().enumerate() {
                    for name in meta.taxonomies.get(&tax.name).into_iter().flatten() {
                        let slug = slugs.entry(name).or_insert_with(|| slugify(name));
                        numbers.extend(number.get(&(k, slug.as_str())).copied());
                    }
                }
                numbers
            })
            .collect();
        Graph {
            is_page,
            outbound,
            inbound,
            term_pages,
            terms_of,
            titles: site.docs.iter().map(Document::title).collect(),
        }
    }

    /// The related pages of each of `pages`.
    fn rank(&self, pages: &[usize]) -> Vec<(usize, Vec<usize>)> {
        pages.par_iter().map(|&i| (i, self.related(i))).collect()
    }

    fn related(&self, i: usize) -> Vec<usize> {
        let mut score: HashMap<usize, f64, Fast> = HashMap::default();
        for &t in &self.outbound[i] {
            *score.entry(t).or_default() += 3.0;
        }
        for &t in &self.inbound[i] {
            *score.entry(t).or_default() += 2.0;
        }
        let terms = by_size((self.terms_of[i].iter()).map(|&t| (self.term_pages[t], t)));
        let mut candidates: HashSet<usize, Fast> = score.keys().copied().collect();
        for (list, _) in &terms {
            if list.len() <= RARE || candidates.len() < COUNT * 4 {
                candidates.extend(list.iter().take(RARE).copied());
            }
        }
        candidates.remove(&i);
        for &c in &candidates {
            let shared = shared_weight(&terms, |term| self.terms_of[c].contains(&term));
            if shared > 0.0 {
                *score.entry(c).or_default() += shared;
            }
        }
        let mut ranked: Vec<(usize, f64)> = score
            .into_iter()
            .filter(|&(c, _)| self.is_page[c])
            .collect();
        let titles = &self.titles;
        // A total order (ties by title, then place): picking the best few first and sorting
        // only them gives the same list as sorting every candidate.
        let order = |a: &(usize, f64), b: &(usize, f64)| {
            b.1.total_cmp(&a.1)
                .then_with(|| titles[a.0].cmp(titles[b.0]))
                .then_with(|| a.0.cmp(&b.0))
        };
        if ranked.len() > COUNT {
            ranked.select_nth_unstable_by(COUNT - 1, order);
            ranked.truncate(COUNT);
        }
        ranked.sort_by(order);
        ranked.into_iter().map(|(c, _)| c).collect()
    }
}
