//! Efficacy stated as certain, universal or the best: "cures it", "clears any rash",
//! "works completely", "far superior results".

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::lint::check::ClaimHit;
use crate::lint::registry::Claim;
use crate::lint::rule::{Builtin, Rule};

pub(crate) const OVERSTATED_EFFICACY: Builtin = Builtin {
    id: "overstated-efficacy",
    category: Category::Efficacy,
    severity: Severity::Error,
    summary: "A result stated as certain, universal, permanent or the best",
    doc: r#"## What it does
Finds statements of what a treatment does (an efficacy word acting on a condition or outcome
that the registry knows, such as "eases the pain" or "improves the rash") and reports those
stated as certain ("completely", "will", "guaranteed", "dramatic"), as removal or reversal
("gets rid of", "undoes", "free of"), as universal ("every kind of", "any", "all") or as the best
("the most effective", "far superior"). A hedge ("may", "might", "potentially") leaves the
statement open and is not reported; "can" and "helps" do not outweigh a promise of removal.

The registry entry the statement matches is named, with its verdict and sources: a use that is
well supported can still be overstated.

## Why is this bad?
Trials of most treatments show partial, variable improvement, and not in everyone.
Promising certain, complete or universal results misleads readers and breaks advertising rules.

## Example
```markdown
It gets rid of eczema and will clear any rash.
```
Use instead:
```markdown
In small trials, the rash improved after four weeks of use; improvement was partial
[@trial2014].
```

## How to fix
Say how much improvement studies found, for whom and after how long, and cite them.
"#,
};

/// The finding for an overstated statement of `claim`.
pub(crate) fn diagnostic(hit: &ClaimHit, claim: &Claim) -> Diagnostic {
    let m = &hit.modality;
    let how = if m.superlative {
        "as the best"
    } else if m.universal {
        "as universal"
    } else {
        "as certain"
    };
    let phrase = hit
        .file
        .text()
        .get(hit.span.start..hit.span.end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Diagnostic::new(
        OVERSTATED_EFFICACY.id,
        Category::Efficacy,
        OVERSTATED_EFFICACY.severity,
        &hit.file,
        hit.span,
        format!("\"{phrase}\" states a result {how}"),
    )
    .label(format!(
        "`{}` is {}: the result is partial, not certain",
        claim.id,
        claim.verdict.as_str()
    ))
}

/// Found by the claims rule (`claims.rs`), which tells how a claim is stated.
pub(crate) const RULE: Rule = Rule {
    ids: &[OVERSTATED_EFFICACY],
    hooks: &[],
};
