//! `vetted serve` against hostile or careless clients: readers that stop reading, over-long
//! requests, slow headers, foreign Host names, odd paths and methods, a failed first build,
//! and more connections than it has threads. Every wait is bounded.

#[cfg(target_os = "linux")]
use std::io::{BufRead, BufReader};
use std::io::{Read, Write};
#[cfg(target_os = "linux")]
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::harness::Site;
use crate::serve::{expect_line, one_at_a_time, Reply, Server, WAIT};

/// The server's limit on open live-reload streams (`src/serve/live.rs`).
#[cfg(target_os = "linux")]
const MAX_STREAMS: usize = 64;
/// The server's deadline for a request head (`src/serve/routes.rs`).
const HEAD_DEADLINE: Duration = Duration::from_secs(5);

/// Resident memory of a process in bytes, from /proc.
#[cfg(target_os = "linux")]
pub(crate) fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS");
    kb * 1024
}

// Checks that a client that requests a large file and never reads it does not stop other
// clients from being answered or the site from being rebuilt (the state lock was held while
// writing to the socket).
#[test]
fn a_reader_that_stops_reading_blocks_no_one() {
    let _alone = one_at_a_time();
    let site = Site::new("site");
    // Larger than the socket buffers on both sides, so the server's write cannot finish.
    site.write_bytes("static/big.bin", &vec![b'x'; 24 << 20]);
    let server = Server::start(&site);
    let mut stalled = server.connect();
    write!(
        stalled,
        "GET /big.bin HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let events = server.events();
    expect_line(&events, "event: hello");
    for _ in 0..20 {
        let (status, _) = server.get("/safety/side-effects/");
        assert_eq!(status, 200);
    }
    site.replace(
        "content/safety/side-effects.md",
        "Redness is common.",
        "Redness is common and fades.",
    );
    expect_line(&events, "event: reload");
    let (_, body) = server.get("/safety/side-effects/");
    assert!(body.contains("Redness is common and fades."));
    drop(stalled);
}

// Checks that a 64 MB request line is refused with 414 after reading only its start, so that
// it costs the server almost no memory.
#[test]
fn an_over_long_request_line_gets_414() {
    let site = Site::new("site");
    let server = Server::start(&site);
    #[cfg(target_os = "linux")]
    let before = rss(server.pid());
    let mut stream = server.connect();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let mut line = b"GET /".to_vec();
        line.resize(64 << 20, b'a');
        // The server stops reading early, so this write fails; only the reply matters.
        let _ = writer.write_all(&line);
        let _ = writer.write_all(b" HTTP/1.1\r\nHost: localhost\r\n\r\n");
    });
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    sender.join().unwrap();
    let reply = Reply::parse(&reply);
    assert_eq!(reply.status, 414, "{}", reply.head);
    #[cfg(target_os = "linux")]
    {
        let grown = rss(server.pid()).saturating_sub(before);
        assert!(
            grown < 8 << 20,
            "a 64 MB URL grew the server by {grown} bytes"
        );
    }
    assert_eq!(server.get("/").0, 200, "the server still answers");
}

// Checks that more than 32 KiB of headers is refused with 431, and a request line over 8 KiB
// with 414, while ordinary large cookies are accepted.
#[test]
fn over_large_headers_get_431() {
    let site = Site::new("site");
    let server = Server::start(&site);
    let port = server.port;
    let request = |extra: &str| {
        server.send(
            format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n{extra}Connection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    let cookie = format!("Cookie: c={}\r\n", "v".repeat(8000));
    assert_eq!(request(&cookie).status, 200);
    let huge: String = (0..40)
        .map(|i| format!("X-Filler-{i}: {}\r\n", "v".repeat(1000)))
        .collect();
    let reply = request(&huge);
    assert_eq!(reply.status, 431, "{}", reply.head);
    let long = format!("/{}", "a".repeat(9000));
    assert_eq!(server.get(&long).0, 414);
}

// Checks that a client sending its request head a few bytes at a time (slowloris) is cut off
// after the head deadline, while other clients are answered meanwhile.
#[test]
fn a_slow_header_client_is_cut_off() {
    let _alone = one_at_a_time();
    let site = Site::new("site");
    let server = Server::start(&site);
    let mut slow = server.connect();
    slow.set_read_timeout(Some(HEAD_DEADLINE + WAIT)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let start = Instant::now();
    let mut reader = slow.try_clone().unwrap();
    let cut = std::thread::spawn(move || {
        let mut reply = Vec::new();
        let _ = reader.read_to_end(&mut reply);
        (Instant::now(), reply)
    });
    while !cut.is_finished() && start.elapsed() < HEAD_DEADLINE + WAIT {
        // One header byte at a time; errors once the server has closed.
        let _ = slow.write_all(b"X");
        assert_eq!(server.get("/").0, 200, "others are answered meanwhile");
        std::thread::sleep(Duration::from_millis(250));
    }
    let (at, reply) = cut.join().unwrap();
    let after = at - start;
    assert!(
        after < HEAD_DEADLINE + Duration::from_secs(3),
        "cut off after {after:?}"
    );
    let reply = Reply::parse(&reply);
    assert!(
        reply.status == 408 || reply.head.is_empty(),
        "{}",
        reply.head
    );
}

// Checks that requests addressed to a foreign host name (a DNS-rebinding attack) are refused
// with an explanation, and local names and addresses on the served port are answered.
#[test]
fn requests_for_other_host_names_are_refused() {
    let site = Site::new("site");
    let server = Server::start(&site);
    let port = server.port;
    let with_host = |host: &str| {
        server
            .send(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes())
    };
    for ok in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(with_host(&ok).status, 200, "{ok}");
    }
    for bad in [
        format!("attacker.example:{port}"),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let reply = with_host(&bad);
        assert_eq!(reply.status, 403, "{bad}");
        assert!(reply.body.contains("DNS rebinding"), "{}", reply.body);
        assert!(!reply.body.contains("<html"), "no page content for {bad}");
    }
    let reply = server.send(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(reply.status, 400, "HTTP/1.1 without Host");
}

// Checks that a path starting with `//` is never redirected to another site (a
// protocol-relative Location), and that doubled slashes lead to the page.
#[test]
fn double_slash_paths_never_redirect_off_site() {
    let site = Site::new("site");
    let server = Server::start(&site);
    let get = |target: &str| {
        server.send(
            format!(
                "GET {target} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                server.port
            )
            .as_bytes(),
        )
    };
    for target in [
        "//attacker.example",
        "//attacker.example/",
        "///attacker.example/x",
        "//safety",
        "/safety//side-effects/",
        "//%2fattacker.example",
        "/\\attacker.example",
    ] {
        let reply = get(target);
        if let Some(location) = reply.header("Location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{target} redirects to {location}"
            );
        }
    }
    let reply = get("//safety");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("Location"), Some("/safety"));
    let reply = get("/safety//side-effects/?a=1");
    assert_eq!(reply.header("Location"), Some("/safety/side-effects/?a=1"));
    assert_eq!(get("/safety/side-effects/").status, 200);
}

// Checks that other methods get 405 with an Allow header, and HEAD gets the headers alone.
#[test]
fn other_methods_get_405_with_allow() {
    let site = Site::new("site");
    let server = Server::start(&site);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let reply = server.send(
            format!(
                "{method} / HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 0\r\n\r\n",
                server.port
            )
            .as_bytes(),
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"), "{method}");
    }
    let reply = server.send(
        format!(
            "HEAD /safety/side-effects/ HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            server.port
        )
        .as_bytes(),
    );
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
    assert!(reply
        .header("Content-Length")
        .is_some_and(|n| n.parse::<usize>().unwrap() > 1000));
}

// Checks that when the first build fails, pages show the error with file and line, static
// files are still served (they were an empty reply), and the next good save recovers.
#[test]
fn static_files_are_served_after_a_failed_first_build() {
    let site = Site::new("site");
    let good = site.read("content/safety/side-effects.md");
    site.write(
        "content/safety/side-effects.md",
        &good.replacen("title: Side effects", "title: [unclosed", 1),
    );
    site.write("static/notes.txt", "plain notes\n");
    let server = Server::start(&site);
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert_eq!(css, site.read("themes/default/static/style.css"));
    assert_eq!(server.get("/notes.txt"), (200, "plain notes\n".to_owned()));
    for page in ["/", "/safety/side-effects/", "/safety", "/missing.png"] {
        let (status, body) = server.get(page);
        assert_eq!(status, 500, "{page}");
        assert!(body.contains("side-effects.md:3"), "{page}: {body}");
        assert!(body.contains("/__vetted/live.js"), "reloads when fixed");
    }
    site.write("content/safety/side-effects.md", &good);
    server.wait_for("/safety/side-effects/", |s, _| s == 200);
    assert_eq!(server.get("/notes.txt").0, 200);
}

// Checks that the server's threads do not grow with its connections: idle connections wait
// for a fixed set of workers, and live-reload streams beyond a limit get 503.
#[cfg(target_os = "linux")]
#[test]
fn threads_and_connections_stay_bounded() {
    let _alone = one_at_a_time();
    let site = Site::new("site");
    let server = Server::start(&site);
    assert_eq!(server.get("/").0, 200);
    let threads = || {
        std::fs::read_dir(format!("/proc/{}/task", server.pid()))
            .unwrap()
            .count()
    };
    let before = threads();
    let mut statuses = Vec::new();
    let mut streams = Vec::new();
    for _ in 0..MAX_STREAMS + 6 {
        let mut stream = server.connect();
        write!(
            stream,
            "GET /__vetted/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            server.port
        )
        .unwrap();
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line).unwrap();
        statuses.push(line.split_whitespace().nth(1).unwrap_or("").to_owned());
        streams.push(stream);
    }
    assert_eq!(statuses.iter().filter(|s| *s == "200").count(), MAX_STREAMS);
    assert_eq!(statuses.iter().filter(|s| *s == "503").count(), 6);
    let idle: Vec<TcpStream> = (0..200).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let during = threads();
    assert!(
        during <= before,
        "{before} threads before, {during} with 200 idle connections and {} streams",
        streams.len()
    );
    drop(idle);
    assert_eq!(server.get("/").0, 200);
    // Closed streams free their places.
    drop(streams);
    let mut stream = server.connect();
    write!(
        stream,
        "GET /__vetted/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
}
