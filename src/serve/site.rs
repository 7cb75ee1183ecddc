//! The site being served, shared by the rebuilds, which publish each
//! build's result, and the server, which shows the latest: the output
//! directory, the build error, the check report and the search index,
//! and the signals that tell open pages a build or a report is new.

use crate::search::SearchIndex;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// What the last build left for the server to show.
#[derive(Default, Clone)]
pub(super) struct SiteState {
    /// Counts finished builds, good or bad; pages reload when it moves.
    pub(super) generation: u64,
    /// Why the last build failed, as `errbook build` prints it.
    pub(super) build_error: Option<String>,
    /// `errbook check`'s findings on the last build, when there are any:
    /// (one-line summary, full report).
    pub(super) check_report: Option<(String, String)>,
    /// The search index of the last good build.
    pub(super) index: Option<Arc<SearchIndex>>,
}

/// The site being served, shared by the builder and the server.
pub(super) struct Site {
    root: PathBuf,
    state: RwLock<SiteState>,
    generation: watch::Sender<u64>,
    /// Moves when the check report changes (pages update their panel
    /// without a reload: the report comes after the build).
    checked: watch::Sender<u64>,
    closing: watch::Sender<bool>,
}

impl Site {
    /// A site built into `root`, before its first build.
    pub(super) fn new(root: PathBuf) -> Site {
        Site {
            root,
            state: RwLock::default(),
            generation: watch::channel(0).0,
            checked: watch::channel(0).0,
            closing: watch::channel(false).0,
        }
    }

    /// Installs the result of a build and tells open pages to reload.
    /// A failed build keeps the last good index; the check report stays
    /// until `set_check_report` replaces it.
    pub(super) fn publish(&self, mut state: SiteState) {
        let generation = {
            let mut current = self.state.write().unwrap_or_else(|e| e.into_inner());
            if state.index.is_none() {
                state.index = current.index.clone();
            }
            state.check_report = current.check_report.clone();
            state.generation = current.generation + 1;
            *current = state;
            current.generation
        };
        self.generation.send_replace(generation);
    }

    /// Installs `errbook check`'s findings on the latest sources and tells
    /// open pages to update their panel.
    pub(super) fn set_check_report(&self, report: Option<(String, String)>) {
        self.state
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .check_report = report;
        self.checked.send_modify(|n| *n += 1);
    }

    /// The output directory: the files served.
    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    /// What the last build left, as it is now.
    pub(super) fn snapshot(&self) -> SiteState {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The generation, which moves when a build finishes.
    pub(super) fn generations(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// A count that moves when the check report changes.
    pub(super) fn check_reports(&self) -> watch::Receiver<u64> {
        self.checked.subscribe()
    }

    /// Turns true when the server shuts down.
    pub(super) fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Ends the event streams so that a graceful shutdown can finish.
    pub(super) fn close(&self) {
        self.closing.send_replace(true);
    }
}
