//! Paths that come from front matter (`slug`, `aliases`, `template`) become file names in the
//! output or template names, so they must never leave their folder. Slugs, aliases and the
//! names of content files and folders are also parts of URLs, written as they are in pages,
//! the sitemap, the feed and the search index: they hold nothing a URL would need encoded.

/// What makes one `/`-separated part of a path unsafe, if anything.
fn segment_problem(segment: &str) -> Option<&'static str> {
    Some(if segment.is_empty() {
        "an empty part (`//`)"
    } else if segment == ".." {
        "`..`, which would leave its folder"
    } else if segment == "." {
        "a `.` part"
    } else if segment.starts_with('.') {
        "a name starting with `.` (a hidden file)"
    } else if segment.contains('\\') {
        "a backslash"
    } else if segment.chars().any(char::is_control) {
        "a control character"
    } else if segment.contains('%') {
        "`%` (percent-encoding); write the characters themselves"
    } else if segment.contains(['?', '#']) {
        "`?` or `#`"
    } else if segment.contains(':') {
        "`:` (a URL scheme or a drive letter)"
    } else if segment.len() > 255 {
        "a part longer than 255 bytes, the limit for a file name"
    } else {
        return None;
    })
}

/// What makes one part of a URL path unsafe: what makes it an unsafe file name, or white
/// space, which a URL cannot hold as written.
fn url_part_problem(segment: &str) -> Option<&'static str> {
    segment_problem(segment).or_else(|| {
        (segment.contains(char::is_whitespace)).then_some("white space (write `-` between words)")
    })
}

fn first_problem<'a>(mut segments: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    segments.find_map(segment_problem)
}

/// Why a `slug` is unsafe: it is one file name and one part of a URL.
pub(crate) fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.contains('/') {
        return Some("a `/`: a slug names one folder");
    }
    url_part_problem(slug)
}

/// The part of a content path (`rel`, `/`-separated) that would make an unsafe part of its
/// URL, why, and whether it is the file's name: a folder's name, or the file's name without
/// `.md` when it names the page (a page without a `slug`; `_index.md` is not in its URL).
pub(crate) fn content_path_problem(
    rel: &str,
    named_by_file: bool,
) -> Option<(&str, &'static str, bool)> {
    let (folders, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let named = (named_by_file && file != "_index.md").then_some((stem, true));
    (folders
        .split('/')
        .filter(|f| !f.is_empty())
        .map(|f| (f, false)))
    .chain(named)
    .find_map(|(part, is_file)| Some((part, url_part_problem(part)?, is_file)))
}

/// Why an alias is unsafe. An alias is a URL path on this site (`/old/page/`): one leading and
/// one trailing `/` are allowed.
pub(crate) fn alias_problem(alias: &str) -> Option<&'static str> {
    let inner = alias.strip_prefix('/').unwrap_or(alias);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return Some("no path: the home page cannot be an alias");
    }
    inner.split('/').find_map(url_part_problem)
}

/// Why a `template` name is unsafe: a relative name such as `custom.html` or `partials/x.html`.
pub(crate) fn template_problem(name: &str) -> Option<&'static str> {
    if name.starts_with('/') {
        return Some("a leading `/`: template names are relative to the templates folder");
    }
    first_problem(name.split('/'))
}

/// The root-relative URL path of an alias (`old/page` -> `/old/page/`).
pub(crate) fn alias_url(alias: &str) -> String {
    let trimmed = alias.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_however_it_is_spelled() {
        for alias in [
            "../../elsewhere/",
            "/a/../../b/",
            "a//b",
            "//host/x",
            "a\\..\\b",
            "%2e%2e/x",
            "a/%2F/b",
            "a\0b",
            "/",
            "https://old.example/x",
            "./x",
        ] {
            assert!(alias_problem(alias).is_some(), "{alias:?} accepted");
        }
        assert!(alias_problem("/old page/").is_some());
        for alias in ["/old/june/", "old/june", "/2024/news"] {
            assert_eq!(alias_problem(alias), None, "{alias:?}");
        }
        for slug in [
            "..",
            ".",
            "a/b",
            "a\\b",
            "",
            "%2e%2e",
            "x\0",
            &"x".repeat(256),
        ] {
            assert!(slug_problem(slug).is_some(), "{slug:?} accepted");
        }
        assert!(slug_problem("june update").is_some());
        assert_eq!(slug_problem("june-update"), None);
        for name in ["../page.html", "/etc/passwd", "a//b.html", "..\\x.html"] {
            assert!(template_problem(name).is_some(), "{name:?} accepted");
        }
        assert_eq!(template_problem("partials/custom.html"), None);
    }

    #[test]
    fn content_paths_that_would_make_unsafe_urls_are_named() {
        assert_eq!(
            content_path_problem("basics/q?x.md", true).map(|p| p.0),
            Some("q?x")
        );
        assert_eq!(content_path_problem("basics/q?x.md", false), None);
        assert_eq!(
            content_path_problem("with space/_index.md", false).map(|p| p.0),
            Some("with space")
        );
        for fine in ["basics/page.md", "_index.md", "a/b/_index.md", "page.md"] {
            assert_eq!(content_path_problem(fine, true), None, "{fine}");
        }
        for bad in ["pct%41.md", "hash#x.md", "back\\slash.md", "a b.md"] {
            assert!(content_path_problem(bad, true).is_some(), "{bad}");
        }
    }
}
