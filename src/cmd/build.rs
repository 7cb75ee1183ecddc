//! `errbook build`: render the reference site into the output directory.

use crate::cli::BuildArgs;
use crate::cmd::LoadedCatalog;
use crate::error::{Result, EXIT_OK};
use crate::output::Staging;
use crate::render::{render_site, SiteInput};
use crate::search::web;
use crate::theme::Theme;
use crate::{detail, status, ui};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<i32> {
    let started = Instant::now();
    let loaded = super::load(&args.source)?;
    detail!(
        "errbook: read {} file{} ({} codes) in {:.2} s",
        loaded.sources.len(),
        if loaded.sources.len() == 1 { "" } else { "s" },
        loaded.catalog.entries().count(),
        started.elapsed().as_secs_f64()
    );
    let output = output_dir(&loaded, args.out.as_deref());
    let built = build(&loaded, &output)?;
    status!(
        "errbook: wrote {} files ({:.1} MB) for {} codes to {} in {:.2} s; open {}",
        built.files,
        built.bytes as f64 / 1e6,
        built.codes,
        output.display(),
        started.elapsed().as_secs_f64(),
        output.join("index.html").display()
    );
    // Freeing the model is slower than letting the process end.
    std::mem::forget(loaded);
    Ok(EXIT_OK)
}

/// `--out`, else `output` of site.toml (relative to its directory).
pub fn output_dir(loaded: &LoadedCatalog, out: Option<&Path>) -> PathBuf {
    match out {
        Some(out) => out.to_path_buf(),
        None => loaded.config.root.join(&loaded.config.output),
    }
}

/// What a build wrote.
pub struct Built {
    pub files: usize,
    pub bytes: u64,
    pub codes: usize,
}

/// Renders the site and its browser search index into `output`,
/// atomically. Shared by `build` and `serve`.
pub fn build(loaded: &LoadedCatalog, output: &Path) -> Result<Built> {
    let started = Instant::now();
    let config = &loaded.config;
    let project = if config.root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        config.root.as_path()
    };
    // Overrides come from a project (beside its site.toml), never from
    // whatever directory a bare `errbook build FILE` runs in.
    let theme = Theme::load(config.file.as_ref().map(|_| project))?;
    let mut protected: Vec<_> = loaded.sources.iter().map(|s| s.path.clone()).collect();
    protected.push(project.to_path_buf());
    let staging = Staging::begin(output, &protected)?;
    let codes = loaded.catalog.entries().count();
    // One page per distinct code: that is what the renderer counts.
    let pages = loaded
        .catalog
        .entries()
        .map(|e| e.key())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let bar = ui::progress(pages as u64, "rendering");
    let progress = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    // The pages and the browser's search index do not depend on each
    // other: build them side by side.
    let (summary, search_files) = rayon::join(
        || {
            render_site(
                &SiteInput {
                    catalog: &loaded.catalog,
                    config,
                    theme: &theme,
                    progress: Some(&progress),
                },
                &staging,
            )
        },
        || {
            let started = Instant::now();
            let written = web::write(&loaded.catalog, &mut |path, content| {
                staging.write(path, content.as_bytes())
            });
            detail!(
                "errbook: search index in {:.2} s",
                started.elapsed().as_secs_f64()
            );
            written
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut summary = summary?;
    let (search_count, search_bytes) = search_files?;
    summary.pages += search_count;
    summary.bytes += search_bytes as u64;
    staging.commit()?;
    detail!(
        "errbook: pages, index and commit in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(Built {
        files: summary.pages,
        bytes: summary.bytes,
        codes,
    })
}
