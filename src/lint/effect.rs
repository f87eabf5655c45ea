//! Efficacy predicates: the words that say a treatment changes something, and how much they
//! promise.
//!
//! A registry claim with `effect: [...]` is asserted where one of these words and one of the
//! claim's terms (a condition, an outcome) stand in one clause, a few words apart, in either
//! order: "fades acne scars", "scars fade", "a decrease in wrinkles", "effective against
//! cellulite", "makes scars less noticeable", "free of wrinkles". The lexicon is English
//! grammar, not topic: the registry says which conditions exist and what the evidence is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What an efficacy word promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Removal, cure or reversal: "removes", "gets rid of", "undoes", "free of". A promise of
    /// certainty by itself.
    Remove,
    /// A change: "reduces", "fades", "improves", "tighter", "a reduction in".
    Change,
    /// A result in general: "delivers", "gives", "produces" (only with an outcome noun such as
    /// "results" or "benefits").
    Result,
}

/// Removal, cure and reversal; idioms that promise the same ("have no hope against").
const REMOVE: &[&str] = &[
    "remove",
    "removal",
    "eliminate",
    "elimination",
    "erase",
    "eradicate",
    "cure",
    "banish",
    "get rid of",
    "rid of",
    "clear away",
    "clear up",
    "cleared away",
    "wipe out",
    "undo",
    "reverse",
    "reversal",
    "fill in",
    "free of",
    "free from",
    "say goodbye to",
    "no hope against",
    "no match for",
    "stand no chance",
    "roll back",
    "turn back",
    "replace",
    "vanish",
    "disappear",
    // Fading until gone: "make scars fade away", "the marks went away".
    "fade away",
    "smooth away",
    "wipe away",
    "melt away",
    // Back to how it was: "returns the skin to its original state", "good as new".
    "to its original",
    "to their original",
    "to its former",
    "to their former",
    "as good as new",
    "like new",
    "go away",
    "went away",
    "gone away",
    "a thing of the past",
    // Beyond the original: "heals better than before" promises more than a full repair.
    "better than before",
    "better than it was before",
    "better than ever",
    "better than new",
    "no more",
    "don't stand a chance",
    "do not stand a chance",
    "doesn't stand a chance",
    "permanent",
    "permanently",
    "forever",
    "for good",
    "lifelong",
    "reversible",
    "curable",
    "melt",
    "dissolve",
];

/// Changes, as verbs (all forms), nouns and the adjectives that describe the result.
const CHANGE: &[&str] = &[
    "reduce",
    "reduction",
    "lessen",
    "diminish",
    "fade",
    "soften",
    "smooth",
    "smoother",
    "improve",
    "improvement",
    "minimise",
    "minimize",
    "lighten",
    "brighten",
    "shrink",
    "tighten",
    "tighter",
    "firm",
    "firmer",
    "lift",
    "plump",
    "plumper",
    "plump up",
    "thicken",
    "thicker",
    "even out",
    "refine",
    "treat",
    "fight",
    "combat",
    "target",
    "address",
    "tackle",
    "fix",
    "boost",
    "stimulate",
    "increase",
    "enhance",
    "rejuvenate",
    "rejuvenating",
    "rejuvenation",
    "regrow",
    "regrowth",
    // Growth: "makes hair grow", "encourages new hair", "wakes up sleeping follicles".
    "grow",
    "growth",
    "encourage",
    "promote",
    "raise",
    "activate",
    "awaken",
    "wake up",
    "kick-start",
    "kickstart",
    "work as a treatment for",
    // A use named as a noun: "a simple treatment for scars, lines and cellulite".
    "treatment for",
    "treatments for",
    "remedy for",
    "solution for",
    "revive",
    "regenerate",
    "restore",
    "bring back",
    "brought back",
    // Mending and sustaining: "repairs every scar", "supports new follicles" (see
    // `needs_object`).
    "repair",
    "support",
    "help with",
    "cut down",
    "decrease",
    "iron out",
    "break down",
    "break up",
    "work on",
    "work against",
    "work for",
    "effective",
    "effectively",
    "less noticeable",
    "less visible",
    "less obvious",
    "less apparent",
    "younger",
    "clearer",
    "fuller",
    "denser",
    "double",
    "triple",
    "good for",
    "great for",
    "ideal for",
    "perfect for",
    "works wonders on",
    "work wonders for",
    "work well for",
    "work well on",
    "work best for",
    "work great for",
    "work especially well for",
    "work particularly well for",
    "works on",
    "filled in",
    // An outcome made real: "turns thicker hair into reality", "makes clear skin a reality".
    "into reality",
    "into a reality",
    "a reality",
    "come true",
];

/// General result verbs; they count only with an outcome noun.
const RESULT: &[&str] = &[
    "deliver",
    "give",
    "provide",
    "produce",
    "achieve",
    "bring",
    "bring about",
    "offer",
    "yield",
    "result in",
    "lead to",
    "see",
    "notice",
    "get",
    "gave",
    "given",
    "brought",
];

/// The outcome nouns a result verb needs ("delivers great results").
pub const OUTCOMES: &[&str] = &[
    "result",
    "results",
    "benefit",
    "benefits",
    "improvement",
    "improvements",
    "effect",
    "effects",
    "outcome",
    "outcomes",
    "difference",
    "transformation",
];

fn lexicon(words: &[&str]) -> Regex {
    let terms: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    crate::lint::terms::builtin(&format!("(?i){}", crate::lint::terms::group_regex(&terms)))
}

static REMOVE_RE: LazyLock<Regex> = LazyLock::new(|| lexicon(REMOVE));
static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| lexicon(CHANGE));
static RESULT_RE: LazyLock<Regex> = LazyLock::new(|| lexicon(RESULT));

/// The pattern of every efficacy word, for the prefilter.
pub fn pattern_text() -> String {
    let all: Vec<String> = REMOVE
        .iter()
        .chain(CHANGE)
        .chain(RESULT)
        .map(|w| (*w).to_owned())
        .collect();
    let group = crate::lint::terms::group_regex(&all);
    crate::lint::terms::ascii_classes(&format!(r"(?i){group}|\w[\s-]free\b"))
}

/// Compiles the lexicon now (see `lint::warm_up`).
pub fn warm_up() {
    for re in [&REMOVE_RE, &CHANGE_RE, &RESULT_RE] {
        LazyLock::force(re);
    }
}

/// One efficacy word in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Every efficacy word of a sentence, in order; where two overlap, the stronger kind wins.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for (re, kind) in [
        (&*REMOVE_RE, Kind::Remove),
        (&*CHANGE_RE, Kind::Change),
        (&*RESULT_RE, Kind::Result),
    ] {
        for m in re.find_iter(text) {
            let range = m.range();
            if kind == Kind::Result && is_wish(text, &range)
                || kind != Kind::Result && is_difficulty(text, &range)
                || kind == Kind::Change && !names_a_use(text, &range)
                || kind == Kind::Remove && !restores(text, &range)
            {
                continue;
            }
            if !out.iter().any(|w| overlaps(&w.range, &range)) {
                out.push(Word { range, kind });
            }
        }
    }
    // "scar-free", "wrinkle free": the condition, then a removal.
    static FREE: LazyLock<Regex> =
        LazyLock::new(|| crate::lint::terms::builtin(r"(?i)\w[\s-]free\b"));
    for m in FREE.find_iter(text) {
        let range = m.start() + 1..m.end();
        if !out.iter().any(|w| overlaps(&w.range, &range)) {
            out.push(Word {
                range,
                kind: Kind::Remove,
            });
        }
    }
    out.sort_by_key(|w| w.range.start);
    out
}

/// "Ask to see normal results", "want to get results": seeing or getting after "to" is a
/// wish or a request, unless it starts ("begin to see results").
fn is_wish(text: &str, word: &Range<usize>) -> bool {
    let w = text[word.clone()].to_lowercase();
    if !["see", "notice", "get"].iter().any(|v| w.starts_with(v)) {
        return false;
    }
    let mut before = text[..word.start].split_whitespace().rev();
    before.next().is_some_and(|t| t.eq_ignore_ascii_case("to"))
        && !before.next().is_some_and(|v| {
            let v = v.to_lowercase();
            v.starts_with("start") || v.starts_with("begin") || v.starts_with("began")
        })
}

/// The `n` words before `at`, nearest first, in lower case: only these are lowercased, not the
/// whole sentence before each efficacy word.
fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    (text[..at].split_whitespace().rev().take(n))
        .map(str::to_lowercase)
        .collect()
}

/// "Scars that are hard to treat": a difficulty, not a result.
fn is_difficulty(text: &str, word: &Range<usize>) -> bool {
    let lead = words_before(text, word.start, 2);
    lead.first().is_some_and(|t| t == "to")
        && lead.get(1).is_some_and(|a| {
            [
                "hard",
                "harder",
                "hardest",
                "difficult",
                "tough",
                "tricky",
                "impossible",
            ]
            .contains(&a.as_str())
        })
}

/// "To its original" promises a full repair when something brings it back ("returns the skin
/// to its original smoothness"); "the skin is back to its original colour" is recovery.
fn restores(text: &str, word: &Range<usize>) -> bool {
    if !text[word.clone()].to_lowercase().starts_with("to ") {
        return true;
    }
    words_before(text, word.start, 4).iter().any(|t| {
        ["return", "restor", "bring", "brought"]
            .iter()
            .any(|v| t.starts_with(v))
    })
}

/// A use named as a noun says what the treatment is only with an article before it ("the
/// roller is a quick treatment for scars", not "ask about treatment for hair loss"), and only
/// of a subject named in the sentence: in "It is a common treatment for hair loss" the
/// pronoun may stand for another product, named in the sentence before.
fn names_a_use(text: &str, word: &Range<usize>) -> bool {
    let w = text[word.clone()].to_lowercase();
    if !["treatment", "remedy", "solution"]
        .iter()
        .any(|n| w.starts_with(n))
    {
        return true;
    }
    let lead = words_before(text, word.start, 5);
    let lead: Vec<&str> = (lead.iter())
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let Some(article) = lead.iter().position(|t| matches!(*t, "a" | "an" | "the")) else {
        return false;
    };
    // "a study of roller treatment for scars" names a study, not a use.
    if lead[..article].contains(&"of") {
        return false;
    }
    let pronoun_subject = lead.get(article + 1).is_some_and(|verb| {
        matches!(*verb, "is" | "was" | "remains" | "becomes")
            && lead
                .get(article + 2)
                .is_some_and(|s| matches!(*s, "it" | "this" | "that" | "which"))
    });
    !pronoun_subject
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether an efficacy word acts only on what follows it: in "repairs every scar" and
/// "supports new follicles" the treatment acts on the condition; in "the skin repairs itself"
/// and "elastin supports the skin" the term before is the one doing it.
pub fn needs_object(word: &str) -> bool {
    let w = word.to_lowercase();
    // "Collagen breaks down with age" is ageing; "breaks down scar tissue" a treatment.
    w.starts_with("repair") || w.starts_with("support") || w.starts_with("break")
}

/// Whether `target` names what the body makes, not how anything looks: "collagen
/// production", "the production of new collagen", "a bigger supply of elastin". Raising a
/// process of the body is how a treatment is thought to work; it promises no visible result.
pub fn is_process(text: &str, target: &Range<usize>) -> bool {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)^[\s-]+(?:production|synthesis|formation|turnover|supply|output|levels?)\b",
        )
    });
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)\b(?:production|synthesis|formation|turnover|supply|output|levels?|amount)\s+of\s+(?:(?:new|fresh|more|your|the|its|their|own)\s+){0,2}(?:[\w-]+\s+(?:and|or)\s+)?$",
        )
    });
    AFTER.is_match(&text[target.end..]) || BEFORE.is_match(&text[..target.start])
}

/// Whether an efficacy word at `word` describes a state rather than a change: a plain
/// adjective kept as it is ("collagen keeps skin firm", "helps it stay smooth"), or a stance
/// ("the doctor is firm that you should not overdo it").
pub fn describes_state(text: &str, word: &Range<usize>) -> bool {
    let w = text[word.clone()].to_lowercase();
    if w.contains(' ') || w.ends_with("er") || w.ends_with("ing") || w.ends_with("ed") {
        return false;
    }
    let next = text[word.end..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    // Only an adjective that also names a stance: "treat that scar" is a change all the same.
    if w == "firm" && ["that", "about"].contains(&next.as_str()) {
        return true;
    }
    let keeping = |v: &str| {
        let v = v
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        [
            "keep", "keeps", "kept", "keeping", "stay", "stays", "remain", "remains", "maintain",
        ]
        .contains(&v.as_str())
    };
    text[..word.start]
        .split_whitespace()
        .rev()
        .take(4)
        .any(keeping)
}

/// Whether an efficacy word at `word` says how something feels to the touch, not that it
/// changed in a way anyone can see or measure: "it makes skin feel smoother", "my cheeks feel
/// a little softer".
pub fn describes_feel(text: &str, word: &Range<usize>) -> bool {
    let words: Vec<String> = (words_before(text, word.start, 3).into_iter())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .collect();
    let feels = |w: &str| ["feel", "feels", "felt", "feeling"].contains(&w);
    let degree =
        |w: &str| ["a", "little", "bit", "much", "so", "really", "noticeably"].contains(&w);
    match words.iter().position(|w| feels(w)) {
        Some(at) => words[..at].iter().all(|w| degree(w)),
        None => false,
    }
}

/// Whether a subject pronoun stands between an efficacy word and a term after it: in "the
/// patch you want to treat, they prick the top layer of the skin" the term belongs to
/// another verb.
pub fn new_subject_between(text: &str, word: &Range<usize>, target: &Range<usize>) -> bool {
    word.end <= target.start
        && text[word.end..target.start]
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .any(|w| ["they", "we", "i", "he", "she"].contains(&w.as_str()))
}

/// Whether the efficacy word is a gerund that opens the sentence as its subject and the
/// sentence names or describes that activity: "Treating the skin this way is known as
/// needling", "Reducing scars takes patience". The activity is the topic; no result is
/// promised.
pub fn names_activity(text: &str, word: &Range<usize>) -> bool {
    static ACTIVITY_PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)^[^,;:()]*?\b(?:is|are|was)\s+(?:\w+\s+)?(?:known|called|referred\s+to|described)\s+as\b|^[^,;:()]*?\b(?:is\s+called|takes|requires|involves|means)\b",
        )
    });
    let opening = text[..word.start].trim_start_matches(|c: char| !c.is_alphanumeric());
    opening.is_empty()
        && text[word.clone()].to_lowercase().ends_with("ing")
        && ACTIVITY_PREDICATE.is_match(&text[word.end..])
}

/// Whether a result phrase compares ("far more noticeable results", "better outcomes").
pub fn is_comparison(phrase: &str) -> bool {
    static COMPARATIVE: LazyLock<Regex> = LazyLock::new(|| {
        crate::lint::terms::builtin(r"(?i)\b(?:more|better|greater|stronger|superior|less|fewer)\b")
    });
    COMPARATIVE.is_match(phrase)
}

/// Whether `target` (a matched term) is an outcome a result verb can take.
pub fn is_outcome(target: &str) -> bool {
    let last = target
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    OUTCOMES.contains(&last.as_str())
}

/// Number of words between two ranges of `text` (0 when they touch or overlap).
pub fn words_between(text: &str, a: &Range<usize>, b: &Range<usize>) -> usize {
    let (from, to) = if a.end <= b.start {
        (a.end, b.start)
    } else if b.end <= a.start {
        (b.end, a.start)
    } else {
        return 0;
    };
    text[from..to].split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        words(text)
            .into_iter()
            .map(|w| (text[w.range].to_lowercase(), w.kind))
            .collect()
    }

    #[test]
    fn comparative_results_compare() {
        assert!(is_comparison("gives far more noticeable results"));
        assert!(is_comparison("better outcomes"));
        assert!(!is_comparison("gives noticeable results"));
    }

    #[test]
    fn fading_away_is_removal() {
        assert_eq!(
            kinds("It makes old marks fade away, and faint lines faded."),
            [
                ("fade away".into(), Kind::Remove),
                ("faded".into(), Kind::Change)
            ]
        );
        assert_eq!(
            kinds("The spots faded away."),
            [("faded away".into(), Kind::Remove)]
        );
    }

    #[test]
    fn finds_efficacy_words_in_every_form() {
        assert_eq!(
            kinds("It fades scars and gets rid of wrinkles."),
            [
                ("fades".into(), Kind::Change),
                ("gets rid of".into(), Kind::Remove)
            ]
        );
        assert_eq!(
            kinds("Scars faded, and the skin looked firmer."),
            [
                ("faded".into(), Kind::Change),
                ("firmer".into(), Kind::Change)
            ]
        );
        assert_eq!(
            kinds("It delivers a scar-free look."),
            [
                ("delivers".into(), Kind::Result),
                ("-free".into(), Kind::Remove)
            ]
        );
    }

    #[test]
    fn a_process_of_the_body_is_no_visible_result() {
        let process = |text: &str, term: &str| {
            let start = text.find(term).unwrap();
            is_process(text, &(start..start + term.len()))
        };
        assert!(process("It raises collagen production.", "collagen"));
        assert!(process(
            "It steps up the making and supply of new elastin.",
            "elastin"
        ));
        assert!(process(
            "Wounds speed up the production of new collagen.",
            "collagen"
        ));
        assert!(!process("It boosts collagen by half.", "collagen"));
        assert!(!process("The production line makes skin rollers.", "skin"));
    }

    #[test]
    fn how_skin_feels_is_no_visible_change() {
        let feel = |text: &str, w: &str| {
            let start = text.find(w).unwrap();
            describes_feel(text, &(start..start + w.len()))
        };
        assert!(feel("A roller can make skin feel smoother.", "smoother"));
        assert!(feel("My cheeks feel a little softer.", "softer"));
        assert!(!feel("It makes skin look smoother.", "smoother"));
        assert!(!feel("I feel it smooths scars.", "smooths"));
    }

    #[test]
    fn kept_states_and_stances_are_no_change() {
        let state = |text: &str, w: &str| {
            let start = text.find(w).unwrap();
            describes_state(text, &(start..start + w.len()))
        };
        assert!(state("Elastin keeps the skin firm.", "firm"));
        assert!(state("Moisturiser helps it stay smooth.", "smooth"));
        assert!(state(
            "Both matter for keeping skin firm, smooth and springy.",
            "smooth"
        ));
        assert!(state("Our nurse is firm that you rest.", "firm"));
        assert!(!state("It makes the skin firm.", "firm"));
        assert!(!state("It keeps skin firmer for longer.", "firmer"));
        assert!(!state("It helps treat that old scar.", "treat"));
    }

    #[test]
    fn a_new_subject_ends_the_reach_of_an_efficacy_word() {
        let text = "Pick the patch you want to treat and they prick the top of the skin.";
        let word = text.find("treat").unwrap();
        let skin = text.find("skin").unwrap();
        assert!(new_subject_between(
            text,
            &(word..word + 5),
            &(skin..skin + 4)
        ));
        let text = "It helps you treat dull skin.";
        let word = text.find("treat").unwrap();
        let skin = text.find("skin").unwrap();
        assert!(!new_subject_between(
            text,
            &(word..word + 5),
            &(skin..skin + 4)
        ));
    }

    #[test]
    fn an_opening_gerund_names_an_activity() {
        let names = |text: &str, w: &str| {
            let start = text.find(w).unwrap();
            names_activity(text, &(start..start + w.len()))
        };
        assert!(names(
            "Treating skin like this is often known as needling.",
            "Treating"
        ));
        assert!(names(
            "**Fading old marks** takes months of patience.",
            "Fading"
        ));
        assert!(!names("Fading scars, the roller works fast.", "Fading"));
        assert!(!names(
            "It is fading scars that are known as stubborn.",
            "fading"
        ));
    }

    #[test]
    fn going_away_and_beating_the_original_are_removal() {
        assert_eq!(
            kinds("By spring the blotches had gone away."),
            [("gone away".into(), Kind::Remove)]
        );
        assert_eq!(
            kinds("Your hands recover better than before."),
            [("better than before".into(), Kind::Remove)]
        );
        assert_eq!(
            kinds("Dull patches become a thing of the past."),
            [("a thing of the past".into(), Kind::Remove)]
        );
    }

    #[test]
    fn an_outcome_made_real_is_a_change() {
        assert_eq!(
            kinds("The cream turns glossy nails into reality."),
            [("into reality".into(), Kind::Change)]
        );
        assert_eq!(
            kinds("It makes thick lashes a reality."),
            [("a reality".into(), Kind::Change)]
        );
    }

    #[test]
    fn mending_words_need_an_object() {
        assert!(needs_object("repairing"));
        assert!(needs_object("Supports"));
        assert!(!needs_object("fades"));
    }

    #[test]
    fn outcome_nouns() {
        assert!(is_outcome("great results"));
        assert!(!is_outcome("scars"));
    }
}
