//! Output folders: vetted refuses folders where a build could destroy the user's files, keeps
//! its bookkeeping in `.vetted-cache/`, writes nothing else outside the output folder, works
//! through symbolic links and on mount points, and leaves a complete output when killed.
//! Every folder is a temporary one.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::harness::{article, read_tree, run, Site, TODAY};

/// Names of the entries of a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    read_tree(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let modified = std::fs::metadata(dir.join(&rel))
                .and_then(|m| m.modified())
                .unwrap();
            (rel, (bytes, modified))
        })
        .collect()
}

/// Files under `dir` whose name starts with `.vetted` (bookkeeping or temporary files).
fn vetted_files(dir: &Path) -> Vec<String> {
    read_tree(dir)
        .into_keys()
        .filter(|rel| rel.rsplit('/').next().unwrap().starts_with(".vetted"))
        .collect()
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("link {} -> {}: {e}", link.display(), target.display()));
}

// Checks that `--out content` is refused however it is spelled (exit 2, naming the folder,
// why and how to fix), and that the articles survive an edit and another build (this used
// to delete all of them).
#[test]
fn output_folder_inside_content_is_refused() {
    let site = Site::new("site");
    let absolute = format!("{}/content/", site.root().display());
    for out in [
        "content",
        "content/",
        "./content/../content",
        "content/site",
        &absolute,
    ] {
        site.build(&["--out", out])
            .assert_code(2)
            .assert_stderr_contains(&format!(
                "error: {}",
                out.replace(&*site.root().to_string_lossy(), "[ROOT]")
            ))
            .assert_stderr_contains("refusing to build into this folder")
            .assert_stderr_contains("content/ (the articles)")
            .assert_stderr_contains("help: choose an output folder");
    }
    let before = site.tree("content");
    site.append("content/about.md", "\nEdited after the first try.\n");
    site.build(&["--out", "content"]).assert_code(2);
    let after = site.tree("content");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(
        !site.exists(".vetted-cache"),
        "a refused build wrote its cache"
    );
}

// Checks that the site root, a folder that contains it, every source folder and the cache are
// refused as output folders, also through `..`, trailing slashes, absolute paths and links.
#[test]
fn root_and_source_folders_are_refused() {
    let site = Site::new("site");
    site.write("static/robots-extra.txt", "x");
    site.write("templates/page.html", "{% extends \"base.html\" %}");
    symlink(&site.path("content"), &site.path("link-to-content"));
    let root = site.root().display().to_string();
    let nested = format!("{root}/content/../lints/");
    let cases = [
        (".", "it is the site root"),
        ("./", "it is the site root"),
        (&*format!("{root}/"), "it is the site root"),
        ("..", "it contains the site root"),
        ("lints", "it is lints/ (the claims registry)"),
        (&*nested, "it is lints/"),
        ("themes", "it is themes/"),
        ("themes/default/static", "it is inside themes/"),
        ("templates", "it is templates/"),
        ("static/out", "it is inside static/"),
        ("link-to-content", "it is content/"),
        (".vetted-cache/x", "it is inside .vetted-cache/"),
    ];
    let sources = ["content", "lints", "themes", "static", "templates"];
    let before: Vec<_> = sources.iter().map(|s| snapshot(&site.path(s))).collect();
    let root_entries = entries(site.root());
    for (out, why) in cases {
        site.build(&["--out", out])
            .assert_code(2)
            .assert_stderr_contains("refusing to build into this folder")
            .assert_stderr_contains(why);
    }
    let after: Vec<_> = sources.iter().map(|s| snapshot(&site.path(s))).collect();
    assert!(after == before, "a refused build changed the sources");
    assert_eq!(
        entries(site.root()),
        root_entries,
        "a refused build wrote into the root"
    );

    // The root named through a link is still the root.
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("site-link");
    symlink(site.root(), &link);
    let link = link.to_string_lossy().into_owned();
    run(
        site.root(),
        &["build", "--root", &link, "--out", &root],
        Some(site.root()),
    )
    .assert_code(2)
    .assert_stderr_contains("it is the site root");
}

// Checks that an existing folder of someone else's files is refused without --force (and left
// as it was), and that with --force the build keeps those files, then later builds delete
// only their own stale files. `--force` is in the help.
#[test]
fn foreign_folder_needs_force_and_keeps_its_files() {
    let site = Site::new("site");
    site.write("www/notes.txt", "mine");
    site.write("www/drafts/plan.html", "my plan");
    site.build(&["--out", "www"])
        .assert_code(2)
        .assert_stderr_contains("error: www: refusing to build into this folder")
        .assert_stderr_contains("no record of writing them")
        .assert_stderr_contains("--force");
    assert_eq!(
        site.tree("www").len(),
        2,
        "a refused build wrote into the folder"
    );

    site.build(&["--out", "www", "--force"]).assert_code(0);
    assert_eq!(site.read("www/notes.txt"), "mine");
    assert_eq!(site.read("www/drafts/plan.html"), "my plan");
    assert!(site.exists("www/safety/allergies/index.html"));

    // Now vetted has a record of the folder: no --force needed, and only its own stale
    // files go.
    site.remove("content/safety/allergies.md");
    site.build(&["--out", "www"]).assert_code(0);
    assert!(!site.exists("www/safety/allergies/index.html"));
    assert_eq!(site.read("www/notes.txt"), "mine");
    assert_eq!(site.read("www/drafts/plan.html"), "my plan");
    assert_eq!(vetted_files(&site.path("www")), Vec::<String>::new());

    run(site.root(), &["build", "--help"], None)
        .assert_code(0)
        .assert_stdout_contains("--force");
}

// Checks that the output file vetted is told to use cannot be a file, and that an empty
// existing folder (one made by the user) is accepted without --force.
#[test]
fn output_path_kinds() {
    let site = Site::new("site");
    site.write("a-file", "keep me");
    site.build(&["--out", "a-file"])
        .assert_code(2)
        .assert_stderr_contains("error: a-file: the output path is a file, not a folder");
    assert_eq!(site.read("a-file"), "keep me");
    std::fs::create_dir(site.path("empty")).unwrap();
    site.build(&["--out", "empty"]).assert_code(0);
    assert!(site.exists("empty/index.html"));
}

// Checks that nothing is written outside the output folder and the cache: the output's parent
// holds only the output, the site root gains only `.vetted-cache/` (ignored by git), and no
// bookkeeping is published in the site.
#[test]
fn nothing_is_written_outside_the_output_and_the_cache() {
    let site = Site::new("site");
    let before = entries(site.root());
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("nested/site");
    let out_arg = out.to_string_lossy().into_owned();
    for edit in ["", "\nFirst edit.\n", "\nSecond edit.\n", ""] {
        site.append("content/about.md", edit);
        site.build(&["--out", &out_arg]).assert_code(0);
        site.build(&[]).assert_code(0);
        assert_eq!(entries(elsewhere.path()), ["nested"]);
        assert_eq!(entries(&elsewhere.path().join("nested")), ["site"]);
        assert_eq!(
            vetted_files(&out),
            Vec::<String>::new(),
            "bookkeeping published"
        );
        assert_eq!(vetted_files(&site.path("public")), Vec::<String>::new());
        let mut expected = before.clone();
        expected.extend([".vetted-cache".to_owned(), "public".to_owned()]);
        expected.sort();
        assert_eq!(entries(site.root()), expected);
    }
    assert!(site
        .read("public/about/index.html")
        .contains("Second edit."));
    assert!(std::fs::read_to_string(out.join("about/index.html"))
        .unwrap()
        .contains("Second edit."));
    assert!(site.read(".vetted-cache/.gitignore").contains('*'));
    // The second identical build is replayed from the state in the cache.
    site.build(&[])
        .assert_code(0)
        .assert_stderr_contains("nothing changed since the last build");
}

// Checks that a symbolic link as output folder (public -> a web root elsewhere) stays a link,
// the site is written into its target, and nothing is written beside the target.
#[test]
fn symlinked_output_folder_is_written_through() {
    let site = Site::new("site");
    let www = tempfile::tempdir().unwrap();
    let webroot = www.path().join("site");
    std::fs::create_dir(&webroot).unwrap();
    symlink(&webroot, &site.path("public"));
    site.build(&[]).assert_code(0);
    site.append("content/about.md", "\nEdited.\n");
    site.build(&[]).assert_code(0);
    site.build(&["--out", "public/"]).assert_code(0);
    assert!(std::fs::symlink_metadata(site.path("public"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(webroot.join("about/index.html"))
        .unwrap()
        .contains("Edited."));
    assert_eq!(entries(www.path()), ["site"]);
    assert_eq!(vetted_files(&webroot), Vec::<String>::new());

    // A link to a folder that does not exist is refused with a clear message.
    std::fs::remove_file(site.path("public")).unwrap();
    symlink(&www.path().join("gone"), &site.path("public"));
    site.build(&[])
        .assert_code(2)
        .assert_stderr_contains("is a symbolic link to")
        .assert_stderr_contains("which does not exist");
    assert_eq!(entries(www.path()), ["site"]);
}

/// Runs a shell script in a private mount namespace (`unshare -rm`), so that it can mount
/// folders without privileges and every mount goes away with it. `None` when the system does
/// not allow that.
fn in_mount_namespace(site: &Site, script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `unshare -rm` is not available here");
        return None;
    }
    Some(
        Command::new("unshare")
            .args(["-rm", "sh", "-ec", script])
            .current_dir(site.root())
            .env("VETTED_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("VETTED", env!("CARGO_BIN_EXE_vetted"))
            .output()
            .unwrap(),
    )
}

// Checks that a mount point works as output folder (it cannot be renamed or exchanged): the
// site is written into it and updated in place; that a folder vetted created that was then
// bind-mounted (the exchange fails with EBUSY) is still updated; and that a new output on
// another file system than the cache is written, also after a build into it was killed.
#[test]
fn mount_points_as_output_folders() {
    let site = big_site(150);
    std::fs::create_dir(site.path("public")).unwrap();
    std::fs::create_dir(site.path("other-fs")).unwrap();
    let script = r#"
        mount -t tmpfs tmpfs public
        "$VETTED" build --root . 2>&1
        printf '\nEdited on the mount.\n' >> content/about.md
        "$VETTED" build --root . 2>&1
        mkdir copy-mounted && cp -a public/. copy-mounted/

        "$VETTED" build --root . --out own 2>&1
        mount --bind own own
        printf '\nEdited under the bind mount.\n' >> content/about.md
        "$VETTED" build --root . --out own 2>&1
        "$VETTED" build --root . --out own 2>&1
        mkdir copy-bound && cp -a own/. copy-bound/

        mount -t tmpfs tmpfs other-fs
        "$VETTED" build --root . --out other-fs/killed 2>&1 &
        sleep 0.3; kill -9 $! 2>/dev/null || true; wait $! || true
        "$VETTED" build --root . --out other-fs/killed 2>&1
        "$VETTED" build --root . --out other-fs/new 2>&1
        printf '\nEdited on another file system.\n' >> content/about.md
        "$VETTED" build --root . --out other-fs/new 2>&1
        "$VETTED" build --root . --out other-fs/killed 2>&1
        mkdir copy-other && cp -a other-fs/. copy-other/
    "#;
    let Some(output) = in_mount_namespace(&site, script) else {
        return;
    };
    let log = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{log}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!log.contains("error"), "{log}");
    assert!(site
        .read("copy-mounted/about/index.html")
        .contains("Edited on the mount."));
    assert!(site
        .read("copy-bound/about/index.html")
        .contains("Edited under the bind mount."));
    for copy in ["copy-mounted", "copy-bound", "copy-other"] {
        assert_eq!(vetted_files(&site.path(copy)), Vec::<String>::new());
    }
    assert_eq!(entries(&site.path("copy-other")), ["killed", "new"]);
    let (killed, new) = (site.tree("copy-other/killed"), site.tree("copy-other/new"));
    assert!(killed == new, "the build after a killed one differs");
    assert!(site
        .read("copy-other/new/about/index.html")
        .contains("Edited on another file system."));
    // Outside the namespace `public` is the empty folder under the mount.
    assert_eq!(entries(&site.path("public")), Vec::<String>::new());
}

/// A site of `n` articles, big enough that a build can be killed halfway.
fn big_site(n: usize) -> Site {
    let site = Site::new("site");
    for i in 0..n {
        site.write(
            &format!("content/many/p{i:03}.md"),
            &article(
                &format!("Article {i}"),
                &format!(
                    "## Care\n\nSkin care notes, part {i}.\n\n## More\n\nAnother paragraph.\n"
                ),
            ),
        );
    }
    site
}

// Checks that a build killed at any moment leaves a complete output (every file whole, either
// the old or the new version, none missing), and that the next build completes it exactly and
// removes what the killed build left behind; both for a folder vetted created (double-buffered)
// and for a folder it was given (updated in place).
#[test]
fn killed_builds_leave_a_complete_output() {
    for given in [false, true] {
        let site = big_site(150);
        if given {
            std::fs::create_dir(site.path("public")).unwrap();
        }
        let started = Instant::now();
        site.build(&[]).assert_code(0);
        let duration = started.elapsed();
        let old = site.tree("public");
        // The next version: every page changes, some go, some are new.
        for i in 0..150 {
            site.append(&format!("content/many/p{i:03}.md"), "Edited.\n");
        }
        for i in 0..20 {
            site.remove(&format!("content/many/p{i:03}.md"));
            site.write(
                &format!("content/many/new{i:03}.md"),
                &article("New", "New page.\n"),
            );
        }
        site.build(&["--out", "reference"]).assert_code(0);
        let new = site.tree("reference");
        for step in 1..=6 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_vetted"))
                .args(["build", "--root"])
                .arg(site.root())
                .env("VETTED_TODAY", TODAY)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(duration * step / 6);
            let _ = child.kill();
            let _ = child.wait();
            let now = site.tree("public");
            for (path, bytes) in &now {
                if path.rsplit('/').next().unwrap().starts_with(".vetted-tmp-") {
                    continue; // the killed build's unfinished file, never at a published name
                }
                assert!(
                    old.get(path) == Some(bytes) || new.get(path) == Some(bytes),
                    "public/{path} is neither the old nor the new version (given: {given}, step {step})"
                );
            }
            for path in old.keys().filter(|p| new.contains_key(*p)) {
                assert!(
                    now.contains_key(path),
                    "public/{path} went missing (given: {given})"
                );
            }
        }
        site.build(&[]).assert_code(0);
        assert!(
            site.tree("public") == new,
            "the build after a kill differs (given: {given})"
        );
        assert_eq!(vetted_files(&site.path("public")), Vec::<String>::new());
        let journals: Vec<String> = read_tree(&site.path(".vetted-cache"))
            .into_keys()
            .filter(|p| p.contains("journal-"))
            .collect();
        assert!(journals.is_empty(), "{journals:?}");
    }
}

// Checks that a failed build leaves a folder that vetted updates in place exactly as it was,
// with no temporary files (the double-buffered case is in build_failures.rs).
#[test]
fn failed_build_leaves_a_given_folder_unchanged() {
    let site = Site::new("site");
    std::fs::create_dir(site.path("public")).unwrap();
    site.build(&[]).assert_code(0);
    let before = snapshot(&site.path("public"));
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_field }}\n{% endblock content %}\n",
    );
    site.build(&[]).assert_code(2);
    assert!(snapshot(&site.path("public")) == before, "public/ changed");
}

/// Starts `vetted serve` on a free port, fetches `paths`, and stops it.
fn serve_and_fetch(site: &Site, paths: &[&str]) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_vetted"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env("VETTED_TODAY", TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    for path in paths {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "GET {path}: {response:.200}"
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

// Checks that no command changes anything under content/ or lints/ (bytes, file list and
// modification times): build (also replayed), lint in every format, claims, explain and serve;
// serve writes nothing at all.
#[test]
fn no_command_modifies_content_or_lints() {
    let site = Site::new("site").with_registry();
    let content = snapshot(&site.path("content"));
    let lints = snapshot(&site.path("lints"));
    let root = entries(site.root());
    serve_and_fetch(&site, &["/", "/about/", "/search/index.json"]);
    assert_eq!(entries(site.root()), root, "serve wrote into the site root");
    for args in [
        &["build"][..],
        &["build"],
        &["build", "--lint", "warn", "--drafts"],
        &["lint"],
        &["lint", "--format", "json"],
        &["lint", "--format", "sarif"],
        &["lint", "--format", "github"],
        &["lint", "--context", "content/about.md"],
        &["claims"],
        &["claims", "--json"],
        &["explain"],
    ] {
        let out = site.vetted(args);
        assert!(out.code <= 1, "{out}");
    }
    run(site.root(), &["explain", "absolute-safety"], None).assert_code(0);
    assert!(
        snapshot(&site.path("content")) == content,
        "content/ changed"
    );
    assert!(snapshot(&site.path("lints")) == lints, "lints/ changed");
}

// Checks that an output built by an older vetted (its manifest inside the site, back buffer and
// state beside it) is taken over without --force: the manifest is no longer published and the
// old back buffer and state are removed.
#[test]
fn output_of_an_older_vetted_is_taken_over() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    // Rebuild the old layout from this build's own record.
    let cache = site.path(".vetted-cache");
    let manifest = read_tree(&cache)
        .into_iter()
        .find(|(path, _)| path.contains("/manifest-"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .unwrap();
    let old_manifest: String = manifest.lines().skip(1).map(|l| format!("{l}\n")).collect();
    site.write("public/.vetted-manifest", &old_manifest);
    crate::harness::copy_dir(&site.path("public"), &site.path(".vetted-back-public"));
    site.write(".vetted-state-public", "0123456789abcdef\n");
    std::fs::remove_dir_all(&cache).unwrap();
    site.append("content/about.md", "\nEdited after the upgrade.\n");

    site.build(&[]).assert_code(0);
    assert!(site
        .read("public/about/index.html")
        .contains("Edited after the upgrade."));
    assert_eq!(vetted_files(&site.path("public")), Vec::<String>::new());
    assert!(!site.exists(".vetted-back-public") && !site.exists(".vetted-state-public"));
    site.append("content/about.md", "\nEdited again.\n");
    site.build(&[]).assert_code(0);
    assert!(site
        .read("public/about/index.html")
        .contains("Edited again."));
}

/// An article whose URL (by `slug`) or alias is a file the site already writes.
const COLLIDING: [(&str, &str); 3] = [
    ("slug: index.html", "basics/index.html"),
    ("aliases: [\"/search/index.json\"]", "search/index.json"),
    ("aliases: [\"/style.css\"]", "style.css"),
];

fn colliding_article(field: &str) -> String {
    format!(
        "---\ntitle: Colliding\ndescription: A page whose URL is a file of the site.\ndate: 2026-05-01\n{field}\n---\nBody text.\n"
    )
}

/// Builds `public/` (one that was there before when `given`, else the folder vetted creates
/// and double-buffers), then adds each colliding article: the build fails naming the file,
/// leaves `public/` exactly as it was, and once the article is gone the next builds succeed
/// and write the same files (no folder left behind blocks them).
fn collisions_leave_the_output_unchanged(given: bool) {
    for (field, file) in COLLIDING {
        let site = Site::new("site");
        if given {
            std::fs::create_dir(site.path("public")).unwrap();
        }
        site.build(&[]).assert_code(0);
        let before = snapshot(&site.path("public"));
        site.write("content/basics/colliding.md", &colliding_article(field));
        let out = site.build(&[]);
        out.assert_code(2);
        assert!(
            out.stderr.contains(file),
            "{field}: the error names {file}:\n{}",
            out.stderr
        );
        assert!(
            snapshot(&site.path("public")) == before,
            "{field}: public/ changed"
        );
        site.remove("content/basics/colliding.md");
        for round in 0..2 {
            let out = site.build(&[]);
            assert_eq!(out.code, 0, "{field}, build {round}:\n{}", out.stderr);
        }
        assert!(
            snapshot(&site.path("public")).keys().eq(before.keys()),
            "{field}: the next builds write the same files"
        );
    }
}

// Checks that a page or alias whose URL is a file the site already writes (the section's
// index, the search index, the style sheet) fails the build with an error naming both and
// leaves an output that vetted updates in place exactly as it was, and that the next builds,
// once the article is gone, succeed. (The folder for the alias used to replace the live file,
// and every later build failed.)
#[test]
fn colliding_urls_leave_a_given_folder_unchanged() {
    collisions_leave_the_output_unchanged(true);
}

// The same for the default output folder, which vetted creates and double-buffers: the
// failed build leaves it as it was and does not poison the back buffer for the next build.
#[test]
fn colliding_urls_leave_a_created_folder_unchanged() {
    collisions_leave_the_output_unchanged(false);
}

// Checks that a file the user adds to the output folder vetted created (a CNAME for a host)
// stays there through every later build: the double-buffered output used to move it into
// the cache on every other build.
#[test]
fn files_added_to_the_output_stay_through_builds() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    site.write("public/CNAME", "guide.example.org\n");
    site.write("public/.well-known/security.txt", "Contact: x\n");
    for round in 0..4 {
        site.append(
            "content/basics/what-is-it.md",
            &format!("\nEdit {round}.\n"),
        );
        site.build(&[]).assert_code(0);
        assert_eq!(
            site.read("public/CNAME"),
            "guide.example.org\n",
            "build {round}"
        );
        assert!(
            site.exists("public/.well-known/security.txt"),
            "build {round}"
        );
        assert!(
            site.read("public/basics/what-is-it/index.html")
                .contains(&format!("Edit {round}.")),
            "build {round} is published"
        );
    }
}

// Checks that `build` and `serve` with a mistyped `--root` fail (exit 2, naming the missing
// content folder) and create nothing: a typo in CI used to publish an empty site.
#[test]
fn a_missing_site_folder_is_an_error_not_an_empty_site() {
    let dir = Site::bare();
    let missing = dir.path("no-such-site");
    let missing = missing.to_str().unwrap();
    for command in ["build", "serve"] {
        let out = run(dir.root(), &[command, "--root", missing], None);
        assert_eq!(out.code, 2, "{command}:\n{}", out.stderr);
        assert!(
            out.stderr.contains("no content folder"),
            "{command}:\n{}",
            out.stderr
        );
        assert!(
            !dir.path("no-such-site").exists(),
            "{command} created the folder"
        );
    }
}
