//! Exit codes and messages for bad input: each error names the file and line, the exit code
//! is 2 for input and configuration errors and 1 for content problems, and nothing panics
//! (every run checks that; see `harness::run`).

use crate::harness::{manifest_dir, run, Site};

/// The `site` fixture with `content/bad.md` holding `text`; built, expecting exit `code`.
fn build_with_bad_file(text: &str, code: i32) -> crate::harness::Output {
    let site = Site::new("site");
    site.write("content/bad.md", text);
    let out = site.build(&[]);
    out.assert_code(code);
    assert!(!site.exists("public"), "a failed build wrote output");
    out
}

// Checks that invalid YAML in front matter exits 2 and names the file and line.
#[test]
fn invalid_yaml_in_front_matter() {
    build_with_bad_file("---\ntitle: T\ndescription: a: b\n---\nBody\n", 2)
        .assert_stderr_contains("content/bad.md:3")
        .assert_stderr_contains("mapping values are not allowed");
}

// Checks that an unclosed YAML list in front matter exits 2 and names the file.
#[test]
fn unclosed_yaml_list_in_front_matter() {
    build_with_bad_file("---\ntitle: T\ndescription: d\ntags: [a, b\n---\nBody\n", 2)
        .assert_stderr_contains("content/bad.md:");
}

// Checks that positions inside a YAML error message are file positions, like the file:line prefix.
#[test]
fn yaml_error_line_numbers_agree_with_the_file() {
    let text = "---\ntitle: [unclosed\ndescription: d\n---\nBody\n";
    let out = build_with_bad_file(text, 2);
    let prefix = regex::Regex::new(r"content/bad\.md:(\d+):(\d+)").unwrap();
    let caps = prefix
        .captures(&out.stderr)
        .unwrap_or_else(|| panic!("no file:line:column\n{out}"));
    assert_eq!(
        &caps[1], "3",
        "the parser fails on the line after the open bracket\n{out}"
    );
    // "while parsing a flow sequence at line L column C" must point at the `[` in the file.
    let inner = regex::Regex::new(r"at line (\d+) column (\d+)").unwrap();
    let c = inner
        .captures(&out.stderr)
        .unwrap_or_else(|| panic!("no inner position\n{out}"));
    let (line, column): (usize, usize) = (c[1].parse().unwrap(), c[2].parse().unwrap());
    let at = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.chars().nth(column - 1));
    assert_eq!(
        at,
        Some('['),
        "the inner position is a file position\n{out}"
    );
}

// Checks that an unknown front-matter key exits 2 at its line and suggests the closest valid key.
#[test]
fn unknown_front_matter_key_suggests_the_closest_key() {
    build_with_bad_file(
        "---\ntitle: T\ndescription: d\nreviwer: {name: X}\n---\nBody\n",
        2,
    )
    .assert_stderr_contains("content/bad.md:4")
    .assert_stderr_contains("unknown key `reviwer`")
    .assert_stderr_contains("did you mean `reviewer`?");
}

// Checks that an unknown key is reported at its own line when an earlier quoted value runs over a line that looks like it (searching the text for `titel:` found that line, inside the title).
#[test]
fn unknown_key_is_reported_where_the_parser_found_it() {
    build_with_bad_file(
        "---\ntitle: \"A title that\ntitel: goes on\"\ndescription: d\ntitel: T\n---\nBody\n",
        2,
    )
    .assert_stderr_contains("content/bad.md:5: unknown key `titel`");
}

// Checks that an error inside a nested value (a misspelled reviewer field) names the line of the misspelling, not of `reviewer:`.
#[test]
fn error_in_a_nested_value_names_its_own_line() {
    build_with_bad_file(
        "---\ntitle: T\ndescription: d\nreviewer:\n  name: Dr X\n  credentals: MBBS\n---\nBody\n",
        2,
    )
    .assert_stderr_contains("content/bad.md:6: invalid `reviewer`: unknown field `credentals`");
}

// Checks that a misspelled `title:` key is reported as an unknown key with "did you mean `title`?".
#[test]
fn misspelled_title_key_suggests_title() {
    build_with_bad_file("---\ndescription: d\ntitel: T\n---\nBody\n", 2)
        .assert_stderr_contains("content/bad.md:3")
        .assert_stderr_contains("titel")
        .assert_stderr_contains("did you mean `title`?");
}

// Checks that a missing required key exits 2 and names it.
#[test]
fn missing_required_key() {
    build_with_bad_file("---\ntitle: T\n---\nBody\n", 2)
        .assert_stderr_contains("content/bad.md:2")
        .assert_stderr_contains("missing required key `description`");
}

// Checks that an impossible date (2026-02-30) exits 2 at the line of its key.
#[test]
fn invalid_date_names_the_line_of_the_key() {
    build_with_bad_file(
        "---\ntitle: T\ndescription: d\nauthor: A\nreviewed: 2026-02-30\n---\nBody\n",
        2,
    )
    .assert_stderr_contains("content/bad.md:5")
    .assert_stderr_contains("invalid date `2026-02-30` for `reviewed`")
    .assert_stderr_contains("YYYY-MM-DD");
}

// Checks that a value of the wrong type exits 2 at the line of its key.
#[test]
fn wrong_type_names_the_line_of_the_key() {
    build_with_bad_file(
        "---\ntitle: T\ndescription: d\nweight: heavy\n---\nBody\n",
        2,
    )
    .assert_stderr_contains("content/bad.md:4")
    .assert_stderr_contains("invalid `weight`");
}

// Checks that a weight that is not a whole number in range (1e29, 1.5, 20 digits) exits 2 at its line, naming the allowed range.
#[test]
fn weight_out_of_range_names_the_range() {
    for (value, found) in [
        ("1e29", "invalid `weight`: `1e29` is not a whole number"),
        ("1.5", "invalid `weight`: `1.5` is not a whole number"),
        (
            "99999999999999999999",
            "the number `99999999999999999999` is out of range",
        ),
    ] {
        build_with_bad_file(
            &format!("---\ntitle: T\ndescription: d\nweight: {value}\n---\nBody\n"),
            2,
        )
        .assert_stderr_contains("content/bad.md:4")
        .assert_stderr_contains(found)
        .assert_stderr_contains("-9223372036854775808 to 9223372036854775807");
    }
}

// Checks that old Mac line endings (a lone CR) are line breaks: the page builds, and findings and errors give the right line and column.
#[test]
fn lone_carriage_returns_end_lines() {
    let site = Site::new("site");
    let text = "---\ntitle: Old Mac\ndescription: Saved with CR line endings.\n---\n## First\n\nSee [gone](missing.md).\n";
    site.write("content/mac.md", &text.replace('\n', "\r"));
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("content/mac.md:7:5")
        .assert_stderr_contains("7 │ See [gone](missing.md).");
    site.write(
        "content/mac.md",
        &text
            .replace("See [gone](missing.md).", "Fine.")
            .replace('\n', "\r"),
    );
    site.build(&[]).assert_code(0);
    let page = site.read("public/mac/index.html");
    assert!(page.contains("<h2 id=\"first\">First"), "{page}");
    site.write(
        "content/mac.md",
        &"---\ntitle: T\ndescription: d\nweight: x\n---\n".replace('\n', "\r"),
    );
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("content/mac.md:4");
}

// Checks that a file that is not UTF-8 exits 2 and names the line and column of the first bad byte.
#[test]
fn non_utf8_file_names_file_and_line() {
    let site = Site::new("site");
    site.write_bytes(
        "content/latin1.md",
        b"---\ntitle: T\ndescription: d\n---\nBody\ncaf\xe9 au lait\n",
    );
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("content/latin1.md:6:4")
        .assert_stderr_contains("not valid UTF-8");
    assert!(!site.exists("public"));
}

// Checks that an unknown citation key exits 1, names file:line:column and suggests the closest key.
#[test]
fn unknown_citation_key_suggests_the_closest_key() {
    let site = Site::new("site");
    site.append("content/about.md", "\nNeedling helps [@smith202].\n");
    site.build(&[])
        .assert_code(1)
        .assert_stderr_contains("error[unknown-citation]")
        .assert_stderr_contains("content/about.md:14:16")
        .assert_stderr_contains("unknown citation key `smith202`")
        .assert_stderr_contains("did you mean `@smith2020`?");
    assert!(!site.exists("public"));
}

// Checks that a template syntax error exits 2 and names the template file and line.
#[test]
fn template_syntax_error_names_the_template() {
    let site = Site::new("site");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("[ROOT]/templates/page.html:")
        .assert_stderr_contains("template error");
    assert!(!site.exists("public"));
}

// Checks that a template syntax error in the theme itself names the theme's file.
#[test]
fn theme_template_syntax_error_names_the_theme_file() {
    let site = Site::new("site");
    site.append(
        "themes/default/templates/partials/disclaimer.html",
        "\n{% if %}\n",
    );
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("themes/default/templates/partials/disclaimer.html");
}

// Checks that a Markdown file without front matter exits 2 at line 1 with a hint.
#[test]
fn missing_front_matter() {
    build_with_bad_file("# Just a heading\n\nBody\n", 2)
        .assert_stderr_contains("content/bad.md:1")
        .assert_stderr_contains("missing front matter");
}

// Checks that front matter without a closing fence exits 2.
#[test]
fn unclosed_front_matter() {
    build_with_bad_file("---\ntitle: T\ndescription: d\n", 2)
        .assert_stderr_contains("content/bad.md:1")
        .assert_stderr_contains("not closed");
}

// Checks that an unknown site.yaml key exits 2 at its line and suggests the closest key.
#[test]
fn unknown_site_yaml_key() {
    let site = Site::new("site");
    site.append("site.yaml", "base_ur: https://example.org\n");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("site.yaml:10")
        .assert_stderr_contains("unknown key `base_ur`")
        .assert_stderr_contains("did you mean `base_url`?");
    assert!(!site.exists("public"));
}

// Checks that an invalid site.yaml value exits 2 at the line of its key.
#[test]
fn invalid_site_yaml_value() {
    let site = Site::new("site");
    site.replace("site.yaml", "paginate_by: 20", "paginate_by: many");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("site.yaml:8")
        .assert_stderr_contains("paginate_by");
    let site = Site::new("site");
    site.append("site.yaml", "lint: sometimes\n");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("site.yaml:10")
        .assert_stderr_contains("deny, warn or off");
}

// Checks that a missing theme exits 2 with a message naming the theme.
#[test]
fn missing_theme() {
    let site = Site::new("site");
    site.append("site.yaml", "theme: nope\n");
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("theme `nope`");
}

// Checks that --help works on the program and every command, exiting 0 and describing it.
#[test]
fn help_on_every_command() {
    let cwd = manifest_dir();
    let top = run(&cwd, &["--help"], None);
    top.assert_code(0).assert_stdout_contains("Usage:");
    for command in ["build", "lint", "serve", "explain", "claims"] {
        top.assert_stdout_contains(command);
        let out = run(&cwd, &[command, "--help"], None);
        out.assert_code(0)
            .assert_stdout_contains(&format!("Usage: vetted {command}"))
            .assert_stdout_contains("--root");
        assert!(out.stderr.is_empty(), "{out}");
    }
    run(&cwd, &["lint", "--help"], None)
        .assert_stdout_contains("--format")
        .assert_stdout_contains("--deny-warnings");
    run(&cwd, &["build", "--help"], None)
        .assert_stdout_contains("--drafts")
        .assert_stdout_contains("--lint");
}

// Checks that --version prints the package version and exits 0.
#[test]
fn version() {
    run(&manifest_dir(), &["--version"], None)
        .assert_code(0)
        .assert_stdout_contains(&format!("vetted {}", env!("CARGO_PKG_VERSION")));
}

// Checks that an unknown flag, an invalid flag value, an unknown command and a missing command exit 2 with an error message.
#[test]
fn usage_errors_exit_2() {
    let cwd = manifest_dir();
    for args in [
        &["build", "--nope"][..],
        &["lint", "--format", "xml"],
        &["build", "--lint", "sometimes"],
        &["frobnicate"],
        &[],
    ] {
        let out = run(&cwd, args, None);
        out.assert_code(2);
        assert!(
            out.stderr.contains("error:") || out.stderr.contains("Usage:"),
            "{out}"
        );
        assert!(out.stdout.is_empty(), "{out}");
    }
}

// Checks the full stderr of a build stopped by an unknown citation key against a snapshot (temporary paths shown as [ROOT]).
#[test]
fn unknown_citation_stderr_snapshot() {
    let site = Site::new("site");
    site.append("content/about.md", "\nNeedling helps [@smith202].\n");
    let out = site.build(&[]);
    out.assert_code(1);
    insta::assert_snapshot!("build_unknown_citation_stderr", out.stderr);
}
