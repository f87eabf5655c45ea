//! A fast reader for the YAML that front matter is nearly always written in.
//!
//! serde_yaml (libyaml underneath) costs more than parsing the Markdown body of a short
//! article. Front matter is almost always a handful of `key: value` lines, so this reader
//! handles exactly that shape: top-level keys with plain, quoted or bracketed-list values or
//! literal blocks (`|`, `|-`), one level of nested `key: value` lines, and `- item` lists.
//! Anything else (anchors, tags, folded or multi-line plain scalars, flow mappings, escapes other than `\"` and `\\`, numbers other
//! than plain integers, duplicate keys) gives `None` and the caller uses serde_yaml, so a
//! result is always the value serde_yaml would have produced (checked in debug builds).

use serde_yaml::{Mapping, Value};

/// The value of a YAML document in the simple shape, or `None` to fall back to serde_yaml.
pub fn parse(text: &str) -> Option<Value> {
    // Tabs and carriage returns need YAML's full rules; characters YAML does not allow (most
    // control characters) are serde_yaml's error to report.
    if text
        .chars()
        .any(|c| matches!(c, '\t' | '\r') || !printable(c))
    {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut map = Mapping::new();
    let mut i = 0;
    while let Some(at) = next_content(&lines, i) {
        let line = lines[at];
        if indent(line) != 0 {
            return None;
        }
        let (key, rest) = key_value(line)?;
        i = at + 1;
        let value = if rest.is_empty() {
            let (value, next) = block(&lines, i)?;
            i = next;
            value
        } else if rest == "|" || rest == "|-" {
            let (value, next) = literal(&lines, i, rest == "|")?;
            i = next;
            value
        } else {
            // A more-indented line after a value would continue it: not handled here.
            if next_content(&lines, i).is_some_and(|n| indent(lines[n]) > 0) {
                return None;
            }
            value(rest)?
        };
        insert(&mut map, key, value)?;
    }
    Some(if map.is_empty() {
        Value::Null
    } else {
        Value::Mapping(map)
    })
}

/// Whether YAML allows a character in a document (its `c-printable` set).
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// Adds a key, refusing duplicates (serde_yaml reports them as errors).
fn insert(map: &mut Mapping, key: &str, value: Value) -> Option<()> {
    map.insert(Value::String(key.to_owned()), value)
        .is_none()
        .then_some(())
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The next line at or after `from` that is neither blank nor a comment.
fn next_content(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| {
        let t = lines[i].trim_start_matches(' ');
        !t.is_empty() && !t.starts_with('#')
    })
}

/// `key: rest` with a simple key (a letter or `_`, then letters, digits, `_` and `-`, and not
/// a word YAML reads as null or a boolean). `rest` has its surrounding spaces removed.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start_matches(' ');
    let colon = line.find(':')?;
    let (key, after) = (&line[..colon], &line[colon + 1..]);
    let simple = key
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let reserved = ["null", "true", "false"]
        .iter()
        .any(|w| key.eq_ignore_ascii_case(w));
    if !simple || reserved || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after.trim_matches(' ')))
}

/// The value of a key with nothing after its colon: a nested mapping, a `- item` list or null.
fn block(lines: &[&str], from: usize) -> Option<(Value, usize)> {
    let Some(first) = next_content(lines, from) else {
        return Some((Value::Null, lines.len()));
    };
    let depth = indent(lines[first]);
    let is_item = |line: &str| {
        let t = line.trim_start_matches(' ');
        t.starts_with("- ") || t == "-"
    };
    if is_item(lines[first]) {
        let mut items = Vec::new();
        let mut i = first;
        while let Some(at) = next_content(lines, i) {
            let line = lines[at];
            match indent(line) {
                d if d == depth && is_item(line) => {}
                d if d < depth || (d == 0 && !is_item(line)) => break,
                _ => return None,
            }
            let item = line.trim_start_matches(' ')[1..].trim_matches(' ');
            if item.is_empty() || item.starts_with('[') {
                return None;
            }
            items.push(value(item)?);
            i = at + 1;
        }
        return Some((Value::Sequence(items), i));
    }
    if depth == 0 {
        return Some((Value::Null, from));
    }
    let mut map = Mapping::new();
    let mut i = first;
    while let Some(at) = next_content(lines, i) {
        let line = lines[at];
        match indent(line) {
            0 => break,
            d if d == depth => {}
            _ => return None,
        }
        let (key, rest) = key_value(line)?;
        if rest.is_empty() {
            return None;
        }
        insert(&mut map, key, value(rest)?)?;
        i = at + 1;
    }
    Some((Value::Mapping(map), i))
}

/// A literal block (`key: |`) starting at line `from`: its lines with their common indentation
/// removed, ending with one line break (`|`) or none (`|-`).
fn literal(lines: &[&str], from: usize, clip: bool) -> Option<(Value, usize)> {
    let depth = indent(lines.get(from)?);
    if depth == 0 {
        return None;
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut i = from;
    while let Some(&line) = lines.get(i) {
        if line.is_empty() {
            kept.push("");
        } else if indent(line) >= depth && line.len() > depth {
            kept.push(&line[depth..]);
        } else if indent(line) == 0 {
            break;
        } else {
            // Less indented: the finer rules are serde_yaml's.
            return None;
        }
        i += 1;
    }
    while kept.last() == Some(&"") {
        kept.pop();
    }
    let mut text = kept.join("\n");
    if clip {
        text.push('\n');
    }
    Some((Value::String(text), i))
}

/// A value written on the rest of a line: quoted, a bracketed list, or plain.
fn value(text: &str) -> Option<Value> {
    let (value, rest) = match text.as_bytes()[0] {
        b'"' | b'\'' => {
            let (s, rest) = quoted(text)?;
            (Value::String(s), rest)
        }
        b'[' => flow_list(text)?,
        _ => {
            let plain = match text.find(" #") {
                Some(c) => &text[..c],
                None => text,
            };
            return plain_scalar(plain.trim_end_matches(' '), false);
        }
    };
    let rest = rest.trim_start_matches(' ');
    (rest.is_empty() || rest.starts_with('#')).then_some(value)
}

/// A quoted string at the start of `text` and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let quote = text.as_bytes()[0];
    let mut out = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (b'"', '"') => return Some((out, &text[1 + i + 1..])),
            (b'"', '\\') => match chars.next()? {
                (_, e @ ('"' | '\\')) => out.push(e),
                _ => return None,
            },
            (b'\'', '\'') => {
                if text[1 + i + 1..].starts_with('\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some((out, &text[1 + i + 1..]));
                }
            }
            _ => out.push(c),
        }
    }
    None
}

/// `[a, "b", c]` on one line, and what follows it.
fn flow_list(text: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return Some((Value::Sequence(items), after));
    }
    loop {
        let item;
        if rest.starts_with(['"', '\'']) {
            let (s, after) = quoted(rest)?;
            item = Value::String(s);
            rest = after.trim_start_matches(' ');
        } else {
            let end = rest.find([',', ']'])?;
            item = plain_scalar(rest[..end].trim_end_matches(' '), true)?;
            rest = &rest[end..];
        }
        items.push(item);
        if let Some(after) = rest.strip_prefix(']') {
            return Some((Value::Sequence(items), after));
        }
        rest = rest.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with([']', ',']) {
            return None;
        }
    }
}

/// A plain (unquoted) scalar, typed the way serde_yaml types it: null and boolean words,
/// integers, strings. Forms whose typing is subtle (other numbers, leading indicators) are
/// left to serde_yaml.
fn plain_scalar(text: &str, in_list: bool) -> Option<Value> {
    let first = *text.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>'\"%@`+.".contains(&first)
        || text.contains(": ")
        || text.ends_with(':')
        || text.contains(" #")
        || (in_list && text.contains(['[', ']', '{', '}', ',', '#', ':', '"', '\'']))
    {
        return None;
    }
    Some(match text {
        "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if first.is_ascii_digit() => {
            let digits = text.bytes().all(|b| b.is_ascii_digit());
            let date = text.len() == 10
                && text.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            if digits && (text.len() == 1 || first != b'0') && text.len() <= 18 {
                Value::Number(text.parse::<u64>().ok()?.into())
            } else if date {
                Value::String(text.to_owned())
            } else {
                return None;
            }
        }
        _ => Value::String(text.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn serde(text: &str) -> Option<serde_yaml::Value> {
        serde_yaml::from_str(text).ok()
    }

    /// Front matter in the simple shape is read, and read exactly as serde_yaml reads it.
    #[test]
    fn reads_front_matter_as_serde_yaml_does() {
        let samples = [
            "title: \"Patchy hair loss: a guide\"\ndescription: Plain facts.\ndate: 2025-06-21\nweight: 4648\n",
            "reviewer:\n  name: Dr Amara Okafor\n  credentials: \"MBBS, MRCP\"\nauthor: Priya Shah, health writer\n",
            "tags: [hair, side effects, \"skin of colour\"]\nconcerns: []\n",
            "tags:\n  - hair\n  - 'it''s fine'\n# a comment\n\ndraft: true\n",
            "aliases:\n- /old/path/\n- /older/\nslug: new-path\n",
            "title: x # trailing comment\nextra:\n  colour: blue\n  size: 3\n",
            "title: Ünïcode — dash\nempty:\nnull_value: ~\nflag: False\n",
            "title: \"esc \\\"quoted\\\" \\\\ back\"\n",
            "",
            "# only a comment\n",
            "weight: 0\nother: 7\n",
        ];
        for text in samples {
            let fast = parse(text);
            assert!(fast.is_some(), "not read: {text:?}");
            assert_eq!(fast, serde(text), "{text:?}");
        }
    }

    /// Anything outside the simple shape is left to serde_yaml (or is an error there too).
    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        let samples = [
            "title: &a x\nother: *a\n",
            "title: !!str 3\n",
            "text: |+\n  block\n",
            "text: |2\n  block\n",
            "text: |\n    deeper\n  shallower\n",
            "text: >\n  folded\n",
            "title: first line\n  continues here\n",
            "tags: [a,\n  b]\n",
            "extra: {a: 1}\n",
            "title: \"tab \\t\"\n",
            "weight: 1.5\n",
            "weight: -3\n",
            "weight: 0x1F\n",
            "code: 007\n",
            "title: a\ntitle: b\n",
            "true: x\n",
            "\"quoted key\": x\n",
            "my key: x\n",
            "title: Note: this\n",
            "reviewer:\n  name:\n    first: A\n",
            "reviewer:\n  name: A\n   credentials: B\n",
            "tags:\n  - a\n    - b\n",
            "title:x\n",
            "- a\n- b\n",
            "title: 'open\n",
            "tags: [a, ]\n",
            "big: 123456789012345678901\n",
            "when: 2025-6-1\n",
            "when: 2025-06-21T10:00:00\n",
            "title: x\r\n",
            // Found by fuzzing: serde_yaml refuses control characters, so they are its to report.
            "title: a\u{0}b\n",
            "reviewer:\n  credentials: \"MBBS\u{4}\"\n",
            "title: \u{7f}\n",
            "title: \u{9c}\n",
            "title: \u{fffe}\n",
        ];
        for text in samples {
            let fast = parse(text);
            assert!(
                fast.is_none() || fast == serde(text),
                "{text:?}: {fast:?} vs {:?}",
                serde(text)
            );
            assert!(fast.is_none(), "should be left to serde_yaml: {text:?}");
        }
    }
}
