use crate::cli::ServeArgs;
use crate::error::Result;
use super::Status;
pub fn run(_args: &ServeArgs) -> Result<Status> { Ok(Status::Success) }
