//! `errbook bundle`: the reference for reading offline, as one HTML file
//! or as the whole site in a zip archive.

use crate::bundle;
use crate::cli::BundleArgs;
use crate::error::{Error, Result, EXIT_OK};
use crate::render::{site_title, SiteInput};
use crate::status;
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(args: &BundleArgs) -> Result<i32> {
    let started = Instant::now();
    let loaded = super::load(&args.source)?;
    let config = &loaded.config;
    let project = if config.root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        config.root.as_path()
    };
    let target = match &args.output {
        Some(output) => output.clone(),
        None => PathBuf::from(bundle::default_file_name(
            &site_title(&loaded.catalog, config),
            if args.zip { "zip" } else { "html" },
        )),
    };
    let mut protected: Vec<PathBuf> = loaded.sources.iter().map(|s| s.path.clone()).collect();
    protected.extend(config.file.clone());
    bundle::check_target(&target, &protected)?;
    bundle::check_extension(&target, args.zip)?;
    // Overrides come from a project (beside its site.toml), as for build.
    let theme = Theme::load(config.file.as_ref().map(|_| project))?;
    let input = SiteInput {
        catalog: &loaded.catalog,
        config,
        theme: &theme,
        progress: None,
    };
    let codes = loaded.catalog.entries().count();
    if args.zip {
        // The site as `errbook build` writes it, in a temporary directory.
        let work = tempfile::Builder::new()
            .prefix("errbook-bundle-")
            .tempdir()
            .map_err(|e| Error::new(format!("cannot create a temporary directory: {e}")))?;
        let site = work.path().join("site");
        super::build::build(&loaded, &site)?;
        let folder = bundle::zip_folder(&target);
        let size = bundle::write_atomically(&target, |file| {
            bundle::write_zip(&site, &folder, file).map(|_| ())
        })?;
        status!(
            "errbook: wrote {} ({}) with {codes} codes in {:.2} s; unzip it and open {folder}/index.html",
            target.display(),
            human_size(size),
            started.elapsed().as_secs_f64()
        );
    } else {
        let size = bundle::write_atomically(&target, |file| {
            let mut out = std::io::BufWriter::new(file);
            bundle::write_single_file(&input, &mut out)?;
            std::io::Write::flush(&mut out)
                .map_err(|e| Error::at_path(&target, format!("cannot write the bundle: {e}")))
        })?;
        status!(
            "errbook: wrote {} ({}) with {codes} codes in {:.2} s; open it in a browser, no other file needed",
            target.display(),
            human_size(size),
            started.elapsed().as_secs_f64()
        );
    }
    // Freeing the model is slower than letting the process end.
    std::mem::forget(loaded);
    Ok(EXIT_OK)
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} kB", bytes as f64 / 1e3)
    }
}
