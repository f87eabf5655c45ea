//! A small HTTP/1.1 server for the preview: files from memory, Server-Sent Events for live
//! reload, and the findings of each page as JSON. GET and HEAD only; one thread per connection.
//!
//! Only files of the in-memory build are served, so no request can reach the file system:
//! `..` segments (also percent-encoded) are refused before any lookup.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::json;

use super::state::Preview;
use crate::markdown::escape_html;

/// What the server shares with the rebuild loop.
pub struct Shared {
    pub state: Mutex<Served>,
    /// Notified after every rebuild, successful or not.
    pub rebuilt: Condvar,
}

pub struct Served {
    pub preview: Option<Preview>,
    /// The error of the last rebuild, if it failed: shown instead of pages until fixed.
    pub error: Option<String>,
    /// Changes after every rebuild; pages carry it so that a reconnecting browser can tell
    /// whether it missed one.
    pub build: String,
}

const LIVE_JS: &str = include_str!("live.js");

/// Locks a mutex; a panicked holder cannot leave the served state half-written (every
/// update replaces whole values), so a poisoned lock is still usable.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub fn handle(stream: TcpStream, shared: &Arc<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers: nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) && header.len() < 16 * 1024 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        let _ = respond(
            &mut out,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            method == "HEAD",
        );
        return;
    }
    let head = method == "HEAD";
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/__vetted/events" => events(out, shared),
        "/__vetted/live.js" => {
            let _ = respond(
                &mut out,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                head,
            );
        }
        "/__vetted/findings" => {
            let page = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .map(percent_decode)
                .unwrap_or_default();
            let body = findings_json(shared, &page.unwrap_or_default());
            let _ = respond(&mut out, 200, "application/json", body.as_bytes(), head);
        }
        _ => file(&mut out, shared, path, head),
    }
}

fn respond(
    out: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        out.write_all(body)?;
    }
    out.flush()
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

/// The output-relative file for a request path, or `None` when it tries to leave the output.
pub fn resolve(path: &str, root_path: &str) -> Option<String> {
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
pub fn inject(html: &[u8], build: &str, page: &str) -> Vec<u8> {
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

fn file(out: &mut TcpStream, shared: &Arc<Shared>, path: &str, head: bool) {
    let served = lock(&shared.state);
    let root_path = served
        .preview
        .as_ref()
        .map_or("", |p| p.site.config.root_path())
        .to_owned();
    let Some(rel) = resolve(path, &root_path) else {
        let _ = respond(
            out,
            403,
            "text/plain; charset=utf-8",
            b"refused: the path leaves the site\n",
            head,
        );
        return;
    };
    let is_page = rel.ends_with(".html");
    if let (Some(error), true) = (&served.error, is_page) {
        let body = inject(error_page(error).as_bytes(), &served.build, path);
        let _ = respond(out, 500, "text/html; charset=utf-8", &body, head);
        return;
    }
    let Some(preview) = &served.preview else {
        return;
    };
    if let Some(bytes) = preview.files.get(&rel) {
        let body = if is_page {
            inject(
                bytes,
                &served.build,
                &format!("{root_path}/{}", rel.trim_end_matches("index.html")),
            )
        } else {
            bytes.to_vec()
        };
        let _ = respond(out, 200, content_type(&rel), &body, head);
    } else if !rel.ends_with('/') && preview.files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{path}/");
        let _ = write!(out, "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    } else {
        let page = preview.files.get("404.html").map_or_else(
            || b"not found\n".to_vec(),
            |b| inject(b, &served.build, path),
        );
        let _ = respond(out, 404, "text/html; charset=utf-8", &page, head);
    }
}

fn error_page(error: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2125}}h1{{color:#a3190f}}pre{{background:#fdf0ef;border-left:4px solid #a3190f;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere}}</style></head>\n<body><main><h1>vetted could not rebuild the site</h1><p>Fix the problem below and save: this page reloads by itself.</p><pre>{}</pre></main></body></html>\n",
        escape_html(error)
    )
}

fn findings_json(shared: &Arc<Shared>, page: &str) -> String {
    let served = lock(&shared.state);
    let Some(preview) = &served.preview else {
        return "[]".into();
    };
    let list: Vec<_> = preview
        .findings_for(page)
        .into_iter()
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

/// Server-Sent Events: `hello` with the current build on connect, then `reload` after each
/// rebuild, and a comment every 15 s so that proxies keep the connection open.
fn events(mut out: TcpStream, shared: &Arc<Shared>) {
    let _ = out.set_write_timeout(Some(Duration::from_secs(5)));
    let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    let mut seen = lock(&shared.state).build.clone();
    let hello = format!("event: hello\ndata: {}\n\n", json!({"build": seen}));
    if out
        .write_all(header.as_bytes())
        .and_then(|()| out.write_all(hello.as_bytes()))
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let guard = lock(&shared.state);
        let (guard, _) = shared
            .rebuilt
            .wait_timeout_while(guard, Duration::from_secs(15), |s| s.build == seen)
            .unwrap_or_else(PoisonError::into_inner);
        let message = if guard.build != seen {
            seen = guard.build.clone();
            let ok = guard.error.is_none();
            format!(
                "event: {}\ndata: {}\n\n",
                if ok { "reload" } else { "failed" },
                json!({"build": seen})
            )
        } else {
            ": ping\n\n".to_owned()
        };
        drop(guard);
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
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
