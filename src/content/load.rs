//! Load stage (`pipeline::load`): find and read the Markdown files of a site (or the paths given to `vetted lint`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::frontmatter::{read_page, read_section, split};
use super::{DocKind, Document};
use crate::bib::Bibliography;
use crate::config::SiteConfig;
use crate::error::{Error, Result};
use crate::source::SourceFile;

/// Markdown files under `dir`, sorted, skipping hidden files and folders. Symbolic links are
/// followed within `site` (see `source::check_link`).
pub fn markdown_files(dir: &Path, site: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    // Siblings sorted by name, depth first: the files come out in path order.
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
        });
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            match err.loop_ancestor() {
                Some(ancestor) => Error::at(
                    &path,
                    None,
                    format!("symbolic link loop back to {}", ancestor.display()),
                ),
                None => Error::at(&path, None, format!("cannot read: {err}")),
            }
        })?;
        crate::source::check_link(&entry, site)?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    debug_assert!(files.is_sorted());
    Ok(files)
}

/// Reads a file as UTF-8, naming the line of the first invalid byte otherwise.
pub fn read_source(path: &Path) -> Result<std::sync::Arc<SourceFile>> {
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, "read", err))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        // A lone `\r` ends a line too (see `SourceFile::from_disk`).
        let ends_line =
            |i: usize| bytes[i] == b'\n' || bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        let line = 1 + (0..valid).filter(|&i| ends_line(i)).count();
        let line_start = (0..valid)
            .rev()
            .find(|&i| ends_line(i))
            .map_or(0, |i| i + 1);
        let column = 1 + String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count();
        Error::at(path, Some(line), "file is not valid UTF-8")
            .with_column(column)
            .with_help("save the file with UTF-8 encoding")
    })?;
    Ok(SourceFile::from_disk(path.to_path_buf(), text))
}

/// What the documents are loaded for: a site needs their HTML and valid front matter; linting
/// needs only their prose, so a pasted draft with no or broken front matter is still checked
/// (its front-matter problems become findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Site,
    Lint,
}

/// Reads and parses one document. `rel` is its path inside the content folder.
pub fn load_document(
    path: &Path,
    rel: String,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
) -> Result<Document> {
    parse_document(path, rel, read_source(path), config, bib, purpose)
}

/// Parses one document from its text as read (`read_source`).
fn parse_document(
    path: &Path,
    rel: String,
    read: Result<std::sync::Arc<SourceFile>>,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
) -> Result<Document> {
    let file = match (read, purpose) {
        (Ok(file), _) => file,
        (Err(err), Purpose::Site) => return Err(err),
        (Err(err), Purpose::Lint) => return Ok(unreadable(path, rel, err, config, bib)),
    };
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let (kind, parts, problems) = if file.text().trim_start_matches('\u{feff}').trim().is_empty() {
        let empty =
            Error::at(path, Some(1), "empty file: no front matter").with_help(if is_section {
                "a section's _index.md needs at least `---`, `title: ...`, `---`"
            } else {
                "an article needs at least `---`, `title: ...`, `description: ...`, `---`"
            });
        (untitled(is_section), None, vec![empty])
    } else {
        match split(path, file.text()) {
            Ok(parts) => {
                let (kind, problems) = if is_section {
                    let reading = read_section(path, &parts);
                    (DocKind::Section(Box::new(reading.meta)), reading.problems)
                } else {
                    let reading = read_page(path, &parts, config);
                    (DocKind::Page(Box::new(reading.meta)), reading.problems)
                };
                (kind, Some(parts), problems)
            }
            // Without front matter the whole file is prose.
            Err(err) => (untitled(is_section), None, vec![err]),
        }
    };
    // The file's own name comes first: a build stops at the first problem.
    let problems: Vec<Error> = (url_problem(path, &rel, &kind).into_iter())
        .chain(problems)
        .collect();
    if let (Purpose::Site, Some(first)) = (purpose, problems.first()) {
        return Err(first.clone());
    }
    let body_start = parts.map_or(0, |p| p.body_start);
    let source = crate::markdown::Source {
        body: &file.text()[body_start..],
        base: body_start,
        rel: &rel,
        html: config.html,
    };
    let mut md = match purpose {
        Purpose::Site => crate::markdown::analyse(source, bib),
        Purpose::Lint => crate::markdown::analyse_prose(source, bib),
    };
    if let (Some(text), Some(parts)) = (kind_get_help(&kind), parts) {
        let (html, removed) = crate::markdown::guard::render_fragment(text, config.html);
        if !removed.is_empty() {
            // Reported on the key's line: a YAML string's offsets are not the file's.
            let line = crate::yaml::YamlDoc::new(path, parts.yaml, parts.yaml_line)
                .top_key_line("get_help");
            let start = file.line_start(line);
            let span = crate::source::Span::new(start, start + file.line_text(line).len());
            md.unsafe_html.extend(
                removed
                    .into_iter()
                    .map(|what| (span, format!("in `get_help`: {what}"))),
            );
        }
        md.get_help = (purpose == Purpose::Site).then_some(html);
    }
    let mut doc = Document::new(file, rel, body_start, kind, md);
    doc.problems = problems;
    Ok(doc)
}

/// A content file or folder whose name would be an unsafe part of the document's URL (the
/// same rule as for a `slug`): a URL is written as it is in pages, the sitemap and the feed.
fn url_problem(path: &Path, rel: &str, kind: &DocKind) -> Option<Error> {
    let named_by_file = matches!(kind, DocKind::Page(meta) if meta.slug.is_none());
    let (part, problem, is_file) = super::paths::content_path_problem(rel, named_by_file)?;
    let (what, help) = if is_file {
        (
            "file name",
            "rename the file (letters, digits and `-`), or set a `slug` in its front matter",
        )
    } else {
        ("folder name", "rename the folder (letters, digits and `-`)")
    };
    Some(
        Error::at(
            path,
            Some(1),
            format!(
                "the {what} `{part}` would be part of this page's URL, and it contains {problem}"
            ),
        )
        .with_help(help),
    )
}

fn untitled(is_section: bool) -> DocKind {
    if is_section {
        DocKind::Section(Box::default())
    } else {
        DocKind::Page(Box::default())
    }
}

/// A file `vetted lint` could not read: a document with nothing to check but the problem.
/// Its text is the part that could be read (for invalid UTF-8, up to the first bad byte), so
/// the problem's line and column point at the right place.
fn unreadable(
    path: &Path,
    rel: String,
    err: Error,
    config: &SiteConfig,
    bib: &Bibliography,
) -> Document {
    let readable = std::fs::read(path)
        .map(|bytes| {
            let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
            String::from_utf8_lossy(&bytes[..valid]).into_owned()
        })
        .unwrap_or_default();
    let file = SourceFile::from_disk(path.to_path_buf(), readable);
    let source = crate::markdown::Source {
        body: "",
        base: 0,
        rel: &rel,
        html: config.html,
    };
    let md = crate::markdown::analyse_prose(source, bib);
    let mut doc = Document::new(file, rel, 0, untitled(false), md);
    doc.problems = vec![err];
    doc.unreadable = true;
    doc
}

fn kind_get_help(kind: &DocKind) -> Option<&str> {
    match kind {
        DocKind::Page(meta) => meta.get_help.as_deref(),
        DocKind::Section(_) => None,
    }
}

/// The Markdown files of a folder, read but not parsed: reading needs neither the registry
/// nor the site's settings, so it runs while they load (`read_dir`, then `load_dir_with`).
pub struct DirFiles {
    dir: PathBuf,
    /// Each file in path order, with its text or why it could not be read.
    files: Vec<(PathBuf, Result<std::sync::Arc<SourceFile>>)>,
}

/// Finds and reads, in parallel, every Markdown file under `dir`, following symbolic links
/// only within `site`.
pub fn read_dir(dir: &Path, site: &Path) -> Result<DirFiles> {
    let files = (markdown_files(dir, site)?.into_par_iter())
        .map(|path| {
            let read = read_source(&path);
            (path, read)
        })
        .collect();
    Ok(DirFiles {
        dir: dir.to_path_buf(),
        files,
    })
}

/// Parses every file of `read` in parallel and runs `then` on each document right after it
/// is parsed, while it is still in cache (the linter checks it there and drops the prose it
/// no longer needs). Errors are reported for the first failing file in path order, so the
/// message does not depend on thread timing.
pub fn load_dir_with<T: Send>(
    read: DirFiles,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
    then: &(dyn Fn(&mut Document) -> T + Sync),
) -> Result<Vec<(Document, T)>> {
    let dir = &read.dir;
    read.files
        .into_par_iter()
        .map(|(path, text)| {
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            let rel = crate::source::slash_path(rel);
            let mut doc = parse_document(&path, rel, text, config, bib, purpose)?;
            let extra = then(&mut doc);
            Ok((doc, extra))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}
