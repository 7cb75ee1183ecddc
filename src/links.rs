//! What a link destination written in a catalog points at. The linter
//! (which reports broken and remote ones) and the renderer (which copies,
//! rewrites or neutralises them) share these, so both classify alike.

/// Loaded from the network: `http://`, `https://` or protocol-relative.
pub(crate) fn is_remote(destination: &str) -> bool {
    let lower = destination.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// A path relative to the catalog file: no scheme, not an in-page anchor,
/// not absolute.
pub(crate) fn is_relative(destination: &str) -> bool {
    let destination = destination.trim();
    let has_scheme = destination.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !destination.is_empty() && !destination.starts_with(['#', '/']) && !has_scheme
}

/// The file part of a relative destination (without `#fragment`/`?query`).
pub(crate) fn path_part(destination: &str) -> &str {
    destination.split(['#', '?']).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_destinations() {
        for remote in ["https://x.y/a.png", "HTTP://x", "//cdn.x/a.js"] {
            assert!(is_remote(remote) && !is_relative(remote), "{remote}");
        }
        for relative in ["a.md", "../b/c.md#top", "img/x.png?v=1"] {
            assert!(is_relative(relative) && !is_remote(relative), "{relative}");
        }
        for other in [
            "#anchor",
            "/abs/path",
            "mailto:a@b",
            "javascript:alert(1)",
            "data:text/html,x",
            "",
        ] {
            assert!(!is_relative(other) && !is_remote(other), "{other}");
        }
        assert_eq!(path_part("../b/c.md#top"), "../b/c.md");
    }
}
