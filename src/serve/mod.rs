//! `errbook serve`: build the site, serve it, and rebuild and reload the
//! open pages whenever a source, template, static file or site.toml
//! changes. A build that fails keeps the server up: the pages show the
//! error (and the last good build) until the next good save.
//!
//! [`run`] reads as the steps: build, listen, start the watcher, serve
//! until Ctrl-C or SIGTERM. Its parts, one job each: `watch` (what to
//! watch, which saves count, the watcher thread), `rebuild` (a build
//! through the driver, published to the shared `site` state), `http` (the
//! server: routes, safeguards, live reload, the search API), `files`
//! (request paths to the site's files) and `inject` (what a served page
//! gets).

mod files;
mod http;
mod inject;
mod rebuild;
mod site;
mod watch;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::status;
use site::Site;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use watch::{WatchList, Watcher};

/// What `errbook serve` is asked to do.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// The configuration file; `None` reads ./site.toml when present.
    pub config: Option<PathBuf>,
    /// Catalog files or directories that replace the `sources` of
    /// site.toml.
    pub paths: Vec<PathBuf>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// Whether to open the site in the default browser.
    pub open: bool,
    /// Where to build; `None` builds into a temporary directory.
    pub out: Option<PathBuf>,
}

/// Builds the site, serves it and rebuilds it on every save, until
/// Ctrl-C or SIGTERM.
pub(crate) fn run(options: &Options) -> Result<()> {
    // A broken site.toml at the start leaves nothing to watch: stop here.
    let config = Config::load(options.config.as_deref())?;
    let temporary = match &options.out {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new()
                .prefix("errbook-serve-")
                .tempdir()
                .map_err(|e| Error::new(format!("cannot create a temporary directory: {e}")))?,
        ),
    };
    let output = match (&options.out, &temporary) {
        (Some(out), _) => out.clone(),
        (None, Some(dir)) => dir.path().join("site"),
        (None, None) => unreachable!("a temporary directory when there is no --out"),
    };
    let site = Arc::new(Site::new(output.clone()));
    let mut watched = watch::watch_list(&options.paths, &config);
    // Watching starts before the first build, so that no save is missed.
    let watcher = Watcher::start(&watched)?;
    rebuild::rebuild(options, &output, &site, &mut watched);

    let address = SocketAddr::new(options.bind, options.port);
    let (listener, url) = listen(address)?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, not loopback: anyone who can reach this machine can read the site and use its search API",
            options.bind
        );
    }
    // The URL is the output asked for: it goes to stdout even with -q.
    println!("errbook: serving at {url} (Ctrl-C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if options.open {
        if let Err(e) = opener::open(&url) {
            eprintln!("warning: cannot open a browser: {e}; open {url} yourself");
        }
    }

    // Absolute, as the paths in the watcher's events are.
    let output = std::path::absolute(&output).unwrap_or(output);
    let rebuild = {
        let (options, output, site) = (options.clone(), output.clone(), site.clone());
        move |watched: &mut WatchList| rebuild::rebuild(&options, &output, &site, watched)
    };
    watcher.spawn(watched, output, rebuild)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(format!("cannot listen on {address}: {e}")))?;
        http::serve(listener, site, shutdown_signal()).await;
        Ok::<(), Error>(())
    })?;
    status!("errbook: stopped");
    drop(temporary);
    Ok(())
}

/// A listening socket on `address`, and the URL that reaches it.
fn listen(address: SocketAddr) -> Result<(std::net::TcpListener, String)> {
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
    Ok((listener, format!("http://{host}:{}/", local.port())))
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
