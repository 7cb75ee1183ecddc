//! The HTTP side of `errbook serve`: the built site, live reload and the
//! search API, on hyper with a fixed set of safeguards.
//!
//! - Slow clients cannot hold the server: headers must arrive within 10 s
//!   and fit in 64 KiB (else 431); connections are capped.
//! - `GET /api/search?q=...&limit=N` answers with `errbook search`'s JSON.
//! - `/__errbook/events` tells open pages when a build finishes or the
//!   check report changes (server-sent events), `/__errbook/check` gives
//!   the report, and `/__errbook/serve.js` and `/__errbook/serve.css` are
//!   the server's own script and stylesheet (in `src/serve/assets/`: not
//!   theme files, never written into a site; under the repository's
//!   `static/` they would be, as theme overrides of its own site.toml).
//! - Anything else is a file of the site ([`super::files`]).

use super::files;
use super::site::Site;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};

/// At most this many connections at once; more wait in the backlog.
const MAX_CONNECTIONS: usize = 4096;
/// Headers must arrive within this time.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request head accepted (hyper answers 431 above it).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most results one API call returns.
const MAX_LIMIT: usize = 100;

/// Serves `site` on `listener` until `shutdown` resolves; open
/// connections then get up to two seconds to finish.
pub(super) async fn serve(
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
        .fallback(files::file)
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
        generations: site.generations(),
        checked: site.check_reports(),
        closing: site.closing(),
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

/// Reloads a served page when a build finishes, and updates its check
/// panel when the report changes.
const SERVE_JS: &str = include_str!("assets/serve.js");

/// The build error overlay and the check panel.
const SERVE_CSS: &str = include_str!("assets/serve.css");

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
