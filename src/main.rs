//! The `vetted` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// Rendering and linting allocate many small strings and JSON values; mimalloc's fast path
/// costs a fraction of the system allocator's (a quarter of all instructions were in malloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    let cli = vetted::cli::Cli::parse();
    match vetted::cmd::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("error: {err}");
            vetted::cmd::Status::Error.into()
        }
    }
}

/// No transparent huge pages: when the machine has been idle, faulting in fresh 2 MB pages
/// costs the kernel tens of milliseconds, which made a one-file lint take 70-140 ms instead
/// of 30-50 ms and a 1,000-article build 15 % longer. With 4 KB pages a 10,000-article
/// build is 2 % slower and a 100,000-article one 4 % faster (benches/README.md).
#[cfg(target_os = "linux")]
fn disable_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Transparent huge pages and `prctl` are Linux's: elsewhere there is nothing to switch off.
#[cfg(not(target_os = "linux"))]
fn disable_transparent_huge_pages() {}
