//! Built-in checks, one file per rule, named by its id (`uncited_statistic.rs` reports
//! `uncited-statistic`); a file whose check reports a family of ids is named by the family
//! (`links.rs`: `broken-link`, `unknown-citation`, `duplicate-url`). Each file holds its ids'
//! documentation (printed by `vetted explain`), its hooks and its check. Phrase rules are
//! data: see `lints/rules/*.yaml`.

pub(crate) mod bibliography;
pub(crate) mod claims;
pub(crate) mod dimension;
pub(crate) mod inconsistent_quantity;
pub(crate) mod links;
pub(crate) mod metadata;
pub(crate) mod overstated_efficacy;
pub(crate) mod phrase;
pub(crate) mod reading_grade;
pub(crate) mod suppression;
#[cfg(test)]
mod test_rule;
pub(crate) mod uncited_statistic;
pub(crate) mod unsafe_html;

use super::rule::{Builtin, Hook, Rule};

/// Every built-in rule, in the order its hooks run (a sentence check sees the ranges the
/// checks before it took) and `vetted explain` lists its ids. Adding a rule: a new file here
/// with its `Rule` (ids, documentation, hooks), and one line in this list; the prefilter, the
/// linter's loops, `vetted explain` and the rule ids a suppression or `config.yaml` may name
/// follow.
pub(crate) const RULES: &[&Rule] = &[
    &phrase::RULE,
    &dimension::RULE,
    &uncited_statistic::RULE,
    &claims::RULE,
    &overstated_efficacy::RULE,
    &inconsistent_quantity::RULE,
    &metadata::RULE,
    &reading_grade::RULE,
    &links::RULE,
    &unsafe_html::RULE,
    &bibliography::RULE,
    &suppression::RULE,
    #[cfg(test)]
    &test_rule::RULE,
];

/// Every rule id with its documentation, in the order of `RULES`.
pub(crate) fn builtins() -> impl Iterator<Item = &'static Builtin> {
    RULES.iter().flat_map(|r| r.ids)
}

#[cfg(test)]
pub(crate) fn builtin(id: &str) -> Option<&'static Builtin> {
    builtins().find(|r| r.id == id)
}

/// Every hook of every rule, in the order of `RULES`.
pub(crate) fn hooks() -> impl Iterator<Item = &'static Hook> {
    RULES.iter().flat_map(|r| r.hooks)
}
