//! Links and images to paths of the site that are not content files (`/img/logo.png`,
//! `leaflet.pdf`, `/tags/`): each must be a file the site publishes, a static file of the theme
//! or the site, or a file or page the build writes (`broken-link` otherwise).

use std::collections::HashSet;
use std::path::Path;

use crate::config::SiteConfig;
use crate::content::Document;
use crate::error::Result;
use crate::html::slugify;
use crate::lint::registry::Registry;

/// Files every build writes besides pages and static files.
const GENERATED: &[&str] = &["atom.xml", "sitemap.xml", "robots.txt", "404.html"];

/// What a site publishes that does not come from its documents: static files, and the
/// settings that decide which listing and ledger pages exist.
pub(crate) struct Published {
    /// Static files of the theme and the site, by output path (`style.css`, `img/logo.png`).
    statics: HashSet<String>,
    taxonomies: Vec<String>,
    ledger: bool,
}

impl Published {
    /// The static files of the site at `root` (its theme's and its own) and its settings.
    pub(crate) fn of(root: &Path, config: &SiteConfig) -> Result<Published> {
        let statics = crate::theme::static_files(root, &config.theme)?;
        Ok(Published {
            statics: statics.into_keys().collect(),
            taxonomies: config.taxonomies.clone(),
            ledger: config.ledger,
        })
    }
}

/// Root-relative URL paths (`/a/b/`) of the pages the documents, their aliases, taxonomy
/// terms and the registry give the site.
fn page_urls(docs: &[Document], registry: &Registry, published: &Published) -> HashSet<String> {
    let mut urls: HashSet<String> = ["/".to_owned(), "/search/".to_owned()].into();
    for doc in docs {
        urls.insert(doc.url_path());
        urls.extend(
            doc.aliases()
                .iter()
                .map(|a| crate::content::paths::alias_url(a)),
        );
        for (name, terms) in doc.page().map(|m| &m.taxonomies).into_iter().flatten() {
            urls.extend(terms.iter().map(|t| format!("/{name}/{}/", slugify(t))));
        }
    }
    for name in &published.taxonomies {
        urls.insert(format!("/{name}/"));
    }
    if published.ledger {
        use crate::ledger::{CLAIMS_PATH, SOURCES_PATH};
        urls.insert(CLAIMS_PATH.to_owned());
        urls.insert(SOURCES_PATH.to_owned());
        urls.extend((registry.claims.iter()).map(|c| format!("{CLAIMS_PATH}{}/", c.id)));
        urls.extend((registry.bib.sources.keys()).map(|id| format!("{SOURCES_PATH}{id}/")));
    }
    urls
}

/// `path` (root-relative, `/`-separated, without query or fragment) with `%XX` decoded and
/// `.` and `..` resolved; `None` when it climbs above the site's root.
fn normalized(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8_lossy(&decoded);
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Whether the site publishes `rel` (a normalized path without the leading `/`).
fn publishes(rel: &str, pages: &HashSet<String>, published: &Published) -> bool {
    let file = rel.trim_end_matches('/');
    if published.statics.contains(file) || GENERATED.contains(&file) || file.starts_with("search/")
    {
        return true;
    }
    let page = file
        .strip_suffix("index.html")
        .map_or(file, |folder| folder.trim_end_matches('/'));
    if page
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
    {
        return false;
    }
    let url = if page.is_empty() {
        "/".to_owned()
    } else {
        format!("/{page}/")
    };
    // A listing's later pages: `/tags/x/page/2/`.
    let listing = url
        .strip_suffix('/')
        .and_then(|u| u.rsplit_once("/page/"))
        .filter(|(_, n)| n.parse::<usize>().is_ok())
        .map(|(base, _)| format!("{base}/"));
    pages.contains(&url) || listing.is_some_and(|l| pages.contains(&l))
}

/// A link or image to a path of the site that the site does not publish.
pub(crate) struct Unpublished<'d> {
    pub doc: &'d Document,
    pub span: crate::source::Span,
    /// The path as written, and as resolved from the site's root.
    pub written: &'d str,
    pub resolved: String,
    /// How to fix it.
    pub help: String,
}

/// Each link or image of the reported documents to a path of the site that it does not
/// publish (`broken-link`). A relative path resolves from the page's own URL.
pub(crate) fn check<'d>(
    docs: &'d [Document],
    registry: &Registry,
    report: &(dyn Fn(&Document) -> bool + Sync),
    published: &Published,
) -> Vec<Unpublished<'d>> {
    let mut pages: Option<HashSet<String>> = None;
    let mut out = Vec::new();
    for doc in docs.iter().filter(|d| report(d)) {
        for (link, written) in (doc.md.links.iter()).filter_map(|l| Some((l, l.path.as_deref()?))) {
            let path = written.split(['#', '?']).next().unwrap_or_default();
            let from_root = match path.strip_prefix('/') {
                Some(rest) => rest.to_owned(),
                None => format!("{}{path}", doc.url_path().trim_start_matches('/')),
            };
            let pages = pages.get_or_insert_with(|| page_urls(docs, registry, published));
            if normalized(&from_root).is_some_and(|rel| publishes(&rel, pages, published)) {
                continue;
            }
            let shown = normalized(&from_root).unwrap_or(from_root);
            let name = shown
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let help = if !name.contains('.') {
                "link to a page by its file (`../section/page.md` or `@/section/page.md`)"
                    .to_owned()
            } else if path.starts_with('/') {
                format!(
                    "put the file at static/{shown}: static files are published at the site's root"
                )
            } else {
                format!("a relative link resolves from the page's address ({}); put the file in static/ and link to it from the site's root (`/{name}` for static/{name})", doc.url_path())
            };
            out.push(Unpublished {
                doc,
                span: link.span,
                written,
                resolved: shown,
                help,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_dots_resolved() {
        assert_eq!(
            normalized("a/./b/../c%20d.pdf").as_deref(),
            Some("a/c d.pdf")
        );
        assert_eq!(normalized("a/b/").as_deref(), Some("a/b/"));
        assert_eq!(normalized("").as_deref(), Some(""));
        assert_eq!(normalized("a/../../x"), None);
    }

    #[test]
    fn published_paths_are_static_files_generated_files_and_pages() {
        let published = Published {
            statics: ["img/logo.png".to_owned()].into(),
            taxonomies: vec!["tags".into()],
            ledger: false,
        };
        let pages: HashSet<String> =
            ["/".to_owned(), "/a/b/".to_owned(), "/tags/x/".to_owned()].into();
        for yes in [
            "img/logo.png",
            "atom.xml",
            "a/b/",
            "a/b",
            "a/b/index.html",
            "",
            "tags/x/page/3/",
            "search/index.json",
        ] {
            assert!(publishes(yes, &pages, &published), "{yes}");
        }
        for no in [
            "img/other.png",
            "a/b/c/",
            "a/b/x.pdf",
            "nothing/here/",
            "tags/y/page/2/",
        ] {
            assert!(!publishes(no, &pages, &published), "{no}");
        }
    }
}
