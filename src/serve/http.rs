//! The wire side of the preview server: reading a request head within size and time limits,
//! parsing it, and writing a response before a deadline. Nothing here knows about the site.
//!
//! Every connection carries one request (`Connection: close`), so a worker is never held by
//! an idle keep-alive connection.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest request line (method, target, version); longer gets 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest header section after the request line; larger gets 431. Browsers send cookies of
/// every app on `localhost` here, so this is roomier than the request line.
pub const MAX_HEADERS: usize = 32 * 1024;

/// Why a request head was not read or not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The peer closed the connection or it failed: nothing to answer.
    Closed,
    /// The head did not arrive before the deadline (a slow or stalled client).
    Timeout,
    UriTooLong,
    HeadersTooLarge,
    Malformed,
    /// HTTP/1.1 requires a Host header.
    MissingHost,
}

impl Refusal {
    /// The response for this refusal, or `None` when nobody is listening.
    pub fn response(self) -> Option<Response> {
        let (status, text) = match self {
            Refusal::Closed => return None,
            Refusal::Timeout => (
                408,
                "request timeout: the request head must arrive within a few seconds\n",
            ),
            Refusal::UriTooLong => (414, "URI too long: the request line is limited to 8 KiB\n"),
            Refusal::HeadersTooLarge => (
                431,
                "request header fields too large: headers are limited to 32 KiB\n",
            ),
            Refusal::Malformed => (400, "bad request: malformed request head\n"),
            Refusal::MissingHost => (400, "bad request: HTTP/1.1 requires a Host header\n"),
        };
        Some(Response::text(status, text))
    }
}

/// A parsed request head. Only what the preview needs: the body, if any, is never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (origin form, not decoded).
    pub target: String,
    pub host: Option<String>,
}

/// Reads a request head up to its blank line, refusing it as soon as a limit is passed so
/// that memory stays bounded whatever the client sends. Returns the head's bytes and whether
/// bytes followed it (a body or a pipelined request that will never be read).
pub fn read_head(stream: &TcpStream, deadline: Instant) -> Result<(Vec<u8>, bool), Refusal> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let mut line_end = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Timeout);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Refusal::Closed)?;
        let n = match (&*stream).read(&mut chunk) {
            Ok(0) => return Err(Refusal::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Refusal::Timeout)
            }
            Err(_) => return Err(Refusal::Closed),
        };
        let searched = head.len();
        head.extend_from_slice(&chunk[..n]);
        if line_end.is_none() {
            line_end = head.iter().position(|&b| b == b'\n');
            match line_end {
                Some(i) if i >= MAX_REQUEST_LINE => return Err(Refusal::UriTooLong),
                None if head.len() >= MAX_REQUEST_LINE => return Err(Refusal::UriTooLong),
                None => continue,
                Some(_) => {}
            }
        }
        let line_end = line_end.unwrap_or(0);
        // Resume the search a few bytes back: the blank line may straddle two reads.
        let from = searched.saturating_sub(3).max(line_end);
        if let Some(end) = head_end(&head, from) {
            let trailing = head.len() > end;
            head.truncate(end);
            return Ok((head, trailing));
        }
        if head.len() - line_end > MAX_HEADERS {
            return Err(Refusal::HeadersTooLarge);
        }
    }
}

/// The offset just past the blank line ending a head (`\r\n\r\n` or a bare `\n\n`), searching
/// from `from`.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(off) = bytes.get(i..)?.iter().position(|&b| b == b'\n') {
        let nl = i + off;
        match bytes.get(nl + 1) {
            Some(b'\n') => return Some(nl + 2),
            Some(b'\r') if bytes.get(nl + 2) == Some(&b'\n') => return Some(nl + 3),
            _ => i = nl + 1,
        }
    }
    None
}

/// `token` characters of RFC 9110 (method and header names).
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parses a request head (as returned by [`read_head`]). Total: any bytes give a request or
/// a refusal, never a panic.
pub fn parse_head(head: &[u8]) -> Result<Request, Refusal> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line =
        std::str::from_utf8(lines.next().unwrap_or_default()).map_err(|_| Refusal::Malformed)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Malformed);
    };
    let target_ok = !target.is_empty() && target.bytes().all(|b| b.is_ascii_graphic());
    if !is_token(method) || !target_ok || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(Refusal::Malformed);
    }
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        // Values are not needed except Host's, so they may hold any bytes (cookies do).
        let colon = line.iter().position(|&b| b == b':');
        let name = colon.and_then(|c| std::str::from_utf8(&line[..c]).ok());
        let Some((name, c)) = name.filter(|n| is_token(n)).zip(colon) else {
            return Err(Refusal::Malformed); // also an obsolete folded line (leading space)
        };
        if name.eq_ignore_ascii_case("host") {
            let value = std::str::from_utf8(&line[c + 1..])
                .map_err(|_| Refusal::Malformed)?
                .trim_matches([' ', '\t']);
            if host.is_some() || !value.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Refusal::Malformed);
            }
            host = Some(value.to_owned());
        }
    }
    if host.is_none() && version == "HTTP/1.1" {
        return Err(Refusal::MissingHost);
    }
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host,
    })
}

/// A response body: built for this request, shared with the in-memory site, or built in.
pub enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>),
    Static(&'static [u8]),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(v) => v,
            Body::Shared(v) => v,
            Body::Static(s) => s,
        }
    }
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
    /// Extra headers (`Location`, `Allow`, `Retry-After`).
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Body) -> Response {
        Response {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    pub fn text(status: u16, text: &'static str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Body::Static(text.as_bytes()),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }

    /// The status line and headers.
    pub fn head(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.bytes().len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    /// Writes the response (without the body for HEAD), giving up at `deadline` so that a
    /// client that stops reading holds a worker for a bounded time.
    pub fn write(&self, stream: &TcpStream, head_only: bool, deadline: Instant) -> io::Result<()> {
        write_before(stream, &self.head(), deadline)?;
        if !head_only {
            write_before(stream, self.body.bytes(), deadline)?;
        }
        Ok(())
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// `write_all` with one deadline for the whole buffer, not one timeout per system call (a
/// client reading a byte at a time would otherwise never time out).
fn write_before(mut stream: &TcpStream, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(&bytes[..bytes.len().min(256 * 1024)]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Closes after a response while the client may still be sending (an over-long request or
/// a body): closing with unread input makes the kernel send a reset, which can destroy the
/// response before the client reads it. So the write side is shut first and the rest of the
/// input is read and dropped, within a small bound of bytes and time.
pub fn close_draining(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0;
    while drained < 1024 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, Refusal> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn parses_a_request_head() {
        let r = parse_head(b"GET /a/?x=1 HTTP/1.1\r\nHost: localhost:1111\r\nCookie: \xff\r\n\r\n");
        assert_eq!(
            r,
            Ok(Request {
                method: "GET".into(),
                target: "/a/?x=1".into(),
                host: Some("localhost:1111".into())
            })
        );
        assert_eq!(parse("GET / HTTP/1.0\n\n").unwrap().host, None);
    }

    #[test]
    fn refuses_malformed_heads() {
        for bad in [
            "",
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
        ] {
            assert_eq!(parse(bad), Err(Refusal::Malformed), "{bad:?}");
        }
        assert_eq!(parse("GET / HTTP/1.1\r\n\r\n"), Err(Refusal::MissingHost));
    }

    /// A connected pair of sockets: (client, server side).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (client, listener.accept().unwrap().0)
    }

    #[test]
    fn reads_a_head_arriving_in_pieces() {
        let (mut client, server) = pair();
        let writer = std::thread::spawn(move || {
            // The blank line is split between two reads.
            for piece in ["GET / HTTP/1.1\r\nHo", "st: a\r\n\r", "\n"] {
                client.write_all(piece.as_bytes()).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
            client
        });
        let deadline = Instant::now() + Duration::from_secs(5);
        let (head, trailing) = read_head(&server, deadline).unwrap();
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assert!(!trailing);
        drop(writer.join());
    }

    #[test]
    fn a_head_that_stops_arriving_times_out() {
        let (mut client, server) = pair();
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let deadline = Instant::now() + Duration::from_millis(200);
        assert_eq!(read_head(&server, deadline), Err(Refusal::Timeout));
    }

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody", 0), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n", 0), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
        assert_eq!(head_end(b"\n", 0), None);
    }
}
