//! Internal links and citation keys that do not resolve. Both `build` and `lint` report them,
//! and with them what `unsafe-html` kept off the page.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::link_cache::LinkCache;
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, Drafts, Hook, Rule, SiteInput};
use crate::lint::site_paths::{self, Published};
use crate::markdown::LedgerRef;

pub(crate) const BROKEN_LINK: Builtin = Builtin {
    id: "broken-link",
    category: Category::Links,
    severity: Severity::Error,
    summary: "A link to a page or heading that does not exist",
    doc: r#"## What it does
Resolves every internal link (`[x](../safety/risks.md)`, `[x](risks.md#infection)`,
`[x](@/safety/risks.md)`, `[x](#infection)`) against the site's pages and their heading ids,
and every link to the evidence ledger (`[x](claim:no-downtime)`, `[x](source:alam2014)`)
against the ids in `lints/claims.yaml` and `lints/sources.yaml`. A link from a published page
to a draft is broken too: the build leaves drafts out. Images and links to other paths of the
site (`![x](/img/logo.png)`, `[x](/tags/)`) must lead to a static file (`static/`, published
at the site's root), a file the build writes or a page, listing or ledger page.

## Why is this bad?
A broken link in a patient guide hides the information the reader was sent to find.

## How to fix
Point the link at an existing file; heading ids are the heading text in lower case with
`-` between words (`## When to get help` is `#when-to-get-help`). Put images and downloads in
`static/` and link to them from the site's root (`/img/logo.png`).
"#,
};

pub(crate) const UNKNOWN_CITATION: Builtin = Builtin {
    id: "unknown-citation",
    category: Category::Links,
    severity: Severity::Error,
    summary: "A citation key that is not in the bibliography",
    doc: r#"## What it does
Checks every `[@key]` against the ids in `lints/sources.yaml`.

## Why is this bad?
An unresolved key leaves a claim without its source.

## How to fix
Fix the key, or add the source to `lints/sources.yaml`.
"#,
};

pub(crate) const DUPLICATE_URL: Builtin = Builtin {
    id: "duplicate-url",
    category: Category::Links,
    severity: Severity::Error,
    summary: "Two documents or aliases would be published at the same URL",
    doc: r#"## What it does
Reports a document whose URL (from its path, or its `slug`) is already taken by another one,
and an alias (`aliases:`) that is the URL of a page or section, or another alias.

## Why is this bad?
Only one of them could be published; the other would silently disappear from the site, or a
real page would be replaced by a redirect.

## How to fix
Change the `slug` of one of them, rename its file, or remove the alias.
"#,
};

/// Documents whose URL an earlier document (in path order) already has.
fn duplicate_urls(
    docs: &[Document],
    report: &(dyn Fn(&Document) -> bool + Sync),
) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &Document> = HashMap::new();
    let mut out = Vec::new();
    for doc in docs {
        let url = doc.url_path();
        match first.get(&url) {
            Some(earlier) if report(doc) => {
                let span = doc
                    .page()
                    .map(|_| doc.key_line("slug"))
                    .map_or(crate::source::Span::new(0, 0), |line| {
                        crate::lint::check::key_span(doc, line)
                    });
                out.push(
                    Diagnostic::new(
                        DUPLICATE_URL.id,
                        Category::Links,
                        Severity::Error,
                        &doc.file,
                        span,
                        format!("{} is also the URL of {}", url, earlier.rel),
                    )
                    .related(
                        &earlier.file,
                        crate::source::Span::new(0, 0),
                        "published at the same URL",
                    )
                    .help("change the `slug` of one of them, or rename its file"),
                );
            }
            Some(_) => {}
            None => {
                first.insert(url, doc);
            }
        }
    }
    out.extend(alias_collisions(docs, &first, report));
    out
}

/// Aliases that are the URL of a document (`first`: URL -> document) or of another alias:
/// the redirect would replace the page, or one redirect the other.
fn alias_collisions(
    docs: &[Document],
    first: &HashMap<String, &Document>,
    report: &(dyn Fn(&Document) -> bool + Sync),
) -> Vec<Diagnostic> {
    let mut aliases: HashMap<String, &Document> = HashMap::new();
    let mut out = Vec::new();
    for doc in docs {
        for alias in doc.aliases() {
            let url = crate::content::paths::alias_url(alias);
            let (other, what) = match (first.get(&url), aliases.get(&url)) {
                (Some(page), _) => (*page, "the URL of"),
                (None, Some(earlier)) => (*earlier, "also an alias of"),
                (None, None) => {
                    aliases.insert(url, doc);
                    continue;
                }
            };
            if !report(doc) {
                continue;
            }
            let span = crate::lint::check::key_span(doc, doc.key_line("aliases"));
            let other_span = if !other.aliases().is_empty() && what.starts_with("also") {
                crate::lint::check::key_span(other, other.key_line("aliases"))
            } else {
                crate::source::Span::new(0, 0)
            };
            let own = std::ptr::eq(other, doc);
            let whose = if own { "this page" } else { other.rel.as_str() };
            let mut diagnostic = Diagnostic::new(
                DUPLICATE_URL.id,
                Category::Links,
                Severity::Error,
                &doc.file,
                span,
                format!("alias {url} is {what} {whose}"),
            )
            .help("remove the alias, or change it to the old URL it stands for");
            if !own {
                diagnostic =
                    diagnostic.related(&other.file, other_span, "published at the same URL");
            }
            out.push(diagnostic);
        }
    }
    out
}

/// Checks the links and citations of the documents for which `report` is true, in parallel
/// (the output keeps document order), reusing what `cache` kept. A link to a document that
/// was not loaded (linting a few files alone) is checked against `content`, the content
/// folder: the file must exist; its headings are not known. Links to other paths of the site
/// are checked against what it publishes, when known (never kept: a static file may come).
pub(crate) fn check(
    docs: &[Document],
    registry: &Registry,
    report: &(dyn Fn(&Document) -> bool + Sync),
    content: Option<&std::path::Path>,
    cache: Option<&LinkCache>,
    published: Option<&Published>,
    drafts: Drafts,
) -> Vec<Diagnostic> {
    let bib = &registry.bib;
    let index: HashMap<&str, &Document> = docs.iter().map(|d| (d.rel.as_str(), d)).collect();
    let source_ids: Vec<&str> = bib.sources.keys().map(String::as_str).collect();
    let mut out = duplicate_urls(docs, report);
    let folders = Folders { content, drafts };
    let check_one = |doc: &Document| check_document(doc, &index, registry, &source_ids, &folders);
    let per_doc: Vec<Vec<Diagnostic>> = docs
        .par_iter()
        .filter(|d| report(d))
        .map(|doc| match cache {
            Some(cache) => cache.get_or(doc, || check_one(doc)),
            None => check_one(doc),
        })
        .collect();
    out.extend(per_doc.into_iter().flatten());
    if let Some(published) = published {
        out.extend(
            site_paths::check(docs, registry, report, published)
                .into_iter()
                .map(|u| {
                    let message = format!(
                        "link to a file or page the site does not publish: `{}`",
                        u.written
                    );
                    broken_link(u.doc, u.span, message)
                        .label(format!("nothing published at /{}", u.resolved))
                        .help(u.help)
                }),
        );
    }
    out
}

fn broken_link(doc: &Document, span: crate::source::Span, message: String) -> Diagnostic {
    Diagnostic::new(
        BROKEN_LINK.id,
        Category::Links,
        Severity::Error,
        &doc.file,
        span,
        message,
    )
}

/// A link to a claim or source page whose id is not in the registry.
fn ledger_link(
    doc: &Document,
    span: crate::source::Span,
    link: &LedgerRef,
    registry: &Registry,
    source_ids: &[&str],
) -> Option<Diagnostic> {
    let (what, id, ids, file): (&str, &str, Vec<&str>, &std::path::Path) = match link {
        LedgerRef::Claim(id) if registry.claim(id).is_none() => (
            "claim",
            id,
            registry.claims.iter().map(|c| c.id.as_str()).collect(),
            std::path::Path::new("lints/claims.yaml"),
        ),
        LedgerRef::Source(id) if registry.bib.get(id).is_none() => {
            ("source", id, source_ids.to_vec(), &registry.bib.path)
        }
        _ => return None,
    };
    let help = match crate::yaml::closest(id, &ids) {
        Some(best) => format!("did you mean `{what}:{best}`?"),
        None => format!("use the id of a {what} in {}", file.display()),
    };
    Some(
        broken_link(doc, span, format!("link to an unknown {what}: `{id}`"))
            .label(format!("no {what} `{id}` in the registry"))
            .help(help),
    )
}

/// Where links to documents that were not loaded are looked up (`check`).
struct Folders<'a> {
    content: Option<&'a std::path::Path>,
    drafts: Drafts<'a>,
}

/// A link from a published page to a draft: the build leaves the draft out, so the link
/// would lead nowhere on the site.
fn draft_link(doc: &Document, span: crate::source::Span, rel: &str) -> Diagnostic {
    broken_link(
        doc,
        span,
        format!("link to a draft, which is not published: `{rel}`"),
    )
    .label(format!("content/{rel} has `draft: true`"))
    .help("publish the page (remove `draft: true`) or remove the link; `--drafts` previews both")
}

fn check_document(
    doc: &Document,
    index: &HashMap<&str, &Document>,
    registry: &Registry,
    source_ids: &[&str],
    folders: &Folders,
) -> Vec<Diagnostic> {
    let bib = &registry.bib;
    let mut out = Vec::new();
    // Heading ids of each target, gathered once: a page of many links to many headings
    // stays linear.
    let mut ids_of: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for link in &doc.md.links {
        if let Some(ledger) = &link.ledger {
            out.extend(ledger_link(doc, link.span, ledger, registry, source_ids));
            continue;
        }
        let target = match &link.target {
            None => Some(doc),
            Some(rel) => index.get(rel.as_str()).copied(),
        };
        let Some(target) = target else {
            let rel = link.target.as_deref().unwrap_or_default();
            if folders.content.is_some_and(|c| c.join(rel).is_file()) {
                continue;
            }
            if matches!(folders.drafts, Drafts::LeftOut(c) if c.join(rel).is_file()) {
                out.push(draft_link(doc, link.span, rel));
                continue;
            }
            out.push(
                broken_link(doc, link.span, format!("link to a missing page: `{rel}`"))
                    .label(format!("no content/{rel}"))
                .help(
                    "link to an existing .md file, relative to this one, or as @/section/page.md",
                ),
            );
            continue;
        };
        if matches!(folders.drafts, Drafts::Unpublished) && target.is_draft() && !doc.is_draft() {
            out.push(draft_link(doc, link.span, &target.rel));
            continue;
        }
        if let Some(anchor) = &link.anchor {
            let ids = ids_of
                .entry(target.rel.as_str())
                .or_insert_with(|| target.md.headings.iter().map(|h| h.id.as_str()).collect());
            if !anchor.is_empty() && !ids.contains(anchor.as_str()) {
                let ids: Vec<&str> = target.md.headings.iter().map(|h| h.id.as_str()).collect();
                let help = match crate::yaml::closest(anchor, &ids) {
                    Some(best) => format!("did you mean `#{best}`?"),
                    None if ids.is_empty() => format!("{} has no headings", target.rel),
                    None => format!(
                        "headings in {}: {}",
                        target.rel,
                        ids.iter()
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let message = format!("link to a missing heading: `#{anchor}` in {}", target.rel);
                out.push(broken_link(doc, link.span, message).help(help));
            }
        }
    }
    out.extend(super::unsafe_html::check(doc));
    for (key, span) in &doc.md.unknown_citations {
        let mut d = Diagnostic::new(
            UNKNOWN_CITATION.id,
            Category::Links,
            Severity::Error,
            &doc.file,
            *span,
            format!("unknown citation key `{key}`"),
        )
        .label("not in the bibliography");
        d = match crate::yaml::closest(key, source_ids) {
            Some(best) => d.help(format!(
                "did you mean `@{best}`? Sources are listed in {}",
                bib.path.display()
            )),
            None => d.help(format!("add `{key}` to {}", bib.path.display())),
        };
        out.push(d);
    }
    out
}

pub(crate) const RULE: Rule = Rule {
    ids: &[BROKEN_LINK, UNKNOWN_CITATION, DUPLICATE_URL],
    hooks: &[Hook::Site(across)],
};

fn across(site: &SiteInput) -> Vec<Diagnostic> {
    check(
        site.docs,
        site.registry,
        site.report,
        site.content,
        site.links,
        site.published,
        site.drafts,
    )
}
