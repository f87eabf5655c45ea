//! `vetted build`: lint, render and write the site.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::LintMode;
use crate::date::Date;
use crate::diagnostic::{self, human, Diagnostic, Severity, Summary};
use crate::error::Result;
use crate::lint::{self, rules, Settings};
use crate::render::{self, OutputFile};
use crate::site::{LoadOptions, Site};
use crate::write;

use super::Status;

/// The result of building a site in memory.
pub struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when error-level findings stopped the build.
    pub files: Option<Vec<OutputFile>>,
}

/// Loads, checks and renders a site; writes nothing.
pub fn build(
    root: &std::path::Path,
    options: &LoadOptions,
    lint_mode: Option<LintMode>,
) -> Result<Built> {
    let site = Site::load(root, options)?;
    let mode = lint_mode.unwrap_or(site.config.lint);
    let all = |_: &crate::content::Document| true;
    let mut diagnostics = rules::links::check(&site.docs, &site.registry.bib, &all);
    if mode != LintMode::Off {
        let settings = Settings {
            today: Date::today(),
            review_interval_days: site.config.review_interval_days,
        };
        diagnostics.extend(lint::lint(&site.docs, &site.registry, &settings, &all));
    }
    diagnostic::sort(&mut diagnostics);
    let blocking = diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && (d.category == diagnostic::Category::Links || mode == LintMode::Deny)
    });
    let files = if blocking {
        None
    } else {
        Some(render::render(&site)?)
    };
    Ok(Built {
        site,
        diagnostics,
        files,
    })
}

pub fn run(args: &BuildArgs) -> Result<Status> {
    let start = Instant::now();
    let options = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    let built = build(&args.root, &options, args.lint)?;
    let summary = Summary::of(&built.diagnostics, built.site.docs.len());
    if !built.diagnostics.is_empty() {
        human::print(&built.diagnostics, summary, true);
    }
    let Some(files) = built.files else {
        eprintln!("error: build stopped by the errors above; the previous output is unchanged");
        return Ok(Status::Failure);
    };
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    let stats = write::write_atomically(&out, &files)?;
    let pages = built.site.page_indexes().count();
    eprintln!(
        "built {pages} articles, {} files ({} written, {} unchanged) into {} in {} ms",
        files.len(),
        stats.written,
        stats.unchanged,
        out.display(),
        start.elapsed().as_millis()
    );
    Ok(Status::Success)
}
