//! `vetted init`: the starter builds and lints clean at once and says nothing about any one
//! topic; it never overwrites a file; `init --theme` copies the built-in theme, and a site
//! overrides any theme file by name; a site without `themes/` builds with the built-in theme.

use std::fmt::Write as _;

use crate::harness::{article, copy_dir, fixtures_dir, manifest_dir, read_tree, run, Site};

/// Words of the shipped knowledge base's topic that must not reach a new site.
const TOPIC_WORDS: &[&str] = &[
    "needle",
    "micro-needling",
    "microneedling",
    "roller",
    "collagen",
    "dermaroller",
];

/// A new site: `vetted init` into an empty temporary folder.
fn init_site() -> Site {
    let site = Site::bare();
    let dir = site.root().to_string_lossy().into_owned();
    run(site.root(), &["init", &dir], Some(site.root()))
        .assert_code(0)
        .assert_stdout_contains("site.yaml");
    site
}

/// The topic words found in `files`, as "file: word".
fn topic_words_in(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for word in TOPIC_WORDS {
            if text.contains(word) {
                found.push(format!("{name}: {word}"));
            }
        }
    }
    found
}

// Checks that `vetted init` writes a site that `vetted build` and `vetted lint` accept with no
// finding at all, and that neither it nor the built site has a word of the shipped topic.
#[test]
fn init_writes_a_site_that_builds_and_lints_clean() {
    let site = init_site();
    for file in [
        "site.yaml",
        "content/_index.md",
        "lints/terms.yaml",
        "lints/claims.yaml",
        "lints/quantities.yaml",
        "lints/sources.yaml",
        "lints/config.yaml",
    ] {
        assert!(site.exists(file), "init wrote no {file}");
    }
    assert!(
        !site.exists("themes"),
        "init copies the theme only with --theme"
    );
    let written = site.tree("");
    let (out, report) = site.lint_json(&[]);
    out.assert_code(0);
    assert!(
        report.diagnostics.is_empty(),
        "findings in the starter\n{out}"
    );
    site.build(&[]).assert_code(0);
    let public = site.tree("public");
    assert!(public.contains_key("index.html") && public.contains_key("style.css"));
    let mut found = topic_words_in(&written);
    found.extend(topic_words_in(&public));
    assert!(found.is_empty(), "topic words: {found:?}");
    // The example article shows every front-matter key an article can have.
    let example = site.read("content/basics/example-article.md");
    for key in vetted::config::FRONT_MATTER_KEYS.iter().chain(&["tags"]) {
        assert!(
            example.contains(&format!("\n{key}:")),
            "the example article lacks `{key}`"
        );
    }
    // Its dates are the day of `init`: reviewed, so not overdue.
    assert!(example.contains(&format!("reviewed: {}", crate::harness::TODAY)));
}

// Checks that `vetted init` into a folder with any of its files refuses, naming the file,
// and writes nothing at all.
#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let site = Site::bare();
    site.write("site.yaml", "title: Mine\n");
    let dir = site.root().to_string_lossy().into_owned();
    let out = run(site.root(), &["init", &dir], Some(site.root()));
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr_contains("[ROOT]/site.yaml")
        .assert_stderr_contains("already exists");
    assert_eq!(site.read("site.yaml"), "title: Mine\n");
    assert!(!site.exists("content") && !site.exists("lints"), "{out}");

    // The same with the current folder and a file deep in the starter.
    let site = Site::bare();
    site.write("lints/rules/cure-language.yaml", "mine\n");
    let out = run(site.root(), &["init"], Some(site.root()));
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr_contains("cure-language.yaml");
    assert_eq!(site.read("lints/rules/cure-language.yaml"), "mine\n");
    assert!(
        !site.exists("site.yaml") && !site.exists("content"),
        "{out}"
    );
}

// Checks that `init --theme` copies the built-in theme, that an edited copy changes the site,
// that a deleted copy falls back to the built-in file, and that it too never overwrites.
#[test]
fn init_theme_copies_files_that_override_the_built_in_ones() {
    let site = init_site();
    site.build(&[]).assert_code(0);
    let before = site.tree("public");
    run(site.root(), &["init", "--theme"], Some(site.root())).assert_code(0);
    let theme = manifest_dir().join("themes/default");
    assert_eq!(
        site.tree("themes/default"),
        read_tree(&theme),
        "the copy is the built-in theme"
    );
    // An unchanged copy changes nothing.
    site.build(&[]).assert_code(0);
    assert_eq!(site.tree("public"), before);

    site.replace(
        "themes/default/templates/page.html",
        "<div class=\"prose\">",
        "<p class=\"edited-marker\">Edited theme</p>\n<div class=\"prose\">",
    );
    site.remove("themes/default/static/style.css");
    site.build(&[]).assert_code(0);
    let page = site.read("public/basics/example-article/index.html");
    assert!(page.contains("edited-marker"), "{page}");
    assert_eq!(
        site.read("public/style.css"),
        std::fs::read_to_string(theme.join("static/style.css")).unwrap(),
        "a deleted copy comes from the built-in theme"
    );

    let out = run(site.root(), &["init", "--theme"], Some(site.root()));
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr_contains("themes/default/")
        .assert_stderr_contains("already exists");
    assert!(site
        .read("themes/default/templates/page.html")
        .contains("edited-marker"));
}

// Checks that a site without a themes folder builds exactly as with the shipped theme copied
// in, and that one file in themes/default/ or templates/ replaces its built-in namesake alone.
#[test]
fn a_site_without_themes_builds_with_the_built_in_theme() {
    let with_copy = Site::new("site");
    with_copy.build(&[]).assert_code(0);
    let bare = Site::bare();
    copy_dir(&fixtures_dir().join("site"), bare.root());
    assert!(!bare.exists("themes"));
    bare.build(&[]).assert_code(0);
    assert_eq!(bare.tree("public"), with_copy.tree("public"));

    bare.write(
        "themes/default/templates/partials/get_help.html",
        "<p>Our own help text.</p>\n",
    );
    bare.write(
        "templates/partials/disclaimer.html",
        "<p>Our own disclaimer.</p>\n",
    );
    bare.build(&[]).assert_code(0);
    let page = bare.read("public/basics/how-it-works/index.html");
    assert!(page.contains("Our own help text.") && page.contains("Our own disclaimer."));
    assert!(
        page.contains("class=\"site-header"),
        "the rest is built in\n{page}"
    );
}

// Checks that `get_help` in site.yaml replaces the theme's general help box on pages that set
// none, and that the built-in box names no country's services.
#[test]
fn site_get_help_replaces_the_general_help_box() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let page = site.read("public/basics/how-it-works/index.html");
    assert!(page.contains("local emergency number"), "{page}");
    for word in ["999", "NHS", "111", "A&amp;E", "GP"] {
        assert!(!page.contains(word), "the general help box says {word}");
    }
    site.append(
        "site.yaml",
        "get_help: |\n  ### Call **112** if:\n\n  - you cannot breathe\n",
    );
    site.build(&[]).assert_code(0);
    let page = site.read("public/basics/how-it-works/index.html");
    assert!(
        page.contains("<h3>Call <strong>112</strong> if:</h3>"),
        "{page}"
    );
    assert!(!page.contains("local emergency number"), "{page}");
}

// Checks that every bad example of the starter's phrase rules is flagged by its rule and no
// good example is, so that an editor's first `vetted check` passes.
#[test]
fn the_starter_rules_examples_behave_as_documented() {
    let site = init_site();
    let mut examples = Vec::new();
    let rules = site.path("lints/rules");
    let mut files: Vec<_> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml: serde_json::Value = vetted::yaml::YamlDoc::new(&path, &text, 1).parse().unwrap();
        let rule = yaml["id"].as_str().unwrap().to_owned();
        for kind in ["bad", "good"] {
            let list = yaml["examples"][kind].as_array().unwrap();
            assert!(!list.is_empty(), "{rule}: no {kind} examples");
            for (i, text) in list.iter().enumerate() {
                let text = text.as_str().unwrap().to_owned();
                let file = format!("content/examples/{rule}-{kind}-{i}.md");
                let mut body = format!("{text}\n");
                if text.contains("[^1]") {
                    body.push_str("\n[^1]: The source of the example.\n");
                }
                site.write(&file, &article("An example", &body));
                examples.push((rule.clone(), kind == "bad", text, file));
            }
        }
    }
    let (_, report) = site.lint_json(&[]);
    let mut failures = String::new();
    for (rule, bad, text, file) in &examples {
        let fired = report.in_file(file).iter().any(|d| &d.rule == rule);
        if fired != *bad {
            let _ = writeln!(
                failures,
                "{rule}: {} example {text:?} {} (rules: {:?})",
                if *bad { "bad" } else { "good" },
                if *bad { "not flagged" } else { "flagged" },
                report.rules_in(file)
            );
        }
    }
    assert!(failures.is_empty(), "starter rule examples:\n{failures}");
}
