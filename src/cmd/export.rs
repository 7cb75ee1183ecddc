//! `errbook export`: the catalog model as JSON, for other tools.

use crate::cli::ExportArgs;
use crate::error::{Error, Result, EXIT_OK};
use std::io::Write;

/// Writes the catalog model as JSON to standard output or `--output`.
pub fn run(args: &ExportArgs) -> Result<i32> {
    let loaded = super::load(&args.source)?;
    let mut json = serde_json::to_vec_pretty(&loaded.catalog)
        .map_err(|e| Error::new(format!("cannot serialise the catalog: {e}")))?;
    json.push(b'\n');
    match &args.output {
        Some(path) => std::fs::write(path, &json).map_err(|e| Error::io(path, &e))?,
        None => std::io::stdout()
            .lock()
            .write_all(&json)
            .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))?,
    }
    Ok(EXIT_OK)
}
