//! Strict YAML reading with locations.
//!
//! serde_yaml reports a line for syntax errors but not for a wrong value or an unknown key
//! deep inside a mapping, so mappings are read key by key: each key's line is looked up in the
//! raw text, and unknown keys are reported with the closest valid key.

mod simple;

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::error::{Error, Result};
use crate::source::floor_char_boundary;

/// A YAML document (or a YAML block inside a larger file) with its position in the file.
pub struct YamlDoc<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

impl<'a> YamlDoc<'a> {
    pub fn new(path: &'a Path, text: &'a str, first_line: usize) -> YamlDoc<'a> {
        YamlDoc {
            path,
            text,
            first_line,
        }
    }

    /// Parses the whole document, reporting syntax errors at their line.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        serde_yaml::from_str(self.text).map_err(|err| self.error_from(&err))
    }

    /// Parses a top-level mapping (an empty document is an empty mapping).
    pub fn mapping(&self) -> Result<Fields<'_>> {
        let value: Value = match simple::parse(self.text) {
            Some(value) => {
                debug_assert_eq!(Some(&value), self.parse::<Value>().ok().as_ref());
                value
            }
            None => self.parse()?,
        };
        let map = match value {
            Value::Mapping(map) => map,
            Value::Null => Mapping::new(),
            other => {
                return Err(Error::at(
                    self.path,
                    Some(self.first_line),
                    format!(
                        "expected a mapping of `key: value` pairs, found {}",
                        kind(&other)
                    ),
                ))
            }
        };
        Ok(Fields {
            doc: self,
            map,
            base_indent: 0,
            base_line: self.first_line,
        })
    }

    pub fn error_from(&self, err: &serde_yaml::Error) -> Error {
        let message = self.file_positions(&strip_location(&err.to_string()));
        // A number past 64 bits ("invalid type: integer `1e30-ish` as u128, expected any YAML
        // value") is out of range, not of the wrong type.
        static HUGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"^(?:(\S+): )?invalid type: integer `(-?\d+)` as [iu]128")
                .expect("valid")
        });
        let message = match HUGE.captures(&message) {
            Some(c) => format!(
                "{}the number `{}` is out of range: whole numbers go from {} to {}",
                c.get(1)
                    .map_or(String::new(), |k| format!("`{}`: ", k.as_str())),
                &c[2],
                i64::MIN,
                i64::MAX
            ),
            None => message,
        };
        match err.location() {
            Some(loc) => {
                // Line and column from the byte offset: at the end of a text without a final
                // line break, libyaml's own line is one past the last line of the file.
                let at = floor_char_boundary(self.text, loc.index().min(self.text.len()));
                let before = &self.text[..at];
                let line = self.first_line + before.matches('\n').count();
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Error::at(self.path, Some(line), message).with_column(column)
            }
            None => Error::at(self.path, Some(self.first_line), message),
        }
    }

    /// Rewrites serde_yaml's "at line L column C" (relative to the YAML block) as file lines.
    fn file_positions(&self, message: &str) -> String {
        static POSITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"at line (\d+) column (\d+)").expect("valid")
        });
        POSITION
            .replace_all(message, |c: &regex::Captures| {
                let line: usize = c[1].parse().unwrap_or(1);
                format!("at line {} column {}", line + self.first_line - 1, &c[2])
            })
            .into_owned()
    }

    /// Line of a top-level `key:` (the first line of the YAML when it is absent).
    pub fn top_key_line(&self, key: &str) -> usize {
        self.key_line(key, 0, self.first_line)
            .unwrap_or(self.first_line)
    }

    /// Line of the first `key:` at the given indentation at or after `from_line`.
    fn key_line(&self, key: &str, indent: usize, from_line: usize) -> Option<usize> {
        let skip = from_line.saturating_sub(self.first_line);
        self.text
            .lines()
            .enumerate()
            .skip(skip)
            .find_map(|(i, line)| {
                let rest = line.get(indent..)?;
                let lead = &line[..indent];
                let lead_ok = lead.chars().all(|c| c == ' ' || c == '-');
                let rest = rest.trim_start_matches(['"', '\'']);
                (lead_ok && rest.starts_with(key) && {
                    let after = rest[key.len()..].trim_start_matches(['"', '\'']);
                    after.starts_with(':')
                })
                .then_some(self.first_line + i)
            })
    }
}

/// The keys of one mapping, taken one by one; whatever is left over is an unknown key.
pub struct Fields<'a> {
    doc: &'a YamlDoc<'a>,
    map: Mapping,
    base_indent: usize,
    base_line: usize,
}

impl<'a> Fields<'a> {
    /// Line of `key` in the file (or of the mapping itself when the key cannot be found).
    pub fn line_of(&self, key: &str) -> usize {
        self.doc
            .key_line(key, self.base_indent, self.base_line)
            .unwrap_or(self.base_line)
    }

    /// The text after `key:` on its line, as written.
    fn value_text(&self, key: &str) -> Option<&str> {
        let line = self.line_of(key);
        let text = self
            .doc
            .text
            .lines()
            .nth(line.checked_sub(self.doc.first_line)?)?;
        let (_, value) = text.split_once(':')?;
        Some(value.trim())
    }

    pub fn error(&self, key: &str, message: impl Into<String>) -> Error {
        Error::at(self.doc.path, Some(self.line_of(key)), message)
    }

    /// Removes and deserializes `key`, if present. `null` counts as absent.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_yaml::from_value(value).map(Some).map_err(|err| {
                self.error(
                    key,
                    format!("invalid `{key}`: {}", strip_location(&err.to_string())),
                )
            }),
        }
    }

    /// Removes and reads a whole number, naming the allowed range when the value is not one
    /// (`1e29`, `1.5`, `ten`): serde's "invalid type: floating point" says neither.
    pub fn take_whole(&mut self, key: &str) -> Result<Option<i64>> {
        let Some(value) = self.take::<Value>(key)? else {
            return Ok(None);
        };
        if let Some(n) = value.as_i64() {
            return Ok(Some(n));
        }
        let found = self.value_text(key).unwrap_or_default();
        Err(self.error(
            key,
            format!(
                "invalid `{key}`: `{found}` is not a whole number from {} to {}",
                i64::MIN,
                i64::MAX
            ),
        ))
    }

    /// Like `take`, but the key must be present.
    pub fn require<T: DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        self.take(key)?.ok_or_else(|| {
            Error::at(
                self.doc.path,
                Some(self.base_line),
                format!("missing required key `{key}`"),
            )
        })
    }

    /// Removes and returns a nested mapping to read with the same strictness.
    pub fn take_nested(&mut self, key: &str) -> Result<Option<Fields<'a>>> {
        let line = self.line_of(key);
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Mapping(map)) => {
                let indent = self
                    .doc
                    .text
                    .lines()
                    .nth(line - self.doc.first_line + 1)
                    .map_or(self.base_indent + 2, |l| l.len() - l.trim_start().len());
                Ok(Some(Fields {
                    doc: self.doc,
                    map,
                    base_indent: indent,
                    base_line: line,
                }))
            }
            Some(other) => Err(self.error(
                key,
                format!("`{key}` must be a mapping, found {}", kind(&other)),
            )),
        }
    }

    /// Removes every remaining key accepted by `keep`, returning them in document order.
    pub fn take_where(&mut self, keep: impl Fn(&str) -> bool) -> Vec<(String, Value)> {
        let keys: Vec<String> = self
            .map
            .keys()
            .filter_map(|k| k.as_str())
            .filter(|k| keep(k))
            .map(str::to_owned)
            .collect();
        keys.into_iter()
            .filter_map(|k| self.map.remove(&k).map(|v| (k, v)))
            .collect()
    }

    /// Fails on the first key not in `known`, suggesting the closest one. Run it before
    /// `require`, so that `titel:` is reported as a typo rather than as a missing `title`.
    pub fn check_keys(&self, known: &[&str]) -> Result<()> {
        match self
            .map
            .keys()
            .find(|k| k.as_str().is_none_or(|k| !known.contains(&k)))
        {
            None => Ok(()),
            Some(key) => Err(self.unknown_key(key, known)),
        }
    }

    /// Removes every key not in `known`, with an error for each that suggests the closest
    /// valid key.
    pub fn take_unknown(&mut self, known: &[&str]) -> Vec<Error> {
        let unknown: Vec<Value> = self
            .map
            .keys()
            .filter(|k| k.as_str().is_none_or(|k| !known.contains(&k)))
            .cloned()
            .collect();
        unknown
            .into_iter()
            .map(|key| {
                let err = self.unknown_key(&key, known);
                self.map.remove(&key);
                err
            })
            .collect()
    }

    /// Fails on the first key that was not taken, suggesting the closest of `known`.
    pub fn finish(self, known: &[&str]) -> Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(self.unknown_key(key, known)),
        }
    }

    fn unknown_key(&self, key: &Value, known: &[&str]) -> Error {
        let name = match key {
            Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        let err = self.error(&name, format!("unknown key `{name}`"));
        match closest(&name, known) {
            Some(best) => err.with_help(format!("did you mean `{best}`?")),
            None => err.with_help(format!("valid keys are: {}", known.join(", "))),
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'k>(word: &str, candidates: &[&'k str]) -> Option<&'k str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// serde_yaml puts the error's own position after the message (" at line L column C", before
/// any ", while parsing ..."); it is reported separately, in front.
fn strip_location(message: &str) -> String {
    let Some(i) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[i + " at line ".len()..];
    let end = rest.find(|c: char| {
        !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic() && "column".contains(c))
    });
    let after = end.map_or("", |e| &rest[e..]);
    format!("{}{}", &message[..i], after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(closest("titel", &["title", "tags", "date"]), Some("title"));
        assert_eq!(
            closest("reviwer", &["reviewer", "reviewed"]),
            Some("reviewer")
        );
        assert_eq!(closest("colour", &["title", "date"]), None);
    }

    /// Found by fuzzing: an error at the end of a text with no final line break named the
    /// line after the last one.
    #[test]
    fn an_error_at_the_end_names_the_last_line() {
        let path = Path::new("x.yaml");
        for (text, line, column) in [
            ("a: 1\nb: [c", 2, 6),
            ("a: 1\nb: [c\n", 3, 1),
            ("a: 1\nb: 'é", 2, 6),
            ("a: b\n  c: d\n", 2, 4),
        ] {
            let err = YamlDoc::new(path, text, 1).parse::<Value>().unwrap_err();
            assert_eq!(
                (err.line, err.column),
                (Some(line), Some(column)),
                "{text:?}"
            );
            let err = YamlDoc::new(path, text, 5).parse::<Value>().unwrap_err();
            assert_eq!(err.line, Some(line + 4), "{text:?}");
        }
    }

    #[test]
    fn unknown_key_names_its_line() {
        let path = Path::new("x.md");
        let doc = YamlDoc::new(path, "title: A\nsubtitle: B\n", 2);
        let mut fields = doc.mapping().unwrap();
        let _: Option<String> = fields.take("title").unwrap();
        let err = fields.finish(&["title", "description"]).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("subtitle"));
    }
}
