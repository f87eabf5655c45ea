//! One pass over a paragraph decides which checks can match in it at all.
//!
//! Every pattern the rules' sentence hooks declare (each phrase rule's, the terms of each
//! claim, single patterns such as quantities and statistics) is compiled into regex sets (one
//! for a registry of usual size). A
//! paragraph is scanned once by each; only the rules and claims whose patterns occur in it run
//! on its sentences. Most paragraphs of a real knowledge base make no checked claim, so most
//! of them cost that single scan.

use std::ops::Range;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

#[derive(Debug, Clone, Copy)]
enum Slot {
    Rule(usize),
    /// A `match` alternative of a claim (an index into `Prefilter::alternatives`) whose
    /// rarest part this pattern is: the alternative is looked at only when it occurs.
    ClaimTrigger(usize),
    /// A sentence hook's own pattern (an index into `Candidates::hooks`).
    Hook(usize),
}

/// Patterns per set: the lazy DFA of an overlapping search builds each state from every
/// pattern's start, so one set of a 10,000-claim registry spends its time building states
/// (and can pass the NFA size limit); sets of this size keep that cost per pattern.
const SET_SIZE: usize = 1000;

/// A registry pattern too large to compile (a size limit of the regex engine), and why.
#[derive(Debug)]
pub struct TooLarge {
    pub pattern: String,
    pub reason: String,
}

#[derive(Debug)]
pub struct Prefilter {
    /// All patterns, in sets of at most `SET_SIZE`, every one reported where it matches
    /// (overlapping), without capture groups or literal prefilters: only "which patterns
    /// occur" is asked of them.
    sets: Vec<(Range<usize>, Regex)>,
    /// For each pattern: its set, and its id in that set.
    place: Vec<(usize, PatternID)>,
    /// For each pattern, what it stands for (claims share term groups, so one pattern may
    /// serve several).
    slots: Vec<Vec<Slot>>,
    /// Every `match` alternative of every claim: the claim, and the patterns it needs.
    alternatives: Vec<(usize, Vec<usize>)>,
    /// How many phrase rules and hook patterns there are.
    rules: usize,
    hooks: usize,
}

/// What the prefilter looks for (made from the rules' triggers, see `lint::rule::Trigger`).
#[derive(Debug, Default)]
pub struct Patterns {
    /// For each phrase rule, its patterns.
    pub rules: Vec<Vec<String>>,
    /// Every claim alternative: the claim, and the patterns that must all occur.
    pub alternatives: Vec<(usize, Vec<String>)>,
    /// One pattern for each sentence hook that has one.
    pub hooks: Vec<String>,
}

/// Which checks may match in a paragraph.
#[derive(Debug, Default)]
pub struct Candidates {
    /// For each phrase rule, whether one of its patterns occurs.
    pub rules: Vec<bool>,
    /// Claims all of whose required parts occur in the paragraph, ascending.
    pub claims: Vec<usize>,
    /// For each of `Patterns::hooks`, whether it occurs.
    pub hooks: Vec<bool>,
}

impl Candidates {
    pub fn any(&self) -> bool {
        self.hooks.contains(&true) || self.rules.contains(&true) || !self.claims.is_empty()
    }
}

impl Prefilter {
    pub fn new(wanted: &Patterns) -> std::result::Result<Prefilter, TooLarge> {
        let mut patterns: Vec<String> = Vec::new();
        let mut slots: Vec<Vec<Slot>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut add = |pattern: &str| -> usize {
            *index.entry(pattern.to_owned()).or_insert_with(|| {
                patterns.push(pattern.to_owned());
                slots.push(Vec::new());
                patterns.len() - 1
            })
        };
        // The hooks' patterns first: they occur in many sentences, and `candidates` reads a
        // sentence's matches in pattern order, stopping after the last one.
        let hook_slots: Vec<usize> = wanted.hooks.iter().map(|p| add(p)).collect();
        let mut rule_slots = Vec::new();
        for (i, rule) in wanted.rules.iter().enumerate() {
            for p in rule {
                rule_slots.push((add(p), Slot::Rule(i)));
            }
        }
        let mut alternatives = Vec::new();
        for (claim, parts) in &wanted.alternatives {
            let mut parts: Vec<usize> = parts.iter().map(|p| add(p)).collect();
            parts.sort_unstable();
            parts.dedup();
            alternatives.push((*claim, parts));
        }
        for (i, slot) in rule_slots {
            slots[i].push(slot);
        }
        for (hook, pattern) in hook_slots.into_iter().enumerate() {
            slots[pattern].push(Slot::Hook(hook));
        }
        // Each alternative waits on its rarest part: a term group shared by every claim
        // (`{home}`) then wakes only the claims it is the rarest part of.
        let mut uses = vec![0usize; patterns.len()];
        for (_, parts) in &alternatives {
            parts.iter().for_each(|&p| uses[p] += 1);
        }
        for (a, (_, parts)) in alternatives.iter().enumerate() {
            if let Some(&rarest) = parts.iter().min_by_key(|&&p| uses[p]) {
                slots[rarest].push(Slot::ClaimTrigger(a));
            }
        }
        // A larger lazy-DFA cache for a large set: a thrashing cache falls back to slow
        // paths. No capture groups and no literal analysis: both cost compile time (most of a
        // one-file lint) and an overlapping search over many patterns uses neither.
        let count = patterns.len().div_ceil(SET_SIZE).max(1);
        let config = meta::Config::new()
            .match_kind(MatchKind::All)
            .which_captures(WhichCaptures::None)
            .auto_prefilter(false)
            .hybrid_cache_capacity(((32usize << 20) / count).max(4 << 20));
        let mut sets = Vec::new();
        for start in (0..patterns.len()).step_by(SET_SIZE) {
            let end = (start + SET_SIZE).min(patterns.len());
            build_sets(&patterns, start..end, &config, &mut sets)?;
        }
        let mut place = Vec::with_capacity(patterns.len());
        for (n, (range, _)) in sets.iter().enumerate() {
            place.extend((0..range.len()).map(|i| (n, PatternID::new_unchecked(i))));
        }
        Ok(Prefilter {
            sets,
            place,
            slots,
            alternatives,
            rules: wanted.rules.len(),
            hooks: wanted.hooks.len(),
        })
    }

    /// Whether the pattern at `index` occurs, by the sets' answers.
    fn occurs(&self, matched: &[PatternSet], index: usize) -> bool {
        let (set, id) = self.place[index];
        matched[set].contains(id)
    }

    /// Buffers for `candidates`, made once per document and reused for each of its sentences.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            matched: (self.sets.iter())
                .map(|(_, set)| PatternSet::new(set.pattern_len()))
                .collect(),
        }
    }

    /// Which checks may match in `text`, or `None` when none can. The scan reads exactly the
    /// text the checks read (a sentence), with their own patterns, so a check whose required
    /// patterns are absent cannot match there. Most sentences match no pattern at all: they
    /// cost one scan and no allocation.
    pub fn candidates(&self, text: &str, scratch: &mut Scratch) -> Option<Candidates> {
        let input = Input::new(text);
        let matched = &mut scratch.matched;
        for ((_, set), found) in self.sets.iter().zip(matched.iter_mut()) {
            found.clear();
            set.which_overlapping_matches(&input, found);
        }
        if matched.iter().all(PatternSet::is_empty) {
            return None;
        }
        let mut c = Candidates {
            rules: vec![false; self.rules],
            claims: Vec::new(),
            hooks: vec![false; self.hooks],
        };
        let matched: &[PatternSet] = matched;
        for ((range, _), found) in self.sets.iter().zip(matched) {
            // A set's iterator reads a flag for each of its patterns; a sentence matches few.
            for id in found.iter().take(found.len()) {
                for slot in &self.slots[range.start + id.as_usize()] {
                    match *slot {
                        Slot::Rule(r) => c.rules[r] = true,
                        Slot::ClaimTrigger(alt) => {
                            let (claim, parts) = &self.alternatives[alt];
                            if parts.iter().all(|&p| self.occurs(matched, p)) {
                                c.claims.push(*claim);
                            }
                        }
                        Slot::Hook(h) => c.hooks[h] = true,
                    }
                }
            }
        }
        c.claims.sort_unstable();
        c.claims.dedup();
        Some(c).filter(Candidates::any)
    }
}

/// Compiles `patterns[range]` as one set, or in halves when together they pass the engine's
/// size limit; a single pattern that passes it alone is the error.
fn build_sets(
    patterns: &[String],
    range: Range<usize>,
    config: &meta::Config,
    out: &mut Vec<(Range<usize>, Regex)>,
) -> std::result::Result<(), TooLarge> {
    match Regex::builder()
        .configure(config.clone())
        .build_many(&patterns[range.clone()])
    {
        Ok(set) => {
            out.push((range, set));
            Ok(())
        }
        Err(err) if range.len() == 1 => Err(TooLarge {
            pattern: patterns[range.start].clone(),
            reason: err.size_limit().map_or(err.to_string(), |limit| {
                format!(
                    "it compiles to more than the {} MB the regex engine allows",
                    limit >> 20
                )
            }),
        }),
        Err(_) => {
            let middle = range.start + range.len() / 2;
            build_sets(patterns, range.start..middle, config, out)?;
            build_sets(patterns, middle..range.end, config, out)
        }
    }
}

/// Reusable buffers of `Prefilter::candidates`: which patterns of each set occur.
pub struct Scratch {
    matched: Vec<PatternSet>,
}
