//! Site configuration: the optional `site.yaml` at the root of a site.
//!
//! Every key is optional and has a default; unknown keys are errors, so a typo never silently
//! falls back to a default.

use std::path::Path;

use crate::error::{Error, Result};
use crate::yaml::YamlDoc;

/// What `vetted build` does with error-level lint findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintMode {
    /// Error-level findings stop the build (exit 1, no output written).
    Deny,
    /// Findings are printed and the site is written anyway.
    Warn,
    /// The claim lint is skipped.
    Off,
}

pub use crate::markdown::guard::HtmlMode;

#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site name, shown in the header and in `<title>`.
    pub title: String,
    /// One-line description for the home page, feeds and search engines.
    pub description: String,
    /// Absolute URL the site is published at, without a trailing slash.
    pub base_url: String,
    /// BCP 47 language tag for `<html lang>` (default `en`).
    pub language: String,
    /// Organisation shown as publisher in the footer and in JSON-LD.
    pub publisher: String,
    /// Theme folder under `themes/` (default `default`).
    pub theme: String,
    /// Taxonomies articles may use as front-matter keys (default `[tags]`).
    pub taxonomies: Vec<String>,
    /// Days between a page's `reviewed` date and its next review (default 365).
    pub review_interval_days: i64,
    /// Whether lint errors block `vetted build` (default `deny`).
    pub lint: LintMode,
    /// Pages per listing page for sections and taxonomy terms (default 20).
    pub paginate_by: usize,
    /// Entries in `atom.xml` (default 20).
    pub feed_limit: usize,
    /// Overrides the theme's medical disclaimer text.
    pub disclaimer: Option<String>,
    /// Markdown for the "when to get medical help" box of every page that sets no `get_help`
    /// of its own (the theme's general text otherwise).
    pub get_help: Option<String>,
    /// Raw HTML in Markdown (default `safe`).
    pub html: HtmlMode,
    /// Reviewer names are examples, not real people: every page says so next to the name.
    pub illustrative_reviewers: bool,
    /// Where readers report a problem with a page: an e-mail address or a form URL (`{url}` and
    /// `{title}` in it are replaced by the page's address and title).
    pub report_problem: Option<String>,
    /// Synonym groups for the search box: names of term groups in `lints/terms.yaml`, or lists
    /// of words.
    pub search_synonyms: Vec<Synonyms>,
    /// Publish the registry as the evidence ledger: a page per claim and per source under
    /// `/evidence/` (default true; themes without the ledger templates have none).
    pub ledger: bool,
}

/// One synonym group of `search_synonyms`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum Synonyms {
    /// A term group of the registry, by name.
    Group(String),
    /// Words and phrases of its own.
    Terms(Vec<String>),
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "publisher",
    "theme",
    "taxonomies",
    "review_interval_days",
    "lint",
    "paginate_by",
    "feed_limit",
    "disclaimer",
    "get_help",
    "html",
    "illustrative_reviewers",
    "report_problem",
    "search_synonyms",
    "ledger",
];

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            title: "Patient guides".into(),
            description: String::new(),
            base_url: "http://localhost".into(),
            language: "en".into(),
            publisher: String::new(),
            theme: "default".into(),
            taxonomies: vec!["tags".into()],
            review_interval_days: 365,
            lint: LintMode::Deny,
            paginate_by: 20,
            feed_limit: 20,
            disclaimer: None,
            get_help: None,
            html: HtmlMode::Safe,
            illustrative_reviewers: false,
            report_problem: None,
            search_synonyms: Vec::new(),
            ledger: true,
        }
    }
}

impl SiteConfig {
    /// Loads `<root>/site.yaml`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<SiteConfig> {
        let path = root.join("site.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SiteConfig::default())
            }
            Err(err) => return Err(Error::io(&path, "read the site configuration", err)),
        };
        Self::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<SiteConfig> {
        let doc = YamlDoc::new(path, text, 1);
        let mut fields = doc.mapping()?;
        fields.check_keys(KEYS)?;
        let d = SiteConfig::default();
        let lint = match fields.take::<String>("lint")?.as_deref() {
            None | Some("deny") => LintMode::Deny,
            Some("warn") => LintMode::Warn,
            Some("off") => LintMode::Off,
            Some(other) => {
                return Err(fields
                    .error("lint", format!("invalid `lint`: `{other}`"))
                    .with_help("use deny, warn or off"))
            }
        };
        let html = match fields.take::<String>("html")?.as_deref() {
            None | Some("safe") => HtmlMode::Safe,
            Some("escape") => HtmlMode::Escape,
            Some("trusted") => HtmlMode::Trusted,
            Some(other) => {
                return Err(fields
                    .error("html", format!("invalid `html`: `{other}`"))
                    .with_help("use safe, escape or trusted"))
            }
        };
        let config = SiteConfig {
            title: fields.take("title")?.unwrap_or(d.title),
            description: fields.take("description")?.unwrap_or(d.description),
            base_url: fields
                .take::<String>("base_url")?
                .map(|u| u.trim_end_matches('/').to_owned())
                .unwrap_or(d.base_url),
            language: fields.take("language")?.unwrap_or(d.language),
            publisher: fields.take("publisher")?.unwrap_or(d.publisher),
            theme: fields.take("theme")?.unwrap_or(d.theme),
            taxonomies: fields.take("taxonomies")?.unwrap_or(d.taxonomies),
            review_interval_days: fields
                .take("review_interval_days")?
                .unwrap_or(d.review_interval_days),
            lint,
            paginate_by: fields.take("paginate_by")?.unwrap_or(d.paginate_by),
            feed_limit: fields.take("feed_limit")?.unwrap_or(d.feed_limit),
            disclaimer: fields.take("disclaimer")?,
            get_help: fields.take("get_help")?,
            html,
            illustrative_reviewers: fields
                .take("illustrative_reviewers")?
                .unwrap_or(d.illustrative_reviewers),
            report_problem: fields.take("report_problem")?,
            search_synonyms: fields.take("search_synonyms")?.unwrap_or_default(),
            ledger: fields.take("ledger")?.unwrap_or(d.ledger),
        };
        for (i, name) in config.taxonomies.iter().enumerate() {
            if config.taxonomies[..i].contains(name) {
                return Err(fields
                    .error("taxonomies", format!("taxonomy `{name}` is listed twice"))
                    .with_help("list each taxonomy once"));
            }
            if RESERVED_FOLDERS.contains(&name.as_str()) {
                return Err(fields
                    .error(
                        "taxonomies",
                        format!("taxonomy `{name}` clashes with the site's own /{name}/ folder"),
                    )
                    .with_help(format!(
                        "vetted writes /{name}/ itself: choose another name (not {})",
                        RESERVED_FOLDERS.join(" or ")
                    )));
            }
            if !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                || name.is_empty()
            {
                return Err(fields
                    .error("taxonomies", format!("invalid taxonomy name `{name}`"))
                    .with_help("use lower-case letters, digits and `_`"));
            }
            if FRONT_MATTER_KEYS.contains(&name.as_str()) {
                return Err(fields.error(
                    "taxonomies",
                    format!("taxonomy `{name}` clashes with a front-matter key"),
                ));
            }
        }
        if let Some(text) = &config.get_help {
            // What the `html` setting would remove never reaches a page unnoticed.
            let (_, removed) = crate::markdown::guard::render_fragment(text, config.html);
            if let Some(what) = removed.first() {
                return Err(fields
                    .error("get_help", format!("in `get_help`: {what}"))
                    .with_help("raw HTML in `get_help` follows the same rules as articles"));
            }
        }
        if config.paginate_by == 0 {
            return Err(fields.error("paginate_by", "`paginate_by` must be at least 1"));
        }
        if config.feed_limit == 0 {
            return Err(fields.error("feed_limit", "`feed_limit` must be at least 1"));
        }
        if !(1..=MAX_REVIEW_INTERVAL_DAYS).contains(&config.review_interval_days) {
            return Err(fields.error(
                "review_interval_days",
                format!(
                    "`review_interval_days` must be from 1 to {MAX_REVIEW_INTERVAL_DAYS}, not {}",
                    config.review_interval_days
                ),
            ));
        }
        if let Err(problem) = check_base_url(&config.base_url) {
            return Err(fields
                .error("base_url", format!("invalid `base_url`: {problem}"))
                .with_help(
                    "write the address the site is published at, such as https://example.org/guide",
                ));
        }
        if let Some(problem) = (config.report_problem.as_deref()).and_then(report_problem_problem) {
            return Err(fields
                .error(
                    "report_problem",
                    format!("invalid `report_problem`: {problem}"),
                )
                .with_help(
                    "write an e-mail address (corrections@example.org) or an http(s) form URL",
                ));
        }
        fields.finish(KEYS)?;
        Ok(config)
    }

    /// The site's "when to get medical help" text as HTML, rendered under the `html` setting.
    pub fn get_help_html(&self) -> Option<String> {
        let text = self.get_help.as_deref()?;
        Some(crate::markdown::guard::render_fragment(text, self.html).0)
    }

    /// The path part of `base_url` ("" or "/docs"), prefixed to every internal URL.
    pub fn root_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }
}

/// Longest review interval: a century (a larger one is a typo, and would overflow dates).
const MAX_REVIEW_INTERVAL_DAYS: i64 = 36_500;

/// Why `url` cannot be a site's `base_url` (also `--base-url`): it goes into every page's
/// canonical link and the feed, so it must be an http or https address with a host, and
/// nothing that could leave an HTML attribute or a URL.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    let rest = (url.strip_prefix("https://"))
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an http:// or https:// address"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{url}` has no host name"));
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
    }) {
        return Err(format!("`{url}` contains {c:?}, which a URL cannot hold"));
    }
    Ok(())
}

/// Why `target` cannot be `report_problem`, if it cannot: an e-mail address (optionally
/// `mailto:`) or an http(s) URL, never another scheme (`javascript:`) on every page.
fn report_problem_problem(target: &str) -> Option<String> {
    let target = target.trim();
    if target.starts_with("https://") || target.starts_with("http://") {
        let url = target.replace("{url}", "u").replace("{title}", "t");
        return check_base_url(&url).err();
    }
    let address = target.strip_prefix("mailto:").unwrap_or(target);
    let plain = |part: &str| {
        !part.is_empty()
            && !part
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\:/()[],;".contains(c))
    };
    match address.split_once('@') {
        Some((user, domain)) if plain(user) && plain(domain) && !domain.contains('@') => None,
        _ => Some(format!(
            "`{target}` is neither an e-mail address nor an http:// or https:// address"
        )),
    }
}

/// Top-level output folders vetted writes itself (the search index, the evidence ledger): a
/// taxonomy of the same name would write its pages into them.
const RESERVED_FOLDERS: &[&str] = &["search", "evidence"];

/// Front-matter keys of articles; taxonomy names must not reuse them.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "reviewer",
    "author",
    "draft",
    "weight",
    "slug",
    "aliases",
    "get_help",
    "template",
    "extra",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_with_a_suggestion() {
        let err = SiteConfig::parse(Path::new("site.yaml"), "title: X\nbase_ur: https://a.org\n")
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn get_help_is_markdown_and_unsafe_html_in_it_is_an_error() {
        let c = SiteConfig::parse(Path::new("site.yaml"), "get_help: Call **now**.\n").unwrap();
        assert_eq!(
            c.get_help_html().as_deref(),
            Some("<p>Call <strong>now</strong>.</p>\n")
        );
        let err = SiteConfig::parse(
            Path::new("site.yaml"),
            "title: X\nget_help: <script>alert(1)</script>\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn a_taxonomy_listed_twice_or_named_like_a_site_folder_is_a_site_yaml_error() {
        for (list, says) in [
            ("[tags, tags]", "taxonomy `tags` is listed twice"),
            (
                "[tags, search]",
                "taxonomy `search` clashes with the site's own /search/ folder",
            ),
            ("[evidence]", "taxonomy `evidence` clashes"),
        ] {
            let text = format!("title: X\n# taxonomies\ntaxonomies: {list}\n");
            let err = SiteConfig::parse(Path::new("site.yaml"), &text).unwrap_err();
            assert_eq!(err.line, Some(3), "{list}");
            assert!(err.message.starts_with(says), "{list}: {}", err.message);
        }
    }

    #[test]
    fn a_duplicate_key_is_reported_on_its_own_line() {
        let text = "title: X\nlanguage: en\n\npublisher: P\ntitle: Y\n";
        let err = SiteConfig::parse(Path::new("site.yaml"), text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(5), Some(1)));
        assert_eq!(err.message, "duplicate key `title`");
    }

    #[test]
    fn unsafe_addresses_and_numbers_out_of_range_are_site_yaml_errors() {
        for (line, says) in [
            ("base_url: \"javascript:alert(1)\"", "invalid `base_url`"),
            ("base_url: https://", "invalid `base_url`"),
            ("base_url: \"https://a.org/\\\"><x\"", "invalid `base_url`"),
            (
                "report_problem: \"javascript:alert(1)\"",
                "invalid `report_problem`",
            ),
            (
                "report_problem: \"javascript:a@b.org\"",
                "invalid `report_problem`",
            ),
            (
                "report_problem: \"data:text/html,x\"",
                "invalid `report_problem`",
            ),
            (
                "review_interval_days: -5",
                "`review_interval_days` must be from 1 to 36500",
            ),
            (
                "review_interval_days: 0",
                "`review_interval_days` must be from 1",
            ),
            ("feed_limit: 0", "`feed_limit` must be at least 1"),
        ] {
            let text = format!("title: X\n{line}\n");
            let err = SiteConfig::parse(Path::new("site.yaml"), &text).unwrap_err();
            assert_eq!(err.line, Some(2), "{line}");
            assert!(err.message.starts_with(says), "{line}: {}", err.message);
        }
        for line in [
            "base_url: http://localhost:1111/guide/",
            "report_problem: corrections@example.org",
            "report_problem: mailto:corrections@example.org",
            "report_problem: \"https://forms.example.org/new?page={url}&title={title}\"",
            "review_interval_days: 1",
        ] {
            let text = format!("title: X\n{line}\n");
            assert!(
                SiteConfig::parse(Path::new("site.yaml"), &text).is_ok(),
                "{line}"
            );
        }
    }

    #[test]
    fn root_path_comes_from_base_url() {
        let mut c = SiteConfig {
            base_url: "https://example.org/guides".into(),
            ..SiteConfig::default()
        };
        assert_eq!(c.root_path(), "/guides");
        c.base_url = "https://example.org".into();
        assert_eq!(c.root_path(), "");
    }
}
