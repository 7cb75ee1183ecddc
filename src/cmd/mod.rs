//! One module per command. Each reads its arguments, runs the pipeline
//! stages it needs and returns the process exit code.

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
use crate::config::Config;
use crate::error::Result;
use crate::model::Catalog;
use crate::source::{self, SourceFile};

/// The read and parse stages, as every command runs them.
pub struct LoadedCatalog {
    pub config: Config,
    pub sources: Vec<SourceFile>,
    pub catalog: Catalog,
}

pub fn load(args: &SourceArgs) -> Result<LoadedCatalog> {
    let config = Config::load(args.config.as_deref())?;
    let mut sources = Vec::new();
    for (path, catalog) in source::resolve_catalogs(&args.paths, &config)? {
        let mut source = source::read(&path)?;
        source.catalog = catalog;
        sources.push(source);
    }
    let catalog = crate::parse::parse_site(&sources, &config);
    Ok(LoadedCatalog {
        config,
        sources,
        catalog,
    })
}
