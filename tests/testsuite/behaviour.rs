//! What a user sees, as insta snapshots (tests/testsuite/snapshots/): the human output of every
//! rule `vetted explain` lists, each on its own fixture (fixtures/rules/<rule>/), and the HTML
//! of a few pages of the build fixture. A change in wording, layout or markup shows up as a
//! reviewed diff; see README.md beside this file for accepting one.

use crate::harness::{manifest_dir, run, Output, Site};

/// Every rule id, as `vetted explain` lists them (built-in rules and the shipped phrase rules).
fn rule_ids() -> Vec<String> {
    let root = manifest_dir();
    let out = run(&root, &["explain"], None);
    out.assert_code(0);
    out.stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// `vetted lint` (human format) on `fixtures/rules/<rule>/` with the shipped registry, plus the
/// fixture's `sources-extra.yaml` appended to the bibliography when it has one. A `<name>.bytes`
/// file becomes `content/<name>.md`: a file that is not UTF-8 is kept out of the `.md` files
/// that the property tests and the fuzzers' seeds read as text.
fn lint_rule_fixture(rule: &str) -> Output {
    let site = Site::new(&format!("rules/{rule}")).with_registry();
    for entry in std::fs::read_dir(site.root()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "bytes") {
            let name = path.file_stem().unwrap().to_string_lossy();
            site.write_bytes(
                &format!("content/{name}.md"),
                &std::fs::read(&path).unwrap(),
            );
            std::fs::remove_file(&path).unwrap();
        }
    }
    if site.exists("sources-extra.yaml") {
        let extra = site.read("sources-extra.yaml");
        site.append("lints/sources.yaml", &extra);
        site.remove("sources-extra.yaml");
    }
    site.vetted(&["lint"])
}

fn shown(out: &Output) -> String {
    let mut text = format!("$ vetted {}\nexit code: {}\n", out.args.join(" "), out.code);
    text.push_str(&out.stdout);
    if !out.stderr.is_empty() {
        text.push_str("--- stderr ---\n");
        text.push_str(&out.stderr);
    }
    text
}

// Checks that every rule has a fixture that triggers it, and that its human output (snippet, labels, help, summary) matches the reviewed snapshot.
#[test]
fn every_rule_prints_its_finding_as_reviewed() {
    let rules = rule_ids();
    assert!(rules.len() >= 20, "too few rules listed: {rules:?}");
    for rule in &rules {
        assert!(
            manifest_dir()
                .join("tests/testsuite/fixtures/rules")
                .join(rule)
                .is_dir(),
            "rule `{rule}` has no fixture in tests/testsuite/fixtures/rules/{rule}/"
        );
    }
    // One process per rule, all at once.
    let outputs: Vec<Output> = std::thread::scope(|scope| {
        let handles: Vec<_> = rules
            .iter()
            .map(|rule| scope.spawn(move || lint_rule_fixture(rule)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (rule, out) in rules.iter().zip(&outputs) {
        assert!(
            out.stdout.contains(&format!("[{rule}]")),
            "the fixture for `{rule}` does not trigger it\n{out}"
        );
        insta::assert_snapshot!(format!("rule_{rule}"), shown(out));
    }
}

// Checks the built HTML of an article, a section listing and the home page of the build fixture against reviewed snapshots (the version number shown as [VERSION]).
#[test]
fn built_pages_are_as_reviewed() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    for (name, page) in [
        ("article", "public/basics/what-is-it/index.html"),
        ("section", "public/basics/index.html"),
        ("home", "public/index.html"),
    ] {
        let html = site
            .read(page)
            .replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
        insta::assert_snapshot!(format!("html_{name}"), html);
    }
}

/// The rows of the README table under `header`: the first cell's rule ids, and the other cells.
fn readme_table(readme: &str, header: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let table = readme
        .split(&format!("\n{header}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("the README has a table {header}"));
    table
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<String> = l.split('|').map(|c| c.trim().to_owned()).collect();
            let ids = (cells[1].split(','))
                .map(|id| id.trim().trim_matches('`').to_owned())
                .collect();
            (ids, cells[2..].to_vec())
        })
        .collect()
}

// Checks that the README's rule tables say which rules every site has (the engine's) and which
// phrase rules `vetted init` and this repository's lints/ each ship: the engine's plus each
// set of phrase rules is exactly what `vetted explain` lists for that site.
#[test]
fn readme_rule_tables_match_explain() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let engine: Vec<String> = readme_table(&readme, "| rule | category | what it finds |")
        .into_iter()
        .flat_map(|(ids, _)| ids)
        .collect();
    let files = readme_table(
        &readme,
        "| rule file | category | `vetted init` | this repository | what it finds |",
    );
    let shipped_in = |column: usize| -> Vec<String> {
        let mut ids = engine.clone();
        ids.extend(
            (files.iter())
                .filter(|(_, cells)| cells[column] == "yes")
                .flat_map(|(ids, _)| ids.clone()),
        );
        ids.sort();
        ids
    };
    let mut explained = rule_ids();
    explained.sort();
    assert_eq!(
        shipped_in(2),
        explained,
        "README vs `vetted explain` in this repository"
    );

    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["init", "site"], None).assert_code(0);
    let out = run(&dir.path().join("site"), &["explain"], None);
    out.assert_code(0);
    let mut explained: Vec<String> = (out.stdout.lines())
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    explained.sort();
    assert_eq!(
        shipped_in(1),
        explained,
        "README vs `vetted explain` on an init site"
    );
    // The list is in columns, however long a rule id is.
    let category_at: Vec<usize> = (out.stdout.lines())
        .map(|l| l.find(' ').unwrap() + l[l.find(' ').unwrap()..].find(|c| c != ' ').unwrap())
        .collect();
    assert!(
        category_at.windows(2).all(|w| w[0] == w[1]),
        "{}",
        out.stdout
    );
}
