//! `vetted serve`: build in memory, serve on the loopback interface, rebuild on save and tell
//! browsers to reload. A failed rebuild keeps the last good site in memory and shows an error
//! page until the next good save.
//!
//! Threads: one accepts connections into a bounded queue, a fixed pool answers them (`pool`,
//! `routes`, `http`), one rebuilds (`watch`, `state`) and publishes an immutable snapshot that
//! requests read without waiting, and live-reload streams are parked without a thread
//! (`live`). So a slow client, a slow rebuild or a flood of connections never stalls the rest.

pub mod http;
pub(crate) mod live;
pub(crate) mod pool;
pub(crate) mod routes;
pub mod state;
pub(crate) mod watch;

use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cli::ServeArgs;
use crate::diagnostic::{human, Summary};
use crate::error::Status;
use crate::error::{Error, Result};
use crate::site::LoadOptions;
use live::Live;
use pool::{Connection, Pool};
use routes::AllowedHosts;
use state::{Preview, Snapshot};

/// Threads answering requests. Each holds a connection for at most the head and response
/// deadlines; live-reload streams hold none.
const WORKERS: usize = 32;
/// Accepted connections waiting for a worker; beyond this they get a 503 at once.
const QUEUE: usize = 512;
/// Listen backlog. std listens with 128: a burst of more simultaneous connections than that
/// (200 browsers' worth) overflows it, and every dropped connection waits a 1 s retransmit.
const BACKLOG: i32 = 1024;

/// What the request threads share with the rebuild thread.
pub struct Shared {
    current: Mutex<Arc<Snapshot>>,
    pub live: Live,
    pub hosts: AllowedHosts,
}

/// Locks a mutex; a panicked holder cannot leave the snapshot half-written (it is replaced
/// whole), so a poisoned lock is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// The current snapshot; the lock is held only to clone the pointer.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&lock(&self.current))
    }

    fn publish(&self, snapshot: Snapshot) {
        let (build, ok) = (snapshot.build.clone(), snapshot.error.is_none());
        let new = Arc::new(snapshot);
        let mut old = None;
        self.live.announce(&build, ok, || {
            old = Some(std::mem::replace(&mut *lock(&self.current), new));
        });
        // The previous snapshot is freed here, outside both locks, unless a request holds it.
        drop(old);
    }
}

fn build_id(counter: u64) -> String {
    let start = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{start:x}-{counter}")
}

/// Prints the findings of a rebuild (at most `max_findings`, or 50 on a terminal).
fn report(preview: &Preview, elapsed_ms: u128, max_findings: Option<usize>) {
    let summary = Summary::of(&preview.diagnostics, preview.site.docs.len());
    if !preview.diagnostics.is_empty() {
        let options = human::Options {
            to_stderr: true,
            max_findings,
            show_all:
                "`vetted serve --max-findings 0` shows them all; the page overlay lists each page's",
        };
        human::print(&preview.diagnostics, summary, &options);
    }
    eprintln!(
        "rebuilt in {elapsed_ms} ms: {}",
        human::summary_line(summary)
    );
}

/// Raises the listen backlog from std's 128 (`listen` again on a listening socket only
/// changes its queue length; the kernel caps it at its own maximum).
#[cfg(unix)]
fn widen_backlog(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is a listening socket owned by `listener` for the whole call.
    unsafe {
        libc::listen(listener.as_raw_fd(), BACKLOG);
    }
}

#[cfg(not(unix))]
fn widen_backlog(_: &TcpListener) {}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(f)
        .map(drop)
        .map_err(|e| Error::new(format!("cannot start the {name} thread: {e}")))
}

pub fn run(args: &ServeArgs) -> Result<Status> {
    let ip: IpAddr = args.interface.parse().map_err(|_| {
        Error::new(format!("invalid interface `{}`", args.interface))
            .with_help("use an IP address such as 127.0.0.1")
    })?;
    if !ip.is_loopback() {
        eprintln!("warning: serving on {ip}: other machines on the network can see this preview, drafts included");
    }
    let listener = TcpListener::bind((ip, args.port))
        .map_err(|e| Error::new(format!("cannot listen on {ip}:{}: {e}", args.port)))?;
    widen_backlog(&listener);
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(e.to_string()))?;
    let options = LoadOptions {
        drafts: args.drafts,
        base_url: None,
    };

    let start = Instant::now();
    let first = build_id(0);
    let (preview, snapshot) = match Preview::build(&args.root, &options) {
        Ok(p) => {
            report(&p, start.elapsed().as_millis(), args.max_findings);
            let snapshot = Snapshot::of(&p, None, first.clone());
            (Some(p), snapshot)
        }
        Err(e) => {
            eprintln!("error: {e}");
            (
                None,
                Snapshot::failed(&args.root, e.to_string(), first.clone()),
            )
        }
    };
    let shared = Arc::new(Shared {
        current: Mutex::new(Arc::new(snapshot)),
        live: Live::new(&first),
        hosts: AllowedHosts {
            port: address.port(),
            interface: ip,
        },
    });

    let (tx, rx) = mpsc::channel();
    let mut watcher = watch::watch(&args.root, tx)?;
    let root = args.root.clone();
    let rebuild_shared = Arc::clone(&shared);
    let max_findings = args.max_findings;
    spawn("rebuild", move || {
        let shared = &rebuild_shared;
        rebuild_loop(
            &root,
            &options,
            &rx,
            &mut watcher,
            shared,
            preview,
            max_findings,
        )
    })?;
    let ping_shared = Arc::clone(&shared);
    spawn("live-ping", move || loop {
        std::thread::sleep(Duration::from_secs(15));
        ping_shared.live.ping();
    })?;
    let worker_shared = Arc::clone(&shared);
    let pool = Pool::start(WORKERS, QUEUE, move |c| routes::handle(c, &worker_shared))
        .map_err(|e| Error::new(format!("cannot start the request threads: {e}")))?;

    let host = if ip.is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        address.ip().to_string()
    };
    let url = format!("http://{host}:{}/", address.port());
    println!("serving {url} (press Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if args.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let _ = std::process::Command::new(opener).arg(&url).spawn();
    }
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                // Responses are written head then body: without this the body may wait for
                // the client's delayed acknowledgement of the head.
                let _ = stream.set_nodelay(true);
                let accepted = Instant::now();
                if let Err(refused) = pool.offer(Connection { stream, accepted }) {
                    routes::refuse_busy(&refused.stream);
                }
            }
            // Out of file descriptors, for one: retrying at once would spin.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn rebuild_loop(
    root: &std::path::Path,
    options: &LoadOptions,
    rx: &mpsc::Receiver<Vec<std::path::PathBuf>>,
    watcher: &mut notify::RecommendedWatcher,
    shared: &Shared,
    mut preview: Option<Preview>,
    max_findings: Option<usize>,
) {
    let mut counter = 0;
    // Whether browsers are shown an error: the next good update clears it even when it
    // changes no file.
    let mut failed = preview.is_none();
    while let Some(paths) = watch::next_batch(rx, Duration::from_millis(25)) {
        watch::watch_new_folders(watcher, root, &paths);
        let Some(change) = watch::classify(root, &paths) else {
            continue;
        };
        // The preview belongs to this thread: requests keep reading the last snapshot
        // while it is rebuilt.
        let start = Instant::now();
        let outcome = match preview.as_mut() {
            Some(preview) => preview.update(&change),
            // After a failed start there is nothing to update incrementally.
            None => Preview::build(root, options).map(|p| {
                preview = Some(p);
                true
            }),
        };
        if matches!(outcome, Ok(false)) && !failed {
            eprintln!(
                "rebuilt in {} ms: nothing changed",
                start.elapsed().as_millis()
            );
            continue;
        }
        let error = outcome.err().map(|e| {
            eprintln!("error: {e}");
            e.to_string()
        });
        failed = error.is_some();
        counter += 1;
        let build = build_id(counter);
        let snapshot = match (&preview, error) {
            (Some(preview), error) => {
                if error.is_none() {
                    report(preview, start.elapsed().as_millis(), max_findings);
                }
                Snapshot::of(preview, error, build)
            }
            (None, error) => Snapshot::failed(root, error.unwrap_or_default(), build),
        };
        shared.publish(snapshot);
    }
}
