//! Links and images to paths of the site that are not Markdown files (static files, listing
//! pages), their URLs under a base path, and links to drafts: `build` and `lint` agree.

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

/// The `(rule, line, message)` of each finding of content/ok.md in `vetted build`'s output.
fn build_findings(site: &Site, extra: &[&str]) -> Vec<(String, usize, String)> {
    let mut args = vec!["build", "--max-findings", "0"];
    args.extend(extra);
    let out = site.vetted(&args);
    let mut found = Vec::new();
    let mut lines = out.stderr.lines();
    while let Some(line) = lines.next() {
        let Some((rule, message)) = line
            .strip_prefix("error[")
            .and_then(|rest| rest.split_once("]: "))
        else {
            continue;
        };
        let place = lines.next().unwrap_or_default();
        if let Some(at) = place.split("┌─ content/ok.md:").nth(1) {
            let line = at.split(':').next().unwrap().parse().unwrap();
            found.push((rule.to_owned(), line, message.to_owned()));
        }
    }
    found
}

// Checks that a published page linking to a draft gets the same finding from `vetted lint`
// as from `vetted build` (which leaves the draft out), that `--drafts` publishes both, and
// that a draft may link to another draft.
#[test]
fn links_to_drafts_are_reported_alike_by_build_and_lint() {
    let site = site_with("Read [the next part](draft.md) soon.\n");
    site.write(
        "content/draft.md",
        &article("Draft", "Not ready. See [the other draft](other.md).\n")
            .replace("title: Draft", "title: Draft\ndraft: true"),
    );
    site.write(
        "content/other.md",
        &article("Other", "Also not ready.\n").replace("title: Other", "title: Other\ndraft: true"),
    );
    let built = build_findings(&site, &[]);
    assert_eq!(
        built,
        [(
            "broken-link".to_owned(),
            9,
            "link to a draft, which is not published: `draft.md`".to_owned()
        )]
    );
    assert!(!site.exists("public/ok/index.html"));
    let (out, report) = site.lint_json(&[]);
    out.assert_code(1);
    let linted: Vec<(String, usize, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.category == "links")
        .map(|d| {
            assert_eq!(d.file, "content/ok.md", "{}", report.describe());
            (d.rule.clone(), d.line, d.message.clone())
        })
        .collect();
    assert_eq!(linted, built);
    site.build(&["--drafts"]).assert_code(0);
    assert!(site
        .read("public/ok/index.html")
        .contains("href=\"/draft/\""));
}
