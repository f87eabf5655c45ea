//! Paths from front matter stay inside their folder: `slug`, `aliases` and `template` cannot
//! leave it however they are spelled, errors name the article and line, and an alias cannot
//! silently replace a page or another alias.

use crate::harness::Site;

/// The `june.md` fixture article, whose front matter has `slug:` on line 8 and `aliases:` on 9.
const JUNE: &str = "content/news/june.md";

// Checks that an alias that would leave the output folder (`../../elsewhere/` and other
// spellings) is an error naming the article and line, and that nothing is written (it used to
// write outside the output folder, and a later build deleted what it wrote).
#[test]
fn aliases_cannot_leave_the_output_folder() {
    let site = Site::new("site");
    for (alias, why) in [
        ("\"../../elsewhere/\"", "`..`"),
        ("\"/news/../../../x/\"", "`..`"),
        ("'a\\..\\..\\x'", "a backslash"),
        ("\"%2e%2e/%2e%2e/x\"", "`%`"),
        ("\"a//b\"", "an empty part"),
        ("\"//evil.example/x\"", "an empty part"),
        ("\"https://evil.example/x\"", "`:`"),
        ("\"a\\0b\"", "a control character"),
        ("\"/\"", "the home page cannot be an alias"),
        ("\"./x\"", "a `.` part"),
    ] {
        site.replace(
            JUNE,
            "aliases: [/old/june/]",
            &format!("aliases: [{alias}]"),
        );
        site.build(&[])
            .assert_code(2)
            .assert_stderr_contains("content/news/june.md:9: invalid alias")
            .assert_stderr_contains(why);
        assert!(
            !site.exists("public"),
            "{alias}: a build with a bad alias wrote output"
        );
        assert!(!site.root().parent().unwrap().join("elsewhere").exists());
        site.replace(
            JUNE,
            &format!("aliases: [{alias}]"),
            "aliases: [/old/june/]",
        );
    }
    site.build(&[]).assert_code(0);
    assert!(site
        .read("public/old/june/index.html")
        .contains("/news/june-update/"));
}

// Checks that a slug with a folder, `..`, a backslash, percent-encoding, a NUL or a name too
// long for the file system is an error naming the article and line (not vetted's hidden
// folders), and the previous output stays as it was.
#[test]
fn unsafe_slugs_name_the_article() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let before = site.tree("public");
    let long = "x".repeat(300);
    for slug in [
        "a/b",
        "..",
        "'a\\b'",
        "\"%2e%2e\"",
        "\"a\\0b\"",
        "\"\"",
        long.as_str(),
    ] {
        site.replace(JUNE, "slug: june-update", &format!("slug: {slug}"));
        let out = site.build(&[]);
        out.assert_code(2)
            .assert_stderr_contains("content/news/june.md:8: invalid `slug`");
        assert!(!out.stderr.contains(".vetted"), "{out}");
        site.replace(JUNE, &format!("slug: {slug}"), "slug: june-update");
    }
    assert!(
        site.tree("public") == before,
        "a failed build changed the output"
    );
}

// Checks that `template:` cannot leave the templates folder, and that an unknown template is
// an error naming the article (file and line), for pages and sections.
#[test]
fn templates_stay_inside_and_unknown_ones_name_the_article() {
    let site = Site::new("site");
    for (name, message) in [
        ("../../../etc/passwd", "invalid `template`"),
        ("/etc/passwd", "invalid `template`"),
        ("'..\\\\page.html'", "invalid `template`"),
        ("nope.html", "unknown template `nope.html`"),
    ] {
        site.replace(
            JUNE,
            "slug: june-update",
            &format!("slug: june-update\ntemplate: {name}"),
        );
        site.build(&[])
            .assert_code(2)
            .assert_stderr_contains(&format!("content/news/june.md:9: {message}"));
        site.replace(
            JUNE,
            &format!("slug: june-update\ntemplate: {name}"),
            "slug: june-update",
        );
    }
    site.replace(
        "content/news/_index.md",
        "---\n",
        "---\ntemplate: listing.html\n",
    );
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("content/news/_index.md:2: unknown template `listing.html`")
        .assert_stderr_contains("help: use one of");
    assert!(!site.exists("public"));
}

// Checks that an alias equal to another page's URL is an error naming both files, and that
// the page is not replaced by a redirect.
#[test]
fn alias_colliding_with_a_page_names_both_files() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let page = site.read("public/basics/what-is-it/index.html");
    site.replace(
        JUNE,
        "aliases: [/old/june/]",
        "aliases: [/basics/what-is-it/]",
    );
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains(
            "error[duplicate-url]: alias /basics/what-is-it/ is the URL of basics/what-is-it.md",
        )
        .assert_stderr_contains("content/news/june.md:9")
        .assert_stderr_contains("content/basics/what-is-it.md");
    assert_eq!(site.read("public/basics/what-is-it/index.html"), page);
    // Also with --lint off: the collision is not a lint finding that can be switched off.
    site.build(&["--lint", "off"]).assert_code(1);
    assert_eq!(site.read("public/basics/what-is-it/index.html"), page);
}

// Checks that two articles with the same alias are an error naming both files.
#[test]
fn two_pages_with_the_same_alias_name_both_files() {
    let site = Site::new("site");
    site.replace(
        "content/news/march.md",
        "author: Test team\n",
        "author: Test team\naliases: [old/june]\n",
    );
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("alias /old/june/ is also an alias of news/june.md")
        .assert_stderr_contains("content/news/march.md")
        .assert_stderr_contains("content/news/june.md:9");
    assert!(!site.exists("public"));
}

// Checks that an alias on a URL the site generates itself (a taxonomy page) stops the build
// instead of silently replacing that page, naming the path.
#[test]
fn alias_on_a_generated_page_stops_the_build() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let tags = site.read("public/tags/index.html");
    site.replace(JUNE, "aliases: [/old/june/]", "aliases: [/tags/]");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("tags/index.html: two files of this build would be written here");
    assert_eq!(site.read("public/tags/index.html"), tags);
}

// Checks that a content file or folder whose name would put `?`, `#`, `%`, a backslash or a
// space into a page's URL is refused like such a `slug`: the build names the file and writes
// nothing, `vetted lint` reports it, and a `slug` gives the page a URL of its own.
#[test]
fn file_and_folder_names_that_would_break_urls_are_errors() {
    for (name, why) in [
        ("q?x", "`?` or `#`"),
        ("hash#x", "`?` or `#`"),
        ("pct%41", "`%`"),
        ("with space", "white space"),
        ("back\\slash", "a backslash"),
    ] {
        let site = Site::new("registry-small");
        let file = format!("content/{name}.md");
        site.write(&file, &crate::harness::article("Odd", "Text.\n"));
        let out = site.build(&[]);
        out.assert_code(2)
            .assert_stderr_contains(&format!(
                "{file}:1: the file name `{name}` would be part of this page's URL"
            ))
            .assert_stderr_contains(why)
            .assert_stderr_contains("set a `slug`");
        assert!(!site.exists("public"), "{name}: output was written");
        let (_, report) = site.lint_json(&[]);
        assert!(
            report
                .in_file(&file)
                .iter()
                .any(|d| d.message.contains("would be part of this page's URL")),
            "{name}: {}",
            report.describe()
        );
        site.replace(&file, "title: Odd", "title: Odd\nslug: odd");
        site.build(&[]).assert_code(0);
        assert!(site.exists("public/odd/index.html"));
    }
    let site = Site::new("registry-small");
    site.write(
        "content/two words/page.md",
        &crate::harness::article("Page", "Text.\n"),
    );
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("the folder name `two words` would be part of this page's URL")
        .assert_stderr_contains("rename the folder");
}
