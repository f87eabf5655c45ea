//! Write stage (`pipeline::write`): write the output so that it is complete at every moment.
//!
//! The output folder is checked first (`target`): vetted never builds into its sources or
//! into a folder of someone else's files. Its bookkeeping lives in the cache folder
//! (`<root>/.vetted-cache/`), never in the site.
//!
//! A folder vetted created itself, on the file system of the cache, is double-buffered: the
//! back buffer (the build before last, in the cache) is updated in place, writing only files
//! whose bytes changed, and then exchanged with the live output in one step. Any other output
//! (a folder that was there before, such as a mount point or the target of a symbolic link,
//! or one on another file system) is updated in place: changed files are written under
//! temporary names beside their targets and renamed over them once the whole site has
//! rendered, and stale files are removed last. Either way a reader only ever sees complete
//! files, and a failed build leaves the live output as it was.

mod folder;
pub(crate) mod record;
pub(crate) mod target;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::OutputFile;
use folder::{FolderUpdate, Publish};
pub use target::Target;

/// What writing did, for reporting.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// A build being written: `put` each file, then `commit`.
pub struct Staging {
    update: FolderUpdate,
    /// Double-buffering: the back buffer is exchanged with the live output at the end.
    swap: bool,
    /// Whether the live output holds files that are not vetted's, looked for while the site
    /// renders (double-buffering only).
    foreign: Option<std::thread::JoinHandle<bool>>,
    live: PathBuf,
    shown: PathBuf,
    cache: PathBuf,
}

/// Whether two paths are on the same file system (a rename between them can work).
fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((fs::metadata(a), fs::metadata(b)), (Ok(x), Ok(y)) if x.dev() == y.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether the back buffer can be exchanged with the live output: vetted created the output,
/// it is no mount point, and the cache is on its file system (the exchange is Linux-only).
fn can_swap(target: &Target) -> bool {
    let dir = &target.dir;
    let Some(parent) = dir.parent() else {
        return false;
    };
    if !dir.exists() {
        return same_device(&target.cache, parent);
    }
    cfg!(target_os = "linux")
        && target.legacy.is_none()
        && target.created() == Some(true)
        && same_device(&target.cache, dir)
        && same_device(dir, parent)
}

/// Whether the live output holds files that are not vetted's (a `CNAME` or a verification
/// file the user added): exchanging it with the back buffer would take them out of the site
/// every other build, so such an output is updated in place instead.
fn has_foreign_files(dir: &Path, cache: &Path) -> bool {
    let manifest = record::folder_key(dir).and_then(|key| record::read_manifest(cache, key));
    let Some(manifest) = manifest else {
        return true;
    };
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .any(|e| {
            let rel = e.path().strip_prefix(dir).ok().and_then(Path::to_str);
            !rel.is_some_and(|rel| manifest.entries.contains_key(&rel.replace('\\', "/")))
        })
}

impl Staging {
    pub fn begin(target: &Target) -> Result<Staging> {
        target.create_cache()?;
        if let Some(parent) = target.dir.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Error::io(parent, "create the output's parent folder", e))?;
        }
        let back = target.cache.join("back");
        let swap = can_swap(target);
        let update = if swap {
            FolderUpdate::begin(&back, &target.shown, &target.cache, Publish::Direct, None)?
        } else {
            if back.exists() {
                folder::discard(&back, &target.cache);
            }
            if target.legacy.is_some() {
                remove_legacy_siblings(&target.dir);
            }
            FolderUpdate::begin(
                &target.dir,
                &target.shown,
                &target.cache,
                Publish::ViaTemp,
                target.legacy.clone(),
            )?
        };
        let foreign = (swap && target.dir.is_dir()).then(|| {
            let (dir, cache) = (target.dir.clone(), target.cache.clone());
            std::thread::spawn(move || has_foreign_files(&dir, &cache))
        });
        Ok(Staging {
            update,
            swap,
            foreign,
            live: target.dir.clone(),
            shown: target.shown.clone(),
            cache: target.cache.clone(),
        })
    }

    /// Adds a file; from many threads at once.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        self.update.put(&file.path, &file.bytes)
    }

    /// Finishes the build: the new output is published.
    pub fn commit(self) -> Result<WriteStats> {
        let (mut stats, files) = self.update.commit()?;
        let back = self.cache.join("back");
        let foreign = self
            .foreign
            .is_some_and(|check| check.join().unwrap_or(true));
        if self.swap && (foreign || exchange(&back, &self.live).is_err()) {
            // Files the user added to the output, or a file system or mount that refuses the
            // exchange: publish the back buffer's files in place instead, and update in place
            // from now on.
            let mut update =
                FolderUpdate::begin(&self.live, &self.shown, &self.cache, Publish::ViaTemp, None)?;
            update.mark_given();
            for (path, _, _) in &files {
                let source = back.join(path);
                let bytes = fs::read(&source).map_err(|e| Error::io(&source, "read", e))?;
                update.put(path, &bytes)?;
            }
            stats = update.commit()?.0;
        }
        let keep: Vec<u64> = [self.live.as_path(), back.as_path()]
            .iter()
            .filter_map(|d| record::folder_key(d))
            .collect();
        record::prune(&self.cache, &keep);
        Ok(stats)
    }
}

/// Removes what an older vetted kept beside an output folder it built: its back buffer
/// (`.vetted-back-<name>`, only the files its own manifest lists) and its no-change state
/// (`.vetted-state-<name>`). From now on they live in the cache.
fn remove_legacy_siblings(out: &Path) {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let back = out.with_file_name(format!(".vetted-back-{name}"));
    if let Some(mut files) = record::read_legacy(&back) {
        files.insert(record::LEGACY_MANIFEST.to_owned(), (0, 0));
        folder::remove_listed(&back, files.keys());
    }
    let state = out.with_file_name(format!(".vetted-state-{name}"));
    let is_state = fs::read_to_string(&state).is_ok_and(|text| {
        let first = text.lines().next().unwrap_or("");
        first.len() == 16 && first.bytes().all(|b| b.is_ascii_hexdigit())
    });
    if is_state {
        let _ = fs::remove_file(&state);
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
    Err(Error::at(
        out,
        None,
        "cannot exchange the new output with the live one",
    ))
}
