//! Front matter a trustworthy patient page needs: a clinical reviewer, a review date that is
//! not overdue, an author.

use crate::content::{Document, PageMeta};
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::{key_span, DocFindings, Settings};
use crate::lint::registry::Registry;
use crate::lint::rule::{Builtin, DocumentCheck, Hook, Rule};
use crate::source::Span;

pub(crate) const MISSING: Builtin = Builtin {
    id: "missing-metadata",
    category: Category::Metadata,
    severity: Severity::Warning,
    summary: "A patient page without a reviewer, review date or author",
    doc: r#"## What it does
Checks that every article names its clinical `reviewer` (with credentials), the date it was last
`reviewed`, and its `author`.

## Why is this bad?
Readers judge health information by who wrote it, who checked it and when. Quality standards
(NHS Standard for creating health content, PIF TICK, HONcode principles) ask for all three.

## Example
```yaml
title: Looking after a burn
description: What to do in the days after a minor burn.
```
Use instead:
```yaml
title: Looking after a burn
description: What to do in the days after a minor burn.
author: Vetted editorial team
reviewed: 2026-10-01
reviewer: {name: Dr A. Okafor, credentials: "MBBS, MRCP"}
```
"#,
};

pub(crate) const OVERDUE: Builtin = Builtin {
    id: "review-overdue",
    category: Category::Metadata,
    severity: Severity::Warning,
    summary: "The last clinical review is older than the review interval",
    doc: r#"## What it does
Warns when `reviewed` plus `review_interval_days` from `site.yaml` (default 365) is in the past.

## Why is this bad?
Evidence changes. A page past its review date may give outdated advice, and the page itself
shows readers that its review is overdue.

## How to fix
Have the page reviewed again and update `reviewed`.
"#,
};

pub(crate) const FRONT_MATTER: Builtin = Builtin {
    id: "front-matter",
    category: Category::Metadata,
    severity: Severity::Error,
    summary: "Front matter that is missing, incomplete or invalid",
    doc: r#"## What it does
Reports every problem with a file's front matter: no `---` block, a block that is not closed,
invalid YAML, an unknown key (with the closest valid one), a missing `title` or `description`,
a value of the wrong kind (a date that is not `YYYY-MM-DD`, a `weight` that is not a number).
`vetted lint` still checks the prose of such a file, so a draft pasted from elsewhere can be
linted before it gets its front matter; `vetted build` refuses the file.

## Why is this bad?
A page cannot be published without a title and a description, and a misspelt key (`reviwer:`)
silently loses the information readers rely on.

## Example
```markdown
Paracetamol eases mild pain and brings down a fever.
```
Use instead:
```markdown
---
title: What paracetamol is for
description: What the medicine treats and how to take it safely.
---
Paracetamol eases mild pain and brings down a fever.
```
"#,
};

pub(crate) const UNREADABLE: Builtin = Builtin {
    id: "unreadable-file",
    category: Category::Metadata,
    severity: Severity::Error,
    summary: "A file that cannot be read as UTF-8 text",
    doc: r#"## What it does
Reports a Markdown file that cannot be read (no permission, or bytes that are not UTF-8) at
the place of the first invalid byte. The other files are checked as usual.

## Why is this bad?
Nothing in the file can be checked or published.

## How to fix
Save the file as UTF-8 and make sure it is readable.
"#,
};

/// Each front-matter or read problem of a document, as a finding on its line.
pub(crate) fn problems(doc: &Document, out: &mut Vec<Diagnostic>) {
    let rule = if doc.unreadable {
        &UNREADABLE
    } else {
        &FRONT_MATTER
    };
    for problem in &doc.problems {
        let line = problem.line.unwrap_or(1);
        let span = match problem.column {
            Some(column) => {
                let start = doc.file.line_start(line);
                let text = doc.file.line_text(line);
                let at = text
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i);
                Span::new(start + at, start + at)
            }
            None => key_span(doc, line),
        };
        let mut d = Diagnostic::new(
            rule.id,
            rule.category,
            rule.severity,
            &doc.file,
            span,
            problem.message.clone(),
        );
        if let Some(help) = &problem.help {
            d = d.help(help.clone());
        }
        out.push(d);
    }
}

pub(crate) fn check(
    doc: &Document,
    meta: &PageMeta,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    // Looked up only for a finding: a key's line costs a second read of the front matter.
    let title_span = || key_span(doc, doc.key_line("title"));
    let missing = |what: &str, help: &str, span: Span| {
        Diagnostic::new(
            MISSING.id,
            Category::Metadata,
            MISSING.severity,
            &doc.file,
            span,
            format!("no {what} in the front matter"),
        )
        .help(help.to_owned())
    };
    if meta.reviewer.is_none() {
        out.push(missing(
            "clinical reviewer",
            "add `reviewer: {name: ..., credentials: ...}`",
            title_span(),
        ));
    } else if meta
        .reviewer
        .as_ref()
        .is_some_and(|r| r.credentials.as_deref().is_none_or(str::is_empty))
    {
        let span = key_span(doc, doc.key_line("reviewer"));
        out.push(missing(
            "reviewer credentials",
            "add `credentials:` to the reviewer",
            span,
        ));
    }
    match meta.reviewed {
        None => out.push(missing(
            "review date",
            "add `reviewed: YYYY-MM-DD` with the date of the last clinical review",
            title_span(),
        )),
        Some(reviewed) => {
            let due = reviewed.add_days(settings.review_interval_days);
            if due < settings.today {
                let span = key_span(doc, doc.key_line("reviewed"));
                out.push(
                    Diagnostic::new(
                        OVERDUE.id,
                        Category::Metadata,
                        OVERDUE.severity,
                        &doc.file,
                        span,
                        format!("clinical review overdue since {due}"),
                    )
                    .label(format!("reviewed {reviewed}"))
                    .help("have the page reviewed again and update `reviewed`"),
                );
            }
        }
    }
    if meta.author.is_none() {
        let d = missing(
            "author",
            "add `author:` (a person or the editorial team)",
            title_span(),
        );
        out.push(Diagnostic {
            severity: Severity::Info,
            ..d
        });
    }
}

pub(crate) const RULE: Rule = Rule {
    ids: &[MISSING, OVERDUE, FRONT_MATTER, UNREADABLE],
    hooks: &[Hook::Document(start)],
};

fn start<'a>(
    doc: &'a Document,
    _: &'a Registry,
    settings: &'a Settings,
) -> Option<Box<dyn DocumentCheck + 'a>> {
    Some(Box::new(Metadata { doc, settings }))
}

struct Metadata<'a> {
    doc: &'a Document,
    settings: &'a Settings,
}

impl DocumentCheck for Metadata<'_> {
    /// A page whose front matter could not be read gets that finding, not guesses about the
    /// keys it may lack.
    fn finish(self: Box<Self>, out: &mut DocFindings) {
        problems(self.doc, &mut out.diagnostics);
        if let Some(meta) = self.doc.page().filter(|_| self.doc.problems.is_empty()) {
            check(self.doc, meta, self.settings, &mut out.diagnostics);
        }
    }
}
