//! How often something is repeated, as the time between repeats: "daily", "every other day",
//! "once a week", "twice a week", "2-3 times a week", "once every 4 weeks", "monthly".
//!
//! A frequency is a time quantity marked `every`: "once a week" is an interval of seven days,
//! not a duration of a week, so a measure of how long something lasts never reads it, and a
//! measure of how often something is done reads nothing else.

use std::sync::LazyLock;

use regex::Regex;

use super::amount::{amount, number, Bound, Dimension, Quantity};

const DAY: f64 = 1440.0;

const COUNT: &str = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|ten|twelve|(?:a\s+)?couple\s+of|(?:a\s+)?few|several)";
const PERIOD: &str = r"(?:day|night|week|fortnight|month|year)s?";

/// The pattern of a frequency (also read by the prefilter).
pub(crate) fn pattern_text() -> String {
    crate::lint::terms::ascii_classes(&format!(
        r"(?ix)
        (?P<daily>\b(?:daily|nightly|every\s+(?:single\s+)?(?:day|night)|each\s+(?:day|night)|once\s+(?:a|per|each)\s+(?:day|night))\b)
      | (?P<alternate>\b(?:every\s+(?:other|second|2nd)\s+(?P<ap>day|week|month)|on\s+alternate\s+(?P<aps>day|week|month)s|every\s+(?:two|2)\s+days)\b)
      | (?P<named>\b(?:weekly|fortnightly|monthly|yearly|annually)\b)
      | (?P<times>\b(?:(?P<t1>{COUNT})\s*(?:(?:-|–|to|or)\s*(?P<t2>{COUNT})\s*)?times|once|twice|thrice)\s+(?:a|per|each|every)\s+(?P<tp>{PERIOD})\b)
      | (?P<session>\b(?:(?P<s1>{COUNT})|a|an)\s+(?:sessions?|treatments?|applications?)\s+(?:a|per|each|every)\s+(?P<sp>{PERIOD})\b)
      | (?P<every>\b(?:once\s+)?every\s+(?:(?P<e1>{COUNT})\s*(?:(?:-|–|to|or)\s*(?P<e2>{COUNT})\s*)?)?(?P<ep>{PERIOD})\b)"
    ))
}

static FREQUENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&pattern_text()).expect("valid built-in pattern"));

/// Compiles the pattern now (see `lint::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&FREQUENCY);
}

/// Days in a period word ("week" -> 7).
fn period_days(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('s');
    Some(match w {
        "day" | "night" => 1.0,
        "week" => 7.0,
        "fortnight" => 14.0,
        "month" => 30.0,
        "year" => 365.0,
        _ => return None,
    })
}

/// Every frequency in `text`, as intervals in minutes.
pub(crate) fn find(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for caps in FREQUENCY.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let value = |name: &str| {
            caps.name(name)
                .and_then(|m| number(&m.as_str().to_lowercase()))
        };
        let days: Option<(f64, f64)> = if caps.name("daily").is_some() {
            Some((1.0, 1.0))
        } else if caps.name("alternate").is_some() {
            let period = (caps.name("ap").or(caps.name("aps")))
                .and_then(|p| period_days(p.as_str()))
                .unwrap_or(1.0);
            Some((2.0 * period, 2.0 * period))
        } else if let Some(named) = caps.name("named") {
            let period = match named.as_str().to_lowercase().as_str() {
                "weekly" => 7.0,
                "fortnightly" => 14.0,
                "monthly" => 30.0,
                _ => 365.0,
            };
            Some((period, period))
        } else if caps.name("times").is_some() {
            let period = caps.name("tp").and_then(|p| period_days(p.as_str()));
            let lead = whole.as_str().to_lowercase();
            let (a, b) = if lead.starts_with("once") {
                (Some(1.0), None)
            } else if lead.starts_with("twice") {
                (Some(2.0), None)
            } else if lead.starts_with("thrice") {
                (Some(3.0), None)
            } else {
                (value("t1"), value("t2"))
            };
            match (period, a) {
                (Some(p), Some(a)) if a > 0.0 => {
                    let b = b.filter(|b| *b > 0.0).unwrap_or(a);
                    Some((p / a.max(b), p / a.min(b)))
                }
                _ => None,
            }
        } else if caps.name("session").is_some() {
            let period = caps.name("sp").and_then(|p| period_days(p.as_str()));
            let count = value("s1").unwrap_or(1.0);
            period
                .filter(|_| count > 0.0)
                .map(|p| (p / count, p / count))
        } else {
            let period = caps.name("ep").and_then(|p| period_days(p.as_str()));
            // "every few days" is every two to four days.
            let (a_lo, a_hi) = caps
                .name("e1")
                .and_then(|m| amount(&m.as_str().to_lowercase()))
                .map_or((1.0, 1.0), |(lo, hi, _)| (lo, hi));
            let b = value("e2");
            period.map(|p| {
                let (lo, hi) = b.map_or((a_lo, a_hi), |b| (a_lo.min(b), a_hi.max(b)));
                (p * lo, p * hi)
            })
        };
        let Some((lo, hi)) = days else { continue };
        out.push(Quantity {
            range: whole.range(),
            lo: lo * DAY,
            hi: hi * DAY,
            dimension: Dimension::TIME,
            bound: Bound::Exact,
            approximate: false,
            lead: String::new(),
            text: whole.as_str().trim().to_owned(),
            unit_factor: DAY,
            every: true,
        });
    }
    // "daily or every other day": one interval from the first to the last.
    merge_alternatives(text, out)
}

/// Joins "daily or every other day", "once or twice a week" into one range.
fn merge_alternatives(text: &str, found: Vec<Quantity>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    for q in found {
        if let Some(last) = out.last_mut() {
            let gap = text[last.range.end..q.range.start].trim().to_lowercase();
            if gap == "or" || gap == "to" || gap == "-" || gap == "–" {
                last.lo = last.lo.min(q.lo);
                last.hi = last.hi.max(q.hi);
                last.range = last.range.start..q.range.end;
                last.text = text[last.range.clone()].trim().to_owned();
                continue;
            }
        }
        out.push(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Vec<(f64, f64)> {
        find(text)
            .iter()
            .map(|q| (q.lo / DAY, q.hi / DAY))
            .collect()
    }

    #[test]
    fn frequencies_become_intervals() {
        assert_eq!(days("Roll daily."), [(1.0, 1.0)]);
        assert_eq!(days("Use it every other day."), [(2.0, 2.0)]);
        assert_eq!(days("Use it daily or every other day."), [(1.0, 2.0)]);
        assert_eq!(days("Once a week is enough."), [(7.0, 7.0)]);
        assert_eq!(days("One session a week is enough."), [(7.0, 7.0)]);
        assert_eq!(days("Roll twice a week."), [(3.5, 3.5)]);
        assert_eq!(days("Roll 2-3 times a week."), [(7.0 / 3.0, 3.5)]);
        assert_eq!(days("Roll once every 4 weeks."), [(28.0, 28.0)]);
        assert_eq!(days("Treatments every 4 to 6 weeks."), [(28.0, 42.0)]);
        assert_eq!(days("Have it monthly."), [(30.0, 30.0)]);
    }

    #[test]
    fn frequencies_in_words() {
        assert_eq!(days("I roll every couple of days."), [(2.0, 2.0)]);
        assert_eq!(days("Roll every few days."), [(2.0, 4.0)]);
        assert_eq!(days("We book you in every other week."), [(14.0, 14.0)]);
        assert_eq!(days("Top-ups on alternate months."), [(60.0, 60.0)]);
        assert_eq!(days("Roll once a fortnight at most."), [(14.0, 14.0)]);
    }

    #[test]
    fn durations_are_not_frequencies() {
        assert!(find("Redness lasts a week.").is_empty());
        assert!(find("Wait four weeks before the next session.").is_empty());
    }
}
