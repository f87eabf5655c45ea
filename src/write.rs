//! Stage 7: write the output atomically.
//!
//! Files go to a temporary folder next to the output folder, which is swapped in only when
//! everything was written: a failed build leaves the previous site untouched. Files whose
//! bytes did not change are hard-linked from the previous output instead of written again.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// What writing did, for reporting.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".vetted-{tag}-{name}-{}", std::process::id()))
}

/// Replaces the contents of `out` with `files`.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "create the output's parent folder", e))?;
    }
    let tmp = sibling(out, "tmp");
    let _ = fs::remove_dir_all(&tmp);
    let result = fill(&tmp, out, files).and_then(|stats| swap(&tmp, out).map(|()| stats));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(tmp: &Path, previous: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    fs::create_dir_all(tmp).map_err(|e| Error::io(tmp, "create", e))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let path = tmp.join(dir);
        fs::create_dir_all(&path).map_err(|e| Error::io(&path, "create", e))?;
    }
    let unchanged: Vec<bool> = files
        .par_iter()
        .map(|f| {
            let target = tmp.join(&f.path);
            let old = previous.join(&f.path);
            let same = fs::metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == f.bytes.len() as u64)
                && fs::read(&old).is_ok_and(|b| b == f.bytes);
            if same && fs::hard_link(&old, &target).is_ok() {
                return Ok(true);
            }
            fs::write(&target, &f.bytes).map_err(|e| Error::io(&target, "write", e))?;
            Ok(false)
        })
        .collect::<Result<_>>()?;
    let kept = unchanged.iter().filter(|&&u| u).count();
    Ok(WriteStats {
        written: files.len() - kept,
        unchanged: kept,
    })
}

fn swap(tmp: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let old = sibling(out, "old");
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).map_err(|e| Error::io(out, "move the previous output aside", e))?;
        if let Err(e) = fs::rename(tmp, out) {
            let _ = fs::rename(&old, out);
            return Err(Error::io(out, "move the new output in place", e));
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(tmp, out).map_err(|e| Error::io(out, "move the new output in place", e))?;
    }
    Ok(())
}
