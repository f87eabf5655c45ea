//! Suppression comments (`fixtures/lint/suppression`): with a reason they silence findings on the
//! next line or in a range; without a reason, with an unknown rule or with nothing to silence,
//! they warn.

use crate::harness::{lint_fixture, LintRun};

fn run() -> &'static LintRun {
    lint_fixture("lint/suppression")
}

// Checks that `vetted-disable-next-line RULE -- reason` suppresses the finding on the next line only.
#[test]
fn disable_next_line_with_reason_suppresses() {
    let run = run();
    let file = "content/next-line.md";
    assert!(
        run.at(file, "Micro-needling is 100% safe.").is_empty(),
        "{}",
        run.report.describe()
    );
    run.assert_flagged(file, "It carries no risk at all.", "absolute-safety");
    assert!(
        run.report
            .in_file(file)
            .iter()
            .all(|d| d.rule == "absolute-safety"),
        "no warning about the comment"
    );
}

// Checks that a suppression without a reason does not suppress and warns about the comment.
#[test]
fn disable_without_reason_does_not_suppress_and_warns() {
    let run = run();
    let file = "content/no-reason.md";
    run.assert_flagged(file, "100% safe", "absolute-safety");
    let d = run.assert_flagged(
        file,
        "<!-- vetted-disable-next-line absolute-safety -->",
        "invalid-suppression",
    );
    assert_eq!(d.severity, "warning");
    assert!(d.message.contains("without a reason"), "{}", d.message);
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("--")),
        "{:?}",
        d.help
    );
}

// Checks that `vetted-disable CATEGORY -- reason` ... `vetted-enable CATEGORY` suppresses only inside the range.
#[test]
fn disable_enable_range() {
    let run = run();
    let file = "content/range.md";
    assert!(
        run.at(file, "Micro-needling is completely safe.")
            .is_empty(),
        "{}",
        run.report.describe()
    );
    assert!(
        run.at(file, "Our pens are risk-free.").is_empty(),
        "{}",
        run.report.describe()
    );
    run.assert_flagged(file, "It is harmless.", "absolute-safety");
    assert!(
        run.report
            .in_file(file)
            .iter()
            .all(|d| d.rule == "absolute-safety"),
        "no unused/invalid warnings"
    );
}

// Checks that a suppression that suppresses nothing gets an unused-suppression warning on the comment.
#[test]
fn unused_suppression_warns() {
    let run = run();
    let file = "content/unused.md";
    let d = run.assert_flagged(
        file,
        "<!-- vetted-disable-next-line absolute-safety",
        "unused-suppression",
    );
    assert_eq!(d.severity, "warning");
    assert!(d.message.contains("suppresses nothing"), "{}", d.message);
    assert_eq!(run.report.in_file(file).len(), 1);
}

// Checks that a suppression naming an unknown rule does not suppress and warns.
#[test]
fn unknown_rule_in_suppression_warns() {
    let run = run();
    let file = "content/unknown-rule.md";
    run.assert_flagged(file, "100% safe", "absolute-safety");
    let d = run.assert_flagged(file, "absolute-safty", "invalid-suppression");
    assert!(
        d.message.contains("unknown rule `absolute-safty`"),
        "{}",
        d.message
    );
}

// Checks that a suppression may name several rules and categories, or `all`.
#[test]
fn suppression_of_several_rules_categories_and_all() {
    let run = run();
    let file = "content/several.md";
    run.assert_file_clean(file);
}

// Checks that suppression warnings do not fail the lint on their own but do with --deny-warnings.
#[test]
fn suppression_warnings_are_warnings() {
    let site = crate::harness::Site::new("lint/suppression").with_registry();
    for f in [
        "next-line.md",
        "no-reason.md",
        "range.md",
        "unknown-rule.md",
        "several.md",
    ] {
        site.remove(&format!("content/{f}"));
    }
    site.vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("warning[unused-suppression]");
    site.vetted(&["lint", "--deny-warnings"]).assert_code(1);
}
