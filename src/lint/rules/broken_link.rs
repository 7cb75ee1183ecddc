//! The `broken-link` rule.
//!
//! ## What it does
//! Checks that every relative link or image points at a file that exists,
//! relative to the catalog file.
//!
//! ## Why is this bad?
//! The link is dead on the published site and in the offline bundle.
//!
//! ## Example
//! ```markdown
//! **Cause:** The host is down; see [the setup guide](setup.md).
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The host is down; see [the setup guide](guides/setup.md).
//! ```

use super::{Context, Findings};
use std::collections::HashMap;
use std::path::Path;

/// Relative links and images to files that do not exist.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    // Catalogs link the same few files from many entries.
    let mut exists_cache: HashMap<(usize, &str), bool> = HashMap::new();
    for document in &catalog.documents {
        let base = Path::new(&catalog.files[document.file])
            .parent()
            .unwrap_or(Path::new("."));
        for link in &document.links {
            // Remote destinations are never relative.
            let destination = link.destination.trim();
            if !crate::links::is_relative(destination) {
                continue;
            }
            let path = crate::links::path_part(destination);
            let exists = *exists_cache
                .entry((document.file, path))
                .or_insert_with(|| base.join(path).exists());
            if !exists {
                out.report(
                    &link.span,
                    None,
                    format!("link target `{path}` does not exist"),
                    format!("the path is relative to {}; fix it, or link to the published page with a full URL", base.display()),
                );
            }
        }
    }
}
