//! The output folder of a build, checked before anything is read or written.
//!
//! vetted refuses an output folder where a build could overwrite or delete the user's files:
//! the site root, a folder containing it, anything inside the site's sources (`content/`,
//! `lints/`, `themes/`, `templates/`, `static/`) or its cache, and an existing non-empty
//! folder vetted has no record of writing (unless `--force`). Paths are compared after
//! resolving symbolic links, `.` and `..`, so no spelling of a folder gets around the check.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::record::{self, Entries};
use crate::error::{Error, Result};

/// The cache folder under the site root: vetted's bookkeeping, never published.
pub(crate) const CACHE_DIR: &str = ".vetted-cache";

/// Folders of the site root that hold sources, and why a build must stay out of them.
const SOURCES: &[(&str, &str)] = &[
    ("content", "the articles"),
    ("lints", "the claims registry"),
    ("themes", "the themes"),
    ("templates", "the site's templates"),
    ("static", "the site's static files"),
    (CACHE_DIR, "vetted's cache"),
];

/// A checked output folder.
#[derive(Debug)]
pub struct Target {
    /// The folder as the user named it, for messages.
    pub shown: PathBuf,
    /// The folder with symbolic links resolved: where files are written.
    pub dir: PathBuf,
    /// This output's folder in the cache: `<root>/.vetted-cache/out-<hash of dir>/`.
    pub cache: PathBuf,
    /// The manifest an older vetted kept inside the folder (when the cache has no record).
    pub legacy: Option<Entries>,
}

/// The absolute form of `path` with symbolic links, `.` and `..` resolved, also when its last
/// parts do not exist yet (they are then taken as written).
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part),
            Component::CurDir => {}
            // `out` has no links left, so its parent is where `..` leads.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

fn refuse(shown: &Path, dir: &Path, why: String) -> Error {
    let message = if shown == dir {
        format!("refusing to build into this folder: {why}")
    } else {
        format!(
            "refusing to build into this folder ({}): {why}",
            dir.display()
        )
    };
    Error::at(shown, None, message)
}

const ELSEWHERE: &str = "choose an output folder of its own outside the site's sources, \
                         e.g. `--out public` (the default)";

impl Target {
    /// Checks `out` as the output folder of the site at `root`.
    pub fn check(root: &Path, out: &Path, force: bool) -> Result<Target> {
        let dir = resolve(out);
        let root = resolve(root);
        if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) && !dir.exists() {
            return Err(Error::at(
                out,
                None,
                format!(
                    "the output folder is a symbolic link to {}, which does not exist",
                    dir.display()
                ),
            )
            .with_help("create the folder it points to, or point the link somewhere else"));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(
                Error::at(out, None, "the output path is a file, not a folder")
                    .with_help(ELSEWHERE),
            );
        }
        if dir == root {
            return Err(refuse(
                out,
                &dir,
                "it is the site root, and a build would mix its pages with your sources".into(),
            )
            .with_help(ELSEWHERE));
        }
        if root.starts_with(&dir) {
            return Err(refuse(
                out,
                &dir,
                format!("it contains the site root {}", root.display()),
            )
            .with_help(ELSEWHERE));
        }
        for (source, what) in source_folders(&root) {
            let name = source.strip_prefix(&root).map_or_else(
                |_| source.display().to_string(),
                |rel| format!("{}/", rel.display()),
            );
            let place = if dir == source {
                format!("it is {name} ({what})")
            } else if dir.starts_with(&source) {
                format!("it is inside {name} ({what})")
            } else if source.starts_with(&dir) {
                format!("it contains {name} ({what})")
            } else {
                continue;
            };
            return Err(refuse(
                out,
                &dir,
                format!("{place}, which a build must never overwrite or delete"),
            )
            .with_help(ELSEWHERE));
        }
        let cache = root.join(CACHE_DIR).join(format!(
            "out-{:016x}",
            xxhash_rust::xxh3::xxh3_64(dir.as_os_str().as_encoded_bytes())
        ));
        let mut legacy = None;
        if dir.is_dir() && !record::is_recorded(&cache, &dir) {
            legacy = record::read_legacy(&dir);
            let empty = fs::read_dir(&dir)
                .map_err(|e| Error::io(out, "read the output folder", e))?
                .next()
                .is_none();
            if legacy.is_none() && !empty && !force {
                return Err(refuse(
                    out,
                    &dir,
                    "it already holds files, and vetted has no record of writing them \
                     (a build replaces and deletes files only in folders it keeps a record of)"
                        .into(),
                )
                .with_help(
                    "empty the folder or choose another one; or pass --force to build into it \
                     anyway: vetted then replaces the files at the paths it writes and never \
                     deletes a file it did not write",
                ));
            }
        }
        Ok(Target {
            shown: out.to_path_buf(),
            dir,
            cache,
            legacy,
        })
    }

    /// Whether vetted has a manifest of the live output, and whether it created the folder.
    pub fn created(&self) -> Option<bool> {
        record::created(&self.cache, record::folder_key(&self.dir)?)
    }

    /// Whether the live output still holds every file of its manifest, with the recorded
    /// length, and no build was interrupted while changing it.
    pub fn intact(&self) -> bool {
        use rayon::prelude::*;
        let Some(key) = record::folder_key(&self.dir) else {
            return false;
        };
        let Some(manifest) = record::read_manifest(&self.cache, key) else {
            return false;
        };
        record::read_journal(&self.cache, key).is_none()
            && manifest.entries.par_iter().all(|(path, (len, _))| {
                fs::metadata(self.dir.join(path)).is_ok_and(|m| m.is_file() && m.len() == *len)
            })
    }

    /// Creates the cache folder, marked as ignored for git and as a cache for backup tools.
    pub fn create_cache(&self) -> Result<()> {
        let created = |e| Error::io(&self.cache, "create the cache folder", e);
        fs::create_dir_all(&self.cache).map_err(created)?;
        let top = self.cache.parent().unwrap_or(&self.cache);
        let marks = [
            (".gitignore", "# vetted's build cache: never commit it\n*\n"),
            (
                "CACHEDIR.TAG",
                "Signature: 8a477f597d28d172789f06886806bc55\n# vetted's build cache (https://bford.info/cachedir/)\n",
            ),
        ];
        for (name, text) in marks {
            let path = top.join(name);
            if !path.exists() {
                fs::write(&path, text).map_err(|e| Error::io(&path, "write", e))?;
            }
        }
        let named = self.cache.join("output");
        if !named.exists() {
            // For people looking into the cache: which output this folder belongs to.
            let _ = fs::write(&named, format!("{}\n", self.dir.display()));
        }
        Ok(())
    }
}

/// The site's source folders (and each theme, which may be a link to elsewhere), resolved.
fn source_folders(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut folders: Vec<(PathBuf, &'static str)> = SOURCES
        .iter()
        .map(|(name, what)| (resolve(&root.join(name)), *what))
        .collect();
    if let Ok(themes) = fs::read_dir(root.join("themes")) {
        folders.extend(themes.flatten().map(|t| (resolve(&t.path()), "a theme")));
    }
    folders
}
