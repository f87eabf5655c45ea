//! What vetted knows about the folders it writes, kept in its cache, never in the site.
//!
//! - A **manifest** lists every file of a folder with its length and xxh3 hash, so the next
//!   build can tell unchanged files without reading them, and knows which files are its own
//!   (the only ones it ever deletes).
//! - A **journal** exists while a build changes a folder. If the build is killed, the next one
//!   finds it: the manifest's hashes may then be out of date, the files the killed build added
//!   are listed in it, and its temporary files carry its token.
//!
//! Both are named after the folder's identity (inode and creation time), not its path:
//! exchanging the back buffer with the live output renames folders, and each record keeps
//! describing its own folder through it.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Path -> (length, xxh3 of the bytes).
pub(crate) type Entries = HashMap<String, (u64, u64)>;

/// The manifest an older vetted published inside the output folder.
pub(crate) const LEGACY_MANIFEST: &str = ".vetted-manifest";

/// Prefix of the temporary files of a build; the token of the build follows.
pub(crate) const TEMP_PREFIX: &str = ".vetted-tmp-";

const MANIFEST_HEADER: &str = "vetted manifest 1";
const JOURNAL_HEADER: &str = "vetted journal 1";

/// A folder's identity for its records: its inode, which survives renames, with its creation
/// time where the file system keeps one (so that a new folder that happens to reuse a deleted
/// one's inode is not taken for vetted's).
pub(crate) fn folder_key(dir: &Path) -> Option<u64> {
    let meta = fs::metadata(dir).ok().filter(fs::Metadata::is_dir)?;
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        meta.ino()
    };
    // Without inodes the back buffer is never exchanged: one record per output is enough.
    #[cfg(not(unix))]
    let inode = 0u64;
    let born = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut id = inode.to_le_bytes().to_vec();
    id.extend_from_slice(&born.to_le_bytes());
    Some(xxhash_rust::xxh3::xxh3_64(&id))
}

fn manifest_path(cache: &Path, key: u64) -> PathBuf {
    cache.join(format!("manifest-{key:x}"))
}

fn journal_path(cache: &Path, key: u64) -> PathBuf {
    cache.join(format!("journal-{key:x}"))
}

/// A folder's manifest.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    /// vetted created the folder, so it may replace the folder as a whole (exchange the back
    /// buffer with it). A folder it was given (empty, `--force`) is only updated file by file.
    pub created: bool,
    pub entries: Entries,
}

fn parse_entries<'a>(lines: impl Iterator<Item = &'a str>) -> Option<Entries> {
    let mut map = HashMap::new();
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        map.insert(parts.next()?.to_owned(), (len, hash));
    }
    Some(map)
}

pub(crate) fn read_manifest(cache: &Path, key: u64) -> Option<Manifest> {
    let text = fs::read_to_string(manifest_path(cache, key)).ok()?;
    let mut lines = text.lines();
    let created = match lines.next()?.strip_prefix(MANIFEST_HEADER)?.trim() {
        "created" => true,
        "given" => false,
        _ => return None,
    };
    Some(Manifest {
        created,
        entries: parse_entries(lines)?,
    })
}

/// Whether vetted created the folder, from the first line of its manifest alone (`None`: no
/// manifest). Cheap: a large site's manifest is not parsed for it.
pub(crate) fn created(cache: &Path, key: u64) -> Option<bool> {
    use std::io::BufRead;
    let file = fs::File::open(manifest_path(cache, key)).ok()?;
    let mut first = String::new();
    std::io::BufReader::new(file).read_line(&mut first).ok()?;
    Some(first.strip_prefix(MANIFEST_HEADER)?.trim() == "created")
}

/// The manifest an older vetted kept inside the live output (same lines, no header).
pub(crate) fn read_legacy(dir: &Path) -> Option<Entries> {
    let text = fs::read_to_string(dir.join(LEGACY_MANIFEST)).ok()?;
    parse_entries(text.lines())
}

/// Writes a manifest in one step (a temporary file renamed over the old one).
pub(crate) fn write_manifest(
    cache: &Path,
    key: u64,
    created: bool,
    files: &[(String, u64, u64)],
) -> Result<()> {
    let mut text = format!(
        "{MANIFEST_HEADER} {}\n",
        if created { "created" } else { "given" }
    );
    for (path, len, hash) in files {
        text.push_str(&format!("{hash:016x} {len} {path}\n"));
    }
    let path = manifest_path(cache, key);
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text).map_err(|e| Error::io(&tmp, "write", e))?;
    fs::rename(&tmp, &path).map_err(|e| Error::io(&path, "write", e))
}

/// Whether the cache records this folder as vetted's own (a manifest, or the journal of a
/// build that was interrupted before writing one).
pub(crate) fn is_recorded(cache: &Path, dir: &Path) -> bool {
    folder_key(dir).is_some_and(|key| {
        manifest_path(cache, key).is_file() || journal_path(cache, key).is_file()
    })
}

/// What the journal of an interrupted build says.
#[derive(Debug, Default)]
pub(crate) struct Interrupted {
    pub token: String,
    /// The build created the folder: everything in it is vetted's.
    pub fresh: bool,
    /// Files it may have added.
    pub added: Vec<String>,
}

pub(crate) fn read_journal(cache: &Path, key: u64) -> Option<Interrupted> {
    let text = fs::read_to_string(journal_path(cache, key)).ok()?;
    let mut lines = text.lines();
    let token = lines
        .next()?
        .strip_prefix(JOURNAL_HEADER)?
        .trim()
        .to_owned();
    let mut journal = Interrupted {
        token,
        ..Interrupted::default()
    };
    for line in lines {
        match line.strip_prefix('+') {
            Some(path) => journal.added.push(path.to_owned()),
            None if line == "fresh" => journal.fresh = true,
            None => {}
        }
    }
    Some(journal)
}

/// The journal of the running build: created before it changes the folder, removed once its
/// manifest is written.
pub(crate) struct Journal {
    path: PathBuf,
    file: std::sync::Mutex<fs::File>,
}

impl Journal {
    pub(crate) fn start(cache: &Path, key: u64, token: &str, fresh: bool) -> Result<Journal> {
        let path = journal_path(cache, key);
        let mut file = fs::File::create(&path).map_err(|e| Error::io(&path, "write", e))?;
        let head = format!(
            "{JOURNAL_HEADER} {token}\n{}",
            if fresh { "fresh\n" } else { "" }
        );
        file.write_all(head.as_bytes())
            .map_err(|e| Error::io(&path, "write", e))?;
        Ok(Journal {
            path,
            file: std::sync::Mutex::new(file),
        })
    }

    /// Records files before they first appear in the folder, so that they are known to be
    /// vetted's even if the build is killed before its manifest is written.
    pub(crate) fn added<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let text: String = paths.into_iter().map(|p| format!("+{p}\n")).collect();
        if text.is_empty() {
            return Ok(());
        }
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(text.as_bytes())
            .map_err(|e| Error::io(&self.path, "write", e))
    }

    pub(crate) fn finish(self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Removes the records of folders that are neither `keep` nor exist any more (an output
/// folder deleted by hand, a back buffer renamed into place).
pub(crate) fn prune(cache: &Path, keep: &[u64]) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let key = name
            .strip_prefix("manifest-")
            .or_else(|| name.strip_prefix("journal-"))
            .and_then(|k| u64::from_str_radix(k.trim_end_matches(".tmp"), 16).ok());
        if key.is_some_and(|k| !keep.contains(&k)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
