//! `errbook completions SHELL`: a completion script for the shell, made by
//! clap_complete from the same definitions that parse the command line.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Result, EXIT_OK};
use clap::CommandFactory;

/// Writes the completion script for `args.shell` to standard output.
pub fn run(args: &CompletionsArgs) -> Result<i32> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "errbook", &mut std::io::stdout());
    Ok(EXIT_OK)
}
