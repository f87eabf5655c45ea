//! A rule that exists only in unit tests: it shows that a new rule is this file plus one line
//! in `RULES`, and that the list alone brings it to the prefilter, the linter's loop,
//! `vetted explain`, suppressions and `config.yaml` severities.

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::SentenceCheck;
use crate::lint::rule::{Builtin, Hook, Rule, Trigger};

pub(super) const TEST_RULE: Builtin = Builtin {
    id: "test-only-rule",
    category: Category::Style,
    severity: Severity::Warning,
    summary: "A rule that exists in unit tests only",
    doc: "## What it does\nFlags the word `xylophonic`.\n",
};

pub(super) const RULE: Rule = Rule {
    ids: &[TEST_RULE],
    hooks: &[Hook::Sentence {
        trigger: Trigger::Pattern {
            text: |_| r"(?i)\bxylophonic\b".to_owned(),
            compile: |_| Vec::new(),
        },
        run: check,
    }],
};

fn check(s: &mut SentenceCheck) {
    if let Some(at) = s.text.to_lowercase().find("xylophonic") {
        let span = s.sentence.span(at..at + "xylophonic".len());
        let d = Diagnostic::new(
            TEST_RULE.id,
            TEST_RULE.category,
            TEST_RULE.severity,
            &s.doc.file,
            span,
            "a xylophonic word".to_owned(),
        );
        s.out.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::content::{DocKind, Document};
    use crate::lint::{self, Registry};
    use crate::source::SourceFile;

    fn lint(text: &str, config: Option<&str>) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        if let Some(config) = config {
            std::fs::write(dir.path().join("config.yaml"), config).unwrap();
        }
        let registry = Registry::load(dir.path()).unwrap();
        let file = SourceFile::new(PathBuf::from("a.md"), text.to_owned());
        let source = crate::markdown::Source {
            body: text,
            base: 0,
            rel: "a.md",
            html: crate::config::HtmlMode::default(),
        };
        let md = crate::markdown::analyse_prose(source, &registry.bib);
        let doc = Document::new(file, "a.md".into(), 0, DocKind::Section(Box::default()), md);
        let settings = crate::pipeline::settings(&crate::config::SiteConfig::default());
        let found = lint::lint(std::slice::from_ref(&doc), &registry, &settings, &|_| true);
        found
            .iter()
            .map(|d| format!("{} {}", d.rule, d.severity.as_str()))
            .collect()
    }

    #[test]
    fn a_rule_in_the_list_runs_and_is_known_everywhere() {
        // The prefilter and the loop run it.
        assert_eq!(
            lint("A xylophonic sentence.\n", None),
            ["test-only-rule warning"]
        );
        assert!(lint("A plain sentence.\n", None).is_empty());
        // `vetted explain` lists it; suppressions and config.yaml may name it.
        assert!(super::super::builtin("test-only-rule").is_some());
        let suppressed =
            "<!-- vetted-disable-next-line test-only-rule -- a test -->\nA xylophonic sentence.\n";
        assert!(lint(suppressed, None).is_empty());
        let config = "rules:\n  test-only-rule: error\n";
        assert_eq!(
            lint("A xylophonic sentence.\n", Some(config)),
            ["test-only-rule error"]
        );
    }
}
