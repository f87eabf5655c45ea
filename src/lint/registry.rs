//! The claims registry (`lints/`): what the linter knows, written by medical reviewers in YAML.
//!
//! - `terms.yaml`: term groups (`home: [home, at-home, self-use, ...]`).
//! - `claims.yaml`: known claims with verdict, sources, help and a `match` description.
//! - `quantities.yaml`: measures with units, allowed ranges by context, and agreement checks.
//! - `rules/*.yaml`: phrase rules with message, help, documentation and bad/good examples.
//! - `config.yaml`: rule severities and readability settings.
//! - `sources.yaml`: the bibliography (see `bib`).
//!
//! Every problem in these files is an error naming the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::terms::Lazy;
use serde::{de::DeserializeOwned, Deserialize};

use super::matcher::Pattern;
use super::prefilter::{Prefilter, TooLarge};
use super::quantity::Dimension;
use super::terms;
use super::units::Units;
use crate::bib::{id_lines, line_of_nth, Bibliography};
use crate::diagnostic::{Category, Severity};
use crate::error::{Error, Result};
use crate::yaml::YamlDoc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Contested,
    Unsupported,
    False,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contested => "contested",
            Verdict::Unsupported => "unsupported",
            Verdict::False => "false",
        }
    }
}

/// A term list or a `{group}` reference, as written in the registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum TermRef {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchDef {
    #[serde(default)]
    all: Vec<TermRef>,
    #[serde(default)]
    order: bool,
    #[serde(default)]
    none: Vec<TermRef>,
    #[serde(default)]
    regex: Option<String>,
    /// At most this many words from the first matched term to the last (for `effect`: from
    /// the efficacy word to its term).
    #[serde(default)]
    within: Option<usize>,
    /// An efficacy word acting on one of these terms.
    #[serde(default)]
    effect: Vec<TermRef>,
    /// Only removal, cure and reversal words count for `effect`.
    #[serde(default)]
    complete: bool,
    /// An absence construction denying one of these terms.
    #[serde(default)]
    denies: Vec<TermRef>,
    /// Only statements about this context (a term group).
    #[serde(default)]
    context: Option<String>,
    /// Match where the statement is negated.
    #[serde(default)]
    negated: bool,
    /// Terms one of which must occur in the sentence's passage (paragraph, block before,
    /// section heading, title).
    #[serde(default)]
    about: Vec<TermRef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimDef {
    id: String,
    topic: String,
    statement: String,
    verdict: Verdict,
    category: Category,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    contradicts: Vec<String>,
    #[serde(default)]
    figures: Vec<f64>,
    /// Terms one of which must be in the sentence for a figure to point at this claim.
    #[serde(default)]
    figure_terms: Vec<TermRef>,
    #[serde(default, rename = "match")]
    matchers: Vec<MatchDef>,
    /// What the evidence says, for readers: Markdown with citations, on the claim's page.
    #[serde(default)]
    summary: Option<String>,
    /// An evidence entry that rules and quantities cite, never looked for in articles: says
    /// that a claim without `match` has none on purpose.
    #[serde(default)]
    documentation_only: bool,
    /// Sentences that state the claim (`bad`) and that must not be read as stating it.
    #[serde(default)]
    examples: Option<Examples>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeDef {
    context: String,
    min: f64,
    max: f64,
    /// Unit of min and max when not the dimension's own (days, weeks, µm...).
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    claim: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityDef {
    id: String,
    name: String,
    /// A dimension of the built-in library or of `units.yaml`.
    dimension: String,
    #[serde(default)]
    subject: Vec<TermRef>,
    /// Where the subject must be named: in the sentence, or also in its paragraph.
    #[serde(default)]
    subject_scope: SubjectScope,
    /// How a finding words the allowed range, `{range}` standing for it ("needles are {range}
    /// across"); default "{name} is {range}".
    #[serde(default)]
    range_phrase: Option<String>,
    /// Sentences with a value out of range (`bad`) and sentences without one.
    #[serde(default)]
    examples: Option<Examples>,
    #[serde(default)]
    require: Vec<TermRef>,
    #[serde(default)]
    exclude: Vec<TermRef>,
    /// Terms that make a sentence describe what is on offer ("sold with"): its values are
    /// checked against the `any` range only.
    #[serde(default)]
    available: Vec<TermRef>,
    #[serde(default)]
    words: Vec<TermRef>,
    /// Terms that may stand between `words` and the number ("the diameter of the tips is"),
    /// besides grammar words; default: the subject's terms.
    #[serde(default)]
    linking: Vec<TermRef>,
    /// Units a value must be stated in to count ("minutes", "hours"): a needling time is
    /// never "three days".
    #[serde(default)]
    units: Vec<String>,
    /// A measure of how often ("once a week", "daily"): the time between repeats.
    #[serde(default)]
    frequency: bool,
    /// Only values stated about this context (a term group), found as for claims.
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    ranges: Vec<RangeDef>,
    #[serde(default)]
    consistent: bool,
    #[serde(default)]
    per_setting: bool,
    /// With `consistent`: the measure (an id) whose value, stated beside a value, decides
    /// what that value can be ("a 5 mg tablet daily, a 50 mg one weekly").
    #[serde(default)]
    depends_on: Option<String>,
    #[serde(default)]
    reference: Option<RangeDef>,
    #[serde(default)]
    confused_with: Option<String>,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    help: Option<String>,
}

/// Where a quantity's subject must be named for a value to be its value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectScope {
    /// In the sentence of the value.
    #[default]
    Sentence,
    /// In the sentence, its paragraph, list or table; for a `default` measure also the block
    /// before, the section heading or the title ("1.5 mm for deep scars" under "Choosing a
    /// needle length").
    Paragraph,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    category: Category,
    severity: Severity,
    summary: String,
    message: String,
    help: String,
    #[serde(default)]
    claim: Option<String>,
    /// The claim a finding of this rule states, as a stance for the cross-check (the claim's
    /// `contradicts` name the opposite stances); a match that its sentence negates denies it.
    #[serde(default)]
    stance: Option<String>,
    patterns: Vec<String>,
    #[serde(default)]
    unless_cited: bool,
    /// Terms that, before the phrase in its clause, make it not apply ("most", "usually").
    #[serde(default)]
    unless_before: Vec<TermRef>,
    /// Terms that, as the subject of the phrase's clause, make it about something else ("a
    /// laser is more effective").
    #[serde(default)]
    unless_subject: Vec<TermRef>,
    /// Terms that, after the phrase in its clause, make it about something else ("experts
    /// say you should not ...": a warning).
    #[serde(default)]
    unless_after: Vec<TermRef>,
    doc: String,
    examples: Examples,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigDef {
    #[serde(default)]
    readability: Option<ReadabilityDef>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    /// How findings name a context (a term group): `home: home use`.
    #[serde(default)]
    contexts: BTreeMap<String, String>,
    /// Assertion cues to add to or take from the built-in ones (see `cues::CueSet`).
    #[serde(default)]
    cues: Option<super::cues::CuesDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadabilityDef {
    #[serde(default)]
    target_grade: Option<f64>,
    #[serde(default)]
    min_words: Option<usize>,
    #[serde(default)]
    ignore_words: Vec<String>,
}

#[derive(Debug)]
pub struct Claim {
    pub id: String,
    pub topic: String,
    pub statement: String,
    pub verdict: Verdict,
    pub category: Category,
    pub severity: Severity,
    pub sources: Vec<String>,
    pub help: Option<String>,
    pub contradicts: Vec<String>,
    pub figures: Vec<f64>,
    pub figure_terms: Vec<Lazy>,
    pub patterns: Vec<Pattern>,
    pub line: usize,
    /// What the evidence says, for readers (Markdown with citations).
    pub summary: Option<String>,
    /// Never looked for in articles (`documentation_only: true`; it has no `match`).
    pub documentation_only: bool,
    pub examples: Option<Examples>,
}

impl Claim {
    /// Every regex of this claim.
    pub fn regexes(&self) -> impl Iterator<Item = &Lazy> {
        self.patterns
            .iter()
            .flat_map(Pattern::patterns)
            .chain(&self.figure_terms)
    }

    /// Whether a statistic `figure` in `sentence` is one of this claim's figures.
    pub fn has_figure(&self, figure: f64, sentence: &str) -> bool {
        self.figures.iter().any(|g| (g - figure).abs() < 1e-9)
            && (self.figure_terms.is_empty()
                || self.figure_terms.iter().any(|t| t.is_match(sentence)))
    }
}

#[derive(Debug)]
pub struct AllowedRange {
    /// A term-group name, or `None` for any context.
    pub context: Option<String>,
    pub min: f64,
    pub max: f64,
    pub claim: Option<String>,
}

#[derive(Debug)]
pub struct Measure {
    pub id: String,
    pub name: String,
    pub dimension: Dimension,
    pub subject: Vec<Lazy>,
    pub subject_scope: SubjectScope,
    /// "needles are {range} across"; `None`: "{name} is {range}".
    pub range_phrase: Option<String>,
    pub examples: Option<Examples>,
    /// Line of its `id` in quantities.yaml.
    pub line: usize,
    pub require: Vec<Lazy>,
    pub exclude: Vec<Lazy>,
    /// Terms that make a sentence a description of what is on offer, not of a setting: its
    /// values are held to the `any` range only.
    pub available: Vec<Lazy>,
    pub words: Option<Lazy>,
    /// Terms that may stand between `words` and the number (compiled on first use).
    pub linking: Option<Lazy>,
    /// Canonical unit factors allowed (empty: any unit of the dimension).
    pub units: Vec<f64>,
    /// Values are frequencies (time between repeats), and only frequencies count.
    pub frequency: bool,
    /// Only values about this context (a term group name).
    pub context: Option<String>,
    pub default: bool,
    pub ranges: Vec<AllowedRange>,
    pub consistent: bool,
    /// With `consistent`: values stated for two different settings (home, clinic) are not
    /// compared, because the measure depends on the setting (a short effect after a light
    /// treatment at home, a longer one after a deeper treatment in a clinic).
    pub per_setting: bool,
    /// With `consistent`: the dimension of the `depends_on` measure. Two values stated beside
    /// values of it that do not overlap are stated for different cases and are not compared.
    pub depends_on: Option<Dimension>,
    pub reference: Option<AllowedRange>,
    pub confused_with: Option<String>,
    pub severity: Severity,
    pub help: Option<String>,
}

impl Measure {
    /// Every regex of this quantity.
    pub fn regexes(&self) -> impl Iterator<Item = &Lazy> {
        self.subject
            .iter()
            .chain(&self.require)
            .chain(&self.exclude)
            .chain(&self.available)
            .chain(&self.words)
    }
}

#[derive(Debug)]
pub struct PhraseRule {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub help: String,
    pub claim: Option<String>,
    /// The claim (its index) that a finding states, and a negated match denies.
    pub stance: Option<usize>,
    pub patterns: Vec<Lazy>,
    pub unless_cited: bool,
    pub unless_before: Vec<Lazy>,
    pub unless_subject: Vec<Lazy>,
    pub unless_after: Vec<Lazy>,
    pub doc: String,
    pub examples: Examples,
    pub path: PathBuf,
}

impl PhraseRule {
    /// Every regex of this rule.
    pub fn regexes(&self) -> impl Iterator<Item = &Lazy> {
        self.patterns
            .iter()
            .chain(&self.unless_before)
            .chain(&self.unless_subject)
            .chain(&self.unless_after)
    }
}

#[derive(Debug, Clone)]
pub struct Readability {
    pub target_grade: f64,
    pub min_words: usize,
    pub ignore_words: BTreeSet<String>,
}

#[derive(Debug)]
pub struct Registry {
    pub dir: PathBuf,
    pub bib: Bibliography,
    /// The built-in units and those `units.yaml` declares.
    pub units: Units,
    pub groups: BTreeMap<String, Vec<String>>,
    /// Compiled `{group}` regexes, for contexts such as home versus professional use.
    pub group_regex: BTreeMap<String, Lazy>,
    /// The groups used as contexts (by quantity ranges and claims), in name order, with their
    /// patterns: what `context::Scopes` looks for around a statement.
    pub contexts: Vec<(String, Lazy)>,
    pub claims: Vec<Claim>,
    pub measures: Vec<Measure>,
    pub rules: Vec<PhraseRule>,
    pub readability: Readability,
    /// Severity overrides by rule id; `None` turns a rule off.
    pub severity: BTreeMap<String, Option<Severity>>,
    /// How findings name contexts, by term group (default "<group> use").
    pub context_labels: BTreeMap<String, String>,
    /// Assertion cues when the registry changes the built-in ones.
    pub cues: Option<std::sync::Arc<super::cues::CueSet>>,
    /// Decides per paragraph which of the above can match.
    pub prefilter: Option<Prefilter>,
    /// The ids of the built-in rules (`lint::rules`): a phrase rule may not take one, and
    /// `config.yaml` may set their severities.
    pub builtin_ids: Vec<&'static str>,
    /// Index of each claim by id.
    claim_index: std::collections::HashMap<String, usize>,
    /// For each claim, the claims on the other side of its topic (either one lists the other
    /// under `contradicts`), ascending.
    pub opposed: Vec<Vec<usize>>,
}

/// Reads an optional YAML file of the registry.
fn read(dir: &Path, name: &str) -> Result<Option<(PathBuf, String)>> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path, text))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::io(&path, "read", err)),
    }
}

/// A term group may not hold a term that matches the empty string: every claim using the group
/// would match every sentence.
fn check_group_terms(dir: &Path, groups: &BTreeMap<String, Vec<String>>) -> Result<()> {
    let Some((name, term)) = groups
        .iter()
        .find_map(|(name, terms)| Some((name, terms.iter().find(|t| terms::matches_empty(t))?)))
    else {
        return Ok(());
    };
    let path = dir.join("terms.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let line = YamlDoc::new(&path, &text, 1).top_key_line(name);
    Err(Error::at(
        &path,
        Some(line),
        format!("group `{name}`: the term `{term}` matches every sentence"),
    )
    .with_help("a term needs a letter or a digit: remove it or write the word"))
}

/// Reads and parses an optional YAML file of the registry (an empty file is the default),
/// keeping its path and text for error locations.
fn read_parsed<T: DeserializeOwned + Default>(
    dir: &Path,
    name: &str,
) -> Result<Option<(PathBuf, String, T)>> {
    let Some((path, text)) = read(dir, name)? else {
        return Ok(None);
    };
    let value = YamlDoc::new(&path, &text, 1)
        .parse::<Option<T>>()?
        .unwrap_or_default();
    Ok(Some((path, text, value)))
}

/// A registry file's lines, indexed once: locating what an error or a pattern is about must
/// not read the file from the top each time (a 10,000-claim registry made that quadratic).
struct Lines<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// 1-based line of each entry's first `id:`, by id.
    ids: BTreeMap<String, usize>,
    /// The same lines, ascending: where each entry starts.
    entries: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        // A byte-order mark would hide the first entry's `- id:` from `id_lines`.
        let text = crate::yaml::without_bom(text);
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&s| s < text.len())
            .collect();
        let ids = id_lines(text);
        let mut entries: Vec<usize> = ids.values().copied().collect();
        entries.sort_unstable();
        Lines {
            text,
            starts,
            ids,
            entries,
        }
    }

    /// The text of a 1-based line.
    fn line(&self, n: usize) -> &'a str {
        let start = self.starts[n - 1];
        let end = self.starts.get(n).copied().unwrap_or(self.text.len());
        &self.text[start..end]
    }

    /// Line of the first occurrence of `needle` in lines `from..to` (1-based), or `from`.
    fn find_between(&self, needle: &str, from: usize, to: usize) -> usize {
        (from.max(1)..to.min(self.starts.len() + 1))
            .find(|&n| self.line(n).contains(needle))
            .unwrap_or(from)
    }

    /// Line of the first occurrence of `needle` at or after `from` (1-based), for errors.
    fn find(&self, needle: &str, from: usize) -> usize {
        self.find_between(needle, from, usize::MAX)
    }

    /// Like `find`, but only up to the next entry when `from` is inside one: a pattern is
    /// looked for in its own claim, not in every claim after it.
    fn find_in_entry(&self, needle: &str, from: usize) -> usize {
        let next = self.entries.partition_point(|&e| e <= from);
        let to = match next {
            0 => usize::MAX,
            n => self.entries.get(n).copied().unwrap_or(usize::MAX),
        };
        self.find_between(needle, from, to)
    }
}

/// The registry's patterns by their text: one `Lazy` for each distinct pattern, whose clones
/// share its compiled regex.
type Patterns = std::cell::RefCell<std::collections::HashMap<String, Lazy>>;

struct Compiler<'a> {
    groups: &'a BTreeMap<String, Vec<String>>,
    path: &'a Path,
    lines: &'a Lines<'a>,
    /// The patterns made so far, for `check_patterns`.
    made: std::cell::RefCell<Vec<Unchecked>>,
    /// Every pattern of the registry made so far.
    patterns: &'a Patterns,
}

/// A registry pattern whose syntax is still to be checked, and where it was written.
struct Unchecked {
    pattern: String,
    path: PathBuf,
    line: usize,
    /// What the pattern belongs to, when the line alone does not say it.
    label: String,
    /// Written by the registry from a list of terms (each escaped, no `{group}` left to
    /// expand): valid by construction, so its syntax needs no check. Its size is still
    /// checked by the prefilter, which compiles every pattern.
    generated: bool,
}

/// Checks the syntax of every pattern; the first invalid one, in registry order, is the error.
/// Claims share term groups, so each distinct pattern is parsed once; term lists the registry
/// wrote itself are valid by construction and not parsed.
fn check_patterns(unchecked: &[Unchecked]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for u in unchecked {
        if u.generated || !seen.insert(u.pattern.as_str()) {
            continue;
        }
        if let Err(e) = Lazy::check(&u.pattern) {
            return Err(Error::at(&u.path, Some(u.line), format!("{}{e}", u.label)));
        }
    }
    Ok(())
}

/// The error for a pattern the regex engine cannot compile for its size, where it was written.
fn too_large(unchecked: &[Unchecked], e: TooLarge) -> Error {
    let message = format!("pattern too large: {}", e.reason);
    let help = "make it smaller: large repetition counts (`{1000}`) and long alternations multiply its size";
    match unchecked.iter().find(|u| u.pattern == e.pattern) {
        Some(u) => Error::at(&u.path, Some(u.line), format!("{}{message}", u.label)),
        None => Error::new(message),
    }
    .with_help(help)
}

/// Checks a claim's `summary` when the registry loads: its citations must be in the
/// bibliography, and it may link only to other sites (the claim's page lists the articles
/// that state it). Returns what is wrong.
fn check_summary(summary: &str, bib: &Bibliography) -> std::result::Result<(), String> {
    let source = crate::markdown::Source {
        body: summary,
        base: 0,
        rel: "",
        html: crate::config::HtmlMode::Escape,
    };
    let a = crate::markdown::analyse_prose(source, bib);
    if let Some((key, _)) = a.unknown_citations.first() {
        return Err(format!(
            "cites `{key}`, which is not in {}",
            bib.path.display()
        ));
    }
    if let Some(link) = a.links.first() {
        let to = link
            .target
            .clone()
            .or_else(|| link.anchor.as_ref().map(|a| format!("#{a}")))
            .or_else(|| link.path.clone())
            .unwrap_or_else(|| "a page of the ledger".into());
        return Err(format!(
            "links to {to}: a summary may link to other sites only (the claim's page lists the articles that state it)"
        ));
    }
    Ok(())
}

impl<'a> Compiler<'a> {
    fn new(
        groups: &'a BTreeMap<String, Vec<String>>,
        path: &'a Path,
        lines: &'a Lines,
        patterns: &'a Patterns,
    ) -> Self {
        Compiler {
            groups,
            path,
            lines,
            made: Default::default(),
            patterns,
        }
    }

    fn pattern(&self, pattern: &str, line: usize) -> Result<Lazy> {
        self.make(pattern, line, false)
    }

    /// A pattern as `pattern` does; `generated` when the registry wrote it from terms.
    fn make(&self, pattern: &str, line: usize, generated: bool) -> Result<Lazy> {
        let first = pattern.lines().next().unwrap_or(pattern);
        // An empty pattern is on its `regex:` line (every line contains "").
        let first = match first.trim() {
            "" => "regex:",
            _ => first,
        };
        let line = self.lines.find_in_entry(first, line);
        let prepared = terms::prepare(pattern, self.groups)
            .map_err(|e| Error::at(self.path, Some(line), e))?;
        let lazy = (self.patterns.borrow_mut())
            .entry(prepared.clone())
            .or_insert_with(|| Lazy::unchecked(prepared.clone()))
            .clone();
        self.made.borrow_mut().push(Unchecked {
            pattern: prepared,
            path: self.path.to_path_buf(),
            line,
            label: String::new(),
            generated,
        });
        Ok(lazy)
    }

    /// The patterns this compiler made, for `check_patterns`.
    fn made(self) -> Vec<Unchecked> {
        self.made.into_inner()
    }

    /// `{group}` references a group; anything else is a literal term.
    fn term_ref(&self, term: &TermRef, line: usize) -> Result<Lazy> {
        let items: Vec<String> = match term {
            TermRef::One(s) => vec![s.clone()],
            TermRef::Many(v) => v.clone(),
        };
        let mut parts = Vec::new();
        for item in &items {
            let item = item.trim();
            if let Some(name) = item.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let terms = self.groups.get(name).ok_or_else(|| {
                    Error::at(
                        self.path,
                        Some(self.lines.find(item, line)),
                        format!("unknown term group `{item}`"),
                    )
                    .with_help("define it in lints/terms.yaml")
                })?;
                parts.push(terms::group_regex(terms));
            } else if terms::matches_empty(item) {
                let at = match item.is_empty() {
                    true => self.lines.find_in_entry("\"\"", line),
                    false => self.lines.find_in_entry(item, line),
                };
                return Err(Error::at(
                    self.path,
                    Some(at),
                    match item.is_empty() {
                        true => "an empty term matches every sentence".to_owned(),
                        false => format!("the term `{item}` matches every sentence"),
                    },
                )
                .with_help("a term needs a letter or a digit: remove it or write the word"));
            } else {
                parts.push(terms::term_regex(item));
            }
        }
        // Escaped terms and group alternations: nothing for `prepare` to expand (a brace in
        // a term would be), so the pattern is valid by construction.
        let pattern = format!("(?:{})", parts.join("|"));
        let generated = !pattern.contains('{');
        self.make(&pattern, line, generated)
    }

    fn term_refs(&self, refs: &[TermRef], line: usize) -> Result<Vec<Lazy>> {
        refs.iter().map(|t| self.term_ref(t, line)).collect()
    }

    /// The terms of `refs` as one alternation pattern; `None` when there are none.
    fn joined(&self, refs: &[TermRef], line: usize) -> Result<Option<Lazy>> {
        if refs.is_empty() {
            return Ok(None);
        }
        let parts: Vec<String> = (self.term_refs(refs, line)?.iter())
            .map(|r| r.pattern().trim_start_matches("(?i)").to_owned())
            .collect();
        Ok(Some(self.pattern(&parts.join("|"), line)?))
    }
}

/// The terms of several term references as one list (`{group}` references kept as they are).
fn flatten(refs: &[TermRef]) -> Vec<String> {
    refs.iter()
        .flat_map(|r| match r {
            TermRef::One(s) => vec![s.clone()],
            TermRef::Many(v) => v.clone(),
        })
        .collect()
}

/// Builds the prefilter of a loaded registry (the rules' patterns: see `lint::run`).
pub(crate) type PrefilterBuild<'a> =
    &'a (dyn Fn(&Registry) -> std::result::Result<Prefilter, TooLarge> + Sync);

impl Registry {
    /// Loads the registry in `dir` (usually `<root>/lints`). A missing folder is an empty
    /// registry. The prefilter is built by `prefilter` while the patterns' syntax is checked
    /// and `warm_up` compiles the linter's own patterns.
    pub fn load_with(
        dir: &Path,
        builtin_ids: Vec<&'static str>,
        prefilter: PrefilterBuild,
        warm_up: fn(),
    ) -> Result<Registry> {
        let bib = Bibliography::load(dir)?;
        let units = Units::load(dir)?;
        let groups: BTreeMap<String, Vec<String>> = read_parsed(dir, "terms.yaml")?
            .map(|(_, _, groups)| groups)
            .unwrap_or_default();
        check_group_terms(dir, &groups)?;
        let mut group_regex = BTreeMap::new();
        let mut unchecked = Vec::new();
        let patterns = Patterns::default();
        for (name, terms) in &groups {
            let pattern = format!("(?i){}", terms::ascii_classes(&terms::group_regex(terms)));
            let lazy = (patterns.borrow_mut())
                .entry(pattern.clone())
                .or_insert_with(|| Lazy::unchecked(pattern.clone()))
                .clone();
            unchecked.push(Unchecked {
                pattern,
                path: dir.join("terms.yaml"),
                line: 1,
                label: format!("group `{name}`: "),
                // Escaped terms, never expanded: valid by construction.
                generated: true,
            });
            group_regex.insert(name.clone(), lazy);
        }
        let mut registry = Registry {
            dir: dir.to_path_buf(),
            bib,
            units,
            groups,
            group_regex,
            contexts: Vec::new(),
            claims: Vec::new(),
            measures: Vec::new(),
            rules: Vec::new(),
            readability: Readability {
                target_grade: 8.0,
                min_words: 150,
                ignore_words: BTreeSet::new(),
            },
            severity: BTreeMap::new(),
            context_labels: BTreeMap::new(),
            cues: None,
            prefilter: None,
            builtin_ids,
            claim_index: Default::default(),
            opposed: Vec::new(),
        };
        unchecked.extend(registry.load_claims(&patterns)?);
        unchecked.extend(registry.load_measures(&patterns)?);
        registry.gather_contexts();
        unchecked.extend(registry.load_rules(&patterns)?);
        registry.load_config()?;
        let mut timer = crate::timings::Timer::start();
        // The patterns' syntax is checked beside the prefilter (which compiles them all
        // together) rather than before it: a one-file lint waits for neither twice.
        let (prefilter, checked) = rayon::join(
            || prefilter(&registry),
            || {
                warm_up();
                check_patterns(&unchecked)
            },
        );
        checked?;
        registry.prefilter = Some(prefilter.map_err(|e| too_large(&unchecked, e))?);
        timer.lap("prefilter");
        Ok(registry)
    }

    /// The term groups used as contexts, by quantity ranges and by claims, with their
    /// patterns; each claim alternative learns the index of its context.
    fn gather_contexts(&mut self) {
        let mut names: BTreeSet<String> = self
            .measures
            .iter()
            .flat_map(|m| m.ranges.iter().chain(&m.reference))
            .filter_map(|r| r.context.clone())
            .collect();
        names.extend(self.measures.iter().filter_map(|m| m.context.clone()));
        names.extend(
            self.claims
                .iter()
                .flat_map(|c| &c.patterns)
                .filter_map(|p| p.context_name.clone()),
        );
        self.contexts = names
            .into_iter()
            .map(|name| {
                let pattern = self.group_regex[&name].clone();
                (name, pattern)
            })
            .collect();
        for pattern in self.claims.iter_mut().flat_map(|c| &mut c.patterns) {
            pattern.context = pattern
                .context_name
                .as_ref()
                .and_then(|name| self.contexts.iter().position(|(c, _)| c == name));
        }
    }

    fn check_sources(
        &self,
        path: &Path,
        lines: &Lines,
        line: usize,
        sources: &[String],
    ) -> Result<()> {
        for source in sources {
            if self.bib.get(source).is_none() {
                let mut err = Error::at(
                    path,
                    Some(lines.find(source, line)),
                    format!("unknown source id `{source}`"),
                );
                let ids: Vec<&str> = self.bib.sources.keys().map(String::as_str).collect();
                if let Some(best) = crate::yaml::closest(source, &ids) {
                    err = err.with_help(format!(
                        "did you mean `{best}`? Sources are listed in {}",
                        self.bib.path.display()
                    ));
                }
                return Err(err);
            }
        }
        Ok(())
    }

    fn check_duplicate(
        path: &Path,
        lines: &Lines,
        seen: &mut BTreeSet<String>,
        id: &str,
    ) -> Result<usize> {
        if !seen.insert(id.to_owned()) {
            let line = line_of_nth(lines.text, id, 2).or_else(|| lines.ids.get(id).copied());
            return Err(Error::at(path, line, format!("duplicate id `{id}`")));
        }
        Ok(lines.ids.get(id).copied().unwrap_or(1))
    }

    /// Returns the patterns it made, for `check_patterns`.
    fn load_claims(&mut self, patterns: &Patterns) -> Result<Vec<Unchecked>> {
        let Some((path, text, defs)) = read_parsed::<Vec<ClaimDef>>(&self.dir, "claims.yaml")?
        else {
            return Ok(Vec::new());
        };
        let lines = Lines::new(&text);
        let c = Compiler::new(&self.groups, &path, &lines, patterns);
        let mut seen = BTreeSet::new();
        for def in defs {
            let line = Self::check_duplicate(&path, &lines, &mut seen, &def.id)?;
            let claim = self.compile_claim(def, &c, line)?;
            self.claims.push(claim);
        }
        self.check_contradictions(&seen, &path, &lines)?;
        let made = c.made();
        self.index_claims();
        Ok(made)
    }

    /// One claim of claims.yaml with its match rules compiled; the checks run in the order
    /// they always did, so the first error reported stays the same.
    fn compile_claim(&self, def: ClaimDef, c: &Compiler, line: usize) -> Result<Claim> {
        let (path, lines) = (c.path, c.lines);
        self.check_sources(path, lines, line, &def.sources)?;
        let patterns = (def.matchers.iter())
            .map(|m| self.compile_match(m, &def.id, c, line))
            .collect::<Result<Vec<Pattern>>>()?;
        Self::check_documentation_only(&def, path, line)?;
        self.check_claim_summary(&def, path, lines, line)?;
        let severity = def.severity.unwrap_or(match def.verdict {
            Verdict::False | Verdict::Unsupported => Severity::Error,
            Verdict::Contested => Severity::Warning,
            Verdict::Supported => Severity::Info,
        });
        Ok(Claim {
            id: def.id,
            topic: def.topic,
            statement: def.statement.trim().to_owned(),
            verdict: def.verdict,
            category: def.category,
            severity,
            sources: def.sources,
            help: def.help.map(|h| h.trim().to_owned()),
            contradicts: def.contradicts,
            figures: def.figures,
            figure_terms: c.term_refs(&def.figure_terms, line)?,
            patterns,
            line,
            summary: def.summary.map(|s| s.trim().to_owned()),
            documentation_only: def.documentation_only,
            examples: def.examples,
        })
    }

    /// One `match:` alternative of claim `id`, checked and compiled.
    fn compile_match(&self, m: &MatchDef, id: &str, c: &Compiler, line: usize) -> Result<Pattern> {
        let (path, lines) = (c.path, c.lines);
        let at = || Some(lines.find("match:", line));
        if m.all.is_empty() && m.regex.is_none() && m.effect.is_empty() && m.denies.is_empty() {
            return Err(Error::at(
                path,
                at(),
                format!("claim `{id}`: a match needs `all`, `regex`, `effect` or `denies`"),
            ));
        }
        if !m.effect.is_empty() && !m.denies.is_empty() {
            return Err(Error::at(
                path,
                at(),
                format!("claim `{id}`: one match cannot have both `effect` and `denies`"),
            )
            .with_help("write them as two alternatives"));
        }
        if let Some(name) = m.context.as_ref().filter(|n| !self.groups.contains_key(*n)) {
            return Err(Error::at(
                path,
                Some(lines.find(&format!("context: {name}"), line)),
                format!("claim `{id}`: unknown context `{name}`"),
            )
            .with_help("use the name of a term group from terms.yaml"));
        }
        // Effect, denial and topic terms are one alternation each, whatever their grouping.
        let group = |refs: &[TermRef]| -> Result<Option<Lazy>> {
            if refs.is_empty() {
                return Ok(None);
            }
            Ok(Some(c.term_ref(&TermRef::Many(flatten(refs)), line)?))
        };
        Ok(Pattern {
            all: c.term_refs(&m.all, line)?,
            order: m.order,
            none: c.term_refs(&m.none, line)?,
            regex: m.regex.as_deref().map(|r| c.pattern(r, line)).transpose()?,
            within: m.within,
            effect: group(&m.effect)?,
            complete: m.complete,
            denies: group(&m.denies)?,
            context: None,
            context_name: m.context.clone(),
            negated: m.negated,
            about: group(&m.about)?,
        })
    }

    /// A claim has `match` rules exactly when it is not `documentation_only`.
    fn check_documentation_only(def: &ClaimDef, path: &Path, line: usize) -> Result<()> {
        if def.matchers.is_empty() != def.documentation_only {
            let (message, help) = if def.documentation_only {
                (
                    "has both `match` and `documentation_only: true`",
                    "a claim found in articles is not documentation only: remove one of them",
                )
            } else {
                ("has no `match` rules", "add `match:` so that articles stating it are found, or `documentation_only: true` for an evidence entry that is never looked for in articles")
            };
            return Err(
                Error::at(path, Some(line), format!("claim `{}` {message}", def.id))
                    .with_help(help),
            );
        }
        Ok(())
    }

    /// A claim's `summary`, if any, must pass `check_summary` against the bibliography.
    fn check_claim_summary(
        &self,
        def: &ClaimDef,
        path: &Path,
        lines: &Lines,
        line: usize,
    ) -> Result<()> {
        if let Some(summary) = &def.summary {
            if let Err(problem) = check_summary(summary, &self.bib) {
                let at = lines.find_in_entry("summary:", line);
                return Err(Error::at(
                    path,
                    Some(at),
                    format!("claim `{}`: `summary` {problem}", def.id),
                ));
            }
        }
        Ok(())
    }

    /// Each `contradicts` must name a claim of the file (checked once all are read, as it
    /// may name a later one).
    fn check_contradictions(
        &self,
        seen: &BTreeSet<String>,
        path: &Path,
        lines: &Lines,
    ) -> Result<()> {
        for claim in &self.claims {
            for other in &claim.contradicts {
                if !seen.contains(other) {
                    let line = lines.find(other, claim.line);
                    return Err(Error::at(
                        path,
                        Some(line),
                        format!("claim `{}` contradicts unknown claim `{other}`", claim.id),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Fills `claim_index` and `opposed`: contradiction goes both ways, so each claim lists
    /// the claims it contradicts and those that contradict it, sorted and without repeats.
    fn index_claims(&mut self) {
        self.claim_index = (self.claims.iter().enumerate())
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        self.opposed = vec![Vec::new(); self.claims.len()];
        for (a, claim) in self.claims.iter().enumerate() {
            for b in claim.contradicts.iter().map(|id| self.claim_index[id]) {
                self.opposed[a].push(b);
                self.opposed[b].push(a);
            }
        }
        for list in &mut self.opposed {
            list.sort_unstable();
            list.dedup();
        }
    }

    /// Returns the patterns it made, for `check_patterns`.
    fn load_measures(&mut self, patterns: &Patterns) -> Result<Vec<Unchecked>> {
        let Some((path, text, defs)) =
            read_parsed::<Vec<QuantityDef>>(&self.dir, "quantities.yaml")?
        else {
            return Ok(Vec::new());
        };
        let lines = Lines::new(&text);
        let c = Compiler::new(&self.groups, &path, &lines, patterns);
        let mut seen = BTreeSet::new();
        let claim_ids: BTreeSet<&str> = self.claims.iter().map(|c| c.id.as_str()).collect();
        let mut measures = Vec::new();
        let mut dependencies = Vec::new();
        for def in defs {
            let line = Self::check_duplicate(&path, &lines, &mut seen, &def.id)?;
            dependencies.push((def.depends_on.clone(), line));
            measures.push(self.compile_measure(def, &c, &claim_ids, line)?);
        }
        Self::check_confusions(&measures, &seen, &path, &lines)?;
        Self::resolve_dependencies(&mut measures, dependencies, &path, &lines)?;
        self.measures = measures;
        Ok(c.made())
    }

    /// One quantity of quantities.yaml, its units converted and its patterns compiled; the
    /// checks run in the order they always did, so the first error reported stays the same.
    fn compile_measure(
        &self,
        def: QuantityDef,
        c: &Compiler,
        claim_ids: &BTreeSet<&str>,
        line: usize,
    ) -> Result<Measure> {
        let (path, lines) = (c.path, c.lines);
        let dimension = self.measure_dimension(&def, path, lines, line)?;
        let range = |r: RangeDef| self.allowed_range(r, &def.id, claim_ids, dimension, c, line);
        let words = c.joined(&def.words, line)?;
        let linking = c.joined(
            if def.linking.is_empty() {
                &def.subject
            } else {
                &def.linking
            },
            line,
        )?;
        let units = (def.units.iter())
            .map(|u| self.unit_factor(u, "units:", dimension, path, lines, line))
            .collect::<Result<Vec<f64>>>()?;
        self.check_measure_context(&def, path, lines, line)?;
        Ok(Measure {
            subject_scope: def.subject_scope,
            range_phrase: def.range_phrase,
            examples: def.examples,
            line,
            units,
            frequency: def.frequency,
            context: def.context,
            subject: c.term_refs(&def.subject, line)?,
            require: c.term_refs(&def.require, line)?,
            exclude: c.term_refs(&def.exclude, line)?,
            available: c.term_refs(&def.available, line)?,
            words,
            linking,
            ranges: def.ranges.into_iter().map(range).collect::<Result<_>>()?,
            reference: def.reference.map(range).transpose()?,
            id: def.id,
            name: def.name,
            dimension,
            default: def.default,
            consistent: def.consistent,
            per_setting: def.per_setting,
            // Resolved once every measure is read (`resolve_dependencies`).
            depends_on: None,
            confused_with: def.confused_with,
            severity: def.severity.unwrap_or(Severity::Error),
            help: def.help.map(|h| h.trim().to_owned()),
        })
    }

    /// One allowed range of quantity `id`, in the dimension's base unit; its claim and
    /// context must exist and its bounds be in order.
    fn allowed_range(
        &self,
        r: RangeDef,
        id: &str,
        claim_ids: &BTreeSet<&str>,
        dimension: Dimension,
        c: &Compiler,
        line: usize,
    ) -> Result<AllowedRange> {
        let (path, lines) = (c.path, c.lines);
        if let Some(claim) = &r.claim {
            if !claim_ids.contains(claim.as_str()) {
                return Err(Error::at(
                    path,
                    Some(lines.find(claim, line)),
                    format!("unknown claim `{claim}`"),
                ));
            }
        }
        if r.context != "any" && !self.groups.contains_key(&r.context) {
            return Err(Error::at(
                path,
                Some(lines.find(&r.context, line)),
                format!("unknown context `{}`", r.context),
            )
            .with_help("use `any` or the name of a term group"));
        }
        if r.min > r.max {
            return Err(Error::at(
                path,
                Some(line),
                format!("`{id}`: min {} is above max {}", r.min, r.max),
            ));
        }
        let factor = match &r.unit {
            None => 1.0,
            Some(u) => self.unit_factor(u, "unit:", dimension, path, lines, line)?,
        };
        Ok(AllowedRange {
            context: (r.context != "any").then_some(r.context),
            min: r.min * factor,
            max: r.max * factor,
            claim: r.claim,
        })
    }

    /// A quantity's `context:` must name a term group.
    fn check_measure_context(
        &self,
        def: &QuantityDef,
        path: &Path,
        lines: &Lines,
        line: usize,
    ) -> Result<()> {
        if let Some(name) = def
            .context
            .as_ref()
            .filter(|n| !self.groups.contains_key(*n))
        {
            return Err(Error::at(
                path,
                Some(lines.find(&format!("context: {name}"), line)),
                format!("`{}`: unknown context `{name}`", def.id),
            )
            .with_help("use the name of a term group from terms.yaml"));
        }
        Ok(())
    }

    /// Each `confused_with` must name a quantity of the file (checked once all are read, as
    /// it may name a later one).
    fn check_confusions(
        measures: &[Measure],
        seen: &BTreeSet<String>,
        path: &Path,
        lines: &Lines,
    ) -> Result<()> {
        for m in measures {
            if let Some(other) = &m.confused_with {
                if !seen.contains(other) {
                    return Err(Error::at(
                        path,
                        Some(lines.find(other, 1)),
                        format!("unknown quantity `{other}`"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Each `depends_on` must name another quantity of the file; the measure keeps its
    /// dimension.
    fn resolve_dependencies(
        measures: &mut [Measure],
        dependencies: Vec<(Option<String>, usize)>,
        path: &Path,
        lines: &Lines,
    ) -> Result<()> {
        for (i, (id, line)) in dependencies.into_iter().enumerate() {
            let Some(id) = id else { continue };
            let found = (measures.iter().position(|m| m.id == id)).filter(|&d| d != i);
            let Some(d) = found else {
                return Err(Error::at(
                    path,
                    Some(lines.find_in_entry("depends_on:", line)),
                    format!(
                        "`depends_on` names `{id}`, which is not another quantity of this file"
                    ),
                ));
            };
            measures[i].depends_on = Some(measures[d].dimension);
        }
        Ok(())
    }

    /// The dimension a quantity names, checked against what its values can be: a frequency
    /// is a time, and a dimension without units of its own never matches.
    fn measure_dimension(
        &self,
        def: &QuantityDef,
        path: &Path,
        lines: &Lines,
        line: usize,
    ) -> Result<Dimension> {
        let at = Some(lines.find_in_entry("dimension:", line));
        let Some(dimension) = self.units.dimension(&def.dimension) else {
            let names: Vec<&str> = (self.units.dimensions.iter())
                .map(|d| d.name.as_str())
                .collect();
            let help = match crate::yaml::closest(&def.dimension, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "use one of {}, or declare it in units.yaml",
                    names.join(", ")
                ),
            };
            return Err(Error::at(
                path,
                at,
                format!("`{}`: unknown dimension `{}`", def.id, def.dimension),
            )
            .with_help(help));
        };
        if def.frequency && dimension != Dimension::TIME {
            return Err(Error::at(
                path,
                at,
                format!(
                    "`{}`: a frequency is a time, never a {}: no value can match",
                    def.id, def.dimension
                ),
            ));
        }
        Ok(dimension)
    }

    /// The factor of a unit a quantity names under `key`, which must be a unit of its
    /// dimension.
    fn unit_factor(
        &self,
        unit: &str,
        key: &str,
        dimension: Dimension,
        path: &Path,
        lines: &Lines,
        line: usize,
    ) -> Result<f64> {
        let at = Some(lines.find_in_entry(unit, lines.find_in_entry(key, line)));
        match self.units.resolve(unit) {
            Some(u) if u.dimension == dimension => Ok(u.factor),
            Some(u) => Err(Error::at(
                path,
                at,
                format!(
                    "unit `{unit}` measures {}, not {}: no value in it can match",
                    self.units.dimension_name(u.dimension),
                    self.units.dimension_name(dimension)
                ),
            )),
            None => {
                let names = self.units.names();
                let help = match crate::yaml::closest(unit, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "declare it in units.yaml".to_owned(),
                };
                Err(Error::at(path, at, format!("unknown unit `{unit}`")).with_help(help))
            }
        }
    }

    /// Returns the patterns it made, for `check_patterns`.
    fn load_rules(&mut self, patterns: &Patterns) -> Result<Vec<Unchecked>> {
        let dir = self.dir.join("rules");
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(Error::io(&dir, "read", err)),
        };
        files.sort();
        let mut made = Vec::new();
        let builtin = &self.builtin_ids;
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "read", e))?;
            let def: RuleDef = YamlDoc::new(&path, &text, 1).parse()?;
            let lines = Lines::new(&text);
            let line = lines.find("id:", 1);
            if builtin.contains(&def.id.as_str()) || self.rules.iter().any(|r| r.id == def.id) {
                return Err(Error::at(
                    &path,
                    Some(line),
                    format!("duplicate rule id `{}`", def.id),
                ));
            }
            let claim_index = |claim: &String| {
                self.claims
                    .iter()
                    .position(|c| &c.id == claim)
                    .ok_or_else(|| {
                        Error::at(
                            &path,
                            Some(lines.find(claim, 1)),
                            format!("unknown claim `{claim}`"),
                        )
                    })
            };
            if let Some(claim) = &def.claim {
                claim_index(claim)?;
            }
            let stance = def.stance.as_ref().map(claim_index).transpose()?;
            let c = Compiler::new(&self.groups, &path, &lines, patterns);
            let patterns = def
                .patterns
                .iter()
                .map(|p| c.pattern(p, 1))
                .collect::<Result<Vec<_>>>()?;
            let unless_before = c.term_refs(&def.unless_before, 1)?;
            let unless_subject = c.term_refs(&def.unless_subject, 1)?;
            let unless_after = c.term_refs(&def.unless_after, 1)?;
            made.extend(c.made());
            self.rules.push(PhraseRule {
                id: def.id,
                category: def.category,
                severity: def.severity,
                summary: def.summary,
                message: def.message,
                help: def.help.trim().to_owned(),
                claim: def.claim,
                stance,
                patterns,
                unless_cited: def.unless_cited,
                unless_before,
                unless_subject,
                unless_after,
                doc: def.doc,
                examples: def.examples,
                path,
            });
        }
        Ok(made)
    }

    fn load_config(&mut self) -> Result<()> {
        let Some((path, text, def)) = read_parsed::<ConfigDef>(&self.dir, "config.yaml")? else {
            return Ok(());
        };
        if let Some(r) = def.readability {
            self.readability.target_grade = r.target_grade.unwrap_or(self.readability.target_grade);
            self.readability.min_words = r.min_words.unwrap_or(self.readability.min_words);
            self.readability.ignore_words =
                r.ignore_words.iter().map(|w| w.to_lowercase()).collect();
        }
        let lines = Lines::new(&text);
        for (name, label) in def.contexts {
            if !self.groups.contains_key(&name) {
                return Err(Error::at(
                    &path,
                    Some(lines.find(&format!("{name}:"), 1)),
                    format!("`contexts`: unknown term group `{name}`"),
                ));
            }
            self.context_labels.insert(name, label);
        }
        if let Some(cues) = def.cues {
            let set = super::cues::CueSet::new(&cues, &self.groups)
                .map_err(|(word, e)| Error::at(&path, Some(lines.find(&word, 1)), e))?;
            self.cues = Some(std::sync::Arc::new(set));
        }
        let known = self.rule_ids();
        for (rule, level) in def.rules {
            let line = lines.find(&rule, 1);
            if !known.contains(&rule) {
                let ids: Vec<&str> = known.iter().map(String::as_str).collect();
                let mut err = Error::at(&path, Some(line), format!("unknown rule `{rule}`"));
                if let Some(best) = crate::yaml::closest(&rule, &ids) {
                    err = err.with_help(format!("did you mean `{best}`?"));
                }
                return Err(err);
            }
            let level = match level.as_str() {
                "off" => None,
                "info" => Some(Severity::Info),
                "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                other => {
                    return Err(Error::at(
                        &path,
                        Some(line),
                        format!("invalid level `{other}` for `{rule}`"),
                    )
                    .with_help("use error, warning, info or off"))
                }
            };
            self.severity.insert(rule, level);
        }
        Ok(())
    }

    /// Every rule id: built-in checks and phrase rules.
    pub fn rule_ids(&self) -> BTreeSet<String> {
        (self.builtin_ids.iter())
            .map(|&id| id.to_owned())
            .chain(self.rules.iter().map(|r| r.id.clone()))
            .collect()
    }

    /// How findings name a context: "home use".
    pub fn context_label(&self, name: &str) -> String {
        self.context_labels
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("{name} use"))
    }

    /// The assertion cues: the built-in ones, or the registry's.
    pub fn cues(&self) -> &super::cues::CueSet {
        match &self.cues {
            Some(cues) => cues,
            None => super::cues::CueSet::builtin(),
        }
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claim_index.get(id).map(|&i| &self.claims[i])
    }

    /// The index of a claim in `claims`, by id.
    pub fn claim_index(&self, id: &str) -> Option<usize> {
        self.claim_index.get(id).copied()
    }

    /// "Registry claim `x` (unsupported), sources: Aust et al. 2008 (doi:...)".
    pub fn claim_note(&self, id: &str) -> Option<String> {
        let claim = self.claim(id)?;
        let sources: Vec<String> = claim
            .sources
            .iter()
            .filter_map(|s| self.bib.get(s))
            .map(|s| match (&s.doi, &s.pmid) {
                (Some(doi), _) => format!("{} (doi:{doi})", s.short()),
                (None, Some(pmid)) => format!("{} (PMID {pmid})", s.short()),
                _ => s.short(),
            })
            .collect();
        let sources = if sources.is_empty() {
            "no source on record".to_owned()
        } else {
            sources.join("; ")
        };
        Some(format!(
            "registry claim `{}` ({}): {} Sources: {sources}.",
            claim.id,
            claim.verdict.as_str(),
            claim.statement
        ))
    }
}
