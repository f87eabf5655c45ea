//! How raw HTML, links and images written in content reach a page, by the `html` setting.
//!
//! HTML comments never reach a page in any mode (they hold editors' notes and suppression
//! directives). Links and images to `javascript:`, `vbscript:` and `data:` URLs are refused in
//! every mode. Raw HTML is cleaned by `sanitize` (`safe`), shown as text (`escape`) or passed
//! through (`trusted`).

use std::ops::Range;

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

use super::sanitize;

/// What reaches the page from one Markdown text, and what was kept from it.
pub(crate) struct Guard {
    mode: HtmlMode,
    /// Raw HTML reached the events: the rendered HTML is cleaned as a whole.
    needs_clean: bool,
    /// Byte ranges in the parsed text and what was removed there.
    pub removed: Vec<(Range<usize>, String)>,
}

impl Guard {
    pub(crate) fn new(mode: HtmlMode) -> Guard {
        Guard {
            mode,
            needs_clean: false,
            removed: Vec::new(),
        }
    }

    /// The events standing for a piece of raw HTML as written: one inline tag, or a whole HTML
    /// block. `source` maps a byte offset in the raw text to one in the parsed text.
    pub(crate) fn raw<'a>(
        &mut self,
        raw: RawHtml,
        block: bool,
        source: impl Fn(usize) -> usize,
    ) -> Vec<Event<'a>> {
        let RawHtml { visible, kept, .. } = raw;
        if visible.trim().is_empty() {
            return Vec::new();
        }
        let original = |offset: usize| source(map_offset(&kept, offset));
        match self.mode {
            HtmlMode::Safe => {
                for (range, what) in sanitize::scan(&visible) {
                    let end = original(range.end.max(range.start + 1) - 1) + 1;
                    self.removed.push((original(range.start)..end, what));
                }
                self.needs_clean = true;
                vec![Event::Html(visible.into())]
            }
            HtmlMode::Escape if block => vec![
                Event::Html("<p>".into()),
                Event::Text(visible.trim_end().to_owned().into()),
                Event::Html("</p>\n".into()),
            ],
            HtmlMode::Escape => vec![Event::Text(visible.into())],
            HtmlMode::Trusted => vec![Event::Html(visible.into())],
        }
    }

    /// Whether a link (or an image) to `url` is refused; records it at `range` if so.
    pub(crate) fn refuses(&mut self, url: &str, range: Range<usize>, image: bool) -> bool {
        let Some(scheme) = sanitize::refused_scheme(url) else {
            return false;
        };
        self.removed.push((
            range,
            if image {
                format!("image from a `{scheme}:` URL removed (its description is kept)")
            } else {
                format!("link to a `{scheme}:` URL removed (its text is kept)")
            },
        ));
        true
    }

    /// The rendered HTML, cleaned as a whole when raw HTML reached it.
    pub(crate) fn finish(&self, html: String) -> String {
        if self.needs_clean {
            sanitize::clean(&html)
        } else {
            html
        }
    }
}

/// Maps an offset through `(new_start, old_start)` pieces, sorted by `new_start`.
pub(crate) fn map_offset(pieces: &[(usize, usize)], offset: usize) -> usize {
    let i = pieces.partition_point(|&(new, _)| new <= offset).max(1) - 1;
    pieces
        .get(i)
        .map_or(offset, |&(new, old)| old + (offset - new))
}

/// A piece of raw HTML split into its comments and the rest.
pub(crate) struct RawHtml {
    /// The text without its comments.
    pub visible: String,
    /// For each piece of `visible`: `(offset in visible, offset in the raw text)`.
    kept: Vec<(usize, usize)>,
    /// Byte ranges of the comments in the raw text.
    pub comments: Vec<Range<usize>>,
}

/// Splits off the comments. A comment runs from `<!--` to the first `-->` (or `--!>`, or the
/// end); `<!-->` and `<!--->` are whole comments, as in browsers.
pub(crate) fn split_comments(raw: &str) -> RawHtml {
    let mut out = String::with_capacity(raw.len());
    let mut kept = Vec::new();
    let mut comments = Vec::new();
    let mut at = 0;
    while let Some(i) = raw[at..].find("<!--") {
        let open = at + i;
        kept.push((out.len(), at));
        out.push_str(&raw[at..open]);
        let body = &raw[open + 4..];
        let close = if body.starts_with('>') {
            Some(1)
        } else if body.starts_with("->") {
            Some(2)
        } else {
            comment_close(body)
        };
        at = close.map_or(raw.len(), |c| open + 4 + c);
        comments.push(open..at);
    }
    kept.push((out.len(), at));
    out.push_str(&raw[at..]);
    RawHtml {
        visible: out,
        kept,
        comments,
    }
}

/// The end of the first `-->` or `--!>` in `body`, found in one pass (many comments stay
/// linear; `--->` counts).
fn comment_close(body: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let i = from + body[from..].find("--")?;
        let rest = &body[i + 2..];
        if rest.starts_with('>') {
            return Some(i + 3);
        }
        if rest.starts_with("!>") {
            return Some(i + 4);
        }
        from = i + 1;
    }
}

/// Renders a small piece of Markdown (front-matter text such as `get_help`) to HTML under the
/// same rules as article bodies, with what was removed from it.
pub(crate) fn render_fragment(text: &str, mode: HtmlMode) -> (String, Vec<String>) {
    let mut guard = Guard::new(mode);
    let mut events: Vec<Event> = Vec::new();
    let mut block: Option<String> = None;
    let mut images: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                let raw = block.take().unwrap_or_default();
                events.extend(guard.raw(split_comments(&raw), true, |o| o));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => match &mut block {
                Some(b) => b.push_str(&raw),
                None => events.extend(guard.raw(split_comments(&raw), false, |o| o)),
            },
            Event::Start(Tag::Link { ref dest_url, .. })
                if guard.refuses(dest_url, range.clone(), false) =>
            {
                events.push(Event::Html("<a>".into()));
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                let refused = guard.refuses(dest_url, range, true);
                images.push(refused);
                if !refused {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Image) => {
                if images.pop() != Some(true) {
                    events.push(event);
                }
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    let html = guard.finish(out);
    (
        html,
        guard.removed.into_iter().map(|(_, what)| what).collect(),
    )
}

/// What happens to raw HTML written in Markdown (`html` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlMode {
    /// Allowed tags and attributes only; anything that could run code is removed and reported.
    #[default]
    Safe,
    /// Every raw HTML tag is shown as text.
    Escape,
    /// Passed through as written: for sites whose every author is trusted.
    Trusted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_cut_and_offsets_kept() {
        let raw = "a<!-- x -->b<!-->c<!-- y --->d<!-- z --!>e<!-- open";
        let split = split_comments(raw);
        assert_eq!(split.visible, "abcde");
        assert_eq!(map_offset(&split.kept, 1), raw.find('b').unwrap());
        assert_eq!(map_offset(&split.kept, 2), raw.find('c').unwrap());
        let comments: Vec<&str> = split.comments.iter().map(|c| &raw[c.clone()]).collect();
        assert_eq!(
            comments,
            [
                "<!-- x -->",
                "<!-->",
                "<!-- y --->",
                "<!-- z --!>",
                "<!-- open"
            ]
        );
    }

    #[test]
    fn many_comments_stay_linear() {
        let raw = "<!-- a -->b".repeat(50_000);
        let split = split_comments(&raw);
        assert_eq!(split.comments.len(), 50_000);
        assert_eq!(split.visible, "b".repeat(50_000));
    }

    #[test]
    fn fragments_follow_the_mode() {
        let text = "Call **999** <b>now</b><script>x()</script> [or](javascript:alert(1)).";
        let (safe, removed) = render_fragment(text, HtmlMode::Safe);
        assert_eq!(
            safe,
            "<p>Call <strong>999</strong> <b>now</b> <a>or</a>.</p>\n"
        );
        assert_eq!(
            removed,
            [
                "`<script>` element removed with its content",
                "link to a `javascript:` URL removed (its text is kept)"
            ]
        );
        let (escaped, removed) = render_fragment(text, HtmlMode::Escape);
        assert!(
            escaped.contains("&lt;b&gt;now&lt;/b&gt;&lt;script&gt;"),
            "{escaped}"
        );
        assert_eq!(removed.len(), 1);
        let (trusted, _) = render_fragment(text, HtmlMode::Trusted);
        assert!(trusted.contains("<script>x()</script>"), "{trusted}");
        assert!(!trusted.contains("javascript:"), "{trusted}");
    }
}
