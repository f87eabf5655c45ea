//! One pass over a sentence decides which checks can match in it at all.
//!
//! Every pattern of the registry (phrase rules, the terms of each claim) and the quantity and
//! statistic patterns are compiled into regex sets (one for a registry of usual size). A
//! sentence is scanned once by each; only the rules and claims whose patterns occur in it run
//! on it. Most sentences of a real knowledge base make no checked claim, so most of them cost
//! that single scan.
//!
//! The scan reads exactly the text the checks read (the sentence), with the checks' own
//! patterns: a pattern that does not occur there cannot match there, so skipping a check whose
//! required patterns are absent changes no finding. (A paragraph-wide scan would wake every
//! check of a paragraph for one sentence's words.)

use std::ops::Range;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

use super::registry::Registry;

#[derive(Debug, Clone, Copy)]
enum Slot {
    Rule(usize),
    /// A `match` alternative of a claim (an index into `Prefilter::alternatives`) whose
    /// rarest part this pattern is: the alternative is looked at only when it occurs.
    ClaimTrigger(usize),
    Quantity,
    Statistic,
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
}

/// Which checks may match in a paragraph.
#[derive(Debug, Default)]
pub struct Candidates {
    pub rules: Vec<bool>,
    /// Claims all of whose required parts occur in the paragraph, ascending.
    pub claims: Vec<usize>,
    pub quantities: bool,
    pub statistics: bool,
}

impl Candidates {
    pub fn any(&self) -> bool {
        self.quantities || self.statistics || self.rules.contains(&true) || !self.claims.is_empty()
    }
}

impl Prefilter {
    pub fn new(registry: &Registry) -> std::result::Result<Prefilter, TooLarge> {
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
        let mut rule_slots = Vec::new();
        for (i, rule) in registry.rules.iter().enumerate() {
            for p in &rule.patterns {
                rule_slots.push((add(p.pattern()), Slot::Rule(i)));
            }
        }
        let mut alternatives = Vec::new();
        let effect_words = super::effect::pattern_text();
        let absence_words = super::matcher::absence_prefilter();
        for (c, claim) in registry.claims.iter().enumerate() {
            for alt in &claim.patterns {
                let mut parts: Vec<usize> =
                    alt.required().iter().map(|re| add(re.pattern())).collect();
                // The grammar's own words: an efficacy word, or an absence word.
                if alt.effect.is_some() {
                    parts.push(add(&effect_words));
                }
                if alt.denies.is_some() {
                    parts.push(add(&absence_words));
                }
                parts.sort_unstable();
                parts.dedup();
                alternatives.push((c, parts));
            }
        }
        let quantity = add(&registry.units.prefilter_text());
        let statistic = add(&super::rules::statistic::pattern_text());
        for (i, slot) in rule_slots {
            slots[i].push(slot);
        }
        slots[quantity].push(Slot::Quantity);
        slots[statistic].push(Slot::Statistic);
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

    /// Which checks may match in `text`, or `None` when none can. Most sentences of a
    /// knowledge base match no pattern at all: they cost one scan and no allocation.
    pub fn candidates(
        &self,
        text: &str,
        registry: &Registry,
        scratch: &mut Scratch,
    ) -> Option<Candidates> {
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
            rules: vec![false; registry.rules.len()],
            ..Candidates::default()
        };
        for ((range, _), found) in self.sets.iter().zip(matched.iter()) {
            for id in found.iter() {
                for slot in &self.slots[range.start + id.as_usize()] {
                    match *slot {
                        Slot::Rule(r) => c.rules[r] = true,
                        Slot::ClaimTrigger(alt) => {
                            let (claim, parts) = &self.alternatives[alt];
                            if parts.iter().all(|&p| self.occurs(matched, p)) {
                                c.claims.push(*claim);
                            }
                        }
                        Slot::Quantity => c.quantities = true,
                        Slot::Statistic => c.statistics = true,
                    }
                }
            }
        }
        c.claims.sort_unstable();
        c.claims.dedup();
        Some(c).filter(Candidates::any)
    }
}

/// Reusable buffers of `Prefilter::candidates`: which patterns of each set occur.
pub struct Scratch {
    matched: Vec<PatternSet>,
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
