//! Term groups and patterns: how the registry describes wording without code.
//!
//! A term is a word or phrase, matched case-insensitively as whole words. In a term, a space
//! also matches a hyphen or a line break ("at home" matches "at-home"), a hyphen is optional
//! (and may be an en dash: "types I-VI" matches "types I–VI")
//! ("micro-needling" matches "microneedling"), and a trailing `*` matches any word ending
//! ("remov*" matches "removes", "removed"). A pattern is a regular expression in which
//! `{group}` stands for any term of a group from `lints/terms.yaml`.

use std::collections::BTreeMap;

use std::sync::{Arc, OnceLock};

use regex::Regex;

/// Turns one term into a regular-expression fragment. The first and last words of a term
/// also match their inflections (see `forms`), unless the term ends in `*`.
pub(crate) fn term_regex(term: &str) -> String {
    let term = term.trim().to_lowercase();
    let (body, open_end) = match term.strip_suffix('*') {
        Some(b) => (b, true),
        None => (term.as_str(), false),
    };
    let mut out = String::new();
    if body.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        out.push_str(r"\b");
    }
    // (Word boundaries and classes become ASCII in `compile`.)
    let words: Vec<&str> = body.split(' ').collect();
    let last = words.len() - 1;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(r"[\s\-]+");
        }
        let inflect = !open_end && (i == 0 || i == last);
        let forms = if inflect {
            super::forms::forms(word)
        } else {
            vec![(*word).to_owned()]
        };
        if forms.len() > 1 {
            // Longest first, so that "scarring" is not cut short at "scar".
            let mut forms = forms;
            forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            let parts: Vec<String> = forms.iter().map(|f| word_regex(f)).collect();
            out.push_str(&format!("(?:{})", parts.join("|")));
        } else {
            out.push_str(&word_regex(word));
        }
    }
    if open_end {
        out.push_str(r"[a-z\-']*");
    } else if body.chars().last().is_some_and(|c| c.is_alphanumeric()) {
        out.push_str(r"\b");
    }
    out
}

/// Whether a term matches the empty string, and so every sentence: `""`, `*` or hyphens alone
/// (a hyphen in a term is optional). Any letter, digit, space or other mark makes it match
/// at least one character.
pub(crate) fn matches_empty(term: &str) -> bool {
    let term = term.trim();
    term.strip_suffix('*')
        .unwrap_or(term)
        .chars()
        .all(|c| c == '-')
}

/// One word of a term: a hyphen is optional, an apostrophe may be curly.
fn word_regex(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        match c {
            '-' => out.push_str(r"[\s\-–]?"),
            '\'' | '’' => out.push_str("['’]"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out
}

/// A non-capturing alternation of terms, longest first so that the longest wording wins.
pub(crate) fn group_regex(terms: &[String]) -> String {
    let mut sorted: Vec<&String> = terms.iter().collect();
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let parts: Vec<String> = sorted.iter().map(|t| term_regex(t)).collect();
    format!("(?:{})", parts.join("|"))
}

/// Replaces `{group}` placeholders in a pattern. Returns the unknown group name on failure.
pub(crate) fn expand(
    pattern: &str,
    groups: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = match rest[open..].find('}') {
            Some(c) => open + c,
            None => break,
        };
        let name = &rest[open + 1..close];
        // `{2}` and `{1,3}` are regex repetitions and `\p{L}` a class, not groups.
        let class = rest[..open].ends_with("\\p") || rest[..open].ends_with("\\P");
        if class || name.is_empty() || name.chars().all(|c| c.is_ascii_digit() || c == ',') {
            out.push_str(&rest[..=close]);
        } else {
            let terms = groups.get(name).ok_or_else(|| name.to_owned())?;
            out.push_str(&rest[..open]);
            out.push_str(&group_regex(terms));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A registry pattern, checked when the registry loads and compiled the first time it is used.
///
/// Compiling every pattern up front is most of the time `vetted lint` takes on one file; the
/// prefilter (one set of all patterns, compiled at load) already tells which ones a text needs.
///
/// Clones share the compiled regex: the registry makes one `Lazy` per distinct pattern and
/// hands out clones, so a pattern several claims use is compiled once.
#[derive(Debug, Clone)]
pub struct Lazy {
    pattern: String,
    compiled: Arc<OnceLock<Regex>>,
}

impl Lazy {
    /// Checks the syntax now; compiles later.
    pub fn new(pattern: String) -> Result<Lazy, String> {
        Lazy::check(&pattern)?;
        Ok(Lazy::unchecked(pattern))
    }

    /// A pattern whose syntax the caller checks (`Lazy::check`) before it is used: the
    /// registry checks all of its patterns on a second thread while the prefilter compiles.
    pub fn unchecked(pattern: String) -> Lazy {
        Lazy {
            pattern,
            compiled: Arc::new(OnceLock::new()),
        }
    }

    /// Whether `pattern` parses; a full parse (case folding included) costs about a million
    /// instructions per registry pattern, a tenth of the cold start of a one-file lint.
    /// A pattern that matches the empty string (`""`, `a*`) is refused too: it matches in
    /// every sentence.
    pub fn check(pattern: &str) -> Result<(), String> {
        let hir = regex_syntax::Parser::new()
            .parse(pattern)
            .map_err(|e| format!("invalid pattern: {e}"))?;
        let written = pattern.strip_prefix("(?i)").unwrap_or(pattern);
        match (hir.properties().minimum_len(), written) {
            (Some(0), "") => Err("an empty pattern matches every sentence".into()),
            (Some(0), _) => Err(format!(
                "the pattern `{written}` matches the empty string, so it would match every sentence"
            )),
            _ => Ok(()),
        }
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Compiles the pattern now, unless that is done already.
    pub fn force(&self) {
        let _: &Regex = self;
    }
}

impl std::ops::Deref for Lazy {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        // The registry's prefilter compiled every pattern when it loaded, under the engine's
        // size limit and without capture groups; the larger limit here leaves room for them.
        self.compiled.get_or_init(|| {
            regex::RegexBuilder::new(&self.pattern)
                .size_limit(64 << 20)
                .build()
                .expect("pattern checked when the registry loaded")
        })
    }
}

/// Prepares a pattern, case-insensitive with ASCII classes.
#[cfg(test)]
pub(crate) fn compile(
    pattern: &str,
    groups: &BTreeMap<String, Vec<String>>,
) -> Result<Lazy, String> {
    Lazy::new(prepare(pattern, groups)?)
}

/// The pattern a registry entry compiles to: term groups expanded, case-insensitive, ASCII
/// classes. Its syntax is not checked yet.
pub(crate) fn prepare(
    pattern: &str,
    groups: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    let expanded = expand(pattern, groups).map_err(|g| format!("unknown term group `{{{g}}}`"))?;
    Ok(format!("(?i){}", ascii_classes(&expanded)))
}

/// Compiles one of the linter's own patterns (constants, covered by tests) with ASCII classes.
pub(crate) fn builtin(pattern: &str) -> Regex {
    Regex::new(&ascii_classes(pattern)).expect("built-in patterns are valid")
}

/// Makes `\b`, `\w`, `\d` and `\s` ASCII. Unicode word boundaries cost the regex engine a slow
/// path, and the registry's terms are ASCII words; compiling the registry this way is several
/// times faster and matching stays on the fast lazy DFA.
pub(crate) fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('b' | 'w' | 'd' | 's' | 'B' | 'W' | 'D' | 'S')) if !in_class => {
                    out.push_str(&format!("(?-u:\\{e})"));
                }
                Some(e @ ('w' | 'd' | 's')) if in_class => {
                    out.push_str(match e {
                        'w' => "0-9A-Za-z_",
                        'd' => "0-9",
                        _ => "\\t\\n\\x0B\\x0C\\r\\x20",
                    });
                }
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_compiled_regex() {
        let a = Lazy::unchecked(r"(?i)\bscars?\b".to_owned());
        let b = a.clone();
        assert!(!b.is_compiled());
        a.force();
        assert!(b.is_compiled());
        assert!(b.is_match("Acne SCARS"));
    }

    fn groups() -> BTreeMap<String, Vec<String>> {
        BTreeMap::from([(
            "home".to_owned(),
            vec![
                "at home".to_owned(),
                "self-use".to_owned(),
                "DIY".to_owned(),
            ],
        )])
    }

    #[test]
    fn terms_match_spelling_variants() {
        let re = compile("{home}", &groups()).unwrap();
        for text in [
            "used at-home",
            "AT HOME",
            "selfuse rollers",
            "self use",
            "a DIY kit",
        ] {
            assert!(re.is_match(text), "{text}");
        }
        assert!(!re.is_match("athome"));
        assert!(!re.is_match("homework"));
        let star = Regex::new(&format!("(?i){}", term_regex("remov*"))).unwrap();
        assert!(star.is_match("it removes scars") && !star.is_match("premove"));
    }

    /// `context::dominant` counts a document's blocks joined by NUL bytes: no term may match
    /// across (or include) one.
    #[test]
    fn terms_never_match_a_nul() {
        let re = compile("{home}", &groups()).unwrap();
        assert_eq!(re.find_iter("at home\0self-use").count(), 2);
        for text in ["at\0home", "self\0use", "self-\0use", "DIY\0", "\0"] {
            let found: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
            assert!(found.iter().all(|m| !m.contains('\0')), "{text}: {found:?}");
            assert_eq!(found.len(), usize::from(text.starts_with("DIY")), "{text}");
        }
        let open = Regex::new(&format!("(?i){}", term_regex("remov*"))).unwrap();
        assert_eq!(open.find("removes\0d").map(|m| m.as_str()), Some("removes"));
    }

    #[test]
    fn classes_become_ascii() {
        assert_eq!(
            ascii_classes(r"\bno\s+[\w-]x\\b"),
            r"(?-u:\b)no(?-u:\s)+[0-9A-Za-z_-]x\\b"
        );
        let re = compile(r"\bsafe\b", &BTreeMap::new()).unwrap();
        assert!(re.is_match("Completely SAFE.") && !re.is_match("unsafe"));
    }

    #[test]
    fn unknown_groups_and_repetitions() {
        assert_eq!(
            compile("{nope} x", &groups()).unwrap_err(),
            "unknown term group `{nope}`"
        );
        assert!(compile(r"\d{1,2} {home}", &groups())
            .unwrap()
            .is_match("12 at home"));
    }
}
