//! The `errbook` binary: parse the command line and dispatch.

use clap::Parser;
use errbook::cli::{Cli, Command};
use errbook::cmd;
use errbook::error::EXIT_FAILURE;

fn main() {
    let cli = Cli::parse();
    errbook::ui::init(cli.quiet, cli.verbose, cli.color);
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Theme(args) => cmd::theme::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Bundle(args) => cmd::bundle::run(args),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(EXIT_FAILURE);
        }
    }
}
