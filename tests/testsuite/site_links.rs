//! Links and images to paths of the site that are not Markdown files (static files, listing
//! pages) and their URLs under a base path: `build` and `lint` agree.

use crate::harness::{article, Site};

/// A one-article site (the small registry) whose article has `body`.
fn site_with(body: &str) -> Site {
    let site = Site::new("registry-small");
    site.write("content/ok.md", &article("A fine page", body));
    site
}

/// The `broken-link` messages `vetted lint` reports for content/ok.md.
fn broken_links(site: &Site) -> Vec<String> {
    let (_, report) = site.lint_json(&[]);
    report
        .in_file("content/ok.md")
        .into_iter()
        .filter(|d| d.rule == "broken-link")
        .map(|d| d.message.clone())
        .collect()
}

// Checks that an image, a page URL and a file that the site does not publish are broken links:
// the build stops naming each, and `vetted lint` reports the same three.
#[test]
fn links_to_files_the_site_does_not_publish_are_broken() {
    let site = site_with(
        "A picture: ![pic](missing.png)\n\nA page: [x](/nothing/here/)\n\nA leaflet: [pdf](leaflet.pdf)\n",
    );
    let out = site.build(&[]);
    out.assert_code(1)
        .assert_stderr_contains(
            "error[broken-link]: link to a file or page the site does not publish: `missing.png`",
        )
        .assert_stderr_contains("`/nothing/here/`")
        .assert_stderr_contains("`leaflet.pdf`")
        .assert_stderr_contains("content/ok.md:9:");
    assert!(!site.exists("public/ok/index.html"));
    let found = broken_links(&site);
    assert_eq!(found.len(), 3, "{found:?}");
}

// Checks that links to what the site does publish pass: static files of the site and of the
// theme, generated files, pages by URL, and listing pages; and that root-relative URLs get
// the base path of `--base-url`, like links to pages.
#[test]
fn links_to_published_paths_pass_and_get_the_base_path() {
    let site = site_with(
        "![logo](/img/logo.png \"Logo\") [styles](/style.css) [feed](/atom.xml) \
         [home](/) [this page](/ok/) [claim](/evidence/claims/home-equals-clinic/) \
         [call us](tel:+441234) [leaflet](/files/leaflet%20v2.pdf#page=2)\n",
    );
    site.write("static/img/logo.png", "PNG");
    site.write("static/files/leaflet v2.pdf", "PDF");
    site.build(&["--base-url", "https://example.org/guide"])
        .assert_code(0);
    let page = site.read("public/ok/index.html");
    assert!(
        page.contains("<img src=\"/guide/img/logo.png\" alt=\"logo\" title=\"Logo\" />"),
        "{page}"
    );
    assert!(page.contains("href=\"/guide/style.css\""), "{page}");
    assert!(
        page.contains("href=\"/guide/files/leaflet%20v2.pdf#page=2\""),
        "{page}"
    );
    assert!(page.contains("href=\"tel:+441234\""), "{page}");
    assert!(broken_links(&site).is_empty());
    // Without a base path the URLs stay root-relative.
    site.build(&["--force"]).assert_code(0);
    assert!(site
        .read("public/ok/index.html")
        .contains("<img src=\"/img/logo.png\""));
}
