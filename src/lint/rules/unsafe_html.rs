//! Raw HTML, links and images that the page may not carry. `build` and `lint` report them with
//! the links, whatever the lint mode: the page is safe either way, but its author should know
//! that part of what they wrote is missing from it.

use crate::content::Document;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::rule::{Builtin, Rule};

pub(crate) const UNSAFE_HTML: Builtin = Builtin {
    id: "unsafe-html",
    category: Category::Links,
    severity: Severity::Error,
    summary: "Raw HTML or a link that could run code in the reader's browser",
    doc: r#"## What it does
Reports what is kept off the page: links and images to `javascript:`, `vbscript:` or `data:`
URLs (however they are spelled: `JaVaScRiPt:`, `java&Tab;script:`, `&#106;avascript:`), and,
with `html: safe` (the default in `site.yaml`), raw HTML the site does not allow: `<script>`,
`<iframe>`, `<object>`, `<embed>`, `<style>`, `<form>` and other tags outside the allowed
list, event handlers (`onclick`, `onerror`, ...), `srcdoc`, and `style` attributes that load
something (`url(`, `expression(`). The text of a removed tag or link stays on the page. The
`get_help` front matter follows the same rules.

## Why is this bad?
A patient guide is trusted by its readers: a script in an article could show them anything,
collect what they type, or send them elsewhere, under the site's name.

## Example
```markdown
Book a <a href="javascript:track()" onclick="track()">consultation</a>.
<iframe src="https://video.example/embed/1"></iframe>
```
Use instead:
```markdown
Book a [consultation](https://practice.example/book).
[Watch the video](https://video.example/watch/1).
```

## How to fix
Remove it, or link to an `https:` address. If every author of the site is trusted, `html:
trusted` in `site.yaml` passes raw HTML through as written (links and images to the refused
schemes stay refused); `html: escape` shows raw HTML as text instead.
"#,
};

/// One finding per thing kept off the page.
pub(crate) fn check(doc: &Document) -> impl Iterator<Item = Diagnostic> + '_ {
    doc.md.unsafe_html.iter().map(|(span, what)| {
        let help = if what.contains("URL") {
            "link to an `https:` address or to another article instead"
        } else {
            "remove it; the README's Security section lists what raw HTML may use"
        };
        Diagnostic::new(
            UNSAFE_HTML.id,
            UNSAFE_HTML.category,
            UNSAFE_HTML.severity,
            &doc.file,
            *span,
            what.clone(),
        )
        .label("not allowed in content")
        .help(help)
    })
}

/// Found where the Markdown pass removed HTML, and reported with the links (`links.rs`).
pub(crate) const RULE: Rule = Rule {
    ids: &[UNSAFE_HTML],
    hooks: &[],
};
