//! `vetted serve`: see the `serve` module.

use super::Status;
use crate::cli::ServeArgs;
use crate::error::Result;

pub(crate) fn run(args: &ServeArgs) -> Result<Status> {
    super::require_content(&args.root)?;
    crate::serve::run(args)
}
