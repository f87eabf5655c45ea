//! `build`, `lint` and `serve` run one pipeline (`src/pipeline.rs`): the same site gives the
//! same findings in all three, link findings included, after suppressions and `config.yaml`
//! severities; and with `lint: off` neither `build` nor `serve` lints.

use std::collections::BTreeSet;

use crate::harness::Site;
use crate::serve::{one_at_a_time, Server};

const ARTICLE: &str = "content/safety/side-effects.md";
const PAGE: &str = "/safety/side-effects/";

/// The fixture site with, in one article, a phrase-rule finding, a broken link, and a second
/// broken link under a suppression; `broken-link` set to `warning` in `config.yaml`.
fn site() -> Site {
    let site = Site::new("site").with_registry();
    site.replace(
        ARTICLE,
        "Infection is rare.",
        "Micro-needling is completely safe. Read [the aftercare page](aftercare.md).\n\n\
         <!-- vetted-disable-next-line broken-link -- the page is being written -->\n\
         Then [the follow-up page](follow-up.md).",
    );
    site.replace(
        "lints/config.yaml",
        "rules: {}",
        "rules:\n  broken-link: warning",
    );
    site
}

/// (severity, rule, line) of each finding.
type Findings = BTreeSet<(String, String, usize)>;

/// The findings of the article in `vetted build`'s human output on stderr.
fn from_build(site: &Site, extra: &[&str]) -> Findings {
    let mut args = vec!["build", "--max-findings", "0"];
    args.extend(extra);
    let out = site.vetted(&args);
    let mut found = Findings::new();
    let mut lines = out.stderr.lines();
    while let Some(line) = lines.next() {
        let Some((severity, rest)) = line.split_once('[') else {
            continue;
        };
        let Some((rule, _)) = rest.split_once("]:") else {
            continue;
        };
        if !["error", "warning", "info"].contains(&severity) {
            continue;
        }
        let place = lines.next().unwrap_or_default();
        let Some(at) = place.split("┌─ ").nth(1) else {
            continue;
        };
        let mut parts = at.trim().split(':');
        if parts.next() == Some(ARTICLE) {
            let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            found.insert((severity.to_owned(), rule.to_owned(), line));
        }
    }
    found
}

fn from_lint(site: &Site) -> Findings {
    let (_, report) = site.lint_json(&[]);
    (report.in_file(ARTICLE).into_iter())
        .map(|d| (d.severity.clone(), d.rule.clone(), d.line))
        .collect()
}

fn from_serve(site: &Site) -> Findings {
    let server = Server::start(site);
    let (status, json) = server.get(&format!("/__vetted/findings?page={PAGE}"));
    assert_eq!(status, 200, "{json}");
    let list: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    (list.as_array().unwrap().iter())
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap().to_owned();
            let line = f["line"].as_u64().unwrap() as usize;
            (text("severity"), text("rule"), line)
        })
        .collect()
}

// Checks that build, lint and serve report the same findings, a suppressed broken link in
// none of them (and its suppression not reported unused), the other one at config.yaml's
// severity.
#[test]
fn build_lint_and_serve_report_the_same_findings() {
    let _serial = one_at_a_time();
    let site = site();
    let lint = from_lint(&site);
    let expected: Findings = [
        ("error", "absolute-safety", 18),
        ("warning", "broken-link", 18),
    ]
    .into_iter()
    .map(|(s, r, l)| (s.to_owned(), r.to_owned(), l))
    .collect();
    assert_eq!(lint, expected);
    // `--lint warn`: the errors are printed, and the build goes on.
    assert_eq!(from_build(&site, &["--lint", "warn"]), lint, "build");
    assert_eq!(from_serve(&site), lint, "serve");
}

// Checks that `lint: off` in site.yaml leaves the claim lint out of serve as of build: a
// broken link is still reported (it stops a build whatever the lint mode), nothing else.
#[test]
fn lint_off_is_honoured_by_build_and_serve() {
    let _serial = one_at_a_time();
    let site = site();
    site.append("site.yaml", "lint: off\n");
    let links: Findings = [("warning", "broken-link", 18)]
        .into_iter()
        .map(|(s, r, l)| (s.to_owned(), r.to_owned(), l))
        .collect();
    assert_eq!(from_build(&site, &[]), links, "build");
    assert_eq!(from_serve(&site), links, "serve");
    // Without the broken link, serve shows no findings at all.
    site.replace(ARTICLE, " Read [the aftercare page](aftercare.md).", "");
    assert_eq!(from_serve(&site), Findings::new(), "serve");
}
