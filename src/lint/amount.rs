//! A stated amount: its value in the dimension's unit, what it claims (exact, up to, below,
//! above), and numbers written as words. Shared by the finders (`quantity`, `frequency`,
//! `units`) and the checks that compare amounts.

use std::ops::Range;

/// A dimension: an index into `Units::dimensions`. The first three are built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dimension(pub u16);

impl Dimension {
    /// Millimetres.
    pub const LENGTH: Dimension = Dimension(0);
    /// Minutes.
    pub const TIME: Dimension = Dimension(1);
    /// Sessions, visits or treatments (a count needs a real number: "a session" is none).
    pub const COUNT: Dimension = Dimension(2);
}

/// What a stated value claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// "1.5 mm", "1 to 2 mm".
    Exact,
    /// A value that is reached: "up to 4 mm", "as long as 4 mm".
    UpTo,
    /// A limit every value stays under: "under 0.1 mm", "no longer than 0.3 mm", "0.3 mm or
    /// less", "within three days".
    Below,
    /// A limit every value is over: "more than 3 mm", "at least two weeks".
    Above,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte range in the text searched, including words such as "up to" and "or less".
    pub range: Range<usize>,
    /// Stated endpoints, in the dimension's unit (equal for a single value).
    pub lo: f64,
    pub hi: f64,
    pub dimension: Dimension,
    pub bound: Bound,
    /// "about", "around", "roughly"...
    pub approximate: bool,
    /// Leading words such as "as long as", lower-case ("" when none).
    pub lead: String,
    /// The number and unit as written ("ten to fifteen minutes").
    pub text: String,
    /// The factor of the unit it was stated in (60 for hours when the dimension is minutes).
    pub unit_factor: f64,
    /// A frequency: the time between repeats ("once a week"), see `frequency`.
    pub every: bool,
}

impl Quantity {
    /// The interval of values the statement allows, for comparing statements.
    pub fn interval(&self) -> (f64, f64) {
        let slack = if self.approximate { 0.25 } else { 0.0 };
        let (lo, hi) = (self.lo * (1.0 - slack), self.hi * (1.0 + slack));
        match self.bound {
            Bound::Exact => (lo, hi),
            Bound::UpTo | Bound::Below => (0.0, hi),
            Bound::Above => (lo, f64::INFINITY),
        }
    }

    /// Whether what is stated fits the allowed range `min..=max`.
    pub fn fits(&self, min: f64, max: f64) -> bool {
        match self.bound {
            Bound::Exact | Bound::UpTo => self.lo >= min && self.hi <= max,
            // "under 0.1 mm" leaves no allowed value when 0.1 is the minimum.
            Bound::Below => self.hi > min,
            Bound::Above => self.lo < max,
        }
    }
}

pub fn fmt(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("single", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
];

const FRACTIONS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
];

/// Amounts people give in words rather than as a number: "a couple of days", "a few weeks",
/// "a handful of sessions", "a dozen treatments". Each reads as the range a reader would take
/// from it, and whether that range is itself approximate ("a couple" is about two).
const VAGUE_AMOUNTS: &[(&str, f64, f64, bool)] = &[
    ("a couple of", 2.0, 2.0, true),
    ("couple of", 2.0, 2.0, true),
    ("a few", 2.0, 4.0, false),
    ("few", 2.0, 4.0, false),
    ("several", 3.0, 7.0, false),
    ("a handful of", 3.0, 5.0, false),
    ("a dozen", 12.0, 12.0, false),
    ("dozen", 12.0, 12.0, false),
];

/// The range an amount in words stands for, and whether it is approximate: a number or number
/// word is one value; "a few" is two to four.
pub(crate) fn amount(text: &str) -> Option<(f64, f64, bool)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    if let Some(&(_, lo, hi, approximate)) = VAGUE_AMOUNTS.iter().find(|(w, ..)| *w == text) {
        return Some((lo, hi, approximate));
    }
    number(&text).map(|v| (v, v, false))
}

/// The value of a number, number word or fraction phrase.
pub fn number(text: &str) -> Option<f64> {
    // "1,5 mm": a decimal comma (a thousands comma would have three digits after it).
    if let Ok(v) = text.replacen(',', ".", 1).parse::<f64>() {
        return Some(v);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let fraction = |w: &str| FRACTIONS.iter().find(|(f, _)| *f == w).map(|&(_, d)| d);
    match words.as_slice() {
        ["a" | "an"] => Some(1.0),
        ["half", _] | ["a" | "an", "half"] => Some(0.5),
        // "a fifth of a", "three quarters of a"
        [count, part, "of", ..] => {
            let n = if matches!(*count, "a" | "an") {
                1.0
            } else {
                word_value(count)?
            };
            Some(n / fraction(part)?)
        }
        [tens, ones] => Some(word_value(tens)? + word_value(ones)?),
        [one] => word_value(one),
        _ => None,
    }
}

fn word_value(word: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, v)| v)
}
