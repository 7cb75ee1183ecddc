//! `errbook serve`: build the site, serve it, and rebuild and reload the
//! open pages whenever a source, template, static file or site.toml
//! changes. A build that fails keeps the server up: the pages show the
//! error (and the last good build) until the next good save.

use crate::cli::{ServeArgs, SourceArgs};
use crate::config::Config;
use crate::error::{Error, Result, EXIT_OK};
use crate::project::Project;
use crate::report::{self, Format};
use crate::rules::Severity;
use crate::server::{self, Site, SiteState};
use crate::{detail, status};
use notify::RecursiveMode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Saves closer together than this make one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

pub fn run(args: &ServeArgs) -> Result<i32> {
    // A broken site.toml at the start leaves nothing to watch: stop here.
    let config = Config::load(args.source.config.as_deref())?;
    let temporary = match &args.out {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new()
                .prefix("errbook-serve-")
                .tempdir()
                .map_err(|e| Error::new(format!("cannot create a temporary directory: {e}")))?,
        ),
    };
    let output = match (&args.out, &temporary) {
        (Some(out), _) => out.clone(),
        (None, Some(dir)) => dir.path().join("site"),
        (None, None) => unreachable!("a temporary directory when there is no --out"),
    };
    let site = Arc::new(Site::new(output.clone()));
    let mut watched = watch_list(&args.source, &config);
    // Watching starts before the first build, so that no save is missed.
    let (events, changes) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, events)
        .map_err(|e| Error::new(format!("cannot watch files: {e}")))?;
    let mut active = BTreeMap::new();
    follow(&mut debouncer, &mut active, &watched);
    rebuild(&args.source, &output, &site, &mut watched);

    let address = std::net::SocketAddr::new(args.bind, args.port);
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        Error::new(format!("cannot listen on {address}: {e}")).with_help(
            "another program may use the port: pick another with --port, or --port 0 for any free one",
        )
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::new(format!("cannot listen on {address}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::new(e.to_string()))?;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if local.is_ipv6() {
        format!("[{}]", local.ip())
    } else {
        local.ip().to_string()
    };
    let url = format!("http://{host}:{}/", local.port());
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, not loopback: anyone who can reach this machine can read the site and use its search API",
            args.bind
        );
    }
    // The URL is the output asked for: it goes to stdout even with -q.
    println!("errbook: serving at {url} (Ctrl-C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if args.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}; open {url} yourself");
        }
    }

    let watcher_site = site.clone();
    let source = SourceArgs {
        paths: args.source.paths.clone(),
        config: args.source.config.clone(),
    };
    let watcher_output = output.clone();
    std::thread::Builder::new()
        .name("errbook-watch".into())
        .spawn(move || {
            let watching = Watching {
                debouncer,
                active,
                watched,
            };
            watch(source, watcher_output, watcher_site, watching, changes)
        })
        .map_err(|e| Error::new(format!("cannot start the file watcher: {e}")))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(format!("cannot listen on {address}: {e}")))?;
        server::serve(listener, site, shutdown_signal()).await;
        Ok::<(), Error>(())
    })?;
    status!("errbook: stopped");
    drop(temporary);
    Ok(EXIT_OK)
}

/// Ctrl-C, or SIGTERM from a process manager.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Paths to watch and how: the project directory itself (site.toml and
/// top-level catalogs), each catalog's directory, source directories,
/// and the theme overrides.
fn watch_list(source: &SourceArgs, config: &Config) -> BTreeMap<PathBuf, RecursiveMode> {
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
    let named: Vec<PathBuf> = if source.paths.is_empty() {
        config
            .sources
            .iter()
            .filter(|s| !s.contains(['*', '?', '[']))
            .map(|s| root.join(s))
            .collect()
    } else {
        source.paths.clone()
    };
    for path in named {
        let path = std::path::absolute(&path).unwrap_or(path);
        if path.is_dir() {
            watched.insert(path, RecursiveMode::Recursive);
        }
    }
    if let Ok(files) = crate::source::resolve(&source.paths, config) {
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

/// Builds into `output` and publishes the result; the watch list is
/// updated when site.toml names other sources.
fn rebuild(
    source: &SourceArgs,
    output: &Path,
    site: &Site,
    watched: &mut BTreeMap<PathBuf, RecursiveMode>,
) {
    let started = Instant::now();
    let loaded = match super::load(source) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            site.publish(SiteState {
                build_error: Some(error.to_string()),
                ..SiteState::default()
            });
            return;
        }
    };
    *watched = watch_list(source, &loaded.config);
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
        Err(error) => {
            eprintln!("{error}");
            site.publish(SiteState {
                build_error: Some(error.to_string()),
                ..SiteState::default()
            });
        }
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

/// `errbook check`'s findings as it prints them (without colour), and a
/// one-line summary; `None` when there are none.
fn check_report(loaded: &Project) -> Option<(String, String)> {
    let diagnostics = loaded.lint(false);
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

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The watcher and what it watches.
struct Watching {
    debouncer: Debouncer,
    active: BTreeMap<PathBuf, RecursiveMode>,
    watched: BTreeMap<PathBuf, RecursiveMode>,
}

/// Makes the active watches those of the watch list.
fn follow(
    debouncer: &mut Debouncer,
    active: &mut BTreeMap<PathBuf, RecursiveMode>,
    watched: &BTreeMap<PathBuf, RecursiveMode>,
) {
    for path in active.keys().filter(|p| !watched.contains_key(*p)) {
        let _ = debouncer.unwatch(path);
    }
    active.retain(|p, _| watched.contains_key(p));
    for (path, mode) in watched {
        if active.get(path) != Some(mode) && debouncer.watch(path, *mode).is_ok() {
            active.insert(path.clone(), *mode);
        }
    }
}

fn watch(
    source: SourceArgs,
    output: PathBuf,
    site: Arc<Site>,
    watching: Watching,
    changes: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
) {
    let Watching {
        mut debouncer,
        mut active,
        mut watched,
    } = watching;
    let output = std::path::absolute(&output).unwrap_or(output);
    loop {
        // Follow the watch list as site.toml changes it.
        follow(&mut debouncer, &mut active, &watched);
        let Ok(batch) = changes.recv() else { return };
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
            .filter(|path| relevant(path, &output))
            .collect();
        if changed.is_empty() {
            continue;
        }
        detail!("errbook: changed: {}", changed[0].display());
        rebuild(&source, &output, &site, &mut watched);
    }
}
