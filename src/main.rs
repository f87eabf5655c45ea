//! The `vetted` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// Rendering and linting allocate many small strings and JSON values; mimalloc's fast path
/// costs a fraction of the system allocator's (a quarter of all instructions were in malloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = vetted::cli::Cli::parse();
    match vetted::cmd::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("error: {err}");
            vetted::cmd::Status::Error.into()
        }
    }
}
