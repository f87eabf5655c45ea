//! Built-in checks, one file per rule. Each file holds the rule's documentation (printed by
//! `vetted explain`) and its check. Phrase rules are data: see `lints/rules/*.yaml`.

pub mod bibliography;
pub mod claims;
pub mod consistency;
pub mod dimension;
pub mod links;
pub mod metadata;
pub mod overstated;
pub mod phrase;
pub mod readability;
pub mod statistic;
pub mod suppression;
pub mod unsafe_html;

use crate::diagnostic::{Category, Severity};

/// A built-in rule's identity and documentation.
pub struct Builtin {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
}

/// Every built-in rule. Adding a rule: a new file here, one line in this list.
pub const BUILTIN: &[Builtin] = &[
    dimension::OUT_OF_RANGE,
    dimension::LENGTH_AS_DIAMETER,
    statistic::RULE,
    claims::UNSUPPORTED,
    claims::CONTRADICTING,
    overstated::RULE,
    consistency::RULE,
    metadata::MISSING,
    metadata::OVERDUE,
    metadata::FRONT_MATTER,
    metadata::UNREADABLE,
    readability::RULE,
    links::BROKEN_LINK,
    links::UNKNOWN_CITATION,
    links::DUPLICATE_URL,
    unsafe_html::RULE,
    bibliography::NO_IDENTIFIER,
    bibliography::PLACEHOLDER_TITLE,
    suppression::UNUSED,
    suppression::INVALID,
];

pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|r| r.id == id)
}
