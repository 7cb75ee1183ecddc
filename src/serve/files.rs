//! Request paths to the site's files, and the responses for them.
//!
//! - Only files inside the output directory are served: the path is
//!   percent-decoded once, `..`, `.`, `\` and NUL are refused with 400,
//!   and the file's canonical path must lie under the directory's (no
//!   symlink leads out).
//! - A directory redirects (308) to its path with a `/` at the end.
//! - A missing file is the site's 404.html; before the first good build,
//!   an empty page that shows the build error.
//! - HTML pages go out through [`inject`]: the files on disk are not
//!   changed.

use super::inject::inject;
use super::site::{Site, SiteState};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A plain-text response: an error, or an empty redirect.
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
fn resolve(root: &Path, raw_path: &str) -> Result<PathBuf, (StatusCode, &'static str)> {
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

/// The file a GET or HEAD request names, or the site's 404 page.
pub(super) async fn file(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let raw = uri.path();
    let path = match resolve(site.root(), raw) {
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
    match read_inside(site.root(), &path).await {
        Some(bytes) => respond(StatusCode::OK, &path, bytes, &state),
        None => {
            let not_found = site.root().join("404.html");
            match read_inside(site.root(), &not_found).await {
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
}
