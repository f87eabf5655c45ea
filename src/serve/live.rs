//! Live reload over Server-Sent Events. Event streams are long-lived, so they hold no thread:
//! after its first response a stream is parked here, and one broadcast per rebuild writes to
//! every parked stream without blocking. A browser that stops reading is dropped as soon as
//! its socket buffer is full instead of stalling the others; their number is bounded.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::json;

/// Open event streams at most; one per browser tab.
pub(crate) const MAX_STREAMS: usize = 64;

const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";

pub struct Live {
    state: Mutex<Streams>,
}

struct Streams {
    /// The build being served.
    build: String,
    open: Vec<TcpStream>,
}

/// Writes the whole message or fails: the socket is non-blocking, so a full send buffer (a
/// client that stopped reading) is an error rather than a wait.
fn send(mut stream: &TcpStream, message: &[u8]) -> bool {
    matches!(stream.write(message), Ok(n) if n == message.len())
}

/// Whether the client has gone: it sends nothing after its request, so readable end-of-file
/// or an error means it closed.
fn closed(mut stream: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
        Ok(n) => n == 0,
    }
}

fn event(build: &str, ok: bool) -> String {
    let name = if ok { "reload" } else { "failed" };
    format!("event: {name}\ndata: {}\n\n", json!({ "build": build }))
}

impl Live {
    pub fn new(build: &str) -> Live {
        Live {
            state: Mutex::new(Streams {
                build: build.to_owned(),
                open: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Streams> {
        // Every update replaces whole values, so a panicked holder leaves nothing half-done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts an event stream with a `hello` naming the current build, then parks it. Gives
    /// the stream back when too many are open, for a 503.
    pub fn join(&self, stream: TcpStream) -> Result<(), TcpStream> {
        let mut streams = self.lock();
        streams.open.retain(|s| !closed(s));
        if streams.open.len() >= MAX_STREAMS || stream.set_nonblocking(true).is_err() {
            return Err(stream);
        }
        let hello = format!(
            "{STREAM_HEAD}event: hello\ndata: {}\n\n",
            json!({ "build": streams.build })
        );
        if send(&stream, hello.as_bytes()) {
            streams.open.push(stream);
        }
        Ok(())
    }

    /// Runs `publish` (which puts the new build in place) and tells every stream about it,
    /// as one step for streams joining meanwhile: each gets either the old build's `hello`
    /// and this event, or the new build's `hello`.
    pub fn announce(&self, build: &str, ok: bool, publish: impl FnOnce()) {
        let mut streams = self.lock();
        publish();
        streams.build = build.to_owned();
        let message = event(build, ok);
        streams.open.retain(|s| send(s, message.as_bytes()));
    }

    /// A comment on every stream so that idle ones stay open through proxies, and closed
    /// ones are noticed.
    pub fn ping(&self) {
        self.lock()
            .open
            .retain(|s| !closed(s) && send(s, b": ping\n\n"));
    }
}
