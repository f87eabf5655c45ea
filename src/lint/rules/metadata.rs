//! Front matter a trustworthy patient page needs: a clinical reviewer, a review date that is
//! not overdue, an author.

use super::Builtin;
use crate::content::{Document, PageMeta};
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::{key_span, Settings};
use crate::source::Span;

pub const MISSING: Builtin = Builtin {
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
title: Aftercare
description: What to do in the days after treatment.
```
Use instead:
```yaml
title: Aftercare
description: What to do in the days after treatment.
author: Vetted editorial team
reviewed: 2026-10-01
reviewer: {name: Dr A. Okafor, credentials: "MBBS, MRCP"}
```
"#,
};

pub const OVERDUE: Builtin = Builtin {
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

pub fn check(doc: &Document, meta: &PageMeta, settings: &Settings, out: &mut Vec<Diagnostic>) {
    let title_span = key_span(doc, doc.key_line("title"));
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
            title_span,
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
            title_span,
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
            title_span,
        );
        out.push(Diagnostic {
            severity: Severity::Info,
            ..d
        });
    }
}
