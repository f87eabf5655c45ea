//! The no-change rebuild: a build whose inputs are byte-for-byte those of the last successful
//! build produces the same output, so it replays that build's findings and stops.
//!
//! The fingerprint hashes every input file (content, themes, templates, static files, the
//! registry, site.yaml) with its path, the build options, the tool's version and today's date
//! (review dates depend on it). It is kept beside the output (`.vetted-state-public`) with the
//! findings the build printed. The live output must also still match its manifest.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;
use xxhash_rust::xxh3::xxh3_64;

use crate::date::Date;

/// Hash of everything a build reads.
pub fn of_inputs(root: &Path, options: &str) -> u64 {
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
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|path| {
            let name = xxh3_64(path.as_os_str().as_encoded_bytes());
            match std::fs::read(path) {
                Ok(bytes) => name ^ xxh3_64(&bytes).rotate_left(1),
                Err(_) => !name, // a missing site.yaml is an input too
            }
        })
        .collect();
    let mut h = DefaultHasher::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(options.as_bytes());
    h.write(Date::today().to_string().as_bytes());
    for v in hashes {
        h.write_u64(v);
    }
    h.finish()
}

fn state_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".vetted-state-{name}"))
}

/// The findings of the last build if it had this fingerprint and its output is intact.
pub fn replay(out: &Path, fingerprint: u64) -> Option<String> {
    let state = std::fs::read_to_string(state_path(out)).ok()?;
    let (first, findings) = state.split_once('\n')?;
    if first != format!("{fingerprint:016x}") || !crate::write::intact(out) {
        return None;
    }
    Some(findings.to_owned())
}

/// Records a successful build. A failure to record only costs the next build its shortcut.
pub fn record(out: &Path, fingerprint: u64, findings: &str) {
    let _ = std::fs::write(state_path(out), format!("{fingerprint:016x}\n{findings}"));
}

/// Forgets the last build (before writing a new one, so an interrupted build never replays).
pub fn forget(out: &Path) {
    let _ = std::fs::remove_file(state_path(out));
}
