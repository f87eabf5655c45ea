//! Related articles: pages that share taxonomy terms with a page or link to or from it.
//!
//! A link from the page counts 3, a link to it 2, and each shared term `2 / ln(n + 1)` for a
//! term of `n` pages, so a term only two pages share says more than one half the site has.
//! Candidates come from links and from terms of at most `RARE` pages; terms with more pages
//! are only counted for those candidates (or searched in their first `RARE` pages when there
//! are too few), which keeps a 10,000-article site linear.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::html::slugify;
use crate::site::Site;

/// How many related pages a page gets.
pub(crate) const COUNT: usize = 4;
/// Terms with at most this many pages nominate candidates.
const RARE: usize = 200;

/// The related pages of every document (empty for sections), best first.
pub(crate) fn all(site: &Site) -> Vec<Vec<usize>> {
    let n = site.docs.len();
    let pages: Vec<usize> = site.page_indexes().collect();
    let is_page: Vec<bool> = (0..n).map(|i| site.docs[i].page().is_some()).collect();
    let mut outbound: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &i in &pages {
        let mut targets: Vec<usize> = (site.docs[i].md.links.iter())
            .filter_map(|l| l.target.as_deref().and_then(|rel| site.doc_index(rel)))
            .filter(|&t| t != i && is_page[t])
            .collect();
        targets.sort_unstable();
        targets.dedup();
        outbound[i] = targets;
    }
    let mut inbound: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &i in &pages {
        for &t in &outbound[i] {
            inbound[t].push(i);
        }
    }
    // Each page's terms as (taxonomy, slug), with the pages of each term.
    let term_pages: HashMap<(usize, &str), &[usize]> = (site.taxonomies.iter().enumerate())
        .flat_map(|(k, tax)| {
            tax.terms
                .values()
                .map(move |t| ((k, t.slug.as_str()), t.pages.as_slice()))
        })
        .collect();
    let terms_of: Vec<Vec<(usize, String)>> = (0..n)
        .map(|i| {
            let Some(meta) = site.docs[i].page() else {
                return Vec::new();
            };
            (site.taxonomies.iter().enumerate())
                .flat_map(|(k, tax)| {
                    (meta.taxonomies.get(&tax.name).into_iter().flatten())
                        .map(move |name| (k, slugify(name)))
                })
                .collect()
        })
        .collect();
    let term_sets: Vec<HashSet<(usize, &str)>> = terms_of
        .iter()
        .map(|t| t.iter().map(|(k, s)| (*k, s.as_str())).collect())
        .collect();
    let weight = |count: usize| 2.0 / ((count as f64) + 1.0).ln();
    let titles: Vec<&str> = (0..n).map(|i| site.docs[i].title()).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let computed: Vec<(usize, Vec<usize>)> = pages
        .par_iter()
        .map(|&i| {
            let mut score: HashMap<usize, f64> = HashMap::new();
            for &t in &outbound[i] {
                *score.entry(t).or_default() += 3.0;
            }
            for &t in &inbound[i] {
                *score.entry(t).or_default() += 2.0;
            }
            let mut terms: Vec<(&[usize], (usize, &str))> = terms_of[i]
                .iter()
                .filter_map(|(k, s)| {
                    term_pages
                        .get(&(*k, s.as_str()))
                        .map(|p| (*p, (*k, s.as_str())))
                })
                .collect();
            terms.sort_by_key(|(p, _)| p.len());
            let mut candidates: HashSet<usize> = score.keys().copied().collect();
            for (list, _) in &terms {
                if list.len() <= RARE || candidates.len() < COUNT * 4 {
                    candidates.extend(list.iter().take(RARE).copied());
                }
            }
            candidates.remove(&i);
            for &c in &candidates {
                let shared: f64 = terms
                    .iter()
                    .filter(|(_, key)| term_sets[c].contains(key))
                    .map(|(list, _)| weight(list.len()))
                    .sum();
                if shared > 0.0 {
                    *score.entry(c).or_default() += shared;
                }
            }
            let mut ranked: Vec<(usize, f64)> =
                score.into_iter().filter(|&(c, _)| is_page[c]).collect();
            ranked.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| titles[a.0].cmp(titles[b.0]))
                    .then_with(|| a.0.cmp(&b.0))
            });
            (i, ranked.into_iter().take(COUNT).map(|(c, _)| c).collect())
        })
        .collect();
    for (i, list) in computed {
        out[i] = list;
    }
    out
}
