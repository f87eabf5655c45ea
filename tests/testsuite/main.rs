//! Integration tests for the `vetted` binary: one test binary, one module per area.
//! See README.md beside this file for how to add a test and update snapshots.

mod harness;

// `vetted build`: output layout, listings, feeds, citations, links, drafts, themes, determinism.
mod build;
// A failed build never changes the previous output; lint modes decide what blocks a build.
mod build_failures;
// Output folders: refused folders, --force, the cache, links, mount points, killed builds,
// and no command modifying content/ or lints/.
mod output_safety;
// `slug`, `aliases` and `template` stay inside their folder; alias collisions name both files.
mod content_paths;
// What vouches for a page: byline, illustrative reviewers, getting help, reporting a problem,
// related pages, the feed link, back-links, search without JavaScript.
mod readers;
// Hostile front matter is escaped in HTML, JSON-LD, feeds and the search index.
mod escaping;
// Exit codes and error messages for bad input, `--help`, `--version` and unknown flags.
mod cli;
// Errors in the claims registry (`lints/`) name the file and line.
mod registry;
// Each claim check, with examples that must and must not be flagged.
mod lint_checks;
// The claim grammar: hedges, sources in the text, non-statistics, denials, context, stances.
mod claim_grammar;
// `vetted lint` on files without, with broken or with unreadable front matter.
mod lint_any_markdown;
// Suppression comments: reasons, ranges and unused suppressions.
mod suppression;
// Output formats of `vetted lint`: JSON, SARIF, GitHub annotations and human text.
mod formats;
// Findings at scale: counts by rule, --max-findings, the bounded no-change state, long lines.
mod findings;
// `vetted lint` exit codes, `vetted explain` and `vetted claims`.
mod commands;
// The evidence ledger: claim and source pages, markers in articles, ledger links, no broken link.
mod ledger;
// Links and images to static files and page URLs, base paths, links to drafts.
mod site_links;
// Snapshots of what a user sees: every rule's human output, and built pages.
mod behaviour;
// Data-driven: every `examples.bad`/`examples.good` entry of the shipped registry (`vetted check`).
mod rules;
// Units declared in the registry, topic-neutral rule docs, `vetted check`, the sunscreen example.
mod units;
// The annotated development set in ../shared/eval (skipped when absent).
mod devset;
// Hostile sizes finish with bounded output: many headings, a huge registry, long lines.
mod hostile_sizes;
// Raw HTML and link URLs in articles: the `html` setting, `unsafe-html`, `get_help`.
mod content_html;
// `vetted serve`: injected script, edits and reload events, error pages, path traversal.
mod serve;
// build, lint and serve give the same findings (one pipeline).
mod one_pipeline;
// `vetted serve` against hostile clients: slow readers and headers, size limits, Host, bounds.
mod serve_robust;
// The preview's incremental rebuild equals a full build after edits, renames and deletions.
mod incremental;
// `vetted serve` under load: 200 clients and a stalled reader while an article is saved.
mod serve_load;
// Property tests and the fixtures replayed through the fuzz targets' checks (tests/fuzz/).
mod properties;
// `vetted init`: the starter site builds and lints clean, never overwrites, and `--theme`
// copies the built-in theme, whose files a site overrides by name.
mod init;
