//! `vetted lint` reads any Markdown: files without front matter, with incomplete or invalid
//! front matter, and files it cannot read, each reported as a finding while the run goes on.
//! `vetted build` still refuses such files, naming the file and line.

use crate::harness::Site;

fn site() -> Site {
    let site = Site::empty().with_registry();
    site.write(
        "content/pasted.md",
        "# A pasted draft\n\nMicro-needling is completely safe for everyone.\n",
    )
    .write(
        "content/partial.md",
        "---\ntitle: Partial\nreviwer: Dr A\n---\n\nNeedles in clinics are 0.5 to 1.5 mm long.\n",
    )
    .write(
        "content/broken.md",
        "---\ntitle: [unclosed\n---\n\nIt has no side effects.\n",
    )
    .write_bytes(
        "content/latin1.md",
        b"---\ntitle: T\ndescription: D\n---\nCaf\xe9 prose.\n",
    );
    site
}

// Checks that files without, with incomplete and with invalid front matter get front-matter findings at their lines while their prose is still checked, that an unreadable file is a finding too, and that the run exits 1 (findings), not 2.
#[test]
fn lint_reads_any_markdown() {
    let site = site();
    let (out, report) = site.lint_json(&[]);
    out.assert_code(1);
    let rules = |file: &str| report.rules_in(file);
    assert!(
        rules("content/pasted.md").contains(&"front-matter".to_owned()),
        "{}",
        report.describe()
    );
    assert!(
        rules("content/pasted.md").contains(&"absolute-safety".to_owned()),
        "{}",
        report.describe()
    );
    let partial = report.in_file("content/partial.md");
    let typo = partial
        .iter()
        .find(|d| d.message.contains("reviwer"))
        .unwrap_or_else(|| panic!("{}", report.describe()));
    assert_eq!((typo.rule.as_str(), typo.line), ("front-matter", 3));
    assert!(
        partial.iter().any(|d| d.message.contains("description")),
        "{}",
        report.describe()
    );
    assert!(rules("content/broken.md").contains(&"front-matter".to_owned()));
    assert!(
        rules("content/broken.md").contains(&"absolute-safety".to_owned()),
        "{}",
        report.describe()
    );
    let bad = report.in_file("content/latin1.md");
    assert_eq!(bad.len(), 1, "{}", report.describe());
    assert_eq!((bad[0].rule.as_str(), bad[0].line), ("unreadable-file", 5));
}

// Checks that a lint of one pasted file without front matter works and exits 1 for its findings, and 0 for a clean draft.
#[test]
fn lint_one_pasted_file() {
    let site = site();
    site.vetted(&["lint", "content/pasted.md"]).assert_code(1);
    site.write(
        "content/clean.md",
        "Redness usually settles within a few days.\n",
    );
    let out = site.vetted(&["lint", "--format", "json", "content/clean.md"]);
    // Only the missing front matter, which is an error: the prose itself is clean.
    out.assert_code(1).assert_stdout_contains("front-matter");
    assert!(!out.stdout.contains("absolute-safety"), "{out}");
}

// Checks that `vetted build` still refuses a file without front matter, naming it and its line, with exit 2.
#[test]
fn build_refuses_what_lint_reads() {
    let site = site();
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("content/broken.md:3:");
}

// Checks that a draft linted where there is no registry says so on standard error (a clean
// result would otherwise read as a clean bill), that a mistyped --lints is a usage error
// (exit 2) instead of a lint that checks nothing, and that `vetted check` refuses to check a
// registry that is not there.
#[test]
fn a_missing_registry_is_never_silent() {
    let site = Site::empty();
    site.write("draft.md", "It is completely safe for everyone.\n");
    site.vetted(&["lint", "draft.md"])
        .assert_stderr_contains("warning: no claims registry at")
        .assert_stderr_contains("only the built-in checks ran");
    site.vetted(&["lint", "--lints", "lint", "draft.md"])
        .assert_code(2)
        .assert_stderr_contains("lint: no registry folder");
    site.vetted(&["check"])
        .assert_code(2)
        .assert_stderr_contains("no registry folder to check");
    let with = Site::empty().with_registry();
    with.write("draft.md", "It is completely safe for everyone.\n");
    let out = with.vetted(&["lint", "draft.md"]);
    assert!(!out.stderr.contains("no claims registry"), "{out}");
    out.assert_code(1).assert_stdout_contains("absolute-safety");
}
