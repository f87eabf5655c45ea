//! Dimensions and units: the built-in library (`builtin_units.yaml`: length, time, count) and
//! what a registry's `units.yaml` adds to it (percentages, an index written before its number
//! as in "SPF 50", mass per area, volumes, counts of anything).
//!
//! Values are compared in their dimension's base unit (factor 1). The built-in units have
//! their own finder (`quantity::find`); declared units get one pattern per registry, read the
//! same way, so that a registry without `units.yaml` lints exactly as before.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::amount::{fmt, Dimension, Quantity};
use super::quantity;
use crate::error::{Error, Result};
use crate::yaml::YamlDoc;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryDef {
    #[serde(default)]
    dimensions: Vec<DimensionDef>,
    #[serde(default)]
    units: Vec<UnitDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionDef {
    name: String,
    /// Its base unit, the one with factor 1.
    unit: String,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitDef {
    name: String,
    dimension: String,
    /// How many base units one of it is.
    #[serde(default = "one")]
    factor: f64,
    /// How messages write it (default: its plural, else its singular, else its first spelling).
    #[serde(default)]
    symbol: Option<String>,
    #[serde(default)]
    singular: Option<String>,
    #[serde(default)]
    plural: Option<String>,
    /// Other ways to write it: abbreviations, symbols, other spellings.
    #[serde(default)]
    spellings: Vec<String>,
    /// It stands before its number ("SPF 50").
    #[serde(default)]
    before: bool,
}

#[derive(Debug, Clone)]
pub struct DimensionInfo {
    pub name: String,
    /// Index of its base unit in `Units::units`.
    pub base: usize,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    pub dimension: Dimension,
    pub factor: f64,
    pub symbol: String,
    /// Singular, plural and other spellings.
    pub spellings: Vec<String>,
    pub before: bool,
    /// From the built-in library (found by `quantity::find`).
    pub builtin: bool,
}

/// The finder for declared units.
#[derive(Debug, Clone)]
struct Declared {
    /// Units after their number, and units before it.
    after: Option<Regex>,
    before: Option<Regex>,
    /// Declared unit by normalised spelling.
    by_spelling: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Units {
    pub dimensions: Vec<DimensionInfo>,
    pub units: Vec<Unit>,
    declared: Option<Declared>,
}

const BUILTIN: &str = include_str!("builtin_units.yaml");

static LIBRARY: LazyLock<Units> = LazyLock::new(|| {
    let def: LibraryDef = crate::yaml::YamlDoc::new(
        std::path::Path::new("src/lint/builtin_units.yaml"),
        BUILTIN,
        1,
    )
    .parse()
    .expect("valid built-in units");
    let mut units = Units {
        dimensions: Vec::new(),
        units: Vec::new(),
        declared: None,
    };
    let lines = Lines::new(BUILTIN);
    units
        .add(def, Path::new("builtin_units.yaml"), &lines, true)
        .expect("valid built-in units");
    units
});

/// Lowercase, with runs of whitespace as one space: how spellings are compared.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where each name is first written in a units file, for errors.
struct Lines<'a> {
    text: &'a str,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines { text }
    }

    /// 1-based line of the first line containing `name: <value>` (or the value at all).
    fn of(&self, key: &str, value: &str) -> Option<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let keyed = |l: &&str| {
            l.contains(&format!("{key}: {value}"))
                || l.contains(&format!("{key}: \"{value}\""))
                || l.contains(&format!("{key}: '{value}'"))
        };
        lines
            .iter()
            .position(keyed)
            .or_else(|| lines.iter().position(|l| l.contains(value)))
            .map(|i| i + 1)
    }
}

impl Units {
    /// The built-in library alone.
    pub fn builtin() -> &'static Units {
        &LIBRARY
    }

    /// The built-in library plus `<dir>/units.yaml`, if there is one.
    pub fn load(dir: &Path) -> Result<Units> {
        let mut units = LIBRARY.clone();
        let path = dir.join("units.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(units),
            Err(err) => return Err(Error::io(&path, "read", err)),
        };
        let def: LibraryDef = YamlDoc::new(&path, &text, 1)
            .parse::<Option<LibraryDef>>()?
            .unwrap_or_default();
        units.add(def, &path, &Lines::new(&text), false)?;
        units.compile(&path)?;
        Ok(units)
    }

    fn add(&mut self, def: LibraryDef, path: &Path, lines: &Lines, builtin: bool) -> Result<()> {
        let err = |key: &str, value: &str, message: String| {
            Error::at(path, lines.of(key, value), message)
        };
        let first_dimension = self.dimensions.len();
        for d in &def.dimensions {
            if self.dimension(&d.name).is_some() {
                return Err(err(
                    "name",
                    &d.name,
                    format!("duplicate dimension `{}`", d.name),
                ));
            }
            self.dimensions.push(DimensionInfo {
                name: d.name.clone(),
                base: usize::MAX,
            });
        }
        let mut spelled: HashMap<String, String> = self
            .units
            .iter()
            .flat_map(|u| u.spellings.iter().map(|s| (normalise(s), u.name.clone())))
            .collect();
        for u in def.units {
            if self.unit_named(&u.name).is_some() {
                return Err(err("name", &u.name, format!("duplicate unit `{}`", u.name)));
            }
            let Some(dimension) = self.dimension(&u.dimension) else {
                let names: Vec<&str> = self.dimensions.iter().map(|d| d.name.as_str()).collect();
                let mut e = err(
                    "dimension",
                    &u.dimension,
                    format!("unit `{}`: unknown dimension `{}`", u.name, u.dimension),
                );
                e = e.with_help(match crate::yaml::closest(&u.dimension, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "declare it under `dimensions:` (known: {})",
                        names.join(", ")
                    ),
                });
                return Err(e);
            };
            if !(u.factor.is_finite() && u.factor > 0.0) {
                return Err(err(
                    "name",
                    &u.name,
                    format!("unit `{}`: factor must be a positive number", u.name),
                ));
            }
            let spellings: Vec<String> = (u.singular.iter().chain(&u.plural))
                .chain(&u.spellings)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            if spellings.is_empty() {
                return Err(err(
                    "name",
                    &u.name,
                    format!(
                        "unit `{}` has no spelling, so no value can be in it",
                        u.name
                    ),
                )
                .with_help("give it `singular`, `plural` or `spellings`"));
            }
            for s in &spellings {
                if s.chars().any(char::is_numeric) && !s.chars().any(char::is_alphabetic) {
                    return Err(err(
                        "name",
                        &u.name,
                        format!("unit `{}`: spelling `{s}` has no letter or symbol", u.name),
                    ));
                }
                if let Some(other) = spelled.insert(normalise(s), u.name.clone()) {
                    if other != u.name {
                        return Err(err(
                            "name",
                            &u.name,
                            format!(
                                "unit `{}`: spelling `{s}` is already unit `{other}`",
                                u.name
                            ),
                        ));
                    }
                }
            }
            let symbol = u
                .symbol
                .clone()
                .or_else(|| u.plural.clone())
                .or_else(|| u.singular.clone())
                .unwrap_or_else(|| spellings[0].clone());
            self.units.push(Unit {
                name: u.name,
                dimension,
                factor: u.factor,
                symbol,
                spellings,
                before: u.before,
                builtin,
            });
        }
        for (i, d) in def.dimensions.iter().enumerate() {
            let index = first_dimension + i;
            let base = self
                .units
                .iter()
                .position(|u| u.name == d.unit && u.dimension.0 as usize == index);
            match base {
                Some(b) if self.units[b].factor == 1.0 => self.dimensions[index].base = b,
                _ => {
                    return Err(err(
                        "unit",
                        &d.unit,
                        format!(
                            "dimension `{}`: its unit `{}` must be one of its units, with factor 1",
                            d.name, d.unit
                        ),
                    ))
                }
            }
        }
        Ok(())
    }

    /// Compiles the finder for the units this registry declared.
    fn compile(&mut self, path: &Path) -> Result<()> {
        let declared: Vec<(usize, &Unit)> = (self.units.iter().enumerate())
            .filter(|(_, u)| !u.builtin)
            .collect();
        if declared.is_empty() {
            return Ok(());
        }
        let by_spelling: HashMap<String, usize> = declared
            .iter()
            .flat_map(|&(i, u)| u.spellings.iter().map(move |s| (normalise(s), i)))
            .collect();
        let alternation = |before: bool| -> Option<String> {
            let mut spellings: Vec<&String> = declared
                .iter()
                .filter(|(_, u)| u.before == before)
                .flat_map(|(_, u)| &u.spellings)
                .collect();
            // Longest first, so that "cm²" is not cut short at "cm".
            spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
            spellings.dedup();
            (!spellings.is_empty()).then(|| {
                let alts: Vec<String> = spellings.iter().map(|s| spelling_regex(s)).collect();
                format!("(?:{})", alts.join("|"))
            })
        };
        let (num, lead) = (quantity::NUM, quantity::LEAD);
        let tail = quantity::DECLARED_TAIL;
        let digits = r"(?:\d+,\d{1,2}\b|\d+(?:\.\d+)?|\.\d+)";
        let compile = |pattern: String| {
            Regex::new(&crate::lint::terms::ascii_classes(&pattern))
                .map_err(|e| Error::at(path, None, format!("units too large to match: {e}")))
        };
        let after = alternation(false)
            .map(|u| compile(format!(
                r"(?i){lead}(?P<a>{num})(?:\s*(?P<ua>{u}))?(?:\s*(?:-|–|—|to|and|or)\s*(?P<b>{num}))?[\s-]*(?P<ub>{u}){tail}"
            )))
            .transpose()?;
        let before = alternation(true)
            .map(|u| compile(format!(
                r"(?i){lead}(?P<pu>{u})[\s-]*(?P<a>{digits})(?:\s*(?:-|–|—|to|and|or)\s*(?:{u}[\s-]*)?(?P<b>{digits}))?\b{tail}"
            )))
            .transpose()?;
        self.declared = Some(Declared {
            after,
            before,
            by_spelling,
        });
        Ok(())
    }

    /// A dimension by name.
    pub fn dimension(&self, name: &str) -> Option<Dimension> {
        (self.dimensions.iter())
            .position(|d| d.name == name)
            .map(|i| Dimension(i as u16))
    }

    fn unit_named(&self, name: &str) -> Option<usize> {
        self.units.iter().position(|u| u.name == name)
    }

    /// A unit by name or by any of its spellings (case and spacing aside).
    pub fn resolve(&self, text: &str) -> Option<&Unit> {
        let t = normalise(text);
        (self.units.iter())
            .find(|u| u.name == text)
            .or_else(|| (self.units.iter()).find(|u| u.spellings.iter().any(|s| normalise(s) == t)))
    }

    /// Every unit name and spelling, for suggestions.
    pub fn names(&self) -> Vec<&str> {
        (self.units.iter())
            .flat_map(|u| std::iter::once(&u.name).chain(&u.spellings))
            .map(String::as_str)
            .collect()
    }

    pub fn dimension_name(&self, d: Dimension) -> &str {
        &self.dimensions[d.0 as usize].name
    }

    fn base(&self, d: Dimension) -> &Unit {
        &self.units[self.dimensions[d.0 as usize].base]
    }

    /// "1.5 mm", "0.5-2.5 mm", "10-15 minutes", "every 7 days", "SPF 50", "97%".
    pub fn describe(&self, q: &Quantity) -> String {
        if q.every {
            let (lo, hi) = (q.lo / q.unit_factor, q.hi / q.unit_factor);
            return if lo == hi {
                format!("every {} days", fmt(lo))
            } else {
                format!("every {}-{} days", fmt(lo), fmt(hi))
            };
        }
        self.format(q.dimension, q.lo, q.hi)
    }

    /// A value or range in the dimension's base unit: "0.3 mm", "0.5-2.5 mm", "SPF 30-50",
    /// "97%".
    pub fn format(&self, d: Dimension, lo: f64, hi: f64) -> String {
        if lo == hi {
            self.with_unit(d, fmt(lo))
        } else {
            self.format_range(d, lo, hi)
        }
    }

    /// A range in the dimension's base unit, even when its ends are equal: "0.03-0.3 mm".
    pub fn format_range(&self, d: Dimension, lo: f64, hi: f64) -> String {
        self.with_unit(d, format!("{}-{}", fmt(lo), fmt(hi)))
    }

    fn with_unit(&self, d: Dimension, value: String) -> String {
        let base = self.base(d);
        let symbol = &base.symbol;
        if base.before {
            format!("{symbol} {value}")
        } else if symbol.starts_with(|c: char| c.is_alphanumeric()) {
            format!("{value} {symbol}")
        } else {
            format!("{value}{symbol}")
        }
    }

    /// Every quantity with a unit in `text`: the built-in ones, and those in declared units
    /// (a longer declared one, "2 cm²", wins over a built-in one inside it, "2 cm").
    pub fn find(&self, text: &str) -> Vec<Quantity> {
        let mut out = quantity::find(text);
        let Some(declared) = &self.declared else {
            return out;
        };
        let unit = |t: &str| {
            let &i = declared.by_spelling.get(&normalise(t))?;
            Some((self.units[i].dimension, self.units[i].factor))
        };
        let mut found: Vec<Quantity> = (declared.after.iter().chain(&declared.before))
            .flat_map(|re| re.captures_iter(text))
            .filter_map(|caps| quantity::read(text, &caps, &unit))
            .collect();
        found.sort_by_key(|q| (q.range.start, std::cmp::Reverse(q.range.end)));
        for q in found {
            let overlaps =
                |o: &Quantity| o.range.start < q.range.end && q.range.start < o.range.end;
            if out
                .iter()
                .any(|o| overlaps(o) && o.range.len() >= q.range.len())
            {
                continue;
            }
            out.retain(|o| !overlaps(o));
            out.push(q);
        }
        out.sort_by_key(|q| q.range.start);
        out
    }

    /// What the prefilter looks for: wherever `find` can return a quantity, this matches.
    pub fn prefilter_text(&self) -> String {
        let builtin = quantity::prefilter_text();
        let Some(declared) = &self.declared else {
            return builtin;
        };
        let mut out = builtin;
        // One pattern of the prefilter's set: the finder's group names would clash.
        static NAMED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(\?P<\w+>").unwrap());
        for re in declared.after.iter().chain(&declared.before) {
            out.push('|');
            out.push_str(&NAMED.replace_all(re.as_str(), "(?:"));
        }
        out
    }
}

/// The pattern of one spelling: letters and symbols literally, a space as any spacing, and
/// word boundaries where the spelling starts or ends with a letter.
fn spelling_regex(spelling: &str) -> String {
    let mut out = String::new();
    // (Word boundaries are ASCII: "cm²" ends with no word character.)
    if spelling.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(r"\b");
    }
    let words: Vec<String> = spelling.split_whitespace().map(regex::escape).collect();
    out.push_str(&words.join(r"\s+"));
    if spelling.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(r"\b");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in finder reads every spelling of the library as the library says.
    #[test]
    fn builtin_finder_agrees_with_the_library() {
        let units = Units::builtin();
        let re = Regex::new(&format!("^(?:{})$", quantity::pattern_text())).unwrap();
        for u in &units.units {
            for s in &u.spellings {
                assert_eq!(
                    quantity::unit(s),
                    Some((u.dimension, u.factor)),
                    "{s} ({})",
                    u.name
                );
                assert!(re.is_match(&format!("12 {s}")), "the finder misses 12 {s}");
            }
        }
        assert_eq!(units.format(Dimension::LENGTH, 0.03, 0.3), "0.03-0.3 mm");
        assert_eq!(units.format(Dimension::TIME, 10.0, 10.0), "10 minutes");
        assert_eq!(units.format(Dimension::COUNT, 2.0, 6.0), "2-6 sessions");
    }

    fn declared() -> Units {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("units.yaml"),
            "dimensions:\n  - {name: fraction, unit: percent}\n  - {name: index, unit: spf}\n  - {name: dose, unit: mg/cm²}\n  - {name: volume, unit: ml}\nunits:\n  - {name: percent, dimension: fraction, spellings: ['%', per cent, percent]}\n  - {name: spf, dimension: index, spellings: [SPF], before: true}\n  - {name: mg/cm², dimension: dose, spellings: [mg/cm², mg/cm2]}\n  - {name: ml, dimension: volume, singular: millilitre, plural: millilitres, spellings: [ml]}\n  - {name: teaspoon, dimension: volume, factor: 5, singular: teaspoon, plural: teaspoons}\n",
        )
        .unwrap();
        Units::load(dir.path()).unwrap()
    }

    #[test]
    fn declared_units_are_found() {
        let units = declared();
        let one = |text: &str| {
            let q = units.find(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            (
                q[0].lo,
                q[0].hi,
                units.dimension_name(q[0].dimension).to_owned(),
            )
        };
        assert_eq!(
            one("blocks about 97% of UVB"),
            (97.0, 97.0, "fraction".into())
        );
        assert_eq!(one("use SPF 30 or higher"), (30.0, 30.0, "index".into()));
        assert_eq!(one("SPF 30 to 50"), (30.0, 50.0, "index".into()));
        assert_eq!(one("tested at 2 mg/cm² of skin"), (2.0, 2.0, "dose".into()));
        assert_eq!(one("a teaspoon for the face"), (5.0, 5.0, "volume".into()));
        assert_eq!(one("two teaspoons"), (10.0, 10.0, "volume".into()));
        assert_eq!(one("rinse for 40 minutes"), (40.0, 40.0, "time".into()));
        let q = &units.find("at least SPF 30")[0];
        assert_eq!(q.bound, quantity::Bound::Above);
        assert_eq!(units.format(q.dimension, 30.0, 50.0), "SPF 30-50");
        assert_eq!(
            units.format(units.find("97%")[0].dimension, 97.0, 97.0),
            "97%"
        );
        let possible = Regex::new(&units.prefilter_text()).unwrap();
        assert!(possible.is_match("SPF 50") && possible.is_match("2 mg/cm2"));
    }

    #[test]
    fn mistakes_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| {
            std::fs::write(dir.path().join("units.yaml"), text).unwrap();
            Units::load(dir.path()).unwrap_err()
        };
        let e = write("dimensions:\n  - {name: index, unit: spf}\nunits:\n  - {name: spf, dimension: indx, spellings: [SPF]}\n");
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(e.message.contains("unknown dimension `indx`"), "{e:?}");
        let e = write("units:\n  - {name: fortnight, dimension: time}\n");
        assert!(e.message.contains("no spelling"), "{e:?}");
        let e = write("units:\n  - {name: minuten, dimension: time, spellings: [mins]}\n");
        assert!(e.message.contains("already unit `minute`"), "{e:?}");
    }
}
