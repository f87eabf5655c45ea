//! The test harness: copy a fixture site into a temporary folder, run the `vetted` binary on it,
//! and look at what it printed and wrote.
//!
//! - [`Site::new`] copies `fixtures/<name>/` into a fresh temporary folder and adds the shipped
//!   theme (`themes/default/`) when the fixture has no `themes/` of its own.
//! - [`Site::with_registry`] replaces `lints/` with the shipped claims registry (`lints/`), so
//!   the lint tests check the registry that is actually used.
//! - [`Site::vetted`] runs the binary with `--root <site>` (inserted after the subcommand), in the
//!   site folder, with `VETTED_TODAY` and `NO_COLOR` set, and returns an [`Output`] whose text has
//!   the temporary path replaced by `[ROOT]`. Every run checks that the binary did not panic.
//! - [`xml`] reads sitemap.xml and atom.xml (with roxmltree) for the tests to walk.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The date every command runs on (`VETTED_TODAY`).
pub(crate) const TODAY: &str = "2026-11-21";

pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests/testsuite/fixtures")
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_vetted")
}

/// Copies a folder recursively (files and folders only).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub(crate) fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A site in a temporary folder, deleted when dropped.
pub(crate) struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// A copy of `fixtures/<name>/`, with the shipped theme unless it has its own `themes/`.
    pub(crate) fn new(name: &str) -> Site {
        let src = fixtures_dir().join(name);
        assert!(src.is_dir(), "no fixture folder {}", src.display());
        let site = Site::bare();
        copy_dir(&src, &site.root);
        if !site.root.join("themes").exists() {
            copy_dir(
                &manifest_dir().join("themes/default"),
                &site.root.join("themes/default"),
            );
        }
        site
    }

    /// An empty folder with the shipped theme and nothing else.
    pub(crate) fn empty() -> Site {
        let site = Site::bare();
        copy_dir(
            &manifest_dir().join("themes/default"),
            &site.root.join("themes/default"),
        );
        site
    }

    /// An empty folder: no theme, no content (a site for `vetted init`, or the built-in theme).
    pub(crate) fn bare() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("vetted-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().canonicalize().expect("canonical temp path");
        Site { _dir: dir, root }
    }

    /// Replaces `lints/` with the shipped registry (`lints/` of this repository).
    pub(crate) fn with_registry(self) -> Site {
        let lints = self.root.join("lints");
        if lints.exists() {
            std::fs::remove_dir_all(&lints).unwrap();
        }
        copy_dir(&manifest_dir().join("lints"), &lints);
        self
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Appends text to a file.
    pub(crate) fn append(&self, rel: &str, text: &str) -> &Site {
        let mut old = self.read(rel);
        old.push_str(text);
        self.write(rel, &old)
    }

    /// Replaces the first occurrence of `from` (which must exist) in a file.
    pub(crate) fn replace(&self, rel: &str, from: &str, to: &str) -> &Site {
        let old = self.read(rel);
        assert!(old.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &old.replacen(from, to, 1))
    }

    pub(crate) fn remove(&self, rel: &str) -> &Site {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
        self
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Every file under `rel` (for example `public`), with its bytes.
    pub(crate) fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path(rel))
    }

    /// Runs `vetted <args>` with `--root <site>` inserted after the subcommand.
    pub(crate) fn vetted(&self, args: &[&str]) -> Output {
        let root = self.root.to_string_lossy().into_owned();
        let mut full: Vec<&str> = Vec::with_capacity(args.len() + 2);
        full.extend(args.first());
        full.extend(["--root", root.as_str()]);
        full.extend(args.iter().skip(1));
        run(&self.root, &full, Some(&self.root))
    }

    /// `vetted build` (plus `extra` arguments).
    pub(crate) fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build"];
        args.extend(extra);
        self.vetted(&args)
    }

    /// `vetted lint --format json` (plus `extra` arguments), parsed.
    pub(crate) fn lint_json(&self, extra: &[&str]) -> (Output, Report) {
        let mut args = vec!["lint", "--format", "json"];
        args.extend(extra);
        let out = self.vetted(&args);
        let report = Report::parse(&out.stdout)
            .unwrap_or_else(|e| panic!("lint JSON does not parse: {e}\n{out}"));
        (out, report)
    }
}

/// Runs the binary in `cwd` with exactly `args`. `root` is the path shown as `[ROOT]`.
pub(crate) fn run(cwd: &Path, args: &[&str], root: Option<&Path>) -> Output {
    let output = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("VETTED_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run the vetted binary");
    let normalize = |bytes: &[u8]| {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        if let Some(root) = root {
            text = text.replace(&*root.to_string_lossy(), "[ROOT]");
        }
        text
    };
    let out = Output {
        args: args.iter().map(|a| normalize(a.as_bytes())).collect(),
        code: output.status.code().unwrap_or(-1),
        stdout: normalize(&output.stdout),
        stderr: normalize(&output.stderr),
    };
    assert!(
        !out.stderr.contains("panicked") && !out.stdout.contains("panicked"),
        "vetted panicked\n{out}"
    );
    out
}

/// What a run printed, with the site path replaced by `[ROOT]`.
pub(crate) struct Output {
    pub args: Vec<String>,
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "$ vetted {}\nexit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }
}

impl Output {
    /// Asserts the exit code, printing everything on failure.
    pub(crate) fn assert_code(&self, code: i32) -> &Output {
        assert_eq!(self.code, code, "unexpected exit code\n{self}");
        self
    }

    pub(crate) fn assert_stderr_contains(&self, needle: &str) -> &Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{self}"
        );
        self
    }

    pub(crate) fn assert_stdout_contains(&self, needle: &str) -> &Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{self}"
        );
        self
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{self}"))
    }
}

/// The JSON lint report.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub value: Value,
    pub diagnostics: Vec<Diag>,
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone)]
pub(crate) struct Diag {
    pub rule: String,
    pub category: String,
    pub severity: String,
    pub message: String,
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub claim: Option<String>,
    pub help: Option<String>,
    /// (file, start, end, message)
    pub related: Vec<(String, usize, usize, String)>,
}

impl Report {
    pub(crate) fn parse(text: &str) -> Result<Report, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let list = value["diagnostics"]
            .as_array()
            .ok_or("no diagnostics array")?;
        let num = |v: &Value| {
            v.as_u64()
                .map(|n| n as usize)
                .ok_or(format!("not a number: {v}"))
        };
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let mut diagnostics = Vec::new();
        for d in list {
            let span = &d["span"];
            diagnostics.push(Diag {
                rule: text(&d["rule"]).ok_or("rule")?,
                category: text(&d["category"]).ok_or("category")?,
                severity: text(&d["severity"]).ok_or("severity")?,
                message: text(&d["message"]).ok_or("message")?,
                file: text(&d["file"]).ok_or("file")?,
                start: num(&span["start"])?,
                end: num(&span["end"])?,
                line: num(&span["line"])?,
                column: num(&span["column"])?,
                claim: text(&d["claim"]),
                help: text(&d["help"]),
                related: d["related"]
                    .as_array()
                    .ok_or("related")?
                    .iter()
                    .map(|r| {
                        Ok((
                            text(&r["file"]).ok_or("related file")?,
                            num(&r["span"]["start"])?,
                            num(&r["span"]["end"])?,
                            text(&r["message"]).unwrap_or_default(),
                        ))
                    })
                    .collect::<Result<_, String>>()?,
            });
        }
        Ok(Report { value, diagnostics })
    }

    /// Diagnostics whose file ends with `file` (e.g. `safety/bad.md`).
    pub(crate) fn in_file(&self, file: &str) -> Vec<&Diag> {
        self.diagnostics
            .iter()
            .filter(|d| d.file.ends_with(file))
            .collect()
    }

    /// Rule ids reported for `file`, sorted and deduplicated.
    pub(crate) fn rules_in(&self, file: &str) -> Vec<String> {
        let mut rules: Vec<String> = self.in_file(file).iter().map(|d| d.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        rules
    }

    /// A readable list, for assertion messages.
    pub(crate) fn describe(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(
                out,
                "{}:{}:{} {} [{}] {}",
                d.file, d.line, d.column, d.severity, d.rule, d.message
            );
        }
        out
    }
}

/// Byte range of the only occurrence of `needle` in `text`.
pub(crate) fn find_unique(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    assert!(
        text[start + 1..].find(needle).is_none(),
        "{needle:?} occurs more than once"
    );
    start..start + needle.len()
}

/// Whether two byte ranges overlap.
pub(crate) fn overlaps(a: &std::ops::Range<usize>, start: usize, end: usize) -> bool {
    a.start < end && start < a.end
}

/// A Markdown article with complete front matter (so metadata checks stay quiet) and `body`.
pub(crate) fn article(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: A test article.\ndate: 2026-05-01\nreviewed: 2026-10-01\nreviewer: {{name: Dr Test Reviewer, credentials: MBBS}}\nauthor: Test team\n---\n{body}"
    )
}

/// Number of lines before the body of [`article`] (front matter and fences).
pub(crate) const ARTICLE_HEADER_LINES: usize = 8;

/// Decodes the HTML entities the engine and Tera emit.
pub(crate) fn unescape_html(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `attr="..."` in `html`, unescaped, in order.
pub(crate) fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"\s{attr}="([^"]*)""#)).unwrap();
    re.captures_iter(html)
        .map(|c| unescape_html(&c[1]))
        .collect()
}

/// sitemap.xml and atom.xml read with roxmltree (which rejects anything not well-formed) into
/// owned elements that the tests walk.
pub(crate) mod xml {
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Element {
        /// Local name (`urlset`, `entry`).
        pub name: String,
        /// Namespace URI (`xmlns`), if any.
        pub namespace: Option<String>,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Element>,
        /// Decoded text directly inside the element.
        pub text: String,
    }

    impl Element {
        pub(crate) fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }

        /// Direct children called `name`.
        pub(crate) fn children_named<'a>(
            &'a self,
            name: &'a str,
        ) -> impl Iterator<Item = &'a Element> + 'a {
            self.children.iter().filter(move |c| c.name == name)
        }

        pub(crate) fn child(&self, name: &str) -> Option<&Element> {
            self.children.iter().find(|c| c.name == name)
        }
    }

    fn element(node: roxmltree::Node) -> Element {
        Element {
            name: node.tag_name().name().to_owned(),
            namespace: node.tag_name().namespace().map(str::to_owned),
            attrs: node
                .attributes()
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect(),
            children: node
                .children()
                .filter(|c| c.is_element())
                .map(element)
                .collect(),
            text: node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect(),
        }
    }

    /// Parses a well-formed document that starts with an XML 1.0 declaration.
    pub(crate) fn parse(text: &str) -> Result<Element, String> {
        if !text.starts_with("<?xml version=\"1.0\"") {
            return Err("the document does not start with <?xml version=\"1.0\" ...?>".into());
        }
        let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        Ok(element(doc.root_element()))
    }
}

/// One `vetted lint --format json` run over a fixture with the frozen shipped registry, with
/// the text of every content file (for checking spans).
pub(crate) struct LintRun {
    pub out: Output,
    pub report: Report,
    /// `content/...` path -> file text.
    pub texts: BTreeMap<String, String>,
}

/// Claim-check categories (as opposed to metadata, readability, links and style).
pub(crate) const CLAIM_CATEGORIES: &[&str] = &[
    "dimension",
    "safety",
    "efficacy",
    "citation",
    "contradiction",
];

impl LintRun {
    /// Lints fixture `name` (with the shipped `lints/`), plus `extra` arguments.
    pub(crate) fn new(name: &str, extra: &[&str]) -> LintRun {
        let site = Site::new(name).with_registry();
        let (out, report) = site.lint_json(extra);
        let texts = read_tree(&site.path("content"))
            .into_iter()
            .map(|(k, v)| (format!("content/{k}"), String::from_utf8(v).unwrap()))
            .collect();
        LintRun { out, report, texts }
    }

    pub(crate) fn text(&self, file: &str) -> &str {
        self.texts
            .get(file)
            .unwrap_or_else(|| panic!("no fixture file {file}"))
    }

    /// Diagnostics in `file` whose primary span overlaps `quote` (which must occur once).
    pub(crate) fn at(&self, file: &str, quote: &str) -> Vec<&Diag> {
        let range = find_unique(self.text(file), quote);
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.file == file && overlaps(&range, d.start, d.end))
            .collect()
    }

    /// Asserts that `rule` flags `quote` in `file`; returns that diagnostic.
    #[track_caller]
    pub(crate) fn assert_flagged(&self, file: &str, quote: &str, rule: &str) -> &Diag {
        let hits = self.at(file, quote);
        hits.iter()
            .find(|d| d.rule == rule)
            .copied()
            .unwrap_or_else(|| {
                panic!(
                    "`{rule}` does not flag {quote:?} in {file}\nfindings:\n{}",
                    self.report.describe()
                )
            })
    }

    /// Asserts that no claim-check finding overlaps `quote` in `file`.
    #[track_caller]
    pub(crate) fn assert_clean(&self, file: &str, quote: &str) {
        let hits: Vec<_> = self
            .at(file, quote)
            .into_iter()
            .filter(|d| CLAIM_CATEGORIES.contains(&d.category.as_str()))
            .collect();
        assert!(
            hits.is_empty(),
            "{quote:?} in {file} was flagged: {hits:#?}"
        );
    }

    /// Asserts that `file` has no findings at all.
    #[track_caller]
    pub(crate) fn assert_file_clean(&self, file: &str) {
        let hits = self.report.in_file(file);
        assert!(
            hits.is_empty(),
            "{file} should be clean, found:\n{}",
            self.report.describe()
        );
    }

    /// The flagged text of a diagnostic.
    pub(crate) fn flagged_text(&self, d: &Diag) -> &str {
        &self.text(&d.file)[d.start..d.end]
    }
}

/// A lint run per fixture, shared by the tests that look at it (computed once, in parallel
/// with other fixtures).
pub(crate) fn lint_fixture(name: &'static str) -> &'static LintRun {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cell = &'static OnceLock<LintRun>;
    static CELLS: OnceLock<Mutex<HashMap<&'static str, Cell>>> = OnceLock::new();
    let cell: Cell = *CELLS
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(name)
        .or_insert_with(|| Box::leak(Box::new(OnceLock::new())));
    cell.get_or_init(|| LintRun::new(name, &[]))
}
