//! The `field-not-required` rule.
//!
//! ## What it does
//! Notes, once per file and field, a field the file's shape requires by
//! default (cause and solution for `heading-message`, say) that more than
//! half of the file's entries, and at least 3, lack. The file does not
//! require it, so `missing-field` does not report it entry by entry;
//! `required` under `[catalog]` in site.toml sets the fields explicitly
//! and then nothing is waived.
//!
//! ## Why is this bad?
//! It is not a defect: a catalog whose entries mostly give only the
//! message and a code mapping is written that way by design, and an error
//! per entry would bury its real defects. The note says which fields were
//! waived, so that a writer who does want them knows to ask.
//!
//! ## Example
//! ```markdown
//! ## CORE-1: Disk full
//!
//! - Error code in the server: 101
//!
//! ## CORE-2: Disk gone
//!
//! - Error code in the server: 102
//!
//! ## CORE-3: Disk read-only
//!
//! - Error code in the server: 103
//! ```
//!
//! Use instead, if every entry should say why and what to do:
//! ```toml
//! [catalog]
//! required = ["message", "cause", "solution"]
//! ```

use super::{Context, Findings};
use crate::config::CatalogConfig;

/// One note per waived field of each file.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let config: &CatalogConfig = &cx.input.config.catalog;
    for document in &cx.input.catalog.documents {
        let waived = cx.catalog_fields().waived(document.file);
        if waived.is_empty() {
            continue;
        }
        let defaults: Vec<String> = config
            .required_fields(document.shape)
            .iter()
            .map(|kind| format!("\"{}\"", kind.name()))
            .collect();
        for field in waived {
            out.report(
                &field.first.span,
                Some(&field.first.id),
                format!(
                    "{} is missing from {} of the {} entries of this file, so it is not required here",
                    cx.label(field.kind),
                    field.lacking,
                    field.entries
                ),
                format!(
                    "to require it in every entry, set `required = [{}]` under [catalog] in site.toml",
                    defaults.join(", ")
                ),
            );
        }
    }
}
