//! Watching the site's sources and deciding what a change requires.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::state::Change;
use crate::error::{Error, Result};

/// Editor back-up, swap and temporary files, which are never content.
pub(crate) fn is_temp_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913" // vim's write test
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".crdownload"].iter().any(|ext| name.ends_with(ext))
        || name.contains(".goutputstream")
}

/// What a set of changed paths requires, or `None` when nothing watched changed.
pub(crate) fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (mut content, mut theme, mut registry, mut everything) = (Vec::new(), false, false, false);
    for path in paths {
        if is_temp_file(path) {
            continue;
        }
        let rel = path
            .strip_prefix(&root)
            .or_else(|_| path.strip_prefix(std::env::current_dir().unwrap_or_default()));
        let Ok(rel) = rel else { continue };
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match parts.next().as_deref() {
            Some("content") if path.extension().is_some_and(|e| e == "md") => {
                content.push(path.clone())
            }
            // A new or moved folder; other files (an editor's temporary file) do not matter.
            Some("content") if path.is_dir() => everything = true,
            Some("themes" | "templates" | "static") => theme = true,
            Some("lints") => registry = true,
            Some("site.yaml") => everything = true,
            _ => {}
        }
    }
    content.sort();
    content.dedup();
    match (everything, registry, theme, content.is_empty()) {
        (true, ..) => Some(Change::Everything),
        (false, true, true, _) | (false, true, false, false) | (false, false, true, false) => {
            Some(Change::Everything)
        }
        (false, true, false, true) => Some(Change::Registry),
        (false, false, true, true) => Some(Change::Theme),
        (false, false, false, false) => Some(Change::Content(content)),
        (false, false, false, true) => None,
    }
}

/// Starts watching; changed paths arrive on `tx` as they happen (the rebuild loop debounces).
/// Keep the returned watcher alive for as long as watching should go on.
pub(crate) fn watch(root: &Path, tx: Sender<Vec<PathBuf>>) -> Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        // Reading a file is not changing it: the rebuild itself would trigger another one.
        match event {
            Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                let _ = tx.send(event.paths);
            }
            _ => {}
        }
    })
    .map_err(|e| Error::new(format!("cannot watch files: {e}")))?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::at(&path, None, format!("cannot watch: {e}")))?;
        }
    }
    // site.yaml: watch the root itself (editors often replace files by renaming).
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::at(&root, None, format!("cannot watch: {e}")))?;
    Ok(watcher)
}

/// The site's folders watched with everything in them, once they exist.
const WATCHED: [&str; 5] = ["content", "themes", "lints", "templates", "static"];

/// Starts watching each folder of [`WATCHED`] among `paths` that exists now: one made while
/// serving (`vetted init` makes no `static/`) is seen only as a new entry of the root, which
/// is watched alone, so the files put in it later would go unnoticed until a restart. Call it
/// before rebuilding, so that nothing written after the rebuild read the folder is missed.
pub(crate) fn watch_new_folders(watcher: &mut RecommendedWatcher, root: &Path, paths: &[PathBuf]) {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for path in paths {
        let top = path.parent() == Some(root.as_path())
            && path
                .file_name()
                .is_some_and(|n| WATCHED.iter().any(|d| n == *d));
        if top && path.is_dir() {
            // Watching a folder already watched only renews its watch; a failure leaves the
            // folder as it was before (changes to it noticed by the root's watch alone).
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    }
}

/// Waits for a change, then collects more until none has come for `quiet`, so that an
/// editor's write-then-rename arrives as one batch.
pub(crate) fn next_batch(rx: &Receiver<Vec<PathBuf>>, quiet: Duration) -> Option<Vec<PathBuf>> {
    let mut paths = rx.recv().ok()?;
    while let Ok(more) = rx.recv_timeout(quiet) {
        paths.extend(more);
    }
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes() {
        let root = Path::new("/site");
        let p = |s: &str| vec![PathBuf::from(s)];
        assert_eq!(
            classify(root, &p("/site/content/a.md")),
            Some(Change::Content(p("/site/content/a.md")))
        );
        assert_eq!(classify(root, &p("/site/content/.a.md.swp")), None);
        assert_eq!(classify(root, &p("/site/content/a.md~")), None);
        assert_eq!(
            classify(root, &p("/site/themes/default/templates/page.html")),
            Some(Change::Theme)
        );
        assert_eq!(
            classify(root, &p("/site/lints/claims.yaml")),
            Some(Change::Registry)
        );
        assert_eq!(
            classify(root, &p("/site/site.yaml")),
            Some(Change::Everything)
        );
        assert_eq!(classify(root, &p("/site/public/index.html")), None);
    }
}
