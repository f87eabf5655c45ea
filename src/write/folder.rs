//! Bringing one folder up to date with a build, writing only the files whose bytes changed.
//!
//! The back buffer is written directly (nobody reads it). The live output is written the way
//! a web server reading it at any moment sees only complete files: each changed file goes to
//! a temporary name beside its target, and all of them are renamed over their targets only
//! once the whole site has rendered; files of the previous build that are gone are removed
//! last. A live output that did not exist before is written into one hidden staging folder
//! inside it instead, whose top-level entries are then moved out (a few renames rather than
//! one per file). Only files recorded as vetted's (manifest or journal) are ever deleted.

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;

use super::record::{self, Entries, Journal, TEMP_PREFIX};
use super::WriteStats;
use crate::error::{Error, Result};

/// Length recorded for a file whose hash is not known: never equal to a real file's.
const UNKNOWN: (u64, u64) = (u64::MAX, 0);

/// How changed files reach their place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Publish {
    /// Written in place (the back buffer: not published).
    Direct,
    /// Written to a temporary name and renamed over the target at the end (the live output).
    ViaTemp,
}

/// One file of a build: path, length, xxh3.
pub(super) type FileRecord = (String, u64, u64);

pub(super) struct FolderUpdate {
    dir: PathBuf,
    /// Where files are written: `dir`, or the staging folder inside a new live output.
    base: PathBuf,
    /// The output folder as the user named it: errors name files by where they are published.
    shown: PathBuf,
    cache: PathBuf,
    key: u64,
    publish: Publish,
    /// For the new manifest: whether vetted created this folder.
    created: bool,
    /// The files vetted wrote into the folder before, with their length and hash.
    previous: Entries,
    /// The hashes in `previous` describe the folder (no build was interrupted since).
    trusted: bool,
    /// The folder was created by this build: nothing in it to compare with.
    fresh: bool,
    token: String,
    journal: Option<Journal>,
    /// Folders known to exist.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Folders this build made, removed again if it fails.
    made_dirs: Mutex<Vec<PathBuf>>,
    files: Mutex<Vec<FileRecord>>,
    /// Temporary file -> (relative path, target), renamed at commit.
    pending: Mutex<Vec<(PathBuf, String, PathBuf)>>,
    /// Files and folders of earlier builds in the way of this one's (a file where a folder
    /// is now needed, or the reverse), removed at commit, just before the renames.
    in_the_way: Mutex<Vec<String>>,
    /// Renaming has begun: the folder now differs from its manifest until the commit ends.
    publishing: bool,
    temp_count: AtomicUsize,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A name for this build's temporary files, so that the next build removes only those of a
/// build that was killed (and never a file of the user's).
fn token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{}-{nanos}", std::process::id());
    format!("{:012x}", xxhash_rust::xxh3::xxh3_64(seed.as_bytes()) >> 16)
}

/// What vetted wrote into `dir` according to its records, whether the hashes can be trusted,
/// and whether vetted created the folder. After an interrupted build its temporary files are
/// removed here, and the files it may have added count as vetted's.
fn recorded_files(dir: &Path, cache: &Path, key: u64) -> (Entries, bool, bool) {
    let manifest = record::read_manifest(cache, key);
    let mut created = manifest.as_ref().is_some_and(|m| m.created);
    let mut entries = manifest.map(|m| m.entries).unwrap_or_default();
    let Some(interrupted) = record::read_journal(cache, key) else {
        return (entries, true, created);
    };
    created |= interrupted.fresh;
    // Its temporary files, and the staging folder of a new output, carry its token.
    let temp = format!("{TEMP_PREFIX}{}", interrupted.token);
    let temp_file = format!("{temp}-");
    let mut walk = walkdir::WalkDir::new(dir).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            if *name == temp {
                let _ = fs::remove_dir_all(entry.path());
                walk.skip_current_dir();
            }
        } else if name.starts_with(&temp_file) {
            let _ = fs::remove_file(entry.path());
        } else if interrupted.fresh {
            if let Some(rel) = entry.path().strip_prefix(dir).ok().and_then(Path::to_str) {
                entries.entry(rel.replace('\\', "/")).or_insert(UNKNOWN);
            }
        }
    }
    for path in interrupted.added {
        entries.entry(path).or_insert(UNKNOWN);
    }
    (entries, false, created)
}

impl FolderUpdate {
    /// Starts updating `dir` (created when missing). `legacy` is the manifest an older vetted
    /// kept inside the folder, when there is no record in the cache.
    pub(super) fn begin(
        dir: &Path,
        shown: &Path,
        cache: &Path,
        publish: Publish,
        legacy: Option<Entries>,
    ) -> Result<FolderUpdate> {
        let fresh = !dir.is_dir();
        if fresh {
            fs::create_dir_all(dir).map_err(|e| Error::io(shown, "create the folder", e))?;
        }
        let key = record::folder_key(dir)
            .ok_or_else(|| Error::at(shown, None, "cannot read the folder"))?;
        let (mut previous, trusted, mut created) = recorded_files(dir, cache, key);
        created |= fresh;
        if let Some(legacy) = legacy {
            previous.extend(legacy);
            // The old manifest is removed as a stale file: bookkeeping is no longer published.
            previous.insert(record::LEGACY_MANIFEST.to_owned(), UNKNOWN);
            created = true;
        }
        let token = token();
        let journal = Journal::start(cache, key, &token, fresh)?;
        let base = if fresh && publish == Publish::ViaTemp {
            let stage = dir.join(format!("{TEMP_PREFIX}{token}"));
            fs::create_dir(&stage).map_err(|e| Error::io(shown, "create the folder", e))?;
            stage
        } else {
            dir.to_path_buf()
        };
        Ok(FolderUpdate {
            dir: dir.to_path_buf(),
            base,
            shown: shown.to_path_buf(),
            cache: cache.to_path_buf(),
            key,
            publish,
            created,
            previous,
            trusted,
            fresh,
            token,
            journal: Some(journal),
            dirs: Mutex::new(HashSet::new()),
            made_dirs: Mutex::new(Vec::new()),
            files: Mutex::new(Vec::new()),
            pending: Mutex::new(Vec::new()),
            in_the_way: Mutex::new(Vec::new()),
            publishing: false,
            temp_count: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Records the folder as given rather than created: later builds update it in place.
    pub(super) fn mark_given(&mut self) {
        self.created = false;
    }

    fn shown(&self, rel: &str) -> PathBuf {
        self.shown.join(rel)
    }

    /// Adds a file; from many threads at once.
    pub(super) fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        // Paths from content are checked where they are read; this is the last line of defence.
        if rel.is_empty()
            || !Path::new(rel)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::at(
                &self.shown(rel),
                None,
                "refusing to write a file outside the output folder",
            ));
        }
        let len = bytes.len() as u64;
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        lock(&self.files).push((rel.to_owned(), len, hash));
        let target = self.base.join(rel);
        // Not followed: a link is replaced, never written through.
        let meta = if self.fresh {
            None
        } else {
            fs::symlink_metadata(&target).ok()
        };
        if let Some(m) = &meta {
            let same = m.is_file()
                && m.len() == len
                && if self.trusted {
                    self.previous.get(rel) == Some(&(len, hash))
                } else {
                    fs::read(&target).is_ok_and(|b| b == bytes)
                };
            if same {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            if m.is_dir() {
                self.folder_in_the_way(&target, rel)?;
            }
        }
        let waiting_room = self.make_parent(&target, rel)?;
        match self.publish {
            _ if self.staged() => {
                fs::write(&target, bytes).map_err(|e| self.write_error(&target, rel, e))?;
            }
            Publish::Direct => {
                if !self.fresh && !self.previous.contains_key(rel) {
                    self.journal().added([rel])?;
                }
                if meta.is_some() {
                    let _ = fs::remove_file(&target); // never write through a hard link
                }
                fs::write(&target, bytes).map_err(|e| self.write_error(&target, rel, e))?;
            }
            Publish::ViaTemp => {
                let n = self.temp_count.fetch_add(1, Ordering::Relaxed);
                let name = format!("{TEMP_PREFIX}{}-{n}", self.token);
                let temp = match waiting_room {
                    Some(dir) => dir.join(name),
                    None => target.with_file_name(name),
                };
                fs::write(&temp, bytes).map_err(|e| Error::io(&self.shown(rel), "write", e))?;
                lock(&self.pending).push((temp, rel.to_owned(), target));
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Two files of this build where one needs the other's path as a folder.
    fn collision(&self, file: &str, inner: &str) -> Error {
        Error::at(
            &self.shown(file),
            None,
            format!("two outputs of this build collide: this is a file, and {inner} needs it to be a folder"),
        )
        .with_help("a page or alias uses a URL the site already has (a section, a taxonomy page, the search index, a style sheet or another page): change its slug or alias")
    }

    /// A file this build wrote inside the folder `rel` (looked up only when something is in
    /// the way, so writing a file costs no more than recording it).
    fn written_inside(&self, rel: &str) -> Option<String> {
        let prefix = format!("{rel}/");
        (lock(&self.files).iter())
            .find(|(p, _, _)| p.starts_with(&prefix))
            .map(|(p, _, _)| p.clone())
    }

    /// Whether this build wrote the file `rel`.
    fn wrote(&self, rel: &str) -> bool {
        lock(&self.files).iter().any(|(p, _, _)| p == rel)
    }

    /// A failed write, explained when this build made a folder where the file goes.
    fn write_error(&self, target: &Path, rel: &str, err: std::io::Error) -> Error {
        let inner = target.is_dir().then(|| self.written_inside(rel)).flatten();
        match inner {
            Some(inner) => self.collision(rel, &inner),
            None => Error::io(&self.shown(rel), "write", err),
        }
    }

    /// A folder where this build writes the file `rel`. When this build writes into it too,
    /// two URLs collide; when it holds a file that is not vetted's, it stays and the build
    /// fails. Otherwise it is an earlier build's, and goes: now in the back buffer, at commit
    /// in the live output.
    fn folder_in_the_way(&self, folder: &Path, rel: &str) -> Result<()> {
        if let Some(inner) = self.written_inside(rel) {
            return Err(self.collision(rel, &inner));
        }
        let prefix = format!("{rel}/");
        let foreign = walkdir::WalkDir::new(folder)
            .min_depth(1)
            .into_iter()
            .filter_map(|e| e.ok().filter(|e| !e.file_type().is_dir()))
            .any(|e| {
                let inner = e.path().strip_prefix(folder).ok().and_then(Path::to_str);
                !inner.is_some_and(|i| {
                    let inner = format!("{prefix}{}", i.replace('\\', "/"));
                    self.previous.contains_key(&inner)
                })
            });
        if foreign {
            return Err(Error::at(
                &self.shown(rel),
                None,
                "cannot write this file: a folder is in its place",
            )
            .with_help("remove that folder from the output, then build again"));
        }
        if self.publish == Publish::Direct {
            fs::remove_dir_all(folder)
                .map_err(|e| Error::io(&self.shown(rel), "remove an earlier build's folder at", e))
        } else {
            lock(&self.in_the_way).push(rel.to_owned());
            Ok(())
        }
    }

    /// Writing into the staging folder of a new live output.
    fn staged(&self) -> bool {
        self.base != self.dir
    }

    fn journal(&self) -> &Journal {
        self.journal.as_ref().expect("journal open until commit")
    }

    /// Creates the folders above `target` that are missing, remembering them. In the live
    /// output, when a file of an earlier build is where a folder is needed, nothing changes
    /// before the commit: the folder that exists nearest is returned, to hold the temporary
    /// file until then.
    fn make_parent(&self, target: &Path, rel: &str) -> Result<Option<PathBuf>> {
        let Some(parent) = target.parent() else {
            return Ok(None);
        };
        if parent == self.base || lock(&self.dirs).contains(parent) {
            return Ok(None);
        }
        let mut missing = Vec::new();
        let mut deferred = false;
        let mut at = parent;
        while at != self.base {
            match fs::metadata(at) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    // A file of an earlier build where this build needs a folder: it is stale
                    // anyway. Anything else is left alone.
                    let at_rel = (at.strip_prefix(&self.base).ok())
                        .and_then(Path::to_str)
                        .map(|r| r.replace('\\', "/"));
                    if let Some(file) = at_rel.as_deref().filter(|r| self.wrote(r)) {
                        return Err(self.collision(file, rel));
                    }
                    let own = at_rel
                        .as_ref()
                        .is_some_and(|r| self.previous.contains_key(r));
                    if !own {
                        return Err(Error::at(
                            &self.shown(rel),
                            None,
                            format!(
                                "cannot write this file: {} is a file vetted did not write",
                                at.display()
                            ),
                        ));
                    }
                    if self.publish == Publish::ViaTemp && !self.staged() {
                        lock(&self.in_the_way).extend(at_rel);
                        deferred = true;
                    } else {
                        let _ = fs::remove_file(at);
                    }
                    missing.push(at);
                }
                Err(_) => missing.push(at),
            }
            match at.parent() {
                Some(p) => at = p,
                None => break,
            }
        }
        if deferred {
            return Ok(Some(at.to_path_buf()));
        }
        for dir in missing.into_iter().rev() {
            match fs::create_dir(dir) {
                Ok(()) => lock(&self.made_dirs).push(dir.to_path_buf()),
                Err(e) if e.kind() == ErrorKind::AlreadyExists && dir.is_dir() => {}
                Err(e) => return Err(Error::io(&self.shown(rel), "create the folder of", e)),
            }
        }
        lock(&self.dirs).insert(parent.to_path_buf());
        Ok(None)
    }

    /// Publishes the renamed files, removes the files of the previous build that this one did
    /// not write, and records the new manifest. Returns what was written and every file.
    pub(super) fn commit(mut self) -> Result<(WriteStats, Vec<FileRecord>)> {
        let mut files = std::mem::take(&mut *lock(&self.files));
        files.sort_unstable();
        if let Some(pair) = files.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::at(
                &self.shown(&pair[0].0),
                None,
                "two files of this build would be written here",
            )
            .with_help("a page, alias or static file uses a URL the site already has (a section, a taxonomy page or another page)"));
        }
        let current: HashSet<&str> = files.iter().map(|(p, _, _)| p.as_str()).collect();
        for (path, _, _) in &files {
            let mut folder = path.as_str();
            while let Some((above, _)) = folder.rsplit_once('/') {
                if current.contains(above) {
                    return Err(self.collision(above, path));
                }
                folder = above;
            }
        }
        if self.staged() {
            self.publishing = true;
            let read = |e| Error::io(&self.shown, "read", e);
            for entry in fs::read_dir(&self.base).map_err(read)? {
                let name = entry.map_err(read)?.file_name();
                fs::rename(self.base.join(&name), self.dir.join(&name))
                    .map_err(|e| Error::io(&self.shown.join(&name), "write", e))?;
            }
            fs::remove_dir(&self.base).map_err(|e| Error::io(&self.shown, "write", e))?;
        }
        let in_the_way = std::mem::take(&mut *lock(&self.in_the_way));
        if !in_the_way.is_empty() {
            self.publishing = true;
        }
        for rel in &in_the_way {
            let path = self.dir.join(rel);
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            match removed {
                Err(e) if e.kind() != ErrorKind::NotFound => {
                    return Err(Error::io(
                        &self.shown(rel),
                        "remove an earlier build's file at",
                        e,
                    ));
                }
                _ => {}
            }
        }
        let pending = std::mem::take(&mut *lock(&self.pending));
        // Temporary files that waited in a folder above their target's.
        for (temp, rel, target) in &pending {
            match target.parent() {
                Some(parent) if temp.parent() != Some(parent) => fs::create_dir_all(parent)
                    .map_err(|e| Error::io(&self.shown(rel), "create the folder of", e))?,
                _ => {}
            }
        }
        if !pending.is_empty() {
            let added = pending
                .iter()
                .map(|(_, rel, _)| rel.as_str())
                .filter(|rel| !self.previous.contains_key(*rel));
            self.journal().added(added)?;
            self.publishing = true;
            let renamed = pending.par_iter().try_for_each(|(temp, rel, target)| {
                fs::rename(temp, target).map_err(|e| Error::io(&self.shown(rel), "write", e))
            });
            if let Err(e) = renamed {
                for (temp, _, _) in &pending {
                    let _ = fs::remove_file(temp);
                }
                return Err(e);
            }
        }
        let stale: Vec<&String> = (self.previous.keys())
            .filter(|p| !current.contains(p.as_str()))
            .collect();
        let mut emptied = HashSet::new();
        for rel in stale {
            let path = self.dir.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {
                    emptied.extend(path.parent().map(Path::to_path_buf));
                }
                // Gone, or a file of this build now stands where its folder was.
                Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {}
                Err(e) => return Err(Error::io(&self.shown(rel), "remove a stale file", e)),
            }
        }
        remove_empty_dirs(&self.dir, emptied);
        record::write_manifest(&self.cache, self.key, self.created, &files)?;
        if let Some(journal) = self.journal.take() {
            journal.finish();
        }
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        Ok((stats, files))
    }
}

/// A build that fails before its commit removes its temporary files and the folders it made,
/// so the live output is as it was. Its journal stays when it changed the back buffer in place
/// (the next build then compares every file there).
impl Drop for FolderUpdate {
    fn drop(&mut self) {
        let Some(journal) = self.journal.take() else {
            return; // committed
        };
        for (temp, _, _) in lock(&self.pending).drain(..) {
            let _ = fs::remove_file(temp);
        }
        if self.publish == Publish::ViaTemp && !self.publishing {
            if self.staged() {
                let _ = fs::remove_dir_all(&self.base);
            }
            for dir in lock(&self.made_dirs).iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            if self.fresh {
                let _ = fs::remove_dir(&self.dir);
            }
            journal.finish();
        } else if self.publish == Publish::Direct
            && self.written.load(Ordering::Relaxed) == 0
            && lock(&self.made_dirs).is_empty()
        {
            journal.finish(); // nothing was changed: the manifest still holds
        }
    }
}

/// Removes the folders (and their emptied parents) that lost all their files.
pub(super) fn remove_empty_dirs(root: &Path, dirs: HashSet<PathBuf>) {
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

/// Removes a back buffer that is no longer used: the files vetted recorded in it, then the
/// folders they leave empty. Anything else in it stays.
pub(super) fn discard(dir: &Path, cache: &Path) {
    let Some(key) = record::folder_key(dir) else {
        return;
    };
    let (entries, _, _) = recorded_files(dir, cache, key);
    remove_listed(dir, entries.keys());
}

/// Removes the listed files of `dir`, the folders they leave empty, and `dir` if it is empty.
pub(super) fn remove_listed<'a>(dir: &Path, files: impl Iterator<Item = &'a String>) {
    let mut emptied = HashSet::new();
    for rel in files {
        let path = dir.join(rel);
        if fs::remove_file(&path).is_ok() {
            emptied.extend(path.parent().map(Path::to_path_buf));
        }
    }
    remove_empty_dirs(dir, emptied);
    let _ = fs::remove_dir(dir);
}
