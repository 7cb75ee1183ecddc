//! The driver: a project loaded once (configuration, sources, catalog)
//! and the pipeline run on it. Every command, `serve` and the tests call
//! this layer, as mdBook's commands call `MDBook` and Zola's call `Site`;
//! nothing here prints but progress and `-v` details.

use crate::bundle;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::lint::{self, Diagnostic, LevelOverride, LintInput};
use crate::model::Catalog;
use crate::output::Staging;
use crate::render::{self, SiteInput};
use crate::search::{web, SearchIndex};
use crate::source::{self, SourceFile};
use crate::theme::Theme;
use crate::{detail, ui};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A catalog project: its configuration, the text of its sources and the
/// catalog parsed from them.
pub struct Project {
    /// site.toml, or the defaults when there is none.
    pub config: Config,
    /// The sources, in the order they were read.
    pub sources: Vec<SourceFile>,
    /// The model every stage reads.
    pub catalog: Catalog,
}

/// What a build wrote.
pub struct Built {
    /// Files written, pages and search shards together.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Entries of the catalog.
    pub codes: usize,
}

/// What `bundle` wrote.
pub struct Bundled {
    /// The bundle's size in bytes.
    pub bytes: u64,
    /// Entries of the catalog.
    pub codes: usize,
}

impl Project {
    /// Reads `config` (else `./site.toml` when present, else the
    /// defaults) and the sources: `paths` when given, else the config's.
    pub fn load(config: Option<&Path>, paths: &[PathBuf]) -> Result<Project> {
        let config = Config::load(config)?;
        let mut sources = Vec::new();
        for (path, catalog) in source::resolve_catalogs(paths, &config)? {
            let mut source = source::read(&path)?;
            source.catalog = catalog;
            sources.push(source);
        }
        Ok(Project::new(config, sources))
    }

    /// A project of sources already read.
    pub fn new(config: Config, sources: Vec<SourceFile>) -> Project {
        let catalog = crate::parse::parse_site(&sources, &config);
        Project {
            config,
            sources,
            catalog,
        }
    }

    /// The default theme with the project's overrides. Overrides come from
    /// a project (beside its site.toml), never from whatever directory a
    /// bare `errbook build FILE` runs in.
    pub fn theme(&self) -> Result<Theme> {
        Theme::load(self.config.file.as_ref().map(|_| self.config.dir()))
    }

    /// What no output may replace or overwrite: the sources, site.toml
    /// and the project directory.
    pub fn protected_paths(&self) -> Vec<PathBuf> {
        let mut protected: Vec<PathBuf> = self.sources.iter().map(|s| s.path.clone()).collect();
        protected.extend(self.config.file.clone());
        protected.push(self.config.dir().to_path_buf());
        protected
    }

    /// `--out`, else `output` of site.toml (relative to its directory).
    pub fn output_dir(&self, out: Option<&Path>) -> PathBuf {
        match out {
            Some(out) => out.to_path_buf(),
            None => self.config.root.join(&self.config.output),
        }
    }

    /// The site's title: `title` in site.toml, else the catalog's.
    pub fn title(&self) -> String {
        render::site_title(&self.catalog, &self.config)
    }

    /// `errbook check`'s findings, sorted by place; `overrides` are the
    /// command line's `-A`, `-W` and `-D`, in order.
    pub fn lint(&self, overrides: &[LevelOverride]) -> Vec<Diagnostic> {
        lint::lint(&LintInput {
            catalog: &self.catalog,
            sources: &self.sources,
            config: &self.config,
            overrides,
        })
    }

    /// Each source's path relative to the project directory (site.toml's,
    /// else the current one), with `/` and `..` where the source is
    /// outside it: how a baseline names files, the same from wherever
    /// errbook runs and in any checkout of the project.
    pub fn project_paths(&self) -> Vec<String> {
        let dir = crate::output::absolute(self.config.dir());
        self.sources
            .iter()
            .map(|source| {
                let relative = match (&dir, crate::output::absolute(&source.path)) {
                    (Ok(dir), Ok(path)) => relative_path(dir, &path),
                    _ => source.path.clone(),
                };
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect()
    }

    /// The index `errbook search`, `explain` and `serve` search.
    pub fn search_index(&self) -> Result<SearchIndex> {
        SearchIndex::build(&self.catalog)
    }

    /// Renders the site and its browser search index into `output`,
    /// atomically: until it returns, the previous site is in place.
    pub fn build(&self, output: &Path) -> Result<Built> {
        let started = Instant::now();
        let theme = self.theme()?;
        let staging = Staging::begin(output, &self.protected_paths())?;
        let codes = self.catalog.entries().count();
        // One page per distinct code: that is what the renderer counts.
        let pages = self
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
                render::render_site(
                    &SiteInput {
                        catalog: &self.catalog,
                        config: &self.config,
                        theme: &theme,
                        progress: Some(&progress),
                    },
                    &staging,
                )
            },
            || {
                let started = Instant::now();
                let written = web::write(&self.catalog, &mut |path, content| {
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

    /// Writes the offline bundle to `target`: one self-contained HTML
    /// file, or (`zip`) the site as `build` writes it, in a zip archive.
    /// Written beside the target and renamed over it when complete.
    pub fn bundle(&self, target: &Path, zip: bool) -> Result<Bundled> {
        bundle::check_target(target, &self.protected_paths())?;
        bundle::check_extension(target, zip)?;
        let codes = self.catalog.entries().count();
        let bytes = if zip {
            // The site as `errbook build` writes it, in a temporary directory.
            let work = tempfile::Builder::new()
                .prefix("errbook-bundle-")
                .tempdir()
                .map_err(|e| Error::new(format!("cannot create a temporary directory: {e}")))?;
            let site = work.path().join("site");
            self.build(&site)?;
            let folder = bundle::zip_folder(target);
            bundle::write_atomically(target, |file| {
                bundle::write_zip(&site, &folder, file).map(|_| ())
            })?
        } else {
            let theme = self.theme()?;
            let input = SiteInput {
                catalog: &self.catalog,
                config: &self.config,
                theme: &theme,
                progress: None,
            };
            bundle::write_atomically(target, |file| {
                let mut out = std::io::BufWriter::new(file);
                bundle::write_single_file(&input, &mut out)?;
                std::io::Write::flush(&mut out)
                    .map_err(|e| Error::at_path(target, format!("cannot write the bundle: {e}")))
            })?
        };
        Ok(Bundled { bytes, codes })
    }
}

/// `path` relative to `dir`, both absolute: `a/b.md`, or `../x/b.md` when
/// it is outside; `path` itself when they share no root (another drive).
fn relative_path(dir: &Path, path: &Path) -> PathBuf {
    let dir: Vec<_> = dir.components().collect();
    let path_parts: Vec<_> = path.components().collect();
    let common = dir
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut relative = PathBuf::new();
    for _ in common..dir.len() {
        relative.push("..");
    }
    relative.extend(&path_parts[common..]);
    relative
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_path_relative_to_the_project_climbs_out_of_it_with_dots() {
        let relative = |dir: &str, path: &str| relative_path(Path::new(dir), Path::new(path));
        assert_eq!(
            relative("/p", "/p/content/a.md"),
            PathBuf::from("content/a.md")
        );
        assert_eq!(
            relative("/p/site", "/p/content/a.md"),
            PathBuf::from("../content/a.md")
        );
        assert_eq!(
            relative("/p", "/elsewhere/a.md"),
            PathBuf::from("../elsewhere/a.md")
        );
        assert_eq!(relative("/", "/a.md"), PathBuf::from("a.md"));
    }
}
