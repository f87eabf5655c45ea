//! A fixed set of worker threads fed by a bounded queue of accepted connections: however many
//! clients connect, the server's threads and memory stay bounded, and a full queue is refused
//! at once instead of growing.

use std::io;
use std::net::TcpStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// An accepted connection and when it was accepted (its deadlines count from there).
pub(crate) struct Connection {
    pub stream: TcpStream,
    pub accepted: Instant,
}

pub(crate) struct Pool {
    queue: SyncSender<Connection>,
}

impl Pool {
    /// Starts `workers` threads that call `handle` on each queued connection; at most
    /// `capacity` connections wait. Fails (instead of panicking) when a thread cannot start.
    pub(crate) fn start(
        workers: usize,
        capacity: usize,
        handle: impl Fn(Connection) + Send + Sync + 'static,
    ) -> io::Result<Pool> {
        let (queue, rx) = sync_channel(capacity);
        let rx = Arc::new(Mutex::new(rx));
        let handle = Arc::new(handle);
        for n in 0..workers {
            let rx = Arc::clone(&rx);
            let handle = Arc::clone(&handle);
            std::thread::Builder::new()
                .name(format!("serve-{n}"))
                .spawn(move || work(&rx, &*handle))?;
        }
        Ok(Pool { queue })
    }

    /// Queues a connection, or gives it back when the queue is full.
    pub(crate) fn offer(&self, connection: Connection) -> Result<(), Connection> {
        self.queue.try_send(connection).map_err(|e| match e {
            TrySendError::Full(c) | TrySendError::Disconnected(c) => c,
        })
    }
}

fn work(rx: &Mutex<Receiver<Connection>>, handle: &(impl Fn(Connection) + ?Sized)) {
    loop {
        // The guard is a temporary of this statement: released before handling.
        let next = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(connection) = next else { return };
        // A bug in answering one request must not shrink the pool for good.
        let _ = catch_unwind(AssertUnwindSafe(|| handle(connection)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::mpsc::channel;

    #[test]
    fn a_full_queue_gives_connections_back() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let connection = || Connection {
            stream: TcpStream::connect(address).unwrap(),
            accepted: Instant::now(),
        };
        let (started, started_rx) = channel();
        let (release, release_rx) = channel::<()>();
        let release_rx = Mutex::new(release_rx);
        let pool = Pool::start(1, 1, move |_| {
            started.send(()).unwrap();
            let _ = release_rx.lock().unwrap().recv();
        })
        .unwrap();
        assert!(pool.offer(connection()).is_ok());
        started_rx.recv().unwrap(); // the only worker is busy
        assert!(pool.offer(connection()).is_ok(), "one may wait");
        assert!(pool.offer(connection()).is_err(), "the next is refused");
        drop(release);
    }
}
