//! Source files and byte spans.
//!
//! Every finding and error points into the original file by byte offset; line and column are
//! computed only when something is shown to a person (ruff's `LineIndex` idea).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// A file as read from disk, with the offsets of its line starts.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to users (relative to the working directory when possible).
    pub path: PathBuf,
    /// The text as read; a file whose text was let go (`unloaded`) reads it again when a
    /// finding has to show it.
    text: OnceLock<String>,
    /// Made on first use: most files never have a finding to show.
    line_starts: OnceLock<Vec<usize>>,
    /// For columns far into a line of a file that is not all ASCII: the UTF-8 continuation
    /// bytes before each `BLOCK` bytes of the text (made on first use).
    continuations: OnceLock<Vec<u32>>,
    /// xxh3 of the bytes as first read: a build's fingerprint takes it instead of reading the
    /// file a second time.
    pub hash: u64,
}

impl SourceFile {
    /// The same file with its text let go: it is read again from disk only if a finding
    /// about it is shown (rare: most articles of a large site have none).
    pub fn unloaded(&self) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: self.path.clone(),
            text: OnceLock::new(),
            line_starts: OnceLock::new(),
            continuations: OnceLock::new(),
            hash: self.hash,
        })
    }

    /// A file known by its path only: read when a finding about it is shown.
    pub fn on_disk(path: PathBuf) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path,
            text: OnceLock::new(),
            line_starts: OnceLock::new(),
            continuations: OnceLock::new(),
            hash: 0,
        })
    }

    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            std::fs::read_to_string(&self.path)
                .map(lone_cr_as_lf)
                .unwrap_or_default()
        })
    }

    pub fn new(path: PathBuf, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path,
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            text: OnceLock::from(text),
            line_starts: OnceLock::new(),
            continuations: OnceLock::new(),
        })
    }

    /// A file as read from disk: its hash is of the bytes as read, its text has old Mac line
    /// endings (a lone `\r`) read as line feeds (see `lone_cr_as_lf`).
    pub fn from_disk(path: PathBuf, text: String) -> Arc<SourceFile> {
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        Arc::new(SourceFile {
            path,
            hash,
            text: OnceLock::from(lone_cr_as_lf(text)),
            line_starts: OnceLock::new(),
            continuations: OnceLock::new(),
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_newlines(self.text()).map(|i| i + 1));
            starts
        })
    }

    /// 1-based line and column (columns count Unicode scalar values) of a byte offset.
    /// Constant time in the length of the line: many findings on one long line (a paragraph
    /// written on one line) do not each count its characters from its start.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let offset = offset.min(text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let end = floor_char_boundary(text, offset);
        (line + 1, self.chars_between(start, end) + 1)
    }

    /// The characters in `text[start..end]` (both char boundaries).
    fn chars_between(&self, start: usize, end: usize) -> usize {
        let text = self.text();
        if end - start <= 2 * BLOCK {
            return text[start..end].chars().count();
        }
        let blocks = self.continuations.get_or_init(|| {
            let mut before = 0u32;
            let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
            blocks.push(0);
            for chunk in text.as_bytes().chunks(BLOCK) {
                before += continuation_bytes(chunk);
                blocks.push(before);
            }
            blocks
        });
        // Continuation bytes before `at`: those of the whole blocks, then of the rest.
        let before = |at: usize| {
            let block = at / BLOCK;
            blocks[block] as usize
                + continuation_bytes(&text.as_bytes()[block * BLOCK..at]) as usize
        };
        (end - start) - (before(end) - before(start))
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset)
    }

    /// Byte offset of the start of a 1-based line (the end of the file when out of range).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text().len())
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text().len());
        self.text()[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// Turns each `\r` not followed by `\n` (old Mac line endings) into `\n`. One byte for one,
/// so every offset into the result is an offset into the file; Windows `\r\n` is kept.
pub fn lone_cr_as_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("an ASCII byte for an ASCII byte keeps UTF-8 valid")
}

/// Bytes per block of `SourceFile::continuations`.
const BLOCK: usize = 256;

/// UTF-8 continuation bytes (`10xxxxxx`): a text's characters are its bytes less these.
fn continuation_bytes(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) < -0x40).count() as u32
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

/// A path as a `/`-separated name ("safety/side-effects.md"), the same on every system; an
/// absolute path keeps one leading `/` ("/tmp/draft.md", not "//tmp/draft.md").
pub fn slash_path(rel: &std::path::Path) -> String {
    rel.components()
        .map(|c| match c {
            std::path::Component::RootDir => std::borrow::Cow::Borrowed(""),
            c => c.as_os_str().to_string_lossy(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The files under each folder of `dirs` (missing ones skipped) by `/`-separated relative name;
/// a later folder's file wins over an earlier one's (a site's own templates over its theme's).
/// Symbolic links are followed within `site` (see [`check_link`]).
pub fn files_under(
    dirs: &[std::path::PathBuf],
    site: &std::path::Path,
    what: &str,
) -> crate::error::Result<std::collections::BTreeMap<String, PathBuf>> {
    let mut files = std::collections::BTreeMap::new();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| {
                let at = e.path().unwrap_or(dir);
                crate::error::Error::at(at, None, format!("cannot read {what}: {e}"))
            })?;
            check_link(&entry, site)?;
            if entry.file_type().is_file() {
                let name = slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
                files.insert(name, entry.into_path());
            }
        }
    }
    Ok(files)
}

/// The one rule for symbolic links in a site's folders (content, static files, templates,
/// themes): a link is followed when what it points to is inside the site folder `site`, and
/// one that leads out of it is an error naming the link, so that a build never publishes a
/// file from elsewhere on the disk unnoticed.
pub fn check_link(entry: &walkdir::DirEntry, site: &std::path::Path) -> crate::error::Result<()> {
    if !entry.path_is_symlink() {
        return Ok(());
    }
    let link = entry.path();
    let target = std::fs::canonicalize(link).map_err(|e| {
        crate::error::Error::at(link, None, format!("cannot follow symbolic link: {e}"))
    })?;
    let site = std::fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf());
    if target.starts_with(&site) {
        return Ok(());
    }
    Err(crate::error::Error::at(
        link,
        None,
        format!(
            "symbolic link to {}, outside the site folder",
            target.display()
        ),
    )
    .with_help("vetted follows links only within the site folder: copy the file in, or link to a place inside the site"))
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_paths_keep_one_leading_slash() {
        assert_eq!(
            slash_path(std::path::Path::new("guides/a.md")),
            "guides/a.md"
        );
        #[cfg(unix)]
        assert_eq!(
            slash_path(std::path::Path::new("/tmp/drafts/a.md")),
            "/tmp/drafts/a.md"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("a.md".into(), "ab\nµm x\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(6), (2, 3)); // after the two-byte µ and m
        assert_eq!(file.line_text(2), "µm x");
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let line: String = (0..3000)
            .map(|i| ["a", "é", "€", "😀", " "][i % 7 % 5])
            .collect();
        let text = format!("x\n{line}\n{line}");
        let file = SourceFile::new("a.md".into(), text.clone());
        for offset in (0..=text.len()).step_by(97).chain([text.len()]) {
            let at = floor_char_boundary(&text, offset);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..at].matches('\n').count() + 1;
            let column = text[start..at].chars().count() + 1;
            assert_eq!(file.line_col(offset), (line, column), "offset {offset}");
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let file = SourceFile::from_disk("a.md".into(), "a\rb\r\nc\r\rd".into());
        assert_eq!(file.text(), "a\nb\r\nc\n\nd");
        assert_eq!(file.line_col(2), (2, 1));
        assert_eq!(file.line_text(2), "b");
        assert_eq!(file.line_col(8), (5, 1));
        assert_eq!(file.hash, xxhash_rust::xxh3::xxh3_64(b"a\rb\r\nc\r\rd"));
    }
}
