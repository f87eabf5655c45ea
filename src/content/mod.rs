//! The content model: Markdown documents with front matter, read from `content/`.

pub mod frontmatter;
pub mod load;
pub(crate) mod paths;

use std::sync::{Arc, OnceLock};

pub use frontmatter::{PageMeta, Reviewer, SectionMeta, SortBy};

use crate::source::SourceFile;

/// One Markdown file: an article or a section index (`_index.md`).
#[derive(Debug)]
pub struct Document {
    pub file: Arc<SourceFile>,
    /// Path relative to the content folder, with `/` separators (`safety/side-effects.md`).
    pub rel: String,
    /// Byte offset of the body (after the front matter).
    pub body_start: usize,
    pub kind: DocKind,
    /// The result of the single Markdown pass over the body.
    pub md: crate::markdown::Analysis,
    /// Problems with the front matter or the file itself, found when linting (a build stops
    /// at the first instead). The linter reports each as a finding.
    pub problems: Vec<crate::error::Error>,
    /// The file could not be read: it has no prose and no metadata to check.
    pub unreadable: bool,
    /// The title's line, once asked for: most findings about a page's metadata and its
    /// reading grade point at the title, and each lookup reads the front matter again.
    title_line: OnceLock<usize>,
}

#[derive(Debug)]
pub enum DocKind {
    Page(Box<PageMeta>),
    Section(Box<SectionMeta>),
}

impl Document {
    pub fn new(
        file: Arc<SourceFile>,
        rel: String,
        body_start: usize,
        kind: DocKind,
        md: crate::markdown::Analysis,
    ) -> Document {
        Document {
            file,
            rel,
            body_start,
            kind,
            md,
            problems: Vec::new(),
            unreadable: false,
            title_line: OnceLock::new(),
        }
    }

    pub fn is_section(&self) -> bool {
        matches!(self.kind, DocKind::Section(_))
    }

    pub fn page(&self) -> Option<&PageMeta> {
        match &self.kind {
            DocKind::Page(meta) => Some(meta),
            DocKind::Section(_) => None,
        }
    }

    /// 1-based line of a top-level front-matter key (the first front-matter line when the key
    /// is absent). Looked up when a finding needs it rather than stored for every key.
    pub fn key_line(&self, key: &str) -> usize {
        if key == "title" {
            return *self.title_line.get_or_init(|| self.read_key_line(key));
        }
        self.read_key_line(key)
    }

    fn read_key_line(&self, key: &str) -> usize {
        match frontmatter::split(&self.file.path, self.file.text()) {
            Ok(split) => crate::yaml::YamlDoc::new(&self.file.path, split.yaml, split.yaml_line)
                .top_key_line(key),
            Err(_) => 1,
        }
    }

    /// Old URLs that redirect to this document (`aliases`).
    pub fn aliases(&self) -> &[String] {
        match &self.kind {
            DocKind::Page(m) => &m.aliases,
            DocKind::Section(m) => &m.aliases,
        }
    }

    pub fn title(&self) -> &str {
        match &self.kind {
            DocKind::Page(m) => &m.title,
            DocKind::Section(m) => &m.title,
        }
    }

    pub fn is_draft(&self) -> bool {
        match &self.kind {
            DocKind::Page(m) => m.draft,
            DocKind::Section(m) => m.draft,
        }
    }

    /// The folder of this document inside `content/` ("" for the root).
    pub fn folder(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Root-relative URL path without the site prefix: `/a/b/` for `a/b.md`, `/a/` for `a/_index.md`.
    pub fn url_path(&self) -> String {
        let folder = self.folder();
        let stem = match &self.kind {
            DocKind::Section(_) => None,
            DocKind::Page(meta) => Some(meta.slug.clone().unwrap_or_else(|| {
                let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
                name.strip_suffix(".md").unwrap_or(name).to_owned()
            })),
        };
        let mut url = String::from("/");
        for part in folder
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .chain(stem)
        {
            url.push_str(&part);
            url.push('/');
        }
        url
    }
}
