//! Raw HTML and link URLs written in articles: the `html` setting of site.yaml (`safe` by
//! default, `escape`, `trusted`), `unsafe-html` findings, and `get_help` under the same rules.

use crate::harness::{article, Site, ARTICLE_HEADER_LINES};

const PAGE: &str = "content/basics/raw.md";
const URL: &str = "public/basics/raw/index.html";

/// The `site` fixture with `content/basics/raw.md` holding `body`.
fn site_with(body: &str) -> Site {
    let site = Site::new("site");
    site.write(PAGE, &article("Raw HTML", body));
    site
}

/// `(line, message)` of every `unsafe-html` finding for the page, from `vetted lint`.
fn unsafe_findings(site: &Site) -> Vec<(usize, String)> {
    let (_, report) = site.lint_json(&[]);
    report
        .in_file("basics/raw.md")
        .iter()
        .filter(|d| d.rule == "unsafe-html")
        .map(|d| (d.line - ARTICLE_HEADER_LINES, d.message.clone()))
        .collect()
}

// Checks that each way of running code from an article is an error naming the body line and what was removed, and that the build writes nothing.
#[test]
fn code_in_raw_html_and_links_is_reported_where_it_was_written() {
    let body = "\
Intro <b onclick=\"steal()\">bold</b> text.
<script>alert(1)</script>

<iframe src=\"https://video.example/embed\"></iframe>

<p style=\"background: url(https://t.example/pixel)\">styled</p>

<div srcdoc=\"<b>x</b>\"><object data=\"x.swf\"></object><embed src=\"x.swf\"><style>p{}</style></div>

<form action=\"https://t.example\"><input name=q></form>

[a](JaVaScRiPt:alert(1)) and <javascript:alert(2)> and [b][ref] and [c](<java\tscript:alert(3)>)

![pixel](data:image/png;base64,AAAA) and [d](vbscript:msgbox(1))

<a href=\"&#106;avascript:alert(4)\">e</a> <img src=\"x\" onerror=\"alert(5)\">

[ref]: &#106;avascript:alert(6)
";
    let site = site_with(body);
    let found = unsafe_findings(&site);
    let expected: Vec<(usize, &str)> = vec![
        (1, "`onclick` event handler removed from `<b>`"),
        (2, "`<script>` element removed with its content"),
        (4, "`<iframe>` element removed with its content"),
        (6, "`style` attribute with `url(` removed from `<p>`"),
        (8, "`srcdoc` attribute removed from `<div>`"),
        (8, "`<object>` element removed with its content"),
        (8, "`<embed>` element removed with its content"),
        (8, "`<style>` element removed with its content"),
        (10, "`<form>` tag removed (its text is kept)"),
        (10, "`<input>` tag removed (its text is kept)"),
        (12, "link to a `javascript:` URL removed (its text is kept)"),
        (12, "link to a `javascript:` URL removed (its text is kept)"),
        (12, "link to a `javascript:` URL removed (its text is kept)"),
        (12, "link to a `javascript:` URL removed (its text is kept)"),
        (
            14,
            "image from a `data:` URL removed (its description is kept)",
        ),
        (14, "link to a `vbscript:` URL removed (its text is kept)"),
        (16, "`javascript:` URL removed from the `href` of `<a>`"),
        (16, "`onerror` event handler removed from `<img>`"),
    ];
    let found: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(found, expected);
    let out = site.build(&[]);
    out.assert_code(1)
        .assert_stderr_contains("error[unsafe-html]: `<script>` element removed with its content")
        .assert_stderr_contains(&format!("{PAGE}:{}:1", ARTICLE_HEADER_LINES + 2));
    assert!(
        !site.exists("public"),
        "a build with unsafe HTML wrote output"
    );
}

// Checks that allowed markup reaches the page as written, HTML comments (suppressions included) never do, and nothing is reported.
#[test]
fn allowed_html_is_kept_and_comments_never_reach_the_page() {
    let body = "\
<div class=\"callout\">

Keep the skin **clean** for <abbr title=\"twenty-four\">24</abbr> hours.

</div>

<!-- editor's note: check the figure with the reviewer -->
<details><summary>More</summary>Ask your <em>clinician</em>.</details>

Plain text with an inline <!-- hidden remark --> comment and <a href=\"https://nhs.example/\">a link</a>.
";
    let site = site_with(body);
    assert_eq!(unsafe_findings(&site), []);
    site.build(&[]).assert_code(0);
    let page = site.read(URL);
    for kept in [
        "<div class=\"callout\">",
        "<strong>clean</strong>",
        "<abbr title=\"twenty-four\">24</abbr>",
        "<details><summary>More</summary>Ask your <em>clinician</em>.</details>",
        "<a href=\"https://nhs.example/\"",
    ] {
        assert!(page.contains(kept), "{kept} missing from the page");
    }
    for gone in ["editor's note", "hidden remark", "<!-- editor"] {
        assert!(!page.contains(gone), "{gone} reached the page");
    }
}

// Checks that a suppression directive keeps working while it never reaches the built page.
#[test]
fn suppression_comments_work_and_stay_out_of_the_page() {
    let site = Site::new("site").with_registry();
    site.write(
        PAGE,
        &article(
            "Raw HTML",
            "<!-- vetted-disable-next-line absolute-safety -- quoting the advert we criticise -->\nMicro-needling is completely safe.\n",
        ),
    );
    let (_, report) = site.lint_json(&[]);
    assert_eq!(
        report.rules_in("basics/raw.md"),
        Vec::<String>::new(),
        "{}",
        report.describe()
    );
    // The build fixture's own registry (its sources) for the build.
    let site =
        site_with("<!-- vetted-disable-next-line all -- a directive in a block -->\nText.\n");
    site.build(&[]).assert_code(0);
    assert!(!site.read(URL).contains("vetted-disable"));
}

// Checks that `html: escape` shows every raw tag as text, so nothing is removed and nothing is reported, while refused links still are.
#[test]
fn escape_mode_shows_raw_html_as_text() {
    let site = site_with("Text <b onclick=\"x()\">bold</b>.\n\n<script>alert(1)</script>\n");
    site.append("site.yaml", "html: escape\n");
    assert_eq!(unsafe_findings(&site), []);
    site.build(&[]).assert_code(0);
    let page = site.read(URL);
    assert!(
        page.contains("&lt;b onclick=\"x()\"&gt;bold&lt;/b&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert"));
    site.append(PAGE, "\n[x](javascript:alert(1))\n");
    assert_eq!(
        unsafe_findings(&site),
        [(
            5,
            "link to a `javascript:` URL removed (its text is kept)".to_owned()
        )]
    );
}

// Checks that `html: trusted` passes raw HTML through as written, while links to refused schemes stay refused.
#[test]
fn trusted_mode_passes_raw_html_through() {
    let site = site_with("<iframe src=\"https://video.example/embed/1\"></iframe>\n");
    site.append("site.yaml", "html: trusted\n");
    assert_eq!(unsafe_findings(&site), []);
    site.build(&[]).assert_code(0);
    assert!(site
        .read(URL)
        .contains("<iframe src=\"https://video.example/embed/1\"></iframe>"));
    site.append(PAGE, "\n![x](data:image/svg+xml,AAAA)\n");
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("image from a `data:` URL removed");
}

// Checks that `get_help` is Markdown under the same rules: formatting renders, raw code is reported on the key's line.
#[test]
fn get_help_is_markdown_under_the_same_rules() {
    let site = Site::new("site");
    let text = article("Raw HTML", "Body.\n").replacen(
        "author: Test team\n",
        "author: Test team\nget_help: 'Call **999** now. See [the NHS](https://nhs.example/).'\n",
        1,
    );
    site.write(PAGE, &text);
    site.build(&[]).assert_code(0);
    let page = site.read(URL);
    assert!(page.contains("Call <strong>999</strong> now."), "{page}");
    site.replace(PAGE, "now.", "now.<img src=x onerror=alert(1)>");
    let out = site.build(&[]);
    out.assert_code(1)
        .assert_stderr_contains(
            "error[unsafe-html]: in `get_help`: `onerror` event handler removed from `<img>`",
        )
        .assert_stderr_contains(&format!("{PAGE}:8:1"));
}

// Checks that an unknown `html` value in site.yaml is a configuration error naming the line and the choices.
#[test]
fn unknown_html_setting_is_an_error() {
    let site = Site::new("site");
    site.append("site.yaml", "html: raw\n");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("site.yaml:")
        .assert_stderr_contains("invalid `html`: `raw`")
        .assert_stderr_contains("use safe, escape or trusted");
}

// Checks that `vetted explain unsafe-html` documents the rule with an example.
#[test]
fn explain_documents_unsafe_html() {
    let site = Site::new("site");
    site.vetted(&["explain", "unsafe-html"])
        .assert_code(0)
        .assert_stdout_contains("# unsafe-html (links, error by default)")
        .assert_stdout_contains("javascript:");
}
