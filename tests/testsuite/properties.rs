//! Property tests, and the fixtures replayed through the fuzz targets' checks.
//!
//! The checks are the fuzz targets themselves (`tests/fuzz/src/lib.rs`, included here): no
//! panic, spans inside the file and on character boundaries, line and column agreeing with
//! byte offsets, sentences partitioning their block, quantities inside their text with
//! `lo <= hi`, errors naming a line of their file. Inputs are generated from pieces of the
//! syntax each part reads, plus any character, so that few cases reach deep; case counts keep
//! the whole module to a few seconds in a debug build. Longer runs: `tests/fuzz/run.sh`.

// The targets are the fuzz crate's public API, private here.
#[allow(unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

/// Every Markdown file of the shipped site and the test fixtures.
fn markdown_files() -> Vec<PathBuf> {
    let root = targets::repo_root();
    let mut files: Vec<PathBuf> = ["content", "tests/testsuite/fixtures"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).sort_by_file_name())
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// A registry input for `targets::registry`: the files of `dir` in `REGISTRY_FILES` order.
fn registry_input(dir: &Path, rules: [&str; 2]) -> Vec<u8> {
    let names = &targets::REGISTRY_FILES[..5];
    let parts: Vec<String> = names
        .iter()
        .copied()
        .chain(rules)
        .map(|name| std::fs::read_to_string(dir.join(name)).unwrap_or_default())
        .collect();
    parts.join("\0").into_bytes()
}

// Checks that every fixture passes every check, as the seed corpus of the fuzzers does: what
// `tests/fuzz/run.sh` starts from is sound, also where no fuzzer can be installed.
#[test]
fn fixtures_pass_every_check() {
    let root = targets::repo_root();
    let shipped_bib = std::fs::read(root.join("lints/sources.yaml")).unwrap();
    let small_bib =
        std::fs::read(root.join("tests/testsuite/fixtures/registry-small/lints/sources.yaml"))
            .unwrap();
    let files = markdown_files();
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    for (i, path) in files.iter().enumerate() {
        let data = std::fs::read(path).unwrap();
        targets::frontmatter(&data);
        targets::markdown(&data);
        targets::lint(&data);
        let text = String::from_utf8(data.clone()).unwrap();
        for paragraph in text.split("\n\n") {
            targets::sentences(paragraph.as_bytes());
            targets::quantities(paragraph.as_bytes());
        }
        // The shipped bibliography takes a while to parse in a debug build: a few files.
        let bib = if i % 16 == 0 {
            &shipped_bib
        } else {
            &small_bib
        };
        targets::citations(&[&bib[..], b"\0", &data].concat());
    }
    targets::registry(&registry_input(
        &root.join("lints"),
        ["rules/absolute-safety.yaml", "rules/cure-language.yaml"],
    ));
    targets::registry(&registry_input(
        &root.join("tests/testsuite/fixtures/registry-small/lints"),
        ["rules/miracle.yaml", ""],
    ));
    for head in [
        &b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nCookie: a=\xff\r\n\r\n"[..],
        b"HEAD /a/?x=1 HTTP/1.0\n\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        b"GET / HTTP/1.1\r\n\r\n",
    ] {
        targets::http(head);
    }
}

// Checks the inputs the fuzzers and property tests found problems with (each also has a unit
// test where it was fixed): control characters in front matter, YAML errors at the end of a
// file, table cell breaks at the end of a file, citations changed by smart punctuation.
#[test]
fn inputs_found_by_fuzzing() {
    targets::citations(b"\0\n| a | b |\n|---|---|\n    `");
    targets::markdown(b"| a | b |\n|---|---|\n[@aust2008]");
    targets::lint(b"---\n---\n[@nope, p. 'x']");
    targets::frontmatter(b"---\ntitle: Welcome\ndescription: The home pag\0\0 guide.\n---\n");
    targets::frontmatter(b"---\nreviewer:\n  name: Dr A\n  credentials: \"MBBS\x04\"\n---\n");
    targets::lint(b"---\ntitle: A\ndescription: B\x7f\n---\nBody.\n");
    targets::citations(b"- id: a\n  title: T\n  authors: [A, B");
    targets::registry(b"\0\0- id: x\n  topic: t\n  x");
}

/// Strings made of `pieces` (mostly) and any characters, up to `max` parts.
fn made_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let part = prop_oneof![
        8 => prop::sample::select(pieces).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(part, 0..max).prop_map(|parts| parts.concat())
}

const PROSE: &[&str] = &[
    "It is completely safe.",
    "Needles of 0.5 mm",
    " to 2.5 mm",
    "1,5 mm",
    ".5mm",
    "between one and two millimetres",
    "up to about ",
    " or less",
    "three weeks",
    "an hour",
    "a fifth of a millimetre",
    "90%",
    "two thirds of",
    "a study found",
    "(Okafor et al., 2019)",
    "[4]",
    "doi:10.1000/x",
    "never causes infections",
    "removes scars for good",
    "scar-free",
    "at home",
    "in a clinic",
    "It ",
    "is not ",
    "may ",
    "if ",
    "said that ",
    "you ",
    "Although ",
    "e.g.",
    " Dr. ",
    "No. 4",
    "et al.",
    "U.S.",
    "?",
    "!",
    ".",
    "...",
    "…",
    ", ",
    "; ",
    " ",
    "\n",
    "\"",
    "'",
    "“",
    "”",
    "’",
    ")",
    "[@aust2008]",
    "[^1]",
    "é",
    "µm",
    "μm",
    "—",
    "\u{2028}",
    "İ",
];

const MARKDOWN: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "```\n",
    "`",
    "**",
    "*",
    "_",
    "~~",
    "| a | b |\n|---|---|\n",
    "| home | 3 mm |\n",
    "|",
    "[@aust2008]",
    "[@alam2014; @aust2008, p. 7]",
    "[@nope, p. 'x']",
    "[@a&amp;b]",
    "[@",
    "]",
    "[^1]",
    "[^1]: A note.\n",
    "<!-- vetted-disable-next-line all -- a reason -->\n",
    "<!--",
    "<b>",
    "[a link](../safety/side-effects.md#risks)",
    "[b](https://example.org)",
    "![img](x.png)",
    "&amp;",
    "\\",
    " {#custom-id}",
    "'",
    "\"",
    "“",
    "é",
    "µm",
    "…",
    "\r\n",
    "\t",
    "It is completely safe.",
    "Needles of 0.5 mm to 2.5 mm",
    "Home rollers use 3 mm needles.",
    "e.g.",
    "?",
    ". ",
    "90%",
    "never causes infections",
];

const FRONT_MATTER: &[&str] = &[
    "---\n",
    "...\n",
    "\u{feff}",
    "title: A title\n",
    "description: B\n",
    "date: 2026-02-30\n",
    "reviewed: 2026-01-01\n",
    "reviewer:\n  name: Dr X\n  credentials: MD\n",
    "tags: [a, b]\n",
    "concerns:\n  - acne scars\n",
    "tags: [\"\"]\n",
    "weight: 1e29\n",
    "weight: 3\n",
    "slug: ../x\n",
    "aliases: [\"/a/\", \"../../b\"]\n",
    "extra:\n  k: v\n",
    "extra: 3\n",
    "template: ../x.html\n",
    "sort_by: date\n",
    "paginate_by: 0\n",
    "draft: true\n",
    "get_help: |\n  - See a doctor\n",
    "titel: x\n",
    "\"quoted\": x\n",
    "  nested: y\n",
    "- item\n",
    "key: 'open\n",
    "key: [a,\n",
    "key: \"a\\0b\"\n",
    "&a x\n",
    "*a\n",
    ": ",
    "#",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\0",
    "Body [@aust2008].\n",
];

const HTTP: &[&[u8]] = &[
    b"GET",
    b"HEAD",
    b"POST",
    b" ",
    b"/",
    b"/a/?x=1",
    b"//evil",
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"\r\n",
    b"\n",
    b"\r",
    b"Host:",
    b"host: ",
    b"localhost:1111",
    b"[::1]",
    b":",
    b"\t",
    b"\0",
    b"\xff",
    b"Cookie: a=\xff",
    b" folded",
];

/// A small registry: each file from a few entries, some broken; NUL-separated.
fn registry_inputs() -> impl Strategy<Value = String> {
    const SOURCES: &[&str] = &[
        "- id: a\n  title: A\n  year: 2020\n",
        "- id: b\n  type: web\n  title: B\n  url: https://example.org\n",
        "- id: a\n  title: again\n",
        "- id: c\n  titel: typo\n",
    ];
    const TERMS: &[&str] = &[
        "home: [home, at home, DIY*]\n",
        "clinic: [clinic, professional*]\n",
        "same: [the same as, as good as]\n",
        "bad: ['(']\n",
        "empty: []\n",
    ];
    const CLAIMS: &[&str] = &[
        "- id: c1\n  topic: t\n  statement: S.\n  verdict: unsupported\n  category: efficacy\n  sources: [a]\n  match:\n    - all: [\"{home}\", \"{same}\", \"{clinic}\"]\n      within: 12\n",
        "- id: c2\n  topic: t\n  statement: T.\n  verdict: supported\n  category: efficacy\n  contradicts: [c1]\n  match:\n    - regex: 'clinic\\s+(?:is\\s+)?better'\n",
        "- id: c3\n  topic: t\n  statement: U.\n  verdict: false\n  category: safety\n  sources: [nope]\n  match:\n    - all: [\"{nope}\"]\n",
        "- id: c4\n  topic: t\n  statement: V.\n  verdict: unsupported\n  category: efficacy\n  match:\n    - all: [home]\n      none: [clinic]\n      order: true\n",
    ];
    const QUANTITIES: &[&str] = &[
        "- id: needle-length\n  dimension: length\n  subject: [needle*]\n  words: [long, length]\n  ranges:\n    - context: home\n      min: 0.1\n      max: 0.5\n    - context: any\n      min: 0.1\n      max: 3\n",
        "- id: x\n  dimension: width\n",
    ];
    const CONFIG: &[&str] = &[
        "readability:\n  target_grade: 8\n",
        "rules:\n  miracle-words: off\n",
        "rules:\n  nope: error\n",
    ];
    const RULES: &[&str] = &[
        "id: miracle-words\ncategory: efficacy\nseverity: error\nsummary: Miracle\nmessage: '\"{match}\" oversells'\nhelp: Say less.\npatterns:\n  - '\\bmiracle\\b'\n  - '\\b{home}\\s+wonder\\b'\ndoc: x\nexamples:\n  bad:\n    - It is a miracle cure.\n  good:\n    - It is no miracle.\n",
        "id: r2\ncategory: safety\nseverity: warning\nsummary: R\nmessage: m\nhelp: h\npatterns: ['[']\ndoc: d\n",
    ];
    let file = |pieces: &'static [&'static str]| made_of(pieces, 4);
    (
        file(SOURCES),
        file(TERMS),
        file(CLAIMS),
        file(QUANTITIES),
        file(CONFIG),
        file(RULES),
    )
        .prop_map(|(s, t, c, q, cfg, r)| [s, t, c, q, cfg, r].join("\0"))
}

/// `cases` cases from a fixed seed, so that `cargo test` is deterministic; a failure prints
/// its shrunk input (cases worth keeping go to `inputs_found_by_fuzzing`). Set
/// `PROPTEST_RNG_SEED` (a number) to explore other cases.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(20_261_205);
    }
    config
}

proptest! {
    #![proptest_config(config(200))]

    // Checks that sentences, cues, efficacy words and quantities keep their invariants.
    #[test]
    fn sentences_and_quantities(text in made_of(PROSE, 24)) {
        targets::sentences(text.as_bytes());
        targets::quantities(text.as_bytes());
    }

    // Checks that the Markdown pass keeps its spans inside the body, on character boundaries.
    #[test]
    fn markdown_to_prose(body in made_of(MARKDOWN, 24)) {
        targets::markdown(body.as_bytes());
    }

    // Checks that any front matter gives metadata or errors that name a line of the file.
    #[test]
    fn front_matter(text in made_of(FRONT_MATTER, 12), body in made_of(MARKDOWN, 6)) {
        let file = format!("---\n{text}---\n{body}");
        targets::frontmatter(file.as_bytes());
        targets::frontmatter(text.as_bytes());
    }

    // Checks that a bibliography and a body citing it keep the citation invariants.
    #[test]
    fn citations(yaml in made_of(&["- id: aust2008\n  title: T\n", "- id: a\n  title: A\n  year: 2020\n", "  doi: 10.1/x\n", "  pmid: 123\n", "- id: a\n", "  authors: [A B, C D]\n", "  jornal: x\n", ":", "\n"], 6), body in made_of(MARKDOWN, 16)) {
        targets::citations(format!("{yaml}\0{body}").as_bytes());
    }

    // Checks that the request-head parser gives a request or a refusal for any bytes.
    #[test]
    fn http_heads(parts in prop::collection::vec(prop_oneof![
        8 => prop::sample::select(HTTP).prop_map(<[u8]>::to_vec),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ], 0..24)) {
        targets::http(&parts.concat());
    }
}

proptest! {
    // Each case loads a registry and lints a sample with it: fewer cases.
    #![proptest_config(config(24))]

    // Checks that registry loading reports errors at a line of the right file, and that a
    // registry that loads lints a document with valid spans.
    #[test]
    fn registry_loading(input in registry_inputs()) {
        targets::registry(input.as_bytes());
    }

    // Checks that linting a whole file with the shipped registry gives findings with valid spans.
    #[test]
    fn whole_file_lint(front in made_of(FRONT_MATTER, 6), body in made_of(MARKDOWN, 24)) {
        targets::lint(format!("---\n{front}---\n{body}").as_bytes());
    }
}
