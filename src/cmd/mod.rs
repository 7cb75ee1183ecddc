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
use crate::error::{Error, Result};
use crate::project::Project;
use std::path::PathBuf;

/// The project the source arguments name.
fn load(args: &SourceArgs) -> Result<Project> {
    Project::load(args.config.as_deref(), &args.paths)
}

/// The query and the catalog paths of `search` and `explain`. With
/// `--eval` or `--log` (`reads_file`) there is no query, so a first
/// positional argument is a catalog path; without, a missing or blank
/// query is the error `nothing`.
fn query_and_paths(
    query: &Option<String>,
    paths: &[PathBuf],
    reads_file: bool,
    nothing: Error,
) -> Result<(Option<String>, Vec<PathBuf>)> {
    let mut paths = paths.to_vec();
    match query {
        Some(first) if reads_file => {
            paths.insert(0, first.into());
            Ok((None, paths))
        }
        query if !reads_file && query.as_deref().is_none_or(|q| q.trim().is_empty()) => {
            Err(nothing)
        }
        query => Ok((query.clone(), paths)),
    }
}
