//! `errbook bundle`: the reference for reading offline, as one HTML file
//! or as the whole site in a zip archive.

use crate::bundle;
use crate::cli::BundleArgs;
use crate::error::{Result, EXIT_OK};
use crate::status;
use std::path::PathBuf;
use std::time::Instant;

/// Runs `errbook bundle`.
pub fn run(args: &BundleArgs) -> Result<i32> {
    let started = Instant::now();
    let project = super::load(&args.source)?;
    let target = match &args.output {
        Some(output) => output.clone(),
        None => PathBuf::from(bundle::default_file_name(
            &project.title(),
            if args.zip { "zip" } else { "html" },
        )),
    };
    let bundled = project.bundle(&target, args.zip)?;
    let how = if args.zip {
        format!(
            "unzip it and open {}/index.html",
            bundle::zip_folder(&target)
        )
    } else {
        "open it in a browser, no other file needed".to_string()
    };
    status!(
        "errbook: wrote {} ({}) with {} codes in {:.2} s; {how}",
        target.display(),
        human_size(bundled.bytes),
        bundled.codes,
        started.elapsed().as_secs_f64()
    );
    // Freeing the model is slower than letting the process end.
    std::mem::forget(project);
    Ok(EXIT_OK)
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} kB", bytes as f64 / 1e3)
    }
}
