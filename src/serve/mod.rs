//! `vetted serve`: build in memory, serve on the loopback interface, rebuild on save and tell
//! browsers to reload. A failed rebuild keeps the last good site in memory and shows an error
//! page until the next good save.

pub mod http;
pub mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cli::ServeArgs;
use crate::cmd::Status;
use crate::diagnostic::{human, Summary};
use crate::error::{Error, Result};
use crate::site::LoadOptions;
use http::{Served, Shared};
use state::Preview;

fn build_id(counter: u64) -> String {
    let start = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{start:x}-{counter}")
}

fn report(preview: &Preview, elapsed_ms: u128) {
    let summary = Summary::of(&preview.diagnostics, preview.site.docs.len());
    if !preview.diagnostics.is_empty() {
        human::print(&preview.diagnostics, summary, true);
    }
    eprintln!(
        "rebuilt in {elapsed_ms} ms: {}",
        human::summary_line(summary)
    );
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
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(e.to_string()))?;
    let options = LoadOptions {
        drafts: args.drafts,
        base_url: None,
    };

    let start = Instant::now();
    let (preview, error) = match Preview::build(&args.root, &options) {
        Ok(p) => {
            report(&p, start.elapsed().as_millis());
            (Some(p), None)
        }
        Err(e) => {
            eprintln!("error: {e}");
            (None, Some(e.to_string()))
        }
    };
    let shared = Arc::new(Shared {
        state: Mutex::new(Served {
            preview,
            error,
            build: build_id(0),
        }),
        rebuilt: Condvar::new(),
    });

    let (tx, rx) = mpsc::channel();
    let _watcher = watch::watch(&args.root, tx)?;
    let root = args.root.clone();
    let rebuild_shared = Arc::clone(&shared);
    std::thread::spawn(move || rebuild_loop(&root, &options, &rx, &rebuild_shared));

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
    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::handle(stream, &shared));
    }
    Ok(Status::Success)
}

fn rebuild_loop(
    root: &std::path::Path,
    options: &LoadOptions,
    rx: &mpsc::Receiver<Vec<std::path::PathBuf>>,
    shared: &Shared,
) {
    let mut counter = 0;
    while let Some(paths) = watch::next_batch(rx, Duration::from_millis(25)) {
        let Some(change) = watch::classify(root, &paths) else {
            continue;
        };
        let start = Instant::now();
        let mut served = http::lock(&shared.state);
        let outcome = match served.preview.as_mut() {
            Some(preview) => preview.update(&change),
            // After a failed start there is nothing to update incrementally.
            None => Preview::build(root, options).map(|p| {
                served.preview = Some(p);
            }),
        };
        match (outcome, &served.preview) {
            (Ok(()), Some(preview)) => {
                report(preview, start.elapsed().as_millis());
                served.error = None;
            }
            (Err(e), _) => {
                eprintln!("error: {e}");
                served.error = Some(e.to_string());
            }
            (Ok(()), None) => {}
        }
        counter += 1;
        served.build = build_id(counter);
        drop(served);
        shared.rebuilt.notify_all();
    }
}
