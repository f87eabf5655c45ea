//! Whether a sentence *asserts* what it contains, and how strongly.
//!
//! A claim checker must not flag "Micro-needling is not risk-free", "Does it work for
//! everyone? No." or `Adverts call it "harmless"`: negation before a phrase in its clause, a
//! question, quotation marks, reported speech, a conditional clause or words that debunk it
//! make it a non-assertion. Among assertions, hedges ("may", "usually", "can help") make a
//! claim relative, while certainty ("completely", "will", "guaranteed"), universality ("every
//! kind of", "any", "all") and superlatives ("the most effective", "far superior") make it
//! absolute. These cues are grammar, not topic: the same ones serve any health subject.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::lint::terms::builtin;
use crate::source::floor_char_boundary;

/// Why a phrase in a sentence is not asserted by the author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonAssertion {
    Negated,
    Question,
    Quoted,
    Reported,
    Conditional,
    Debunked,
}

/// How strongly a hedge weakens a claim. "May", "might" and "potentially" leave it open;
/// "can", "usually" and "helps" make it relative, but certainty words still win over them:
/// "can get rid of scars" promises removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hedge {
    Weak,
    Strong,
}

/// How a claim is stated, within its clause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modality {
    pub hedge: Option<Hedge>,
    /// "completely", "permanently", "guaranteed", "will", "dramatic", a removal verb.
    pub certain: bool,
    /// "all", "every kind of", "any", "everyone".
    pub universal: bool,
    /// "the most effective", "the leading", "far superior", "safer than".
    pub superlative: bool,
    /// The only hedges say what the treatment is able to do ("can", "helps", "is used to"):
    /// they temper how much it does, not whether it does it.
    pub capability: bool,
}

impl Modality {
    /// Stated as a fact: no hedge, or certainty that overrides a weak one.
    pub fn established(&self) -> bool {
        match self.hedge {
            None => true,
            Some(Hedge::Weak) => self.absolute(),
            Some(Hedge::Strong) => false,
        }
    }

    /// Asserts that the treatment has the effect at all: established, or hedged only by
    /// what it is able to do. "It can regrow hair" claims a use, however modestly.
    pub fn asserts_use(&self) -> bool {
        self.established() || self.hedge == Some(Hedge::Weak) && self.capability
    }

    /// Certain, universal or superlative, and not left open by a strong hedge.
    pub fn absolute(&self) -> bool {
        self.hedge != Some(Hedge::Strong) && (self.certain || self.universal || self.superlative)
    }
}

/// Where a clause starts: punctuation, a conjunction after a comma, a contrast, or "and" before
/// a new subject ("it isn't painful and it gives results in most cases").
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)[;:—–]|,\s*(?:but|and|yet|so|although|though|while|whereas|however|because|which|since)\b|\b(?:but|although|though|whereas|however|because)\b|\band\s+(?:it|they|you|we|he|she|there)\b",
    )
});
static REPORT_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    builtin(r"(?i)[;:]|,\s*(?:so|but|yet|however|whereas|while|although|though|because)\b")
});
/// The patterns of the cues a registry may change.
#[derive(Debug, Clone)]
pub struct CueSet {
    negator: Regex,
    reporting: Regex,
    debunk: Regex,
    conditional: Regex,
    proviso: Regex,
    strong_hedge: Regex,
    weak_hedge: Regex,
    /// Every pattern a sentence's stance and modality search for, in the order of `Gated`:
    /// one pass over a sentence tells which of them occur, and only those are searched.
    gate: RegexSet,
}

/// The patterns of `CueSet::gate`, by position.
#[derive(Clone, Copy)]
enum Gated {
    Negator,
    Reporting,
    Debunk,
    Conditional,
    Proviso,
    StrongHedge,
    WeakHedge,
    FirstPerson,
    AbsentSubject,
    Intensifier,
    Certain,
    That,
    Future,
    Universal,
    Superlative,
    ClauseBreak,
    Subordinator,
    Answer,
}

/// Which of the gated patterns occur in a sentence.
struct Present(regex::SetMatches);

impl Present {
    /// `re`'s matches in `text`, which `re` (the pattern at `which`) was checked for: none
    /// without a second search when the gate found none.
    fn find_iter<'r, 't>(
        &self,
        which: Gated,
        re: &'r Regex,
        text: &'t str,
    ) -> std::iter::Flatten<std::option::IntoIter<regex::Matches<'r, 't>>> {
        (self.0.matched(which as usize))
            .then(|| re.find_iter(text))
            .into_iter()
            .flatten()
    }
}

/// A registry's changes to one kind of cue: terms (or `{group}`s) to add, built-in words to
/// take out, or terms that replace the built-in ones altogether.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueDef {
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    replace: Option<Vec<String>>,
}

/// `cues:` in config.yaml.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuesDef {
    #[serde(default)]
    negation: Option<CueDef>,
    #[serde(default)]
    reported_speech: Option<CueDef>,
    #[serde(default)]
    debunking: Option<CueDef>,
    #[serde(default)]
    conditionals: Option<CueDef>,
    #[serde(default)]
    provisos: Option<CueDef>,
    #[serde(default)]
    hedges: Option<CueDef>,
    #[serde(default)]
    weak_hedges: Option<CueDef>,
}

impl CueSet {
    /// The built-in cues.
    pub fn builtin() -> &'static CueSet {
        &BUILTIN
    }

    /// The built-in cues changed as `def` says. An error names the word it is about.
    pub fn new(
        def: &CuesDef,
        groups: &std::collections::BTreeMap<String, Vec<String>>,
    ) -> Result<CueSet, (String, String)> {
        let changes = [
            &def.negation,
            &def.reported_speech,
            &def.debunking,
            &def.conditionals,
            &def.provisos,
            &def.hedges,
            &def.weak_hedges,
        ];
        let mut patterns = Vec::new();
        for ((key, items, pre, suf), change) in KINDS.iter().zip(changes) {
            let Some(change) = change else {
                patterns.push(builtin(&format!("{pre}{}{suf}", items.join("|"))));
                continue;
            };
            let mut kept: Vec<String> = match &change.replace {
                Some(_) => Vec::new(),
                None => items.iter().map(|i| (*i).to_owned()).collect(),
            };
            for word in &change.remove {
                let whole = |item: &String| {
                    Regex::new(&format!("(?i)^(?:{item})$")).is_ok_and(|re| re.is_match(word))
                };
                if !kept.iter().any(whole) {
                    return Err((
                        word.clone(),
                        format!("`cues.{key}.remove`: `{word}` is not a built-in {key} word"),
                    ));
                }
                kept.retain(|i| !whole(i));
            }
            for term in change.replace.iter().flatten().chain(&change.add) {
                let term = term.trim();
                match term.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(name) => match groups.get(name) {
                        Some(terms) => kept.push(crate::lint::terms::group_regex(terms)),
                        None => {
                            return Err((
                                term.to_owned(),
                                format!("`cues.{key}`: unknown term group `{term}`"),
                            ))
                        }
                    },
                    None => kept.push(crate::lint::terms::term_regex(term)),
                }
            }
            // An empty list matches nothing.
            if kept.is_empty() {
                kept.push(r"[^\s\S]".to_owned());
            }
            let pattern = format!("{pre}{}{suf}", kept.join("|"));
            let re = Regex::new(&crate::lint::terms::ascii_classes(&pattern))
                .map_err(|e| (key.to_string(), format!("`cues.{key}`: {e}")))?;
            patterns.push(re);
        }
        let patterns = <[Regex; 7]>::try_from(patterns).expect("one pattern per kind");
        Ok(CueSet::of(patterns))
    }

    /// The set from one pattern per kind, in the order of `KINDS`.
    fn of(patterns: [Regex; 7]) -> CueSet {
        let [negator, reporting, debunk, conditional, proviso, strong_hedge, weak_hedge] = patterns;
        let gated = [
            (Gated::Negator, &negator),
            (Gated::Reporting, &reporting),
            (Gated::Debunk, &debunk),
            (Gated::Conditional, &conditional),
            (Gated::Proviso, &proviso),
            (Gated::StrongHedge, &strong_hedge),
            (Gated::WeakHedge, &weak_hedge),
            (Gated::FirstPerson, &*FIRST_PERSON),
            (Gated::AbsentSubject, &*ABSENT_SUBJECT),
            (Gated::Intensifier, &*INTENSIFIER),
            (Gated::Certain, &*CERTAIN),
            (Gated::That, &*THAT),
            (Gated::Future, &*FUTURE),
            (Gated::Universal, &*UNIVERSAL),
            (Gated::Superlative, &*SUPERLATIVE),
            (Gated::ClauseBreak, &*CLAUSE_BREAK),
            (Gated::Subordinator, &*SUBORDINATOR),
            (Gated::Answer, &*ANSWER),
        ];
        debug_assert!(gated.iter().enumerate().all(|(i, (g, _))| *g as usize == i));
        let gate = RegexSet::new(gated.iter().map(|(_, re)| re.as_str()))
            .expect("the patterns compiled one by one");
        CueSet {
            gate,
            negator,
            reporting,
            debunk,
            conditional,
            proviso,
            strong_hedge,
            weak_hedge,
        }
    }
}

/// The built-in cue words of each kind a registry may change (`cues:` in config.yaml), as
/// pattern fragments; a registry's `remove` takes out the fragments that match its words.
pub const NEGATION: &[&str] = &[
    // A reason denied: "not because studies show harm" (before "not", which would match first).
    r#"not\s+because"#,
    r#"not"#,
    r#"no"#,
    r#"never"#,
    r#"nobody"#,
    r#"none"#,
    r#"nothing"#,
    r#"neither"#,
    r#"nor"#,
    r#"cannot"#,
    r#"hardly"#,
    r#"unlikely"#,
    r#"without"#,
    r#"no[\s-]one"#,
    r#"far from"#,
    r#"lack of"#,
    r#"little\s+(?:good\s+|strong\s+|reliable\s+|solid\s+|high[\s-]quality\s+)?evidence"#,
    // A change that did not come: "a mark that refused to fade", "it failed to help".
    r#"refus(?:e|es|ed|ing)\s+to"#,
    r#"fail(?:s|ed|ing)?\s+to"#,
];
pub const REPORTED_SPEECH: &[&str] = &[
    r#"that\s+said"#,
    r#"claims?"#,
    r#"claimed"#,
    r#"claiming"#,
    r#"says?"#,
    r#"said"#,
    r#"saying"#,
    r#"tells?"#,
    r#"told"#,
    r#"telling"#,
    r#"promis\w*"#,
    r#"advertis\w*"#,
    r#"marketed"#,
    r#"marketing"#,
    // "Clinics market it as a cure", "shops sell them as a fix", "billed as a miracle".
    r#"(?:markets?|sells?|pitch(?:es)?|bills?|promotes?)\s+(?:it|them|this|these|the\s+\w+)\s+as"#,
    r#"(?:sold|pitched|billed|promoted)\s+as"#,
    r#"describes?"#,
    r#"described"#,
    r#"describing"#,
    r#"calls?"#,
    r#"called"#,
    r#"labels?"#,
    r#"labell?ed"#,
    r#"touts?"#,
    r#"touted"#,
    r#"boasts?"#,
    r#"boasted"#,
    r#"reports?"#,
    r#"reported"#,
    r#"suggests? that"#,
    r#"insists?"#,
    r#"according\s+to\s+(?:(?-i:[A-Z])|(?:the\s+|some\s+|many\s+|most\s+|recent\s+|a\s+)?(?:experts?|doctors?|dermatologists?|researchers?|scientists?|studies|study|research|reports?|sellers?|manufacturers?|makers?|clinics?|companies|company|brands?|surveys?|reviews?|users?|customers?|fans?|websites?|web\s*sites?|sites?|blogs?|bloggers?|influencers?|adverts?|ads|advertising|leaflets?|packaging|labels?|retailers?|shops?|stores?|salons?|suppliers?|vendors?|proponents?|advocates?|supporters?))|according\s+to\s+(?:the\s+)?[\w-]+\.(?:com|org|net|co|io|uk)\b"#,
    r#"explains?"#,
    r#"explained"#,
    r#"maintains?"#,
    r#"argues?"#,
    r#"argued"#,
    r#"regards?"#,
    r#"regarded"#,
    r#"considers?"#,
    r#"believes?"#,
    r#"believed"#,
    r#"thinks"#,
    r#"the\s+(?:belief|idea|theory|thinking|hope|hypothesis|rationale)\s+is"#,
];
pub const DEBUNKING: &[&str] = &[
    r#"myths?"#,
    r#"misleading"#,
    r#"mislead"#,
    r#"untrue"#,
    r#"not true"#,
    r#"false"#,
    r#"wrong"#,
    r#"incorrect"#,
    r#"oversell\w*"#,
    r#"exaggerat\w*"#,
    r#"over-?hyped"#,
    r#"over-?rated"#,
    r#"overstat\w*"#,
    r#"unproven"#,
    r#"unfounded"#,
    // A claim taken back in its own sentence: "..., but no trial supports this".
    r#"no\s+(?:\w+\s+)?(?:trials?|stud(?:y|ies)|research|data)\s+(?:yet\s+)?(?:supports?|backs?|confirms?|shows?)\s+(?:this|that|it|these|those|the\s+claims?)\b"#,
    r#"no (?:good |strong |reliable )?evidence"#,
    r#"too good to be true"#,
    r#"beware"#,
    r#"be wary"#,
    r#"red flags?"#,
];
pub const CONDITIONALS: &[&str] = &[
    r#"if"#,
    r#"unless"#,
    r#"whether"#,
    r#"suppose"#,
    r#"supposing"#,
    r#"imagine"#,
    r#"assuming"#,
    r#"provided\s+that"#,
    r#"so\s+that"#,
    // "You need not wash it every time, especially with short needles and no bleeding": a
    // circumstance singled out, under which the main clause holds.
    r#"(?:especially|particularly|mainly|chiefly)\s+(?:with|when|where)"#,
];
/// Conditions that restrict what comes before them in their clause: "safe as long as you
/// follow the directions" is safe only then.
pub const PROVISOS: &[&str] = &[
    r#"as\s+long\s+as"#,
    r#"so\s+long\s+as"#,
    // Not the verb: "provided by trained staff".
    r#"provid(?:ed|ing)\s+(?:that\s+)?(?:you|your|the|it|they|there|we|a|an|this|these|those)"#,
    r#"only\s+(?:if|when)"#,
    r#"on\s+condition\s+that"#,
];
pub const HEDGES: &[&str] = &[
    r#"may"#,
    r#"might"#,
    r#"could"#,
    r#"possibl[ey]"#,
    r#"potential(?:ly)?"#,
    r#"perhaps"#,
    r#"maybe"#,
    r#"probabl[ey]"#,
    r#"likely"#,
    r#"appears?\s+to"#,
    r#"seems?\s+to"#,
    r#"tends?\s+to"#,
    r#"(?:is|are|was|were)\s+(?:thought|believed|expected|said)\s+to"#,
    r#"in\s+some\s+(?:cases|people|patients|studies)"#,
    r#"some\s+(?:people|patients|clients|users|studies)"#,
    r#"for\s+some"#,
    r#"sometimes"#,
    r#"occasionally"#,
    r#"shown\s+promise"#,
    r#"promising"#,
    r#"preliminary"#,
    r#"early\s+(?:evidence|studies|research|results|data)"#,
    r#"limited\s+evidence"#,
    r#"(?:has|have|had)\s+been\s+(?:reported|found|observed|documented|described)"#,
    r#"(?:was|were)\s+(?:reported|found|observed)"#,
    r#"aims?\s+to"#,
    r#"with\s+the\s+aim\s+of"#,
    r#"aimed\s+at"#,
    r#"designed\s+to"#,
    r#"intended\s+to"#,
    r#"meant\s+to"#,
    r#"hopes?\s+to"#,
    // Distance from the claim: the author passes it on without vouching for it.
    r#"(?:is|are|was|were|'s|’s|'re|’re)\s+supposed\s+to"#,
    r#"supposedly"#,
    r#"allegedly"#,
    r#"reportedly"#,
    r#"purportedly"#,
    r#"ostensibly"#,
    r#"in\s+theory"#,
    r#"theoretically"#,
    r#"in\s+principle"#,
    r#"on\s+paper"#,
    // The best case only: "at their best, these creams leave skin plumper".
    r#"at\s+(?:its|their|his|her|your|our)\s+(?:very\s+)?best"#,
];
pub const WEAK_HEDGES: &[&str] = &[
    r#"can"#,
    r#"help(?:s|ed|ing)?"#,
    r#"(?:is|are)\s+able\s+to"#,
    r#"often"#,
    r#"usually"#,
    r#"typically"#,
    r#"generally"#,
    r#"commonly"#,
    r#"frequently"#,
    r#"normally"#,
    r#"mostly"#,
    r#"largely"#,
    r#"(?:most|many)\s+(?:people|patients|clients|users|individuals|women|men|adults|cases|studies|of\s+(?:them|us|you|those|these))"#,
    r#"mild(?:ly)?"#,
    r#"moderate(?:ly)?"#,
    r#"modest(?:ly)?"#,
    r#"slight(?:ly)?"#,
    r#"somewhat"#,
    r#"partial(?:ly)?"#,
    r#"gradual(?:ly)?"#,
    r#"a\s+little"#,
    r#"minimal(?:ly)?"#,
    r#"relatively"#,
    r#"fairly"#,
    r#"reasonably"#,
    r#"in\s+most\s+cases"#,
    r#"(?:is|are|was|were|been|be)\s+used\s+(?:to|for|against|in)"#,
    r#"offered\s+(?:to|for)"#,
    r#"popular\s+for"#,
];

/// The patterns of each kind of cue: what the fragments are joined into.
const KINDS: [(&str, &[&str], &str, &str); 7] = [
    ("negation", NEGATION, r"(?i)\b(?:", r")\b|n['’]t\b"),
    ("reported_speech", REPORTED_SPEECH, r"(?i)\b(?:", r")\b"),
    ("debunking", DEBUNKING, r"(?i)\b(?:", r")\b"),
    ("conditionals", CONDITIONALS, r"(?i)\b(?:", r")\b"),
    ("provisos", PROVISOS, r"(?i)\b(?:", r")\b"),
    ("hedges", HEDGES, r"(?i)\b(?:", r")\b"),
    ("weak_hedges", WEAK_HEDGES, r"(?i)\b(?:", r")\b"),
];

static BUILTIN: LazyLock<CueSet> = LazyLock::new(|| {
    CueSet::of(KINDS.map(|(_, items, pre, suf)| builtin(&format!("{pre}{}{suf}", items.join("|")))))
});

/// Unnamed authorities: "experts", "most dermatologists", "science", "studies".
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:experts?|doctors?|dermatologists?|physicians?|clinicians?|scientists?|researchers?|specialists?|professionals?|science|research|studies|trials|medicine)\b",
    )
});
/// Hedges that say what something is able to do, or what it is for.
static CAPABILITY: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)^(?:can|help\w*|(?:is|are)\s+able\s+to|(?:is|are|was|were|been|be)\s+used\s+(?:to|for|against|in))$",
    )
});
/// "Helps soften the look of lines": a change to how something looks, the modest claim of
/// cosmetics, which a capability hedge leaves modest.
static APPEARANCE: LazyLock<Regex> =
    LazyLock::new(|| builtin(r"(?i)\b(?:the\s+|their\s+|its\s+)?(?:look|appearance)\s+of\b"));
static MODAL_VERB: LazyLock<Regex> =
    LazyLock::new(|| builtin(r"(?i)^(?:may|might|could|can|help\w*|(?:is|are)\s+able\s+to)$"));
static ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)^\s*(?:[aq]:\s*)?(?:no|nope|not\s+at\s+all|not\s+really|yes|yep|absolutely|of\s+course|definitely|sure)\s*[,!]",
    )
});
static SUBORDINATOR: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:although|though|because|since|while|whereas|when|whenever|if|unless|after|before|once)\b",
    )
});
static FIRST_PERSON: LazyLock<Regex> = LazyLock::new(|| builtin(r"(?i)\b(?:we|our|us|i|my)\b"));
static THAT: LazyLock<Regex> = LazyLock::new(|| builtin(r"(?i)\bthat\b"));
static IMPERATIVE: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r#"(?i)^[\s*\-•"“]*(?:use|roll|choose|pick|try|buy|start|begin|select|opt|go|stick|apply|get|make\s+sure|look\s+for|keep|avoid|switch|move|step)\b"#,
    )
});
static ADVICE_OR_CHOICE: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:i|we)(?:['’](?:d|ll))?\s+(?:would\s+|always\s+|then\s+|first\s+|now\s+)?(?:recommend|suggest|advise|prefer|use[ds]?|began|begin|start(?:ed)?|bought|tried|switched|rolled)\b|\b(?:go|goes|went|opt|opts|opted)\s+for\b|\b(?:step|steps|stepped|move|moves|moved|work|works|worked|graduate[ds]?)\s+up\s+to\b|\b(?:is|are)\s+(?:fine|okay|ok|best|ideal|recommended)\s+(?:to\s+use\s+)?(?:once|twice|every|daily|weekly|monthly|each)\b",
    )
});
static FINDING: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)^[\s*_]*(?:the|these|those|all|both|each|some|several|many|most)\b[^,;:]{0,60}?\b(?:had|contained|came\s+with|were\s+(?:sold|fitted|supplied))\b",
    )
});
/// Advice against going on: "don't", "stop", "see a doctor", "leave it to".
static CAUTION: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)^(?:(?:then|please|simply|just)\s+)?(?:do\s+not|don['’]t|never|avoid|stop|see|consult|ask|talk|speak|check\s+with|leave|skip|wait|throw|discard|replace|you\s+(?:should|must|need)\s+(?:not|never)|you\s+(?:shouldn['’]t|mustn['’]t)|it\s+(?:is|['’]s)\s+(?:not|best|better|safer)|this\s+is\s+(?:not|a\s+job))\b",
    )
});
static SECOND_PERSON: LazyLock<Regex> =
    LazyLock::new(|| builtin(r"(?i)\b(?:you|your|yours|yourself)\b"));
static CERTAIN: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:complete(?:ly)?|total(?:ly)?|fully|entirely|absolutely|permanent(?:ly)?|for\s+good|forever|for\s+life|guarantee[sd]?|always|definitely|certainly|undoubtedly|surely|dramatic(?:ally)?|drastic(?:ally)?|remarkabl[ey]|highly|extremely|incredibl[ey]|exceptional(?:ly)?|amazing(?:ly)?|astonishing(?:ly)?|miracle|miraculous(?:ly)?|perfect(?:ly)?|markedly|flawless(?:ly)?|instant(?:ly)?|immediate(?:ly)?|overnight|all[\s-]new|transform(?:s|ed|ing|ative)?|the\s+(?:end\s+)?(?:result|upshot|outcome)\s+is|proven)\b|\b100\s?%",
    )
});
/// A predicate that says its subject does not exist: "studies proving it are lacking",
/// "evidence that it works does not exist yet".
static ABSENT_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:(?:is|are|was|were|remains?|remained)\s+(?:still\s+|largely\s+|entirely\s+|completely\s+|sadly\s+)?(?:lacking|missing|absent|non-?existent|yet\s+to\s+be\s+\w+)|(?:do|does|did)(?:\s+not|n['’]t)\s+(?:yet\s+)?exist|(?:has|have)\s+yet\s+to\s+be\s+\w+)\b",
    )
});
/// A predicate of doubt after a subject clause: "whether it works *remains an open question*"
/// asserts the doubt; the "whether" clause is its subject, not a condition on the rest.
static DOUBT_PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:is|are|was|were|remains?|remained|stays?)\s+(?:still\s+|yet\s+|far\s+from\s+)?(?:an?\s+)?(?:open|unclear|unknown|uncertain|unproven|untested|unsettled|undecided|debated|disputed|not\s+(?:yet\s+)?(?:known|clear|proven|settled))\b",
    )
});
/// The opening of a subject that holds a clause: "trials showing that", "proof that".
static EVIDENCE_OF: LazyLock<Regex> =
    LazyLock::new(|| builtin(r"(?i)^[\s,;:—–]*(?:\w+\s+){0,3}?(?:\w+ing\s+that|that)\b"));
/// The future as a promise ("it will fill in scars", "you can expect firmer skin"): certain
/// only where nothing in the clause hedges it ("will usually", "will help").
static FUTURE: LazyLock<Regex> =
    LazyLock::new(|| builtin(r"(?i)\b(?:will|(?:you|one)\s+(?:can|will)\s+expect)\b|['’]ll\b"));
/// "very effective": "very" promises only before an efficacy adjective.
static INTENSIFIER: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:very|hugely|truly|really)\s+(?:effective|efficient|successful|powerful|good\s+results)\b",
    )
});
static UNIVERSAL: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:all|every|any|each|whatever|everyone|everybody|anyone|anybody|no\s+matter)\b",
    )
});
static SUPERLATIVE: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\b(?:the\s+most|most\s+(?:effective|efficient|powerful|advanced)|(?:the\s+)?best|the\s+leading|leading|number\s+one|unmatched|unrivall?ed|unbeatable|second\s+to\s+none|(?:far\s+)?superior|better\s+than|more\s+(?:effective|efficient|powerful)|outperform\w*|safest|gentlest|strongest|fastest|quickest|greatest|finest|among\s+the\s+\w+est)\b|#1\b",
    )
});

/// Compiles the cue patterns now (see `lint::warm_up`).
pub fn warm_up() {
    for re in [
        &CLAUSE_BREAK,
        &ABSENT_SUBJECT,
        &DOUBT_PREDICATE,
        &EVIDENCE_OF,
        &ANSWER,
        &MODAL_VERB,
        &CAPABILITY,
        &APPEARANCE,
        &REPORT_BREAK,
        &AUTHORITY,
        &SUBORDINATOR,
        &FIRST_PERSON,
        &SECOND_PERSON,
        &IMPERATIVE,
        &ADVICE_OR_CHOICE,
        &FINDING,
        &CERTAIN,
        &FUTURE,
        &INTENSIFIER,
        &UNIVERSAL,
        &SUPERLATIVE,
    ] {
        LazyLock::force(re);
    }
    LazyLock::force(&BUILTIN);
}

/// Whether a reporting word reports someone's words. "That said," is a discourse marker; an
/// agentless passive ("it is regarded as safe", "regarded as safe for every skin type")
/// presents the view as accepted, so the author asserts it; "is described by sellers as"
/// names its source.
fn is_reporter(text: &str, m: &regex::Match) -> bool {
    let word = m.as_str().to_lowercase();
    if word.starts_with("that") {
        return false;
    }
    // "Deep scars call for longer needles": calling for something asks for it; it reports no
    // one's words.
    if word.starts_with("call")
        && text[m.end()..]
            .trim_start()
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("for "))
    {
        return false;
    }
    // "Dermatologists agree", "according to most experts", "studies say": an unnamed
    // authority vouches for the claim, which the author makes their own (and needs a source).
    let before: String = text[..m.start()]
        .split_whitespace()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let after = &text[m.end()..floor_char_boundary(text, m.end() + 40)];
    if AUTHORITY.is_match(&before) || word.starts_with("according") && AUTHORITY.is_match(after) {
        return false;
    }
    let participle = word.ends_with("ed") || word == "said" || word == "told";
    if !participle {
        return true;
    }
    let before = text[..m.start()].trim_end();
    let previous = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let passive = before.is_empty()
        || before.ends_with(',')
        || [
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "widely",
            "often",
            "commonly",
            "generally",
        ]
        .contains(&previous.as_str());
    let agent = text[m.end()..]
        .trim_start()
        .to_lowercase()
        .starts_with("by ");
    !passive || agent
}

/// Whether a debunking word in `text` judges a claim. "Wrong" describing a thing or an event
/// ("the wrong way", "a wrong needle", "if something goes wrong") judges no claim.
fn debunks(text: &str, set: &CueSet) -> bool {
    set.debunk.find_iter(text).any(|m| {
        let word = m.as_str();
        if !word.eq_ignore_ascii_case("wrong") {
            return true;
        }
        let previous = text[..m.start()]
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase();
        !matches!(
            previous.as_str(),
            "the" | "a" | "any" | "go" | "goes" | "going" | "went" | "gone"
        )
    })
}

/// Whether a heading or an introductory paragraph frames what follows as other people's
/// words or as wrong: the items of a list under "Common claims" or "Red flags" are mentions.
pub fn frames(text: &str, set: &CueSet) -> Option<NonAssertion> {
    if debunks(text, set) {
        return Some(NonAssertion::Debunked);
    }
    let first_person = FIRST_PERSON.find(text).map(|m| m.start());
    set.reporting
        .find_iter(text)
        .filter(|m| is_reporter(text, m))
        .any(|m| first_person.is_none_or(|fp| fp > m.start()))
        .then_some(NonAssertion::Reported)
}

/// Assertion cues of one sentence, computed once and asked about many phrases.
pub struct Cues<'s> {
    text: String,
    set: &'s CueSet,
    /// Each kind of cue is found on first use: most sentences a claim's terms occur in never
    /// pair them with an efficacy word, and need no more than that.
    clauses: OnceCell<Clauses>,
    stance: OnceCell<Stance>,
    modal: OnceCell<ModalCues>,
    effect_words: OnceCell<Vec<crate::lint::effect::Word>>,
    /// Which of the set's gated patterns occur in the sentence.
    present: OnceCell<Present>,
}

/// Where the clauses of a sentence break.
struct Clauses {
    breaks: Vec<usize>,
    /// The breaks of coordinated and contrasted clauses only (not after a subordinate one).
    hard_breaks: Vec<usize>,
}

/// What makes a phrase a non-assertion.
struct Stance {
    question: bool,
    debunked: bool,
    quotes: Vec<Range<usize>>,
    negators: Vec<Range<usize>>,
    reporting: Vec<usize>,
    first_person: Option<usize>,
    conditionals: Vec<Range<usize>>,
    /// Where a proviso starts ("as long as you ...").
    provisos: Vec<usize>,
    /// Where a predicate of absence starts ("... are lacking").
    absent_subjects: Vec<usize>,
}

struct ModalCues {
    /// Where a "that" clause starts.
    thats: Vec<usize>,
    hedges: Vec<(Range<usize>, Hedge)>,
    certain: Vec<Range<usize>>,
    future: Vec<Range<usize>>,
    universal: Vec<Range<usize>>,
    superlative: Vec<Range<usize>>,
}

impl Clauses {
    fn of(sentence: &str, present: &Present) -> Clauses {
        let hard_breaks: Vec<usize> =
            (present.find_iter(Gated::ClauseBreak, &CLAUSE_BREAK, sentence))
                .map(|m| m.start())
                .collect();
        let mut breaks = hard_breaks.clone();
        // "Although it has no downtime, most clients ...": a clause opened by a subordinator
        // ends at the next comma.
        for m in present.find_iter(Gated::Subordinator, &SUBORDINATOR, sentence) {
            if let Some(comma) = sentence[m.end()..].find(',') {
                breaks.push(m.end() + comma);
            }
        }
        // "Not at all, 1.5 mm is what professionals use": an answer word stands apart from the
        // answer.
        if let Some(m) = present.find_iter(Gated::Answer, &ANSWER, sentence).next() {
            breaks.push(m.end() - 1);
        }
        breaks.sort_unstable();
        breaks.dedup();
        Clauses {
            breaks,
            hard_breaks,
        }
    }
}

impl Stance {
    fn of(sentence: &str, set: &CueSet, present: &Present) -> Stance {
        let trimmed = sentence.trim_end();
        let core = trimmed.trim_end_matches(['"', '\'', ')', ']', '”', '’']);
        let core = strip_trailing_citations(core);
        // "It looks as if it would hurt" compares; it sets no condition.
        let conditionals = present
            .find_iter(Gated::Conditional, &set.conditional, sentence)
            .filter(|m| !ends_with_word(&sentence[..m.start()], "as"))
            .map(|m| {
                let mut end = sentence[m.end()..]
                    .find([',', ';'])
                    .map_or(sentence.len(), |i| m.end() + i);
                if m.as_str().eq_ignore_ascii_case("whether") {
                    if let Some(doubt) = DOUBT_PREDICATE.find(&sentence[m.end()..end]) {
                        end = m.end() + doubt.start();
                    }
                }
                m.start()..end
            })
            .collect();
        // "Needles as long as 4 mm" measures; it sets no condition.
        let provisos = present
            .find_iter(Gated::Proviso, &set.proviso, sentence)
            .filter(|m| {
                !sentence[m.end()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
            })
            .map(|m| m.start())
            .collect();
        Stance {
            question: core.trim_end().ends_with('?'),
            debunked: present.0.matched(Gated::Debunk as usize) && debunks(sentence, set),
            quotes: quoted_ranges(sentence),
            negators: (present.find_iter(Gated::Negator, &set.negator, sentence))
                .map(|m| m.range())
                .collect(),
            reporting: (present.find_iter(Gated::Reporting, &set.reporting, sentence))
                .filter(|m| is_reporter(sentence, m))
                .map(|m| m.start())
                .collect(),
            first_person: (present.find_iter(Gated::FirstPerson, &FIRST_PERSON, sentence))
                .next()
                .map(|m| m.start()),
            conditionals,
            provisos,
            absent_subjects: (present.find_iter(Gated::AbsentSubject, &ABSENT_SUBJECT, sentence))
                .map(|m| m.start())
                .collect(),
        }
    }

    fn quoted(&self, r: &Range<usize>) -> bool {
        self.quotes
            .iter()
            .any(|q| q.start <= r.start && r.start < q.end)
    }
}

impl Cues<'static> {
    /// The cues of a sentence, by the built-in cue words.
    pub fn of(sentence: &str) -> Cues<'static> {
        Cues::with(sentence, CueSet::builtin())
    }
}

impl<'s> Cues<'s> {
    /// The cues of a sentence, by the cue words of `set`.
    pub fn with(sentence: &str, set: &'s CueSet) -> Cues<'s> {
        Cues {
            set,
            text: sentence.to_owned(),
            clauses: OnceCell::new(),
            stance: OnceCell::new(),
            modal: OnceCell::new(),
            effect_words: OnceCell::new(),
            present: OnceCell::new(),
        }
    }

    fn present(&self) -> &Present {
        self.present
            .get_or_init(|| Present(self.set.gate.matches(&self.text)))
    }

    fn clauses(&self) -> &Clauses {
        self.clauses
            .get_or_init(|| Clauses::of(&self.text, self.present()))
    }

    fn stance(&self) -> &Stance {
        self.stance
            .get_or_init(|| Stance::of(&self.text, self.set, self.present()))
    }

    /// The sentence's efficacy words (see `effect::words`), found once for every claim.
    pub fn effect_words(&self) -> &[crate::lint::effect::Word] {
        self.effect_words
            .get_or_init(|| crate::lint::effect::words(&self.text))
    }

    /// Whether the sentence speaks to the reader: "you", "your", or an instruction ("Use a
    /// 0.5 mm roller on the face").
    pub fn addresses_reader(&self) -> bool {
        SECOND_PERSON.is_match(&self.text) || IMPERATIVE.is_match(&self.text)
    }

    /// Whether the sentence advises or tells of a choice made: a recommendation or use in the
    /// first person ("we recommend 1.5 mm", "I began with the short one"), a choice or step
    /// up ("most people go for", "then moved up to"), or how often something is fine to use
    /// ("a 10 mg one is fine once a week"). Like advice to the reader, it is about
    /// the setting the page is about.
    pub fn advises_or_chooses(&self) -> bool {
        ADVICE_OR_CHOICE.is_match(&self.text)
    }

    /// Whether the sentence reports what particular things were found to be: a past-tense
    /// description of a definite subject ("The kits in that pack had 1.5 mm needles"), with no
    /// one speaking to the reader or of their own use ("the kit I had"). Such a value is a finding, not what the
    /// page says is right for its setting.
    pub fn reports_finding(&self) -> bool {
        static OWN_USE: LazyLock<Regex> = LazyLock::new(|| builtin(r"(?i)\b(?:i|my|me)\b"));
        FINDING.is_match(&self.text) && !self.addresses_reader() && !OWN_USE.is_match(&self.text)
    }

    /// Where the clause holding byte `at` starts: the last clause break at or before it.
    fn clause_start(&self, at: usize) -> usize {
        self.clauses()
            .breaks
            .iter()
            .copied()
            .filter(|&b| b <= at)
            .max()
            .unwrap_or(0)
    }

    /// The clause around a byte range: from the last clause break before it to the next one.
    pub fn clause(&self, range: &Range<usize>, len: usize) -> Range<usize> {
        let start = self.clause_start(range.start);
        let end = self
            .clauses()
            .breaks
            .iter()
            .copied()
            .filter(|&b| b >= range.end)
            .min()
            .unwrap_or(len);
        start..end
    }

    /// Whether the phrase at `range` is asserted.
    ///
    /// `parts` are the matched terms: a negation inside them ("no risk at all", "never
    /// causes") is the claim itself, not a negation of it, and a reporting verb inside them
    /// ("doctors say") is part of what is flagged. A negator or reporting verb between parts
    /// counts. A phrase rule passes its leading negator and, for reporting, its whole match.
    pub fn assertion(
        &self,
        range: Range<usize>,
        parts: &[Range<usize>],
    ) -> Result<(), NonAssertion> {
        self.assertion_with(range, parts, parts)
    }

    /// Whether the phrase at `range` stands in a condition about the reader's own things
    /// that the rest of the sentence goes on to act on: "if your tablets are 50 mg or more,
    /// take them with food" supposes the reader has them; "if your tablets are stronger, ask a
    /// pharmacist first" warns instead.
    pub fn supposed_of_reader(&self, range: &Range<usize>) -> bool {
        let Some(condition) = (self.stance().conditionals.iter())
            .find(|c| c.start <= range.start && range.start < c.end)
        else {
            return false;
        };
        let own = &self.text[condition.clone()];
        let rest = self.text[condition.end..].trim_start_matches([',', ' ']);
        own.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("if "))
            && SECOND_PERSON.is_match(own)
            && !rest.is_empty()
            && !CAUTION.is_match(rest)
    }

    /// `assertion` with separate parts for negation and for reporting.
    pub fn assertion_with(
        &self,
        range: Range<usize>,
        parts: &[Range<usize>],
        reporting_parts: &[Range<usize>],
    ) -> Result<(), NonAssertion> {
        let stance = self.stance();
        // A phrase that starts in quotes, or one of whose own terms is quoted, is mentioned.
        if stance.quoted(&range) || parts.iter().any(|p| stance.quoted(p)) {
            return Err(NonAssertion::Quoted);
        }
        // "Home rolling gives the same results, so why pay a clinic?": the question is the
        // last clause; what comes before it is still said.
        let last_clause = self.clauses().breaks.last().copied().unwrap_or(0);
        if stance.question && range.end > last_clause {
            return Err(NonAssertion::Question);
        }
        if stance.debunked {
            return Err(NonAssertion::Debunked);
        }
        if stance
            .conditionals
            .iter()
            .any(|c| c.start <= range.start && range.start < c.end)
        {
            return Err(NonAssertion::Conditional);
        }
        if self.negated(&range, parts) {
            return Err(NonAssertion::Negated);
        }
        // "Some salons claim that a home roller ...": a reporting verb before the phrase, or
        // between its terms (the reporter may be one of them), reports it, up to the next
        // coordinated clause ("A video said short needles are useless, so I bought 1.5 mm").
        // (", and" often joins nouns, "wrinkles, and even scarring": it does not end a report.)
        let part_start = REPORT_BREAK
            .find_iter(&self.text[..range.start])
            .last()
            .map_or(0, |m| m.start());
        let reported = |r: usize| {
            r >= part_start
                && (r < range.start || (r < range.end && !within(&(r..r + 1), reporting_parts)))
        };
        // "We promise it is safe" is the author's own claim; "I've seen ads saying it is
        // safe" reports the ads: the first person must be the one speaking.
        if let Some(&cue) = stance.reporting.iter().find(|&&r| reported(r)) {
            let speaks = |fp: usize| fp < cue && self.text[fp..cue].split_whitespace().count() <= 2;
            if !stance.first_person.is_some_and(speaks) {
                return Err(NonAssertion::Reported);
            }
        }
        Ok(())
    }

    /// A negator in the phrase's clause before its end that is not one of its own terms. A
    /// determiner ("no", "without") negates the noun it stands before: it negates the phrase
    /// from the subject ("No treatment suits everyone") or right before it, not from the middle
    /// of another phrase ("involves no surgery, so you won't need time off").
    fn negated(&self, range: &Range<usize>, parts: &[Range<usize>]) -> bool {
        let clause_start = self.clause_start(range.start);
        let words = |from: usize, to: usize| self.text[from..to].split_whitespace().count();
        // "Studies showing that it works are lacking": the phrase opens the subject that a
        // later predicate of absence denies, or stands in the clause that completes it.
        if words(clause_start, range.start) <= 3
            || EVIDENCE_OF.is_match(&self.text[clause_start..range.start])
        {
            let clause_end = self.clause(range, self.text.len()).end;
            if (self.stance().absent_subjects.iter()).any(|&a| a >= range.end && a < clause_end) {
                return true;
            }
        }
        self.stance().negators.iter().any(|n| {
            let word = self.text[n.clone()].to_lowercase();
            let not_one = word == "not" && self.text[n.end..].trim_start().starts_with("one");
            let determiner = not_one
                || word.starts_with("little")
                || matches!(
                    word.as_str(),
                    "no" | "without"
                        | "lack of"
                        | "none"
                        | "nobody"
                        | "no one"
                        | "no-one"
                        | "nothing"
                );
            // "not one client has had dark patches, it is totally safe": a negated subject
            // negates its own clause, up to the next comma.
            let comma_between = self.text[n.end..range.start.max(n.end)].contains(',');
            // "not because ..." reaches into the clause it negates.
            let reason_denied = word.starts_with("not") && word.ends_with("because");
            (n.start >= clause_start || n.end > clause_start && reason_denied)
                && n.start < range.end
                && !within(n, parts)
                && (!determiner
                    || !comma_between
                        && (words(clause_start, n.start) <= 2
                            || words(n.end, range.start.max(n.end)) <= 3))
        })
    }

    /// Whether a proviso later in the same part of the sentence restricts the phrase at
    /// `range`: "they are safe as long as you follow the directions".
    /// A proviso that sets a measure ("as long as the needles are under 2 mm") is a claim of
    /// its own, not a restriction.
    pub fn restricted(&self, range: &Range<usize>) -> bool {
        self.stance().provisos.iter().any(|&p| {
            let condition = &self.text[p..];
            let condition =
                &condition[..condition.find([',', ';', '.']).unwrap_or(condition.len())];
            p >= range.end
                && !self.crosses_sentence_part(&(range.end..p))
                && !condition.contains(|c: char| c.is_ascii_digit())
        })
    }

    /// Whether a clause break lies inside `range`: its parts belong to different clauses.
    pub fn crosses_clause(&self, range: &Range<usize>) -> bool {
        self.clauses()
            .breaks
            .iter()
            .any(|&b| b > range.start && b < range.end)
    }

    /// Whether a coordinating or contrasting break ("; ", ", but", ", while") lies inside
    /// `range`. A fronted subordinate clause ("When PRP is added, results improve") sets the
    /// scene for its main clause and does not count.
    pub fn crosses_sentence_part(&self, range: &Range<usize>) -> bool {
        self.clauses()
            .hard_breaks
            .iter()
            .any(|&b| b > range.start && b < range.end)
    }

    /// How the phrase at `range` is stated: hedges, certainty, universality and degree words
    /// in its clause that are not among its own `parts`. Hedges and certainty count anywhere
    /// in the clause ("Fine lines fade completely", "It usually fades"); universality only up
    /// to the end of the phrase ("any scars", not "any skin product after it").
    pub fn modality(&self, range: &Range<usize>, parts: &[Range<usize>]) -> Modality {
        let modal = self
            .modal
            .get_or_init(|| ModalCues::of(&self.text, self.set, self.present()));
        let mut clause = self.clause(range, self.text.len());
        // "You may be aware that scars have no hope": a hedge before "that" is about the
        // knowing, not about what is known.
        if let Some(that) = modal
            .thats
            .iter()
            .rev()
            .find(|&&t| t >= clause.start && t < range.start)
        {
            clause.start = *that;
        }
        // Quoted words are mentioned, not used: "'guaranteed' results" promises nothing.
        let inside = |r: &Range<usize>| {
            r.start >= clause.start
                && r.end <= clause.end
                && !parts.iter().any(|p| overlaps(p, r))
                && !self.stance().quoted(r)
        };
        let before_end = |r: &Range<usize>| inside(r) && r.start < range.end;
        // "one can expect": the "can" of a promise hedges nothing.
        let in_future = |r: &Range<usize>| modal.future.iter().any(|f| overlaps(f, r));
        // A modal verb hedges what follows it: in "breastfeeding is no problem, you can book
        // straight after", "can" is about booking.
        let modal_verb = |r: &Range<usize>| MODAL_VERB.is_match(&self.text[r.clone()]);
        let hedges: Vec<&(Range<usize>, Hedge)> = modal
            .hedges
            .iter()
            .filter(|(r, _)| inside(r) && !in_future(r) && (r.start < range.end || !modal_verb(r)))
            .collect();
        let hedge = hedges.iter().map(|&&(_, h)| h).max();
        let capability = !hedges.is_empty()
            && (hedges.iter()).all(|(r, _)| CAPABILITY.is_match(&self.text[r.clone()]))
            && !APPEARANCE.is_match(&self.text[clause.clone()]);
        Modality {
            hedge,
            capability,
            certain: modal.certain.iter().any(inside)
                || hedge.is_none() && modal.future.iter().any(inside),
            universal: modal.universal.iter().any(before_end),
            superlative: modal.superlative.iter().any(inside),
        }
    }
}

impl ModalCues {
    fn of(text: &str, set: &CueSet, present: &Present) -> ModalCues {
        let ranges = |which: Gated, re: &Regex| {
            (present.find_iter(which, re, text))
                .map(|m| m.range())
                .collect::<Vec<_>>()
        };
        let mut hedges: Vec<(Range<usize>, Hedge)> = ranges(Gated::StrongHedge, &set.strong_hedge)
            .into_iter()
            .filter(|r| !reports_absence(text, r))
            .map(|r| (r, Hedge::Strong))
            .collect();
        hedges.extend(
            ranges(Gated::WeakHedge, &set.weak_hedge)
                .into_iter()
                .map(|r| (r, Hedge::Weak)),
        );
        let intensifiers = (present.find_iter(Gated::Intensifier, &INTENSIFIER, text)).map(|m| {
            let word = m.as_str().split_whitespace().next().unwrap_or("");
            m.start()..m.start() + word.len()
        });
        let certain = (ranges(Gated::Certain, &CERTAIN).into_iter())
            .chain(intensifiers)
            .collect();
        ModalCues {
            thats: (present.find_iter(Gated::That, &THAT, text))
                .map(|m| m.start())
                .collect(),
            hedges,
            certain,
            future: ranges(Gated::Future, &FUTURE),
            universal: ranges(Gated::Universal, &UNIVERSAL),
            superlative: ranges(Gated::Superlative, &SUPERLATIVE),
        }
    }
}

/// Whether a report hedge ("has been reported", "were found") has a denied subject: "No side
/// effects have been reported" states that there are none; it leaves nothing open.
fn reports_absence(text: &str, hedge: &Range<usize>) -> bool {
    static REPORT: LazyLock<Regex> = LazyLock::new(|| {
        builtin(r"(?i)\b(?:been|was|were)\s+(?:reported|found|observed|documented|described)$")
    });
    static DENIED: LazyLock<Regex> =
        LazyLock::new(|| builtin(r"(?i)^\s*(?:no|none|nothing|zero|not\s+(?:one|a\s+single))\b"));
    if !REPORT.is_match(&text[hedge.clone()]) {
        return false;
    }
    let before = &text[..hedge.start];
    let clause = &before[before.rfind([',', ';', ':', '.']).map_or(0, |i| i + 1)..];
    DENIED.is_match(clause)
}

/// Whether `text` ends with the word `word` (any case), after optional spaces.
fn ends_with_word(text: &str, word: &str) -> bool {
    let text = text.trim_end();
    text.len() >= word.len()
        && text.is_char_boundary(text.len() - word.len())
        && text[text.len() - word.len()..].eq_ignore_ascii_case(word)
        && !text[..text.len() - word.len()].ends_with(|c: char| c.is_alphanumeric())
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn within(r: &Range<usize>, spans: &[Range<usize>]) -> bool {
    spans.iter().any(|o| o.start <= r.start && r.end <= o.end)
}

fn strip_trailing_citations(text: &str) -> &str {
    let mut t = text.trim_end();
    while t.ends_with(']') {
        match t.rfind("[^").or_else(|| t.rfind("[@")) {
            Some(i) => t = t[..i].trim_end(),
            None => break,
        }
    }
    t
}

/// Ranges inside double quotes (straight or curly) and single curly quotes; straight single
/// quotes only when they are not apostrophes.
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        match (open, c) {
            (None, '"') | (None, '“') | (None, '‘') => open = Some((c, i + c.len_utf8())),
            (None, '\'') if prev.is_none_or(|p| p.is_whitespace() || p == '(') => {
                open = Some((c, i + 1))
            }
            (Some(('"', s)), '"') | (Some(('“', s)), '”') | (Some(('‘', s)), '’') => {
                out.push(s..i);
                open = None;
            }
            (Some(('\'', s)), '\'') if next.is_none_or(|n| !n.is_alphanumeric()) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asserted(sentence: &str, phrase: &str) -> Result<(), NonAssertion> {
        let start = sentence.find(phrase).unwrap();
        Cues::of(sentence).assertion(
            start..start + phrase.len(),
            std::slice::from_ref(&(start..start + phrase.len())),
        )
    }

    #[test]
    fn weak_evidence_a_change_that_never_came_and_singled_out_circumstances() {
        assert_eq!(
            asserted(
                "There is little good evidence that rolling smooths dimples.",
                "smooths dimples"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted("I had one spot that refused to fade.", "fade"),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted("The cream failed to lighten my freckles.", "lighten"),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted(
                "Rinse it weekly, particularly with fine pins and no blood on them.",
                "no blood"
            ),
            Err(NonAssertion::Conditional)
        );
        assert_eq!(
            asserted(
                "The pad is painless, especially welcome in winter.",
                "painless"
            ),
            Ok(())
        );
    }

    #[test]
    fn recognises_non_assertions() {
        assert_eq!(
            asserted("Micro-needling is not risk-free.", "risk-free"),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted(
                "No treatment suits every skin type.",
                "suits every skin type"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted("Does it work for everyone?", "work for everyone"),
            Err(NonAssertion::Question)
        );
        assert_eq!(
            asserted("Claims that it is \"100% safe\" are wrong.", "100% safe"),
            Err(NonAssertion::Quoted)
        );
        assert_eq!(
            asserted("Some sellers say it is risk-free.", "risk-free"),
            Err(NonAssertion::Reported)
        );
        assert_eq!(
            asserted(
                "Ask whether it is safe for every skin type.",
                "safe for every skin type"
            ),
            Err(NonAssertion::Conditional)
        );
        assert_eq!(
            asserted("It is a myth that it is painless.", "painless"),
            Err(NonAssertion::Debunked)
        );
    }

    #[test]
    fn a_whether_clause_before_a_predicate_of_doubt_is_its_subject() {
        // The doubt is asserted; what the "whether" clause says is not.
        assert_eq!(
            asserted(
                "Whether the gel helps remains an open question.",
                "open question"
            ),
            Ok(())
        );
        assert_eq!(
            asserted("Whether the gel helps is still unclear.", "unclear"),
            Ok(())
        );
        assert_eq!(
            asserted(
                "Whether the gel helps remains an open question.",
                "gel helps"
            ),
            Err(NonAssertion::Conditional)
        );
    }

    #[test]
    fn negation_in_another_clause_or_inside_the_phrase_does_not_count() {
        assert_eq!(
            asserted("It carries no risk at all.", "no risk at all"),
            Ok(())
        );
        assert_eq!(
            asserted(
                "It is not cheap, but it is completely safe.",
                "completely safe"
            ),
            Ok(())
        );
        assert_eq!(
            asserted("We promise it is completely safe.", "completely safe"),
            Ok(())
        );
        assert_eq!(
            asserted("It can soften them, but it does not erase them.", "erase"),
            Err(NonAssertion::Negated)
        );
        // A reason denied: the clause after "not because" is what is denied.
        assert_eq!(
            asserted(
                "It is off limits, not because studies show harm.",
                "studies show"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted("It is not safe because studies show harm.", "studies show"),
            Ok(())
        );
    }

    fn modality(sentence: &str, phrase: &str) -> Modality {
        let start = sentence.find(phrase).unwrap();
        let range = start..start + phrase.len();
        Cues::of(sentence).modality(&range, std::slice::from_ref(&range))
    }

    #[test]
    fn hedges_make_a_claim_relative() {
        let m = modality("It may fade dark spots.", "fade dark spots");
        assert_eq!(m.hedge, Some(Hedge::Strong));
        assert!(!m.established());
        let m = modality("It usually fades dark spots.", "fades dark spots");
        assert_eq!(m.hedge, Some(Hedge::Weak));
        assert!(!m.established());
        assert!(modality("It fades dark spots.", "fades dark spots").established());
        // The best case only.
        let m = modality("At its best, it fades dark spots.", "fades dark spots");
        assert!(!m.established());
        // "And" before a new subject starts a clause: its hedge stays there.
        let sentence = "It isn't painful and it helps in most cases.";
        assert_eq!(modality(sentence, "painful").hedge, None);
    }

    #[test]
    fn certainty_and_universality_outweigh_weak_hedges_only() {
        let sentence = "It can treat every kind of dark spot.";
        let whole = 7..sentence.len() - 1;
        let parts = [7..12, 27..sentence.len() - 1];
        let m = Cues::of(sentence).modality(&whole, &parts);
        assert!(m.universal && m.established() && m.absolute());
        let m = modality("It will fill in pitted scars.", "fill in pitted scars");
        assert!(m.certain && m.established());
        let m = modality("It might clear scars for good.", "clear scars");
        assert!(m.certain && !m.established() && !m.absolute());
        // Universality after the phrase is about something else.
        assert!(!modality("It fades spots, so any cream works better.", "fades spots").universal);
    }

    #[test]
    fn proof_states_a_result_as_certain() {
        assert!(modality("It is proven to smooth fine lines.", "smooth").certain);
        assert!(modality("Scientifically proven to fade marks.", "fade").absolute());
        // "Unproven" is no proof.
        assert!(!modality("An unproven way to fade marks.", "fade").certain);
    }

    #[test]
    fn a_capability_hedge_still_claims_the_use() {
        let m = modality("The roller can thicken a beard.", "thicken");
        assert!(m.capability && !m.established() && m.asserts_use());
        assert!(modality("It helps hair grow back.", "grow").asserts_use());
        // How often or how much leaves it relative; so does a change to how things look.
        assert!(!modality("It can often thicken a beard.", "thicken").asserts_use());
        assert!(!modality("It may thicken a beard.", "thicken").asserts_use());
        assert!(!modality("It helps soften the look of lines.", "soften").asserts_use());
    }

    #[test]
    fn distancing_words_leave_a_claim_open() {
        for sentence in [
            "The cream is supposed to fade dark spots.",
            "In theory, the pricks make the skin fade dark spots.",
            "The gel allegedly fades dark spots.",
        ] {
            let m = modality(sentence, "fade");
            assert_eq!(m.hedge, Some(Hedge::Strong), "{sentence}");
            assert!(!m.established(), "{sentence}");
        }
    }

    #[test]
    fn a_denied_subject_of_a_report_states_an_absence() {
        // "Has been reported" leaves a finding open; with "no" as its subject it rules one out.
        let m = modality("Bruising has been reported after rolling.", "Bruising");
        assert_eq!(m.hedge, Some(Hedge::Strong));
        let m = modality(
            "No bruising has been reported after rolling.",
            "No bruising",
        );
        assert_eq!(m.hedge, None);
        let m = modality("Among our clients, none were found to scar.", "scar");
        assert_eq!(m.hedge, None);
    }

    #[test]
    fn calling_for_something_reports_nothing() {
        let phrase = "a 2 mm roller";
        assert_eq!(
            asserted("Deep scars call for a 2 mm roller.", phrase),
            Ok(())
        );
        assert_eq!(
            asserted("Sellers call it a 2 mm roller.", phrase),
            Err(NonAssertion::Reported)
        );
    }

    #[test]
    fn advice_and_choices_are_about_the_pages_setting() {
        for advice in [
            "For deep marks we recommend 1.5 mm.",
            "I began with the short one and then stepped up to 1 mm.",
            "Most people go for the 1 mm size.",
            "After a month, move up to the next size.",
        ] {
            assert!(Cues::of(advice).advises_or_chooses(), "{advice}");
        }
        for description in [
            "Needles range from 0.2 to 3 mm.",
            "A dermatologist uses 2 mm for deep scars.",
        ] {
            assert!(!Cues::of(description).advises_or_chooses(), "{description}");
        }
    }

    #[test]
    fn a_named_website_or_seller_reports_the_claim() {
        assert_eq!(
            asserted(
                "The gel, according to the website glowshop.com, fades dark spots.",
                "fades dark spots"
            ),
            Err(NonAssertion::Reported)
        );
        assert_eq!(
            asserted(
                "According to the packaging, it fades dark spots.",
                "fades dark spots"
            ),
            Err(NonAssertion::Reported)
        );
        // Not a source: a measure to follow.
        assert_eq!(
            asserted(
                "Pick the strength according to your skin, and it fades dark spots.",
                "fades dark spots"
            ),
            Ok(())
        );
    }

    #[test]
    fn past_descriptions_of_particular_things_are_findings() {
        assert!(Cues::of("The kits in that box had 1.5 mm pins.").reports_finding());
        assert!(Cues::of("Most of the pens we tested had 2 mm tips.").reports_finding());
        // Own use, advice and statements of what is usual are not findings.
        assert!(!Cues::of("The kit I had came with 1.5 mm pins.").reports_finding());
        assert!(!Cues::of("The kits have 1.5 mm pins.").reports_finding());
        assert!(
            !Cues::of("The kit had 1.5 mm pins, so you can treat deep scars.").reports_finding()
        );
    }

    #[test]
    fn a_predicate_of_absence_denies_its_subject() {
        assert_eq!(
            asserted(
                "It could help, but trials showing that it works are lacking.",
                "trials showing"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted(
                "Proof that it clears scars does not exist yet.",
                "clears scars"
            ),
            Err(NonAssertion::Negated)
        );
        // The absence belongs to a clause of its own, or to a noun far from the subject.
        assert_eq!(
            asserted(
                "It clears scars, but good photos are lacking.",
                "clears scars"
            ),
            Ok(())
        );
        assert_eq!(
            asserted(
                "Trials showing that it clears scars are lacking.",
                "clears scars"
            ),
            Err(NonAssertion::Negated)
        );
        assert_eq!(
            asserted(
                "After a course of six sessions it clears scars where creams are lacking.",
                "clears scars"
            ),
            Ok(())
        );
    }

    #[test]
    fn deflating_words_debunk() {
        assert_eq!(
            asserted(
                "The method is overhyped, although it smooths fine lines.",
                "smooths fine lines"
            ),
            Err(NonAssertion::Debunked)
        );
    }

    #[test]
    fn wrong_describing_a_thing_debunks_nothing() {
        let phrase = "does not sting";
        assert_eq!(
            asserted("It does not sting, unless you pick the wrong pen.", phrase),
            Ok(())
        );
        assert_eq!(
            asserted("It does not sting, and little can go wrong.", phrase),
            Ok(())
        );
        assert_eq!(
            asserted("That it does not sting is wrong.", phrase),
            Err(NonAssertion::Debunked)
        );
    }

    #[test]
    fn degree_words() {
        assert!(modality("It gives far superior results.", "results").superlative);
        assert!(modality("It is among the safest options.", "options").superlative);
        assert!(!modality("It gives good results.", "results").superlative);
    }
}
