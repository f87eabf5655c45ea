//! `vetted build` on the `site` fixture: where pages are written, listings, feeds, citations,
//! internal links, drafts, theme overrides and deterministic output.

use std::collections::BTreeSet;

use crate::harness::{attr_values, unescape_html, xml, Site};

/// Builds the `site` fixture and asserts success.
fn built() -> Site {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    site
}

/// Titles of the page cards of a listing page, in order.
fn card_titles(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"class="card-title"><a href="[^"]*">([^<]*)</a>"#).unwrap();
    re.captures_iter(html)
        .map(|c| unescape_html(&c[1]))
        .collect()
}

/// The HTML between the first `start` marker and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let j = html[i..].find(end).map_or(html.len(), |j| i + j);
    &html[i..j]
}

/// HTML files of the output that are pages (not alias redirects).
const PAGES: &[&str] = &[
    "index.html",
    "404.html",
    "about/index.html",
    "basics/index.html",
    "basics/what-is-it/index.html",
    "basics/how-it-works/index.html",
    "basics/aftercare-basics/index.html",
    "safety/index.html",
    "safety/side-effects/index.html",
    "safety/who-should-wait/index.html",
    "safety/allergies/index.html",
    "news/index.html",
    "news/page/2/index.html",
    "news/january/index.html",
    "news/march/index.html",
    "news/june-update/index.html",
    "tags/index.html",
    "tags/basics/index.html",
    "tags/procedure/index.html",
    "tags/meta/index.html",
    "tags/side-effects/index.html",
    "concerns/index.html",
    "concerns/acne-scars/index.html",
    "concerns/infection/index.html",
    "search/index.html",
    // The evidence ledger: the fixture's registry has sources but no claims.
    "evidence/sources/index.html",
    "evidence/sources/lee2019/index.html",
    "evidence/sources/nhs2024/index.html",
    "evidence/sources/smith2020/index.html",
];

/// Articles of the fixture (not drafts) and their URLs.
const ARTICLES: &[&str] = &[
    "/about/",
    "/basics/what-is-it/",
    "/basics/how-it-works/",
    "/basics/aftercare-basics/",
    "/safety/side-effects/",
    "/safety/who-should-wait/",
    "/safety/allergies/",
    "/news/january/",
    "/news/march/",
    "/news/june-update/",
];

// Checks that every article, section, taxonomy page and the home page is written at its pretty URL, and nothing else.
#[test]
fn every_page_is_written_at_its_pretty_url() {
    let site = built();
    let html: BTreeSet<String> = site
        .tree("public")
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect();
    let mut expected: BTreeSet<String> = PAGES.iter().map(|s| s.to_string()).collect();
    expected.insert("old/june/index.html".into()); // the alias redirect
    assert_eq!(html, expected);
    for extra in [
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "search/index.json",
        "search/t/0.json",
        "search/d/0.json",
        "style.css",
        "search.js",
        "favicon.svg",
    ] {
        assert!(
            site.exists(&format!("public/{extra}")),
            "public/{extra} missing"
        );
    }
    // content/a/b.md -> a/b/index.html, titled after the article.
    assert!(site
        .read("public/basics/what-is-it/index.html")
        .contains("<h1 id=\"page-title\">What is micro-needling?</h1>"));
    // `slug` overrides the file name; the alias redirects to the new URL.
    assert!(site
        .read("public/news/june-update/index.html")
        .contains("June update"));
    let alias = site.read("public/old/june/index.html");
    assert!(
        alias.contains("http-equiv=\"refresh\"") && alias.contains("/news/june-update/"),
        "{alias}"
    );
}

// Checks that sitemap.xml is well-formed XML with one <url><loc> per page (absolute URLs) and no alias redirects.
#[test]
fn sitemap_is_well_formed_and_lists_every_page() {
    let site = built();
    let text = site.read("public/sitemap.xml");
    let root =
        xml::parse(&text).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}\n{text}"));
    assert_eq!(root.name, "urlset");
    assert_eq!(
        root.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = Vec::new();
    for url in &root.children {
        assert_eq!(url.name, "url");
        let loc: Vec<_> = url.children_named("loc").collect();
        assert_eq!(loc.len(), 1, "one <loc> per <url>");
        locs.push(loc[0].text.clone());
    }
    let expected: BTreeSet<String> = PAGES
        .iter()
        // The search page is `noindex`: not in the sitemap.
        .filter(|p| **p != "404.html" && **p != "search/index.html")
        .map(|p| format!("https://example.org/{}", p.trim_end_matches("index.html")))
        .collect();
    let got: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(got, expected);
    assert_eq!(locs.len(), got.len(), "duplicate <loc> entries");
    // Articles carry their last modification date.
    let what = root
        .children
        .iter()
        .find(|u| u.child("loc").unwrap().text == "https://example.org/basics/what-is-it/")
        .unwrap();
    assert_eq!(
        what.child("lastmod").map(|l| l.text.as_str()),
        Some("2026-10-02")
    );
}

// Checks that atom.xml is a well-formed Atom feed with one entry per article, newest first, each linking to its page.
#[test]
fn atom_feed_is_well_formed_and_lists_every_article() {
    let site = built();
    let text = site.read("public/atom.xml");
    let feed =
        xml::parse(&text).unwrap_or_else(|e| panic!("atom.xml is not well-formed: {e}\n{text}"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.child("title").unwrap().text, "Test guide");
    let entries: Vec<_> = feed.children_named("entry").collect();
    let links: BTreeSet<String> = entries
        .iter()
        .map(|e| {
            e.child("link")
                .and_then(|l| l.attr("href"))
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected: BTreeSet<String> = ARTICLES
        .iter()
        .map(|u| format!("https://example.org{u}"))
        .collect();
    assert_eq!(links, expected);
    assert_eq!(entries.len(), ARTICLES.len());
    for e in &entries {
        for field in ["title", "id", "updated", "summary", "author"] {
            assert!(e.child(field).is_some(), "entry without <{field}>");
        }
    }
    assert_eq!(
        entries[0].child("title").unwrap().text,
        "June update",
        "newest article first"
    );
}

// Checks that a section lists its pages by weight, ties broken by title.
#[test]
fn section_lists_pages_by_weight_then_title() {
    let site = built();
    let titles = card_titles(&site.read("public/basics/index.html"));
    assert_eq!(
        titles,
        [
            "What is micro-needling?",
            "Aftercare basics",
            "How it works"
        ]
    );
}

// Checks that `sort_by: title` and `sort_by: date` (newest first) order a section's pages.
#[test]
fn section_sort_by_title_and_date() {
    let site = built();
    let safety = card_titles(&site.read("public/safety/index.html"));
    assert_eq!(
        safety,
        ["Allergic reactions", "Side effects", "Who should wait"]
    );
    let mut news = card_titles(&site.read("public/news/index.html"));
    news.extend(card_titles(&site.read("public/news/page/2/index.html")));
    assert_eq!(news, ["June update", "March update", "January update"]);
}

// Checks that the main navigation lists top-level sections ordered by weight and marks the current one.
#[test]
fn navigation_lists_sections_by_weight() {
    let site = built();
    let html = site.read("public/safety/side-effects/index.html");
    let nav = between(&html, "<nav class=\"site-nav\"", "</nav>");
    let re = regex::Regex::new(r#"<a href="([^"]*)"[^>]*>([^<]*)</a>"#).unwrap();
    let items: Vec<(String, String)> = re
        .captures_iter(nav)
        .map(|c| (unescape_html(&c[1]), c[2].to_owned()))
        .collect();
    let expected = [
        ("/safety/", "Safety"),
        ("/basics/", "Basics"),
        ("/news/", "News"),
    ];
    assert_eq!(
        items,
        expected.map(|(u, t)| (u.to_owned(), t.to_owned())),
        "nav: {nav}"
    );
    assert!(
        nav.contains("aria-current"),
        "the current section is marked: {nav}"
    );
}

// Checks the taxonomy list page (/tags/) and term pages (/tags/<slug>/) with their pages and counts.
#[test]
fn taxonomy_list_and_term_pages() {
    let site = built();
    let list = site.read("public/tags/index.html");
    let terms = attr_values(&list, "href");
    for term in [
        "/tags/basics/",
        "/tags/procedure/",
        "/tags/meta/",
        "/tags/side-effects/",
    ] {
        assert!(
            terms.iter().any(|h| h == term),
            "{term} not linked from /tags/"
        );
    }
    assert!(
        list.contains("side effects"),
        "term names are shown as written"
    );
    let basics = site.read("public/tags/basics/index.html");
    assert_eq!(card_titles(&basics).len(), 2);
    for title in ["What is micro-needling?", "How it works"] {
        assert!(
            card_titles(&basics).iter().any(|t| t == title),
            "{title} missing from /tags/basics/"
        );
    }
    assert!(basics.contains("2 pages about basics"), "term count shown");
    let concerns = site.read("public/concerns/acne-scars/index.html");
    assert_eq!(card_titles(&concerns), ["What is micro-needling?"]);
    // The article links to its terms.
    let page = site.read("public/basics/what-is-it/index.html");
    assert!(attr_values(&page, "href")
        .iter()
        .any(|h| h == "/concerns/acne-scars/"));
}

// Checks that a small paginate_by splits section and term listings into /page/N/ pages linked with prev/next.
#[test]
fn small_paginate_by_creates_pagination_pages() {
    let site = Site::new("site");
    site.replace("site.yaml", "paginate_by: 20", "paginate_by: 1");
    site.build(&[]).assert_code(0);
    // news sets its own paginate_by: 2.
    let first = site.read("public/news/index.html");
    let second = site.read("public/news/page/2/index.html");
    assert!(!site.exists("public/news/page/3/index.html"));
    assert_eq!(card_titles(&first).len(), 2);
    assert_eq!(card_titles(&second), ["January update"]);
    assert!(
        attr_values(&first, "href")
            .iter()
            .any(|h| h == "/news/page/2/"),
        "page 1 links to page 2"
    );
    assert!(
        attr_values(&second, "href").iter().any(|h| h == "/news/"),
        "page 2 links back to page 1"
    );
    assert!(second.contains("Page 2 of 2"));
    // Site-wide paginate_by: 1 applies to sections without their own and to taxonomy terms.
    for page in [
        "public/basics/page/2/index.html",
        "public/basics/page/3/index.html",
        "public/tags/basics/page/2/index.html",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
    assert!(!site.exists("public/basics/page/4/index.html"));
    assert_eq!(
        card_titles(&site.read("public/tags/basics/page/2/index.html")).len(),
        1
    );
}

// Checks that headings get unique ids (repeats get -1) with anchor links, and the table of contents links to them.
#[test]
fn headings_have_unique_ids_anchors_and_a_table_of_contents() {
    let site = built();
    let html = site.read("public/basics/what-is-it/index.html");
    let ids = attr_values(&html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "duplicate ids in the page: {ids:?}"
    );
    for id in [
        "key-points",
        "how-it-works",
        "needles",
        "key-points-1",
        "needles-1",
    ] {
        assert!(ids.iter().any(|i| i == id), "no heading id {id}: {ids:?}");
        let anchor = regex::Regex::new(&format!(
            r##"<h[23] id="{id}">[^<]*<a class="anchor" href="#{id}"[^>]*>"##
        ))
        .unwrap();
        assert!(
            anchor.is_match(&html),
            "no heading with an anchor link for #{id}"
        );
    }
    let toc = between(&html, "<nav class=\"toc toc-side\"", "</nav>");
    let targets = attr_values(toc, "href");
    assert_eq!(
        targets,
        [
            "#key-points",
            "#how-it-works",
            "#needles",
            "#key-points-1",
            "#needles-1",
            "#get-help"
        ]
    );
}

// Checks that [@key] citations become numbered markers linking to a References list with DOI, PubMed and URL links.
#[test]
fn citations_become_numbered_markers_and_references() {
    let site = built();
    let html = site.read("public/basics/what-is-it/index.html");
    assert!(!html.contains("[@"), "a citation key was left in the page");
    let ids: BTreeSet<String> = attr_values(&html, "id").into_iter().collect();
    let markers = regex::Regex::new(r#"<sup class="citation">(.*?)</sup>"#).unwrap();
    let markers: Vec<String> = markers
        .captures_iter(&html)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(markers.len(), 4, "one marker per citation: {markers:?}");
    assert!(
        markers[0].contains(">1<"),
        "first source is [1]: {}",
        markers[0]
    );
    assert!(
        markers[1].contains(">1, p. 104<"),
        "locator kept: {}",
        markers[1]
    );
    assert!(
        markers[2].contains(">1<") && markers[2].contains(">2<"),
        "two keys in one marker: {}",
        markers[2]
    );
    assert!(markers[3].contains(">3<"), "{}", markers[3]);
    for href in markers
        .iter()
        .flat_map(|m| attr_values(&format!(" {m}"), "href"))
    {
        let target = href
            .strip_prefix('#')
            .expect("markers link within the page");
        assert!(ids.contains(target), "marker links to missing #{target}");
    }
    let refs = between(&html, "<section class=\"references\"", "</section>");
    for (n, id) in [(1, "ref-1"), (2, "ref-2"), (3, "ref-3")] {
        assert!(
            refs.contains(&format!("<li id=\"{id}\" value=\"{n}\">")),
            "no reference {n}"
        );
        assert!(
            ids.contains(&format!("cite-{n}-1")),
            "back-link target cite-{n}-1 missing"
        );
    }
    let links = attr_values(refs, "href");
    for link in [
        "https://doi.org/10.1000/test.2020.1",
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "https://doi.org/10.1000/test.2019.2",
        "https://example.com/cosmetic-procedures",
    ] {
        assert!(
            links.iter().any(|l| l == link),
            "no {link} in references: {links:?}"
        );
    }
    assert!(
        refs.contains("Smith A, Jones B. A trial of needling for scars."),
        "formatted citation: {refs}"
    );
    // Order of first citation: smith2020, lee2019, nhs2024.
    let order: Vec<usize> = ["Smith A", "Lee C", "Test Health Service"]
        .iter()
        .map(|a| refs.find(a).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "references not in order of first citation"
    );
}

// Checks that Markdown footnotes still render as a linked reference and definition.
#[test]
fn footnotes_still_work() {
    let site = built();
    let html = site.read("public/basics/what-is-it/index.html");
    let reference = between(&html, "<sup class=\"footnote-reference\">", "</sup>");
    let target = attr_values(reference, "href")
        .pop()
        .expect("footnote reference link");
    let id = target.strip_prefix('#').unwrap();
    let definition = format!("<div class=\"footnote-definition\" id=\"{id}\">");
    assert!(html.contains(&definition), "no footnote definition #{id}");
    assert!(html.contains("This is the footnote text."));
}

// Checks that relative .md links, links with #anchors, @/ links and in-page links resolve to page URLs.
#[test]
fn internal_links_resolve_to_page_urls() {
    let site = built();
    let html = site.read("public/basics/what-is-it/index.html");
    let hrefs = attr_values(&html, "href");
    for url in [
        "/safety/side-effects/",
        "/safety/side-effects/#infection",
        "/basics/how-it-works/",
        "#how-it-works",
        "/about/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == url),
            "no link to {url}: {hrefs:?}"
        );
    }
    assert!(
        !hrefs
            .iter()
            .any(|h| h.ends_with(".md") || h.contains(".md#")),
        "a .md link was left: {hrefs:?}"
    );
    // Every root-relative link points at a file of the output.
    for href in hrefs.iter().filter(|h| h.starts_with('/')) {
        let path = href.split('#').next().unwrap().trim_start_matches('/');
        let file = if path.is_empty() || path.ends_with('/') {
            format!("public/{path}index.html")
        } else {
            format!("public/{path}")
        };
        assert!(site.exists(&file), "{href} points at nothing ({file})");
    }
}

// Checks that drafts are left out by default (page, listings, taxonomy terms, sitemap) and built with --drafts.
#[test]
fn drafts_are_excluded_by_default_and_included_with_flag() {
    let site = built();
    assert!(!site.exists("public/basics/draft-notes/index.html"));
    assert!(!site.exists("public/tags/drafty/index.html"));
    assert!(!site
        .read("public/basics/index.html")
        .contains("Draft notes"));
    assert!(!site.read("public/sitemap.xml").contains("draft-notes"));
    assert!(site
        .tree("public/search")
        .values()
        .all(|bytes| !String::from_utf8_lossy(bytes).contains("Draft notes")));

    site.build(&["--drafts"]).assert_code(0);
    assert!(site
        .read("public/basics/draft-notes/index.html")
        .contains("Draft notes"));
    assert!(site.exists("public/tags/drafty/index.html"));
    assert!(site
        .read("public/basics/index.html")
        .contains("Draft notes"));
    assert!(site
        .read("public/sitemap.xml")
        .contains("https://example.org/basics/draft-notes/"));
}

// Checks that a site's own templates/page.html overrides the theme's template of that name, and only that one.
#[test]
fn site_template_overrides_theme_template_by_name() {
    let site = Site::new("site");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<p class=\"site-override\">{{ page.title }}</p>{% endblock content %}\n",
    );
    site.build(&[]).assert_code(0);
    let page = site.read("public/about/index.html");
    assert!(
        page.contains("<p class=\"site-override\">About this guide</p>"),
        "{page}"
    );
    assert!(
        page.contains("class=\"site-header\""),
        "the theme's base.html is still used"
    );
    assert!(
        !site
            .read("public/basics/index.html")
            .contains("site-override"),
        "section.html is the theme's"
    );
}

// Checks that the search index has one fragment per article (title, URL, section,
// description, body by heading) and that a word of an article's body is an index term
// pointing at it.
#[test]
fn search_index_covers_every_article_and_its_body() {
    let site = built();
    let meta: serde_json::Value =
        serde_json::from_str(&site.read("public/search/index.json")).unwrap();
    let docs = meta["docs"].as_u64().unwrap() as usize;
    let fragments: Vec<serde_json::Value> = (0..docs)
        .map(|k| serde_json::from_str(&site.read(&format!("public/search/d/{k}.json"))).unwrap())
        .collect();
    let urls: BTreeSet<&str> = fragments.iter().map(|e| e["u"].as_str().unwrap()).collect();
    assert_eq!(urls, ARTICLES.iter().copied().collect());
    let (doc, what) = fragments
        .iter()
        .enumerate()
        .find(|(_, e)| e["u"] == "/basics/what-is-it/")
        .unwrap();
    assert_eq!(what["t"], "What is micro-needling?");
    assert_eq!(what["s"], "Basics");
    assert_eq!(what["d"], "A short introduction.");
    let parts = what["b"].as_array().unwrap();
    assert!(parts.iter().any(|p| p[1] == "Key points"), "{parts:?}");
    // Every term of the body is in a shard, and its postings name this article.
    let body: String = parts.iter().map(|p| p[2].as_str().unwrap()).collect();
    let word = body
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|w| w.len() > 6 && w.chars().all(|c| c.is_ascii_lowercase()))
        .expect("a long word");
    let term = vetted::render::search::stem(&word);
    let shards = meta["shards"].as_array().unwrap();
    let k = shards
        .iter()
        .position(|r| {
            r[0].as_str().unwrap() <= term.as_str() && term.as_str() <= r[1].as_str().unwrap()
        })
        .unwrap();
    let shard: serde_json::Value =
        serde_json::from_str(&site.read(&format!("public/search/t/{k}.json"))).unwrap();
    let postings = shard[&term]
        .as_array()
        .unwrap_or_else(|| panic!("{term} not indexed"));
    let mut at = 0;
    let mut found = false;
    for pair in postings.chunks(2) {
        at += pair[0].as_u64().unwrap() as usize;
        found |= at == doc;
    }
    assert!(found, "{term} does not point at {doc}");
}

// Checks that two builds of the same input produce byte-identical output trees.
#[test]
fn builds_are_deterministic() {
    let site = Site::new("site");
    site.build(&["--out", "out-a"]).assert_code(0);
    site.build(&["--out", "out-b"]).assert_code(0);
    site.build(&["--out", "out-c"]).assert_code(0);
    let (a, b, c) = (site.tree("out-a"), site.tree("out-b"), site.tree("out-c"));
    assert!(!a.is_empty());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (path, bytes) in &a {
        assert!(
            b[path] == *bytes && c[path] == *bytes,
            "{path} differs between two builds"
        );
    }
    // Building again over an existing output gives the same bytes too.
    site.build(&["--out", "out-a"]).assert_code(0);
    assert!(
        site.tree("out-a") == a,
        "rebuilding over the previous output changed it"
    );
}

// Checks that a base_url with a path (a site served from /guides/) prefixes every internal link exactly once.
#[test]
fn base_url_with_a_path_prefixes_links_once() {
    let site = Site::new("site");
    site.build(&["--base-url", "https://example.org/guides"])
        .assert_code(0);
    let page = site.read("public/basics/what-is-it/index.html");
    let hrefs = attr_values(&page, "href");
    for href in hrefs.iter().filter(|h| h.starts_with('/')) {
        assert!(
            href.starts_with("/guides/"),
            "{href} is missing the /guides prefix"
        );
        assert!(
            !href.starts_with("/guides/guides/"),
            "{href} has the prefix twice"
        );
    }
    assert!(
        hrefs.iter().any(|h| h == "/guides/safety/"),
        "nav link to /guides/safety/: {hrefs:?}"
    );
}

// Checks that links to section index files (_index.md) resolve to the section URL.
#[test]
fn links_to_section_index_files_resolve() {
    let site = Site::new("site");
    site.append(
        "content/about.md",
        "\nBrowse [the basics](basics/_index.md) or go [home](_index.md).\n",
    );
    site.build(&[]).assert_code(0);
    let hrefs = attr_values(&site.read("public/about/index.html"), "href");
    let prose: Vec<&String> = hrefs
        .iter()
        .filter(|h| *h == "/basics/" || *h == "/")
        .collect();
    assert!(prose.len() >= 2, "{hrefs:?}");
    assert!(site
        .read("public/about/index.html")
        .contains("<a href=\"/basics/\">the basics</a>"));
}

// Checks that a page deleted from content/ disappears from the output on the next build.
#[test]
fn removed_page_disappears_from_the_output() {
    let site = built();
    assert!(site.exists("public/safety/allergies/index.html"));
    site.remove("content/safety/allergies.md");
    site.build(&[]).assert_code(0);
    assert!(!site.exists("public/safety/allergies/index.html"));
    assert!(!site
        .read("public/sitemap.xml")
        .contains("/safety/allergies/"));
    assert!(!site
        .read("public/safety/index.html")
        .contains("Allergic reactions"));
}

// Checks that a heading whose slug equals an earlier repeat's suffixed id ("Risks", "Risks", "Risks 1") still gets a unique id.
#[test]
fn repeated_headings_never_share_an_id() {
    let site = Site::new("site");
    site.write(
        "content/ids.md",
        &crate::harness::article(
            "Ids",
            "## Risks\n\nA.\n\n## Risks\n\nB.\n\n## Risks 1\n\nC.\n",
        ),
    );
    site.build(&[]).assert_code(0);
    let html = site.read("public/ids/index.html");
    let ids = attr_values(&html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

// Checks that a footnote's id does not clash with a heading id of the same name (`[^note]` and `## Note`).
#[test]
fn footnote_ids_do_not_clash_with_heading_ids() {
    let site = Site::new("site");
    site.write(
        "content/ids.md",
        &crate::harness::article("Ids", "## Note\n\nText.[^note]\n\n[^note]: The footnote.\n"),
    );
    site.build(&[]).assert_code(0);
    let ids = attr_values(&site.read("public/ids/index.html"), "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

// Checks that two pages with the same URL (a `slug` equal to another page's file name) are reported instead of one silently replacing the other.
#[test]
fn two_pages_with_the_same_url_are_an_error() {
    let site = Site::new("site");
    site.write(
        "content/basics/dup.md",
        &crate::harness::article("Duplicate", "Same URL.\n").replace(
            "author: Test team\n",
            "author: Test team\nslug: how-it-works\n",
        ),
    );
    let out = site.build(&[]);
    assert_ne!(out.code, 0, "a URL collision was not reported\n{out}");
    out.assert_stderr_contains("basics/dup.md")
        .assert_stderr_contains("basics/how-it-works.md");
}

// Checks that a build with unchanged inputs keeps the output and replays the findings, and
// that any change (an edited article, a damaged output) builds again.
#[test]
fn unchanged_inputs_keep_the_output() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let before = site.tree("public");
    let again = site.build(&[]);
    again
        .assert_code(0)
        .assert_stderr_contains("nothing changed since the last build");
    assert_eq!(
        site.tree("public"),
        before,
        "a replayed build leaves the output as it was"
    );

    site.remove("public/about/index.html");
    site.build(&[])
        .assert_code(0)
        .assert_stderr_contains("built ");
    assert_eq!(
        site.tree("public"),
        before,
        "a damaged output is built again"
    );

    site.replace(
        "content/safety/side-effects.md",
        "Redness is common.",
        "Redness is common and brief.",
    );
    site.build(&[])
        .assert_code(0)
        .assert_stderr_contains("built ");
    assert!(site
        .read("public/safety/side-effects/index.html")
        .contains("Redness is common and brief."));
}

// Checks that a failed build records nothing: once the input is restored, the last good build
// is replayed.
#[test]
fn a_failed_build_records_nothing() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let good = site.read("content/about.md");
    site.write(
        "content/about.md",
        &good.replacen("---\n", "---\nbroken: [\n", 1),
    );
    site.build(&[]).assert_code(2);
    site.write("content/about.md", &good);
    site.build(&[])
        .assert_code(0)
        .assert_stderr_contains("nothing changed since the last build");
}
