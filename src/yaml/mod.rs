//! Strict YAML reading with locations, and the only door to the YAML crate.
//!
//! Everything YAML in vetted goes through this module: no file outside it names the YAML crate
//! or its types (`Value`, `Mapping`, `Error`). The crate is serde_yaml 0.9, which is deprecated
//! upstream; the serde-compatible forks keep its API (`from_str`, `from_value`, `Value`,
//! `Mapping`, `Error::location`, `Deserializer::from_str`), so moving to one is the `use` line
//! below plus `Cargo.toml` (README.md, "YAML", compares them), and the scanner `depth` asks
//! for tokens (yaml_serde's libyaml-rs keeps unsafe-libyaml's functions).
//!
//! Every line and column comes from the parser: a syntax error carries its own location; a
//! value read from an already-parsed mapping (which has no positions) is located by reading
//! the text again with a seed that walks to the key and stops there, so the parser reports
//! where it was. That second read happens only when an error or a finding needs a line, and
//! not at all for a top-level key of plain `name: value` lines, which a line scan finds.

mod depth;
mod duplicate;

use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::error::{Error, Result};
use crate::source::floor_char_boundary;

/// The YAML crate: the one line to change for a fork.
use serde_yaml as backend;

use backend::{Mapping, Value};

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
            text: without_bom(text),
            first_line,
        }
    }

    /// Parses the whole document, reporting syntax errors at their line.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        if let Some(at) = depth::too_deep_at(self.text) {
            let (line, column) = self.position(at);
            return Err(Error::at(
                self.path,
                Some(line),
                format!("nested more than {} levels deep", depth::MAX_DEPTH),
            )
            .with_column(column)
            .with_help("no setting needs lists or mappings this deep: flatten it"));
        }
        backend::from_str(self.text).map_err(|err| self.syntax_error::<T>(err))
    }

    /// Parses a top-level mapping (an empty document is an empty mapping).
    pub fn mapping(&self) -> Result<Fields<'_>> {
        let map = match self.parse::<Value>()? {
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
        Ok(Fields { doc: self, map })
    }

    /// The error for a document that does not parse as `T`, at the parser's location.
    fn syntax_error<T: DeserializeOwned>(&self, err: backend::Error) -> Error {
        // Parsed again with the YAML on its own lines of the file (blank lines stand in for
        // what comes before it), so that the positions the parser writes into its message
        // ("..., while parsing a flow sequence at line 3 column 8") are file positions too.
        let pad = self.first_line.saturating_sub(1);
        let padded = format!("{}{}", "\n".repeat(pad), self.text);
        let err = match pad {
            0 => err,
            _ => backend::from_str::<T>(&padded).err().unwrap_or(err),
        };
        if err.to_string().contains("duplicate ") {
            if let Some((at, key)) = duplicate::first_duplicate(self.text) {
                let (line, column) = self.position(at);
                return Error::at(self.path, Some(line), format!("duplicate key `{key}`"))
                    .with_column(column)
                    .with_help("a key may appear once in a mapping: remove one of them");
            }
        }
        let Some(location) = err.location() else {
            return Error::at(
                self.path,
                Some(self.first_line),
                plain_words(&err.to_string()),
            );
        };
        // The location is shown in front (`file:line:column: message`), not again after it.
        let mut message = plain_words(&err.to_string());
        let own = format!(" at line {} column {}", location.line(), location.column());
        if let Some(i) = message.find(&own) {
            message.replace_range(i..i + own.len(), "");
        }
        let index = location.index().saturating_sub(pad);
        if let Some(number) = huge_integer(&self.text[floor_char_boundary(self.text, index)..]) {
            // A whole number past 128 bits' worth of i64/u64 fails as "invalid type: integer
            // as u128"; it is out of range, not of the wrong type.
            message = format!(
                "the number `{number}` is out of range: whole numbers go from {} to {}",
                i64::MIN,
                i64::MAX
            );
        }
        let (line, column) = self.position(index);
        Error::at(self.path, Some(line), message).with_column(column)
    }

    /// File line and column (1-based) of a byte offset into the text. At the end of a text
    /// without a final line break, libyaml's own line is one past the last line of the file;
    /// counting line breaks before the offset keeps it on the last line.
    fn position(&self, index: usize) -> (usize, usize) {
        let at = floor_char_boundary(self.text, index.min(self.text.len()));
        let before = &self.text[..at];
        let line = self.first_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    /// Where the parser finds `goal` of top-level `key`: a byte offset into the text, or
    /// `None` when the key is not there (or, for `Goal::Read`, the value reads without error).
    fn locate<T: DeserializeOwned>(&self, key: &str, goal: Goal) -> Option<usize> {
        // A document may be asked for a line after it failed to parse for its depth; reading
        // it again would take the time the depth check saved.
        if depth::too_deep_at(self.text).is_some() {
            return None;
        }
        let de = backend::Deserializer::from_str(self.text);
        let walk = Walk::<T> {
            key,
            goal,
            read: std::marker::PhantomData,
        };
        match walk.deserialize(de) {
            Ok(()) => None,
            Err(err) => err.location().map(|l| l.index()),
        }
    }

    /// Line of a top-level `key:` (the first line of the YAML when it is absent).
    pub fn top_key_line(&self, key: &str) -> usize {
        if let Some(found) = plain_key_line(self.text, key) {
            return found.map_or(self.first_line, |line| self.first_line + line);
        }
        self.locate::<IgnoredAny>(key, Goal::Key)
            .map_or(self.first_line, |i| self.position(i).0)
    }
}

/// `text` without the byte-order mark some editors put first. libyaml, told the text is UTF-8,
/// reads a mark as part of the first key or list item (`- id:` became `\u{feff}- id`).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 0-based line of top-level `key` in YAML whose top level is plain `name: value` lines
/// (everything else indented, a comment or blank) and whose every line closes the quoted
/// scalars and flow collections it opens, found without parsing: a lint run asks for key
/// lines of thousands of front matters. `None` when the text is not that simple, so the
/// parser decides.
fn plain_key_line(text: &str, key: &str) -> Option<Option<usize>> {
    // A lone `\r` ends a line for the parser, not for `lines`.
    if text.replace("\r\n", "").contains('\r') {
        return None;
    }
    let mut found = None;
    for (n, line) in text.lines().enumerate() {
        if !closes_on_its_line(line) {
            return None;
        }
        let first = line.bytes().next();
        if matches!(first, None | Some(b' ' | b'\t' | b'#' | b'-')) {
            // Blank, indented (inside a value), a comment, or a top-level list item; but a
            // document marker is not.
            if line.starts_with("---") {
                return None;
            }
            continue;
        }
        let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
        let (name, rest) = line.split_at(name_end);
        let value = rest.trim_start_matches(' ').strip_prefix(':')?;
        if name.is_empty() || !(value.is_empty() || value.starts_with([' ', '\t'])) {
            return None;
        }
        if name == key && found.is_none() {
            found = Some(n);
        }
    }
    Some(found)
}

/// Whether a line of YAML leaves no quoted scalar or flow collection open: each value on it
/// (after list markers, anchors and tags) that starts with a quote ends it on the line, with
/// `\` escapes in double quotes and `''` in single ones, and a flow collection holds no quote
/// and closes its brackets. Plain text may hold quotes ("it's"): only a value's first
/// character opens one.
fn closes_on_its_line(line: &str) -> bool {
    let mut rest = line;
    loop {
        rest = skip_properties(rest);
        let after = match rest.chars().next() {
            Some('"') => closing_quote(rest, b'"'),
            Some('\'') => closing_quote(rest, b'\''),
            Some('[' | '{') => return flow_closes(rest),
            // A plain key or scalar: what follows its `: `, if anything, is a value too.
            _ => match value_after_colon(rest) {
                Some(value) => {
                    rest = value;
                    continue;
                }
                None => return true,
            },
        };
        let Some(after) = after else {
            return false;
        };
        let after = after.trim_start_matches([' ', '\t']);
        if after.is_empty() || after.starts_with('#') {
            return true;
        }
        match after.strip_prefix(':') {
            Some(value) => rest = value,
            None => return false,
        }
    }
}

/// The text after the first `:` that ends a plain key (followed by a blank or the end).
fn value_after_colon(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))
        .map(|i| &text[i + 1..])
}

/// The text after leading blanks, list markers (`- `), complex-key markers (`? `), anchors
/// (`&a`) and tags (`!t`).
fn skip_properties(mut text: &str) -> &str {
    loop {
        text = text.trim_start_matches([' ', '\t']);
        if text == "-" || text.starts_with("- ") || text.starts_with("? ") {
            text = &text[1..];
        } else if text.starts_with(['&', '!']) {
            text = text.find([' ', '\t']).map_or("", |i| &text[i..]);
        } else {
            return text;
        }
    }
}

/// The text after the quoted scalar `text` starts with, if it ends on this line.
fn closing_quote(text: &str, quote: u8) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(&text[i + 1..]),
            _ => i += 1,
        }
    }
    None
}

/// Whether a flow collection closes on its line: no quotes in it, and its brackets balance.
fn flow_closes(text: &str) -> bool {
    let body = text.split(" #").next().unwrap_or(text);
    if body.contains(['"', '\'']) {
        return false;
    }
    let depth = body.bytes().try_fold(0i32, |depth, b| match b {
        b'[' | b'{' => Some(depth + 1),
        b']' | b'}' if depth > 0 => Some(depth - 1),
        b']' | b'}' => None,
        _ => Some(depth),
    });
    depth == Some(0)
}

/// What [`YamlDoc::locate`] stops at.
#[derive(Clone, Copy, PartialEq)]
enum Goal {
    /// The key itself.
    Key,
    /// The start of its value.
    Value,
    /// The first error in reading its value as the walk's type.
    Read,
}

/// Walks a top-level mapping to one key and fails there, so the error carries the parser's
/// location (serde_yaml puts the position of the node being read on errors raised inside it).
struct Walk<'k, T> {
    key: &'k str,
    goal: Goal,
    read: std::marker::PhantomData<T>,
}

/// The message of the errors the walk raises to stop; never shown.
const HERE: &str = "located";

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Walk<'_, T> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Walk<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(found) = map.next_key_seed(KeyIs(self.key, self.goal == Goal::Key))? {
            if !found {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            return match self.goal {
                Goal::Read => map.next_value::<T>().map(drop),
                _ => map.next_value_seed(Stop),
            };
        }
        Ok(())
    }

    // Anything but a mapping has no keys.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        IgnoredAny.visit_enum(data).map(drop)
    }
}

/// Reads a key and says whether it is the one looked for (stopping on it when `stop`). Keys
/// are compared as written for scalars (`1`, `true`, `null`), as [`Fields`] names them.
struct KeyIs<'k>(&'k str, bool);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        match (key == self.0, self.1) {
            (true, true) => Err(E::custom(HERE)),
            (found, _) => Ok(found),
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.visit_str("null")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<bool, A::Error> {
        IgnoredAny.visit_enum(data).map(|_| false)
    }
}

/// Fails on whatever value it is given, at that value.
struct Stop;

impl<'de> DeserializeSeed<'de> for Stop {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Stop {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
}

/// A serde message in the words of the file, not of vetted's code: serde names the Rust type
/// it expected ("expected struct Reviewer", "expected usize").
fn plain_words(message: &str) -> String {
    static EXPECTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"expected (struct \w+|u8|u16|u32|u64|usize|i8|i16|i32|i64|isize|f32|f64)\b",
        )
        .expect("a valid pattern")
    });
    EXPECTED
        .replace_all(message, |c: &regex::Captures| match &c[1] {
            s if s.starts_with("struct") => "expected a mapping of `key: value` pairs",
            "f32" | "f64" => "expected a number",
            s if s.starts_with('u') => "expected a whole number, 0 or more",
            _ => "expected a whole number",
        })
        .into_owned()
}

/// The whole number written at the start of `text` when it is too large for 64 bits (the
/// parser's error for it is "invalid type: integer ... as u128").
fn huge_integer(text: &str) -> Option<&str> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    let end = text.len() - digits.len() + len;
    let number = &text[..end];
    let ends = text[end..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'));
    (len > 0 && ends && number.parse::<i64>().is_err() && number.parse::<u64>().is_err())
        .then_some(number)
}

/// The keys of one mapping, taken one by one; whatever is left over is an unknown key.
pub struct Fields<'a> {
    doc: &'a YamlDoc<'a>,
    map: Mapping,
}

impl Fields<'_> {
    /// Line of `key` in the file (or of the mapping itself when the key is not there).
    pub fn line_of(&self, key: &str) -> usize {
        self.doc.top_key_line(key)
    }

    /// The text of `key`'s value on its first line, as written.
    fn value_text(&self, key: &str) -> Option<&str> {
        let at = self.doc.locate::<IgnoredAny>(key, Goal::Value)?;
        let rest = &self.doc.text[floor_char_boundary(self.doc.text, at)..];
        Some(rest.lines().next().unwrap_or("").trim())
    }

    pub fn error(&self, key: &str, message: impl Into<String>) -> Error {
        Error::at(self.doc.path, Some(self.line_of(key)), message)
    }

    /// Removes and deserializes `key`, if present. `null` counts as absent. An error is
    /// reported where the parser meets it when reading the key from the text (inside a
    /// nested mapping or list, that is the line of the offending entry), else at the key.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => backend::from_value(value).map(Some).map_err(|err| {
                let line = match self.doc.locate::<T>(key, Goal::Read) {
                    Some(at) => self.doc.position(at).0,
                    None => self.line_of(key),
                };
                let err = plain_words(&err.to_string());
                Error::at(self.doc.path, Some(line), format!("invalid `{key}`: {err}"))
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

    /// Removes a mapping and converts it to JSON (for templates), or fails when `key` holds
    /// anything else.
    pub fn take_json_object(&mut self, key: &str) -> Result<Option<serde_json::Value>> {
        match self.take::<Value>(key)? {
            None => Ok(None),
            Some(value @ Value::Mapping(_)) => serde_json::to_value(value)
                .map(Some)
                .map_err(|e| self.error(key, format!("invalid `{key}`: {e}"))),
            Some(_) => Err(self.error(key, format!("`{key}` must be a mapping"))),
        }
    }

    /// Like `take`, but the key must be present.
    pub fn require<T: DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        self.take(key)?.ok_or_else(|| {
            Error::at(
                self.doc.path,
                Some(self.doc.first_line),
                format!("missing required key `{key}`"),
            )
        })
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
            other => backend::to_string(other)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_key_lines_agree_with_the_parser() {
        let texts = [
            "title: A\ndescription: B\n",
            "# note\ntitle: \"Quoted: yes\"\ntags:\n  - a\n  - b\nreviewed: 2024-01-02\n",
            "tags:\n- a\n- b\ntitle: |\n  title: not this\n  more\nslug: x # comment\n",
            "title: 'it''s'\nsources: [a, b]\nextra: {k: v}\n",
            "title: \"opens\n  and closes\"\nslug: later\n",
            "title: [a,\n  b]\nslug: later\n",
            "\"title\": quoted key\nslug: s\n",
            "title: A\r\nslug: s\r\n",
            "",
            // Quotes that run on to the next line, however they are dressed.
            "title: \"Say \\\"\ndate: no\"\nslug: s\n",
            "title: 'it''\ndate: x'\nslug: s\n",
            "title: '''\ndate: x'\nslug: s\n",
            "title: &t \"A\ndate: no\"\nslug: s\n",
            "title: !!str \"A\ndate: no\"\nslug: s\n",
            "title:\n  \"A\ndate: no\"\nslug: s\n",
            "tags: [a, \"b]\ndate: x\"]\nslug: s\n",
            "title: X\nbase_url: /\rslug: s\n",
            "reviewer:\n  name: \"Dr A\"\n  credentials: \"MBBS, MRCP\"\nslug: s\n",
            "title: It's \"fine\"\nslug: s # see: \"x\"\n",
        ];
        let path = Path::new("front.md");
        for text in texts {
            let doc = YamlDoc::new(path, text, 2);
            for key in [
                "title", "slug", "tags", "reviewed", "sources", "extra", "absent", "date",
                "reviewer", "base_url",
            ] {
                let parsed = doc
                    .locate::<IgnoredAny>(key, Goal::Key)
                    .map_or(doc.first_line, |i| doc.position(i).0);
                assert_eq!(doc.top_key_line(key), parsed, "{key} in {text:?}");
            }
        }
        // Multi-line quotes and flow collections, and quoted keys, go to the parser.
        assert_eq!(
            plain_key_line("title: \"opens\n  closes\"\n", "title"),
            None
        );
        assert_eq!(plain_key_line("title: [a,\n  b]\n", "title"), None);
        assert_eq!(plain_key_line("\"title\": x\n", "title"), None);
        assert_eq!(plain_key_line("a: 1\ntitle: x\n", "title"), Some(Some(1)));
        // Quoted values that close on their line keep the fast path.
        let front = "title: \"A: b\"\nreviewer:\n  name: 'Dr O''Neil'\ntags: [a, b]\nslug: s\n";
        assert_eq!(plain_key_line(front, "slug"), Some(Some(4)));
    }

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

    /// The parser, not a search of the text, says where a key is: a quoted value running over
    /// a line that looks like a later key does not mislead it.
    #[test]
    fn key_lines_come_from_the_parser() {
        let path = Path::new("x.md");
        let text = "title: \"A\ndate: no\"\ndate: 2026-01-01\nreviewer:\n  name: [A]\n";
        let doc = YamlDoc::new(path, text, 2);
        assert_eq!(doc.top_key_line("date"), 4);
        assert_eq!(doc.top_key_line("reviewer"), 5);
        assert_eq!(doc.top_key_line("absent"), 2);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Reviewer {
            name: String,
        }
        let mut fields = doc.mapping().unwrap();
        let err = fields.take::<Reviewer>("reviewer").unwrap_err();
        assert_eq!(err.line, Some(6), "{err}");
    }

    #[test]
    fn a_number_past_64_bits_is_out_of_range() {
        let path = Path::new("x.yaml");
        let err = YamlDoc::new(path, "a: 1\nb: 123456789012345678901234\n", 1)
            .parse::<Value>()
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(4)));
        assert!(err
            .message
            .starts_with("the number `123456789012345678901234` is out of range"));
        assert_eq!(
            huge_integer("-99999999999999999999 # c"),
            Some("-99999999999999999999")
        );
        assert_eq!(huge_integer("18446744073709551615"), None);
        assert_eq!(huge_integer("99999999999999999999x"), None);
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_written_twice() {
        let path = Path::new("x.md");
        let text = "title: A\ndescription: B\nreviewer:\n  name: N\n  name: M\n";
        let err = YamlDoc::new(path, text, 2).parse::<Value>().unwrap_err();
        assert_eq!((err.line, err.column), (Some(6), Some(3)));
        assert_eq!(err.message, "duplicate key `name`");
    }

    #[test]
    fn a_key_line_in_yaml_nested_too_deep_is_found_without_parsing_it() {
        let text = format!("title: A\nx: {}\nslug: s\n", "[".repeat(200_000));
        let doc = YamlDoc::new(Path::new("x.md"), &text, 2);
        let start = std::time::Instant::now();
        assert_eq!(doc.top_key_line("slug"), 2);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn messages_name_no_rust_type() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Reviewer {
            name: String,
        }
        let path = Path::new("x.md");
        let doc = YamlDoc::new(path, "reviewer: Dr A\nweight: heavy\n", 2);
        let mut fields = doc.mapping().unwrap();
        let err = fields.take::<Reviewer>("reviewer").unwrap_err();
        assert_eq!(
            err.message,
            "invalid `reviewer`: invalid type: string \"Dr A\", expected a mapping of `key: value` pairs"
        );
        let err = fields.take::<usize>("weight").unwrap_err();
        assert!(
            err.message.ends_with("expected a whole number, 0 or more"),
            "{}",
            err.message
        );
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
