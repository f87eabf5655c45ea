//! Front matter: split the `---` block off a Markdown file and read it strictly.
//!
//! The split keeps byte offsets, so diagnostics in the body point into the original file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::paths;
use crate::config::{SiteConfig, FRONT_MATTER_KEYS};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::yaml::{Fields, YamlDoc};

/// The parts of a Markdown file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. The closing fence may also be `...`.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[bom..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::at(path, Some(1), "missing front matter")
            .with_help("start the file with a `---` line, then `title:` and `description:`, then a closing `---`"));
    }
    let yaml_start = bom + first.len();
    let mut offset = yaml_start;
    for line in lines {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Error::at(path, Some(1), "front matter is not closed")
        .with_help("add a `---` line after the last front-matter key"))
}

/// A reviewer with their credentials, shown on the page and in JSON-LD.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub name: String,
    #[serde(default)]
    pub credentials: Option<String>,
}

/// Front matter of an article.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub reviewed: Option<Date>,
    pub reviewer: Option<Reviewer>,
    pub author: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    /// Markdown for the "when to get medical help" box.
    pub get_help: Option<String>,
    pub template: Option<String>,
    pub extra: serde_json::Value,
    /// Taxonomy name -> terms, for the taxonomies declared in `site.yaml`.
    pub taxonomies: BTreeMap<String, Vec<String>>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default)]
pub struct SectionMeta {
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub draft: bool,
    pub template: Option<String>,
    pub extra: serde_json::Value,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
}

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "sort_by",
    "paginate_by",
    "draft",
    "template",
    "extra",
    "aliases",
];

/// Front matter read as far as it goes: the values that could be read and every problem found
/// on the way. A build stops at the first problem; `vetted lint` reports them all and still
/// checks the prose.
#[derive(Debug)]
pub struct Reading<T> {
    pub meta: T,
    pub problems: Vec<Error>,
}

impl<T> Reading<T> {
    /// The metadata, or the first problem.
    pub fn strict(self) -> Result<T> {
        match self.problems.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(self.meta),
        }
    }
}

/// Keeps a value that could be read; records the problem and uses the default otherwise.
fn keep<T: Default>(problems: &mut Vec<Error>, read: Result<T>) -> T {
    read.unwrap_or_else(|err| {
        problems.push(err);
        T::default()
    })
}

pub fn parse_page(path: &Path, split: &Split, config: &SiteConfig) -> Result<PageMeta> {
    read_page(path, split, config).strict()
}

pub fn read_page(path: &Path, split: &Split, config: &SiteConfig) -> Reading<PageMeta> {
    let doc = YamlDoc::new(path, split.yaml, split.yaml_line);
    let mut f = match doc.mapping() {
        Ok(f) => f,
        Err(err) => {
            return Reading {
                meta: PageMeta::default(),
                problems: vec![err],
            }
        }
    };
    let mut known: Vec<&str> = FRONT_MATTER_KEYS.to_vec();
    known.extend(config.taxonomies.iter().map(String::as_str));
    // Unknown keys first, so that `titel:` reads as a typo before `title` reads as missing.
    let mut p = f.take_unknown(&known);
    let meta = PageMeta {
        title: keep(&mut p, required_text(&mut f, "title")),
        description: keep(&mut p, required_text(&mut f, "description")),
        date: keep(&mut p, date(&mut f, "date")),
        updated: keep(&mut p, date(&mut f, "updated")),
        reviewed: keep(&mut p, date(&mut f, "reviewed")),
        reviewer: keep(&mut p, f.take("reviewer")),
        author: keep(&mut p, f.take("author")),
        draft: keep(&mut p, f.take("draft")).unwrap_or(false),
        weight: keep(&mut p, f.take_whole("weight")).unwrap_or(0),
        slug: keep(&mut p, f.take("slug")),
        aliases: keep(&mut p, f.take("aliases")).unwrap_or_default(),
        get_help: keep(&mut p, f.take("get_help")),
        template: keep(&mut p, f.take("template")),
        extra: keep(&mut p, extra(&mut f)),
        taxonomies: keep(&mut p, taxonomies(&mut f, config)),
    };
    if let Some(problem) = meta.slug.as_deref().and_then(paths::slug_problem) {
        p.push(
            f.error("slug", format!("invalid `slug`: it contains {problem}"))
                .with_help("use letters, digits and `-`"),
        );
    }
    p.extend(alias_problems(&f, &meta.aliases));
    p.extend(check_template(&f, meta.template.as_deref()).err());
    Reading { meta, problems: p }
}

pub fn parse_section(path: &Path, split: &Split) -> Result<SectionMeta> {
    read_section(path, split).strict()
}

pub fn read_section(path: &Path, split: &Split) -> Reading<SectionMeta> {
    let doc = YamlDoc::new(path, split.yaml, split.yaml_line);
    let mut f = match doc.mapping() {
        Ok(f) => f,
        Err(err) => {
            return Reading {
                meta: SectionMeta::default(),
                problems: vec![err],
            }
        }
    };
    let mut p = f.take_unknown(SECTION_KEYS);
    let meta = SectionMeta {
        title: keep(&mut p, required_text(&mut f, "title")),
        description: keep(&mut p, f.take("description")).unwrap_or_default(),
        weight: keep(&mut p, f.take_whole("weight")).unwrap_or(0),
        sort_by: keep(&mut p, f.take("sort_by")).unwrap_or_default(),
        paginate_by: keep(&mut p, f.take("paginate_by")),
        draft: keep(&mut p, f.take("draft")).unwrap_or(false),
        template: keep(&mut p, f.take("template")),
        extra: keep(&mut p, extra(&mut f)),
        aliases: keep(&mut p, f.take("aliases")).unwrap_or_default(),
    };
    p.extend(alias_problems(&f, &meta.aliases));
    p.extend(check_template(&f, meta.template.as_deref()).err());
    if meta.paginate_by == Some(0) {
        p.push(f.error("paginate_by", "`paginate_by` must be at least 1"));
    }
    Reading { meta, problems: p }
}

/// Aliases that are not paths of this site.
fn alias_problems(f: &Fields, aliases: &[String]) -> Vec<Error> {
    aliases
        .iter()
        .filter_map(|alias| {
            let problem = paths::alias_problem(alias)?;
            Some(
                f.error(
                    "aliases",
                    format!(
                        "invalid alias `{}`: it contains {problem}",
                        alias.escape_debug()
                    ),
                )
                .with_help("write an old URL of this site as a path, e.g. `/old/page/`"),
            )
        })
        .collect()
}

fn check_template(f: &Fields, template: Option<&str>) -> Result<()> {
    match template.and_then(|t| paths::template_problem(t).map(|p| (t, p))) {
        Some((name, problem)) => Err(f
            .error(
                "template",
                format!(
                    "invalid `template` `{}`: it contains {problem}",
                    name.escape_debug()
                ),
            )
            .with_help("name a template of the theme or of templates/, e.g. `page.html`")),
        None => Ok(()),
    }
}

fn required_text(f: &mut Fields, key: &str) -> Result<String> {
    let value: String = f.require(key)?;
    if value.trim().is_empty() {
        return Err(f.error(key, format!("`{key}` must not be empty")));
    }
    Ok(value)
}

fn date(f: &mut Fields, key: &str) -> Result<Option<Date>> {
    let Some(text) = f.take::<String>(key)? else {
        return Ok(None);
    };
    Date::parse(&text).map(Some).ok_or_else(|| {
        f.error(key, format!("invalid date `{text}` for `{key}`"))
            .with_help("write dates as YYYY-MM-DD, e.g. 2026-03-31")
    })
}

fn extra(f: &mut Fields) -> Result<serde_json::Value> {
    let value: Option<serde_yaml::Value> = f.take("extra")?;
    match value {
        None => Ok(serde_json::Value::Object(Default::default())),
        Some(v @ serde_yaml::Value::Mapping(_)) => {
            serde_json::to_value(v).map_err(|e| f.error("extra", format!("invalid `extra`: {e}")))
        }
        Some(_) => Err(f.error("extra", "`extra` must be a mapping")),
    }
}

fn taxonomies(f: &mut Fields, config: &SiteConfig) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for name in &config.taxonomies {
        let terms: Vec<String> = f.take(name)?.unwrap_or_default();
        if let Some(empty) = terms
            .iter()
            .find(|t| t.trim().is_empty() || crate::markdown::slugify(t).is_empty())
        {
            return Err(f.error(name, format!("invalid term `{empty}` in `{name}`")));
        }
        if !terms.is_empty() {
            out.insert(name.clone(), terms);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_body_offset() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_start..], "Body\n");
    }

    #[test]
    fn split_handles_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(&text[s.body_start..], "Body");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        assert!(split(Path::new("a.md"), "# Title\n")
            .unwrap_err()
            .message
            .contains("missing"));
        assert!(split(Path::new("a.md"), "---\ntitle: A\n")
            .unwrap_err()
            .message
            .contains("not closed"));
    }

    #[test]
    fn invalid_date_names_the_line() {
        let text = "---\ntitle: A\ndescription: B\nreviewed: 2026-02-30\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let err = parse_page(Path::new("a.md"), &s, &SiteConfig::default()).unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("2026-02-30"));
    }

    #[test]
    fn taxonomy_keys_come_from_the_config() {
        let text = "---\ntitle: A\ndescription: B\ntags: [x]\nconcerns: [acne scars]\n---\n";
        let s = split(Path::new("a.md"), text).unwrap();
        let err = parse_page(Path::new("a.md"), &s, &SiteConfig::default()).unwrap_err();
        assert!(err.message.contains("unknown key `concerns`"), "{err}");
        let mut config = SiteConfig::default();
        config.taxonomies.push("concerns".into());
        let meta = parse_page(Path::new("a.md"), &s, &config).unwrap();
        assert_eq!(meta.taxonomies["concerns"], vec!["acne scars"]);
    }
}
