//! `vetted serve`: pages from memory with the live-reload script, edits, reload events, error
//! pages that recover, and refusal of paths that leave the output. Every server binds
//! 127.0.0.1 on port 0 and every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::harness::{Site, TODAY};

pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// Tests that count time, memory or threads run one at a time, so that they do not load the
/// machine for each other.
pub(crate) fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running `vetted serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response read to the end: status, head (status line and headers) and body.
pub(crate) struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub(crate) fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// The value of a header (name case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

impl Server {
    pub(crate) fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vetted"))
            .args(["serve", "--root"])
            .arg(site.root())
            .args(["--port", "0", "--interface", "127.0.0.1"])
            .env("VETTED_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start vetted serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(WAIT)
            .expect("vetted serve printed its address");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream
    }

    /// Sends raw bytes as they are and reads the reply to the end.
    pub(crate) fn send(&self, raw: &[u8]) -> Reply {
        let mut stream = self.connect();
        stream.write_all(raw).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read response");
        Reply::parse(&response)
    }

    /// Sends a raw request target (not normalised by any client library).
    pub(crate) fn get(&self, target: &str) -> (u16, String) {
        let reply = self.send(
            format!(
                "GET {target} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                self.port
            )
            .as_bytes(),
        );
        (reply.status, reply.body)
    }

    /// Polls `target` until `ok(status, body)` holds.
    pub(crate) fn wait_for(&self, target: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(target);
            if ok(status, &body) {
                return (status, body);
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting on {target}: last status {status}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the event stream; lines arrive on the returned channel.
    pub(crate) fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__vetted/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        rx
    }
}

/// Reads event-stream lines until one equals `wanted`.
pub(crate) fn expect_line(rx: &mpsc::Receiver<String>, wanted: &str) {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if line == wanted {
                return;
            }
        }
    }
    panic!("no {wanted:?} on the event stream");
}

// Checks that a served page is the built page plus only the injected live-reload script.
#[test]
fn serves_built_pages_with_only_the_script_added() {
    let site = Site::new("site");
    site.build(&[]).assert_code(0);
    let built = site.read("public/safety/side-effects/index.html");
    assert!(
        !built.contains("__vetted"),
        "vetted build must not contain the preview script"
    );
    let server = Server::start(&site);
    let (status, served) = server.get("/safety/side-effects/");
    assert_eq!(status, 200);
    let script = served
        .lines()
        .find(|l| l.contains("/__vetted/live.js"))
        .expect("script injected");
    assert_eq!(served.replacen(&format!("{script}\n"), "", 1), built);
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__vetted"));
    let (status, page) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        page.contains("/__vetted/live.js"),
        "the theme's 404 page is served"
    );
}

// Checks that saving an article sends a reload event and the page shows the edit.
#[test]
fn an_edit_is_rebuilt_and_reloads_the_browser() {
    let site = Site::new("site");
    let server = Server::start(&site);
    let events = server.events();
    expect_line(&events, "event: hello");
    site.replace(
        "content/safety/side-effects.md",
        "Redness is common.",
        "Redness is common and fades.",
    );
    expect_line(&events, "event: reload");
    let (_, body) = server.get("/safety/side-effects/");
    assert!(
        body.contains("Redness is common and fades."),
        "the edit is served"
    );
}

// Checks that the findings endpoint lists an article's lint findings for the overlay.
#[test]
fn findings_of_a_page_are_served_for_the_overlay() {
    let site = Site::new("site").with_registry();
    site.replace(
        "content/safety/side-effects.md",
        "Infection is rare.",
        "Micro-needling is completely safe.",
    );
    let server = Server::start(&site);
    let (status, json) = server.get("/__vetted/findings?page=%2Fsafety%2Fside-effects%2F");
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let rules: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"absolute-safety"), "{json}");
    let finding = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "absolute-safety")
        .unwrap();
    assert_eq!(finding["text"], "completely safe");
    assert!(finding["help"].as_str().is_some_and(|h| !h.is_empty()));
}

// Checks that a broken save shows an error page naming the file and line, and that the next
// good save recovers without restarting the server.
#[test]
fn a_broken_edit_shows_an_error_page_and_recovers() {
    let site = Site::new("site");
    let server = Server::start(&site);
    let good = site.read("content/safety/side-effects.md");
    site.write(
        "content/safety/side-effects.md",
        &good.replacen("title: Side effects", "title: [unclosed", 1),
    );
    let (status, body) = server.wait_for("/safety/side-effects/", |s, _| s == 500);
    assert_eq!(status, 500);
    assert!(
        body.contains("side-effects.md:3"),
        "error page names file and line: {body}"
    );
    assert!(
        body.contains("/__vetted/live.js"),
        "the error page reloads itself when fixed"
    );
    site.write(
        "content/safety/side-effects.md",
        &good.replacen("Redness is common.", "Redness is common, and passes.", 1),
    );
    let (status, body) = server.wait_for("/safety/side-effects/", |s, _| s == 200);
    assert_eq!(status, 200);
    assert!(body.contains("Redness is common, and passes."));
}

// Checks that `..`, percent-encoded traversal and symbolic links never serve a file outside
// the output.
#[test]
fn paths_outside_the_output_are_refused() {
    let site = Site::new("site");
    let secret = site
        .root()
        .parent()
        .unwrap()
        .join(format!("vetted-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOP SECRET").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, site.path("static/leak.txt")).unwrap();
    let server = Server::start(&site);
    let name = secret.file_name().unwrap().to_string_lossy().into_owned();
    for target in [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/safety/%2E%2E/%2e%2e/{name}"),
        format!("/..%2f{name}"),
        "/../../../../etc/passwd".to_owned(),
    ] {
        let (status, body) = server.get(&target);
        assert!(matches!(status, 403 | 404), "{target}: status {status}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target} leaked a file"
        );
    }
    // A static link out of the site is an error of the build, shown instead of the file.
    let (status, body) = server.get("/leak.txt");
    assert_ne!(status, 200);
    assert!(!body.contains("TOP SECRET"), "/leak.txt leaked a file");
    assert!(body.contains("outside the site folder"), "{body}");
    let _ = std::fs::remove_file(&secret);
}

// Checks that a static/ folder made while serving is watched like the others: a file put in
// it is served, a change to it is served, and once removed it is gone, without a restart.
#[test]
fn a_static_folder_made_while_serving_is_watched() {
    let site = Site::new("site");
    let _ = std::fs::remove_dir_all(site.path("static"));
    let server = Server::start(&site);
    server.wait_for("/", |status, _| status == 200);
    std::fs::create_dir(site.path("static")).unwrap();
    site.write("static/note.txt", "first\n");
    server.wait_for("/note.txt", |status, body| {
        status == 200 && body == "first\n"
    });
    site.write("static/note.txt", "second\n");
    server.wait_for("/note.txt", |status, body| {
        status == 200 && body == "second\n"
    });
    site.remove("static/note.txt");
    server.wait_for("/note.txt", |status, _| status == 404);
}
