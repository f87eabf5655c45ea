//! The registry's own examples, through the code path of `vetted check`: every `examples.bad`
//! entry of every phrase rule, claim and quantity in the project's `lints/` must raise its
//! owner, and every `examples.good` entry must not. Each example is linted as an article of its
//! own; every broken example is reported at once, with its file and line.

use crate::harness::{manifest_dir, Site};

// Checks that every example of the shipped registry behaves as documented (`vetted check`).
#[test]
fn every_registry_example_behaves_as_documented() {
    let site = Site::empty().with_registry();
    let out = site.vetted(&["check"]);
    out.assert_code(0);
    let summary = out.stdout.lines().last().unwrap_or("");
    let examples: usize = summary
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary line\n{out}"));
    assert!(examples >= 40, "only {examples} examples\n{out}");
    assert!(out.stdout.contains(" 0 broken"), "{out}");
    assert!(manifest_dir().join("lints/rules").is_dir());
}
