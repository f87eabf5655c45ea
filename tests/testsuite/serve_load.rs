//! `vetted serve` under load on loopback: 200 concurrent clients for 10 s while an article is
//! saved every 200 ms, plus one client that stops reading a large file. No request may fail
//! or take a second, rebuilds must go on, and the server's memory must stay flat. The
//! figures are printed (`cargo test serve_load -- --nocapture`) and quoted in the README.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::Site;
use crate::serve::{expect_line, one_at_a_time, Server};

const CLIENTS: usize = 200;
const DURATION: Duration = Duration::from_secs(10);
const SAVE_EVERY: Duration = Duration::from_millis(200);
const SLOWEST_ALLOWED: Duration = Duration::from_secs(1);
/// The server's deadline for writing one response (`src/serve/routes.rs`).
const RESPONSE_DEADLINE: Duration = Duration::from_secs(10);
const BIG_FILE: usize = 24 << 20;

/// Request targets and their expected statuses: pages, a static file, the preview's own
/// script and findings, and a missing page.
const TARGETS: [(&str, u16); 6] = [
    ("/", 200),
    ("/safety/side-effects/", 200),
    ("/style.css", 200),
    ("/__vetted/live.js", 200),
    ("/__vetted/findings?page=%2Fsafety%2Fside-effects%2F", 200),
    ("/no-such-page/", 404),
];

#[derive(Default)]
struct Tally {
    requests: u64,
    slowest: Duration,
    failures: Vec<String>,
}

/// One request on its own connection, read to the end; the status once the body's length
/// matches its Content-Length.
fn fetch(port: u16, target: &str) -> Result<u16, String> {
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let timeout = Duration::from_secs(5);
    let mut stream = TcpStream::connect_timeout(&address, timeout).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.set_write_timeout(Some(timeout)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).map_err(|e| e.to_string())?;
    let head_end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of head")?;
    let head = String::from_utf8_lossy(&reply[..head_end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.parse().ok())
        .ok_or("no Content-Length")?;
    let body = reply.len() - head_end - 4;
    if body != length {
        return Err(format!("{body} bytes of {length}"));
    }
    Ok(status)
}

/// Saves the way editors do: a hidden temporary file renamed over the article.
fn save(site: &Site, rel: &str, text: &str) {
    let path = site.path(rel);
    let temp = path.with_file_name(".vetted-load-save.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

#[cfg(target_os = "linux")]
fn rss(pid: u32) -> u64 {
    crate::serve_robust::rss(pid)
}

#[cfg(not(target_os = "linux"))]
fn rss(_: u32) -> u64 {
    0
}

// Checks that 200 clients hammering the preview for 10 s while an article is saved every
// 200 ms and one client has stopped reading all get a correct answer within a second, that
// every save is still rebuilt, and that the server's memory stays flat.
#[test]
fn holds_200_clients_while_an_article_is_saved_every_200_ms() {
    let _alone = one_at_a_time();
    let site = Site::new("site");
    site.write_bytes("static/big.bin", &vec![b'x'; BIG_FILE]);
    let article = "content/safety/side-effects.md";
    let original = site.read(article);
    let server = Server::start(&site);
    let port = server.port;
    for (target, want) in TARGETS {
        assert_eq!(fetch(port, target), Ok(want), "{target}");
    }
    let mut stalled = server.connect();
    let stalled_at = Instant::now();
    write!(
        stalled,
        "GET /big.bin HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    let events = server.events();
    expect_line(&events, "event: hello");

    let rss_idle = rss(server.pid());
    let start = Instant::now();
    let end = start + DURATION;
    let (rss_tx, rss_rx) = mpsc::channel();
    let (tallies, elapsed, saves, reloads) = std::thread::scope(|scope| {
        let saver = scope.spawn(|| {
            let mut saves = 0;
            while Instant::now() < end {
                saves += 1;
                save(
                    &site,
                    article,
                    &format!("{original}\nSaved {saves} times.\n"),
                );
                std::thread::sleep(SAVE_EVERY);
            }
            saves
        });
        let reload_counter = scope.spawn(move || {
            let mut reloads = 0;
            while Instant::now() < end + Duration::from_secs(2) {
                if let Ok(line) = events.recv_timeout(Duration::from_millis(100)) {
                    reloads += usize::from(line == "event: reload");
                }
            }
            reloads
        });
        scope.spawn(|| {
            while Instant::now() < end {
                let _ = rss_tx.send((start.elapsed(), rss(server.pid())));
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        let clients: Vec<_> = (0..CLIENTS)
            .map(|n| {
                std::thread::Builder::new()
                    .stack_size(256 << 10)
                    .spawn_scoped(scope, move || {
                        let mut tally = Tally::default();
                        let mut i = n;
                        while Instant::now() < end {
                            let (target, want) = TARGETS[i % TARGETS.len()];
                            i += 1;
                            let began = Instant::now();
                            match fetch(port, target) {
                                Ok(status) if status == want => {}
                                Ok(status) => tally.failures.push(format!("{target}: {status}")),
                                Err(e) => tally.failures.push(format!("{target}: {e}")),
                            }
                            tally.slowest = tally.slowest.max(began.elapsed());
                            tally.requests += 1;
                        }
                        tally
                    })
                    .expect("start a client")
            })
            .collect();
        let tallies: Vec<Tally> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        (
            tallies,
            start.elapsed(),
            saver.join().unwrap(),
            reload_counter.join().unwrap(),
        )
    });
    // Memory samples: the median of each half of the run, so that a transient copy (every
    // save re-reads the static files, 24 MB here) does not count as growth.
    let samples: Vec<(Duration, u64)> = rss_rx.try_iter().collect();
    let median = |from: Duration, to: Duration| {
        let mut half: Vec<u64> = samples
            .iter()
            .filter(|(t, _)| (from..to).contains(t))
            .map(|s| s.1)
            .collect();
        half.sort_unstable();
        half.get(half.len() / 2).copied().unwrap_or(0)
    };
    let rss_first = median(Duration::from_secs(1), DURATION / 2);
    let rss_second = median(DURATION / 2, DURATION);
    let rss_max = samples.iter().map(|s| s.1).max().unwrap_or(0);

    let requests: u64 = tallies.iter().map(|t| t.requests).sum();
    let slowest = tallies.iter().map(|t| t.slowest).max().unwrap_or_default();
    let failures: Vec<&String> = tallies.iter().flat_map(|t| &t.failures).collect();
    let mb = |bytes: u64| bytes as f64 / (1 << 20) as f64;
    eprintln!(
        "serve load: {CLIENTS} clients, {requests} requests in {:.1} s ({:.0}/s), slowest {} ms, {} failed; {saves} saves, {reloads} reloads; server RSS {:.1} MB before, median {:.1} MB in the first half and {:.1} MB in the second, peak {:.1} MB",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        slowest.as_millis(),
        failures.len(),
        mb(rss_idle),
        mb(rss_first),
        mb(rss_second),
        mb(rss_max),
    );
    assert!(
        failures.is_empty(),
        "{} failed requests, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        slowest < SLOWEST_ALLOWED,
        "slowest request took {slowest:?}"
    );
    assert!(
        tallies.iter().all(|t| t.requests > 0),
        "every client was answered"
    );
    assert!(
        reloads >= 5,
        "only {reloads} reloads for {saves} saves: rebuilds stalled"
    );
    assert!(
        rss_second <= rss_first + (16 << 20),
        "server memory grew from {:.1} MB to {:.1} MB",
        mb(rss_first),
        mb(rss_second)
    );

    // The stalled reader was cut off at the server's write deadline: it gets what the socket
    // buffers held, then the end of the stream, not the whole file.
    let cut_off = stalled_at + RESPONSE_DEADLINE + Duration::from_secs(1);
    std::thread::sleep(cut_off.saturating_duration_since(Instant::now()));
    let mut got = Vec::new();
    let _ = stalled.read_to_end(&mut got);
    assert!(
        got.len() < BIG_FILE,
        "the stalled reader got all {} bytes",
        got.len()
    );
}
