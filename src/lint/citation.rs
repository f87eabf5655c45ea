//! Sources named in the text itself, as writing copied from elsewhere cites them.
//!
//! Besides citation keys, footnotes and links (marked while the Markdown is read), a sentence
//! cites a source when it carries an author-year reference ("(Smith et al., 2019)", "(Smith
//! and Jones 2019)", "Smith et al. (2019) found"), numbered references ("[4]", "[4, 5]",
//! "[4-6]", a superscript "¹"), an identifier ("doi:10.1000/x", "PMID 12345") or names a
//! journal with a year ("published in JAMA Dermatology in 2014").

use std::sync::LazyLock;

use regex::Regex;

use crate::lint::terms::builtin;

/// A capitalised surname, possibly double-barrelled or with a particle ("van der Berg").
const NAME: &str = r"(?:(?:van|von|de|der|da|di|le|la)\s+)*[A-Z][A-Za-z'’\-]+";
const YEAR: &str = r"(?:19[5-9]\d|20[0-4]\d)[a-z]?";
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
    "Since",
    "In",
    "From",
    "Until",
    "By",
];

static AUTHOR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let authors = format!(
        r"{NAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{NAME}|,\s+{NAME},?\s+(?:and|&)\s+{NAME})?"
    );
    builtin(&format!(
        r"\((?:see\s+|e\.g\.,?\s+|cf\.\s+)?(?P<a>{authors}),?\s+{YEAR}(?:\s*[,:]\s*(?:p|pp)\.?\s*\d+(?:[-–]\d+)?)?(?:\s*[;,]\s*[^)]*)?\)|(?P<b>{authors})\s+\({YEAR}\)|(?P<c>{NAME}\s+et\s+al\.?),?\s+{YEAR}\b"
    ))
});
/// A source named in brackets by abbreviated words and a year: "(J Cutan Aesthet Surg,
/// 2013)", "(Br J Dermatol 2019; 180: 12)".
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    builtin(&format!(
        r"\((?:[A-Z][\p{{L}}.'’\-]*\s+){{1,8}}[A-Z][\p{{L}}.'’\-]*\.?,?\s+{YEAR}\b[^)]{{0,30}}\)"
    ))
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    builtin(r"\[\d{1,3}(?:\s*[,–\-]\s*\d{1,3})*\]|[\p{L})][¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,⁻][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
});
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i)\bdoi:\s*10\.\d{4,}/|\bdoi\.org/10\.|\bPMID:?\s*\d{5,}|\bPMC\d{5,}|\bhttps?://[^\s)]+",
    )
});
/// A study named by who did it: "a study by Dr Okafor", "researchers at Leeds University",
/// "a trial from the University of Ghana".
static NAMED_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"(?i:\b(?:study|studies|trial|trials|review|paper|research|researchers|scientists|survey|analysis)\b)[^.;]{0,40}?\b(?i:by|at|from)\s+(?:the\s+)?(?:(?:Dr|Prof|Professor)\.?\s+)?[A-Z][\p{L}'’\-]+",
    )
});
/// A study known by its author's or place's name: "the landmark Okafor study", "the Hartley
/// trial". The word "study" in lower case keeps Title Case headings ("The Key Trial") out; the
/// name is checked by `eponym`.
static EPONYMOUS_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"\b(?i:the)\s+(?:[a-z]+\s+)?(?P<n>[A-Z][\p{L}'’\-]+)(?:\s+et\s+al\.?)?\s+(?:study|trial|cohort)\b",
    )
});
/// A report named by its publisher and year: "Pinboard's 2018 trend report", "the Society's
/// 2021 survey".
static PUBLISHER_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"\b[A-Z][\p{L}\-]+['’]s\s+(?:[a-z]+\s+)?\d{4}\s+(?:[a-z]+\s+){0,2}?(?:report|survey|forecast|study|review|analysis|audit|census|poll|data)\b",
    )
});
/// Whether a capitalised word before "study" names one: "the Korean study", "the British
/// trial" say where a study was done, not which one it is.
fn eponym(sentence: &str) -> bool {
    EPONYMOUS_STUDY.captures_iter(sentence).any(|c| {
        let name = c.name("n").map_or("", |m| m.as_str());
        let place = ["an", "ese", "ish", "ch", "i", "ic"]
            .iter()
            .any(|end| name.ends_with(end));
        !place && !MONTHS.contains(&name)
    })
}
/// A journal named as where a study appeared: "published in the Journal of Cosmetic
/// Dermatology", "a trial in JAMA Dermatology".
static JOURNAL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    builtin(
        r"\b(?i:in|published\s+in)\s+(?:the\s+)?(?:Journal\s+of\s+[A-Z]\w+|JAMA|Lancet|BMJ|NEJM|Cochrane|PLo[Ss]|[A-Z]\w+\s+(?:Journal|Dermatology|Surgery|Medicine|Reports|Review))\b",
    )
});
static JOURNAL: LazyLock<Regex> = LazyLock::new(|| {
    builtin(&format!(
        r"\b(?:Journal|JAMA|Lancet|BMJ|NEJM|Cochrane|PLo[Ss]|Dermatol\w*|Archives|Annals|Proceedings)\b[^.;]{{0,80}}?\b{YEAR}\b|\b{YEAR}\b[^.;]{{0,60}}?\b(?:in|published\s+in)\s+(?:the\s+)?(?:Journal|JAMA|Lancet|BMJ|NEJM|Cochrane|PLo[Ss]|[A-Z]\w+\s+(?:Journal|Dermatology|Surgery|Medicine|Reports|Review))\b"
    ))
});

/// Compiles the patterns now (see `lint::warm_up`).
pub fn warm_up() {
    for re in [
        &AUTHOR_YEAR,
        &NUMBERED,
        &IDENTIFIER,
        &JOURNAL,
        &JOURNAL_NAME,
        &NAMED_STUDY,
        &EPONYMOUS_STUDY,
        &PUBLISHER_REPORT,
        &BRACKETED,
    ] {
        LazyLock::force(re);
    }
}

/// Whether a sentence names its source in the text.
pub fn names_a_source(sentence: &str) -> bool {
    // Every pattern but a named study needs a digit: most sentences have none.
    let digits = sentence.bytes().any(|b| b.is_ascii_digit()) || sentence.contains(['¹', '²', '³']);
    if !digits {
        return NAMED_STUDY.is_match(sentence)
            || JOURNAL_NAME.is_match(sentence)
            || eponym(sentence);
    }
    let named =
        NAMED_STUDY.is_match(sentence) || JOURNAL_NAME.is_match(sentence) || eponym(sentence);
    if named {
        return true;
    }
    NUMBERED.is_match(sentence)
        || IDENTIFIER.is_match(sentence)
        || PUBLISHER_REPORT.is_match(sentence)
        || BRACKETED.is_match(sentence)
        || JOURNAL.is_match(sentence)
        || AUTHOR_YEAR.captures_iter(sentence).any(|c| {
            let author = c
                .name("a")
                .or_else(|| c.name("b"))
                .or_else(|| c.name("c"))
                .map_or("", |m| m.as_str());
            let first = author.split_whitespace().next().unwrap_or("");
            !MONTHS.contains(&first)
        })
}

#[cfg(test)]
mod tests {
    use super::names_a_source;

    #[test]
    fn author_year_references() {
        for s in [
            "Scars improved in a small trial (Okafor et al., 2019).",
            "Scars improved (Okafor and Lind 2020).",
            "Scars improved (Okafor & Lind, 2020; Berg 2021).",
            "Okafor et al. (2019) found fewer scars.",
            "Berg (2021) saw the same.",
            "It rose (see Okafor 2019, p. 12).",
            "The pivotal trial: Okafor et al. 2013",
            "In 2013 the landmark Okafor study found a fourfold gain.",
            "Pinboard's 2018 trend forecast says saves rose by 345%.",
        ] {
            assert!(names_a_source(s), "{s}");
        }
    }

    #[test]
    fn numbered_references_identifiers_and_journals() {
        for s in [
            "Four in five patients improved [4].",
            "Four in five patients improved [4, 5].",
            "Four in five patients improved [4-6].",
            "Doctors have used it since the 1990s¹.",
            "See doi:10.1001/example.2014.1 for the data.",
            "The trial (PMID 24919799) found it.",
            "A 2014 trial published in JAMA Dermatology found it.",
            "A trial in the Journal of Cosmetic Surgery in 2019 found it.",
            "A study by Dr Okafor found fewer scars.",
            "Researchers at Leeds University found fewer scars.",
            "A study published in the Journal of Cosmetic Dermatology found less scarring.",
            "Scores improved by 44% (J Cutan Aesthet Surg, 2013).",
        ] {
            assert!(names_a_source(s), "{s}");
        }
    }

    #[test]
    fn dates_and_numbers_are_not_references() {
        for s in [
            "It became popular (April 2019) after a post.",
            "Rollers sold in 2019 had 1 mm needles.",
            "Eight in ten patients were happy.",
            "Apply it for 20 minutes [optional].",
            "Wait 6 weeks (since 2019 the advice is longer).",
            "A recent study found fewer scars.",
            "Research from abroad is thin.",
            "The Korean study found fewer scars.",
            "What The New Study Found",
        ] {
            assert!(!names_a_source(s), "{s}");
        }
    }
}
