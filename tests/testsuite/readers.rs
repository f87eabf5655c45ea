//! What readers see that vouches for a page (issue 13): the byline as the front matter says it,
//! illustrative reviewers marked as such, "When to get medical help" reachable from the top,
//! a "Report a problem" link, related pages, the feed in `<head>`, accessible reference
//! back-links, and a search page that works without JavaScript.

use crate::harness::Site;

/// A page of the build with Tera's `&#x2F;` turned back into `/`.
fn html(site: &Site, rel: &str) -> String {
    site.read(rel).replace("&#x2F;", "/")
}

fn built_with(extra_config: &str) -> Site {
    let site = Site::new("site");
    if !extra_config.is_empty() {
        let config = site.read("site.yaml");
        site.write("site.yaml", &format!("{config}{extra_config}"));
    }
    site.build(&[]).assert_code(0);
    site
}

// Checks that the "how we check" note names the page's own author and reviewer, and never
// claims a named author the front matter does not give.
#[test]
fn byline_says_what_the_front_matter_says() {
    let site = built_with("");
    let page = html(&site, "public/basics/what-is-it/index.html");
    assert!(!page.contains("named author"), "{page}");
    assert!(
        page.contains(
            "This page was written by Test team and reviewed by Dr Test Reviewer (MBBS)."
        ),
        "{page}"
    );
    let home = html(&site, "public/index.html");
    assert!(!home.contains("Written by named authors"));
}

// Checks that `illustrative_reviewers: true` puts the caveat next to every reviewer name and
// leaves the reviewer out of the JSON-LD.
#[test]
fn illustrative_reviewers_are_marked_on_every_page() {
    let plain = built_with("");
    let page = html(&plain, "public/basics/what-is-it/index.html");
    assert!(!page.contains("illustrative"));
    assert!(page.contains("\"reviewedBy\""));
    let site = built_with("illustrative_reviewers: true\n");
    for article in ["basics/what-is-it", "safety/side-effects", "news/march"] {
        let page = html(&site, &format!("public/{article}/index.html"));
        if !page.contains("Medically reviewed by") {
            continue;
        }
        let at = page.find("Medically reviewed by").unwrap();
        let dd = &page[at..at + page[at..].find("</dd>").unwrap()];
        assert!(dd.contains("illustrative name"), "{article}: {dd}");
        assert!(!page.contains("\"reviewedBy\""), "{article}");
        assert!(
            page.contains("no real clinician has reviewed it"),
            "{article}"
        );
    }
}

// Checks that "When to get medical help" has an id, a jump link near the title (before the
// contents list) and an entry in every "On this page" list.
#[test]
fn get_help_is_reachable_from_the_top() {
    let site = built_with("");
    let page = html(&site, "public/basics/what-is-it/index.html");
    assert!(
        page.contains("<section class=\"care-card\" id=\"get-help\""),
        "{page}"
    );
    let jump = page
        .find("class=\"jump-help\"><a href=\"#get-help\"")
        .expect("jump link");
    let h1 = page.find("<h1").unwrap();
    let prose = page.find("class=\"prose\"").unwrap();
    assert!(h1 < jump && jump < prose);
    let tocs = page
        .matches("<li class=\"toc-extra\"><a href=\"#get-help\">When to get medical help</a></li>")
        .count();
    let navs = page.matches("aria-label=\"On this page\"").count();
    assert_eq!(tocs, navs, "one entry per contents list");
}

// Checks the "Report a problem with this page" link: a mailto: with the page address, or a
// form URL with {url} and {title} filled in.
#[test]
fn report_a_problem_links_carry_the_page() {
    let none = built_with("");
    assert!(!none
        .read("public/basics/what-is-it/index.html")
        .contains("Report a problem"));
    let mail = built_with("report_problem: fixes@example.org\n");
    let page = html(&mail, "public/basics/what-is-it/index.html");
    assert!(page.contains("href=\"mailto:fixes@example.org?subject=Problem%20with%20the%20page%20%22What%20is%20micro-needling%3F%22&amp;body=Page%3A%20https%3A%2F%2Fexample.org%2Fbasics%2Fwhat-is-it%2F"), "{page}");
    let form =
        built_with("report_problem: \"https://forms.example.org/report?page={url}&t={title}\"\n");
    let page = html(&form, "public/safety/side-effects/index.html");
    assert!(page.contains("href=\"https://forms.example.org/report?page=https%3A%2F%2Fexample.org%2Fsafety%2Fside-effects%2F&amp;t="), "{page}");
    assert!(page.contains(">Report a problem with this page</a>"));
}

// Checks that related pages come from links and shared terms, without the page itself.
#[test]
fn related_pages_come_from_links_and_terms() {
    let site = built_with("");
    let page = html(&site, "public/basics/what-is-it/index.html");
    let at = page.find("<nav class=\"related\"").expect("related pages");
    let related = &page[at..at + page[at..].find("</nav>").unwrap()];
    // what-is-it links to side-effects and how-it-works.
    assert!(
        related.contains("href=\"/safety/side-effects/\""),
        "{related}"
    );
    assert!(
        related.contains("href=\"/basics/how-it-works/\""),
        "{related}"
    );
    assert!(!related.contains("href=\"/basics/what-is-it/\""));
    assert!(related.matches("<li>").count() <= 4);
}

// Checks that every page links the Atom feed from <head>, and that reference back-links have
// no accessible name that hides their visible text (WCAG 2.5.3).
#[test]
fn feed_in_head_and_back_links_named_by_their_text() {
    let site = built_with("");
    for page in [
        "index.html",
        "basics/index.html",
        "basics/what-is-it/index.html",
        "search/index.html",
        "404.html",
    ] {
        let html = html(&site, &format!("public/{page}"));
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains("<link rel=\"alternate\" type=\"application/atom+xml\""),
            "{page}"
        );
        assert!(head.contains("href=\"/atom.xml\""), "{page}");
    }
    let page = html(&site, "public/basics/what-is-it/index.html");
    assert!(page.contains("class=\"backref\""));
    assert!(!page.contains("aria-label=\"Back to where"), "{page}");
    assert!(page.contains(
        "Back to text<span class=\"visually-hidden\"> where reference 1 is cited</span>"
    ));
}

// Checks that the header search box is a plain form to the search page, which lists every
// article by section for readers without JavaScript.
#[test]
fn search_works_without_javascript() {
    let site = built_with("");
    let home = html(&site, "public/index.html");
    let form = &home[home.find("<form class=\"search\"").unwrap()..];
    let form = &form[..form.find('>').unwrap()];
    assert!(form.contains("action=\"/search/\""), "{form}");
    assert!(!form.contains("hidden"), "{form}");
    let search = html(&site, "public/search/index.html");
    assert!(search.contains(
        "<input class=\"search-page-input\" id=\"search-page-input\" type=\"search\" name=\"q\""
    ));
    for url in [
        "/basics/what-is-it/",
        "/safety/side-effects/",
        "/news/march/",
        "/about/",
    ] {
        assert!(
            search.contains(&format!("<a href=\"{url}\">")),
            "{url} missing"
        );
    }
    let basics = search.find(">Basics</a></h3>").expect("Basics section");
    let news = search.find(">News</a></h3>").expect("News section");
    let what = search.find("href=\"/basics/what-is-it/\"").unwrap();
    assert!(basics < what && what < news, "articles under their section");
}

// Checks that a `search_synonyms` entry naming a term group the registry lacks stops the build
// with site.yaml and the line.
#[test]
fn unknown_synonym_group_is_an_error() {
    let site = Site::new("site");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}search_synonyms: [no_such_group]\n"),
    );
    let out = site.build(&[]);
    out.assert_code(2);
    assert!(out.stderr.contains("no_such_group"), "{}", out.stderr);
    assert!(out.stderr.contains("site.yaml"), "{}", out.stderr);
}

// Checks the bibliography lint: a source with no DOI, PubMed id or URL is a warning at its
// line, a placeholder title an error at the title's line, and `identifier: none` with a note
// turns the warning off (without a note it is reported on the `identifier` line). A lint of
// one file leaves the bibliography alone.
#[test]
fn sources_without_identifiers_or_with_placeholder_titles_are_reported() {
    let site = Site::new("site");
    let sources = site.read("lints/sources.yaml");
    let extra = "- id: nolink\n  title: A paper nobody can find\n  year: 2001\n- id: placeholder\n  title: \"[Title not captured: some article]\"\n  pmid: \"1\"\n- id: explained\n  title: A conference paper\n  identifier: none\n  note: Never put online.\n- id: unexplained\n  title: Another paper\n  identifier: none\n";
    site.write("lints/sources.yaml", &format!("{sources}{extra}"));
    let base = sources.lines().count();
    let (out, report) = site.lint_json(&[]);
    let found: Vec<(&str, &str, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("sources.yaml"))
        .map(|d| (d.rule.as_str(), d.severity.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("source-without-identifier", "warning", base + 1),
            ("placeholder-source-title", "error", base + 5),
            ("source-without-identifier", "warning", base + 13),
        ],
        "{out}"
    );
    out.assert_code(1);
    let (_, one) = site.lint_json(&["content/basics/what-is-it.md"]);
    assert!(one
        .diagnostics
        .iter()
        .all(|d| !d.file.ends_with("sources.yaml")));
    // The build stops on the error, as for any lint error.
    site.build(&[]).assert_code(1);
}

/// The levels of the `<h1>`..`<h6>` elements of an HTML page, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| bytes[i] == b'<' && bytes[i + 1].eq_ignore_ascii_case(&b'h'))
        .filter(|&i| (b'1'..=b'6').contains(&bytes[i + 2]))
        .filter(|&i| matches!(bytes[i + 3], b'>' | b' '))
        .map(|i| bytes[i + 2] - b'0')
        .collect()
}

// Checks that no page of the shipped site skips a heading level (an `<h1>` followed by an
// `<h3>`): screen-reader users move through a page by its headings. Every template is used:
// articles, sections, the home page, taxonomy lists and terms, the ledger, search and 404.
#[test]
fn no_page_skips_a_heading_level() {
    let site = crate::ledger::shipped();
    site.build(&[]).assert_code(0);
    let tree = site.tree("public");
    let pages: Vec<&String> = tree.keys().filter(|p| p.ends_with(".html")).collect();
    for kind in [
        "tags/",
        "concerns/",
        "evidence/claims/",
        "evidence/sources/",
        "search/",
        "404.html",
    ] {
        assert!(
            pages.iter().any(|p| p.starts_with(kind)),
            "no {kind} page was built"
        );
    }
    let mut skipped = Vec::new();
    for page in pages {
        let html = String::from_utf8_lossy(&tree[page]);
        let mut previous = 0;
        for level in heading_levels(&html) {
            if level > previous + 1 {
                skipped.push(format!("{page}: h{previous} to h{level}"));
                break;
            }
            previous = level;
        }
    }
    assert!(skipped.is_empty(), "{}", skipped.join("\n"));
}
