//! Findings at scale: the counts by rule at the end of the human report, `--max-findings`, a
//! no-change rebuild that keeps a bounded state, and long lines in every format.

use crate::harness::{article, Site, ARTICLE_HEADER_LINES};

/// `registry-small` with `miracles` "miracle cure" errors in `content/miracles.md` and two
/// articles without a reviewer (a `missing-metadata` warning each) whose names sort first.
fn site_with(miracles: usize) -> Site {
    let site = Site::new("registry-small");
    let body: String = (0..miracles)
        .map(|i| format!("Paragraph {i}: this cream is a miracle cure.\n\n"))
        .collect();
    site.write("content/miracles.md", &article("Miracles", &body));
    for name in ["a-first", "b-second"] {
        let text = article("No reviewer", "Plain words.\n").replace(
            "reviewer: {name: Dr Test Reviewer, credentials: MBBS}\n",
            "",
        );
        site.write(&format!("content/{name}.md"), &text);
    }
    site
}

fn headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .collect()
}

// Checks that the human report ends with one line per rule (errors first, then by count) and
// the summary line, counting every finding.
#[test]
fn the_human_report_ends_with_counts_by_rule() {
    let site = site_with(3);
    let out = site.vetted(&["lint"]);
    out.assert_code(1);
    let tail: Vec<&str> = out.stdout.lines().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            "3 errors, 2 warnings, 0 infos in 4 files",
            "  missing-metadata  2 warnings",
            "  miracle-words     3 errors",
            "findings by rule:",
        ],
        "{out}"
    );
    assert_eq!(headers(&out.stdout).len(), 5);
    assert!(!out.stdout.contains("not shown"), "{out}");
}

// Checks that `--max-findings N` shows the N most severe findings, says how many were left
// out, still counts them all, and leaves the exit code to all of them.
#[test]
fn max_findings_shows_the_most_severe_and_counts_the_rest() {
    let site = site_with(5);
    let out = site.vetted(&["lint", "--max-findings", "3"]);
    out.assert_code(1);
    let shown = headers(&out.stdout);
    assert_eq!(shown.len(), 3, "{out}");
    // The errors, although the warnings' files come first.
    assert!(
        shown.iter().all(|h| h.starts_with("error[miracle-words]")),
        "{out}"
    );
    out.assert_stdout_contains(
        "... and 4 more findings not shown (3 shown, the most severe first): `--max-findings 0` shows them all",
    )
    .assert_stdout_contains("  miracle-words     5 errors")
    .assert_stdout_contains("5 errors, 2 warnings, 0 infos in 4 files");

    // Room for the errors and one warning: the first warning in file order.
    let out = site.vetted(&["lint", "--max-findings", "6"]);
    let shown = headers(&out.stdout);
    assert_eq!(shown.len(), 6);
    assert!(shown[0].starts_with("warning[missing-metadata]"), "{out}");
    out.assert_stdout_contains("content/a-first.md")
        .assert_stdout_contains("... and 1 more finding not shown");
    assert!(!out.stdout.contains("b-second.md:"), "{out}");

    // 0 shows them all; so does a limit above the count.
    for n in ["0", "100"] {
        let out = site.vetted(&["lint", "--max-findings", n]);
        assert_eq!(headers(&out.stdout).len(), 7, "{out}");
        assert!(!out.stdout.contains("not shown"), "{out}");
    }

    // Warnings only: still exit 0 without --deny-warnings, whatever is shown.
    let quiet = site_with(0);
    quiet
        .vetted(&["lint", "--max-findings", "1"])
        .assert_code(0)
        .assert_stdout_contains("... and 1 more finding not shown");

    // Machine formats list every finding: the option is refused there.
    site.vetted(&["lint", "--format", "json", "--max-findings", "3"])
        .assert_code(2)
        .assert_stderr_contains("--max-findings limits the human format only");
}

// Checks that `vetted build --max-findings` limits the findings on stderr; the build goes on
// (--lint warn) or stops (deny) on all of them.
#[test]
fn build_limits_the_findings_it_prints() {
    let site = site_with(4);
    let out = site.build(&["--lint", "warn", "--max-findings", "2"]);
    out.assert_code(0)
        .assert_stderr_contains(
            "... and 4 more findings not shown (2 shown, the most severe first)",
        )
        .assert_stderr_contains("4 errors, 2 warnings, 0 infos in 4 files")
        .assert_stderr_contains("built ");
    assert_eq!(headers(&out.stderr).len(), 2, "{out}");
    let out = site.build(&["--lint", "deny", "--max-findings", "1"]);
    out.assert_code(1)
        .assert_stderr_contains("build stopped by the errors above");
    assert_eq!(headers(&out.stderr).len(), 1, "{out}");
}

fn state_sizes(site: &Site) -> Vec<u64> {
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(site.path(".vetted-cache")).unwrap() {
        let state = entry.unwrap().path().join("state");
        if let Ok(meta) = std::fs::metadata(&state) {
            sizes.push(meta.len());
        }
    }
    sizes
}

// Checks that a build with more findings than its state keeps stays small on disk, replays
// the most severe ones (with the counts of all) when no more are asked for, and builds again
// when all of them are to be printed.
#[test]
fn a_no_change_rebuild_keeps_a_bounded_state() {
    let site = site_with(1500);
    let first = site.build(&["--lint", "warn"]);
    first.assert_code(0).assert_stderr_contains("built ");
    // And a reading-grade warning for the long article.
    assert_eq!(headers(&first.stderr).len(), 1503);
    // The report takes 400 KB; the state keeps 1,000 findings, each string once.
    assert!(first.stderr.len() > 400_000, "{}", first.stderr.len());
    let sizes = state_sizes(&site);
    assert_eq!(sizes.len(), 1);
    assert!(sizes[0] < 100_000, "state of {} bytes", sizes[0]);

    let again = site.build(&["--lint", "warn", "--max-findings", "20"]);
    again
        .assert_code(0)
        .assert_stderr_contains("nothing changed since the last build")
        .assert_stderr_contains(
            "... and 1483 more findings not shown (20 shown, the most severe first)",
        )
        .assert_stderr_contains("  miracle-words     1500 errors")
        .assert_stderr_contains("  missing-metadata     2 warnings")
        .assert_stderr_contains("  reading-grade        1 warning")
        .assert_stderr_contains("1500 errors, 3 warnings, 0 infos in 4 files");
    assert_eq!(headers(&again.stderr).len(), 20);
    // The replayed snippets are those the first build printed: the first 20 errors.
    let fresh_first: Vec<&str> = (first.stderr.split("\n\n"))
        .filter(|block| block.starts_with("error["))
        .take(20)
        .collect();
    let replayed: Vec<&str> = again.stderr.split("\n\n").take(20).collect();
    assert_eq!(fresh_first, replayed);

    // All of them asked for (not a terminal, no limit): more than were kept, so a real build.
    let all = site.build(&["--lint", "warn"]);
    all.assert_code(0).assert_stderr_contains("built ");
    assert_eq!(headers(&all.stderr).len(), 1503);
}

// Checks that many findings on one 100 KB line of non-ASCII text get their real columns in
// JSON and GitHub output, and that human output shows a window per finding.
#[test]
fn findings_far_into_a_long_line_have_their_columns() {
    let site = Site::new("registry-small");
    let filler = "Crème, café and naïve words, without any claim in them at all. ";
    let mut line = String::new();
    for _ in 0..400 {
        line.push_str(&filler.repeat(3));
        line.push_str("This cream is a miracle cure. ");
    }
    assert!(line.len() > 90_000);
    site.write("content/long.md", &article("Long", &format!("{line}\n")));
    let (out, report) = site.lint_json(&[]);
    out.assert_code(1);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "miracle-words")
        .collect();
    assert_eq!(found.len(), 400);
    let last = found.last().unwrap();
    let at = line.rfind("miracle").unwrap();
    let column = line[..at].chars().count() + 1;
    assert_eq!(last.line, ARTICLE_HEADER_LINES + 1);
    assert_eq!(last.column, column, "{last:?}");
    let github = site.vetted(&["lint", "--format", "github"]);
    github.assert_stdout_contains(&format!("line={},col={column},", ARTICLE_HEADER_LINES + 1));
    let human = site.vetted(&["lint"]);
    assert!(
        human.stdout.len() < 400 * 1200,
        "{} bytes",
        human.stdout.len()
    );
    human.assert_stdout_contains(&format!(
        "content/long.md:{}:{column}",
        ARTICLE_HEADER_LINES + 1
    ));
}
