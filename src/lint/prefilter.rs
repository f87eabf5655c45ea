//! One pass over a paragraph decides which checks can match in it at all.
//!
//! Every pattern of the registry (phrase rules, the terms of each claim) and the quantity and
//! statistic patterns are compiled into one `RegexSet`. A paragraph is scanned once; only the
//! rules and claims whose patterns occur in it run on its sentences. Most paragraphs of a real
//! knowledge base make no checked claim, so most of them cost that single scan.

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind, PatternSet};

use super::registry::Registry;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
enum Slot {
    Rule(usize),
    /// One of the parts of a `match` alternative (an index into `Prefilter::alternatives`).
    ClaimPart(usize),
    Quantity,
    Statistic,
}

#[derive(Debug)]
pub struct Prefilter {
    /// All patterns, every one reported where it matches (overlapping), without capture
    /// groups or literal prefilters: only "which patterns occur" is asked of it.
    set: Regex,
    /// For each pattern of the set, what it stands for (claims share term groups, so one
    /// pattern may serve several).
    slots: Vec<Vec<Slot>>,
    /// Every `match` alternative of every claim: the claim, and how many parts it has.
    alternatives: Vec<(usize, usize)>,
}

/// Which checks may match in a paragraph.
#[derive(Debug, Default)]
pub struct Candidates {
    pub rules: Vec<bool>,
    pub claims: Vec<bool>,
    pub quantities: bool,
    pub statistics: bool,
}

impl Candidates {
    pub fn any(&self) -> bool {
        self.quantities
            || self.statistics
            || self.rules.contains(&true)
            || self.claims.contains(&true)
    }
}

impl Prefilter {
    pub fn new(registry: &Registry) -> Result<Prefilter> {
        let mut patterns: Vec<String> = Vec::new();
        let mut slots: Vec<Vec<Slot>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut add = |pattern: &str, slot: Slot| {
            let i = *index.entry(pattern.to_owned()).or_insert_with(|| {
                patterns.push(pattern.to_owned());
                slots.push(Vec::new());
                patterns.len() - 1
            });
            slots[i].push(slot);
        };
        for (i, rule) in registry.rules.iter().enumerate() {
            for p in &rule.patterns {
                add(p.pattern(), Slot::Rule(i));
            }
        }
        let mut alternatives = Vec::new();
        let effect_words = &super::effect::pattern_text();
        let absence_words = &super::matcher::absence_prefilter();
        for (c, claim) in registry.claims.iter().enumerate() {
            for alt in &claim.patterns {
                let mut required: Vec<&str> = alt.required().iter().map(|r| r.pattern()).collect();
                // The grammar's own words: an efficacy word, or an absence word.
                if alt.effect.is_some() {
                    required.push(effect_words);
                }
                if alt.denies.is_some() {
                    required.push(absence_words);
                }
                for pattern in &required {
                    add(pattern, Slot::ClaimPart(alternatives.len()));
                }
                alternatives.push((c, required.len()));
            }
        }
        add(&super::quantity::prefilter_text(), Slot::Quantity);
        add(&super::rules::statistic::pattern_text(), Slot::Statistic);
        // A larger lazy-DFA cache: the set is big, and a thrashing cache falls back to slow
        // paths. No capture groups and no literal analysis: both cost compile time (most of a
        // one-file lint) and an overlapping search over many patterns uses neither.
        let set = Regex::builder()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(WhichCaptures::None)
                    .auto_prefilter(false)
                    .hybrid_cache_capacity(32 << 20),
            )
            .build_many(&patterns)
            .map_err(|e| Error::new(format!("cannot combine the registry's patterns: {e}")))?;
        Ok(Prefilter {
            set,
            slots,
            alternatives,
        })
    }

    pub fn candidates(&self, text: &str, registry: &Registry) -> Candidates {
        let mut c = Candidates {
            rules: vec![false; registry.rules.len()],
            claims: vec![false; registry.claims.len()],
            ..Candidates::default()
        };
        // Parts found per alternative.
        let mut found = vec![0usize; self.alternatives.len()];
        let mut matched = PatternSet::new(self.set.pattern_len());
        self.set
            .which_overlapping_matches(&Input::new(text), &mut matched);
        for index in matched.iter() {
            let index = index.as_usize();
            for slot in &self.slots[index] {
                match *slot {
                    Slot::Rule(r) => c.rules[r] = true,
                    Slot::ClaimPart(alt) => found[alt] += 1,
                    Slot::Quantity => c.quantities = true,
                    Slot::Statistic => c.statistics = true,
                }
            }
        }
        for (&(claim, needed), &got) in self.alternatives.iter().zip(&found) {
            if needed > 0 && got == needed {
                c.claims[claim] = true;
            }
        }
        c
    }
}
