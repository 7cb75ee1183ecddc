//! The `empty-field` rule.
//!
//! ## What it does
//! Checks for a field label with nothing after it.
//!
//! ## Why is this bad?
//! The page shows a heading with no text under it; the content was
//! forgotten, or written under the next label.
//!
//! ## Example
//! ```markdown
//! **Cause:**
//!
//! **Solution:** Restart the host.
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The host is down.
//!
//! **Solution:** Restart the host.
//! ```

use super::{Context, Findings};
use crate::model::{ErrorEntry, FieldKind};

/// Labels with nothing after them.
pub(super) fn check(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in &entry.fields {
        if field.kind != FieldKind::Unlabelled && field.body.text.trim().is_empty() {
            out.report(
                &field.span,
                Some(&entry.id),
                format!("the {} field of `{}` is empty", field.label, entry.id),
                "write the field's content after the label, or remove the label".to_string(),
            );
        }
    }
}
