//! Embeds folders in the binary: the default theme (`themes/default/`, as
//! `$OUT_DIR/default_theme.rs`) and the starter site `vetted init` writes (`examples/starter/`, as
//! `$OUT_DIR/starter.rs`). Each is a sorted list of `("templates/page.html",
//! include_bytes!(...))` for every file under the folder, so that adding, removing or renaming a
//! file needs no change to the code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// Writes `$OUT_DIR/<out>`: every file under `<manifest>/<dir>` as `(relative name, bytes)`.
fn embed(manifest: &Path, dir: &str, out: &str) {
    let root = manifest.join(dir);
    // A folder makes cargo look at every file under it.
    println!("cargo:rerun-if-changed={dir}");
    let mut found = Vec::new();
    files(&root, &mut found);
    let mut list = String::from("&[\n");
    for path in &found {
        let rel = path.strip_prefix(&root).expect("under the folder");
        let name: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        writeln!(
            list,
            "    ({:?}, include_bytes!({:?})),",
            name.join("/"),
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    list.push_str("]\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out_dir.join(out), list).expect("writing the file list");
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    embed(&manifest, "themes/default", "default_theme.rs");
    embed(&manifest, "examples/starter", "starter.rs");
}
