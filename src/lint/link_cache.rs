//! The link findings the live preview keeps between saves.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use crate::content::Document;
use crate::diagnostic::Diagnostic;

/// The link and citation findings of each article (by `rel`), kept by the preview between
/// saves: an article's links are checked again only after `forget` named it. The registry
/// (ledger links, citation keys) is not watched: the preview starts afresh when it changes.
#[derive(Default)]
pub(crate) struct LinkCache(Mutex<HashMap<String, Vec<Diagnostic>>>);

impl LinkCache {
    /// Forgets the findings of the `edited` articles and of every article in `docs` with a
    /// link into one of `targets` (articles whose headings or URL changed, or that came or
    /// went).
    pub(crate) fn forget(&mut self, docs: &[Document], edited: &[&str], targets: &HashSet<&str>) {
        let kept = self.0.get_mut().unwrap_or_else(PoisonError::into_inner);
        for rel in edited {
            kept.remove(*rel);
        }
        if targets.is_empty() {
            return;
        }
        for doc in docs {
            let links_in = (doc.md.links.iter())
                .any(|l| l.target.as_deref().is_some_and(|t| targets.contains(t)));
            if links_in {
                kept.remove(&doc.rel);
            }
        }
    }

    /// The kept findings of `doc`, or those `check` finds, then kept.
    pub(crate) fn get_or(
        &self,
        doc: &Document,
        check: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = lock().get(&doc.rel) {
            return found.clone();
        }
        let found = check();
        lock().insert(doc.rel.clone(), found.clone());
        found
    }
}
