//! Units and measures declared in a registry, a topic-neutral engine and `vetted check`: the
//! sunscreen knowledge base (examples/sunscreen) catches its own units out of range, built-in
//! rules document no topic, broken examples and unknown units name their file and line.

use crate::harness::{article, copy_dir, manifest_dir, Site};

/// A site with the sunscreen example's registry, content and settings.
fn sunscreen() -> Site {
    let site = Site::empty();
    let example = manifest_dir().join("examples/sunscreen");
    for dir in ["lints", "content"] {
        copy_dir(&example.join(dir), &site.path(dir));
    }
    std::fs::copy(example.join("site.yaml"), site.path("site.yaml")).unwrap();
    site
}

// Checks that the sunscreen knowledge base lints clean and its registry examples all pass.
#[test]
fn sunscreen_example_is_clean() {
    let site = sunscreen();
    site.vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("0 errors, 0 warnings");
    site.vetted(&["check"])
        .assert_code(0)
        .assert_stdout_contains(" 0 broken");
}

// Checks that a bad draft against the sunscreen registry gets its percentage, its unit before
// the number (SPF) and its mass per area caught out of range, in the registry's own units.
#[test]
fn sunscreen_units_out_of_range() {
    let site = sunscreen();
    let body = "Our SPF 100 lotion blocks 100% of UVB rays [@aadsunscreen].\n\n\
        For a day at the beach, a sunscreen with SPF 8 is plenty [@fdasunscreen].\n\n\
        In the laboratory test, 5 mg/cm² of lotion is spread on the skin [@fdarule2011].\n";
    site.write("content/guide/draft.md", &article("Draft", body));
    let (_, report) = site.lint_json(&["content/guide/draft.md"]);
    let found = report.in_file("content/guide/draft.md");
    let out_of_range: Vec<&str> = found
        .iter()
        .filter(|d| d.rule == "quantity-out-of-range")
        .map(|d| d.message.as_str())
        .collect();
    for expected in [
        "share of UVB blocked of 100% is outside the registry range 90-99.5%",
        "SPF of SPF 8 is outside the registry range SPF 15-100",
        "amount used in the SPF test of 5 mg/cm² is outside the registry range 2-2 mg/cm²",
    ] {
        assert!(
            out_of_range.contains(&expected),
            "no finding {expected:?} in {out_of_range:#?}\n{}",
            report.describe()
        );
    }
}

/// Words of the micro-needling knowledge base that the engine's own texts must not use.
const TOPIC_WORDS: &[&str] = &[
    "needle",
    "roller",
    "derma",
    "micro-needling",
    "microneedling",
    "collagen",
    "clinic ",
    "clinics",
    "aftercare",
];

// Checks that the documentation of every built-in rule, as `vetted explain` prints it (and as
// SARIF embeds it), names no topic of the shipped knowledge base.
#[test]
fn built_in_rule_docs_are_topic_neutral() {
    let site = Site::empty();
    let list = site.vetted(&["explain"]);
    list.assert_code(0);
    let ids: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.len() >= 15, "too few built-in rules\n{list}");
    for id in ids {
        let out = site.vetted(&["explain", id]);
        out.assert_code(0);
        let text = out.stdout.to_lowercase();
        for word in TOPIC_WORDS {
            assert!(
                !text.contains(word),
                "`vetted explain {id}` says {word:?}\n{out}"
            );
        }
    }
}

// Checks that `vetted check` reports a broken example with its file and line, and exits 1.
#[test]
fn check_reports_broken_example_with_file_and_line() {
    let site = Site::empty().with_registry();
    site.replace(
        "lints/claims.yaml",
        "      - 'Micro-needling has no downtime at all.'",
        "      - 'The weather was fine on Tuesday.'",
    );
    let text = site.read("lints/claims.yaml");
    let line = 1 + text
        .lines()
        .position(|l| l.contains("The weather was fine"))
        .unwrap();
    let out = site.vetted(&["check"]);
    out.assert_code(1)
        .assert_stdout_contains(&format!("lints/claims.yaml:{line}: claim `no-downtime`"))
        .assert_stdout_contains("bad example not caught")
        .assert_stdout_contains(" 1 broken");
}

/// The small registry fixture with a quantities file (and `units.yaml` if given).
fn with_quantity(quantity: &str, units: Option<&str>) -> Site {
    let site = Site::new("registry-small");
    site.write("lints/quantities.yaml", quantity);
    if let Some(units) = units {
        site.write("lints/units.yaml", units);
    }
    site
}

// Checks that an unknown (misspelt) unit is an error naming the file and line, with a
// suggestion, and exits 2.
#[test]
fn unknown_unit_names_file_and_line() {
    let site = with_quantity(
        "- id: visit-time\n  name: visit time\n  dimension: time\n  subject: [\"{clinic}\"]\n  units: [minuts]\n  ranges:\n    - {context: any, min: 10, max: 60}\n",
        None,
    );
    site.vetted(&["lint"])
        .assert_code(2)
        .assert_stderr_contains("[ROOT]/lints/quantities.yaml:5")
        .assert_stderr_contains("unknown unit `minuts`")
        .assert_stderr_contains("did you mean `minute`?");
    let site = with_quantity(
        "- id: index\n  name: index\n  dimension: index\n  ranges:\n    - {context: any, min: 1, max: 2}\n",
        Some("dimensions:\n  - {name: protection, unit: spf}\nunits:\n  - {name: spf, dimension: protecton, spellings: [SPF], before: true}\n"),
    );
    site.vetted(&["check"])
        .assert_code(2)
        .assert_stderr_contains("[ROOT]/lints/units.yaml:4")
        .assert_stderr_contains("unknown dimension `protecton`");
}

// Checks that a count quantity whose unit no count spelling can produce is an error at its
// line: it could never match.
#[test]
fn quantity_that_can_never_match_is_an_error() {
    let site = with_quantity(
        "- id: spf\n  name: SPF\n  dimension: count\n  units: [SPF]\n  ranges:\n    - {context: any, min: 15, max: 50}\n",
        Some("dimensions:\n  - {name: protection, unit: spf}\nunits:\n  - {name: spf, dimension: protection, spellings: [SPF], before: true}\n"),
    );
    site.vetted(&["lint"])
        .assert_code(2)
        .assert_stderr_contains("[ROOT]/lints/quantities.yaml:4")
        .assert_stderr_contains("measures protection, not count");
}

// Checks that `depends_on` naming no other quantity of the file is an error at its line.
#[test]
fn depends_on_an_unknown_quantity_is_an_error() {
    let site = with_quantity(
        "- id: visit-time\n  name: visit time\n  dimension: time\n  consistent: true\n  depends_on: visit-lenght\n",
        None,
    );
    site.vetted(&["lint"])
        .assert_code(2)
        .assert_stderr_contains("[ROOT]/lints/quantities.yaml:5")
        .assert_stderr_contains("`depends_on` names `visit-lenght`");
}
