//! One rebuild through the driver: load the project, build the pages and
//! the search index, publish the result to the site being served, then
//! lint the sources for the check panel.

use super::site::{Site, SiteState};
use super::watch::{watch_list, WatchList};
use super::Options;
use crate::error::Error;
use crate::project::Project;
use crate::report::{self, Format};
use crate::rules::Severity;
use crate::{detail, status};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Builds into `output` and publishes the result; the watch list is
/// updated when site.toml names other sources.
pub(super) fn rebuild(options: &Options, output: &Path, site: &Site, watched: &mut WatchList) {
    let started = Instant::now();
    let loaded = match Project::load(options.config.as_deref(), &options.paths) {
        Ok(loaded) => loaded,
        Err(error) => return publish_failure(site, &error),
    };
    *watched = watch_list(&options.paths, &loaded.config);
    // The index for /api/search does not depend on the pages: make it
    // alongside. The check report comes after the pages reload.
    let (built, index) = rayon::join(|| loaded.build(output), || loaded.search_index());
    match built {
        Ok(built) => {
            status!(
                "errbook: built {} codes in {:.0} ms",
                built.codes,
                started.elapsed().as_secs_f64() * 1000.0,
            );
            site.publish(SiteState {
                build_error: None,
                index: index.ok().map(Arc::new),
                ..SiteState::default()
            });
        }
        Err(error) => publish_failure(site, &error),
    }
    let report = check_report(&loaded);
    if let Some((summary, _)) = &report {
        status!("errbook: check: {summary} (see the panel on the pages, or run errbook check)");
    }
    site.set_check_report(report);
    detail!(
        "errbook: rebuild took {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// Prints why the build failed, and shows it on the pages.
fn publish_failure(site: &Site, error: &Error) {
    eprintln!("{error}");
    site.publish(SiteState {
        build_error: Some(error.to_string()),
        ..SiteState::default()
    });
}

/// `errbook check`'s findings as it prints them (without colour), and a
/// one-line summary; `None` when there are none.
fn check_report(loaded: &Project) -> Option<(String, String)> {
    let diagnostics = loaded.lint(&[]);
    if diagnostics.is_empty() {
        return None;
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let others = diagnostics.len() - errors;
    let mut text = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    report::write(&mut text, Format::Human, &diagnostics, &loaded.sources).ok()?;
    Some((
        format!("{errors} errors, {others} warnings"),
        String::from_utf8_lossy(&text.into_inner()).into_owned(),
    ))
}
