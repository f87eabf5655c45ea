//! Hostile sizes: pages of identical headings, a registry of 10,000 claims, a 100 KB line full
//! of findings. Each run must finish (a generous deadline turns a quadratic slide into a
//! failure rather than a hung suite) with output whose size does not grow with line length.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{article, Site, TODAY};

/// Far above what these runs take in a debug build; only a quadratic slide gets near it.
const DEADLINE: Duration = Duration::from_secs(180);

/// What a bounded run left: exit code, output sizes, and the first bytes of each stream.
struct Run {
    code: i32,
    stdout_len: u64,
    stdout: String,
    stderr: String,
}

/// Runs `vetted <args>` (with `--root` after the subcommand) with its output in files, killing
/// it and failing the test if it has not finished by `DEADLINE`.
fn run_bounded(site: &Site, args: &[&str]) -> Run {
    let out_path = site.path(".out");
    let err_path = site.path(".err");
    let create = |p: &Path| std::fs::File::create(p).expect("create an output file");
    let mut full: Vec<&str> = vec![args[0], "--root", site.root().to_str().unwrap()];
    full.extend(&args[1..]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_vetted"))
        .args(&full)
        .current_dir(site.root())
        .env("VETTED_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(create(&out_path)))
        .stderr(Stdio::from(create(&err_path)))
        .spawn()
        .expect("run the vetted binary");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for vetted") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`vetted {}` did not finish in {DEADLINE:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let head = |p: &Path| {
        let bytes = std::fs::read(p).unwrap_or_default();
        String::from_utf8_lossy(&bytes[..bytes.len().min(16 << 20)]).into_owned()
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout_len: std::fs::metadata(&out_path).map_or(0, |m| m.len()),
        stdout: head(&out_path),
        stderr: head(&err_path),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "vetted panicked:\n{}",
        run.stderr
    );
    run
}

// Checks that 100,000 identical headings all get distinct ids and the build finishes.
#[test]
fn a_hundred_thousand_identical_headings_build() {
    let site = Site::new("site");
    let mut body = "See [the last one](#risks-99999).\n\n".to_owned();
    for _ in 0..100_000 {
        body.push_str("## Risks\n\n");
    }
    site.write("content/basics/risks.md", &article("Risks", &body));
    let run = run_bounded(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/basics/risks/index.html");
    let ids: std::collections::HashSet<&str> = page
        .match_indices("<h2 id=\"")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(ids.len(), 100_000);
    assert!(ids.contains("risks") && ids.contains("risks-99999"));
}

/// The small registry fixture plus `n` generated claims, each with a term and a regex
/// alternative, and an article asserting the last one.
fn site_with_claims(n: usize) -> Site {
    let site = Site::new("registry-small");
    let mut claims = String::new();
    for i in 0..n {
        let _ = write!(
            claims,
            "\n- id: generated-{i}\n  topic: generated-{i}\n  statement: Generated claim {i}.\n  verdict: unsupported\n  category: efficacy\n  sources: [alpha2020]\n  match:\n    - all: [\"{{home}}\", \"zorbex{i}\"]\n    - regex: '\\bquillium{i}\\b'\n"
        );
    }
    site.append("lints/claims.yaml", &claims);
    site.write(
        "content/generated.md",
        &article(
            "Generated",
            &format!("Rolling at home gives zorbex{} results.\n", n - 1),
        ),
    );
    site
}

// Checks that a registry of 10,000 claims loads and lints, and that its claims are found.
#[test]
fn a_ten_thousand_claim_registry_lints() {
    let site = site_with_claims(10_000);
    let run = run_bounded(&site, &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let claims: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["claim"].as_str())
        .collect();
    assert_eq!(claims, ["generated-9999"]);
    let listed = run_bounded(&site, &["claims", "--json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let list: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 10_000 + 2);
}

// Checks that a 100 KB line with 500 findings prints a window around each one, with `...` where the line is cut, instead of the whole line 500 times.
#[test]
fn findings_on_a_long_line_show_a_window_of_it() {
    let site = Site::new("registry-small");
    let filler = "Filler words about skin care without any claim in them at all. ";
    let mut line = String::new();
    for _ in 0..500 {
        line.push_str(&filler.repeat(3));
        line.push_str("This cream is a miracle cure. ");
    }
    assert!(line.len() > 100_000);
    site.write("content/long.md", &article("Long", &format!("{line}\n")));
    let run = run_bounded(&site, &["lint"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.matches("error[miracle-words]").count(), 500);
    // The whole line 500 times would be 50 MB.
    assert!(
        run.stdout_len < 500_000,
        "{} bytes of output",
        run.stdout_len
    );
    assert!(run.stdout.lines().all(|l| l.chars().count() < 400));
    // The snippet keeps the line number, the real column, the span and the cuts.
    let col = filler.len() * 3 + "This cream is a ".len() + 1;
    assert!(
        run.stdout.contains(&format!("content/long.md:9:{col}")),
        "{}",
        &run.stdout[..2000]
    );
    let snippet = run.stdout.lines().find(|l| l.starts_with("9 │ ")).unwrap();
    assert!(
        snippet.starts_with("9 │ ...") && snippet.ends_with("..."),
        "{snippet}"
    );
    assert!(snippet.contains("at all. This cream is a miracle cure. Filler"));
    assert!(run.stdout.contains("^^^^^^^ miracle wording"));
}

// Checks that YAML nested far too deep (100,000 `[`, 40,000 `{a: `) is refused at once, with
// the file, line and column where it goes past the limit, in front matter, site.yaml and the
// registry alike; the parser used to take most of a minute on one such file.
#[test]
fn yaml_nested_too_deep_is_an_error_at_once() {
    let brackets = "[".repeat(100_000);
    let mappings = "{a: ".repeat(40_000);
    let cases = [
        (
            "content/deep.md",
            format!("---\ntitle: T\ndescription: D\nx: {brackets}\n---\nBody.\n"),
            "content/deep.md:4:",
        ),
        (
            "site.yaml",
            format!("title: T\nextra: {mappings}\n"),
            "site.yaml:2:",
        ),
        (
            "lints/terms.yaml",
            format!("# terms\nhome: [at home]\nsame: {brackets}\n"),
            "terms.yaml:3:",
        ),
    ];
    for (file, text, at) in cases {
        let site = Site::new("registry-small");
        site.write(file, &text);
        let start = Instant::now();
        let run = run_bounded(&site, &["lint"]);
        let elapsed = start.elapsed();
        assert_ne!(run.code, 0, "{file}: {}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(
            all.contains("nested more than 64 levels deep"),
            "{file}: {all}"
        );
        assert!(all.contains(at), "{file} names {at}: {all}");
        assert!(elapsed < Duration::from_secs(20), "{file} took {elapsed:?}");
    }
}
