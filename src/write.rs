//! Stage 7: write the output atomically.
//!
//! The output is double-buffered: a build updates the back buffer (the build before last) in
//! place, writing only the files whose bytes changed, and then exchanges it with the live
//! output. A failed build leaves the live output untouched.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// What writing did, for reporting.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Replaces the contents of `out` with `files`.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    let staging = Staging::begin(out)?;
    files.par_iter().try_for_each(|f| staging.put(f))?;
    staging.commit()
}

/// The back buffer of an output folder: the previous build, updated in place and then
/// exchanged with the live output.
///
/// Writing a fresh folder every build costs a `mkdir` per page folder and deleting the old
/// tree afterwards; on a 10,000-page site that is most of the build. The back buffer keeps
/// its folders, so a build writes only the files whose bytes changed, removes the ones that
/// are gone, and swaps the two folders. The live output is never written to: a failed build
/// leaves it as it was.
pub struct Staging {
    back: PathBuf,
    out: PathBuf,
    /// The back buffer was just created: nothing in it to compare with.
    fresh: bool,
    /// What the back buffer holds, from its manifest: path -> (length, hash). `None` when it
    /// has no (trustworthy) manifest; files are then compared byte by byte.
    previous: Option<HashMap<String, (u64, u64)>>,
    dirs: Mutex<HashSet<PathBuf>>,
    /// Every file of this build, for the new manifest.
    written_files: Mutex<Vec<(String, u64, u64)>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// The list of files and their hashes, kept in the output so that the next build can tell
/// unchanged files without reading them.
pub const MANIFEST: &str = ".vetted-manifest";

/// Where the back buffer of `out` lives: beside it, hidden (`.vetted-back-public`).
pub fn back_buffer(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".vetted-back-{name}"))
}

/// A fast 64-bit hash of a file's bytes (xxh3: several times faster than the standard
/// library's SipHash, which matters at hundreds of megabytes of output).
fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

fn read_manifest(dir: &Path) -> Option<HashMap<String, (u64, u64)>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut map = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ' ');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        map.insert(parts.next()?.to_owned(), (len, hash));
    }
    Some(map)
}

impl Staging {
    pub fn begin(out: &Path) -> Result<Staging> {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .map_err(|e| Error::io(parent, "create the output's parent folder", e))?;
        }
        let back = back_buffer(out);
        let fresh = !back.is_dir();
        if fresh {
            let _ = fs::remove_file(&back);
            fs::create_dir_all(&back).map_err(|e| Error::io(&back, "create", e))?;
        }
        // The manifest stops describing the folder as soon as this build touches it: remove it
        // now, so that an interrupted build never leaves one that lies.
        let previous = if fresh { None } else { read_manifest(&back) };
        let _ = fs::remove_file(back.join(MANIFEST));
        Ok(Staging {
            back,
            out: out.to_path_buf(),
            fresh,
            previous,
            dirs: Mutex::new(HashSet::new()),
            written_files: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Adds a file; from many threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let target = self.back.join(&file.path);
        let len = file.bytes.len() as u64;
        let hash = content_hash(&file.bytes);
        lock(&self.written_files).push((file.path.clone(), len, hash));
        if !self.fresh {
            let meta = fs::metadata(&target).ok();
            let same = match (&self.previous, &meta) {
                (Some(previous), Some(m)) => {
                    m.is_file() && m.len() == len && previous.get(&file.path) == Some(&(len, hash))
                }
                (None, Some(m)) => {
                    m.is_file()
                        && m.len() == len
                        && fs::read(&target).is_ok_and(|b| b == file.bytes)
                }
                (_, None) => false,
            };
            if same {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            match meta {
                Some(m) if m.is_dir() => {
                    fs::remove_dir_all(&target).map_err(|e| Error::io(&target, "replace", e))?
                }
                // Never write through a hard link into another folder's file.
                Some(_) => {
                    let _ = fs::remove_file(&target);
                }
                None => {}
            }
        }
        if let Some(parent) = target.parent() {
            if !lock(&self.dirs).contains(parent) {
                if parent.is_file() {
                    let _ = fs::remove_file(parent);
                }
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", e))?;
                lock(&self.dirs).insert(parent.to_path_buf());
            }
        }
        fs::write(&target, &file.bytes).map_err(|e| Error::io(&target, "write", e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Removes files of the previous build that this one did not write, writes the manifest,
    /// then exchanges the back buffer with the live output.
    pub fn commit(self) -> Result<WriteStats> {
        let mut files = self
            .written_files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        files.sort();
        if !self.fresh {
            let current: HashSet<&str> = files.iter().map(|(p, _, _)| p.as_str()).collect();
            let stale: Vec<PathBuf> = match &self.previous {
                Some(previous) => previous
                    .keys()
                    .filter(|p| !current.contains(p.as_str()))
                    .map(|p| self.back.join(p))
                    .collect(),
                None => walkdir::WalkDir::new(&self.back)
                    .min_depth(1)
                    .into_iter()
                    .filter_map(std::result::Result::ok)
                    .filter(|e| !e.file_type().is_dir())
                    .filter(|e| {
                        e.path()
                            .strip_prefix(&self.back)
                            .ok()
                            .and_then(Path::to_str)
                            .is_none_or(|p| !current.contains(p))
                    })
                    .map(walkdir::DirEntry::into_path)
                    .collect(),
            };
            let stale_dirs: HashSet<PathBuf> = stale
                .iter()
                .filter_map(|p| p.parent().map(Path::to_path_buf))
                .collect();
            for path in &stale {
                if let Err(e) = fs::remove_file(path) {
                    if e.kind() != std::io::ErrorKind::NotFound {
                        return Err(Error::io(path, "remove a stale output file", e));
                    }
                }
            }
            remove_empty_dirs(&self.back, stale_dirs);
        }
        let manifest: String = files
            .iter()
            .map(|(path, len, hash)| format!("{hash:016x} {len} {path}\n"))
            .collect();
        let manifest_path = self.back.join(MANIFEST);
        fs::write(&manifest_path, manifest).map_err(|e| Error::io(&manifest_path, "write", e))?;
        exchange(&self.back, &self.out)?;
        Ok(WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
        })
    }
}

/// Whether the live output still holds every file of its manifest, with the recorded length.
pub fn intact(out: &Path) -> bool {
    let Some(manifest) = read_manifest(out) else {
        return false;
    };
    manifest.par_iter().all(|(path, (len, _))| {
        fs::metadata(out.join(path)).is_ok_and(|m| m.is_file() && m.len() == *len)
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the folders (and their emptied parents) that lost all their files.
fn remove_empty_dirs(root: &Path, dirs: HashSet<PathBuf>) {
    for dir in dirs {
        let mut current = Some(dir.as_path());
        while let Some(d) = current.filter(|d| *d != root && d.starts_with(root)) {
            if fs::remove_dir(d).is_err() {
                break; // not empty
            }
            current = d.parent();
        }
    }
}

/// Swaps two folders in one step where the system allows it.
fn exchange(back: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(back, out)
            .map_err(|e| Error::io(out, "move the new output in place", e));
    }
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| Error::at(p, None, "path contains a NUL byte"))
        };
        let (a, b) = (c(back)?, c(out)?);
        // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
    }
    // Elsewhere (or on file systems without the exchange): two renames.
    let aside = out.with_file_name(format!(".vetted-swap-{}", std::process::id()));
    fs::rename(out, &aside).map_err(|e| Error::io(out, "move the previous output aside", e))?;
    if let Err(e) = fs::rename(back, out) {
        let _ = fs::rename(&aside, out);
        return Err(Error::io(out, "move the new output in place", e));
    }
    fs::rename(&aside, back).map_err(|e| Error::io(back, "keep the previous output", e))
}
