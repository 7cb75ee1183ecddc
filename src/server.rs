//! The HTTP side of `errbook serve`: the built site, live reload and the
//! search API, on hyper with a fixed set of safeguards.
//!
//! - Only files inside the output directory are served: the path is
//!   percent-decoded once, `..`, `.`, `\` and NUL are refused with 400,
//!   and the file's canonical path must lie under the directory's (no
//!   symlink leads out).
//! - Slow clients cannot hold the server: headers must arrive within 10 s
//!   and fit in 64 KiB (else 431); connections are capped.
//! - HTML pages get a small script that reloads them when a rebuild
//!   finishes (server-sent events) and, while the sources do not build,
//!   an overlay with the error. The files on disk are not changed.
//! - `GET /api/search?q=...&limit=N` answers with `errbook search`'s JSON.

use crate::search::SearchIndex;
use crate::text::escape;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{watch, Semaphore};

/// At most this many connections at once; more wait in the backlog.
pub const MAX_CONNECTIONS: usize = 4096;
/// Headers must arrive within this time.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request head accepted (hyper answers 431 above it).
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most results one API call returns.
pub const MAX_LIMIT: usize = 100;

/// What the last build left for the server to show.
#[derive(Default, Clone)]
pub struct SiteState {
    /// Counts finished builds, good or bad; pages reload when it moves.
    pub generation: u64,
    /// Why the last build failed, as `errbook build` prints it.
    pub build_error: Option<String>,
    /// `errbook check`'s findings on the last build, when there are any:
    /// (one-line summary, full report).
    pub check_report: Option<(String, String)>,
    /// The search index of the last good build.
    pub index: Option<Arc<SearchIndex>>,
}

/// The site being served, shared by the builder and the server.
pub struct Site {
    root: PathBuf,
    state: RwLock<SiteState>,
    generation: watch::Sender<u64>,
    /// Moves when the check report changes (pages update their panel
    /// without a reload: the report comes after the build).
    checked: watch::Sender<u64>,
    closing: watch::Sender<bool>,
}

impl Site {
    pub fn new(root: PathBuf) -> Site {
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
    pub fn publish(&self, mut state: SiteState) {
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
    pub fn set_check_report(&self, report: Option<(String, String)>) {
        self.state
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .check_report = report;
        self.checked.send_modify(|n| *n += 1);
    }

    fn snapshot(&self) -> SiteState {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Ends the event streams so that a graceful shutdown can finish.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Serves `site` on `listener` until `shutdown` resolves; open
/// connections then get up to two seconds to finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    site: Arc<Site>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let router = Router::new()
        .route("/api/search", get(api_search))
        .route("/__errbook/events", get(events))
        .route("/__errbook/check", get(check))
        .route("/__errbook/serve.js", get(serve_js))
        .route("/__errbook/serve.css", get(serve_css))
        .fallback(file)
        .with_state(site.clone());
    let service = hyper_util::service::TowerToHyperService::new(router);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before
                // it was accepted: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let connection = http.serve_connection(TokioIo::new(stream), service.clone());
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    site.close();
    let _ = tokio::time::timeout(Duration::from_secs(2), graceful.shutdown()).await;
}

#[derive(serde::Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

fn json_error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn api_search(
    State(site): State<Arc<Site>>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "bad query string: use ?q=TEXT&limit=N (N a whole number)",
        );
    };
    let query = params.q.unwrap_or_default();
    if query.trim().is_empty() {
        return json_error(StatusCode::BAD_REQUEST, "missing q: use ?q=TEXT");
    }
    let limit = params.limit.unwrap_or(10).min(MAX_LIMIT);
    let Some(index) = site.snapshot().index else {
        return json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the site has not built yet; fix the error shown on the pages",
        );
    };
    match tokio::task::spawn_blocking(move || index.search(&query, limit)).await {
        Ok(hits) => axum::Json(hits).into_response(),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "search failed"),
    }
}

/// The check panel's content, for pages that update it in place.
async fn check(State(site): State<Arc<Site>>) -> Response {
    let report = site.snapshot().check_report;
    axum::Json(serde_json::json!({
        "summary": report.as_ref().map(|r| &r.0),
        "report": report.as_ref().map(|r| &r.1),
    }))
    .into_response()
}

/// Server-sent events: the current generation at once, then each new one
/// (pages reload), and `check` events when the check report changes.
async fn events(State(site): State<Arc<Site>>) -> impl IntoResponse {
    struct Listening {
        generations: watch::Receiver<u64>,
        checked: watch::Receiver<u64>,
        closing: watch::Receiver<bool>,
        first: bool,
    }
    let listening = Listening {
        generations: site.generation.subscribe(),
        checked: site.checked.subscribe(),
        closing: site.closing.subscribe(),
        first: true,
    };
    let stream = futures_util::stream::unfold(listening, |mut l| async move {
        let mut check_event = false;
        if !l.first {
            tokio::select! {
                changed = l.generations.changed() => changed.ok()?,
                changed = l.checked.changed() => {
                    changed.ok()?;
                    check_event = true;
                }
                _ = l.closing.wait_for(|c| *c) => return None,
            }
        }
        l.first = false;
        if *l.closing.borrow() {
            return None;
        }
        let event = if check_event {
            l.checked.borrow_and_update();
            Event::default().event("check").data("changed")
        } else {
            Event::default().data(l.generations.borrow_and_update().to_string())
        };
        Some((Ok::<_, Infallible>(event), l))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

const SERVE_JS: &str = include_str!("../static/serve/serve.js");

const SERVE_CSS: &str = include_str!("../static/serve/serve.css");

async fn serve_js() -> Response {
    asset(SERVE_JS, "text/javascript; charset=utf-8")
}

async fn serve_css() -> Response {
    asset(SERVE_CSS, "text/css; charset=utf-8")
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut response = (status, text.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The file a request path names, inside `root`; `Err` is the response.
/// Written here because the pages need the reload script put in, and a
/// static-file service would have to be wrapped for it anyway.
pub fn resolve(root: &Path, raw_path: &str) -> Result<PathBuf, (StatusCode, &'static str)> {
    let bad = Err((StatusCode::BAD_REQUEST, "bad request path"));
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return bad;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return bad;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains(':') {
            return bad;
        }
        path.push(segment);
    }
    if decoded.ends_with('/') {
        path.push("index.html");
    }
    Ok(path)
}

async fn file(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let raw = uri.path();
    let path = match resolve(&site.root, raw) {
        Ok(path) => path,
        Err((status, message)) => return plain(status, message),
    };
    let state = site.snapshot();
    if tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_dir()) {
        let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
        if let Ok(location) = HeaderValue::from_str(&format!("{raw}/")) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    match read_inside(&site.root, &path).await {
        Some(bytes) => respond(StatusCode::OK, &path, bytes, &state),
        None => {
            let not_found = site.root.join("404.html");
            match read_inside(&site.root, &not_found).await {
                Some(bytes) => respond(StatusCode::NOT_FOUND, &not_found, bytes, &state),
                // No site yet (the first build failed): the error page.
                None if state.build_error.is_some() => {
                    let page = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>errbook</title></head><body></body></html>".to_vec();
                    respond(StatusCode::NOT_FOUND, Path::new("error.html"), page, &state)
                }
                None => plain(StatusCode::NOT_FOUND, "not found\n"),
            }
        }
    }
}

/// The file's bytes when its real path (symlinks resolved) is inside
/// `root`.
async fn read_inside(root: &Path, path: &Path) -> Option<Vec<u8>> {
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    let metadata = tokio::fs::metadata(&real).await.ok()?;
    if !metadata.is_file() {
        return None;
    }
    tokio::fs::read(&real).await.ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, path: &Path, bytes: Vec<u8>, state: &SiteState) -> Response {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject(&String::from_utf8_lossy(&bytes), state).into_bytes()
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Pages change on every save: never serve a stale one.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The page as served: the reload script and stylesheet in the head (the
/// page's Content-Security-Policy also allows connecting back to this
/// server), the build error overlay and the check panel in the body.
pub fn inject(html: &str, state: &SiteState) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; connect-src 'self';",
        1,
    );
    let head = format!(
        "<link rel=\"stylesheet\" href=\"/__errbook/serve.css\"><script src=\"/__errbook/serve.js\" data-generation=\"{}\" defer></script>",
        state.generation
    );
    let mut body = String::new();
    if let Some(error) = &state.build_error {
        body.push_str(&format!(
            "<div id=\"errbook-overlay\" role=\"alert\"><h2>errbook: the site does not build</h2><pre>{}</pre><p>Fix it and save: this page reloads. Until then the last good build is shown under this message.</p></div>",
            escape(error)
        ));
    }
    if let Some((summary, report)) = &state.check_report {
        body.push_str(&format!(
            "<details id=\"errbook-check\"><summary>errbook check: {}</summary><pre>{}</pre></details>",
            escape(summary),
            escape(report)
        ));
    }
    let mut html = match html.find("</head>") {
        Some(at) => format!("{}{head}{}", &html[..at], &html[at..]),
        None => format!("{head}{html}"),
    };
    if !body.is_empty() {
        match html
            .find("<body")
            .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
        {
            Some(at) => html.insert_str(at, &body),
            None => html.push_str(&body),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/").unwrap(), root.join("index.html"));
        assert_eq!(
            resolve(root, "/codes/CM%2DX.html").unwrap(),
            root.join("codes/CM-X.html")
        );
        for bad in [
            "/../etc/passwd",
            "/codes/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5c..%5cwindows",
            "/a%00b",
            "/./index.html",
            "/%ff",
            "/C:/x",
        ] {
            assert!(resolve(root, bad).is_err(), "{bad}");
        }
        // Decoded once: `%252e%252e` is a file literally named `%2e%2e`.
        assert_eq!(
            resolve(root, "/%252e%252e/x").unwrap(),
            root.join("%2e%2e/x")
        );
    }

    #[test]
    fn pages_get_the_reload_script_and_escaped_errors() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head><body class=\"x\"><p>hi</p></body></html>";
        let state = SiteState {
            generation: 7,
            build_error: Some("error: <script>alert(1)</script>".into()),
            ..SiteState::default()
        };
        let served = inject(page, &state);
        assert!(served.contains("connect-src 'self'"));
        assert!(served.contains("data-generation=\"7\""));
        assert!(served.contains("<body class=\"x\"><div id=\"errbook-overlay\""));
        assert!(served.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!served.contains("<script>alert"));
    }
}
