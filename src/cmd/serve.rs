//! `errbook serve`: the command line's options, handed to
//! `serve::run`.

use crate::cli::ServeArgs;
use crate::error::{Result, EXIT_OK};
use crate::serve::{self, Options};

/// Runs `errbook serve` until Ctrl-C or SIGTERM.
pub fn run(args: &ServeArgs) -> Result<i32> {
    serve::run(&Options {
        config: args.source.config.clone(),
        paths: args.source.paths.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        out: args.out.clone(),
    })?;
    Ok(EXIT_OK)
}
