//! The no-change rebuild: a build whose inputs are byte-for-byte those of the last successful
//! build produces the same output, so it replays that build's findings and stops.
//!
//! The fingerprint hashes every input file (content, themes, templates, static files, the
//! registry, site.yaml) with its path, the build options, the tool's version and today's date
//! (review dates depend on it). It is kept in the output's cache folder (`state`) with the
//! findings the build printed, as `diagnostic::store` encodes them (what the most severe
//! findings say and where, and the counts of all; never the rendered text, so the state stays
//! small however many findings there are). The live output must also still match its manifest.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;
use xxhash_rust::xxh3::xxh3_64;

use crate::date::Date;
use crate::write::Target;

/// Every input file of a build, sorted: content, themes, templates, static files, the
/// registry, and site.yaml (present or not).
fn input_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["content", "themes", "templates", "static", "lints"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .flat_map(|d| {
            // Sorted as it walks: a stable order without sorting 100,000 paths afterwards.
            WalkDir::new(d)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
        })
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.push(root.join("site.yaml"));
    files
}

/// One file's part of the fingerprint: its path with the xxh3 of its bytes (`None`: missing).
fn file_hash(path: &Path, content: Option<u64>) -> u64 {
    let name = xxh3_64(path.as_os_str().as_encoded_bytes());
    match content {
        Some(hash) => name ^ hash.rotate_left(1),
        None => !name, // a missing site.yaml is an input too
    }
}

fn read_hash(path: &Path) -> u64 {
    file_hash(path, std::fs::read(path).ok().map(|b| xxh3_64(&b)))
}

/// The layout of the state file: a state written by a vetted that stored something else
/// never matches.
const STATE_FORMAT: &str = "state 2: findings as diagnostic::store";

fn combine(options: &str, today: &str, hashes: impl Iterator<Item = u64>) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(STATE_FORMAT.as_bytes());
    h.write(options.as_bytes());
    h.write(today.as_bytes());
    for v in hashes {
        h.write_u64(v);
    }
    // The built-in theme is an input too: a binary with another one renders differently.
    h.write_u64(crate::theme::built_in_hash());
    h.finish()
}

/// Hash of everything a build reads.
pub(crate) fn of_inputs(root: &Path, options: &str) -> u64 {
    let hashes: Vec<u64> = input_files(root).par_iter().map(|p| read_hash(p)).collect();
    combine(options, &Date::today().to_string(), hashes.into_iter())
}

/// The fingerprint of a build that reads every article anyway (a full build): everything but
/// the content is hashed now, before the build reads it; the articles' hashes come from the
/// bytes the build loaded (`finish`), so no article is read twice.
pub(crate) struct Deferred {
    options: String,
    today: String,
    content: PathBuf,
    /// Every input; `None` for a content file still to hash.
    files: Vec<(PathBuf, Option<u64>)>,
}

pub(crate) fn deferred(root: &Path, options: &str) -> Deferred {
    let content = root.join("content");
    let files = input_files(root)
        .into_par_iter()
        .map(|p| {
            let hash = (!p.starts_with(&content)).then(|| read_hash(&p));
            (p, hash)
        })
        .collect();
    Deferred {
        options: options.to_owned(),
        today: Date::today().to_string(),
        content,
        files,
    }
}

impl Deferred {
    /// The fingerprint, with `loaded` (path -> xxh3 of the bytes the build read) for the
    /// articles; content files the build did not load (drafts, other files) are read now.
    pub(crate) fn finish(self, loaded: &HashMap<&Path, u64>) -> u64 {
        let hashes: Vec<u64> = self
            .files
            .par_iter()
            .map(|(path, hash)| match (hash, loaded.get(path.as_path())) {
                (Some(h), _) => *h,
                (None, Some(&content)) => file_hash(path, Some(content)),
                (None, None) => read_hash(path),
            })
            .collect();
        debug_assert!(self
            .files
            .iter()
            .all(|(p, h)| h.is_some() || p.starts_with(&self.content)));
        combine(&self.options, &self.today, hashes.into_iter())
    }
}

/// A build's fingerprint: known before it started (it was needed to look for a no-change
/// rebuild), or still to finish from what the build loaded.
pub(crate) enum Pending {
    Known(u64),
    Deferred(Deferred),
}

impl Pending {
    pub(crate) fn finish<'a>(self, loaded: impl FnOnce() -> HashMap<&'a Path, u64>) -> u64 {
        match self {
            Pending::Known(fingerprint) => fingerprint,
            Pending::Deferred(deferred) => deferred.finish(&loaded()),
        }
    }
}

/// Whether a no-change rebuild is possible at all: the last build's state and the output's
/// manifest are both there. When not, the fingerprint is worth computing only at the end.
pub(crate) fn may_replay(target: &Target) -> bool {
    state_path(target).is_file() && target.created().is_some()
}

fn state_path(target: &Target) -> PathBuf {
    target.cache.join("state")
}

/// The findings of the last build (as `record` got them) if it had this fingerprint and its
/// output is intact.
pub(crate) fn replay(target: &Target, fingerprint: u64) -> Option<String> {
    let state = std::fs::read_to_string(state_path(target)).ok()?;
    let (first, findings) = state.split_once('\n')?;
    if first != format!("{fingerprint:016x}") || !target.intact() {
        return None;
    }
    Some(findings.to_owned())
}

/// Records a successful build. A failure to record only costs the next build its shortcut.
pub(crate) fn record(target: &Target, fingerprint: u64, findings: &str) {
    let _ = std::fs::write(
        state_path(target),
        format!("{fingerprint:016x}\n{findings}"),
    );
}

/// Forgets the last build (before writing a new one, so an interrupted build never replays).
pub(crate) fn forget(target: &Target) {
    let _ = std::fs::remove_file(state_path(target));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_fingerprint_equals_the_one_read_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/a.md", "---\ntitle: A\n---\nBody.\n");
        write("content/draft.md", "---\ntitle: D\ndraft: true\n---\n");
        write("content/.notes/x.md", "not loaded");
        write("content/photo.png", "bytes");
        write("lints/claims.yaml", "[]\n");
        write("themes/t/templates/page.html", "{{ page.title }}");
        let article = root.join("content/a.md");
        let bytes = std::fs::read(&article).unwrap();
        let loaded = HashMap::from([(article.as_path(), xxh3_64(&bytes))]);
        let expected = of_inputs(root, "opts");
        assert_eq!(deferred(root, "opts").finish(&loaded), expected);
        // The loaded bytes are what counts: other bytes, another fingerprint.
        let other = HashMap::from([(article.as_path(), xxh3_64(b"edited"))]);
        assert_ne!(deferred(root, "opts").finish(&other), expected);
        assert_ne!(deferred(root, "other opts").finish(&loaded), expected);
    }
}
