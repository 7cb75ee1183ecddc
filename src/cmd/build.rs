//! `errbook build`: render the reference site into the output directory.

use crate::cli::BuildArgs;
use crate::error::{Result, EXIT_OK};
use crate::{detail, status};
use std::time::Instant;

/// Runs `errbook build`.
pub fn run(args: &BuildArgs) -> Result<i32> {
    let started = Instant::now();
    let project = super::load(&args.source)?;
    detail!(
        "errbook: read {} file{} ({} entries) in {:.2} s",
        project.sources.len(),
        if project.sources.len() == 1 { "" } else { "s" },
        project.catalog.entries().count(),
        started.elapsed().as_secs_f64()
    );
    let output = project.output_dir(args.out.as_deref());
    let built = project.build(&output)?;
    // Counted as the site and `check` count them: a page per code.
    let codes = project.catalog.code_count();
    status!(
        "errbook: wrote {} files ({:.1} MB) for {} code{}{} to {} in {:.2} s; open {}",
        built.files,
        built.bytes as f64 / 1e6,
        codes,
        if codes == 1 { "" } else { "s" },
        if built.codes == codes {
            String::new()
        } else {
            format!(" ({} entries)", built.codes)
        },
        output.display(),
        started.elapsed().as_secs_f64(),
        output.join("index.html").display()
    );
    if project.config.base_url.is_empty() {
        status!("errbook: no sitemap.xml, whose addresses must be absolute: set base-url in site.toml for one");
    }
    // Freeing the model is slower than letting the process end.
    std::mem::forget(project);
    Ok(EXIT_OK)
}
