//! Load stage (`pipeline::load`): one pass over each document's Markdown.
//!
//! A single walk over pulldown-cmark's events produces everything later stages need: the HTML
//! (with heading ids, citation markers and placeholders for internal links, which are resolved
//! once every page is known), the table of contents, the internal links and citation keys with
//! their spans, and the prose blocks the linter reads. Nothing parses a document twice.

pub(crate) mod guard;
pub mod prose;
pub(crate) mod sanitize;

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

use crate::bib::Bibliography;
use crate::config::HtmlMode;
use crate::html::{escape_html, slugify};
use crate::source::Span;
use guard::Guard;
use prose::{BlockKind, ProseBlock};

/// The HTML events of a pass; dropped as they come when only the prose is wanted.
struct Events<'a> {
    keep: bool,
    list: Vec<Event<'a>>,
}

impl<'a> Events<'a> {
    fn push(&mut self, event: Event<'a>) {
        if self.keep {
            self.list.push(event);
        }
    }

    /// Pushes HTML made only when the HTML is kept.
    fn html(&mut self, make: impl FnOnce() -> String) {
        if self.keep {
            self.list.push(Event::Html(make().into()));
        }
    }

    fn insert(&mut self, index: usize, event: Event<'a>) {
        if self.keep {
            self.list.insert(index, event);
        }
    }

    fn len(&self) -> usize {
        self.list.len()
    }
}

/// The Markdown dialect, chosen in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Marks an internal-link placeholder in the HTML: `\u{1}INDEX\u{1}`.
pub const LINK_MARK: char = '\u{1}';

/// Marks where a sentence that states registry claims ends: `\u{2}PAYLOAD\u{2}`, replaced by
/// the evidence markers when the page is rendered (see `ledger`).
pub const CLAIM_MARK: char = '\u{2}';

/// A link to a page of the evidence ledger: `[text](claim:ID)`, `[text](source:ID)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerRef {
    Claim(String),
    Source(String),
}

impl LedgerRef {
    fn parse(dest: &str) -> Option<LedgerRef> {
        if let Some(id) = dest.strip_prefix("claim:") {
            Some(LedgerRef::Claim(id.trim().to_owned()))
        } else {
            dest.strip_prefix("source:")
                .map(|id| LedgerRef::Source(id.trim().to_owned()))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub span: Span,
}

/// Where an internal link points.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// Content-relative path of the target document; `None` for a link within the page.
    pub target: Option<String>,
    pub anchor: Option<String>,
    pub span: Span,
    /// A link to a claim's or a source's page (`target` and `anchor` are then `None`).
    pub ledger: Option<LedgerRef>,
    /// A link or image to a path of the site that is not a content file, as written
    /// (`/img/logo.png`, `leaflet.pdf?v=2`, `/tags/`); `target` and `anchor` are then `None`.
    /// A root-relative one gets the site's path prefix when the page is rendered.
    pub path: Option<String>,
}

/// Everything the single pass learns about a document body.
#[derive(Debug, Default)]
pub struct Analysis {
    pub html: String,
    pub summary: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// Source ids in order of first citation; reference N is `references[N - 1]`.
    pub references: Vec<String>,
    pub unknown_citations: Vec<(String, Span)>,
    pub prose: Vec<ProseBlock>,
    /// HTML comments with their spans (for lint suppressions).
    pub comments: Vec<(Span, String)>,
    /// Raw HTML, links and images kept off the page, with what was removed (`unsafe-html`).
    pub unsafe_html: Vec<(Span, String)>,
    /// The front matter's `get_help`, rendered under the same rules (set by `content::load`).
    pub get_help: Option<String>,
    /// Words of prose (only when the HTML is made).
    pub word_count: usize,
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(@[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?(?:,[^\]@;]*)?(?:;\s*@[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?(?:,[^\]@;]*)?)*)\]").unwrap()
});

/// The document being analysed: its body, where the body starts in the file, its
/// content-relative path, and the rules for its raw HTML.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub body: &'a str,
    /// Byte offset of the body in the file, so that every span is a file offset.
    pub base: usize,
    pub rel: &'a str,
    pub html: HtmlMode,
}

/// Analyses the body of a document.
pub fn analyse(source: Source, bib: &Bibliography) -> Analysis {
    Pass::new(source, bib).run(true)
}

/// Like `analyse`, with a claim marker placeholder (`CLAIM_MARK`) at each of `marks`: a file
/// offset (where a sentence ends) and the placeholder's payload, ascending by offset. A marker
/// never lands inside a link; one inside a text run splits it there. Only the HTML is made:
/// the prose, the summary and the word count come from `analyse`'s first pass (the ledger
/// keeps them), so they are not gathered again here.
pub fn analyse_marked(source: Source, bib: &Bibliography, marks: &[(usize, String)]) -> Analysis {
    let mut pass = Pass::new(source, bib);
    pass.prose = false;
    pass.marks = marks
        .iter()
        .map(|(at, payload)| (at.saturating_sub(source.base), payload.clone()))
        .collect();
    pass.run(true)
}

/// Like `analyse`, but without the HTML, for linting alone.
pub fn analyse_prose(source: Source, bib: &Bibliography) -> Analysis {
    Pass::new(source, bib).run(false)
}

/// The pieces of an HTML block being gathered: its text, and for each piece `(offset in the
/// text, offset in the body)` (lines inside a list or quote are not contiguous in the file).
#[derive(Default)]
struct RawBlock {
    text: String,
    pieces: Vec<(usize, usize)>,
}

struct OpenHeading {
    level: u8,
    explicit_id: Option<String>,
    classes: Vec<String>,
    out_index: usize,
    title: String,
    span: Span,
}

struct Pass<'a> {
    body: &'a str,
    base: usize,
    folder: &'a str,
    bib: &'a Bibliography,
    out: Events<'a>,
    a: Analysis,
    heading: Option<OpenHeading>,
    /// Ids already used in the page (headings and footnotes).
    ids: std::collections::HashSet<String>,
    /// For each base id, the next suffix to try: a page of identical headings then takes
    /// linear time, not quadratic.
    next_suffix: std::collections::HashMap<String, usize>,
    /// Footnote label -> number, in order of first reference.
    footnotes: Vec<String>,
    text: Option<(String, std::ops::Range<usize>)>,
    /// A cleared text buffer to reuse when the HTML is not kept (no allocation per text run).
    spare: String,
    /// Header cells of the table being read, for labelling its rows' cells.
    table_header: Vec<String>,
    block: Option<ProseBlock>,
    skip: usize,
    summary: Option<(usize, Option<usize>)>,
    depth: usize,
    cite_uses: Vec<usize>,
    guard: Guard,
    raw_block: Option<RawBlock>,
    /// For each open image: whether its URL was refused (it is then left out, alt text kept).
    images: Vec<bool>,
    /// Claim markers to place: body offset and payload, ascending; `next_mark` is the first
    /// not yet placed.
    marks: Vec<(usize, String)>,
    next_mark: usize,
    /// Links open around the current event (a marker waits until they close).
    link_depth: usize,
    /// Whether the prose blocks, summary and word count are gathered (not for a marked pass,
    /// which only needs the HTML).
    prose: bool,
    /// Whether an image's URL is a link placeholder (written escaped, as `%01N%01`).
    image_marks: bool,
}

impl<'a> Pass<'a> {
    fn new(source: Source<'a>, bib: &'a Bibliography) -> Pass<'a> {
        let Source {
            body,
            base,
            rel,
            html,
        } = source;
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
        Pass {
            body,
            base,
            folder,
            bib,
            out: Events {
                keep: true,
                list: Vec::new(),
            },
            a: Analysis::default(),
            heading: None,
            ids: footnote_labels(body).map(|l| footnote_id(&l)).collect(),
            next_suffix: std::collections::HashMap::new(),
            footnotes: Vec::new(),
            text: None,
            spare: String::new(),
            table_header: Vec::new(),
            block: None,
            skip: 0,
            summary: None,
            depth: 0,
            cite_uses: Vec::new(),
            guard: Guard::new(html),
            raw_block: None,
            images: Vec::new(),
            marks: Vec::new(),
            next_mark: 0,
            link_depth: 0,
            prose: true,
            image_marks: false,
        }
    }

    fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span::new(range.start + self.base, range.end + self.base)
    }

    fn run(mut self, with_html: bool) -> Analysis {
        let body = self.body;
        self.out.keep = with_html;
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            if !matches!(event, Event::Text(_)) {
                self.flush_text();
            }
            self.event(event, range);
        }
        self.flush_text();
        self.end_block();
        // A marker that found no place in the text (none should) still keeps its anchor.
        self.link_depth = 0;
        self.place_marks(usize::MAX);
        let base = self.base;
        self.a.unsafe_html = std::mem::take(&mut self.guard.removed)
            .into_iter()
            .map(|(r, what)| (Span::new(r.start + base, r.end + base), what))
            .collect();
        if !with_html {
            return self.a;
        }
        if !self.prose {
            let mut html_out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(&mut html_out, self.out.list.into_iter());
            self.a.html = self
                .guard
                .finish(image_placeholders(html_out, self.image_marks));
            return self.a;
        }
        // For the reading time; the linter counts words its own way.
        self.a.word_count = self
            .a
            .prose
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum();
        let mut html_out = String::with_capacity(body.len() * 3 / 2);
        if let Some((start, Some(end))) = self.summary {
            let mut summary = String::new();
            html::push_html(&mut summary, self.out.list[start..=end].iter().cloned());
            self.a.summary = self
                .guard
                .finish(image_placeholders(summary, self.image_marks));
        }
        html::push_html(&mut html_out, self.out.list.into_iter());
        self.a.html = self
            .guard
            .finish(image_placeholders(html_out, self.image_marks));
        self.a
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, &range),
            Event::Text(text) if self.mark_due(range.end) => self.marked_text(text, range),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                if let Some(h) = &mut self.heading {
                    h.title.push_str(&code);
                }
                let span = self.span(&range);
                if let Some(block) = &mut self.block {
                    block.push_gap(span.start);
                }
                self.out.push(Event::Code(code));
                self.place_marks(range.end);
            }
            Event::SoftBreak | Event::HardBreak => {
                let span = self.span(&range);
                if let Some(block) = &mut self.block {
                    block.push_gap(span.start);
                }
                self.out.push(event);
            }
            Event::FootnoteReference(name) => {
                let span = self.span(&range);
                if let Some(block) = &mut self.block {
                    block.mark_citation();
                    block.push(&self.body[range.clone()], span.start);
                }
                // Rendered here rather than by pulldown-cmark so that footnote ids (`fn-x`) can
                // never clash with heading ids.
                let number = self.footnote_number(&name);
                self.out.html(|| {
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{}\">{number}</a></sup>",
                        escape_html(&footnote_id(&name))
                    )
                });
                self.place_marks(range.end);
            }
            Event::Html(raw) => match &mut self.raw_block {
                Some(block) => {
                    block.pieces.push((block.text.len(), range.start));
                    block.text.push_str(&raw);
                }
                None => self.raw_html(&raw, vec![(0, range.start)], false),
            },
            Event::InlineHtml(raw) => {
                self.raw_html(&raw, vec![(0, range.start)], false);
                self.place_marks(range.end);
            }
            other => self.out.push(other),
        }
    }

    fn text(&mut self, text: &str, range: std::ops::Range<usize>) {
        if let Some(h) = &mut self.heading {
            h.title.push_str(text);
        }
        if self.skip == 0 {
            let span = self.span(&range);
            if let Some(block) = &mut self.block {
                block.push(&self.body[range.clone()], span.start);
            }
        }
        match &mut self.text {
            Some((buf, r)) => {
                buf.push_str(text);
                r.end = range.end;
            }
            None => {
                let mut buf = std::mem::take(&mut self.spare);
                buf.push_str(text);
                self.text = Some((buf, range));
            }
        }
    }

    /// Whether a claim marker is due at or before `offset` (and can be placed: not in a link).
    fn mark_due(&self, offset: usize) -> bool {
        self.link_depth == 0
            && self
                .marks
                .get(self.next_mark)
                .is_some_and(|(at, _)| *at <= offset)
    }

    /// Places the markers due at or before `offset`.
    fn place_marks(&mut self, offset: usize) {
        if !self.mark_due(offset) {
            return;
        }
        self.flush_text();
        while self.mark_due(offset) {
            let payload = &self.marks[self.next_mark].1;
            let html = format!("{CLAIM_MARK}{payload}{CLAIM_MARK}");
            self.out.push(Event::Html(html.into()));
            self.next_mark += 1;
        }
    }

    /// A text run with a marker due inside it or at its end: cut where the sentence ends, when
    /// the run is the file's text as written (a smart quote or an entity is placed after).
    fn marked_text(&mut self, text: CowStr<'a>, mut range: std::ops::Range<usize>) {
        let mut rest: &str = &text;
        let verbatim = self.body.get(range.clone()) == Some(rest);
        while self.mark_due(range.end) {
            let at = self.marks[self.next_mark].0;
            if verbatim
                && at > range.start
                && at < range.end
                && rest.is_char_boundary(at - range.start)
            {
                let (head, tail) = rest.split_at(at - range.start);
                self.text(head, range.start..at);
                self.place_marks(at);
                rest = tail;
                range.start = at;
            } else if at <= range.start {
                self.place_marks(at);
            } else {
                break;
            }
        }
        if !rest.is_empty() {
            self.text(rest, range.clone());
        }
        self.place_marks(range.end);
    }

    fn start(&mut self, tag: Tag<'a>, range: std::ops::Range<usize>) {
        self.depth += 1;
        if matches!(tag, Tag::Link { .. }) {
            self.link_depth += 1;
        }
        match &tag {
            Tag::Paragraph => {
                if self.depth == 1 && self.summary.is_none() {
                    self.summary = Some((self.out.len(), None));
                }
                self.start_block(BlockKind::Paragraph);
            }
            Tag::Heading {
                level, id, classes, ..
            } => {
                self.start_block(BlockKind::Heading);
                if let Some(block) = &mut self.block {
                    block.level = *level as u8;
                }
                self.heading = Some(OpenHeading {
                    level: *level as u8,
                    explicit_id: id.as_ref().map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    out_index: self.out.len(),
                    title: String::new(),
                    span: self.span(&range),
                });
                return;
            }
            Tag::Item => self.start_block(BlockKind::ListItem),
            Tag::TableHead => self.start_block(BlockKind::TableHeader),
            Tag::TableRow => self.start_block(BlockKind::TableRow),
            Tag::TableCell => {
                let at = self.span(&range).start;
                if let Some(block) = &mut self.block {
                    block.push_cell_break(at);
                    let label = match block.kind {
                        BlockKind::TableRow => self
                            .table_header
                            .get(block.cells.len())
                            .cloned()
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    block.cells.push((block.text.len(), label));
                }
            }
            Tag::FootnoteDefinition(name) => {
                self.skip += 1;
                let number = self.footnote_number(name);
                self.out.html(|| {
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
                        escape_html(&footnote_id(name))
                    )
                });
                return;
            }
            Tag::HtmlBlock => {
                self.skip += 1;
                self.raw_block = Some(RawBlock::default());
            }
            Tag::Image {
                dest_url,
                link_type,
                title,
                id,
            } => {
                self.skip += 1;
                let refused = self.guard.refuses(dest_url, range.clone(), true);
                self.images.push(refused);
                if refused {
                    return;
                }
                if let Some(index) = self.site_path(dest_url, &range) {
                    // pulldown-cmark writes the placeholder's marks as `%01` (`run` restores
                    // them): a URL the author wrote never reaches the page as a placeholder.
                    self.image_marks = true;
                    self.out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: format!("{LINK_MARK}{index}{LINK_MARK}").into(),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                    return;
                }
            }
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => self.skip += 1,
            Tag::Link { dest_url, .. } if self.guard.refuses(dest_url, range.clone(), false) => {
                self.out.push(Event::Html("<a>".into()));
                return;
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                if let Some(html) = self.link_start(*link_type, dest_url, title, &range) {
                    self.out.push(Event::Html(html.into()));
                    return;
                }
            }
            _ => {}
        }
        self.out.push(Event::Start(tag));
    }

    fn end(&mut self, tag: TagEnd, range: &std::ops::Range<usize>) {
        self.depth -= 1;
        match tag {
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.out.push(Event::End(tag));
                self.place_marks(range.end);
                return;
            }
            // A marker due inside a block goes in before the block closes.
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_) => self.place_marks(range.end),
            _ => {}
        }
        match tag {
            TagEnd::Paragraph => {
                if let Some((start, None)) = self.summary {
                    self.summary = Some((start, Some(self.out.len())));
                }
                self.end_block();
            }
            TagEnd::Heading(_) => {
                self.end_block();
                if let Some(h) = self.heading.take() {
                    self.close_heading(h);
                }
                return;
            }
            TagEnd::TableHead => {
                self.table_header = self
                    .block
                    .as_ref()
                    .map(ProseBlock::cell_texts)
                    .unwrap_or_default();
                self.end_block();
            }
            TagEnd::Table => self.table_header.clear(),
            TagEnd::Item | TagEnd::TableRow => self.end_block(),
            TagEnd::FootnoteDefinition => {
                self.skip -= 1;
                self.out.push(Event::Html("</div>\n".into()));
                return;
            }
            TagEnd::HtmlBlock => {
                self.skip -= 1;
                if let Some(block) = self.raw_block.take() {
                    self.raw_html(&block.text, block.pieces, true);
                }
            }
            TagEnd::Image => {
                self.skip -= 1;
                if self.images.pop() == Some(true) {
                    return;
                }
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => self.skip -= 1,
            _ => {}
        }
        self.out.push(Event::End(tag));
    }

    /// Raw HTML as written (an inline tag or a whole HTML block): comments are kept for
    /// suppressions, and the rest goes to the page as the `html` setting says.
    fn raw_html(&mut self, raw: &str, pieces: Vec<(usize, usize)>, block: bool) {
        let split = guard::split_comments(raw);
        for comment in &split.comments {
            let start = guard::map_offset(&pieces, comment.start);
            // Mapped through its last byte: the pieces of a block leave out what pulldown-cmark
            // drops between lines (the `\r` of a CRLF, a quote's `>`).
            let end = guard::map_offset(&pieces, comment.end - 1) + 1;
            let text = &raw[comment.clone()];
            self.a
                .comments
                .push((self.span(&(start..end)), text.to_owned()));
        }
        let events = self
            .guard
            .raw(split, block, |offset| guard::map_offset(&pieces, offset));
        for event in events {
            self.out.push(event);
        }
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.end_block();
        if self.skip == 0 && self.prose {
            self.block = Some(ProseBlock::new(kind));
        }
    }

    fn end_block(&mut self) {
        if let Some(block) = self.block.take() {
            if !block.is_empty() {
                self.a.prose.push(block);
            }
        }
    }

    fn close_heading(&mut self, h: OpenHeading) {
        let base = h.explicit_id.clone().unwrap_or_else(|| slugify(&h.title));
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        // `## Risks`, `## Risks`, `## Risks 1` must still get three different ids.
        let mut id = base.clone();
        if self.ids.contains(&id) {
            let n = self.next_suffix.entry(base).or_insert(0);
            id = loop {
                *n += 1;
                let candidate = format!("{}-{n}", id);
                if !self.ids.contains(&candidate) {
                    break candidate;
                }
            };
        }
        self.ids.insert(id.clone());
        if self.out.keep {
            self.heading_html(&h, &id);
        }
        self.a.headings.push(Heading {
            level: h.level,
            id,
            title: h.title.trim().to_owned(),
            span: h.span,
        });
    }

    fn heading_html(&mut self, h: &OpenHeading, id: &str) {
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&h.classes.join(" ")))
        };
        let open = format!(
            "<h{lvl} id=\"{id}\"{class}>",
            lvl = h.level,
            id = escape_html(id)
        );
        self.out.insert(h.out_index, Event::Html(open.into()));
        let close = format!(
            "<a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{lvl}>\n",
            id = escape_html(id),
            lvl = h.level
        );
        self.out.push(Event::Html(close.into()));
    }

    /// Rewrites a link's opening tag; `None` keeps pulldown-cmark's rendering.
    fn link_start(
        &mut self,
        kind: LinkType,
        dest: &str,
        title: &str,
        range: &std::ops::Range<usize>,
    ) -> Option<String> {
        let title_attr = if title.is_empty() || !self.out.keep {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(title))
        };
        if let Some(ledger) = LedgerRef::parse(dest) {
            let index = self.a.links.len();
            self.a.links.push(InternalLink {
                target: None,
                anchor: None,
                span: self.span(range),
                ledger: Some(ledger),
                path: None,
            });
            if !self.out.keep {
                return Some(String::new());
            }
            return Some(format!(
                "<a href=\"{LINK_MARK}{index}{LINK_MARK}\"{title_attr}>"
            ));
        }
        if is_external(dest) {
            if let Some(block) = &mut self.block {
                block.mark_citation();
            }
            if kind == LinkType::Email || dest.starts_with("mailto:") {
                return None;
            }
            if !self.out.keep {
                return Some(String::new());
            }
            return Some(format!(
                "<a href=\"{}\"{title_attr} rel=\"noopener noreferrer\" target=\"_blank\">",
                escape_html(dest)
            ));
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_owned())),
            None => (dest, None),
        };
        let target = if path.is_empty() {
            None
        } else if let Some(abs) = path.strip_prefix("@/") {
            Some(normalize(abs))
        } else if path.ends_with(".md") && !path.starts_with('/') {
            Some(normalize(&format!("{}/{}", self.folder, path)))
        } else {
            let index = self.site_path(dest, range)?;
            if !self.out.keep {
                return Some(String::new());
            }
            return Some(format!(
                "<a href=\"{LINK_MARK}{index}{LINK_MARK}\"{title_attr}>"
            ));
        };
        let index = self.a.links.len();
        self.a.links.push(InternalLink {
            target,
            anchor,
            span: self.span(range),
            ledger: None,
            path: None,
        });
        if !self.out.keep {
            return Some(String::new());
        }
        Some(format!(
            "<a href=\"{LINK_MARK}{index}{LINK_MARK}\"{title_attr}>"
        ))
    }

    /// Records a link or image to a path of the site (not a content file, not another site)
    /// for the link check. Returns its index when it is root-relative: its URL then needs the
    /// site's path prefix, so it becomes a placeholder.
    fn site_path(&mut self, dest: &str, range: &std::ops::Range<usize>) -> Option<usize> {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        if path.is_empty() || is_external(dest) || has_scheme(dest) {
            return None;
        }
        let index = self.a.links.len();
        self.a.links.push(InternalLink {
            target: None,
            anchor: None,
            span: self.span(range),
            ledger: None,
            path: Some(dest.to_owned()),
        });
        dest.starts_with('/').then_some(index)
    }

    /// Emits buffered text, turning `[@key]` citations into numbered markers.
    fn flush_text(&mut self) {
        let Some((text, range)) = self.text.take() else {
            return;
        };
        if !text.contains("[@") {
            self.emit_text(text);
            return;
        }
        let mut last = 0;
        let mut html = String::new();
        // Where the next citation is looked for in the source of this text.
        let mut from = range.start;
        for m in CITATION.find_iter(&text) {
            // The marker sits against the word it supports: "flaking[1]", not "flaking [1]".
            html.push_str(&escape_html(text[last..m.start()].trim_end()));
            last = m.end();
            let raw = m.as_str();
            let (at, len) = citation_source(&self.body[from..range.end], raw)
                .map_or((range.start, range.len()), |(i, len)| (from + i, len));
            from = (at + len).min(range.end);
            let span = Span::new(self.base + at, self.base + at + len);
            html.push_str(&self.citation_marker(&raw[1..raw.len() - 1], span));
        }
        if last == 0 {
            self.emit_text(text);
            return;
        }
        html.push_str(&escape_html(&text[last..]));
        if let Some(block) = &mut self.block {
            // Citations in this text run count for the sentences they end.
            for m in CITATION.find_iter(&block.text.clone()) {
                if !block.citations.contains(&m.start()) {
                    block.citations.push(m.start());
                }
            }
            block.citations.sort_unstable();
        }
        self.out.push(Event::Html(html.into()));
    }

    /// Emits a text run, or keeps its buffer for the next run when there is no HTML.
    fn emit_text(&mut self, mut text: String) {
        if self.out.keep {
            self.out.push(Event::Text(CowStr::from(text)));
        } else {
            text.clear();
            self.spare = text;
        }
    }

    fn citation_marker(&mut self, inner: &str, span: Span) -> String {
        // (number, html): known sources sort by number, unknown keys go last.
        let mut parts: Vec<(usize, String)> = Vec::new();
        for item in inner.split(';') {
            let item = item.trim().trim_start_matches('@');
            let (key, locator) = match item.split_once(',') {
                Some((k, l)) => (k.trim(), Some(l.trim())),
                None => (item, None),
            };
            if self.bib.get(key).is_none() {
                self.a.unknown_citations.push((key.to_owned(), span));
                parts.push((
                    usize::MAX,
                    format!(
                        "<span class=\"citation-unknown\">{}</span>",
                        escape_html(key)
                    ),
                ));
                continue;
            }
            let number = match self.a.references.iter().position(|r| r == key) {
                Some(i) => i + 1,
                None => {
                    self.a.references.push(key.to_owned());
                    self.cite_uses.push(0);
                    self.a.references.len()
                }
            };
            self.cite_uses[number - 1] += 1;
            let uses = self.cite_uses[number - 1];
            let loc = locator
                .map(|l| format!(", {}", escape_html(l)))
                .unwrap_or_default();
            parts.push((
                number,
                format!("<a href=\"#ref-{number}\" id=\"cite-{number}-{uses}\">{number}{loc}</a>"),
            ));
        }
        parts.sort_by_key(|(n, _)| *n);
        let html: Vec<String> = parts.into_iter().map(|(_, h)| h).collect();
        format!("<sup class=\"citation\">[{}]</sup>", html.join(", "))
    }
}

impl Pass<'_> {
    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(label.to_owned());
                self.footnotes.len()
            }
        }
    }
}

/// Where a citation found in a text run is written in its source: the offset and length.
/// Smart punctuation and entities in a locator (`[@a, p. 'x']`) make the source differ
/// from the text, so the citation then runs from its key to the next `]`.
fn citation_source(source: &str, raw: &str) -> Option<(usize, usize)> {
    if let Some(i) = source.find(raw) {
        return Some((i, raw.len()));
    }
    let key = &raw[..raw.find([',', ';', ']']).unwrap_or(raw.len())];
    let i = source.find(key)?;
    let len = source[i..]
        .find(']')
        .map_or(source.len() - i, |end| end + 1);
    Some((i, len))
}

/// Labels of the footnote definitions in a body (`[^label]: ...`).
fn footnote_labels(body: &str) -> impl Iterator<Item = String> + '_ {
    static DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[\^([^\]]+)\]:").expect("valid"));
    DEFINITION.captures_iter(body).map(|c| c[1].to_owned())
}

fn footnote_id(label: &str) -> String {
    format!("fn-{label}")
}

fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "//", "doi:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The HTML with the link placeholders of images restored, when it has any (`marks`):
/// pulldown-cmark escaped their marks in `src`.
fn image_placeholders(html: String, marks: bool) -> String {
    if !marks {
        return html;
    }
    static ESCAPED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#" src="%01([0-9]+)%01""#).expect("valid"));
    ESCAPED
        .replace_all(&html, format!(" src=\"{LINK_MARK}${{1}}{LINK_MARK}\""))
        .into_owned()
}

/// Whether a URL starts with a scheme (`tel:`, `ftp:`): it leads out of the site.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` in a `/`-separated path inside the content folder.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source<'a>(body: &'a str, base: usize, rel: &'a str) -> Source<'a> {
        Source {
            body,
            base,
            rel,
            html: HtmlMode::Safe,
        }
    }

    fn bib() -> Bibliography {
        Bibliography::parse(
            std::path::Path::new("s.yaml"),
            "- id: aust2008\n  title: T\n- id: alam2014\n  title: U\n",
        )
        .unwrap()
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let a = analyse(
            source("## Risks\n\n## Risks\n\n### What *to* do\n", 0, "a.md"),
            &bib(),
        );
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["risks", "risks-1", "what-to-do"]);
        assert!(
            a.html
                .contains("<h2 id=\"risks-1\">Risks<a class=\"anchor\" href=\"#risks-1\""),
            "{}",
            a.html
        );
        // An explicit id or a heading whose text ends in a number takes a suffix first.
        let a = analyse(
            source(
                "## Risks\n\n## Risks 2\n\n## R {#risks-1}\n\n## Risks\n\n## Risks\n",
                0,
                "a.md",
            ),
            &bib(),
        );
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["risks", "risks-2", "risks-1", "risks-3", "risks-4"]);
    }

    #[test]
    fn citations_become_numbered_markers() {
        let a = analyse(
            source(
                "One [@alam2014]. Two [@aust2008; @alam2014, p. 7]. Three [@nope].\n",
                0,
                "a.md",
            ),
            &bib(),
        );
        assert_eq!(a.references, ["alam2014", "aust2008"]);
        assert!(a.html.contains("<sup class=\"citation\">[<a href=\"#ref-1\" id=\"cite-1-2\">1, p. 7</a>, <a href=\"#ref-2\" id=\"cite-2-1\">2</a>]</sup>"), "{}", a.html);
        assert_eq!(a.unknown_citations.len(), 1);
        let (key, span) = &a.unknown_citations[0];
        assert_eq!(key, "nope");
        assert_eq!(
            span.start,
            "One [@alam2014]. Two [@aust2008; @alam2014, p. 7]. Three ".len()
        );
    }

    /// Found by property tests: a comment over CRLF lines ended short of its text, inside a
    /// character.
    #[test]
    fn comment_spans_cover_crlf_lines() {
        let body = "<!--\r\n“ still a comment\r\n-->\r\n";
        let a = analyse(source(body, 2, "a.md"), &bib());
        let (span, _) = &a.comments[0];
        assert_eq!(&body[span.start - 2..span.end - 2], body.trim_end());
    }

    /// Found by fuzzing: a locator changed by smart punctuation gave a span past the text.
    #[test]
    fn citation_spans_cover_the_source() {
        let body = "A [@nope, p. 'x'] and [@nope, p. 'x'] [@alam2014, &amp; p. 2].";
        let a = analyse(source(body, 3, "a.md"), &bib());
        let cited: Vec<&str> = a
            .unknown_citations
            .iter()
            .map(|(_, span)| &body[span.start - 3..span.end - 3])
            .collect();
        assert_eq!(cited, ["[@nope, p. 'x']", "[@nope, p. 'x']"]);
        assert_eq!(a.references, ["alam2014"]);
    }

    #[test]
    fn internal_links_are_placeholders_external_links_are_safe() {
        let a = analyse(
            source(
                "[a](../safety/x.md#risks) [b](#top) [c](https://e.org) [d](@/basics/y.md)\n",
                10,
                "guide/p.md",
            ),
            &bib(),
        );
        assert_eq!(a.links.len(), 3);
        assert_eq!(a.links[0].target.as_deref(), Some("safety/x.md"));
        assert_eq!(a.links[0].anchor.as_deref(), Some("risks"));
        assert_eq!(a.links[1].target, None);
        assert_eq!(a.links[2].target.as_deref(), Some("basics/y.md"));
        assert_eq!(a.links[0].span.start, 10);
        assert!(a
            .html
            .contains("href=\"https://e.org\" rel=\"noopener noreferrer\" target=\"_blank\""));
    }

    #[test]
    fn prose_skips_code_and_keeps_offsets() {
        let body = "Use `1.5 mm` here.\n\n```\n100% safe\n```\n\n- item one\n- **bold** two\n";
        let a = analyse(source(body, 100, "a.md"), &bib());
        let texts: Vec<_> = a.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Use  here.", "item one", "bold two"]);
        let bold = &a.prose[2];
        assert_eq!(bold.to_source(0), 100 + body.find("bold").unwrap());
    }

    #[test]
    fn raw_html_is_cleaned_as_the_assembled_page() {
        // An attribute left open by one HTML block swallows the next one; a browser would
        // read an event handler there, and the cleaner reads the page the same way.
        let body =
            "<div title=\"\n\n<p>\" onmouseover=\"alert(1)\">x</p>\n\n</div></article><p>y</p>\n";
        let a = analyse(source(body, 0, "a.md"), &bib());
        assert!(!a.html.contains("onmouseover"), "{}", a.html);
        // Content cannot close the elements of the page around it.
        assert!(!a.html.contains("</article>"), "{}", a.html);
        assert_eq!(
            a.html.matches("<div").count(),
            a.html.matches("</div>").count()
        );
        let escaped = analyse(
            Source {
                html: HtmlMode::Escape,
                ..source(body, 0, "a.md")
            },
            &bib(),
        );
        assert!(
            escaped.html.contains("&lt;/article&gt;"),
            "{}",
            escaped.html
        );
    }

    #[test]
    fn refused_images_keep_their_description() {
        let a = analyse(
            source(
                "![a *red* rash](data:image/png;base64,AA) here\n",
                0,
                "a.md",
            ),
            &bib(),
        );
        assert_eq!(a.html, "<p>a <em>red</em> rash here</p>\n");
        assert_eq!(a.unsafe_html.len(), 1);
        assert_eq!(
            a.unsafe_html[0].0,
            Span::new(0, "![a *red* rash](data:image/png;base64,AA)".len())
        );
    }

    /// The HTML with each claim marker placeholder shown as `{payload}`.
    fn marked(body: &str, at: &[&str]) -> String {
        let marks: Vec<(usize, String)> = at
            .iter()
            .map(|m| (body.find(m).unwrap() + m.len(), m.to_string()))
            .collect();
        let html = analyse_marked(source(body, 0, "a.md"), &bib(), &marks).html;
        html.replace(CLAIM_MARK, "|")
    }

    #[test]
    fn claim_markers_go_where_sentences_end() {
        // Inside a text run, after a citation, at the end of emphasis, at a block's end.
        assert_eq!(
            marked("One claim. Two [@alam2014]. *Three.* Four\n", &["claim.", "4]."]),
            "<p>One claim.|claim.| Two<sup class=\"citation\">[<a href=\"#ref-1\" id=\"cite-1-1\">1</a>]</sup>.|4].| <em>Three.</em> Four</p>\n"
        );
        assert_eq!(
            marked("*Three.* Four.\n", &["Three."]),
            "<p><em>Three.|Three.|</em> Four.</p>\n"
        );
        // Never inside a link: after it.
        assert_eq!(
            marked("See [the claim.](https://e.org) More.\n", &["claim."]),
            "<p>See <a href=\"https://e.org\" rel=\"noopener noreferrer\" target=\"_blank\">the claim.</a>|claim.| More.</p>\n"
        );
        // After a smart quote (not verbatim text), and in a list item and a table cell.
        assert_eq!(
            marked("He said \"no.\" Then\n", &["no.\""]),
            "<p>He said \u{201c}no.\u{201d}|no.\"| Then</p>\n"
        );
        assert_eq!(
            marked("- a one.\n- b\n", &["one."]),
            "<ul>\n<li>a one.|one.|</li>\n<li>b</li>\n</ul>\n"
        );
        let table = marked("| a | b |\n|---|---|\n| x one. | y |\n", &["one."]);
        assert!(table.contains("<td>x one.|one.|</td>"), "{table}");
        // Everything else is as without markers.
        let body = "## Head\n\nA [link](b.md) and `code` [@alam2014]. Next.\n\n> Quote.\n";
        let plain = analyse(source(body, 0, "a.md"), &bib());
        let marked = analyse_marked(source(body, 0, "a.md"), &bib(), &[]);
        assert_eq!(plain.html, marked.html);
        assert_eq!(plain.links, marked.links);
    }

    #[test]
    fn ledger_links_are_placeholders() {
        let a = analyse(
            source("[x](claim:no-pain) [y](source:alam2014)\n", 0, "a.md"),
            &bib(),
        );
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[0].ledger, Some(LedgerRef::Claim("no-pain".into())));
        assert_eq!(
            a.links[1].ledger,
            Some(LedgerRef::Source("alam2014".into()))
        );
        assert!(a
            .html
            .contains(&format!("<a href=\"{LINK_MARK}1{LINK_MARK}\">y</a>")));
    }

    #[test]
    fn footnote_references_mark_citations() {
        let a = analyse(
            source("It rose by 400%.[^a]\n\n[^a]: Source.\n", 0, "a.md"),
            &bib(),
        );
        assert_eq!(a.prose.len(), 1);
        assert_eq!(a.prose[0].citations, vec!["It rose by 400%.".len()]);
    }
}
