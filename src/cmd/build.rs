//! `errbook build`: render the reference site into the output directory.

use crate::cli::BuildArgs;
use crate::error::{Result, EXIT_OK};
use crate::output::Staging;
use crate::render::{render_site, SiteInput};
use crate::search::web;
use crate::theme::Theme;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<i32> {
    let started = Instant::now();
    let loaded = super::load(&args.source)?;
    let config = &loaded.config;
    let project = if config.root.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        config.root.as_path()
    };
    let output = match &args.out {
        Some(out) => out.clone(),
        None => config.root.join(&config.output),
    };
    // Overrides come from a project (beside its site.toml), never from
    // whatever directory a bare `errbook build FILE` runs in.
    let theme = Theme::load(config.file.as_ref().map(|_| project))?;
    let mut protected: Vec<_> = loaded.sources.iter().map(|s| s.path.clone()).collect();
    protected.push(project.to_path_buf());
    let staging = Staging::begin(&output, &protected)?;
    // The pages and the browser's search index do not depend on each
    // other: build them side by side.
    let (summary, search_files) = rayon::join(
        || {
            render_site(
                &SiteInput {
                    catalog: &loaded.catalog,
                    config,
                    theme: &theme,
                },
                &staging,
            )
        },
        || {
            web::write(&loaded.catalog, &mut |path, content| {
                staging.write(path, content.as_bytes())
            })
        },
    );
    let mut summary = summary?;
    let (search_count, search_bytes) = search_files?;
    summary.pages += search_count;
    summary.bytes += search_bytes as u64;
    staging.commit()?;
    eprintln!(
        "errbook: wrote {} files ({:.1} MB) for {} codes to {} in {:.2} s; open {}",
        summary.pages,
        summary.bytes as f64 / 1e6,
        loaded.catalog.entries().count(),
        output.display(),
        started.elapsed().as_secs_f64(),
        output.join("index.html").display()
    );
    // Freeing the model is slower than letting the process end.
    std::mem::forget(loaded);
    Ok(EXIT_OK)
}
