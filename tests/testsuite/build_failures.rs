//! Builds that fail: broken links, bad input and lint errors stop the build, name the place,
//! and leave the previous output exactly as it was.

use crate::harness::{article, Site};

/// Builds the `site` fixture successfully, applies `breaker`, builds again and asserts that
/// the build failed with `code` and that `public/` is byte-identical to before.
fn assert_failed_build_keeps_output(
    code: i32,
    breaker: impl FnOnce(&Site),
) -> crate::harness::Output {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let before = site.tree("public");
    assert!(before.len() > 20);
    breaker(&site);
    let out = site.build(&[]);
    out.assert_code(code);
    let after = site.tree("public");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the file list of public/ changed\n{out}"
    );
    for (path, bytes) in &before {
        assert!(
            after[path] == *bytes,
            "public/{path} changed after a failed build"
        );
    }
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Kept on purpose: the cache (the back buffer, manifests and the record of the last
        // successful build).
        .filter(|n| n.starts_with(".vetted") && n != ".vetted-cache")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
    out
}

// Checks that a link to a missing page fails the build (exit 1), names file:line and writes nothing.
#[test]
fn link_to_missing_page_fails_and_writes_nothing() {
    let site = Site::new("site");
    site.append(
        "content/about.md",
        "\nSee [the risks](../safety/risks.md).\n",
    );
    let out = site.build(&[]);
    out.assert_code(1)
        .assert_stderr_contains("error[broken-link]")
        .assert_stderr_contains("content/about.md:14:5")
        .assert_stderr_contains("safety/risks.md")
        // The quoted line comes from the file even when its text was let go after its check.
        .assert_stderr_contains("14 │ See [the risks](../safety/risks.md).");
    assert!(!site.exists("public"), "a failed build wrote output");
}

// Checks that a link to a missing #heading of an existing page fails the build and suggests the closest heading.
#[test]
fn link_to_missing_heading_fails_and_writes_nothing() {
    let site = Site::new("site");
    site.append(
        "content/about.md",
        "\nSee [infection](safety/side-effects.md#infections).\n",
    );
    let out = site.build(&[]);
    out.assert_code(1)
        .assert_stderr_contains("error[broken-link]")
        .assert_stderr_contains("content/about.md:14:5")
        .assert_stderr_contains("`#infections`")
        .assert_stderr_contains("did you mean `#infection`?");
    assert!(!site.exists("public"));
}

// Checks that a link to a missing heading on the same page fails the build.
#[test]
fn link_to_missing_heading_on_same_page_fails() {
    let site = Site::new("site");
    site.append("content/about.md", "\nSee [below](#nowhere).\n");
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("content/about.md:14:5")
        .assert_stderr_contains("#nowhere");
    assert!(!site.exists("public"));
}

// Checks that a failed build caused by a broken link leaves the previous output byte-identical.
#[test]
fn broken_link_leaves_previous_output_unchanged() {
    let out = assert_failed_build_keeps_output(1, |site| {
        site.append("content/basics/how-it-works.md", "\n[gone](gone.md)\n");
    });
    out.assert_stderr_contains("previous output is unchanged");
}

// Checks that a failed build caused by invalid front matter leaves the previous output byte-identical.
#[test]
fn invalid_front_matter_leaves_previous_output_unchanged() {
    assert_failed_build_keeps_output(2, |site| {
        site.replace("content/about.md", "date: 2026-02-01", "date: 2026-02-31");
    })
    .assert_stderr_contains("content/about.md:4");
}

// Checks that an empty article, an empty section index and a file of only whitespace and a byte-order mark each stop the build with a clear error at line 1 of that file, keeping the previous output.
#[test]
fn empty_files_are_named_and_keep_the_previous_output() {
    for (file, bytes, help) in [
        ("content/basics/empty.md", &b""[..], "an article needs"),
        ("content/news/_index.md", b"", "a section's _index.md needs"),
        ("content/blank.md", b"\xef\xbb\xbf \n\n", "an article needs"),
    ] {
        assert_failed_build_keeps_output(2, |site| {
            site.write_bytes(file, bytes);
        })
        .assert_stderr_contains(&format!("{file}:1: empty file: no front matter"))
        .assert_stderr_contains(help);
    }
}

// Checks that a failed build caused by a template error leaves the previous output byte-identical.
#[test]
fn template_error_leaves_previous_output_unchanged() {
    assert_failed_build_keeps_output(2, |site| {
        site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.title {% endblock content %}\n");
    })
    .assert_stderr_contains("templates/page.html");
}

// Checks that a failed build caused by a template that uses a missing variable leaves the previous output byte-identical.
#[test]
fn template_render_error_leaves_previous_output_unchanged() {
    assert_failed_build_keeps_output(2, |site| {
        site.write(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_field }}\n{% endblock content %}\n",
        );
    })
    .assert_stderr_contains("templates/page.html:3");
}

// Checks that a failed build caused by a lint error (default deny) leaves the previous output byte-identical.
#[test]
fn lint_error_leaves_previous_output_unchanged() {
    assert_failed_build_keeps_output(1, |site| {
        site.append(
            "content/about.md",
            "\nEight in ten patients reported smoother skin.\n",
        );
    })
    .assert_stderr_contains("uncited-statistic");
}

// Checks that a failed build caused by a removed page that others link to leaves the previous output byte-identical.
#[test]
fn removed_link_target_leaves_previous_output_unchanged() {
    assert_failed_build_keeps_output(1, |site| {
        site.remove("content/safety/side-effects.md");
    })
    .assert_stderr_contains("content/basics/what-is-it.md");
}

/// The `site` fixture with one article holding an uncited statistic (a lint error).
fn site_with_lint_error() -> Site {
    let site = Site::new("site");
    site.write(
        "content/stats.md",
        &article("Stats", "Eight in ten patients reported smoother skin.\n"),
    );
    site
}

// Checks that by default (lint: deny) a lint error stops the build with exit 1 and writes nothing.
#[test]
fn lint_deny_is_the_default_and_writes_nothing() {
    let site = site_with_lint_error();
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("error[uncited-statistic]")
        .assert_stderr_contains("content/stats.md:9:1");
    assert!(!site.exists("public"));
    site.build(&["--lint", "deny"]).assert_code(1);
    assert!(!site.exists("public"));
}

// Checks that `--lint warn` prints lint errors but writes the site and exits 0.
#[test]
fn lint_warn_writes_the_site_despite_lint_errors() {
    let site = site_with_lint_error();
    site.build(&["--lint", "warn"])
        .assert_code(0)
        .assert_stderr_contains("error[uncited-statistic]");
    assert!(site
        .read("public/stats/index.html")
        .contains("Eight in ten"));
}

// Checks that `lint: warn` in site.yaml has the same effect as --lint warn, and the flag overrides it.
#[test]
fn lint_mode_from_site_yaml_and_flag_override() {
    let site = site_with_lint_error();
    site.append("site.yaml", "lint: warn\n");
    site.build(&[]).assert_code(0);
    assert!(site.exists("public/stats/index.html"));
    site.remove("public");
    site.build(&["--lint", "deny"]).assert_code(1);
    assert!(!site.exists("public"));
}

// Checks that `--lint off` skips the claim lint (no findings printed) and writes the site.
#[test]
fn lint_off_skips_the_lint() {
    let site = site_with_lint_error();
    let out = site.build(&["--lint", "off"]);
    out.assert_code(0);
    assert!(!out.stderr.contains("uncited-statistic"), "{out}");
    assert!(site.exists("public/stats/index.html"));
}

// Checks that broken links still fail the build with --lint warn and --lint off.
#[test]
fn broken_links_fail_the_build_in_every_lint_mode() {
    for mode in ["warn", "off"] {
        let site = Site::new("site");
        site.append("content/about.md", "\n[gone](gone.md)\n");
        site.build(&["--lint", mode])
            .assert_code(1)
            .assert_stderr_contains("broken-link");
        assert!(
            !site.exists("public"),
            "--lint {mode} wrote output despite a broken link"
        );
    }
}

// Checks the one rule for symbolic links in content/ and static/: a link whose target is
// inside the site folder is followed (a static one used to be skipped without a word), and
// one leading out of the site is an error naming it (a content one used to be published).
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_within_the_site_only() {
    let site = Site::new("site");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "from elsewhere\n").unwrap();
    std::fs::write(
        outside.path().join("page.md"),
        article("Elsewhere", "A page from elsewhere on the disk.\n"),
    )
    .unwrap();
    site.write("shared/inside.txt", "from the site\n");
    std::fs::create_dir_all(site.path("static")).unwrap();
    let link = |target: &std::path::Path, at: &str| {
        std::os::unix::fs::symlink(target, site.path(at)).unwrap();
    };
    link(&site.path("shared/inside.txt"), "static/inside.txt");
    site.build(&[]).assert_code(0);
    assert_eq!(site.read("public/inside.txt"), "from the site\n");

    link(&outside.path().join("page.md"), "content/elsewhere.md");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("content/elsewhere.md: symbolic link to ")
        .assert_stderr_contains("outside the site folder");
    site.remove("content/elsewhere.md");

    link(&outside.path().join("secret.txt"), "static/secret.txt");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("static/secret.txt: symbolic link to ");
    assert!(!site.exists("public/secret.txt"));
}
