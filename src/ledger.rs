//! The evidence ledger: the claims registry published for readers, and where the content
//! states each claim.
//!
//! Every registry claim gets a page at `/evidence/claims/<id>/` (its statement, verdict,
//! evidence summary, sources, and the articles that assert or discuss it), every source a page
//! at `/evidence/sources/<id>/` (the articles citing it and the claims resting on it), and each
//! list an index. In articles, a sentence that states a registry claim ends with a marker
//! linking to the claim's page.
//!
//! The linter finds the claims (`DocFindings::claims`, with where each sentence ends). An
//! article with some is rendered a second time with placeholders where its sentences end
//! (`markdown::analyse_marked`); `Site::resolved_html` turns them into markers. Rendering the
//! pages is `render::ledger`.

use rayon::prelude::*;

use crate::bib::Bibliography;
use crate::content::Document;
use crate::error::{Error, Result};
use crate::lint::registry::Claim;
use crate::lint::DocFindings;

/// The claims index; claim pages are `CLAIMS_PATH<id>/`.
pub(crate) const CLAIMS_PATH: &str = "/evidence/claims/";
/// The sources index; source pages are `SOURCES_PATH<id>/`.
pub(crate) const SOURCES_PATH: &str = "/evidence/sources/";
/// Content folders whose `_index.md` gives an index its title, description and introduction.
pub(crate) const CLAIMS_FOLDER: &str = "evidence/claims";
pub(crate) const SOURCES_FOLDER: &str = "evidence/sources";
/// The template of a claim's page: a theme without it publishes no ledger.
pub(crate) const CLAIM_TEMPLATE: &str = "evidence_claim.html";

/// Where an article states a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Index into `Site::docs`.
    pub doc: usize,
    pub line: usize,
    pub column: usize,
    /// Stated as established: not hedged, not denied. Otherwise the article only discusses it.
    pub asserts: bool,
    /// The number of the marker after the sentence (`#claim-mark-N` on the article's page).
    pub mark: Option<usize>,
}

/// The claims as the content states them.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Whether the ledger's pages are published (`ledger` in site.yaml, and a theme with
    /// `evidence_claim.html`): otherwise markers and links to it are left out.
    pub published: bool,
    /// For each registry claim, the places that state it, in document order.
    pub places: Vec<Vec<Place>>,
}

/// A marker to put after a sentence: where the sentence ends (file offset) and the claims it
/// states (registry indexes, ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub at: usize,
    pub claims: Vec<usize>,
}

impl Ledger {
    /// The places of every registry claim (`claims`), from the documents' findings
    /// (`per_doc[i]` belongs to `docs[i]`) and their markers (`marks[i]`, numbered from 1 in
    /// each document). A place that denies a claim ("it is not painless") discusses it; a
    /// phrase rule's stance that asserts one is that rule's finding, not a place of the claim.
    pub fn new(
        claims: &[Claim],
        docs: &[Document],
        per_doc: &[DocFindings],
        marks: &[Vec<Mark>],
    ) -> Ledger {
        let mut places: Vec<Vec<Place>> = vec![Vec::new(); claims.len()];
        for (doc, findings) in per_doc.iter().enumerate().take(docs.len()) {
            let doc_marks = marks.get(doc).map_or(&[][..], Vec::as_slice);
            for (k, hit) in findings.claims.iter().enumerate() {
                let looked_for = claims.get(hit.claim).is_some_and(|c| !c.documentation_only);
                if hit.stance_only && !(hit.denied && looked_for) {
                    continue;
                }
                let Some(list) = places.get_mut(hit.claim) else {
                    continue;
                };
                let end = findings.claim_ends.get(k).copied();
                let mark = doc_marks
                    .iter()
                    .position(|m| Some(m.at) == end && m.claims.contains(&hit.claim))
                    .map(|n| n + 1);
                let (line, column) = hit.file.line_col(hit.span.start);
                list.push(Place {
                    doc,
                    line,
                    column,
                    asserts: !hit.denied && hit.modality.established(),
                    mark,
                });
            }
        }
        for list in &mut places {
            list.sort_by_key(|p| (p.doc, p.line, p.column));
            list.dedup_by(|a, b| a.doc == b.doc && a.line == b.line && a.column == b.column);
        }
        Ledger {
            published: false,
            places,
        }
    }
}

/// The markers of a document, in file order: after each sentence that states a claim, outside
/// headings, once per claim in each part of the page under a heading (a list of effects that
/// each restate one claim gets one marker, not one per item).
pub(crate) fn marks(doc: &Document, findings: &DocFindings) -> Vec<Mark> {
    let mut hits: Vec<(usize, usize, usize)> = findings
        .claims
        .iter()
        .zip(&findings.claim_ends)
        .filter(|(hit, &end)| {
            !hit.stance_only
                && end > doc.body_start
                && !doc.md.headings.iter().any(|h| {
                    h.span.start <= hit.span.start
                        && hit.span.start < h.span.end.max(h.span.start + 1)
                })
        })
        .map(|(hit, &end)| {
            let part = doc
                .md
                .headings
                .partition_point(|h| h.span.start <= hit.span.start);
            (end, hit.claim, part)
        })
        .collect();
    hits.sort_unstable();
    let mut seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let mut marks: Vec<Mark> = Vec::new();
    for (end, claim, part) in hits {
        if !seen.insert((part, claim)) {
            continue;
        }
        match marks.last_mut() {
            Some(mark) if mark.at == end => mark.claims.push(claim),
            _ => marks.push(Mark {
                at: end,
                claims: vec![claim],
            }),
        }
    }
    for mark in &mut marks {
        mark.claims.sort_unstable();
        mark.claims.dedup();
    }
    marks
}

/// A verdict in words, as badges and markers show it.
pub(crate) fn verdict_label(verdict: crate::lint::registry::Verdict) -> &'static str {
    use crate::lint::registry::Verdict;
    match verdict {
        Verdict::Supported => "Supported",
        Verdict::Contested => "Contested",
        Verdict::Unsupported => "Unsupported",
        Verdict::False => "False",
    }
}

/// The placeholder payload of the `n`th marker (from 1): `n:claim,claim`.
pub(crate) fn payload(n: usize, mark: &Mark) -> String {
    let claims: Vec<String> = mark.claims.iter().map(usize::to_string).collect();
    format!("{n}:{}", claims.join(","))
}

/// Reads a payload back: the marker's number and its claims.
pub(crate) fn parse_payload(payload: &str) -> Option<(usize, Vec<usize>)> {
    let (n, claims) = payload.split_once(':')?;
    let claims = claims
        .split(',')
        .map(str::parse)
        .collect::<std::result::Result<Vec<usize>, _>>()
        .ok()?;
    Some((n.parse().ok()?, claims))
}

/// The markers of every document (empty for those that state no claim); the documents among
/// `render` (all when `None`) that have some are rendered again with them. Rendering needs the
/// documents' source text; a document not rendered again must have its markers already.
pub(crate) fn mark_documents(
    docs: &mut [Document],
    per_doc: &[DocFindings],
    bib: &Bibliography,
    html: crate::config::HtmlMode,
    render: Option<&[usize]>,
) -> Vec<Vec<Mark>> {
    docs.par_iter_mut()
        .enumerate()
        .map(|(i, doc)| {
            let Some(findings) = per_doc.get(i) else {
                return Vec::new();
            };
            let marks = marks(doc, findings);
            if !marks.is_empty() && render.is_none_or(|only| only.contains(&i)) {
                mark_document(doc, &marks, bib, html);
            }
            marks
        })
        .collect()
}

/// Renders a document's body again with its markers; only the HTML changes.
fn mark_document(
    doc: &mut Document,
    marks: &[Mark],
    bib: &Bibliography,
    html: crate::config::HtmlMode,
) {
    let placed: Vec<(usize, String)> = (marks.iter().enumerate())
        .map(|(k, m)| (m.at, payload(k + 1, m)))
        .collect();
    let text = doc.file.text();
    let Some(body) = text.get(doc.body_start..) else {
        return;
    };
    let source = crate::markdown::Source {
        body,
        base: doc.body_start,
        rel: &doc.rel,
        html,
    };
    let again = crate::markdown::analyse_marked(source, bib, &placed);
    doc.md.html = again.html;
}

/// Content the ledger would hide: a page in the ledger's folders (only their `_index.md` may
/// be there, as an introduction).
pub(crate) fn check_folders(docs: &[Document]) -> Result<()> {
    for doc in docs {
        let folder = doc.folder();
        let inside = [CLAIMS_FOLDER, SOURCES_FOLDER]
            .iter()
            .any(|f| folder == *f || folder.starts_with(&format!("{f}/")));
        if inside && !(doc.is_section() && (folder == CLAIMS_FOLDER || folder == SOURCES_FOLDER)) {
            return Err(Error::at(
                &doc.file.path,
                None,
                format!(
                    "{} is where vetted publishes the evidence ledger",
                    doc.url_path()
                ),
            )
            .with_help(format!(
                "only `{CLAIMS_FOLDER}/_index.md` and `{SOURCES_FOLDER}/_index.md` (the introductions of its index pages) belong there: move the page, or set `ledger: false` in site.yaml"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back() {
        let mark = Mark {
            at: 10,
            claims: vec![3, 17],
        };
        assert_eq!(payload(2, &mark), "2:3,17");
        assert_eq!(parse_payload("2:3,17"), Some((2, vec![3, 17])));
        assert_eq!(parse_payload("x"), None);
    }
}
