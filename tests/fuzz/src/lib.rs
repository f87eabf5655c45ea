//! Fuzz targets for vetted, as plain functions: each takes any bytes, runs one part of vetted on
//! them and checks its invariants (no panic, spans inside the file and on UTF-8 character
//! boundaries, line and column agreeing with byte offsets, sentences partitioning their block,
//! quantities inside their text with `lo <= hi`, ...). A broken invariant panics.
//!
//! The cargo-fuzz targets in `fuzz_targets/` are one line each around these functions, and the
//! normal test suite includes this file (`tests/testsuite/properties.rs`) to replay the
//! fixtures through the same functions and to run its property tests on them, so `cargo test`
//! checks the same invariants without a fuzzer.
//!
//! Inputs made of several files separate them with a NUL byte (`\0`), which no fixture holds.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use vetted::bib::Bibliography;
use vetted::config::{HtmlMode, SiteConfig};
use vetted::content::frontmatter;
use vetted::content::load::{load_document, Purpose};
use vetted::date::Date;
use vetted::diagnostic::{self, Diagnostic, Summary};
use vetted::lint::cues::Cues;
use vetted::lint::quantity::{self, Quantity};
use vetted::lint::{citation, effect, text as sentences_of, Registry, Settings};
use vetted::markdown::prose::{BlockKind, ProseBlock};
use vetted::markdown::{self, Analysis};
use vetted::serve::http::{self, Refusal};
use vetted::source::{SourceFile, Span};

/// The repository root (this file is `tests/fuzz/src/lib.rs`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("lints/sources.yaml").is_file() && p.join("src/lib.rs").is_file())
        .expect("the vetted repository above this crate")
        .to_path_buf()
}

/// The shipped bibliography, so that citations of the fixtures resolve.
fn shipped_bib() -> &'static Bibliography {
    static BIB: LazyLock<Bibliography> = LazyLock::new(|| {
        Bibliography::parse(
            Path::new("lints/sources.yaml"),
            include_str!("../../../lints/sources.yaml"),
        )
        .expect("the shipped bibliography parses")
    });
    &BIB
}

/// The shipped claims registry, loaded once per process.
fn shipped_registry() -> &'static Registry {
    static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
        Registry::load(&repo_root().join("lints")).expect("the shipped registry loads")
    });
    &REGISTRY
}

/// The site settings of the shipped site that front matter depends on (its taxonomies).
fn site_config() -> SiteConfig {
    SiteConfig {
        taxonomies: vec!["tags".into(), "concerns".into()],
        ..SiteConfig::default()
    }
}

/// Checks that a span lies inside the file, on character boundaries, and that the line and
/// column `SourceFile::line_col` gives for each end lead back to the same byte offset.
pub fn check_span(file: &SourceFile, span: Span, what: &str) {
    let text = file.text();
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the file ({} bytes)",
        text.len()
    );
    for offset in [span.start, span.end] {
        assert!(
            text.is_char_boundary(offset),
            "{what}: span {span:?} cuts a character at {offset}"
        );
        check_line_col(file, offset);
    }
}

/// `line_col` and `line_start` agree with a byte offset on a character boundary.
pub fn check_line_col(file: &SourceFile, offset: usize) {
    let text = file.text();
    let (line, column) = file.line_col(offset);
    assert!(line >= 1 && column >= 1, "line and column are 1-based");
    assert!(
        line <= file.line_count(),
        "line {line} of {}",
        file.line_count()
    );
    let start = file.line_start(line);
    assert!(
        start <= offset,
        "line {line} starts at {start}, after {offset}"
    );
    let in_line = &text[start..offset];
    assert!(
        !in_line.contains('\n'),
        "offset {offset} is not on line {line}"
    );
    assert_eq!(
        in_line.chars().count() + 1,
        column,
        "column of offset {offset}"
    );
    assert!(
        file.line_text(line)
            .starts_with(in_line.trim_end_matches(['\r', '\n'])),
        "line {line}'s text does not hold its part before offset {offset}"
    );
}

/// An error names a line of its file (or none).
fn check_error_line(file: &SourceFile, err: &vetted::error::Error) {
    if let Some(line) = err.line {
        assert!(
            line >= 1 && line <= file.line_count(),
            "error on line {line} of a {}-line file: {err}",
            file.line_count()
        );
    }
    let _ = err.to_string();
}

fn utf8(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Front matter: `split`, then `read_page` and `read_section` on whatever it gives.
pub fn frontmatter(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    let path = Path::new("guide/fuzz.md");
    let file = SourceFile::new(path.into(), text.to_owned());
    let split = match frontmatter::split(path, text) {
        Ok(split) => split,
        Err(err) => {
            assert_eq!(err.line, Some(1), "{err}");
            return;
        }
    };
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    assert!(yaml_start + split.yaml.len() <= split.body_start);
    assert!(split.body_start <= text.len() && text.is_char_boundary(split.body_start));
    assert_eq!(
        file.line_start(split.yaml_line),
        yaml_start,
        "the YAML starts on line {}",
        split.yaml_line
    );
    let page = frontmatter::read_page(path, &split, &site_config());
    for problem in &page.problems {
        check_error_line(&file, problem);
    }
    let first = page.problems.first().map(|p| p.message.clone());
    let strict = frontmatter::parse_page(path, &split, &site_config());
    assert_eq!(strict.err().map(|e| e.message), first);
    let section = frontmatter::read_section(path, &split);
    for problem in &section.problems {
        check_error_line(&file, problem);
    }
}

/// Spans and ids of one Markdown pass over the body of `file`.
fn check_analysis(file: &SourceFile, body_start: usize, a: &Analysis, bib: &Bibliography) {
    let in_body = |span: Span, what: &str| {
        check_span(file, span, what);
        assert!(span.start >= body_start, "{what}: {span:?} before the body");
    };
    let mut ids = std::collections::HashSet::new();
    for h in &a.headings {
        in_body(h.span, "heading");
        assert!(!h.id.is_empty(), "empty heading id");
        assert!(ids.insert(h.id.as_str()), "duplicate heading id {}", h.id);
    }
    for link in &a.links {
        in_body(link.span, "link");
    }
    for (key, span) in &a.unknown_citations {
        in_body(*span, "unknown citation");
        assert!(bib.get(key).is_none(), "known key {key} reported unknown");
    }
    let mut refs = std::collections::HashSet::new();
    for key in &a.references {
        assert!(bib.get(key).is_some(), "unknown key {key} numbered");
        assert!(refs.insert(key), "{key} numbered twice");
    }
    for (span, _) in &a.comments {
        in_body(*span, "comment");
    }
    for block in &a.prose {
        check_block(file, block);
    }
}

/// A prose block maps every character range of its text to a span of the file.
fn check_block(file: &SourceFile, block: &ProseBlock) {
    let text = &block.text;
    assert!(!block.is_empty(), "an empty block is kept");
    for (offset, _) in &block.cells {
        assert!(*offset <= text.len() && text.is_char_boundary(*offset));
    }
    for &c in &block.citations {
        assert!(c <= text.len(), "citation marker past the block");
    }
    let _ = block.cell_texts();
    check_span(file, block.span(0, text.len()), "block");
    for sentence in sentences_of::sentences(block) {
        check_span(file, sentence.whole_span(), "sentence");
        let s = sentence.text();
        for q in quantity::find(s) {
            check_span(file, sentence.span(q.range.clone()), "quantity");
        }
        for w in effect::words(s) {
            check_span(file, sentence.span(w.range.clone()), "efficacy word");
        }
    }
}

/// Markdown to prose: `analyse` and `analyse_prose` on the body of a file, with its spans.
pub fn markdown(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    let path = Path::new("guide/fuzz.md");
    let file = SourceFile::new(path.into(), text.to_owned());
    // The body starts after the front matter when there is one, as in `content::load`.
    let body_start = frontmatter::split(path, text).map_or(0, |s| s.body_start);
    let body = &text[body_start..];
    let bib = shipped_bib();
    let source = markdown::Source {
        body,
        base: body_start,
        rel: "guide/fuzz.md",
        html: HtmlMode::Safe,
    };
    let full = markdown::analyse(source, bib);
    check_analysis(&file, body_start, &full, bib);
    let lean = markdown::analyse_prose(source, bib);
    // The linter's pass sees the same prose and spans as the build's.
    assert_eq!(full.prose.len(), lean.prose.len());
    for (a, b) in full.prose.iter().zip(&lean.prose) {
        assert_eq!(a.text, b.text);
        assert_eq!(a.span(0, a.text.len()), b.span(0, b.text.len()));
        assert_eq!(a.citations, b.citations);
    }
    assert_eq!(full.links, lean.links);
    assert_eq!(full.unknown_citations, lean.unknown_citations);
    assert_eq!(full.references, lean.references);
}

/// Sentences, assertion cues, efficacy words, quantities and source names in one prose block.
///
/// The block is the input copied line by line, each line at its own offset, so the block's
/// text is the file: every span must come back to the very bytes of its range.
pub fn sentences(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    let file = SourceFile::new("prose.md".into(), text.to_owned());
    let mut block = ProseBlock::new(BlockKind::Paragraph);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("[^") || line.starts_with("[@") {
            block.mark_citation();
        }
        block.push(line, at);
        at += line.len();
    }
    assert_eq!(block.text, text);
    let list = sentences_of::sentences(&block);
    // Sentences partition the block: in order, inside it, with only white space between them.
    let mut end = 0;
    for s in &list {
        let r = s.range.clone();
        assert!(
            end <= r.start && r.start < r.end && r.end <= text.len(),
            "{r:?}"
        );
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(
            text[end..r.start].trim().is_empty(),
            "text between sentences"
        );
        assert!(!s.text().trim().is_empty(), "an empty sentence");
        let span = s.whole_span();
        check_span(&file, span, "sentence");
        assert_eq!(&text[span.start..span.end], s.text().trim());
        end = r.end;
        sentence(s.text());
    }
    assert!(
        text[end..].trim().is_empty(),
        "text after the last sentence"
    );
}

/// The checks on one sentence's text: cues, efficacy words, quantities, sources.
pub fn sentence(s: &str) {
    let cues = Cues::of(s);
    let _ = cues.addresses_reader();
    let _ = citation::names_a_source(s);
    let words = effect::words(s);
    let mut last = 0;
    for w in &words {
        check_range(s, &w.range, "efficacy word");
        assert!(
            w.range.start >= last,
            "efficacy words overlap or are out of order"
        );
        last = w.range.end;
        let _ = effect::is_outcome(&s[w.range.clone()]);
    }
    let quantities = quantity::find(s);
    let mut ranges: Vec<std::ops::Range<usize>> =
        quantities.iter().map(|q| q.range.clone()).collect();
    ranges.extend(words.iter().map(|w| w.range.clone()));
    // A few word ranges too, so that cues are asked about phrases anywhere in the sentence.
    let mut word_starts = s
        .split_whitespace()
        .map(|w| w.as_ptr() as usize - s.as_ptr() as usize);
    ranges.extend(word_starts.by_ref().step_by(3).take(8).map(|i| {
        let len = s[i..].find(char::is_whitespace).unwrap_or(s.len() - i);
        i..i + len
    }));
    for r in &ranges {
        check_range(s, r, "phrase");
        let _ = cues.assertion(r.clone(), std::slice::from_ref(r));
        let _ = cues.assertion_with(r.clone(), &[], std::slice::from_ref(r));
        let m = cues.modality(r, std::slice::from_ref(r));
        let _ = (m.established(), m.absolute());
        let clause = cues.clause(r, s.len());
        assert!(
            clause.start <= r.start && r.end <= clause.end && clause.end <= s.len(),
            "clause {clause:?} of {r:?}"
        );
        let _ = cues.crosses_clause(r);
    }
    for pair in ranges.windows(2) {
        let _ = effect::words_between(s, &pair[0], &pair[1]);
    }
}

fn check_range(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(
        r.start < r.end && r.end <= text.len(),
        "{what}: {r:?} in {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: {r:?} cuts a character"
    );
}

/// One quantity found in `text`.
pub fn check_quantity(text: &str, q: &Quantity) {
    check_range(text, &q.range, "quantity");
    assert!(q.lo <= q.hi, "lo {} > hi {} in {:?}", q.lo, q.hi, q.text);
    assert!(q.lo >= 0.0 && !q.hi.is_nan(), "{q:?}");
    assert!(q.unit_factor > 0.0);
    assert!(!q.text.is_empty() && text[q.range.clone()].contains(q.text.as_str()));
    let (lo, hi) = q.interval();
    assert!(lo <= hi, "interval {lo}..{hi} of {q:?}");
    let units = vetted::lint::units::Units::builtin();
    let _ = (units.describe(q), q.fits(0.0, 1.0), q.fits(q.lo, q.hi));
}

/// Quantities anywhere in a text, and the number and unit readers on its words.
pub fn quantities(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    let found = quantity::find(text);
    let mut last = 0;
    for q in &found {
        check_quantity(text, q);
        assert!(q.range.start >= last, "quantities overlap");
        last = q.range.end;
    }
    for word in text.split_whitespace().take(64) {
        let _ = quantity::number(word);
        let _ = quantity::unit(word);
    }
    let _ = quantity::number(text);
    let _ = quantity::unit(text);
}

/// Citations: a bibliography (the input up to a NUL byte) and a body citing it (the rest).
pub fn citations(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    let (yaml, body) = text.split_once('\0').unwrap_or((text, ""));
    let path = Path::new("lints/sources.yaml");
    let yaml_file = SourceFile::new(path.into(), yaml.to_owned());
    let parsed = Bibliography::parse(path, yaml);
    let empty = Bibliography::default();
    let bib = match &parsed {
        Ok(bib) => {
            for (id, source) in &bib.sources {
                assert_eq!(&source.id, id);
                let line = bib.lines[id];
                assert!(
                    line >= 1 && line <= yaml_file.line_count(),
                    "line {line} of {id}"
                );
                let _ = (
                    source.to_html(),
                    source.short(),
                    source.doi_url(),
                    source.pubmed_url(),
                );
            }
            bib
        }
        Err(err) => {
            check_error_line(&yaml_file, err);
            &empty
        }
    };
    for (id, line) in vetted::bib::id_lines(yaml) {
        assert!(line >= 1 && line <= yaml_file.line_count());
        assert_eq!(vetted::bib::line_of_nth(yaml, &id, 1), Some(line));
    }
    // The body sits after the YAML and its NUL, so that spans are offsets in the whole input.
    let base = text.len() - body.len();
    let file = SourceFile::new("guide/cites.md".into(), text.to_owned());
    let source = markdown::Source {
        body,
        base,
        rel: "guide/cites.md",
        html: HtmlMode::Safe,
    };
    let a = markdown::analyse(source, bib);
    check_analysis(&file, base, &a, bib);
    for (key, span) in &a.unknown_citations {
        let cited = &text[span.start..span.end];
        assert!(
            cited.starts_with("[@"),
            "unknown citation {key} at {cited:?}"
        );
    }
}

/// The files of a registry input, in order, one per NUL-separated part.
pub const REGISTRY_FILES: &[&str] = &[
    "sources.yaml",
    "terms.yaml",
    "claims.yaml",
    "quantities.yaml",
    "config.yaml",
    "rules/a.yaml",
    "rules/b.yaml",
];

/// A document every loaded registry is run on.
const SAMPLE: &str = "---\ntitle: Sample\ndescription: A sample.\n---\n## Is it safe?\n\nAt home, needles of 0.5 mm are used; a clinic uses 1.5-2 mm. It is completely safe and removes scars for good. A study found 90% of people improved [@nope].\n\n| Setting | Needle length |\n|---|---|\n| home | 3 mm |\n";

/// Registry loading: the input's NUL-separated parts become the files of `lints/` in a
/// temporary folder; a registry that loads lints a sample document.
pub fn registry(data: &[u8]) {
    let Some(text) = utf8(data) else { return };
    static DIR: LazyLock<Mutex<tempfile::TempDir>> =
        LazyLock::new(|| Mutex::new(tempfile::tempdir().expect("a temporary folder")));
    let dir = DIR.lock().unwrap_or_else(|e| e.into_inner());
    let lints = dir.path().join("lints");
    let _ = std::fs::remove_dir_all(&lints);
    std::fs::create_dir_all(lints.join("rules")).expect("lints/rules");
    let mut files = Vec::new();
    for (name, content) in REGISTRY_FILES.iter().zip(text.split('\0')) {
        let path = lints.join(name);
        std::fs::write(&path, content).expect("write a registry file");
        files.push(SourceFile::new(path, content.to_owned()));
    }
    let registry = match Registry::load(&lints) {
        Ok(registry) => registry,
        Err(err) => {
            // The error names one of the files, and a line of it.
            if let Some(path) = &err.path {
                if let Some(file) = files.iter().find(|f| &f.path == path) {
                    check_error_line(file, &err);
                } else {
                    assert!(path.starts_with(&lints), "error outside lints/: {err}");
                }
            }
            return;
        }
    };
    let _ = (registry.rule_ids(), registry.claims.len());
    for claim in &registry.claims {
        let _ = registry.claim_note(&claim.id);
    }
    lint_file(&dir.path().join("sample.md"), SAMPLE.as_bytes(), &registry);
}

/// Lints one file as `vetted lint FILE` does (written to `path` first) and checks its
/// problems, its prose and every finding's spans and outputs.
fn lint_file(path: &Path, data: &[u8], registry: &Registry) {
    std::fs::write(path, data).expect("write the document");
    let config = site_config();
    let doc = load_document(
        path,
        "guide/fuzz.md".into(),
        &config,
        &registry.bib,
        Purpose::Lint,
    )
    .expect("a document for linting");
    for problem in &doc.problems {
        check_error_line(&doc.file, problem);
    }
    if !doc.unreadable {
        check_analysis(&doc.file, doc.body_start, &doc.md, &registry.bib);
    }
    let settings = Settings {
        today: Date::parse("2026-11-21").expect("a date"),
        review_interval_days: 365,
    };
    let diagnostics =
        vetted::lint::lint(std::slice::from_ref(&doc), registry, &settings, &|_| true);
    check_diagnostics(&diagnostics);
}

fn check_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        check_span(&d.file, d.span, &d.rule);
        for r in &d.related {
            check_span(&r.file, r.span, &d.rule);
        }
    }
    let summary = Summary::of(diagnostics, 1);
    let _ = diagnostic::human::render_plain(diagnostics, summary);
    let json = diagnostic::json::render(diagnostics, summary);
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON output parses");
    let _ = diagnostic::github::render(diagnostics);
}

/// The whole linter on one file with the shipped registry, as `vetted lint FILE` reads it
/// (any bytes: invalid UTF-8 is a finding too).
pub fn lint(data: &[u8]) {
    static DIR: LazyLock<tempfile::TempDir> =
        LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));
    // One file per thread: the property tests run in parallel.
    let name = format!("{:?}.md", std::thread::current().id()).replace(['(', ')'], "");
    lint_file(&DIR.path().join(name), data, shipped_registry());
}

/// The preview server's request-head parser: any bytes give a request or a refusal, and a
/// request written back out parses to itself.
pub fn http(data: &[u8]) {
    match http::parse_head(data) {
        Ok(request) => {
            assert!(!request.method.is_empty() && !request.target.is_empty());
            assert!(request.target.bytes().all(|b| b.is_ascii_graphic()));
            if let Some(host) = &request.host {
                assert!(host.bytes().all(|b| b.is_ascii_graphic()), "{host:?}");
            }
            let version = if request.host.is_some() {
                "HTTP/1.1"
            } else {
                "HTTP/1.0"
            };
            let mut again = format!("{} {} {version}\r\n", request.method, request.target);
            if let Some(host) = &request.host {
                again.push_str(&format!("Host: {host}\r\n"));
            }
            again.push_str("\r\n");
            assert_eq!(http::parse_head(again.as_bytes()), Ok(request));
        }
        Err(refusal) => {
            assert!(
                matches!(refusal, Refusal::Malformed | Refusal::MissingHost),
                "parse_head gave {refusal:?}"
            );
            let response = refusal.response().expect("a refusal is answered");
            assert!(response.head().starts_with(b"HTTP/1.1 400 "));
        }
    }
}
