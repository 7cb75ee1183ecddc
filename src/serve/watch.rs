//! What `errbook serve` watches and how it follows the changes: the watch
//! list (the project directory, the catalogs' directories, the source
//! directories and the theme overrides), which changed paths count, and
//! the thread that rebuilds after each save.

use crate::config::Config;
use crate::detail;
use crate::error::{Error, Result};
use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// Saves closer together than this make one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Paths to watch, each with whether its subdirectories are watched too.
pub(super) type WatchList = BTreeMap<PathBuf, RecursiveMode>;

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Paths to watch and how: the project directory itself (site.toml and
/// top-level catalogs), each catalog's directory, source directories,
/// and the theme overrides. `paths` are the catalogs named on the command
/// line, which replace the `sources` of site.toml.
pub(super) fn watch_list(paths: &[PathBuf], config: &Config) -> WatchList {
    let mut watched = BTreeMap::new();
    let root = config.dir().to_path_buf();
    // Absolute, so that the paths in events compare with the output's.
    let root = std::path::absolute(&root).unwrap_or(root);
    watched.insert(root.clone(), RecursiveMode::NonRecursive);
    for dir in ["templates", "static"] {
        if root.join(dir).is_dir() {
            watched.insert(root.join(dir), RecursiveMode::Recursive);
        }
    }
    let named: Vec<PathBuf> = if paths.is_empty() {
        config
            .sources
            .iter()
            .filter(|s| !s.contains(['*', '?', '[']))
            .map(|s| root.join(s))
            .collect()
    } else {
        paths.to_vec()
    };
    for path in named {
        let path = std::path::absolute(&path).unwrap_or(path);
        if path.is_dir() {
            watched.insert(path, RecursiveMode::Recursive);
        }
    }
    if let Ok(files) = crate::source::resolve(paths, config) {
        for file in files {
            let parent = match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let parent = std::path::absolute(&parent).unwrap_or(parent);
            watched.entry(parent).or_insert(RecursiveMode::NonRecursive);
        }
    }
    watched
}

/// Whether a changed path can change the site: not the output, not
/// editors' swap and backup files.
fn relevant(path: &Path, output: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913")
}

/// The file watcher, and what it watches now.
pub(super) struct Watcher {
    debouncer: Debouncer,
    /// The watches in place; [`Watcher::follow`] makes them those of the
    /// list.
    active: WatchList,
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
        for path in self.active.keys().filter(|p| !watched.contains_key(*p)) {
            let _ = self.debouncer.unwatch(path);
        }
        self.active.retain(|p, _| watched.contains_key(p));
        for (path, mode) in watched {
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
                .filter(|path| relevant(path, output))
                .collect();
            if changed.is_empty() {
                continue;
            }
            detail!("errbook: changed: {}", changed[0].display());
            rebuild(&mut watched);
        }
    }
}
