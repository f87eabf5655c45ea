//! The full-text search index: an inverted index built here, at build time, and read by the
//! theme's `search.js` from static files (no server, nothing to install).
//!
//! The design follows the static-site search tools (pagefind, mdBook's elasticlunr, zola):
//! the index is split so that a query downloads only what it needs.
//!
//! - `search/index.json`: a small manifest (document count, the term range of each shard, the
//!   synonym groups and the registered multi-word terms). Fetched once per visit.
//! - `search/t/N.json`: the terms, sorted and cut into shards of about 48 KiB, each mapping a
//!   term to its postings `[doc gap, code, doc gap, code, ...]`, where `code` is
//!   `tf * 8 + fields` (fields: 1 title, 2 a heading, 4 the description; `tf` counts the term
//!   in the body, at most 255). A query fetches the shards its words fall in.
//! - `search/d/N.json`: one small file per article (title, URL, section, description, and the
//!   body as `[heading id, heading, text]` parts) fetched only for the results shown, to make
//!   snippets and to link a snippet to its heading.
//!
//! Every file but the manifest is requested with `?v=BUILD` (a hash of the whole index), so
//! browsers may cache them for good and never mix two builds.
//!
//! Words are normalised the same way here and in `search.js` (`tests/search/words.tsv` holds
//! the cases both must agree on): lower case without accents; a hyphenated word gives its
//! parts and the parts joined ("micro-needling" is found as "micro", "needling" and
//! "microneedling"); a light stemmer folds plurals and common British/American spellings
//! ("scars"/"scar", "injuries"/"injury", "colour"/"color", "ageing"/"aging",
//! "anaesthetic"/"anesthetic"); and the registry's multi-word terms are also indexed joined, so
//! "dermaroller" finds "derma roller".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rayon::prelude::*;
use serde_json::json;

use super::OutputFile;
use crate::markdown::CLAIM_MARK;
use crate::site::Site;

/// Target size of a term shard (uncompressed JSON).
const SHARD_BYTES: usize = 48 * 1024;

/// Field bits of a posting.
const TITLE: u32 = 1;
const HEADING: u32 = 2;
const DESCRIPTION: u32 = 4;

/// Words too common to be worth indexing; `search.js` drops them from queries too.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "which", "will",
    "with", "you", "your",
];

/// One part of an article's text for snippets: the heading it comes under (empty for the
/// introduction) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Part {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// The index files. A `search_synonyms` group that the registry does not have is an error.
pub fn files(site: &Site) -> crate::error::Result<Vec<OutputFile>> {
    Index::new(site, None).map(|(_, files)| files)
}

const MANIFEST: &str = "search/index.json";

fn shard_path(k: usize) -> String {
    format!("search/t/{k}.json")
}

fn fragment_path(k: usize) -> String {
    format!("search/d/{k}.json")
}

fn shard_text(body: &str) -> String {
    format!("{{{body}}}")
}

/// The phrases' joined forms that some article has.
fn used_phrases(phrases: &Phrases, indexed: impl Fn(&str) -> bool) -> Vec<&String> {
    phrases.joined.iter().filter(|p| indexed(p)).collect()
}

/// A term's entry in its shard: `"term":[doc gap, code, ...]`.
fn write_entry(entry: &mut String, term: &str, list: &[(usize, u32)]) {
    entry.push_str(&serde_json::to_string(term).unwrap_or_default());
    entry.push_str(":[");
    let mut prev = 0;
    for (k, &(doc, code)) in list.iter().enumerate() {
        if k > 0 {
            entry.push(',');
        }
        push_number(entry, doc - prev);
        entry.push(',');
        push_number(entry, code as usize);
        prev = doc;
    }
    entry.push(']');
}

/// The manifest; its `build` is a hash of every shard and fragment, in that order.
fn manifest<'a>(
    shards: &[(String, String, String)],
    fragments: impl ExactSizeIterator<Item = &'a str>,
    synonyms: &[Vec<String>],
    used: &[&String],
) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for (_, _, body) in shards {
        hash.update(b"{");
        hash.update(body.as_bytes());
        hash.update(b"}");
    }
    let docs = fragments.len();
    for text in fragments {
        hash.update(text.as_bytes());
    }
    json!({
        "version": 1,
        "build": format!("{:012x}", hash.digest() & 0xffff_ffff_ffff),
        "docs": docs,
        "shards": shards.iter().map(|(a, b, _)| json!([a, b])).collect::<Vec<_>>(),
        "synonyms": synonyms,
        "phrases": used,
        "stop": STOP_WORDS,
    })
    .to_string()
}

/// An article's fragment (JSON) and its terms with their codes, sorted.
type Article = (String, Vec<(String, u32)>);

/// The index as the preview server keeps it between rebuilds: each article's fragment and
/// terms, and each term's postings and entry, so that an edited article changes only its own
/// fragment, the entries of its terms and the shards they are in.
#[derive(Default)]
pub struct Index {
    phrases: Phrases,
    synonyms: Vec<Vec<String>>,
    /// Document index of each article, in page order (an article's place in the index).
    pages: Vec<usize>,
    /// Each article's fragment and terms, by place.
    docs: Vec<Article>,
    /// What each article's fragment and terms were made from (`article_key`), by place.
    keys: Vec<u64>,
    /// Term -> its postings (place, code) and its entry.
    terms: std::collections::BTreeMap<String, (Vec<(usize, u32)>, String)>,
    shards: Vec<(String, String, String)>,
}

impl Index {
    /// The index of the whole site, and its files. The articles of `old` made from the same
    /// inputs (articles added, removed or renamed around them, the same registry and
    /// settings) are taken from it, not read again.
    pub fn new(site: &Site, old: Option<Index>) -> crate::error::Result<(Index, Vec<OutputFile>)> {
        let synonyms = synonym_groups(site)?;
        let phrases = phrases(site);
        let pages: Vec<usize> = site.page_indexes().collect();
        let keys: Vec<u64> = pages.par_iter().map(|&i| article_key(site, i)).collect();
        let mut before: HashMap<u64, Article, Fast> = old
            .map(|old| old.keys.into_iter().zip(old.docs).collect())
            .unwrap_or_default();
        let taken: Vec<Option<Article>> = keys.iter().map(|k| before.remove(k)).collect();
        let docs: Vec<Article> = (pages.par_iter().zip(taken))
            .map(|(&i, article)| article.unwrap_or_else(|| document(site, i, &phrases)))
            .collect();
        // Each term's postings, in document order, gathered by hash, then sorted (byte order).
        let mut postings: HashMap<&str, Vec<(usize, u32)>, Fast> = HashMap::default();
        for (place, (_, list)) in docs.iter().enumerate() {
            for (term, code) in list {
                postings
                    .entry(term.as_str())
                    .or_default()
                    .push((place, *code));
            }
        }
        let mut sorted: Vec<(&str, Vec<(usize, u32)>)> = postings.into_iter().collect();
        sorted.sort_unstable_by_key(|&(term, _)| term);
        let terms: std::collections::BTreeMap<String, (Vec<(usize, u32)>, String)> = sorted
            .into_iter()
            .map(|(term, list)| {
                let mut entry = String::new();
                write_entry(&mut entry, term, &list);
                (term.to_owned(), (list, entry))
            })
            .collect();
        let mut index = Index {
            phrases,
            synonyms,
            pages,
            docs,
            keys,
            terms,
            shards: Vec::new(),
        };
        let (mut out, _) = index.repack(None);
        for (k, (text, _)) in index.docs.iter().enumerate() {
            out.push(OutputFile::text(fragment_path(k), text.clone()));
        }
        Ok((index, out))
    }

    /// Takes in articles changed in place (document indexes; the pages are the same ones in
    /// the same order) and gives the files that may have changed: their fragments, the
    /// shards that differ and the manifest; and the shards no longer written.
    pub fn update(&mut self, site: &Site, changed: &[usize]) -> (Vec<OutputFile>, Vec<String>) {
        let places: Vec<usize> = (changed.iter())
            .filter_map(|i| self.pages.binary_search(i).ok())
            .collect();
        let fresh: Vec<(usize, Article)> = places
            .par_iter()
            .map(|&k| (k, document(site, self.pages[k], &self.phrases)))
            .collect();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut out = Vec::new();
        for (k, doc) in fresh {
            self.keys[k] = article_key(site, self.pages[k]);
            let old = std::mem::replace(&mut self.docs[k], doc);
            // Both lists are sorted by term: only the terms whose code changed are touched.
            let (mut a, mut b) = (old.1.iter().peekable(), self.docs[k].1.iter().peekable());
            loop {
                let (term, code) = match (a.peek().copied(), b.peek().copied()) {
                    (None, None) => break,
                    (Some(x), Some(y)) if x.0 == y.0 => {
                        a.next();
                        b.next();
                        if x.1 == y.1 {
                            continue;
                        }
                        (&y.0, Some(y.1))
                    }
                    (Some(x), Some(y)) if y.0 < x.0 => {
                        b.next();
                        (&y.0, Some(y.1))
                    }
                    (Some(x), _) => {
                        a.next();
                        (&x.0, None)
                    }
                    (None, Some(y)) => {
                        b.next();
                        (&y.0, Some(y.1))
                    }
                };
                let list = match self.terms.get_mut(term) {
                    Some(entry) => &mut entry.0,
                    None => &mut self.terms.entry(term.clone()).or_default().0,
                };
                match (list.binary_search_by_key(&k, |p| p.0), code) {
                    (Ok(at), Some(code)) => list[at].1 = code,
                    (Err(at), Some(code)) => list.insert(at, (k, code)),
                    (Ok(at), None) => {
                        list.remove(at);
                    }
                    (Err(_), None) => {}
                }
                touched.insert(term.clone());
            }
            if old.0 != self.docs[k].0 {
                out.push(OutputFile::text(fragment_path(k), self.docs[k].0.clone()));
            }
        }
        if touched.is_empty() && out.is_empty() {
            return (out, Vec::new());
        }
        for term in &touched {
            let Some((list, entry)) = self.terms.get_mut(term) else {
                continue;
            };
            if list.is_empty() {
                self.terms.remove(term);
            } else {
                entry.clear();
                write_entry(entry, term, list);
            }
        }
        let (files, gone) = self.repack(Some(&touched));
        out.extend(files);
        (out, gone)
    }

    /// Cuts the shards again and gives the files of those that changed (all of them without
    /// `touched`, the terms whose entries changed), then the manifest; and the shards no
    /// longer written. A shard with the same first and last terms and no touched term in
    /// between is kept as it is.
    fn repack(&mut self, touched: Option<&BTreeSet<String>>) -> (Vec<OutputFile>, Vec<String>) {
        // Where `Packer` would cut, from the entries' lengths alone.
        let mut cuts: Vec<(String, String)> = Vec::new();
        let mut len = 0;
        let mut first = "";
        let mut last = "";
        for (term, (_, entry)) in &self.terms {
            if len > 0 && len + entry.len() > SHARD_BYTES {
                cuts.push((first.to_owned(), last.to_owned()));
                len = 0;
            }
            if len == 0 {
                first = term;
            } else {
                len += 1;
            }
            len += entry.len();
            last = term;
        }
        if len > 0 {
            cuts.push((first.to_owned(), last.to_owned()));
        }
        let mut before = std::mem::take(&mut self.shards);
        let gone = (cuts.len()..before.len()).map(shard_path).collect();
        let mut out = Vec::new();
        for (k, (first, last)) in cuts.into_iter().enumerate() {
            let old = before.get_mut(k).map(|(_, _, body)| std::mem::take(body));
            let same_range = before
                .get(k)
                .is_some_and(|(a, b, _)| *a == first && *b == last);
            let untouched =
                touched.is_some_and(|t| t.range(first.clone()..=last.clone()).next().is_none());
            let body = match old {
                Some(old) if same_range && untouched => old,
                old => {
                    let mut body = String::new();
                    for (_, (_, entry)) in self.terms.range(first.clone()..=last.clone()) {
                        if !body.is_empty() {
                            body.push(',');
                        }
                        body.push_str(entry);
                    }
                    if old.as_ref() != Some(&body) {
                        out.push(OutputFile::text(shard_path(k), shard_text(&body)));
                    }
                    body
                }
            };
            self.shards.push((first, last, body));
        }
        let used = used_phrases(&self.phrases, |p| self.terms.contains_key(p));
        let manifest = manifest(
            &self.shards,
            self.docs.iter().map(|(text, _)| text.as_str()),
            &self.synonyms,
            &used,
        );
        out.push(OutputFile::text(MANIFEST, manifest));
        (out, gone)
    }
}

/// The registry's multi-word terms and the site's own synonym lists.
fn phrases(site: &Site) -> Phrases {
    let own: Vec<&String> = (site.config.search_synonyms.iter())
        .filter_map(|g| match g {
            crate::config::Synonyms::Terms(terms) => Some(terms),
            crate::config::Synonyms::Group(_) => None,
        })
        .flatten()
        .collect();
    Phrases::new(site.registry.groups.values().flatten().chain(own))
}

/// The title of the section an article's entry names: its parent's, unless that is the home
/// page.
fn section_title(site: &Site, i: usize) -> Option<&str> {
    (site.parent_section(i))
        .filter(|&s| !site.docs[s].folder().is_empty())
        .map(|s| site.docs[s].title())
}

/// Everything an article's fragment and terms are made from besides the registry and the
/// settings: its source (text and metadata), URL and section title.
fn article_key(site: &Site, i: usize) -> u64 {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let doc = &site.docs[i];
    hash.update(&doc.file.hash.to_le_bytes());
    for text in [site.url(i), &doc.rel]
        .into_iter()
        .chain(section_title(site, i))
    {
        super::hash_str(&mut hash, text);
    }
    hash.digest()
}

/// An article's fragment (a JSON object: body parts, description, section, title, URL) and
/// its terms with their codes, sorted.
fn document(site: &Site, i: usize, phrases: &Phrases) -> (String, Vec<(String, u32)>) {
    let doc = &site.docs[i];
    let meta = doc.page().expect("pages only");
    let section = section_title(site, i).unwrap_or_default().to_owned();
    let parts = parts_of_html(&doc.md.html);
    let mut terms: HashMap<String, u32, Fast> = HashMap::default();
    let mut words = Words::default();
    let mut add = |text: &str, field: u32| {
        words.each_term(text, phrases, &mut |term| {
            let code = match terms.get_mut(term) {
                Some(code) => code,
                None => terms.entry(term.to_owned()).or_insert(0),
            };
            if field == 0 {
                if *code >> 3 < 255 {
                    *code += 8;
                }
            } else {
                *code |= field;
            }
        });
    };
    add(&meta.title, TITLE);
    add(&meta.description, DESCRIPTION);
    for part in &parts {
        add(&part.heading, HEADING);
        add(&part.text, 0);
    }
    let mut terms: Vec<(String, u32)> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // The keys in the order of a JSON map (sorted), as `search.js` reads them.
    #[derive(serde::Serialize)]
    struct Fragment<'a> {
        b: Vec<(&'a str, &'a str, &'a str)>,
        d: &'a str,
        s: &'a str,
        t: &'a str,
        u: &'a str,
    }
    let fragment = Fragment {
        b: (parts.iter())
            .map(|p| (p.id.as_str(), p.heading.as_str(), p.text.as_str()))
            .collect(),
        d: &meta.description,
        s: &section,
        t: &meta.title,
        u: site.url(i),
    };
    let json = serde_json::to_string(&fragment).unwrap_or_default();
    (json, terms)
}

/// Appends the decimal digits of `n`.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

/// A fast hash for the short strings of the index (FxHash's mixing): the index is built from
/// the site's own text, so no flooding to fear.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<FastHasher>;

/// The synonym groups named by `search_synonyms` in `site.yaml` (term groups of the registry,
/// or lists of their own), each as the normalised forms a query word may take: a term, a
/// joined multi-word term, or a prefix ending in `*`.
fn synonym_groups(site: &Site) -> crate::error::Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for group in &site.config.search_synonyms {
        let terms: Vec<String> = match group {
            crate::config::Synonyms::Group(name) => match site.registry.groups.get(name) {
                Some(terms) => terms.clone(),
                None => {
                    let path = site.root.join("site.yaml");
                    let line = std::fs::read_to_string(&path).ok().and_then(|t| {
                        t.lines()
                            .position(|l| l.contains(name.as_str()))
                            .map(|n| n + 1)
                    });
                    return Err(crate::error::Error::at(
                        &path,
                        line,
                        format!("`search_synonyms` names `{name}`, which is not a term group of the registry"),
                    )
                    .with_help("use a group name from lints/terms.yaml, or a list of words"));
                }
            },
            crate::config::Synonyms::Terms(terms) => terms.clone(),
        };
        {
            let mut forms: Vec<String> = Vec::new();
            for term in &terms {
                let (term, prefix) = match term.strip_suffix('*') {
                    Some(t) => (t, true),
                    None => (term.as_str(), false),
                };
                let words: Vec<String> = compounds(&fold(term)).into_iter().flatten().collect();
                if words.is_empty() {
                    continue;
                }
                let form = if prefix {
                    format!("{}*", words.concat())
                } else {
                    stem(&words.concat())
                };
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
            if forms.len() > 1 {
                out.push(forms);
            }
        }
    }
    Ok(out)
}

/// The registry's multi-word terms ("derma roller", "platelet-rich plasma"): where their words
/// follow each other in a text, the joined form is indexed too.
#[derive(Default)]
pub struct Phrases {
    /// First word (stemmed) -> the stemmed word sequences starting with it.
    by_first: HashMap<String, Vec<Vec<String>>, Fast>,
    /// Every sequence joined and stemmed, sorted.
    joined: Vec<String>,
}

impl Phrases {
    pub fn new<'a>(terms: impl Iterator<Item = &'a String>) -> Phrases {
        let mut by_first: HashMap<String, Vec<Vec<String>>, Fast> = HashMap::default();
        let mut joined = HashSet::new();
        for term in terms {
            let term = term.trim_end_matches('*');
            let words: Vec<String> = compounds(&fold(term)).into_iter().flatten().collect();
            if words.len() < 2 || words.len() > 4 {
                continue;
            }
            let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
            let list = by_first.entry(stems[0].clone()).or_default();
            if !list.contains(&stems) {
                list.push(stems);
            }
            joined.insert(stem(&words.concat()));
        }
        let mut joined: Vec<String> = joined.into_iter().collect();
        joined.sort();
        Phrases { by_first, joined }
    }
}

/// The index terms of a text: every word's stem (stop words left out), the joined form of
/// every hyphenated word, and the joined form of every registered multi-word term.
pub fn terms_of(text: &str, phrases: &Phrases) -> Vec<String> {
    let mut out = Vec::new();
    Words::default().each_term(text, phrases, &mut |term| out.push(term.to_owned()));
    out
}

/// Whether `word` is one of `STOP_WORDS` (the test `stop_words_match_the_list` keeps the two
/// lists the same).
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "were"
            | "which"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Buffers for the words of a text, kept from one text to the next (an article's parts).
#[derive(Default)]
struct Words {
    /// The folded text.
    folded: String,
    /// The parts of all words, one after the other.
    raw: String,
    /// Each part: its range in `raw`, its stem's range in `stems`, and whether it is the
    /// last part of its word.
    parts: Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)>,
    /// The stems of all parts, one after the other.
    stems: String,
    /// Scratch for one stem.
    stem: String,
    scratch: String,
    /// Scratch for a joined word.
    joined: String,
}

impl Words {
    /// Calls `f` with each index term of `text`, in the order `terms_of` lists them.
    fn each_term(&mut self, text: &str, phrases: &Phrases, f: &mut dyn FnMut(&str)) {
        self.folded.clear();
        fold_into(text, &mut self.folded);
        self.raw.clear();
        self.parts.clear();
        self.stems.clear();
        split_words(&self.folded, &mut self.raw, &mut |raw, range, last| {
            let start = self.stems.len();
            stem_into(&raw[range.clone()], &mut self.stems, &mut self.scratch);
            self.parts.push((range, start..self.stems.len(), last));
        });
        let (raw, stems) = (&self.raw, &self.stems);
        let mut first = 0;
        for end in 0..self.parts.len() {
            if !self.parts[end].2 {
                continue;
            }
            let word = &self.parts[first..=end];
            for (part, stemmed, _) in word {
                if !is_stop_word(&raw[part.clone()]) {
                    f(&stems[stemmed.clone()]);
                }
            }
            if word.len() > 1 {
                // The parts of a word are contiguous in `raw`.
                let whole = word[0].0.start..word[word.len() - 1].0.end;
                self.stem.clear();
                stem_into(&raw[whole], &mut self.stem, &mut self.scratch);
                f(&self.stem);
            }
            first = end + 1;
        }
        if phrases.by_first.is_empty() {
            return;
        }
        for k in 0..self.parts.len() {
            let Some(candidates) = phrases.by_first.get(&stems[self.parts[k].1.clone()]) else {
                continue;
            };
            for seq in candidates {
                let end = k + seq.len();
                if end <= self.parts.len()
                    && (self.parts[k..end].iter())
                        .zip(seq)
                        .all(|(w, s)| stems[w.1.clone()] == **s)
                {
                    self.joined.clear();
                    for (part, _, _) in &self.parts[k..end] {
                        self.joined.push_str(&raw[part.clone()]);
                    }
                    self.stem.clear();
                    stem_into(&self.joined, &mut self.stem, &mut self.scratch);
                    f(&self.stem);
                }
            }
        }
    }
}

/// Lower case, without accents; `’` becomes `'`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold`, appended to `out`.
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.reserve(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
                'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
                'ď' | 'đ' => out.push('d'),
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
                'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
                'ĥ' | 'ħ' => out.push('h'),
                'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
                'ĵ' => out.push('j'),
                'ķ' => out.push('k'),
                'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => out.push('l'),
                'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
                'ŕ' | 'ŗ' | 'ř' => out.push('r'),
                'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => out.push('s'),
                'ţ' | 'ť' | 'ŧ' | 'ț' => out.push('t'),
                'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => {
                    out.push('u')
                }
                'ŵ' => out.push('w'),
                'ý' | 'ÿ' | 'ŷ' => out.push('y'),
                'ź' | 'ż' | 'ž' => out.push('z'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                '\u{2019}' | '\u{2018}' => out.push('\''),
                '\u{2010}' | '\u{2011}' => out.push('-'),
                '\u{300}'..='\u{36f}' => {}
                l => out.push(l),
            }
        }
    }
}

/// The words of a folded text, each as its hyphen-separated parts. Inside a word an
/// apostrophe is dropped ("don't" is "dont"), and `.` or `,` between digits is kept ("0.5").
pub fn compounds(folded: &str) -> Vec<Vec<String>> {
    let mut raw = String::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    split_words(folded, &mut raw, &mut |raw, range, last| {
        parts.push(raw[range].to_owned());
        if last {
            out.push(std::mem::take(&mut parts));
        }
    });
    out
}

/// The parts of the words of `folded` (see `compounds`), appended to `raw` one after the
/// other: `found` gets `raw`, each part's range in it and whether the part ends its word.
fn split_words(
    folded: &str,
    raw: &mut String,
    found: &mut dyn FnMut(&str, std::ops::Range<usize>, bool),
) {
    let word = |c: char| c.is_alphanumeric();
    // The part being read starts at `start` in `raw`; `pending` holds the previous part of
    // the same word, reported once it is known whether it ends the word.
    let mut start = raw.len();
    let mut pending: Option<std::ops::Range<usize>> = None;
    let mut prev: Option<char> = None;
    // The character at a byte offset and its length (ASCII without decoding).
    let at = |i: usize| -> Option<(char, usize)> {
        let b = *folded.as_bytes().get(i)?;
        if b < 0x80 {
            Some((char::from(b), 1))
        } else {
            let c = folded[i..].chars().next()?;
            Some((c, c.len_utf8()))
        }
    };
    let mut i = 0;
    loop {
        // A run of ASCII letters and digits (most of a text) is copied at once.
        let run = (folded.as_bytes()[i..].iter())
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if run > 0 {
            raw.push_str(&folded[i..i + run]);
            prev = Some(char::from(folded.as_bytes()[i + run - 1]));
            i += run;
        }
        let Some((c, len)) = at(i) else {
            break;
        };
        i += len;
        let in_part = raw.len() > start;
        if word(c) {
            raw.push(c);
            prev = Some(c);
            continue;
        }
        let next = at(i).map(|(n, _)| n);
        if in_part && next.is_some_and(word) {
            match c {
                '\'' if prev.is_some_and(char::is_alphabetic) => {}
                '.' | ','
                    if prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit()) =>
                {
                    raw.push(c)
                }
                '-' => {
                    if let Some(p) = pending.take() {
                        found(raw, p, false);
                    }
                    pending = Some(start..raw.len());
                    start = raw.len();
                }
                _ => {
                    if let Some(p) = pending.take() {
                        found(raw, p, false);
                    }
                    found(raw, start..raw.len(), true);
                    start = raw.len();
                }
            }
        } else if in_part {
            if let Some(p) = pending.take() {
                found(raw, p, false);
            }
            found(raw, start..raw.len(), true);
            start = raw.len();
        }
        prev = Some(c);
    }
    if raw.len() > start {
        if let Some(p) = pending.take() {
            found(raw, p, false);
        }
        found(raw, start..raw.len(), true);
    } else if let Some(p) = pending.take() {
        found(raw, p, true);
    }
}

/// A light stemmer: plurals and a few British/American spellings. Symmetric by design: it is
/// applied to the index and to queries alike, so it only has to map the forms of one word to
/// one key, not to a real word ("needles" and "needle" are both "needl").
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out, &mut String::new());
    out
}

/// `stem`, appended to `out` (`w` is scratch).
fn stem_into(word: &str, out: &mut String, w: &mut String) {
    let mut len = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if len <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        out.push_str(word);
        return;
    }
    w.clear();
    w.push_str(word);
    // Every suffix below is ASCII: a byte cut is a character cut.
    if w.ends_with("ies") && len > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
        len -= 2;
    } else if w.ends_with("es") {
        w.truncate(w.len() - 2);
        len -= 2;
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
        len -= 1;
    }
    if w.ends_with('e') && len > 3 {
        w.truncate(w.len() - 1);
        len -= 1;
    }
    if w.ends_with("eing") && len >= 6 {
        // ageing -> aging
        w.replace_range(w.len() - 4.., "ing");
        len -= 1;
    }
    if w.ends_with("our") && len >= 6 {
        // colour -> color
        w.replace_range(w.len() - 3.., "or");
        len -= 1;
    }
    if w.ends_with("iz") && len >= 6 {
        // minimize -> minimise
        w.replace_range(w.len() - 2.., "is");
    }
    // anaesthetic -> anesthetic, oedema -> edema (before a consonant only)
    let digraph = |p: &[u8]| p[1] == b'e' && (p[0] == b'a' || p[0] == b'o');
    if !w.as_bytes().windows(2).any(digraph) {
        out.push_str(w);
        return;
    }
    if w.is_ascii() {
        let bytes = w.as_bytes();
        for (k, &b) in bytes.iter().enumerate() {
            if (b == b'a' || b == b'o')
                && bytes.get(k + 1) == Some(&b'e')
                && bytes
                    .get(k + 2)
                    .is_some_and(|n| n.is_ascii_alphabetic() && !b"aeiouy".contains(n))
            {
                continue;
            }
            out.push(char::from(b));
        }
        return;
    }
    let mut chars = w.chars().peekable();
    while let Some(c) = chars.next() {
        if (c == 'a' || c == 'o') && chars.peek() == Some(&'e') {
            let after = chars.clone().nth(1);
            if after.is_some_and(|n| n.is_alphabetic() && !"aeiouy".contains(n)) {
                continue;
            }
        }
        out.push(c);
    }
}

/// The text of an article's HTML in parts, one per heading: tags, citation markers, heading
/// anchors, scripts and comments left out, entities decoded, white space collapsed.
pub fn parts_of_html(html: &str) -> Vec<Part> {
    let mut parts = vec![Part::default()];
    let mut heading: Option<(String, String)> = None;
    let mut text = String::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut skip_until: Option<&'static str> = None;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if html[i..].starts_with("<!--") {
                i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            let end = html[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
            let tag = &html[i..end];
            i = end;
            let closing = tag.starts_with("</");
            // The tag's name in lower case (a name longer than any below matches none).
            let after = tag.trim_start_matches("</").trim_start_matches('<');
            let len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let mut lower = [0u8; 16];
            let name = if len <= lower.len() {
                lower[..len].copy_from_slice(&after.as_bytes()[..len]);
                lower[..len].make_ascii_lowercase();
                std::str::from_utf8(&lower[..len]).expect("ASCII")
            } else {
                "-"
            };
            if let Some(until) = skip_until {
                if closing && name == until {
                    skip_until = None;
                }
                continue;
            }
            let class = || attribute(tag, " class=\"").unwrap_or_default();
            match name {
                "sup"
                    if !closing && {
                        let class = class();
                        class.contains("citation") || class.contains("footnote")
                    } =>
                {
                    skip_until = Some("sup")
                }
                "a" if !closing && class().split(' ').any(|c| c == "anchor") => {
                    skip_until = Some("a")
                }
                "script" | "style" | "template" if !closing => {
                    skip_until = match name {
                        "script" => Some("script"),
                        "style" => Some("style"),
                        _ => Some("template"),
                    }
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    if closing {
                        if let Some((id, title)) = heading.take() {
                            let current = parts.last_mut().expect("one part");
                            current.text = collapse(&std::mem::take(&mut text));
                            parts.push(Part {
                                id,
                                heading: collapse(&title),
                                text: String::new(),
                            });
                        }
                    } else {
                        heading =
                            Some((attribute(tag, " id=\"").unwrap_or_default(), String::new()));
                    }
                }
                "p" | "li" | "td" | "th" | "br" | "div" | "tr" | "ul" | "ol" | "table"
                | "blockquote" | "pre" | "dt" | "dd" | "section" | "figcaption" => {
                    let target = match &mut heading {
                        Some((_, title)) => title,
                        None => &mut text,
                    };
                    target.push(' ');
                }
                _ => {}
            }
            continue;
        }
        let next = html[i..].find('<').map_or(bytes.len(), |e| i + e);
        if skip_until.is_none() {
            let target = match &mut heading {
                Some((_, title)) => title,
                None => &mut text,
            };
            push_reader_text(&html[i..next], target);
        }
        i = next;
    }
    parts.last_mut().expect("one part").text = collapse(&text);
    if parts.len() > 1 && parts[0].text.is_empty() {
        parts.remove(0);
    }
    parts
}

/// Appends a text run as the reader sees it: entities decoded, and without the claim marker
/// placeholders (`CLAIM_MARK` payload `CLAIM_MARK`) that only become markers when the page is
/// rendered. A placeholder never spans a tag, so each run holds whole ones.
fn push_reader_text(text: &str, out: &mut String) {
    if !text.contains(CLAIM_MARK) {
        return decode_into(text, out);
    }
    for piece in text.split(CLAIM_MARK).step_by(2) {
        decode_into(piece, out);
    }
}

/// The value of the attribute that `opening` (` name="`) starts, entities decoded.
fn attribute(tag: &str, opening: &str) -> Option<String> {
    let at = tag.find(opening)? + opening.len();
    let end = tag[at..].find('"')? + at;
    Some(decode_entities(&tag[at..end]))
}

/// The words of `text` (split at white space, as `split_whitespace`) joined by one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Runs of non-space characters are copied whole; ASCII bytes are classed without
    // decoding, other characters as `char::is_whitespace` does.
    let bytes = text.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (b.is_ascii_whitespace() || b == 0x0b, 1)
        } else {
            let c = text[i..].chars().next().expect("a character");
            (c.is_whitespace(), c.len_utf8())
        };
        match (space, word_start) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    decode_into(text, &mut out);
    out
}

/// `text` with its entities decoded, appended to `out`.
fn decode_into(text: &str, out: &mut String) {
    if !text.contains('&') {
        out.push_str(text);
        return;
    }
    out.reserve(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        terms_of(text, &Phrases::new(std::iter::empty()))
    }

    #[test]
    fn hyphenated_words_give_parts_and_the_joined_word() {
        assert_eq!(
            words("Micro-needling"),
            ["micro", "needling", "microneedling"]
        );
        assert_eq!(words("microneedling"), ["microneedling"]);
        assert_eq!(words("don't"), ["dont"]);
        assert_eq!(words("0.5 mm"), ["0.5", "mm"]);
        assert_eq!(words("the crème"), ["crem"]);
    }

    #[test]
    fn the_stemmer_folds_plurals_and_spellings() {
        for (a, b) in [
            ("scars", "scar"),
            ("injuries", "injury"),
            ("needles", "needle"),
            ("stretches", "stretch"),
            ("colour", "color"),
            ("ageing", "aging"),
            ("anaesthetic", "anesthetic"),
            ("oedema", "edema"),
            ("minimise", "minimize"),
            ("viruses", "virus"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_ne!(stem("scar"), stem("scan"));
    }

    #[test]
    fn registered_multi_word_terms_are_indexed_joined() {
        let terms = ["derma roller".to_owned(), "platelet-rich plasma".to_owned()];
        let phrases = Phrases::new(terms.iter());
        let t = terms_of("A derma rollers and platelet rich plasma", &phrases);
        assert!(t.contains(&stem("dermaroller")), "{t:?}");
        assert!(t.contains(&stem("plateletrichplasma")), "{t:?}");
    }

    #[test]
    fn html_becomes_parts_by_heading() {
        let html = "<p>Intro &amp; more<sup class=\"citation\">[<a href=\"#ref-1\">1</a>]</sup>.</p>\n<h2 id=\"risks\">Risks<a class=\"anchor\" href=\"#risks\" aria-hidden=\"true\">#</a></h2>\n<p>Infection<!-- note --> is rare.</p><ul><li>one</li><li>two</li></ul>";
        let parts = parts_of_html(html);
        assert_eq!(
            parts,
            [
                Part {
                    id: String::new(),
                    heading: String::new(),
                    text: "Intro & more.".into()
                },
                Part {
                    id: "risks".into(),
                    heading: "Risks".into(),
                    text: "Infection is rare. one two".into()
                }
            ]
        );
    }

    #[test]
    fn stop_words_match_the_list() {
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        let mut count = 0;
        for text in sample_texts() {
            for word in compounds(&fold(&text)).iter().flatten() {
                assert_eq!(
                    is_stop_word(word),
                    STOP_WORDS.contains(&word.as_str()),
                    "{word}"
                );
                count += 1;
            }
        }
        assert!(count > 1000);
        for word in ["", "th", "thee", "yours", "the-", "The"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    /// The words and stems as first written (a vector of characters, a string per part): the
    /// buffered versions must split and stem every text the same way.
    fn compounds_reference(folded: &str) -> Vec<Vec<String>> {
        let chars: Vec<char> = folded.chars().collect();
        let word = |c: char| c.is_alphanumeric();
        let mut out: Vec<Vec<String>> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        let mut part = String::new();
        for i in 0..chars.len() {
            let c = chars[i];
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            if word(c) {
                part.push(c);
            } else if !part.is_empty() && next.is_some_and(word) {
                match c {
                    '\'' if prev.is_some_and(char::is_alphabetic) => {}
                    '.' | ','
                        if prev.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit()) =>
                    {
                        part.push(c)
                    }
                    '-' => parts.push(std::mem::take(&mut part)),
                    _ => {
                        parts.push(std::mem::take(&mut part));
                        out.push(std::mem::take(&mut parts));
                    }
                }
            } else if !part.is_empty() {
                parts.push(std::mem::take(&mut part));
                out.push(std::mem::take(&mut parts));
            }
        }
        if !part.is_empty() {
            parts.push(part);
        }
        if !parts.is_empty() {
            out.push(parts);
        }
        out
    }

    fn stem_reference(word: &str) -> String {
        if word.chars().count() <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
            return word.to_owned();
        }
        let mut w = word.to_owned();
        let len = |w: &str| w.chars().count();
        if w.ends_with("ies") && len(&w) > 4 {
            w.truncate(w.len() - 3);
            w.push('y');
        } else if w.ends_with("es") {
            w.truncate(w.len() - 2);
        } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
        {
            w.truncate(w.len() - 1);
        }
        if w.ends_with('e') && len(&w) > 3 {
            w.truncate(w.len() - 1);
        }
        if w.ends_with("eing") && len(&w) >= 6 {
            w.replace_range(w.len() - 4.., "ing");
        }
        if w.ends_with("our") && len(&w) >= 6 {
            w.replace_range(w.len() - 3.., "or");
        }
        if w.ends_with("iz") && len(&w) >= 6 {
            w.replace_range(w.len() - 2.., "is");
        }
        let chars: Vec<char> = w.chars().collect();
        let mut out = String::new();
        for (k, &c) in chars.iter().enumerate() {
            if (c == 'a' || c == 'o')
                && chars.get(k + 1) == Some(&'e')
                && chars
                    .get(k + 2)
                    .is_some_and(|n| n.is_alphabetic() && !"aeiouy".contains(*n))
            {
                continue;
            }
            out.push(c);
        }
        out
    }

    /// Texts to split: the shipped articles, and edge cases of separators.
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "a--b",
            "a- b",
            "-a-",
            "don't 'quoted' it's",
            "0.5 mm, 1,000 2.",
            "x-y-z end-",
            "Anaesthetic oedema colourful ageing minimizes",
            "aeb oeé aéb œuvre",
            "ĀĒĪ-ōū ß",
            "ies ies- lies flies bodies",
            "a’b ‘c’ d‐e f‑g",
            "  ",
            "",
            "é-",
            "3-d 3d-printed",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let root = env!("CARGO_MANIFEST_DIR");
        for entry in walkdir::WalkDir::new(format!("{root}/content"))
            .into_iter()
            .flatten()
        {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.extend(text.lines().map(str::to_owned));
            }
        }
        texts
    }

    #[test]
    fn collapse_splits_at_white_space_as_the_standard_library() {
        let mut texts = sample_texts();
        texts.push(" a\u{a0}b\u{2003}c\u{b}d\u{c}e\u{1c}f\u{85}g\u{3000} ".to_owned());
        for text in texts {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn buffered_words_and_stems_match_the_reference() {
        let mut checked = 0;
        for text in sample_texts() {
            let folded = fold(&text);
            let words = compounds(&folded);
            assert_eq!(words, compounds_reference(&folded), "{text:?}");
            for word in words.iter().flatten() {
                assert_eq!(stem(word), stem_reference(word), "{word:?}");
                assert_eq!(
                    stem(&word.to_uppercase()),
                    stem_reference(&word.to_uppercase())
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// `terms_of` as first written, on the reference functions.
    fn terms_reference(text: &str, phrases: &Phrases) -> Vec<String> {
        let mut out = Vec::new();
        let words = compounds_reference(&fold(text));
        let mut stream: Vec<(String, String)> = Vec::new();
        for parts in &words {
            for part in parts {
                if !STOP_WORDS.contains(&part.as_str()) {
                    out.push(stem_reference(part));
                }
            }
            if parts.len() > 1 {
                out.push(stem_reference(&parts.concat()));
            }
            for part in parts {
                stream.push((stem_reference(part), part.clone()));
            }
        }
        for k in 0..stream.len() {
            let Some(candidates) = phrases.by_first.get(&stream[k].0) else {
                continue;
            };
            for seq in candidates {
                let end = k + seq.len();
                if end <= stream.len() && stream[k..end].iter().zip(seq).all(|(w, s)| &w.0 == s) {
                    let raw: String = stream[k..end].iter().map(|w| w.1.as_str()).collect();
                    out.push(stem_reference(&raw));
                }
            }
        }
        out
    }

    #[test]
    fn terms_match_the_reference() {
        let registry = crate::lint::Registry::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lints"),
        )
        .unwrap();
        let phrases = Phrases::new(registry.groups.values().flatten());
        assert!(!phrases.by_first.is_empty());
        let mut words = Words::default();
        for text in sample_texts() {
            let mut got = Vec::new();
            words.each_term(&text, &phrases, &mut |t| got.push(t.to_owned()));
            assert_eq!(got, terms_reference(&text, &phrases), "{text:?}");
        }
    }

    #[test]
    fn shared_word_cases_agree_with_search_js() {
        // tests/search/words.tsv: input, then the expected terms; search.js is tested on the
        // same file (tests/browser/unit.test.mjs).
        let cases = include_str!("../../tests/search/words.tsv");
        let phrases = Phrases::new(["derma roller".to_owned()].iter());
        for line in cases
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (input, expected) = line.split_once('\t').expect("a tab");
            let got = terms_of(input, &phrases).join(" ");
            assert_eq!(got, expected, "{input}");
        }
    }
}
