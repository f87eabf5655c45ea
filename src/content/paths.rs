//! Paths that come from front matter (`slug`, `aliases`, `template`) become file names in the
//! output or template names, so they must never leave their folder.

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

fn first_problem<'a>(mut segments: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    segments.find_map(segment_problem)
}

/// Why a `slug` is unsafe: it is one file name.
pub(crate) fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.contains('/') {
        return Some("a `/`: a slug names one folder");
    }
    segment_problem(slug)
}

/// Why an alias is unsafe. An alias is a URL path on this site (`/old/page/`): one leading and
/// one trailing `/` are allowed.
pub(crate) fn alias_problem(alias: &str) -> Option<&'static str> {
    let inner = alias.strip_prefix('/').unwrap_or(alias);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return Some("no path: the home page cannot be an alias");
    }
    first_problem(inner.split('/'))
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
        assert_eq!(slug_problem("june-update"), None);
        for name in ["../page.html", "/etc/passwd", "a//b.html", "..\\x.html"] {
            assert!(template_problem(name).is_some(), "{name:?} accepted");
        }
        assert_eq!(template_problem("partials/custom.html"), None);
    }
}
