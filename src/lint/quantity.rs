//! Quantities in prose: "0.5 mm", ".5 mm", "1,5 mm", "0.75-1.5mm", "between 1 and 2
//! millimetres", "up to 2 mm", "0.3 mm or less", "two to four weeks", "a fifth of a
//! millimetre", "an hour", "a single visit".
//!
//! Values are converted to one unit per dimension (millimetres, minutes, sessions) so the
//! registry can state ranges once. This finder knows the built-in units (`builtin_units.yaml`);
//! units a registry declares are found by `units::Units::find` with the same reading.

use std::sync::LazyLock;

use regex::Regex;

pub use super::amount::{fmt, number, Bound, Dimension, Quantity};

pub(super) const NUM: &str = r"(?:(?:a\s+)?couple\s+of|a\s+few|a\s+handful\s+of|several|(?:a\s+)?dozen|(?:a|an|one|two|three|four|nine)[\s-]+(?:half|halves|thirds?|quarters?|fifths?|tenths?)\s+of\s+an?|half\s+an?|an?\s+half|\d+,\d{1,2}\b|\d+(?:\.\d+)?|\.\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|an?)";
const UNIT: &str = r"(?:mm|millimet(?:re|er)s?|µm|μm|um|microns?|micromet(?:re|er)s?|cm|centimet(?:re|er)s?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|sessions?|treatments?|visits?|appointments?)";

/// What the prefilter looks for: wherever `find` can return a quantity, this matches.
///
/// It leaves out the optional leading and trailing words ("up to about", "or less"), which
/// only widen a match, and a bare "a"/"an" before a count ("a session", which `find` skips):
/// an article counts only before a length or a time ("a week"), and only as a word of its own.
/// Most paragraphs mention "a treatment" or "a visit"; they no longer need the quantity check.
pub fn prefilter_text() -> String {
    let number = NUM
        .strip_suffix("|an?)")
        .expect("NUM ends with the bare article");
    let count_units = "|sessions?|treatments?|visits?|appointments?";
    assert!(
        UNIT.contains(count_units),
        "UNIT lists the count units last"
    );
    let length_or_time = UNIT.replace(count_units, "");
    let rest = format!(r"(?:\s*{UNIT}\b)?(?:\s*(?:-|–|—|to|and|or)\s*{NUM})?[\s-]*");
    // After an article only a unit of its own can follow: "a to 3 days" is found by the number
    // ("3 days"), "an hour or two" by "an hour".
    let frequency = super::frequency::pattern_text();
    let frequency = frequency.trim_start_matches("(?ix)");
    format!(
        r"{}|(?i)\bovernight\b|(?ix){frequency}",
        crate::lint::terms::ascii_classes(&format!(
            r"(?i){number}){rest}{UNIT}\b|\ban?[\s-]*{length_or_time}\b"
        ))
    )
}

/// Leading words, which may chain: "up to about", "anywhere from", "a good".
pub(super) const LEAD: &str = r"(?P<lead>(?:(?:between|(?:anywhere\s+)?from|up\s+to|within|as\s+(?:long|short|deep|thick|wide|little|much|many)\s+as|no\s+(?:longer|more|deeper|thicker|wider|greater|shorter)\s+than|(?:much\s+|far\s+|well\s+)?(?:less|more|longer|shorter|deeper|thicker|wider|greater|fewer)\s+than|(?:well\s+|just\s+)?(?:under|below|over|above|beyond)|at\s+(?:least|most)|about|around|roughly|approximately|nearly|almost|some|a\s+good)\s+){1,3})?";
/// A second number after the unit: "a day or two", "a week or three".
const OR_MORE: &str = r"(?:\s+or\s+(?P<c>two|three|four|[2-4])\b)?";
/// Trailing words: "or less", "or so".
const TAIL: &str = r"(?P<tail>\s+or\s+(?:less|more|under|below|shorter|longer|fewer|so|over))?";
/// Trailing words after a unit a registry declares, which may also be "or higher".
pub(super) const DECLARED_TAIL: &str = r"(?P<tail>\s+or\s+(?:less|more|under|below|shorter|longer|fewer|so|over|higher|lower|above|greater))?";

/// The pattern of a quantity.
pub fn pattern_text() -> String {
    crate::lint::terms::ascii_classes(&format!(
        r"(?i){LEAD}(?P<a>{NUM})(?:\s*(?P<ua>{UNIT})\b)?(?:\s*(?:-|–|—|to|and|or)\s*(?P<b>{NUM}))?[\s-]*(?P<ub>{UNIT})\b{OR_MORE}{TAIL}"
    ))
}

static QUANTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&pattern_text()).expect("valid built-in pattern"));

/// Compiles the quantity pattern now (see `lint::warm_up`).
pub fn warm_up() {
    LazyLock::force(&QUANTITY);
}

/// What the leading and trailing words say about the value.
fn bound(lead: &[&str], tail: &str) -> Bound {
    let first = lead.first().copied().unwrap_or("");
    let lead_text = lead.join(" ");
    // ("higher" and "lower" only follow units a registry declares: "SPF 30 or higher".)
    let below_tail = ["less", "under", "below", "shorter", "fewer", "lower"]
        .iter()
        .any(|w| tail.contains(w));
    let above_tail = ["more", "longer", "over", "higher", "above", "greater"]
        .iter()
        .any(|w| tail.contains(w));
    if first == "up" || first == "as" {
        Bound::UpTo
    } else if below_tail
        || ["under", "below", "less", "fewer", "shorter", "no", "within"].contains(&first)
        || lead_text.starts_with("at most")
    {
        Bound::Below
    } else if above_tail
        || [
            "over", "above", "beyond", "more", "longer", "deeper", "greater", "thicker", "wider",
        ]
        .contains(&first)
        || lead_text.starts_with("at least")
    {
        Bound::Above
    } else {
        Bound::Exact
    }
}

/// Every quantity with a built-in unit in `text`.
pub fn find(text: &str) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = QUANTITY
        .captures_iter(text)
        .filter_map(|caps| read(text, &caps, &unit))
        .collect();
    out.extend(overnight(text));
    // "once a week" is a frequency, not a week.
    let frequencies = super::frequency::find(text);
    out.retain(|q| {
        !frequencies
            .iter()
            .any(|f| f.range.start < q.range.end && q.range.start < f.range.end)
    });
    out.extend(frequencies);
    out.sort_by_key(|q| q.range.start);
    out
}

static OVERNIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bovernight\b").expect("valid built-in pattern"));

/// "Gone overnight": a time of less than a day, stated in days.
fn overnight(text: &str) -> impl Iterator<Item = Quantity> + '_ {
    const DAY: f64 = 1440.0;
    OVERNIGHT.find_iter(text).map(move |m| Quantity {
        range: m.range(),
        lo: DAY,
        hi: DAY,
        dimension: Dimension::TIME,
        bound: Bound::Below,
        approximate: false,
        lead: String::new(),
        text: m.as_str().to_owned(),
        unit_factor: DAY,
        every: false,
    })
}

/// The quantity a match of a quantity pattern states, if any. Named groups: `a` and `b` (the
/// numbers), `ub` (the unit after them) or `pu` (a unit before them, as in "SPF 50"), `ua` (a
/// unit after the first number of a range), `lead` and `tail` (words that bound the value).
/// `unit` gives a unit's dimension and its factor to the dimension's base unit.
pub(super) fn read(
    text: &str,
    caps: &regex::Captures,
    unit: &dyn Fn(&str) -> Option<(Dimension, f64)>,
) -> Option<Quantity> {
    let whole = caps.get(0)?;
    let a = caps.name("a")?;
    let ub = caps.name("ub").or_else(|| caps.name("pu"))?;
    let start = a.start().min(ub.start());
    if glued(text, start) && caps.name("lead").is_none() {
        return None;
    }
    let (dimension, factor_b) = unit(ub.as_str())?;
    let factor_a = match caps.name("ua").and_then(|u| unit(u.as_str())) {
        Some((d, f)) if d == dimension => f,
        Some(_) => return None,
        None => factor_b,
    };
    let a_text = a.as_str().to_lowercase();
    if dimension == Dimension::COUNT && count_in_passing(&a_text, &text[whole.end()..]) {
        return None;
    }
    let (lo, mut hi, vague) = value_range(&a_text, factor_a, caps.name("b"), factor_b)?;
    // "a day or two": the unit came after the first number only.
    if let Some(c) = caps
        .name("c")
        .and_then(|c| number(&c.as_str().to_lowercase()))
    {
        hi = hi.max(c * factor_b);
    }
    let lead = caps
        .name("lead")
        .map(|l| l.as_str().trim().to_lowercase())
        .unwrap_or_default();
    let lead_words: Vec<&str> = lead
        .split_whitespace()
        .filter(|w| !["much", "far", "well", "just"].contains(w))
        .collect();
    let tail = caps
        .name("tail")
        .map(|t| t.as_str().to_lowercase())
        .unwrap_or_default();
    let approximate = vague || is_approximate(&lead_words, &tail);
    Some(Quantity {
        range: whole.range(),
        lo,
        hi,
        dimension,
        bound: bound(&lead_words, &tail),
        approximate,
        text: text[start..whole.end()].trim().to_owned(),
        unit_factor: factor_b,
        lead,
        every: false,
    })
}

/// Whether the number at `start` is glued to a word or another number ("x1", "2.3.4"): then
/// it is no quantity (unless leading words came before it).
fn glued(text: &str, start: usize) -> bool {
    let before = text[..start].chars().last();
    before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_')
}

/// Whether a count whose number reads `a_text` is mentioned in passing, not counted: "a
/// session" (only counts need a real number word), or "between one session and the next",
/// "from one session to another" (which one, not how many). `rest` follows the match.
fn count_in_passing(a_text: &str, rest: &str) -> bool {
    if a_text == "a" || a_text == "an" {
        return true;
    }
    if a_text != "one" {
        return false;
    }
    let rest = rest.trim_start();
    [
        "and the next",
        "to the next",
        "and another",
        "to another",
        "and the following",
    ]
    .iter()
    .any(|t| {
        rest.get(..t.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(t))
    })
}

/// The low and high values, in the dimension's base unit, of the amount `a_text` and the
/// optional second number `b` of a range, and whether the amount in words is approximate ("a
/// couple of"); `None` when a number does not read as one.
fn value_range(
    a_text: &str,
    factor_a: f64,
    b: Option<regex::Match>,
    factor_b: f64,
) -> Option<(f64, f64, bool)> {
    let (lo, hi, approximate) = super::amount::amount(a_text)?;
    let b = b.map(|b| number(&b.as_str().to_lowercase()));
    let (lo, hi) = (lo * factor_a, hi * factor_a);
    match b {
        Some(Some(vb)) => {
            let vb = vb * factor_b;
            Some((lo.min(vb), hi.max(vb), approximate))
        }
        Some(None) => None,
        None => Some((lo, hi, approximate)),
    }
}

/// Whether the leading or trailing words make the value approximate ("about", "or so").
fn is_approximate(lead_words: &[&str], tail: &str) -> bool {
    lead_words.iter().any(|w| {
        [
            "about",
            "around",
            "roughly",
            "approximately",
            "nearly",
            "almost",
            "some",
            "good",
        ]
        .contains(w)
    }) || tail.contains("or so")
}

/// The dimension of a unit and its factor to the dimension's own unit.
pub fn unit(text: &str) -> Option<(Dimension, f64)> {
    let t = text.to_lowercase();
    let t = t.as_str();
    Some(match t {
        "mm" => (Dimension::LENGTH, 1.0),
        "µm" | "μm" | "um" => (Dimension::LENGTH, 0.001),
        "cm" => (Dimension::LENGTH, 10.0),
        _ if t.starts_with("millimet") => (Dimension::LENGTH, 1.0),
        _ if t.starts_with("micron") || t.starts_with("micromet") => (Dimension::LENGTH, 0.001),
        _ if t.starts_with("centimet") => (Dimension::LENGTH, 10.0),
        _ if t.starts_with("min") => (Dimension::TIME, 1.0),
        _ if t.starts_with('h') => (Dimension::TIME, 60.0),
        _ if t.starts_with("day") => (Dimension::TIME, 1440.0),
        _ if t.starts_with("week") => (Dimension::TIME, 10_080.0),
        _ if t.starts_with("fortnight") => (Dimension::TIME, 20_160.0),
        _ if t.starts_with("month") => (Dimension::TIME, 43_830.0),
        _ if ["session", "treatment", "visit", "appointment"]
            .iter()
            .any(|u| t.starts_with(u)) =>
        {
            (Dimension::COUNT, 1.0)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (f64, f64, Dimension, Bound) {
        let q = find(text);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        (q[0].lo, q[0].hi, q[0].dimension, q[0].bound)
    }

    #[test]
    fn parses_values_ranges_and_units() {
        use Bound::*;
        assert_eq!(
            one("needles 1.5 mm long"),
            (1.5, 1.5, Dimension::LENGTH, Exact)
        );
        assert_eq!(one("a .5 mm pin"), (0.5, 0.5, Dimension::LENGTH, Exact));
        assert_eq!(
            one("needles of 1,5 mm"),
            (1.5, 1.5, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("set to 0.75-1.5mm"),
            (0.75, 1.5, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("between 1 and 2 millimetres"),
            (1.0, 2.0, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("from 0.5 mm to 2.5 mm long"),
            (0.5, 2.5, Dimension::LENGTH, Exact)
        );
        assert_eq!(one("500 µm long"), (0.5, 0.5, Dimension::LENGTH, Exact));
        assert_eq!(
            one("about 150 microns thick"),
            (0.15, 0.15, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("two to four weeks"),
            (20160.0, 40320.0, Dimension::TIME, Exact)
        );
        assert_eq!(
            one("ten to fifteen minutes"),
            (10.0, 15.0, Dimension::TIME, Exact)
        );
        assert_eq!(one("about an hour"), (60.0, 60.0, Dimension::TIME, Exact));
        assert_eq!(
            one("twenty-five minutes"),
            (25.0, 25.0, Dimension::TIME, Exact)
        );
        assert_eq!(one("a single visit"), (1.0, 1.0, Dimension::COUNT, Exact));
        assert_eq!(
            one("three to six appointments"),
            (3.0, 6.0, Dimension::COUNT, Exact)
        );
    }

    #[test]
    fn amounts_in_words() {
        let days = |text: &str| {
            let q = find(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            (q[0].lo / 1440.0, q[0].hi / 1440.0, q[0].approximate)
        };
        assert_eq!(days("pink for a day or two"), (1.0, 2.0, false));
        assert_eq!(days("a couple of days of redness"), (2.0, 2.0, true));
        assert_eq!(days("a few weeks off work"), (14.0, 28.0, false));
        assert_eq!(days("sore for several days"), (3.0, 7.0, false));
        assert_eq!(days("plan on a fortnight"), (14.0, 14.0, false));
        assert_eq!(days("the redness was gone overnight"), (1.0, 1.0, false));
        assert_eq!(find("gone overnight")[0].bound, Bound::Below);
        let count = |text: &str| {
            let q = find(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            (q[0].lo, q[0].hi, q[0].dimension)
        };
        assert_eq!(count("a handful of sessions"), (3.0, 5.0, Dimension::COUNT));
        assert_eq!(
            count("a dozen treatments or more"),
            (12.0, 12.0, Dimension::COUNT)
        );
    }

    #[test]
    fn fractions_of_a_unit() {
        use Bound::*;
        assert_eq!(
            one("a quarter of a millimetre or less"),
            (0.25, 0.25, Dimension::LENGTH, Below)
        );
        assert_eq!(
            one("roughly a fifth of a millimetre across"),
            (0.2, 0.2, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("three quarters of a millimetre"),
            (0.75, 0.75, Dimension::LENGTH, Exact)
        );
        assert_eq!(
            one("half a millimetre"),
            (0.5, 0.5, Dimension::LENGTH, Exact)
        );
    }

    #[test]
    fn bounds_say_what_is_claimed() {
        use Bound::*;
        assert_eq!(one("up to 2 mm"), (2.0, 2.0, Dimension::LENGTH, UpTo));
        assert_eq!(
            one("needles as long as 4 mm"),
            (4.0, 4.0, Dimension::LENGTH, UpTo)
        );
        assert_eq!(one("0.3 mm or less"), (0.3, 0.3, Dimension::LENGTH, Below));
        assert_eq!(
            one("no longer than 0.3 mm"),
            (0.3, 0.3, Dimension::LENGTH, Below)
        );
        assert_eq!(
            one("well under a millimetre thick"),
            (1.0, 1.0, Dimension::LENGTH, Below)
        );
        assert_eq!(
            one("gone within two or three days"),
            (2880.0, 4320.0, Dimension::TIME, Below)
        );
        assert_eq!(
            one("rarely go beyond 2.5 mm"),
            (2.5, 2.5, Dimension::LENGTH, Above)
        );
        assert_eq!(
            one("much longer than a week"),
            (10080.0, 10080.0, Dimension::TIME, Above)
        );
        assert_eq!(
            one("can last up to about a week"),
            (10080.0, 10080.0, Dimension::TIME, UpTo)
        );
        assert!(find("up to about a week")[0].approximate);
        assert!(find("a good 75 minutes")[0].approximate);
    }

    #[test]
    fn fits_reads_bounds() {
        let q = |t: &str| find(t).remove(0);
        assert!(!q("up to 4 mm").fits(0.1, 3.0));
        assert!(q("no longer than 0.3 mm").fits(0.1, 1.0));
        assert!(!q("under 0.1 mm").fits(0.1, 1.0));
        assert!(q("well under a millimetre").fits(0.03, 0.3));
        assert!(q("beyond 2.5 mm").fits(0.25, 3.0));
        assert!(!q("more than 3 mm").fits(0.25, 3.0));
    }

    #[test]
    fn ignores_numbers_without_units_and_single_sessions() {
        assert!(find("Eight in ten patients, 60% of them, in 2008").is_empty());
        assert!(find("a session takes time").is_empty());
    }

    /// The prefilter may skip a paragraph only if `find` would return nothing there.
    #[test]
    fn prefilter_matches_wherever_a_quantity_is_found() {
        let possible = Regex::new(&prefilter_text()).unwrap();
        let mut texts: Vec<String> = [
            "a week later",
            "an hour or two",
            "a 2 mm needle",
            "a half millimetre",
            "half a day",
            "a quarter of a millimetre",
            "a to 3 days",
            "a mm to 2 mm",
            "2 to a session",
            "up to a week",
            "about an hour or so",
            "a 1-2 mm roller",
            "three to six sessions",
            "0.5mm",
            "no deeper than 1,5 mm",
            "twenty-one days",
            "a couple of weeks",
            "a handful of sessions",
            "gone overnight",
            "every few days",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        for entry in walkdir::WalkDir::new(content).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.extend(text.split(['.', '\n', '!', '?']).map(str::to_owned));
            }
        }
        let mut found = 0;
        for text in &texts {
            if !find(text).is_empty() {
                found += 1;
                assert!(possible.is_match(text), "prefilter misses {text:?}");
            }
        }
        assert!(found > 80, "only {found} quantities in the sample");
    }
}
