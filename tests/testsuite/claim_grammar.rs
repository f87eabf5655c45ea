//! The grammar the claim engine knows, on fixtures written for vetted
//! (`fixtures/lint/grammar/content/*.md`): hedges, sources as text writes them, numbers that
//! are not statistics, denials and universal words, the setting of a statement taken from its
//! page, and stances that contradict each other across articles.

use crate::harness::{lint_fixture, LintRun};

fn run() -> &'static LintRun {
    lint_fixture("lint/grammar")
}

const HEDGES: &str = "content/hedges.md";
const SOURCES: &str = "content/sources.md";
const NUMBERS: &str = "content/numbers.md";
const ABSENCE: &str = "content/absence.md";
const HOME: &str = "content/home-roller-guide.md";

// Checks that a hedge ("may", "in some people", "usually") leaves a use unflagged, while the same use stated plainly, as certain or as guaranteed is flagged.
#[test]
fn hedges_make_claims_relative() {
    let r = run();
    r.assert_clean(HEDGES, "Needling may help with cellulite in some people");
    r.assert_flagged(HEDGES, "Needling reduces cellulite", "unsupported-claim");
    r.assert_clean(HEDGES, "Scars usually look softer after three sessions");
    let d = r.assert_flagged(HEDGES, "fill in any pitted scar", "overstated-efficacy");
    assert_eq!(d.category, "efficacy");
    r.assert_flagged(HEDGES, "Results are guaranteed", "certainty-language");
    r.assert_clean(HEDGES, "Adding PRP might give a small extra benefit");
}

const ATTRIBUTION: &str = "content/attribution.md";
const USES: &str = "content/uses-named.md";

// Checks that saying a clinic does more than a home roller (the dermatologists' view) is no
// finding: the home roller is what the clinic is measured against, not the setting of a home
// result, and a comparison of the two settings is left to the registry's home-versus-clinic
// claims; "nothing worked apart from the roller" is still an unsupported comparison.
#[test]
fn a_clinic_compared_with_a_home_roller() {
    let r = run();
    let page = "content/settings-compared.md";
    r.assert_clean(
        page,
        "a dermatologist will get better results than a home roller",
    );
    r.assert_clean(
        page,
        "Treatment in a clinic is more effective than rolling at home",
    );
    r.assert_flagged(
        page,
        "Nothing has worked for my marks, apart from the",
        "unsupported-comparison",
    );
}

// Checks that a use named as a noun ("a quick treatment for ... cellulite") is claimed, unless
// it is sold by others and taken back, asked about, or said of another product; that putting
// skin back "to its original texture" and "smoothing away" lines promise removal while skin
// back to its colour after a week is recovery; that a flare named as a use is flagged; and
// that the verdict of most clients ("find it painless") is a statistic without a source.
#[test]
fn uses_named_restorations_and_verdicts_of_most_people() {
    let r = run();
    // On a home-rolling page, words that only look like results are not home results: ageing
    // ("collagen breaks down"), a difficulty ("hard to treat"), a kind of scar ("raised
    // (keloid) scars"), a study named; the page's own promise still is.
    let basics = "content/home-roller-basics.md";
    r.assert_clean(basics, "our collagen breaks down as the years go by");
    r.assert_clean(basics, "Deep acne scars are hard to treat");
    r.assert_clean(basics, "raised (keloid) scars");
    r.assert_clean(
        basics,
        "ran a study of home roller treatment for shallow scars",
    );
    r.assert_flagged(basics, "rolling improves your skin", "unsupported-claim");
    r.assert_flagged(
        USES,
        "treatment for fine lines, open pores and cellulite",
        "unsupported-claim",
    );
    r.assert_clean(USES, "Some salons sell it as a treatment for cellulite");
    r.assert_clean(
        USES,
        "Ask your pharmacist about treatment for thinning hair",
    );
    r.assert_clean(USES, "It is a common treatment for thinning hair");
    r.assert_flagged(USES, "returning it to its original", "overstated-efficacy");
    r.assert_clean(USES, "the skin is back to its original colour");
    r.assert_flagged(USES, "smooths away fine lines", "overstated-efficacy");
    r.assert_flagged(
        USES,
        "works especially well for people with rosacea",
        "unsupported-claim",
    );
    r.assert_flagged(
        USES,
        "Most of our clients find the session painless",
        "uncited-statistic",
    );
    r.assert_clean(USES, "Most clients find the numbing cream stings a little");
}

// Checks that a use without good evidence claimed as a capability ("can make a beard grow",
// "helps hair grow back") is flagged, while a change to the look of something stays modest,
// and that a use passed on from a website, supposed, theoretical, said to lack trials or
// deflated is not the author's claim; a raised risk of a condition is no treatment of it.
#[test]
fn capability_claims_and_attributed_uses() {
    let r = run();
    r.assert_flagged(
        ATTRIBUTION,
        "can make a patchy beard grow",
        "unsupported-claim",
    );
    r.assert_flagged(
        ATTRIBUTION,
        "helps thin hair grow back",
        "unsupported-claim",
    );
    r.assert_clean(ATTRIBUTION, "soften the look of fine lines");
    r.assert_clean(ATTRIBUTION, "is supposed to break down cellulite");
    r.assert_clean(ATTRIBUTION, "the pen breaks down cellulite");
    r.assert_clean(ATTRIBUTION, "the pricks break down cellulite");
    r.assert_clean(ATTRIBUTION, "needling breaks down cellulite are lacking");
    r.assert_clean(ATTRIBUTION, "it does break down cellulite");
    r.assert_clean(ATTRIBUTION, "raise the risk of dark patches");
}

// Checks that a mending or sustaining verb acts on its direct object ("repairing every scar"
// promises that every scar mends) and not on a term before it or beyond its object ("the skin
// repairs these tiny wounds, laying down new fibres", "elastin supports this role").
#[test]
fn mending_verbs_act_on_their_object() {
    let r = run();
    r.assert_flagged(ATTRIBUTION, "repairing every scar", "overstated-efficacy");
    r.assert_clean(ATTRIBUTION, "the skin repairs these tiny wounds");
    r.assert_clean(ATTRIBUTION, "Elastin supports this role");
}

// Checks that a participle describing its noun ("treated skin") claims nothing while a promised
// result ("expect increased firmness") does, that "as well as" compares only after a verb, and
// that "will give more visible results than" compares instead of promising.
#[test]
fn participles_and_comparisons() {
    let r = run();
    r.assert_clean(HEDGES, "Protect treated skin from strong sun");
    r.assert_flagged(HEDGES, "expect increased firmness", "overstated-efficacy");
    r.assert_clean(HEDGES, "explains the risks as well as the benefits");
    let d = r.assert_flagged(
        HEDGES,
        "works as well as a clinic session",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("home-equals-professional"));
    // A sure comparison of results is no promise of a result; the plain promise is.
    r.assert_clean(HEDGES, "will give far more visible results than the first");
    r.assert_flagged(HEDGES, "will give visible results", "overstated-efficacy");
}

// Checks that author-year, numbered, named-journal and named-researcher sources count as citations, and that a paragraph naming its study sources the figures after it.
#[test]
fn sources_as_text_writes_them() {
    let r = run();
    r.assert_clean(
        SOURCES,
        "seven in ten patients said their scars had improved",
    );
    r.assert_clean(SOURCES, "60% of patients satisfied [4, 5]");
    r.assert_clean(SOURCES, "45% of scars were shallower at six months");
    r.assert_clean(SOURCES, "with 41% perceived improvement");
    r.assert_clean(SOURCES, "Three quarters of them were small");
    r.assert_flagged(SOURCES, "Nine in ten clients", "uncited-statistic");
    r.assert_flagged(SOURCES, "Research shows", "study-reference");
}

// Checks that product strengths, prices, a cancellation fee and ages are not uncited statistics, while a percentage of patients is.
#[test]
fn numbers_that_are_not_statistics() {
    let r = run();
    r.assert_clean(NUMBERS, "70% isopropyl alcohol");
    r.assert_clean(NUMBERS, "a 10% vitamin C serum");
    r.assert_clean(NUMBERS, "lidocaine at 4% or 5%");
    r.assert_clean(NUMBERS, "charged at 50% of the price");
    r.assert_clean(NUMBERS, "adults aged 22 and over");
    r.assert_flagged(
        NUMBERS,
        "a 98% patient satisfaction rate",
        "uncited-statistic",
    );
}

// Checks denials ("no downtime whatsoever", "won't need any time off", "impossible", "without pain"), a negation that governs only its own noun or clause, answers that stand apart, and universal words.
#[test]
fn denials_and_universal_words() {
    let r = run();
    let d = r.assert_flagged(ABSENCE, "no downtime whatsoever", "unsupported-claim");
    assert_eq!(d.category, "safety");
    assert_eq!(d.claim.as_deref(), Some("no-downtime"));
    r.assert_flagged(ABSENCE, "won't need any time off work", "unsupported-claim");
    r.assert_flagged(ABSENCE, "Scarring is impossible", "absolute-safety");
    r.assert_flagged(ABSENCE, "It works without pain", "unsupported-claim");
    // "no" denies the surgery, not the recovery.
    r.assert_clean(ABSENCE, "recovery takes a few days");
    r.assert_clean(ABSENCE, "Nobody should tell you it has no side effects");
    // The answer "No." ends its sentence; what follows is asserted.
    r.assert_flagged(ABSENCE, "It suits every skin type", "universal-suitability");
    // "Not one" negates its own clause only.
    r.assert_flagged(ABSENCE, "it is totally safe", "absolute-safety");
    r.assert_flagged(
        ABSENCE,
        "treat every kind of dark spot",
        "overstated-efficacy",
    );
    // A promised end date; "mild" describes the redness, "usually" hedges the promise.
    let d = r.assert_flagged(ABSENCE, "will settle in a day or two", "unsupported-claim");
    assert_eq!(d.claim.as_deref(), Some("recovery-guaranteed"));
    r.assert_clean(ABSENCE, "Redness will usually settle in a day or two");
}

// Checks that a negated predicate denies pain ("does not hurt", "definitely not painful",
// "won't feel a thing", "nobody felt discomfort") unless a degree word or litotes leaves it relative ("not too painful",
// "not uncommon to feel discomfort").
#[test]
fn negated_predicates_deny() {
    let r = run();
    for denial in [
        "does not hurt at all",
        "definitely not painful",
        "you won't feel a thing",
        // Nobody experiencing it denies it.
        "not a single client has ever complained of pain",
        "Nobody felt discomfort",
    ] {
        let d = r.assert_flagged(ABSENCE, denial, "unsupported-claim");
        assert_eq!(d.claim.as_deref(), Some("no-pain"), "{denial}");
    }
    r.assert_clean(ABSENCE, "not too painful for most people");
    r.assert_clean(ABSENCE, "not uncommon to feel some discomfort");
    // No trial measuring it is not a denial that anyone felt it.
    r.assert_clean(ABSENCE, "Not one trial measured pain");
}

// Checks that "of any age" is a universal subject, that a growth verb states a use ("gets bald
// patches to grow"), and that "the belief is that" reports a use instead of asserting it.
#[test]
fn universal_subjects_and_growth() {
    let r = run();
    r.assert_flagged(
        ABSENCE,
        "Adults of any age can book",
        "universal-suitability",
    );
    let d = r.assert_flagged(ABSENCE, "bald patches to grow again", "unsupported-claim");
    assert_eq!(d.claim.as_deref(), Some("hair-growth"));
    r.assert_clean(ABSENCE, "rolling the scalp promotes hair growth");
}

// Checks the smaller forms real pages use: an elided denial ("but it really isn't"), a hedge
// before "no" or an adjective ("little to no", "fairly painless"), a harm ruled out around an
// aside, a setting that qualifies the value before it, "one session and the next" (not a
// count), and a glued multiplier ("500x") as a statistic.
#[test]
fn forms_real_pages_use() {
    let r = run();
    let d = r.assert_flagged(
        ABSENCE,
        "it to hurt, but it really isn't",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("no-pain"));
    let d = r.assert_flagged(
        ABSENCE,
        "would hurt a great deal, but it really doesn't",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("no-pain"));
    r.assert_clean(ABSENCE, "little to no downtime");
    r.assert_clean(ABSENCE, "fairly painless on the cheeks");
    r.assert_flagged(ABSENCE, "leave you with any bruising", "absolute-safety");
    r.assert_clean(ABSENCE, "between one session and the next");
    r.assert_clean(ABSENCE, "up to 2 mm for clinic use");
    r.assert_flagged(NUMBERS, "by as much as 500x", "uncited-statistic");
}

const MORE_FORMS: &str = "content/more-forms.md";
const HOME_SCHEDULE: &str = "content/home-schedule.md";

// Checks more forms real pages use: a count of people as a statistic, "groundbreaking", evidence
// called compelling without a source, safety for every skin type a few words on, harm ruled out
// as "not deep enough to cause any", risk likened to what never happens (but not a comparison
// with another procedure), looking younger as a reversal of ageing, "and it" starting a
// clause of its own, so its hedge does not soften the denial of pain before it, and "brings
// back" as a change.
#[test]
fn more_forms_real_pages_use() {
    let r = run();
    r.assert_flagged(MORE_FORMS, "40 million adults", "uncited-statistic");
    r.assert_flagged(MORE_FORMS, "groundbreaking", "certainty-language");
    r.assert_flagged(MORE_FORMS, "evidence for regrowing hair", "study-reference");
    r.assert_flagged(
        MORE_FORMS,
        "safe and can be carried out",
        "universal-suitability",
    );
    r.assert_flagged(MORE_FORMS, "not deep enough to cause", "absolute-safety");
    r.assert_flagged(MORE_FORMS, "as rare as a blue moon", "absolute-safety");
    r.assert_clean(MORE_FORMS, "as rare as with any other injection");
    let d = r.assert_flagged(
        MORE_FORMS,
        "make you look years younger",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("ageing-reversal"));
    let d = r.assert_flagged(MORE_FORMS, "It isn't painful", "unsupported-claim");
    assert_eq!(d.claim.as_deref(), Some("no-pain"));
    let d = r.assert_flagged(MORE_FORMS, "brings back hair", "unsupported-claim");
    assert_eq!(d.claim.as_deref(), Some("hair-growth"));
}

// Checks that on a page about home use, how often a longer roller is "fine" is advice that
// offers that length for home use ("a 0.75 mm one once every 4 weeks"), as is a condition about
// the reader's own needles that the sentence goes on to act on; one that sends them to a
// doctor instead offers nothing, and neither does a length whose sentence rules home use out.
#[test]
fn home_schedules_and_conditions_about_the_readers_needles() {
    let r = run();
    r.assert_flagged(HOME_SCHEDULE, "0.75 mm", "quantity-out-of-range");
    r.assert_clean(HOME_SCHEDULE, "A 0.5 mm roller is fine");
    r.assert_flagged(HOME_SCHEDULE, "1 mm or longer", "quantity-out-of-range");
    r.assert_clean(HOME_SCHEDULE, "longer than 0.5 mm");
    // A setting ruled out ("not regarded as safe to use at home") is not the value's setting.
    r.assert_clean(HOME_SCHEDULE, "1.5 mm or more");
}

// Checks that a page about rolling at home makes its list of lengths and its promises home claims, while a cited clinic trial on the same page is not one.
#[test]
fn the_page_sets_the_context() {
    let r = run();
    let d = r.assert_flagged(HOME, "1.5 mm for deep scars", "quantity-out-of-range");
    assert!(d.message.contains("home use"), "{}", d.message);
    r.assert_clean(HOME, "0.25 mm for texture");
    let d = r.assert_flagged(
        HOME,
        "scars fade and the skin is firmer",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("home-visible-results"));
    r.assert_clean(HOME, "acne scars improved after three sessions");
    r.assert_clean(
        "content/clinic-menu.md",
        "Depths of 0.5 to 1.5 mm are usual",
    );
}

// Checks that a device named as one of several alternatives ("either a pen or a roller") sets
// no setting for the sentence, and that safety on a condition of use is qualified while a
// condition that sets a measure is still a claim.
#[test]
fn alternatives_and_provisos() {
    let r = run();
    r.assert_clean(HOME, "at depths of 0.25 to 2.5 mm");
    r.assert_clean(HOME, "Rollers are safe as long as you clean them");
    let d = r.assert_flagged(
        HOME,
        "Rollers are safe as long as the needles stay under 1 mm",
        "unsupported-claim",
    );
    assert_eq!(d.claim.as_deref(), Some("home-use-safe"));
}

// Checks that a denial of downtime in one article is reported with the other article's statement of downtime as its related location.
#[test]
fn stances_contradict_across_articles() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-a.md",
        "no recovery period",
        "contradicting-claims",
    );
    assert!(
        d.related
            .iter()
            .any(|(file, _, _, _)| file == "content/stance-b.md"),
        "{d:#?}"
    );
}

/// The files of a finding's related locations.
fn related_files(d: &crate::harness::Diag) -> Vec<&str> {
    d.related
        .iter()
        .map(|(file, _, _, _)| file.as_str())
        .collect()
}

// Checks that a claim's own wording negated ("not painless") in another article is the stance
// that a plain statement of the claim ("does not hurt at all") contradicts, shown as a denial.
#[test]
fn a_denial_contradicts_the_claim_it_denies() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-painless.md",
        "does not hurt at all",
        "contradicting-claims",
    );
    assert_eq!(d.claim.as_deref(), Some("no-pain"));
    let denial = (d.related.iter())
        .find(|(file, _, _, _)| file == "content/stance-not-painless.md")
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert!(denial.3.starts_with("denies `no-pain`"), "{denial:?}");
    // The denial is a stance, not a finding of its own.
    r.assert_clean("content/stance-not-painless.md", "not painless");
}

// Checks that one article can contradict itself: a promised removal and, later on the page, the
// same removal denied.
#[test]
fn stances_contradict_within_one_article() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-within.md",
        "erase your stretch marks for good",
        "contradicting-claims",
    );
    assert_eq!(related_files(d), ["content/stance-within.md"], "{d:#?}");
    r.assert_clean("content/stance-within.md", "does not erase stretch marks");
}

/// The related location of `d` in `file`, with its label.
fn related_in<'d>(d: &'d crate::harness::Diag, file: &str) -> &'d (String, usize, usize, String) {
    (d.related.iter())
        .find(|(f, _, _, _)| f == file)
        .unwrap_or_else(|| panic!("no related location in {file}: {d:#?}"))
}

// Checks that the home range stated in words ("stick to short pins; anything longer is a job for
// a dermatologist") is a place that a longer value for home use disagrees with, beside the
// range stated as values in a third article.
#[test]
fn a_range_stated_in_words_meets_a_value_outside_it() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-home-long.md",
        "2 mm",
        "inconsistent-quantity",
    );
    let words = related_in(d, "content/stance-home-range.md");
    assert!(words.3.contains("stated in words"), "{words:?}");
    related_in(d, "content/stance-home-values.md");
    r.assert_clean("content/stance-home-range.md", "anything longer");
}

// Checks that a value stating the range for its setting ("home rollers should have needles of
// 0.2 to 0.5 mm") takes the stance of the range's claim, which advice to work up to longer
// needles at home contradicts, as the words of another article do.
#[test]
fn a_stated_range_takes_its_claims_stance() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-home-steps.md",
        "work up to longer needles",
        "contradicting-claims",
    );
    assert_eq!(d.claim.as_deref(), Some("home-longer-needles"));
    let value = related_in(d, "content/stance-home-values.md");
    assert!(
        value.3.starts_with("asserts `needle-length-home`"),
        "{value:?}"
    );
    related_in(d, "content/stance-home-range.md");
    r.assert_clean("content/stance-home-values.md", "0.2 to 0.5 mm");
}

// Checks that "no side effects" and the signs of recovery later on the same page contradict
// each other, reported on the denial.
#[test]
fn no_side_effects_meets_the_signs_of_recovery() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-side-effects.md",
        "no side effects",
        "contradicting-claims",
    );
    assert_eq!(d.claim.as_deref(), Some("no-side-effects"));
    let (_, start, _, label) = related_in(d, "content/stance-side-effects.md");
    assert!(label.starts_with("asserts `has-downtime`"), "{d:#?}");
    assert!(*start > d.end, "{d:#?}");
    r.assert_clean("content/stance-side-effects.md", "stays red and swollen");
}

// Checks that partial results stated as such ("will not fully erase them") are the other side
// of a removal promise, and that a cautious stance on home rollers ("does little") is the other
// side of visible results promised at home; the cautious sides get no finding.
#[test]
fn cautious_stances_oppose_promises() {
    let r = run();
    let d = r.assert_flagged(
        "content/stance-removal.md",
        "removes acne scars",
        "contradicting-claims",
    );
    assert_eq!(d.claim.as_deref(), Some("scar-improvement"));
    related_in(d, "content/stance-partial.md");
    r.assert_clean("content/stance-partial.md", "will not fully erase them");
    let d = (r
        .at("content/stance-home-results.md", "acne scars fade")
        .iter())
    .find(|d| {
        d.rule == "contradicting-claims" && d.claim.as_deref() == Some("home-visible-results")
    })
    .copied()
    .unwrap_or_else(|| panic!("no contradiction of home results"));
    related_in(d, "content/stance-home-little.md");
    r.assert_clean("content/stance-home-little.md", "does little");
}

// Checks that a phrase rule's finding takes its `stance`: "suits every skin type" is contradicted
// by a negated match of the same rule ("not everyone is a good candidate") and by the registry's
// opposite claim (darker skin is prone to dark patches), both in another article.
#[test]
fn phrase_rule_findings_take_a_stance() {
    let r = run();
    r.assert_flagged(
        "content/stance-everyone.md",
        "suits every skin type",
        "universal-suitability",
    );
    let d = r.assert_flagged(
        "content/stance-everyone.md",
        "suits every skin type",
        "contradicting-claims",
    );
    assert_eq!(d.claim.as_deref(), Some("suits-everyone"));
    let labels: Vec<&str> = (d.related.iter())
        .filter(|(file, _, _, _)| file == "content/stance-candidates.md")
        .map(|(_, _, _, label)| label.as_str())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("denies `suits-everyone`"))
            && labels
                .iter()
                .any(|l| l.starts_with("asserts `pigment-risk`")),
        "{d:#?}"
    );
    r.assert_clean(
        "content/stance-candidates.md",
        "Not everyone is a good candidate",
    );
}

// Checks the ways a page rules out or plays down harm: an absence of reports stated as a fact, a
// harm dismissed, a harm verb negated, a mild effect named as all there is, and pain denied
// after a concession ("it would sting, but it doesn't"); and that such a page contradicts itself
// when it later lists the side effects. "If something goes wrong" debunks nothing.
#[test]
fn harm_ruled_out_or_played_down() {
    let r = run();
    const PAGE: &str = "content/safety-reassurance.md";
    for quote in [
        "This is no cause for concern",
        "do not damage the surface",
        "with only mild swelling",
    ] {
        r.assert_flagged(PAGE, quote, "absolute-safety");
    }
    r.assert_flagged(
        PAGE,
        "No complications have been reported",
        "absolute-safety",
    );
    let d = r.assert_flagged(PAGE, "it would sting", "unsupported-claim");
    assert_eq!(d.claim.as_deref(), Some("no-pain"));
    r.assert_clean(PAGE, "If something goes wrong");
}

// Checks that a needle length recommended, chosen or stepped up to on a page about rolling at
// home is a home value, also when a denied warning ("neither too short nor too long") stands by
// it; that what particular kits were found to have is a finding, not advice; and that a
// description of the market carries to the sentence that goes on about it ("They go from ...").
#[test]
fn home_values_in_advice_and_findings() {
    let r = run();
    const PAGE: &str = "content/kit-reviews.md";
    for quote in ["recommend 1.5 mm", "stepped up to 1 mm", "a 2 mm roller"] {
        r.assert_flagged(PAGE, quote, "quantity-out-of-range");
    }
    r.assert_clean(PAGE, "had needles of 1 mm and 2 mm");
    r.assert_clean(PAGE, "from 0.2 mm up to 3 mm");
}

const OUTCOMES: &str = "content/outcomes.md";

// Checks that outcomes named by how they end are read as results: a removal coordinated with a
// change ("softened and disappeared"), healing beyond the original, an outcome "turned into
// reality"; that results winning over everyone, lists of uses closed as endless and an
// intensified majority are findings; that "safe" on the acts the procedure is made of states
// safety; and that a description of what is sold is held to the widest range only.
#[test]
fn outcomes_audiences_and_offers() {
    let r = run();
    r.assert_flagged(
        OUTCOMES,
        "pitted scars on my cheek softened and disappeared",
        "overstated-efficacy",
    );
    r.assert_clean(OUTCOMES, "Pitted scars soften over a course of treatment");
    r.assert_flagged(
        OUTCOMES,
        "knits together better than before",
        "overstated-efficacy",
    );
    r.assert_flagged(OUTCOMES, "a thick beard into reality", "unsupported-claim");
    r.assert_flagged(OUTCOMES, "you name it", "certainty-language");
    r.assert_flagged(OUTCOMES, "win over anybody", "certainty-language");
    r.assert_flagged(OUTCOMES, "The great majority of", "uncited-statistic");
    r.assert_flagged(
        OUTCOMES,
        "safe, precisely spaced punctures",
        "absolute-safety",
    );
    r.assert_clean(OUTCOMES, "a safe, dry drawer");
    r.assert_flagged(OUTCOMES, "0.25 mm up to 5 mm", "quantity-out-of-range");
    r.assert_clean(OUTCOMES, "0.25 mm up to 2 mm");
}

const RUN_ON: &str = "content/run-on.md";

// Checks that a paragraph of one sentence goes on from the paragraph before it: its setting
// (home or clinic) holds for the values that follow.
#[test]
fn a_one_sentence_paragraph_runs_on() {
    let r = run();
    r.assert_flagged(
        RUN_ON,
        "between 0.5 mm and 2 mm long",
        "quantity-out-of-range",
    );
    r.assert_clean(RUN_ON, "between 0.75 mm and 2 mm deep");
}

fn settings() -> &'static LintRun {
    lint_fixture("lint/settings")
}

// Checks that amounts in words are compared ("a day or two" of pinkness against "a couple of
// weeks" of downtime on the same page), while values for two settings are not: redness gone in
// a few hours after rolling at home does not disagree with days of redness after clinic
// treatment.
#[test]
fn amounts_in_words_are_compared_within_one_setting() {
    let r = settings();
    let d = r.assert_flagged(
        "content/magazine.md",
        "a couple of weeks",
        "inconsistent-quantity",
    );
    let here = related_in(d, "content/magazine.md");
    assert!(here.3.starts_with("1440-2880 minutes"), "{here:?}");
    assert!(
        !d.related.iter().any(|(f, ..)| f == "content/home-diary.md"),
        "a value for home use is set against clinic values: {d:#?}"
    );
    r.assert_clean("content/home-diary.md", "a few hours");
    r.assert_clean("content/clinic-aftercare.md", "two to three days");
}

// Checks that a page whose title names one setting is about that setting, whatever a section
// weighs it against, and that a frequency in words ("every couple of days") is compared with a
// limit elsewhere ("once a week at most").
#[test]
fn the_title_sets_the_setting_of_a_frequency_in_words() {
    let r = settings();
    let d = r.assert_flagged(
        "content/home-diary.md",
        "every couple of days",
        "inconsistent-quantity",
    );
    related_in(d, "content/leaflet.md");
    r.assert_clean("content/leaflet.md", "once a week at most");
}

// Checks that how often to roll is compared only between values stated for the same needles
// ("a 0.25 mm roller every other day" does not disagree with "a 0.5 mm one every three weeks"
// on the same page), and that what a trial did, under a heading naming it ("Okafor et al.
// 2016"), is no home value: neither out of the home range nor a home schedule.
#[test]
fn a_schedule_by_needle_length_and_a_trial_report() {
    const SCHEDULE: &str = "content/roller-schedule.md";
    let r = settings();
    let d = r.assert_flagged(SCHEDULE, "every other day", "inconsistent-quantity");
    related_in(d, "content/leaflet.md");
    assert!(
        !d.related.iter().any(|(f, ..)| f == SCHEDULE),
        "values for other needle lengths on the page are compared: {d:#?}"
    );
    r.assert_clean(SCHEDULE, "every three weeks");
    r.assert_clean(SCHEDULE, "1.5 mm needles");
    r.assert_clean(SCHEDULE, "rolling once a week");
}

// Checks that a use stated as certain ("clears melasma for good") contradicts a page that calls
// the evidence for that use limited, and that the careful side has no finding of its own.
#[test]
fn a_certain_use_meets_limited_evidence_for_it() {
    let r = settings();
    let d = r.assert_flagged(
        "content/magazine.md",
        "clears melasma for good",
        "contradicting-claims",
    );
    let other = related_in(d, "content/leaflet.md");
    assert!(
        other
            .3
            .starts_with("asserts `pigmentation-evidence-limited`"),
        "{other:?}"
    );
    r.assert_clean("content/leaflet.md", "limited to small studies");
}
