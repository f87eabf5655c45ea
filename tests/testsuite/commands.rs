//! `vetted lint` exit codes and path handling, `vetted explain` and `vetted claims`.

use crate::harness::{article, Site};

/// `registry-small` (clean content, small registry) plus an article with `body`.
fn small_with(body: &str) -> Site {
    let site = Site::new("registry-small");
    site.write("content/extra.md", &article("Extra", body));
    site
}

// Checks that `vetted lint` exits 0 on clean content and prints the summary.
#[test]
fn lint_exit_0_when_clean() {
    small_with("Nothing to see here.\n")
        .vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("0 errors, 0 warnings, 0 infos in 2 files");
}

// Checks that `vetted lint` exits 1 when there is an error finding, in every format.
#[test]
fn lint_exit_1_with_an_error() {
    let site = small_with("It is a miracle.\n");
    for format in ["human", "json", "sarif", "github"] {
        site.vetted(&["lint", "--format", format]).assert_code(1);
    }
}

// Checks that warnings alone exit 0, and exit 1 with --deny-warnings.
#[test]
fn lint_warnings_exit_1_only_with_deny_warnings() {
    let site = Site::new("registry-small");
    site.write(
        "content/extra.md",
        "---\ntitle: No reviewer\ndescription: d\nreviewed: 2026-10-01\nauthor: A\n---\nText.\n",
    );
    site.vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("warning[missing-metadata]");
    site.vetted(&["lint", "--deny-warnings"]).assert_code(1);
}

// Checks that infos alone exit 0 even with --deny-warnings.
#[test]
fn lint_infos_never_fail() {
    let site = Site::new("registry-small");
    site.write(
        "content/extra.md",
        "---\ntitle: No author\ndescription: d\nreviewed: 2026-10-01\nreviewer: {name: R, credentials: MD}\n---\nText.\n",
    );
    site.vetted(&["lint", "--deny-warnings"])
        .assert_code(0)
        .assert_stdout_contains("note[missing-metadata]");
}

// Checks that linting a path that does not exist exits 2 and names the path.
#[test]
fn lint_missing_path_exits_2() {
    let site = Site::new("registry-small");
    site.vetted(&["lint", "content/nope.md"])
        .assert_code(2)
        .assert_stderr_contains("content/nope.md");
    site.vetted(&["lint", "elsewhere/nope"])
        .assert_code(2)
        .assert_stderr_contains("elsewhere/nope");
}

// Checks that a site without a content folder exits 2 with a hint.
#[test]
fn lint_without_content_folder_exits_2() {
    let site = Site::new("registry-small");
    site.remove("content");
    site.vetted(&["lint"])
        .assert_code(2)
        .assert_stderr_contains("no content folder");
}

// Checks that lint reports only the files asked for, and files outside content/ are linted on their own.
#[test]
fn lint_reports_only_the_given_paths() {
    let site = small_with("It is a miracle.\n");
    site.write("drafts/loose.md", &article("Loose", "Another miracle.\n"));
    let (out, report) = site.lint_json(&["content/ok.md"]);
    out.assert_code(0);
    assert!(report.diagnostics.is_empty(), "{}", report.describe());
    let (out, report) = site.lint_json(&["drafts/loose.md"]);
    out.assert_code(1);
    assert_eq!(report.rules_in("drafts/loose.md"), ["miracle-words"]);
    assert_eq!(report.diagnostics.len(), 1, "{}", report.describe());
}

// Checks that --lints points lint at another registry folder.
#[test]
fn lint_uses_the_registry_given_with_lints() {
    let site = small_with("It is a miracle.\n");
    std::fs::rename(site.path("lints"), site.path("registry")).unwrap();
    site.write("content/ok.md", &article("Ok", "Fine.\n"));
    site.vetted(&["lint"]).assert_code(0);
    site.vetted(&["lint", "--lints", "registry"])
        .assert_code(1)
        .assert_stdout_contains("miracle-words");
}

// Checks that `vetted explain absolute-safety` prints the rule's documentation and its flagged and unflagged examples.
#[test]
fn explain_prints_doc_and_examples() {
    let site = Site::empty().with_registry();
    let out = site.vetted(&["explain", "absolute-safety"]);
    out.assert_code(0)
        .assert_stdout_contains("# absolute-safety (safety, error by default)")
        .assert_stdout_contains("Safety stated as absolute")
        .assert_stdout_contains("## What it does")
        .assert_stdout_contains("## Why is this bad?")
        .assert_stdout_contains("## Examples")
        .assert_stdout_contains("Flagged:\n  - Micro-needling is 100% safe.")
        .assert_stdout_contains("Not flagged:\n  - Micro-needling is not risk-free.")
        .assert_stdout_contains("lints/rules/absolute-safety.yaml");
}

// Checks that explain documents built-in rules too.
#[test]
fn explain_documents_builtin_rules() {
    let site = Site::empty().with_registry();
    site.vetted(&["explain", "uncited-statistic"])
        .assert_code(0)
        .assert_stdout_contains("# uncited-statistic (citation, error by default)")
        .assert_stdout_contains("## What it does");
}

// Checks that `vetted explain` without a rule lists every built-in and registry rule.
#[test]
fn explain_lists_every_rule() {
    let site = Site::empty().with_registry();
    let out = site.vetted(&["explain"]);
    out.assert_code(0);
    for id in [
        "quantity-out-of-range",
        "length-as-diameter",
        "uncited-statistic",
        "unsupported-claim",
        "contradicting-claims",
        "inconsistent-quantity",
        "missing-metadata",
        "review-overdue",
        "reading-grade",
        "broken-link",
        "unknown-citation",
        "unused-suppression",
        "invalid-suppression",
        "absolute-safety",
        "certainty-language",
        "cure-language",
        "study-reference",
        "universal-suitability",
    ] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(id)),
            "{id} not listed\n{out}"
        );
    }
}

// Checks that explaining an unknown rule exits 2 and suggests the closest rule id.
#[test]
fn explain_unknown_rule_suggests_the_closest() {
    let site = Site::empty().with_registry();
    site.vetted(&["explain", "absolute-safty"])
        .assert_code(2)
        .assert_stderr_contains("unknown rule `absolute-safty`")
        .assert_stderr_contains("did you mean `absolute-safety`?");
}

// Checks that `vetted claims` lists every claim with its verdict and sources, and where the content asserts
// or discusses it.
#[test]
fn claims_lists_verdicts_and_where_claims_are_asserted() {
    let site = Site::new("lint/contradiction").with_registry();
    let out = site.vetted(&["claims"]);
    out.assert_code(0)
        .assert_stdout_contains(
            "home-equals-professional [unsupported] (efficacy, topic home-vs-professional)",
        )
        .assert_stdout_contains("professional-more-effective [supported]")
        .assert_stdout_contains("source: [@aad2018]")
        .assert_stdout_contains("not asserted in the content");
    let block = |id: &str| -> String {
        let start = out.stdout.find(&format!("{id} [")).unwrap();
        out.stdout[start..].split("\n\n").next().unwrap().to_owned()
    };
    assert!(
        block("home-equals-professional").contains("asserted at content/home.md:9:1"),
        "{}",
        block("home-equals-professional")
    );
    // "usually more effective" is hedged: the page discusses the claim without asserting it.
    assert!(block("professional-more-effective")
        .contains("discussed at content/clinic.md:9:1 (hedged or denied)"));
    assert!(block("cellulite-reduction").contains("not asserted in the content"));
}

// Checks that a reader that stops early (`vetted claims | head -1`) ends the listing quietly:
// no panic message, no failure exit.
#[test]
fn claims_piped_into_a_reader_that_stops_early_ends_quietly() {
    let site = Site::new("lint/contradiction").with_registry();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vetted"))
        .args(["claims", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the registry has even loaded
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

// Checks that `vetted claims --json` gives the same information as JSON.
#[test]
fn claims_json() {
    let site = Site::new("lint/contradiction").with_registry();
    let out = site.vetted(&["claims", "--json"]);
    out.assert_code(0);
    let list = out.json();
    let list = list.as_array().unwrap();
    let registry =
        std::fs::read_to_string(crate::harness::manifest_dir().join("lints/claims.yaml")).unwrap();
    assert_eq!(
        list.len(),
        registry.matches("\n- id: ").count(),
        "one entry per claim"
    );
    let home = list
        .iter()
        .find(|c| c["id"] == "home-equals-professional")
        .unwrap();
    assert_eq!(home["verdict"], "unsupported");
    assert_eq!(home["topic"], "home-vs-professional");
    assert_eq!(
        home["asserted_at"],
        serde_json::json!(["content/home.md:9:1"])
    );
    assert!(home["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "aad2018"));
    for c in list {
        for key in [
            "id",
            "topic",
            "verdict",
            "category",
            "statement",
            "sources",
            "asserted_at",
        ] {
            assert!(!c[key].is_null(), "{key} missing in {c}");
        }
    }
}

// Checks that files with a byte-order mark and CRLF line endings lint with spans that point at the flagged text.
#[test]
fn crlf_and_bom_files_have_correct_spans() {
    let site = Site::new("registry-small");
    let text = "\u{feff}---\r\ntitle: CRLF\r\ndescription: d\r\nreviewed: 2026-10-01\r\nreviewer: {name: R, credentials: MD}\r\nauthor: A\r\n---\r\nFirst line.\r\n\r\nIt is a miracle.\r\n";
    site.write("content/crlf.md", text);
    let (out, report) = site.lint_json(&[]);
    out.assert_code(1);
    let d = &report.in_file("content/crlf.md")[0];
    assert_eq!(&text[d.start..d.end], "miracle");
    assert_eq!((d.line, d.column), (10, 9));
}

// Checks that a file linted alone resolves its links against the content folder on disk: links
// to existing pages are fine, a link to a missing one is still an error.
#[test]
fn one_file_alone_checks_links_against_the_content_folder() {
    let site = Site::new("site");
    let (out, report) = site.lint_json(&["content/basics/what-is-it.md"]);
    assert!(
        report.diagnostics.iter().all(|d| d.rule != "broken-link"),
        "{}",
        report.describe()
    );
    assert_eq!(report.value["summary"]["files"], 1, "{out}");
    site.replace(
        "content/basics/what-is-it.md",
        "../about.md",
        "../nowhere.md",
    );
    let (_, report) = site.lint_json(&["content/basics/what-is-it.md"]);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.rule == "broken-link" && d.message.contains("nowhere.md")),
        "{}",
        report.describe()
    );
}
