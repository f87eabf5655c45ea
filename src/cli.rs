//! Command-line interface.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::LintMode;

/// vetted: build, lint and preview evidence-checked patient guides.
#[derive(Debug, Parser)]
#[command(name = "vetted", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a site: write a topic-neutral starter (site.yaml, content/, lints/) into DIR, or
    /// with --theme a copy of the built-in theme to edit. Never overwrites a file.
    Init(InitArgs),
    /// Build the static site into the output folder (runs the claim lint first).
    Build(BuildArgs),
    /// Check articles against the claims registry.
    Lint(LintArgs),
    /// Build, serve on the loopback interface, rebuild on save and live-reload the browser.
    Serve(ServeArgs),
    /// Print the documentation of a rule (or list all rules).
    Explain(ExplainArgs),
    /// List the claims registry: verdicts, sources and where the content asserts each claim.
    Claims(ClaimsArgs),
    /// Check the registry: run every rule's, claim's and quantity's examples (exit 1 when one
    /// does not behave as documented).
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to write into (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Copy the built-in default theme into DIR/themes/default/ to edit, instead of the starter.
    #[arg(long)]
    pub theme: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Site root (holds content/, themes/, lints/ and site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: <root>/public]. vetted refuses the site root, folders that
    /// contain it, and folders inside content/, lints/, themes/, templates/ or static/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Build into an existing non-empty folder that vetted has no record of writing. Files at
    /// the paths the build writes are replaced; no other file in it is ever deleted.
    #[arg(long)]
    pub force: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` from site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// What lint errors do to the build [default: from site.yaml, else deny].
    #[arg(long, value_enum)]
    pub lint: Option<LintMode>,
    /// Findings shown in the human output, the most severe first (0: all) [default: all, or
    /// 50 when the output is a terminal]. The counts by rule and the summary always cover all.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets (colour on a terminal; NO_COLOR respected).
    Human,
    /// One JSON document (version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Registry folder [default: <root>/lints].
    #[arg(long)]
    pub lints: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Findings shown by `--format human`, the most severe first (0: all) [default: all, or
    /// 50 when the output is a terminal]. The counts by rule and the summary always cover all.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// With PATHs inside the content folder: read the whole folder as context, so that
    /// contradictions with other articles and links to them are checked too.
    #[arg(long)]
    pub context: bool,
    /// Files or folders to lint [default: <root>/content].
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Interface to bind; anything other than loopback exposes your drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Findings printed after each rebuild, the most severe first (0: all) [default: all, or
    /// 50 when the output is a terminal]. The counts by rule and the summary always cover all.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Rule id (for example `absolute-safety`); omit to list every rule.
    pub rule: Option<String>,
    /// Site root (for the phrase rules in <root>/lints/rules).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Registry folder [default: <root>/lints].
    #[arg(long)]
    pub lints: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Registry folder [default: <root>/lints].
    #[arg(long)]
    pub lints: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Registry folder [default: <root>/lints].
    #[arg(long)]
    pub lints: Option<PathBuf>,
}
