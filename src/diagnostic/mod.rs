//! Diagnostics: findings about content, with spans into source files.
//!
//! Rules only build `Diagnostic`s; turning them into text, JSON, SARIF or GitHub annotations is
//! done by one module per format, at the very end.

pub mod github;
pub mod human;
pub mod json;
mod rich;
pub(crate) mod sarif;
mod snippet;
pub(crate) mod store;

use std::sync::Arc;

use crate::source::{SourceFile, Span};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What kind of problem a finding is. The first five are claim checks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Dimension,
    Safety,
    Efficacy,
    Citation,
    Contradiction,
    Metadata,
    Readability,
    Links,
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Dimension => "dimension",
            Category::Safety => "safety",
            Category::Efficacy => "efficacy",
            Category::Citation => "citation",
            Category::Contradiction => "contradiction",
            Category::Metadata => "metadata",
            Category::Readability => "readability",
            Category::Links => "links",
            Category::Style => "style",
        }
    }
}

/// A secondary location, possibly in another file.
#[derive(Debug, Clone)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// Short text under the underlined span.
    pub label: Option<String>,
    /// The registry claim this finding is about.
    pub claim: Option<String>,
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// Why: the registry entry and its sources.
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn new(
        rule: &str,
        category: Category,
        severity: Severity,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.to_owned(),
            category,
            severity,
            message: message.into(),
            file: Arc::clone(file),
            span,
            label: None,
            claim: None,
            related: Vec::new(),
            help: None,
            note: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn claim(mut self, claim: impl Into<String>) -> Self {
        self.claim = Some(claim.into());
        self
    }

    pub fn related(
        mut self,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: Arc::clone(file),
            span,
            message: message.into(),
        });
        self
    }

    /// Sort key: file, position, rule; output never depends on thread timing.
    pub fn sort_key(&self) -> (&std::ffi::OsStr, usize, usize, &str) {
        // Paths compare as strings: cheaper than component by component, just as stable.
        (
            self.file.path.as_os_str(),
            self.span.start,
            self.span.end,
            &self.rule,
        )
    }
}

/// Sorts and removes exact duplicates (same rule at the same span).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
}

/// Counts by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}

/// Path as shown in reports: relative to the working directory, `/`-separated.
pub fn display_path(path: &std::path::Path) -> String {
    // Asked once: a report of 40,000 findings would otherwise ask the system 40,000 times.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    crate::source::slash_path(shown)
}

/// Metadata about a rule, for `vetted explain` and SARIF.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub summary: String,
    /// Markdown: what it does, why, examples, how to fix.
    pub doc: String,
}
