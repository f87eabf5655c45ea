//! `vetted lint`: check articles against the claims registry and report in the chosen format.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::cli::{Format, LintArgs};
use crate::config::SiteConfig;
use crate::content::{load, Document};
use std::io::Write;

use crate::diagnostic::{self, human, Diagnostic, RuleInfo, Severity, Summary};
use crate::error::{Error, Result};
use crate::lint::rule::Drafts;
use crate::lint::site_paths::Published;
use crate::lint::{self, rules, Registry};
use crate::pipeline;

use super::Status;

/// The documents to check (already checked one by one as they loaded), and which of them
/// were asked for (the rest is context).
pub(crate) struct Selection {
    /// The site's content folder (links to documents not loaded are checked against it).
    pub content: PathBuf,
    pub docs: Vec<Document>,
    pub per_doc: Vec<lint::DocFindings>,
    pub reported: BTreeSet<PathBuf>,
    /// What the site publishes besides its documents (its static files and settings), when
    /// the whole content folder is loaded: links to other paths of the site are checked then.
    pub published: Option<Published>,
}

/// The registry in `lints_dir`, and what to check: with no paths, the whole content folder.
/// Paths are linted on their own, unless `context` asks for the whole content folder as
/// context (links, contradictions) for paths inside it.
pub(crate) fn select(
    root: &Path,
    paths: &[PathBuf],
    context: bool,
    config: &SiteConfig,
    lints_dir: &Path,
) -> Result<(Registry, Selection)> {
    let content = root.join("content");
    let abs = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, "open", e));
    let content_abs = std::fs::canonicalize(&content).ok();
    let inside_content = |p: &Path| {
        content_abs
            .as_ref()
            .is_some_and(|c| abs(p).is_ok_and(|a| a.starts_with(c)))
    };
    let mut loaded: Vec<(Document, lint::DocFindings)> = Vec::new();
    let whole_folder = paths.is_empty() || context && paths.iter().all(|p| inside_content(p));
    // The content folder is read while the registry compiles: neither needs the other.
    let (registry, files) = rayon::join(
        || Registry::load(lints_dir),
        || (whole_folder && content.is_dir()).then(|| load::read_dir(&content, root)),
    );
    let registry = registry?;
    let settings = pipeline::settings(config);
    let check = |doc: &mut Document| lint::check_and_trim(doc, &registry, &settings);
    let wanted: Option<Vec<PathBuf>> = if whole_folder {
        let Some(files) = files else {
            return Err(Error::at(&content, None, "no content folder")
                .with_help("pass files or folders to lint, or use --root"));
        };
        loaded = load::load_dir_with(files?, config, &registry.bib, load::Purpose::Lint, &check)?;
        Some(paths.iter().map(|p| abs(p)).collect::<Result<_>>()?)
    } else {
        for path in paths {
            if path.is_dir() {
                loaded.extend(load::load_dir_with(
                    // A folder given on the command line is its own boundary for links.
                    load::read_dir(path, path)?,
                    config,
                    &registry.bib,
                    load::Purpose::Lint,
                    &check,
                )?);
            } else if path.is_file() {
                // Inside the content folder a file keeps its content path, so its links resolve.
                let in_content = content_abs
                    .as_ref()
                    .and_then(|c| abs(path).ok()?.strip_prefix(c).ok().map(Path::to_path_buf));
                let rel = match in_content {
                    Some(r) => crate::source::slash_path(&r),
                    None => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                let mut doc =
                    load::load_document(path, rel, config, &registry.bib, load::Purpose::Lint)?;
                let findings = check(&mut doc);
                loaded.push((doc, findings));
            } else {
                return Err(Error::at(path, None, "no such file or folder"));
            }
        }
        loaded.sort_by(|a, b| a.0.file.path.cmp(&b.0.file.path));
        loaded.dedup_by(|a, b| a.0.file.path == b.0.file.path);
        None
    };
    let (docs, per_doc): (Vec<Document>, Vec<lint::DocFindings>) = loaded.into_iter().unzip();
    let reported = docs
        .iter()
        .filter(|d| match &wanted {
            Some(w) => {
                w.is_empty() || abs(&d.file.path).is_ok_and(|a| w.iter().any(|w| a.starts_with(w)))
            }
            None => true,
        })
        .map(|d| d.file.path.clone())
        .collect();
    let selection = Selection {
        published: match whole_folder {
            true => Some(Published::of(root, config)?),
            false => None,
        },
        content,
        docs,
        per_doc,
        reported,
    };
    Ok((registry, selection))
}

/// Runs the site-wide checks (claims across documents, links and citations, with the
/// bibliography when the whole site is linted), then suppressions and severities.
pub(crate) fn check(
    selection: &Selection,
    registry: &Registry,
    whole_site: bool,
) -> Vec<Diagnostic> {
    // Usually every loaded document is reported: skip the path lookups then.
    let everything = selection.reported.len() == selection.docs.len();
    let report = |d: &Document| everything || selection.reported.contains(&d.file.path);
    let scope = pipeline::Scope {
        report: &report,
        content: Some(&selection.content),
        lint: true,
        whole_site,
        kept: None,
        published: selection.published.as_ref(),
        drafts: Drafts::Unpublished,
    };
    pipeline::site_checks(&selection.docs, &selection.per_doc, registry, &scope)
}

/// Every rule's metadata (built-in and phrase rules), for SARIF and `explain`.
pub(crate) fn rule_infos(registry: &Registry) -> Vec<RuleInfo> {
    let mut infos: Vec<RuleInfo> = rules::builtins()
        .map(|r| RuleInfo {
            id: r.id.into(),
            category: r.category,
            severity: r.severity,
            summary: r.summary.into(),
            doc: r.doc.into(),
        })
        .collect();
    infos.extend(registry.rules.iter().map(|r| RuleInfo {
        id: r.id.clone(),
        category: r.category,
        severity: r.severity,
        summary: r.summary.clone(),
        doc: r.doc.clone(),
    }));
    infos
}

/// Prints the findings in the format asked for, to stdout through one buffer.
fn report(args: &LintArgs, registry: &Registry, diagnostics: &[Diagnostic], summary: Summary) {
    if args.format == Format::Human {
        let options = human::Options {
            to_stderr: false,
            max_findings: args.max_findings,
            show_all: "`--max-findings 0` shows them all, `--format json` lists them for tools",
        };
        return human::print(diagnostics, summary, &options);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        Format::Json => diagnostic::json::write(&mut out, diagnostics, summary),
        Format::Sarif => diagnostic::sarif::write(&mut out, diagnostics, &rule_infos(registry)),
        Format::Github => diagnostic::github::write(&mut out, diagnostics),
        Format::Human => unreachable!("printed above"),
    };
    // A write error (closed pipe) ends output quietly, like other command-line tools.
    let _ = written.and_then(|()| out.flush());
}

pub(crate) fn run(args: &LintArgs) -> Result<Status> {
    if args.max_findings.is_some() && args.format != Format::Human {
        return Err(Error::new(
            "--max-findings limits the human format only: JSON, SARIF and GitHub output list every finding",
        ));
    }
    let mut timer = crate::timings::Timer::start();
    let config = SiteConfig::load(&args.root)?;
    let lints_dir = super::lints_dir(&args.root, args.lints.as_deref())?;
    super::warn_without_registry(&lints_dir);
    let (registry, selection) = select(&args.root, &args.paths, args.context, &config, &lints_dir)?;
    timer.lap("registry and load");
    // The bibliography is part of the site, not of the files a path lint asks about.
    let diagnostics = check(&selection, &registry, args.paths.is_empty());
    timer.lap("lint");
    let summary = Summary::of(&diagnostics, selection.reported.len());
    report(args, &registry, &diagnostics, summary);
    timer.lap("report");
    let failing = if args.deny_warnings {
        Severity::Warning
    } else {
        Severity::Error
    };
    Ok(if diagnostics.iter().any(|d| d.severity >= failing) {
        Status::Failure
    } else {
        Status::Success
    })
}
