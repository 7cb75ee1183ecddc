//! The `missing-field` rule.
//!
//! ## What it does
//! Checks that every entry has the fields its shape requires (level,
//! message, cause and solution for headings) or that `required` in
//! `[catalog]` names. Without `required`, a field that most entries of a
//! file lack is not required there (`field-not-required` says so once);
//! the entries lacking a field most others have are still found.
//!
//! ## Why is this bad?
//! A reader who looks a code up wants to know what it means and what to do
//! about it; an entry without a solution answers half of that.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! **Error level:** ERROR
//!
//! **Error message:** Connection to {host} failed.
//!
//! **Cause:** The host is down.
//! ```
//!
//! Use instead:
//! ```markdown
//! ### CORE-000001
//!
//! **Error level:** ERROR
//!
//! **Error message:** Connection to {host} failed.
//!
//! **Cause:** The host is down.
//!
//! **Solution:** Restart the host.
//! ```

use super::{Context, Findings};
use crate::model::ErrorEntry;

/// The required fields an entry lacks.
pub(super) fn check(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    let fields = cx.catalog_fields();
    for kind in cx.input.config.catalog.required_fields(cx.shape(entry)) {
        if entry.field(kind).is_none() && !fields.is_waived(entry.span.file, kind) {
            let label = cx.label(kind);
            out.report(
                &entry.span,
                Some(&entry.id),
                format!("`{}` has no {label} field", entry.id),
                format!("add a `**{label}:**` paragraph under the heading"),
            );
        }
    }
}
