//! The `run-together-fields` rule.
//!
//! ## What it does
//! Checks for a field label on the line right after the previous field,
//! with no blank line between them.
//!
//! ## Why is this bad?
//! Markdown joins the two lines into one paragraph, so the page shows both
//! fields run together as one.
//!
//! ## Example
//! ```markdown
//! **Error level:** ERROR
//! **Error message:** Connection to {host} failed.
//! ```
//!
//! Use instead:
//! ```markdown
//! **Error level:** ERROR
//!
//! **Error message:** Connection to {host} failed.
//! ```

use super::{Context, Findings};
use crate::model::ErrorEntry;

/// Labels on the line right after the previous field.
pub(super) fn check(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in entry.fields.iter().filter(|f| f.run_together) {
        out.report(
            &field.span,
            Some(&entry.id),
            format!("the {} field runs on from the line before it", field.label),
            "put a blank line before this label; without one the fields render as one paragraph"
                .to_string(),
        );
    }
}
