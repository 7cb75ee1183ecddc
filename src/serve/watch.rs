//! What `errbook serve` watches and how it follows the changes: the watch
//! list (the project directory, the catalogs' directories, the source
//! directories and the theme overrides), which changed paths count (the
//! inputs only: site.toml, the sources, the theme), and the thread that
//! rebuilds after each save.

use crate::config::Config;
use crate::config::DEFAULT_CONFIG;
use crate::detail;
use crate::error::{Error, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// Saves closer together than this make one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// What `serve` watches: the directories to watch, and which changed
/// paths in them are inputs of the site. Anything else in a watched
/// directory (a log the server's own output is redirected to, a build
/// artefact) is not, so it never triggers a rebuild.
#[derive(Debug, Default)]
pub(super) struct WatchList {
    /// Directories to watch, each with whether its subdirectories are
    /// watched too.
    dirs: BTreeMap<PathBuf, RecursiveMode>,
    /// Input files: site.toml and every source file read.
    files: BTreeSet<PathBuf>,
    /// Directories everything under which is input: templates/, static/
    /// and source directories.
    trees: Vec<PathBuf>,
    /// Source globs, matched relative to the project directory, for files
    /// that appear after the build.
    globs: Option<(PathBuf, GlobSet)>,
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// What to watch: the project directory itself (for site.toml and
/// top-level catalogs; recursively when a source glob may match below
/// it), each catalog's directory, source directories, and the theme
/// overrides. `paths` are the catalogs named on the command line, which
/// replace the `sources` of site.toml.
pub(super) fn watch_list(paths: &[PathBuf], config: &Config) -> WatchList {
    let mut watched = WatchList::default();
    let root = config.dir().to_path_buf();
    // Absolute, so that the paths in events compare with the output's.
    let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
    let root = absolute(root);
    watched.files.insert(root.join(DEFAULT_CONFIG));
    if let Some(file) = &config.file {
        watched.files.insert(absolute(file.clone()));
    }
    for dir in ["templates", "static"] {
        // Counted even before it exists: creating it overrides the theme
        // (the rebuild then watches it).
        watched.trees.push(root.join(dir));
        if root.join(dir).is_dir() {
            watched
                .dirs
                .insert(root.join(dir), RecursiveMode::Recursive);
        }
    }
    let named: Vec<String> = if paths.is_empty() {
        let catalogs = config.catalogs.iter().flat_map(|c| c.sources.iter());
        config.sources.iter().chain(catalogs).cloned().collect()
    } else {
        paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    };
    let mut globs = GlobSetBuilder::new();
    let mut any_glob = false;
    for source in named {
        if paths.is_empty() && crate::source::is_glob(&source) {
            if let Ok(glob) = Glob::new(&source) {
                globs.add(glob);
                any_glob = true;
            }
            continue;
        }
        let path = absolute(if paths.is_empty() {
            root.join(&source)
        } else {
            PathBuf::from(&source)
        });
        if path.is_dir() {
            watched.dirs.insert(path.clone(), RecursiveMode::Recursive);
            watched.trees.push(path);
        } else {
            watched.files.insert(path);
        }
    }
    let root_mode = if any_glob {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    watched.dirs.insert(root.clone(), root_mode);
    if any_glob {
        watched.globs = globs.build().ok().map(|set| (root.clone(), set));
    }
    if let Ok(files) = crate::source::resolve(paths, config) {
        for file in files {
            let parent = match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            watched.files.insert(absolute(file));
            watched
                .dirs
                .entry(absolute(parent))
                .or_insert(RecursiveMode::NonRecursive);
        }
    }
    watched
}

impl WatchList {
    /// Whether a changed path can change the site: an input (not the
    /// output, nor another file in a watched directory), and not an
    /// editor's swap or backup file.
    fn relevant(&self, path: &Path, output: &Path) -> bool {
        if path.starts_with(output) {
            return false;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913"
        {
            return false;
        }
        self.files.contains(path)
            || self.trees.iter().any(|tree| path.starts_with(tree))
            || self.globs.as_ref().is_some_and(|(root, set)| {
                path.strip_prefix(root)
                    .is_ok_and(|relative| set.is_match(relative))
            })
    }
}

/// The file watcher, and what it watches now.
pub(super) struct Watcher {
    debouncer: Debouncer,
    /// The watches in place; [`Watcher::follow`] makes them those of the
    /// list.
    active: BTreeMap<PathBuf, RecursiveMode>,
    changes: Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Starts watching what `watched` names.
    pub(super) fn start(watched: &WatchList) -> Result<Watcher> {
        let (events, changes) = std::sync::mpsc::channel();
        let debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, events)
            .map_err(|e| Error::new(format!("cannot watch files: {e}")))?;
        let mut watcher = Watcher {
            debouncer,
            active: BTreeMap::new(),
            changes,
        };
        watcher.follow(watched);
        Ok(watcher)
    }

    /// On a thread of its own: calls `rebuild` after each save that
    /// counts, and follows the watch list as `rebuild` updates it.
    /// `output` (absolute) is where the rebuilds write: changes there do
    /// not count.
    pub(super) fn spawn(
        self,
        watched: WatchList,
        output: PathBuf,
        rebuild: impl FnMut(&mut WatchList) + Send + 'static,
    ) -> Result<()> {
        std::thread::Builder::new()
            .name("errbook-watch".into())
            .spawn(move || self.watch(watched, &output, rebuild))
            .map_err(|e| Error::new(format!("cannot start the file watcher: {e}")))?;
        Ok(())
    }

    /// Makes the active watches those of the watch list.
    fn follow(&mut self, watched: &WatchList) {
        let wanted = &watched.dirs;
        for path in self.active.keys().filter(|p| !wanted.contains_key(*p)) {
            let _ = self.debouncer.unwatch(path);
        }
        self.active.retain(|p, _| wanted.contains_key(p));
        for (path, mode) in wanted {
            if self.active.get(path) != Some(mode) && self.debouncer.watch(path, *mode).is_ok() {
                self.active.insert(path.clone(), *mode);
            }
        }
    }

    fn watch(
        mut self,
        mut watched: WatchList,
        output: &Path,
        mut rebuild: impl FnMut(&mut WatchList),
    ) {
        loop {
            // Follow the watch list as site.toml changes it.
            self.follow(&watched);
            let Ok(batch) = self.changes.recv() else {
                return;
            };
            let Ok(batch) = batch else { continue };
            // Reading a file is an event too (the build reads the sources):
            // only writes, creations, removals and renames count.
            let changed: Vec<&Path> = batch
                .iter()
                .filter(|event| {
                    use notify::event::ModifyKind;
                    use notify::EventKind::{Create, Modify, Remove};
                    match event.kind {
                        Modify(ModifyKind::Metadata(_)) => false,
                        Create(_) | Modify(_) | Remove(_) => true,
                        _ => false,
                    }
                })
                .flat_map(|event| event.paths.iter())
                .map(PathBuf::as_path)
                .filter(|path| watched.relevant(path, output))
                .collect();
            if changed.is_empty() {
                continue;
            }
            detail!("errbook: changed: {}", changed[0].display());
            rebuild(&mut watched);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with a site.toml, a source file, a source glob and a
    /// theme override, and files beside them that are not inputs.
    fn project(sources: &str) -> (tempfile::TempDir, Config, WatchList) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        std::fs::write(root.join("notes.md"), "# Notes\n").unwrap();
        let toml = format!("sources = [{sources}]\n");
        std::fs::write(root.join("site.toml"), toml).unwrap();
        let config = Config::load(Some(&root.join("site.toml"))).unwrap();
        let watched = watch_list(&[], &config);
        (dir, config, watched)
    }

    #[test]
    fn only_inputs_count() {
        let (dir, _config, watched) = project("\"content/a.md\"");
        let root = std::path::absolute(dir.path()).unwrap();
        let output = root.join("public");
        for input in ["site.toml", "content/a.md", "templates/code.html", "static"] {
            assert!(watched.relevant(&root.join(input), &output), "{input}");
        }
        // `errbook serve > serve.log 2>&1` inside the project rebuilt
        // forever: each rebuild wrote the log, which was a change.
        for other in [
            "serve.log",
            "notes.md",
            "content/other.md",
            "public/index.html",
            "content/.a.md.swp",
        ] {
            assert!(!watched.relevant(&root.join(other), &output), "{other}");
        }
    }

    #[test]
    fn a_new_file_a_glob_matches_counts() {
        let (dir, _config, watched) = project("\"content/**/*.md\"");
        let root = std::path::absolute(dir.path()).unwrap();
        let output = root.join("public");
        assert!(watched.relevant(&root.join("content/new/b.md"), &output));
        assert!(!watched.relevant(&root.join("serve.log"), &output));
        assert_eq!(watched.dirs.get(&root), Some(&RecursiveMode::Recursive));
    }
}
