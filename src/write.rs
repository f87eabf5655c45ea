//! Stage 7: write the output atomically.
//!
//! The output is double-buffered: a build updates the back buffer (the build before last) in
//! place, writing only the files whose bytes changed, and then exchanges it with the live
//! output. A failed build leaves the live output untouched.

use std::collections::HashSet;
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
    dirs: Mutex<HashSet<PathBuf>>,
    kept: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// Where the back buffer of `out` lives: beside it, hidden (`.vetted-back-public`).
pub fn back_buffer(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".vetted-back-{name}"))
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
        Ok(Staging {
            back,
            out: out.to_path_buf(),
            fresh,
            dirs: Mutex::new(HashSet::new()),
            kept: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Adds a file; from many threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let target = self.back.join(&file.path);
        lock(&self.kept).insert(target.clone());
        if !self.fresh {
            if let Ok(meta) = fs::metadata(&target) {
                if meta.is_file()
                    && meta.len() == file.bytes.len() as u64
                    && fs::read(&target).is_ok_and(|b| b == file.bytes)
                {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
                if meta.is_dir() {
                    fs::remove_dir_all(&target).map_err(|e| Error::io(&target, "replace", e))?;
                } else {
                    // Never write through a hard link into another folder's file.
                    let _ = fs::remove_file(&target);
                }
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

    /// Removes files of the previous build that this one did not write, then exchanges the
    /// back buffer with the live output.
    pub fn commit(self) -> Result<WriteStats> {
        if !self.fresh {
            let kept = lock(&self.kept);
            let stale: Vec<PathBuf> = walkdir::WalkDir::new(&self.back)
                .min_depth(1)
                .contents_first(true)
                .into_iter()
                .filter_map(std::result::Result::ok)
                .filter(|e| !e.file_type().is_dir() && !kept.contains(e.path()))
                .map(walkdir::DirEntry::into_path)
                .collect();
            for path in stale {
                fs::remove_file(&path)
                    .map_err(|e| Error::io(&path, "remove a stale output file", e))?;
            }
            remove_empty_dirs(&self.back);
        }
        exchange(&self.back, &self.out)?;
        Ok(WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes empty folders below `dir` (left by pages that are gone).
fn remove_empty_dirs(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(std::result::Result::ok)
    {
        if entry.file_type().is_dir() {
            let _ = fs::remove_dir(entry.path()); // fails, as it should, unless empty
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
