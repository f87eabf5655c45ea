//! The bibliography (`lints/sources.yaml`): sources cited by articles and by the claims registry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};
use crate::yaml::YamlDoc;

/// One source: a paper, a regulator's page, a guideline.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    /// article | web | guidance | regulation | book
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub title: String,
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub year: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub volume: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub issue: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub pages: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub pmid: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// `none`: the source has no DOI, PubMed id or URL, and `note` says why (turns off the
    /// `source-without-identifier` warning).
    #[serde(default)]
    pub identifier: Option<String>,
}

fn text_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Int(i64),
        Float(f64),
    }
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Int(i) => i.to_string(),
        TextOrNumber::Float(f) => f.to_string(),
    }))
}

impl Source {
    pub fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    pub fn pubmed_url(&self) -> Option<String> {
        self.pmid
            .as_ref()
            .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"))
    }

    /// A short label for messages: "Aust et al. 2008".
    pub fn short(&self) -> String {
        let who = match self.authors.as_slice() {
            [] => self.container.clone().unwrap_or_else(|| self.title.clone()),
            [one] => surname(one).to_owned(),
            [a, b] => format!("{} and {}", surname(a), surname(b)),
            [a, ..] => format!("{} et al.", surname(a)),
        };
        match &self.year {
            Some(year) => format!("{who} {year}"),
            None => who,
        }
    }

    /// Vancouver-style citation as HTML (links are rendered by the theme from the other fields).
    pub fn to_html(&self) -> String {
        use crate::html::escape_html as esc;
        let mut out = String::new();
        if !self.authors.is_empty() {
            let shown: Vec<&str> = self.authors.iter().take(6).map(String::as_str).collect();
            out.push_str(&esc(&shown.join(", ")));
            if self.authors.len() > 6 {
                out.push_str(", et al");
            }
            // An author list may itself end in "et al."; one full stop is enough.
            while out.ends_with('.') {
                out.pop();
            }
            out.push_str(". ");
        }
        out.push_str(&esc(self.title.trim_end_matches('.')));
        out.push_str(". ");
        if let Some(container) = &self.container {
            out.push_str(&format!("<i>{}</i>. ", esc(container)));
        }
        if let Some(year) = &self.year {
            out.push_str(&esc(year));
            if let Some(volume) = &self.volume {
                out.push_str(&format!(";{}", esc(volume)));
                if let Some(issue) = &self.issue {
                    out.push_str(&format!("({})", esc(issue)));
                }
            }
            if let Some(pages) = &self.pages {
                out.push_str(&format!(":{}", esc(pages)));
            }
            out.push('.');
        }
        out.trim_end().to_owned()
    }
}

/// "Aust MC" -> "Aust"; an organisation ("U.S. Food and Drug Administration") stays whole.
fn surname(author: &str) -> &str {
    let words: Vec<&str> = author.split_whitespace().collect();
    match words.as_slice() {
        [name, initials]
            if initials.len() <= 3 && initials.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            name
        }
        [name, initials, suffix]
            if initials.chars().all(|c| c.is_ascii_uppercase()) && suffix.len() <= 3 =>
        {
            name
        }
        _ => author,
    }
}

/// All sources by id.
#[derive(Debug, Default)]
pub struct Bibliography {
    pub path: PathBuf,
    pub sources: BTreeMap<String, Source>,
    /// 1-based line of each entry's `id:` in the file.
    pub lines: BTreeMap<String, usize>,
}

impl Bibliography {
    /// Loads `<lints>/sources.yaml`; a missing file is an empty bibliography.
    pub fn load(lints_dir: &Path) -> Result<Bibliography> {
        let path = lints_dir.join("sources.yaml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Bibliography {
                path,
                ..Default::default()
            }),
            Err(err) => Err(Error::io(&path, "read the bibliography", err)),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Bibliography> {
        let text = crate::yaml::without_bom(text);
        let list: Option<Vec<Source>> = YamlDoc::new(path, text, 1).parse()?;
        let lines = id_lines(text);
        let mut bib = Bibliography {
            path: path.to_path_buf(),
            ..Default::default()
        };
        for source in list.unwrap_or_default() {
            let line = lines.get(&source.id).copied();
            if bib.sources.contains_key(&source.id) {
                let second = line_of_nth(text, &source.id, 2);
                return Err(Error::at(
                    path,
                    second.or(line),
                    format!("duplicate source id `{}`", source.id),
                ));
            }
            bib.lines.insert(source.id.clone(), line.unwrap_or(1));
            bib.sources.insert(source.id.clone(), source);
        }
        Ok(bib)
    }

    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }
}

/// Lines of `id: X` entries (the first occurrence of each id).
pub fn id_lines(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(id) = entry_id(line) {
            out.entry(id.to_owned()).or_insert(i + 1);
        }
    }
    out
}

/// Line of the `n`th `id: X` entry for one id.
pub fn line_of_nth(text: &str, id: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| entry_id(l) == Some(id))
        .nth(n - 1)
        .map(|(i, _)| i + 1)
}

fn entry_id(line: &str) -> Option<&str> {
    let rest = line
        .trim_start()
        .strip_prefix("- ")
        .unwrap_or(line.trim_start());
    let value = rest.strip_prefix("id:")?.trim();
    Some(value.trim_matches(['"', '\'']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_a_vancouver_citation() {
        let yaml = "- id: a\n  authors: [Aust MC, Vogt PM]\n  title: Collagen induction.\n  container: Plast Reconstr Surg\n  year: 2008\n  volume: 121\n  issue: 4\n";
        let bib = Bibliography::parse(Path::new("s.yaml"), yaml).unwrap();
        let s = bib.get("a").unwrap();
        assert_eq!(
            s.to_html(),
            "Aust MC, Vogt PM. Collagen induction. <i>Plast Reconstr Surg</i>. 2008;121(4)."
        );
        assert_eq!(s.short(), "Aust and Vogt 2008");
        assert_eq!(surname("English RS Jr"), "English");
        assert_eq!(
            surname("American Academy of Dermatology"),
            "American Academy of Dermatology"
        );
    }

    #[test]
    fn duplicate_and_unknown_keys_name_the_line() {
        let dup = "- id: a\n  title: A\n- id: a\n  title: B\n";
        assert_eq!(
            Bibliography::parse(Path::new("s.yaml"), dup)
                .unwrap_err()
                .line,
            Some(3)
        );
        let unknown = "- id: a\n  title: A\n  jornal: X\n";
        let err = Bibliography::parse(Path::new("s.yaml"), unknown).unwrap_err();
        assert!(err.message.contains("jornal"), "{err}");
        assert_eq!(err.line, Some(3));
    }
}
