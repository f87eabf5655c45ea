use crate::cli::BuildArgs;
use crate::error::Result;
use super::Status;
pub fn run(_args: &BuildArgs) -> Result<Status> { Ok(Status::Success) }
