//! What raw HTML from content may keep (`html: safe`): one policy, applied by ammonia.
//!
//! ammonia (html5ever underneath, which parses as browsers do) cleans the assembled HTML of a
//! document, so a tag opened in one raw-HTML piece and closed in another, or an attribute cut
//! by a blank line, is judged as a browser would read it. `scan` reads each raw piece as the
//! author wrote it to say what the policy removes, for the `unsafe-html` finding; it only
//! reports and never decides what reaches the page.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// URL schemes refused everywhere, in Markdown links and images and in HTML attributes.
const REFUSED_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// Elements removed together with everything inside them.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "noembed", "noframes", "template", "textarea", "select",
];

/// Allowed on every allowed element, beside ammonia's `lang` and `title`.
const GLOBAL_ATTRIBUTES: &[&str] = &["id", "class", "style", "dir", "align", "role", "tabindex"];

/// Allowed on every allowed element, by prefix.
const GLOBAL_PREFIXES: &[&str] = &["aria-", "data-"];

/// Allowed on some elements, beside ammonia's defaults (`href` on `a`, `src` on `img`, ...).
const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["target", "rel"]),
    ("img", &["loading"]),
    ("ol", &["reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("details", &["open"]),
];

/// Attributes holding a URL: a refused scheme in any of them is removed.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "cite",
    "longdesc",
    "background",
    "poster",
    "action",
    "formaction",
    "srcset",
    "ping",
    "data",
];

/// CSS that can load or run something: `style` values containing any of these are removed.
const UNSAFE_CSS: &[&str] = &[
    "url(",
    "expression(",
    "image(",
    "image-set(",
    "element(",
    "@import",
    "javascript:",
    "behavior:",
    "-moz-binding",
];

static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_clean_content_tags(REMOVED_WITH_CONTENT)
        .add_generic_attributes(GLOBAL_ATTRIBUTES)
        .add_generic_attribute_prefixes(GLOBAL_PREFIXES)
        // `doi:` links are external links like `https:` ones (see `is_external`).
        .add_url_schemes(["doi"])
        // The renderer sets `rel` on external links itself; browsers treat `target="_blank"`
        // as `noopener` anyway.
        .link_rel(None)
        .attribute_filter(|_element, attribute, value| {
            let unsafe_style = attribute == "style" && unsafe_css(value).is_some();
            let unsafe_url = URL_ATTRIBUTES.contains(&attribute) && refused_scheme(value).is_some();
            (!unsafe_style && !unsafe_url).then_some(Cow::Borrowed(value))
        });
    for (element, attributes) in ELEMENT_ATTRIBUTES {
        b.add_tag_attributes(element, attributes.iter());
    }
    b
});

/// What the policy allows, read back from it: `scan` and ammonia never disagree on a list.
struct Allowed {
    tags: HashSet<&'static str>,
    global: HashSet<&'static str>,
    by_tag: HashMap<&'static str, HashSet<&'static str>>,
    schemes: HashSet<&'static str>,
}

static ALLOWED: LazyLock<Allowed> = LazyLock::new(|| Allowed {
    tags: POLICY.clone_tags(),
    global: POLICY.clone_generic_attributes(),
    by_tag: POLICY.clone_tag_attributes(),
    schemes: POLICY.clone_url_schemes(),
});

/// Cleans a document's HTML (or a fragment of one) by the policy.
pub(crate) fn clean(html: &str) -> String {
    POLICY.clean(html).to_string()
}

/// The scheme of a URL as a browser reads it (tabs and line breaks anywhere and leading
/// spaces and control characters ignored, any case), or `None` for a relative URL.
fn scheme(url: &str) -> Option<String> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || "+-.".contains(c)) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// `Some("javascript")` for a URL with a refused scheme (`javascript:`, `vbscript:`, `data:`).
/// `url` is already free of character references (pulldown-cmark and html5ever decode them).
pub(crate) fn refused_scheme(url: &str) -> Option<&'static str> {
    let scheme = scheme(url)?;
    REFUSED_SCHEMES.iter().copied().find(|s| *s == scheme)
}

/// The first unsafe construct in a `style` value. Escapes and comments, which can spell any
/// of them in pieces, count as unsafe themselves.
fn unsafe_css(style: &str) -> Option<&'static str> {
    if style.contains('\\') {
        return Some("a CSS escape");
    }
    if style.contains("/*") {
        return Some("a CSS comment");
    }
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    UNSAFE_CSS.iter().copied().find(|u| compact.contains(u))
}

/// Decodes the character references an attribute value may hide a scheme behind
/// (`&#106;avascript:`, `java&Tab;script:`); enough for reporting, not a full decoder.
fn decode_references(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "colon" => Some(':'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// What the policy removes from a piece of raw HTML: byte range in `raw` and a description.
pub(crate) fn scan(raw: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = raw[at..].find('<') {
        let start = at + i;
        let rest = &raw[start + 1..];
        if rest.starts_with("!--") {
            let body = start + 4;
            at = raw[body..].find("-->").map_or(raw.len(), |e| body + e + 3);
        } else if rest.starts_with(['!', '?', '/']) {
            at = rest.find('>').map_or(raw.len(), |e| start + 1 + e + 1);
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let tag = read_tag(rest);
            let end = start + 1 + tag.len;
            check_tag(&tag, start..end, &mut found);
            at = end;
            if RAW_TEXT.contains(&tag.name.as_str()) {
                at = end_tag(&raw[at..], &tag.name).map_or(raw.len(), |e| at + e);
            }
        } else {
            at = start + 1;
        }
    }
    found
}

/// Where `</name` (any case) first starts in `text`.
fn end_tag(text: &str, name: &str) -> Option<usize> {
    text.match_indices("</").map(|(i, _)| i).find(|&i| {
        text.as_bytes()[i + 2..]
            .get(..name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
    })
}

struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
    /// Bytes after the `<`, up to and including the `>` (or to the end).
    len: usize,
}

/// Reads a start tag after its `<`, the way the HTML tokenizer splits names and values.
fn read_tag(text: &str) -> Tag {
    let bytes = text.as_bytes();
    let stop = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
    let mut i = bytes.iter().position(|&b| stop(b)).unwrap_or(bytes.len());
    let name = text[..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let from = i;
        i += 1;
        while i < bytes.len() && !stop(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let attribute = text[from..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |e| i + 1 + e);
                value = &text[i + 1..end];
                i = (end + 1).min(bytes.len());
            } else {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>')
                    .map_or(bytes.len(), |e| i + e);
                value = &text[i..end];
                i = end;
            }
        }
        attributes.push((attribute, decode_references(value).into_owned()));
    }
    Tag {
        name,
        attributes,
        len: (i + 1).min(bytes.len()),
    }
}

fn check_tag(tag: &Tag, range: Range<usize>, found: &mut Vec<(Range<usize>, String)>) {
    let allowed = &*ALLOWED;
    let name = tag.name.as_str();
    if !allowed.tags.contains(name) {
        let what = if REMOVED_WITH_CONTENT.contains(&name) {
            format!("`<{name}>` element removed with its content")
        } else {
            format!("`<{name}>` tag removed (its text is kept)")
        };
        found.push((range, what));
        return;
    }
    for (attribute, value) in &tag.attributes {
        let a = attribute.as_str();
        let permitted = allowed.global.contains(a)
            || GLOBAL_PREFIXES.iter().any(|p| a.starts_with(p))
            || allowed.by_tag.get(name).is_some_and(|s| s.contains(a));
        let what = if !permitted && a.starts_with("on") {
            format!("`{a}` event handler removed from `<{name}>`")
        } else if !permitted {
            format!("`{a}` attribute removed from `<{name}>`")
        } else if let Some(css) = (a == "style").then(|| unsafe_css(value)).flatten() {
            format!(
                "`style` attribute with {} removed from `<{name}>`",
                describe_css(css)
            )
        } else if let Some(s) = URL_ATTRIBUTES
            .contains(&a)
            .then(|| scheme(value))
            .flatten()
            .filter(|s| !allowed.schemes.contains(s.as_str()))
        {
            format!("`{s}:` URL removed from the `{a}` of `<{name}>`")
        } else {
            continue;
        };
        found.push((range.clone(), what));
    }
}

fn describe_css(css: &str) -> String {
    if css.starts_with("a CSS") {
        css.to_owned()
    } else {
        format!("`{css}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whats(raw: &str) -> Vec<String> {
        scan(raw).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn refused_schemes_see_through_case_spaces_and_tabs() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "vbscript:msgbox",
            "DATA:text/html,x",
        ] {
            assert!(refused_scheme(url).is_some(), "{url:?}");
        }
        for url in [
            "https://a.org/javascript:x",
            "../a.md",
            "#x",
            "mailto:a@b.c",
            "java script:x",
        ] {
            assert_eq!(refused_scheme(url), None, "{url:?}");
        }
    }

    #[test]
    fn scan_names_what_the_policy_removes() {
        assert_eq!(
            whats("<script>alert('<b>')</script>"),
            ["`<script>` element removed with its content"]
        );
        assert_eq!(
            whats("<img src=x OnError=alert(1)>"),
            ["`onerror` event handler removed from `<img>`"]
        );
        assert_eq!(
            whats(r#"<a href="&#106;avascript:alert(1)">x</a>"#),
            ["`javascript:` URL removed from the `href` of `<a>`"]
        );
        assert_eq!(
            whats(r#"<p style="background: URL (x)">"#),
            ["`style` attribute with `url(` removed from `<p>`"]
        );
        assert_eq!(
            whats("<div srcdoc='x'><font>y</font></div>"),
            [
                "`srcdoc` attribute removed from `<div>`",
                "`<font>` tag removed (its text is kept)"
            ]
        );
        assert!(whats(r#"<div class="note" style="color: red"><a href="https://a.org">x</a></div><!-- <script> -->"#).is_empty());
    }

    #[test]
    fn scanning_many_elements_stays_linear() {
        let raw = "<SCRIPT>x</sCrIpT><b onclick=y>z</b>".repeat(20_000);
        assert_eq!(scan(&raw).len(), 40_000);
    }

    #[test]
    fn clean_keeps_allowed_markup_and_removes_the_rest() {
        let html = clean(
            r#"<div class="note"><p style="color:red">Hi<script>alert(1)</script></p><img src="javascript:x" onerror="y" alt="a"><a href="JAVASCRIPT:x">l</a><iframe src="https://e.org"></iframe>"#,
        );
        assert_eq!(
            html,
            r#"<div class="note"><p style="color:red">Hi</p><img alt="a"><a>l</a></div>"#
        );
    }

    #[test]
    fn clean_keeps_what_the_renderer_writes() {
        let ours = "<h2 id=\"risks\">Risks<a class=\"anchor\" href=\"#risks\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<p>See <a href=\"\u{1}0\u{1}\">x</a><sup class=\"citation\">[<a href=\"#ref-1\" id=\"cite-1-1\">1</a>]</sup></p>\n<table><thead><tr><th style=\"text-align: left\">A</th></tr></thead></table>\n";
        let cleaned = clean(ours);
        for part in [
            "<h2 id=\"risks\">",
            "href=\"\u{1}0\u{1}\"",
            "tabindex=\"-1\"",
            "aria-hidden=\"true\"",
            "id=\"cite-1-1\"",
            "style=\"text-align: left\"",
        ] {
            assert!(cleaned.contains(part), "{part} lost: {cleaned}");
        }
    }
}
