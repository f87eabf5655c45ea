//! Each claim check with the shipped registry (`lints/`): wording that must
//! be flagged and wording that must not. Fixtures: `fixtures/lint/<check>/content/*.md`, one
//! statement per paragraph; each fixture is linted once and shared by the tests below.

use crate::harness::{lint_fixture, LintRun, Site};

fn dimension() -> &'static LintRun {
    lint_fixture("lint/dimension")
}
fn safety() -> &'static LintRun {
    lint_fixture("lint/safety")
}
fn efficacy() -> &'static LintRun {
    lint_fixture("lint/efficacy")
}
fn citation() -> &'static LintRun {
    lint_fixture("lint/citation")
}
fn contradiction() -> &'static LintRun {
    lint_fixture("lint/contradiction")
}
fn metadata() -> &'static LintRun {
    lint_fixture("lint/metadata")
}
fn readability() -> &'static LintRun {
    lint_fixture("lint/readability")
}

const BAD_SIZES: &str = "content/flagged.md";
const GOOD_SIZES: &str = "content/correct.md";

// Checks that a home device with a clinic-length needle is flagged as out of range for home use.
#[test]
fn dimension_flags_wrong_home_needle_length() {
    let run = dimension();
    for quote in [
        "1.5 mm needles for the best results",
        "2 mm needles is fine",
    ] {
        let d = run.assert_flagged(BAD_SIZES, quote, "quantity-out-of-range");
        assert_eq!(d.category, "dimension");
        assert_eq!(d.severity, "error");
        assert!(d.message.contains("for home use"), "{}", d.message);
    }
    assert_eq!(run.out.code, 1);
}

// Checks that a professional needle longer than the registry allows is flagged.
#[test]
fn dimension_flags_too_long_professional_needle() {
    let d = dimension().assert_flagged(BAD_SIZES, "as long as 4 mm", "quantity-out-of-range");
    assert!(d.message.contains("4 mm"), "{}", d.message);
}

// Checks that a typical needle length given as a diameter or thickness is flagged.
#[test]
fn dimension_flags_length_stated_as_diameter() {
    let run = dimension();
    let d = run.assert_flagged(BAD_SIZES, "1.5 mm in diameter", "length-as-diameter");
    assert_eq!(run.flagged_text(d), "1.5 mm");
    assert_eq!(d.category, "dimension");
    run.assert_flagged(BAD_SIZES, "2 mm thick", "length-as-diameter");
}

// Checks that correct lengths and diameters in many spellings (ranges, en dash, no space, millimetres, µm, microns, words) are not flagged.
#[test]
fn dimension_accepts_correct_ranges_in_many_spellings() {
    let run = dimension();
    for quote in [
        "from 0.5 mm to 2.5 mm long",
        "no longer than 0.3 mm",
        "between 1 and 2 millimetres deep",
        "0.25–1.5mm",
        "500 µm",
        "a quarter of a millimetre or less",
        "about 0.2 mm thick",
        "about 150 microns thick",
        "rarely go beyond 2.5 mm",
    ] {
        run.assert_clean(GOOD_SIZES, quote);
    }
    run.assert_file_clean(GOOD_SIZES);
}

// Checks that absolute safety phrases are flagged, each with the exact phrase as its span.
#[test]
fn safety_flags_absolute_phrases() {
    let run = safety();
    for (quote, phrase) in [
        ("Micro-needling is 100% safe.", "100% safe"),
        ("It carries no risk at all.", "no risk at all"),
        ("completely safe for your skin", "completely safe"),
        ("Our pens are risk-free", "risk-free"),
        ("and painless", "painless"),
        ("There are no side effects", "no side effects"),
        ("never causes infections", "never causes"),
    ] {
        let d = run.assert_flagged("content/flagged.md", quote, "absolute-safety");
        assert_eq!(run.flagged_text(d), phrase);
        assert_eq!(d.category, "safety");
        assert_eq!(d.claim.as_deref(), Some("safety-overall"));
        assert!(d.message.contains(phrase), "{}", d.message);
    }
}

// Checks that "100% safe" is reported as a safety phrase, not also as an uncited statistic.
#[test]
fn safety_phrase_is_not_also_a_statistic() {
    let hits = safety().at("content/flagged.md", "Micro-needling is 100% safe.");
    let rules: Vec<&str> = hits.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["absolute-safety"]);
}

// Checks that a second absolute phrase after a negating one ("no side effects and zero downtime") is flagged too.
#[test]
fn safety_flags_every_absolute_phrase_in_a_sentence() {
    safety().assert_flagged("content/flagged.md", "zero downtime", "absolute-safety");
}

// Checks that negated, questioned, quoted, reported and conditional safety wording is not flagged.
#[test]
fn safety_ignores_negated_questioned_quoted_reported_conditional() {
    let run = safety();
    for quote in [
        "Micro-needling is not risk-free.",
        "Is micro-needling painless?",
        "Claims that it is \"100% safe\" are misleading.",
        "Some clinics say the treatment is harmless.",
        "If you have no side effects after three days",
        "Nobody should tell you that micro-needling has no side effects.",
    ] {
        run.assert_clean("content/not-flagged.md", quote);
    }
}

// Checks that safety phrases inside fenced code blocks and inline code are not flagged.
#[test]
fn safety_ignores_code_blocks_and_inline_code() {
    let run = safety();
    run.assert_clean(
        "content/not-flagged.md",
        "Micro-needling is 100% safe and completely painless.",
    );
    run.assert_clean("content/not-flagged.md", "`risk-free micro-needling`");
    run.assert_clean("content/not-flagged.md", "`100% safe`");
    run.assert_file_clean("content/not-flagged.md");
}

// Checks that cure and certainty words are flagged as efficacy errors.
#[test]
fn efficacy_flags_cure_and_certainty_words() {
    let run = efficacy();
    let file = "content/flagged.md";
    for (quote, rule, phrase) in [
        (
            "It erases acne scars.",
            "cure-language",
            "erases acne scars",
        ),
        (
            "permanently removes stretch marks",
            "cure-language",
            "removes stretch marks",
        ),
        (
            "Results are guaranteed.",
            "certainty-language",
            "Results are guaranteed",
        ),
        (
            "clinically proven to reverse ageing",
            "certainty-language",
            "clinically proven",
        ),
        (
            "clinically proven to reverse ageing",
            "cure-language",
            "reverse ageing",
        ),
    ] {
        let d = run.assert_flagged(file, quote, rule);
        assert_eq!(d.category, "efficacy");
        assert_eq!(run.flagged_text(d), phrase);
    }
}

// Checks that an unsupported registry claim is found however it is worded, with the claim id, help and verdict.
#[test]
fn efficacy_flags_an_unsupported_claim_worded_two_ways() {
    let run = efficacy();
    for quote in [
        "A home roller delivers the same results as a professional pen.",
        "Using a derma roller yourself gives results equal to an in-office procedure.",
    ] {
        let d = run.assert_flagged("content/flagged.md", quote, "unsupported-claim");
        assert_eq!(d.category, "efficacy");
        assert_eq!(d.severity, "error");
        assert_eq!(d.claim.as_deref(), Some("home-equals-professional"));
        assert!(d.message.starts_with("unsupported claim:"), "{}", d.message);
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("[@aad2018")),
            "{:?}",
            d.help
        );
    }
}

// Checks that hedged, negated, questioned, reported, debunked and conditional efficacy wording is not flagged.
#[test]
fn efficacy_ignores_careful_wording() {
    let run = efficacy();
    for quote in [
        "It can improve the appearance of acne scars",
        "it does not erase them",
        "Results are not guaranteed",
        "Be wary of clinics that promise guaranteed results.",
        "Will it remove my scars for good?",
        "Some sellers say a home roller gives the same results as a professional pen.",
        "It is a myth that a home roller",
        "If a home roller gave the same results as a professional pen",
    ] {
        run.assert_clean("content/not-flagged.md", quote);
    }
    run.assert_file_clean("content/not-flagged.md");
}

// Checks that a claim reported from salons ("Some salons claim that ...") is not asserted by the author.
#[test]
fn efficacy_ignores_a_claim_reported_from_salons() {
    efficacy().assert_file_clean("content/reported.md");
}

// Checks that uncited percentages, "N in M" ratios, fractions and multipliers are flagged.
#[test]
fn citation_flags_uncited_statistics() {
    let run = citation();
    for (quote, phrase) in [
        ("Eight in ten patients", "Eight in ten"),
        ("fell by 60% in one group", "60%"),
        ("collagen increases fourfold", "fourfold"),
        ("in 1 out of 5 people", "1 out of 5"),
        ("Two thirds of clients", "Two thirds of"),
    ] {
        let d = run.assert_flagged("content/flagged.md", quote, "uncited-statistic");
        assert_eq!(run.flagged_text(d), phrase);
        assert_eq!(d.category, "citation");
        assert!(d.message.contains(phrase), "{}", d.message);
    }
}

// Checks that an uncited reference to studies ("Clinical studies report") is flagged.
#[test]
fn citation_flags_study_reference_without_source() {
    let run = citation();
    let d = run.assert_flagged(
        "content/flagged.md",
        "Clinical studies report",
        "study-reference",
    );
    assert_eq!(d.category, "citation");
}

// Checks that the same statistics with a [@key] citation or a footnote are not flagged.
#[test]
fn citation_accepts_statistics_with_a_citation_or_footnote() {
    let run = citation();
    for quote in [
        "Eight in ten patients reported smoother skin [@alam2014].",
        "Scar depth fell by 60% in one group.[^1]",
        "Collagen increased fourfold in one study [@aust2008].",
        "Redness lasted a week in 1 out of 5 people [@chu2021].",
        "Two thirds of clients were satisfied [@alam2014].",
    ] {
        run.assert_clean("content/not-flagged.md", quote);
    }
    run.assert_file_clean("content/not-flagged.md");
}

// Checks that two files with opposite stances give one contradiction finding with a related location in the other file.
#[test]
fn contradiction_between_two_files_has_a_related_location() {
    let run = contradiction();
    let found: Vec<_> = run
        .report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "contradicting-claims")
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one contradiction:\n{}",
        run.report.describe()
    );
    let d = run.assert_flagged(
        "content/home.md",
        "Home treatment is every bit as good as seeing a dermatologist.",
        "contradicting-claims",
    );
    assert_eq!(d.category, "contradiction");
    assert_eq!(d.claim.as_deref(), Some("home-equals-professional"));
    assert_eq!(d.related.len(), 1);
    let (file, start, end, message) = &d.related[0];
    assert_eq!(file, "content/clinic.md");
    let other = crate::harness::find_unique(
        run.text(file),
        "Professional treatment is usually more effective than home rolling",
    );
    assert!(
        crate::harness::overlaps(&other, *start, *end),
        "related span {start}..{end} is not the other statement"
    );
    assert!(message.contains("professional-more-effective"), "{message}");
    // The unsupported side also gets its own finding about the evidence; the better-supported
    // side gets none.
    assert!(run
        .at("content/home.md", "every bit as good")
        .iter()
        .any(|d| d.rule == "unsupported-claim" && d.category == "efficacy"));
    assert!(run
        .report
        .in_file("content/clinic.md")
        .iter()
        .all(|d| d.rule != "contradicting-claims"));
}

// Checks that disagreeing session times in two files are reported on the value outside the reference range, with the other as related.
#[test]
fn contradiction_flags_disagreeing_session_times() {
    let run = contradiction();
    let d = run.assert_flagged(
        "content/clinic.md",
        "about an hour",
        "inconsistent-quantity",
    );
    assert_eq!(d.category, "contradiction");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.related.len(), 1);
    let (file, start, end, _) = &d.related[0];
    assert_eq!(file, "content/home.md");
    let other = crate::harness::find_unique(run.text(file), "ten to fifteen minutes");
    assert!(crate::harness::overlaps(&other, *start, *end));
    assert!(
        run.at("content/home.md", "ten to fifteen minutes")
            .is_empty(),
        "reported once, on one side"
    );
}

// Checks that one file linted alone is fast and local, and that `--context` reads the other
// files of the content folder for contradictions while reporting only on the file given.
#[test]
fn contradiction_uses_the_whole_content_folder_as_context() {
    let site = Site::new("lint/contradiction").with_registry();
    let (_, alone) = site.lint_json(&["content/home.md"]);
    assert!(
        alone
            .diagnostics
            .iter()
            .all(|d| d.rule != "contradicting-claims"),
        "{}",
        alone.describe()
    );
    assert!(
        alone
            .diagnostics
            .iter()
            .any(|d| d.rule == "unsupported-claim"),
        "{}",
        alone.describe()
    );
    let (out, report) = site.lint_json(&["--context", "content/home.md"]);
    out.assert_code(1);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.file == "content/home.md"),
        "{}",
        report.describe()
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "contradicting-claims")
        .expect("a contradiction");
    assert_eq!(d.related[0].0, "content/clinic.md");
    assert_eq!(report.value["summary"]["files"], 1);
}

// Checks that a page without a clinical reviewer gets a metadata warning at its title.
#[test]
fn metadata_flags_missing_reviewer() {
    let run = metadata();
    let d = run.assert_flagged(
        "content/no-reviewer.md",
        "title: No reviewer",
        "missing-metadata",
    );
    assert_eq!(
        (d.category.as_str(), d.severity.as_str()),
        ("metadata", "warning")
    );
    assert!(d.message.contains("no clinical reviewer"), "{}", d.message);
    assert_eq!(d.line, 2);
}

// Checks that a reviewer without credentials is flagged at the reviewer key.
#[test]
fn metadata_flags_reviewer_without_credentials() {
    let d = metadata().assert_flagged("content/no-credentials.md", "reviewer:", "missing-metadata");
    assert!(d.message.contains("credentials"), "{}", d.message);
    assert_eq!(d.line, 6);
}

// Checks that a review older than the review interval is flagged at the `reviewed` line with the due date.
#[test]
fn metadata_flags_overdue_review() {
    let d = metadata().assert_flagged(
        "content/overdue.md",
        "reviewed: 2025-10-01",
        "review-overdue",
    );
    assert_eq!(
        (d.category.as_str(), d.severity.as_str()),
        ("metadata", "warning")
    );
    assert!(
        d.message.contains("overdue since 2026-10-01"),
        "{}",
        d.message
    );
    assert_eq!(d.line, 5);
}

// Checks that a missing author is only an info, and a page with complete metadata is clean.
#[test]
fn metadata_missing_author_is_info_and_complete_page_is_clean() {
    let run = metadata();
    let d = run.assert_flagged(
        "content/no-author.md",
        "title: No author",
        "missing-metadata",
    );
    assert_eq!(d.severity, "info");
    run.assert_file_clean("content/complete.md");
    assert_eq!(
        run.out.code, 0,
        "warnings and infos do not fail the lint\n{}",
        run.out
    );
}

// Checks that `review_interval_days` in site.yaml sets when a review is overdue.
#[test]
fn metadata_review_interval_comes_from_site_yaml() {
    let site = Site::new("lint/metadata");
    site.write("site.yaml", "review_interval_days: 30\n");
    let (_, report) = site.lint_json(&[]);
    let overdue: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "review-overdue")
        .map(|d| d.file.as_str())
        .collect();
    assert!(
        overdue.contains(&"content/complete.md"),
        "reviewed 2026-10-01 + 30 days is overdue on 2026-11-21:\n{}",
        report.describe()
    );
    let d = report
        .in_file("content/complete.md")
        .into_iter()
        .find(|d| d.rule == "review-overdue")
        .unwrap();
    assert!(d.message.contains("2026-10-31"), "{}", d.message);
}

// Checks that a long, hard text gets a reading-grade warning that states its SMOG score and the target.
#[test]
fn readability_warns_about_a_hard_text_with_its_score() {
    let run = readability();
    let d = run.assert_flagged("content/hard.md", "title: Hard to read", "reading-grade");
    assert_eq!(
        (d.category.as_str(), d.severity.as_str()),
        ("readability", "warning")
    );
    let re =
        regex::Regex::new(r"reading grade (\d+\.\d) \(SMOG\) is above the target of 8").unwrap();
    let score: f64 = re
        .captures(&d.message)
        .unwrap_or_else(|| panic!("{}", d.message))[1]
        .parse()
        .unwrap();
    assert!(score > 12.0, "a very hard text scores high: {score}");
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("frequent long words")),
        "{:?}",
        d.help
    );
}

// Checks that a long text in plain words gets no reading-grade warning.
#[test]
fn readability_passes_an_easy_text() {
    readability().assert_file_clean("content/easy.md");
}
