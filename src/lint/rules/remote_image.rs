//! The `remote-image` rule.
//!
//! ## What it does
//! Checks for images loaded from the network (`http://`, `https://` or
//! `//`).
//!
//! ## Why is this bad?
//! The offline site and the bundle cannot show them, and every reader's
//! browser asks another server for them.
//!
//! ## Example
//! ```markdown
//! ![Where the host sits](https://example.com/hosts.png)
//! ```
//!
//! Use instead:
//! ```markdown
//! ![Where the host sits](images/hosts.png)
//! ```

use super::{Context, Findings};

/// Images loaded from the network.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for link in cx.input.catalog.documents.iter().flat_map(|d| &d.links) {
        if link.is_image && crate::links::is_remote(link.destination.trim()) {
            out.report(
                &link.span,
                None,
                "image is loaded from the network".to_string(),
                "save the image beside the catalog and link it by a relative path, so the site works offline".to_string(),
            );
        }
    }
}
