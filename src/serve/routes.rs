//! What the preview answers: files of the in-memory build (pages with the live-reload script
//! added), the findings of a page as JSON, the live-reload stream, and refusals. GET and HEAD
//! only.
//!
//! Only files of the in-memory build are served, so no request can reach the file system:
//! `..` segments (also percent-encoded) are refused before any lookup. Requests addressed to
//! another host name are refused too: a web page whose name an attacker points at 127.0.0.1
//! (DNS rebinding) could otherwise read drafts from the preview.

use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::json;

use super::http::{self, Body, Request, Response};
use super::pool::Connection;
use super::state::Snapshot;
use super::Shared;
use crate::html::escape_html;

/// Time for the whole request head to arrive; a slow-header (slowloris) client is cut off.
pub(crate) const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// Time for the whole response to be written; a client that stops reading is cut off.
pub(crate) const RESPONSE_DEADLINE: Duration = Duration::from_secs(10);

const LIVE_JS: &str = include_str!("live.js");

/// The names a request may be addressed to: loopback names and addresses, and the served
/// interface, with the served port when a port is given.
pub struct AllowedHosts {
    pub port: u16,
    pub interface: IpAddr,
}

impl AllowedHosts {
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((ip, "")) => (ip, None),
                Some((ip, rest)) => match rest.strip_prefix(':') {
                    Some(port) => (ip, Some(port)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            },
        };
        if port.is_some_and(|p| p.parse() != Ok(self.port)) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        // An address is never a rebound name; with an unspecified interface every local
        // address is served.
        name.parse::<IpAddr>().is_ok_and(|ip| {
            ip.is_loopback() || ip == self.interface || self.interface.is_unspecified()
        })
    }
}

/// Answers one connection: reads its request within the limits, then writes the answer with
/// no lock held.
pub(crate) fn handle(connection: Connection, shared: &Shared) {
    let Connection { stream, accepted } = connection;
    // A connection that waited long in the queue still gets a moment for its head.
    let deadline = (accepted + HEAD_DEADLINE).max(Instant::now() + Duration::from_millis(100));
    let read = http::read_head(&stream, deadline)
        .and_then(|(head, trailing)| Ok((http::parse_head(&head)?, trailing)));
    let (request, trailing) = match read {
        Ok(read) => read,
        Err(refusal) => {
            if let Some(response) = refusal.response() {
                let deadline = Instant::now() + Duration::from_secs(1);
                let _ = response.write(&stream, false, deadline);
                http::close_draining(stream);
            }
            return;
        }
    };
    let head_only = request.method == "HEAD";
    let response = match answer(&request, shared) {
        Answer::Respond(response) => response,
        Answer::Events => match shared.live.join(stream) {
            Ok(()) => return,
            Err(back) => {
                let busy = Response::text(503, "too many live-reload connections\n")
                    .with_header("Retry-After", "1".into());
                let _ = busy.write(&back, false, Instant::now() + Duration::from_secs(1));
                return;
            }
        },
    };
    let written = response.write(&stream, head_only, Instant::now() + RESPONSE_DEADLINE);
    if written.is_ok() && trailing {
        http::close_draining(stream);
    }
}

enum Answer {
    Respond(Response),
    /// Hand the connection to the live-reload streams.
    Events,
}

fn answer(request: &Request, shared: &Shared) -> Answer {
    if !request
        .host
        .as_deref()
        .is_none_or(|h| shared.hosts.allows(h))
    {
        return Answer::Respond(Response::text(
            403,
            "refused: the preview answers only to requests addressed to localhost or to its IP address (a defence against DNS rebinding)\n",
        ));
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Answer::Respond(
            Response::text(
                405,
                "method not allowed: the preview answers GET and HEAD\n",
            )
            .with_header("Allow", "GET, HEAD".into()),
        );
    }
    if !request.target.starts_with('/') {
        return Answer::Respond(Response::text(
            400,
            "bad request: the target must be a path\n",
        ));
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let snapshot = shared.snapshot();
    Answer::Respond(match path {
        "/__vetted/events" if request.method == "GET" => return Answer::Events,
        "/__vetted/events" => Response::new(200, "text/event-stream", Body::Static(b"")),
        "/__vetted/live.js" => Response::new(
            200,
            "text/javascript; charset=utf-8",
            Body::Static(LIVE_JS.as_bytes()),
        ),
        "/__vetted/findings" => {
            let page = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(percent_decode)
                .unwrap_or_default();
            let body = findings_json(&snapshot, &page);
            Response::new(200, "application/json", Body::Owned(body.into_bytes()))
        }
        _ => file(&snapshot, path, query),
    })
}

/// Decodes `%XX`; `None` for malformed input or a decoded NUL.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

/// The path with runs of `/` collapsed, so that `//host` can never become a
/// protocol-relative redirect.
pub(crate) fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The output-relative file for a request path, or `None` when it tries to leave the output.
pub(crate) fn resolve(path: &str, root_path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    let rest = decoded.strip_prefix(root_path).unwrap_or(&decoded);
    let rest = rest.trim_start_matches('/');
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_owned()
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload and findings script before `</body>`.
pub(crate) fn inject(html: &[u8], build: &str, page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"/__vetted/live.js\" data-build=\"{}\" data-page=\"{}\" defer></script>",
        escape_html(build),
        escape_html(page)
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}\n").into_bytes(),
    }
}

fn html(status: u16, body: Vec<u8>) -> Response {
    Response::new(status, "text/html; charset=utf-8", Body::Owned(body))
}

fn file(snapshot: &Snapshot, path: &str, query: &str) -> Response {
    let redirect = |to: String| {
        let location = if query.is_empty() {
            to
        } else {
            format!("{to}?{query}")
        };
        Response::text(301, "moved\n").with_header("Location", location)
    };
    let canonical = normalise(path);
    let Some(rel) = resolve(&canonical, &snapshot.root_path) else {
        return Response::text(403, "refused: the path leaves the site\n");
    };
    if canonical != path {
        return redirect(canonical);
    }
    let error_page = |error: &str| {
        html(
            500,
            inject(build_error_page(error).as_bytes(), &snapshot.build, path),
        )
    };
    let is_page = rel.ends_with(".html");
    match (&snapshot.error, snapshot.files.get(&rel)) {
        // No build yet: the static files are there, everything else explains the error.
        (Some(error), None) if !snapshot.built => return error_page(error),
        (Some(error), _) if is_page => return error_page(error),
        _ => {}
    }
    if let Some(bytes) = snapshot.files.get(&rel) {
        let page = format!(
            "{}/{}",
            snapshot.root_path,
            rel.trim_end_matches("index.html")
        );
        return match is_page {
            true => html(200, inject(bytes, &snapshot.build, &page)),
            false => Response::new(200, content_type(&rel), Body::Shared(bytes.clone())),
        };
    }
    if snapshot.files.contains_key(&format!("{rel}/index.html")) {
        return redirect(format!("{canonical}/"));
    }
    match snapshot.files.get("404.html") {
        Some(page) => html(404, inject(page, &snapshot.build, path)),
        None => Response::text(404, "not found\n"),
    }
}

fn build_error_page(error: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2125}}h1{{color:#a3190f}}pre{{background:#fdf0ef;border-left:4px solid #a3190f;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere}}</style></head>\n<body><main><h1>vetted could not rebuild the site</h1><p>Fix the problem below and save: this page reloads by itself.</p><pre>{}</pre></main></body></html>\n",
        escape_html(error)
    )
}

fn findings_json(snapshot: &Snapshot, page: &str) -> String {
    let list: Vec<_> = snapshot
        .findings
        .get(page)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|&i| snapshot.diagnostics.get(i))
        .map(|d| {
            let (line, column) = d.file.line_col(d.span.start);
            let text = d.file.text().get(d.span.start..d.span.end).unwrap_or("");
            json!({"severity": d.severity.as_str(), "rule": d.rule, "category": d.category.as_str(), "message": d.message,
                   "help": d.help, "note": d.note, "line": line, "column": column, "text": plain(text)})
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// Markdown source of a span as the reader sees it, for finding it in the page.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' => {}
            '[' if chars.peek() == Some(&'@') || chars.peek() == Some(&'^') => {
                for n in chars.by_ref() {
                    if n == ']' {
                        break;
                    }
                }
            }
            '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                for n in chars.by_ref() {
                    if n == ')' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Refuses a connection the queue has no room for, without waiting on the client.
pub(crate) fn refuse_busy(stream: &TcpStream) {
    let busy = Response::text(503, "the preview is busy: try again\n")
        .with_header("Retry-After", "1".into());
    let _ = stream.set_nonblocking(true);
    let mut bytes = busy.head();
    if let Body::Static(body) = busy.body {
        bytes.extend_from_slice(body);
    }
    let _ = std::io::Write::write(&mut &*stream, &bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output() {
        assert_eq!(resolve("/safety/", ""), Some("safety/index.html".into()));
        assert_eq!(resolve("/style.css", ""), Some("style.css".into()));
        assert_eq!(
            resolve("/guides/a/", "/guides"),
            Some("a/index.html".into())
        );
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/..%2fb",
            "/a\\..\\b",
            "/%00",
        ] {
            assert_eq!(resolve(bad, ""), None, "{bad}");
        }
    }

    #[test]
    fn normalised_paths_start_with_one_slash() {
        assert_eq!(normalise("//evil.example/x"), "/evil.example/x");
        assert_eq!(normalise("/a///b//"), "/a/b/");
        assert_eq!(normalise("/"), "/");
    }

    #[test]
    fn allows_only_local_host_names() {
        let hosts = AllowedHosts {
            port: 1111,
            interface: "127.0.0.1".parse().unwrap(),
        };
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "localhost",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost:2222",
            "localhost:",
            "192.168.1.2:1111",
            "[::1]x",
            "[::1",
            "127.0.0.1.evil.example:1111",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let lan = AllowedHosts {
            port: 80,
            interface: "192.168.1.2".parse().unwrap(),
        };
        assert!(lan.allows("192.168.1.2") && !lan.allows("192.168.1.3:80"));
        let any = AllowedHosts {
            port: 80,
            interface: "0.0.0.0".parse().unwrap(),
        };
        assert!(any.allows("192.168.1.3:80") && !any.allows("evil.example"));
    }

    #[test]
    fn injects_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>", "b1", "/a/");
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("<p>x</p><script src=\"/__vetted/live.js\" data-build=\"b1\" data-page=\"/a/\" defer></script>\n</body>"));
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(
            plain("**100% safe** [see](x.md) [@aust2008]"),
            "100% safe see"
        );
    }
}
