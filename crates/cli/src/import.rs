//! import-users (filled in below).
use crate::args::CommandLine;
use crate::error::CliError;

pub async fn run(_cl: CommandLine) -> Result<(), CliError> {
    Err(CliError::other("import-users: not implemented yet"))
}
