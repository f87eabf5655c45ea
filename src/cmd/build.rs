//! `vetted build`: lint, render and write the site.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::{LintMode, SiteConfig};
use crate::diagnostic::{self, human, Diagnostic, Severity, Summary};
use crate::error::Result;
use crate::fingerprint;
use crate::lint::rule::Drafts;
use crate::lint::site_paths::Published;
use crate::pipeline;
use crate::site::LoadOptions;
use crate::write;

use super::Status;

/// Whether findings stop the build: broken links always, lint errors unless the mode says warn.
pub(crate) fn blocking(diagnostics: &[Diagnostic], mode: LintMode) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && (d.category == diagnostic::Category::Links || mode == LintMode::Deny)
    })
}

/// Findings go to stderr; `vetted lint` can list them for tools.
fn print_options(args: &BuildArgs) -> human::Options<'static> {
    human::Options {
        to_stderr: true,
        max_findings: args.max_findings,
        show_all:
            "`--max-findings 0` shows them all, `vetted lint --format json` lists them for tools",
    }
}

pub(crate) fn run(args: &BuildArgs) -> Result<Status> {
    let start = Instant::now();
    let mut timer = crate::timings::Timer::start();
    let options = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    super::require_content(&args.root)?;
    // The lint mode comes from site.yaml unless given; `off` skips the claim lint.
    let config = SiteConfig::load(&args.root)?;
    let mode = args.lint.unwrap_or(config.lint);
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    let target = write::Target::check(&args.root, &out, args.force)?;
    let inputs = format!("{options:?} {mode:?} {}", target.dir.display());
    // With no previous build to compare with, the articles are hashed as they load.
    let fingerprint = if fingerprint::may_replay(&target) {
        let fingerprint = fingerprint::of_inputs(&args.root, &inputs);
        let options = print_options(args);
        let shown = human::limit(options.max_findings, human::is_terminal(options.to_stderr));
        // A build whose findings were not all kept, asked to show them all, runs in full.
        if let Some(replay) = fingerprint::replay(&target, fingerprint)
            .as_deref()
            .and_then(diagnostic::store::decode)
            .filter(|replay| replay.can_show(shown))
        {
            if replay.counts.total > 0 {
                human::print_counted(
                    &replay.diagnostics,
                    &replay.counts,
                    replay.summary,
                    &options,
                );
            }
            eprintln!(
                "nothing changed since the last build of {}: output kept ({} ms)",
                out.display(),
                start.elapsed().as_millis()
            );
            return Ok(Status::Success);
        }
        fingerprint::Pending::Known(fingerprint)
    } else {
        fingerprint::Pending::Deferred(fingerprint::deferred(&args.root, &inputs))
    };
    timer.lap("fingerprint");
    let (mut site, per_doc) = pipeline::load(&args.root, config, &options, mode)?;
    timer.lap("load+lint");
    let published = Published::of(&args.root, &site.config)?;
    let content = args.root.join("content");
    let scope = pipeline::Scope {
        published: Some(&published),
        drafts: match options.drafts {
            true => Drafts::Published,
            false => Drafts::LeftOut(&content),
        },
        ..pipeline::Scope::site(mode)
    };
    let diagnostics = pipeline::site_checks(&site.docs, &per_doc, &site.registry, &scope);
    drop(per_doc);
    timer.lap("cross-lint");
    let summary = Summary::of(&diagnostics, site.docs.len());
    if !diagnostics.is_empty() {
        human::print(&diagnostics, summary, &print_options(args));
    }
    timer.lap("findings");
    if blocking(&diagnostics, mode) {
        eprintln!("error: build stopped by the errors above; the previous output is unchanged");
        return Ok(Status::Failure);
    }
    // Kept for a no-change rebuild to show again: the findings, not their rendered text.
    let findings = diagnostic::store::encode(&diagnostics, summary);
    drop(diagnostics);
    site.release_sources();
    fingerprint::forget(&target);
    let (count, stats) = pipeline::write(&site, &target, &mut timer)?;
    let fingerprint = fingerprint.finish(|| {
        (site.docs.iter())
            .map(|d| (d.file.path.as_path(), d.file.hash))
            .collect()
    });
    match findings {
        Some(findings) => fingerprint::record(&target, fingerprint, &findings),
        None => fingerprint::forget(&target),
    }
    eprintln!(
        "built {} articles, {} files ({} written, {} unchanged) into {} in {} ms",
        site.page_indexes().count(),
        count,
        stats.written,
        stats.unchanged,
        out.display(),
        start.elapsed().as_millis()
    );
    Ok(Status::Success)
}
