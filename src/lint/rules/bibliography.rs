//! Sources in `lints/sources.yaml` that a reader cannot look up: no DOI, PubMed id or URL, or
//! a title that is only a placeholder. Reported at the entry's line in the bibliography.

use crate::bib::Source;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, Hook, Rule};
use crate::source::{SourceFile, Span};

pub(crate) const NO_IDENTIFIER: Builtin = Builtin {
    id: "source-without-identifier",
    category: Category::Citation,
    severity: Severity::Warning,
    summary: "A source with no DOI, PubMed id or URL",
    doc: r#"## What it does
Checks every entry of `lints/sources.yaml` for a `doi`, a `pmid` or a `url`.

## Why is this bad?
A reference a reader cannot find is no better than no reference: the page's numbered citation
leads nowhere they can check.

## How to fix
Add the DOI, PubMed id or address. Where none exists (a conference paper never put online, a
regulation quoted from print), say so: `identifier: none` with a `note` explaining why turns the
warning off for that entry.

## Example
```yaml
- id: lee2008
  title: Adhesion of skin patches in warm and humid conditions
  year: 2008
```
Use instead:
```yaml
- id: lee2008
  title: Adhesion of skin patches in warm and humid conditions
  year: 2008
  identifier: none
  note: "Conference paper (SciTePress); no DOI or online copy was found."
```
"#,
};

pub(crate) const PLACEHOLDER_TITLE: Builtin = Builtin {
    id: "placeholder-source-title",
    category: Category::Citation,
    severity: Severity::Error,
    summary: "A source whose title is a placeholder",
    doc: r#"## What it does
Finds titles in `lints/sources.yaml` that stand in for a real one: text in square brackets
(`[Title not captured ...]`), or containing "not captured", "placeholder", "TODO" or "TBD".

## Why is this bad?
The reference list shows the title to readers as if it were the source's.

## How to fix
Find the real title (the DOI or PubMed record has it), or remove the source.
"#,
};

/// Findings about the bibliography, with the registry's severity overrides applied.
pub(crate) fn check(registry: &Registry) -> Vec<Diagnostic> {
    let bib = &registry.bib;
    if bib.sources.is_empty() {
        return Vec::new();
    }
    let Ok(text) = std::fs::read_to_string(&bib.path) else {
        return Vec::new();
    };
    let file = SourceFile::new(bib.path.clone(), text);
    let mut out = Vec::new();
    for (id, source) in &bib.sources {
        let line = bib.lines.get(id).copied().unwrap_or(1);
        for (rule, message, help, key) in problems(source) {
            let key_line = key
                .and_then(|k| entry_key_line(&file, line, k))
                .unwrap_or(line);
            let start = file.line_start(key_line);
            let span = Span::new(start, start + file.line_text(key_line).len());
            let severity = match registry.severity.get(rule.id) {
                Some(None) => continue,
                Some(Some(level)) => *level,
                None => rule.severity,
            };
            out.push(
                Diagnostic::new(rule.id, rule.category, severity, &file, span, message).help(help),
            );
        }
    }
    out
}

type Problem = (&'static Builtin, String, &'static str, Option<&'static str>);

fn problems(source: &Source) -> Vec<Problem> {
    let mut out = Vec::new();
    if is_placeholder(&source.title) {
        out.push((
            &PLACEHOLDER_TITLE,
            format!("source `{}` has a placeholder title", source.id),
            "give the source's real title (its DOI or PubMed record has it), or remove the source",
            Some("title"),
        ));
    }
    let has_id = [&source.doi, &source.pmid, &source.url]
        .iter()
        .any(|f| f.as_deref().is_some_and(|v| !v.trim().is_empty()));
    match source.identifier.as_deref() {
        Some("none") if source.note.as_deref().is_some_and(|n| !n.trim().is_empty()) => {}
        Some("none") => out.push((
            &NO_IDENTIFIER,
            format!(
                "source `{}` says `identifier: none` without a `note` saying why",
                source.id
            ),
            "add a `note` saying why the source has no DOI, PubMed id or URL",
            Some("identifier"),
        )),
        _ if has_id => {}
        _ => out.push((
            &NO_IDENTIFIER,
            format!("source `{}` has no DOI, PubMed id or URL", source.id),
            "add `doi`, `pmid` or `url`; if the source has none, set `identifier: none` and say why in `note`",
            None,
        )),
    }
    out
}

fn is_placeholder(title: &str) -> bool {
    let t = title.trim();
    let lower = t.to_lowercase();
    (t.starts_with('[') && t.ends_with(']'))
        || ["not captured", "placeholder", "todo", "tbd", "untitled"]
            .iter()
            .any(|w| {
                lower
                    .split(|c: char| !c.is_alphanumeric() && c != ' ')
                    .any(|part| part.trim() == *w || (w.contains(' ') && part.contains(w)))
            })
}

/// The line of `key:` inside the entry that starts at `line`.
fn entry_key_line(file: &SourceFile, line: usize, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    (line..=file.line_count())
        .take_while(|&l| l == line || !file.line_text(l).trim_start().starts_with("- "))
        .find(|&l| {
            let t = file.line_text(l).trim_start();
            t.strip_prefix("- ").unwrap_or(t).starts_with(&prefix)
        })
}

pub(crate) const RULE: Rule = Rule {
    ids: &[NO_IDENTIFIER, PLACEHOLDER_TITLE],
    hooks: &[Hook::Registry(check)],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        assert!(is_placeholder(
            "[Title not captured: Scientific Reports article]"
        ));
        assert!(is_placeholder("TODO"));
        assert!(is_placeholder("Title not captured"));
        assert!(!is_placeholder("Microneedling: A Comprehensive Review"));
        assert!(!is_placeholder("Todos los pacientes"));
    }
}
