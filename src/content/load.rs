//! Stage 1: find and read the Markdown files of a site (or the paths given to `vetted lint`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::frontmatter::{parse_page, parse_section, split};
use super::{DocKind, Document};
use crate::bib::Bibliography;
use crate::config::SiteConfig;
use crate::error::{Error, Result};
use crate::source::SourceFile;

/// Markdown files under `dir`, sorted, skipping hidden files and folders.
pub fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
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

/// Reads and parses one document. `rel` is its path inside the content folder.
/// What the documents are loaded for: a site needs their HTML, linting only their prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Site,
    Lint,
}

pub fn load_document(
    path: &Path,
    rel: String,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
) -> Result<Document> {
    let file = read_source(path)?;
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    if file.text().trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(
            Error::at(path, Some(1), "empty file: no front matter").with_help(if is_section {
                "a section's _index.md needs at least `---`, `title: ...`, `---`"
            } else {
                "an article needs at least `---`, `title: ...`, `description: ...`, `---`"
            }),
        );
    }
    let parts = split(path, file.text())?;
    let kind = if is_section {
        DocKind::Section(Box::new(parse_section(path, &parts)?))
    } else {
        DocKind::Page(Box::new(parse_page(path, &parts, config)?))
    };
    let body_start = parts.body_start;
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
    if let Some(text) = kind_get_help(&kind) {
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
    Ok(Document {
        file,
        rel,
        body_start,
        kind,
        md,
    })
}

fn kind_get_help(kind: &DocKind) -> Option<&str> {
    match kind {
        DocKind::Page(meta) => meta.get_help.as_deref(),
        DocKind::Section(_) => None,
    }
}

/// Loads every Markdown file under `dir` in parallel. Errors are reported for the first
/// failing file in path order, so the message does not depend on thread timing.
pub fn load_dir(
    dir: &Path,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
) -> Result<Vec<Document>> {
    Ok(load_dir_with(dir, config, bib, purpose, &|_| ())?
        .into_iter()
        .map(|(doc, ())| doc)
        .collect())
}

/// Loads every Markdown file under `dir` in parallel and runs `then` on each document right
/// after it is loaded, while it is still in cache (the linter checks it there and drops the
/// prose it no longer needs). Errors are reported for the first failing file in path order,
/// so the message does not depend on thread timing.
pub fn load_dir_with<T: Send>(
    dir: &Path,
    config: &SiteConfig,
    bib: &Bibliography,
    purpose: Purpose,
    then: &(dyn Fn(&mut Document) -> T + Sync),
) -> Result<Vec<(Document, T)>> {
    let files = markdown_files(dir)?;
    files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let rel = crate::source::slash_path(rel);
            let mut doc = load_document(path, rel, config, bib, purpose)?;
            let extra = then(&mut doc);
            Ok((doc, extra))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}
