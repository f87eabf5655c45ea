//! The `vetted` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

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
