//! One module per command. Each reads its arguments, loads the
//! [`Project`] and prints what the driver returns, with the process exit
//! code.

pub mod build;
pub mod bundle;
pub mod check;
pub mod completions;
pub mod explain;
pub mod export;
pub mod init;
pub mod search;
pub mod serve;
pub mod theme;

use crate::cli::SourceArgs;
use crate::error::Result;
use crate::project::Project;

/// The project the source arguments name.
fn load(args: &SourceArgs) -> Result<Project> {
    Project::load(args.config.as_deref(), &args.paths)
}
