//! The `unknown-field` rule.
//!
//! ## What it does
//! Checks for bold labels that are not a known field, and for text under a
//! code before its first field label.
//!
//! ## Why is this bad?
//! To errbook such a field is no level, message, cause or solution, so it
//! is neither searched nor checked as one. Usually the label is misspelt,
//! or the catalog's own label is missing from `[catalog]` in site.toml;
//! text before the first label is often a field whose label was left out.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! The host is unreachable.
//!
//! **Notes:** Seen after upgrades.
//! ```
//!
//! Use instead:
//! ```markdown
//! ### CORE-000001
//!
//! **Cause:** The host is unreachable; seen after upgrades.
//! ```

use super::{Context, Findings};
use crate::model::{ErrorEntry, FieldKind, Shape};

/// Unknown labels, and text before the first label.
pub(super) fn check(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    let labelled_shape = matches!(cx.shape(entry), Shape::Headings | Shape::HeadingMessage);
    for field in &entry.fields {
        match field.kind {
            FieldKind::Other if field.implicit_label => {}
            FieldKind::Unlabelled if !labelled_shape => {}
            FieldKind::Other => {
                out.report(
                    &field.span,
                    Some(&entry.id),
                    format!("unknown field label `{}`", field.label),
                    format!(
                        "known labels are {}, {}, {}, {}; add this one to [catalog] in site.toml if it is meant",
                        cx.label(FieldKind::Level),
                        cx.label(FieldKind::Message),
                        cx.label(FieldKind::Cause),
                        cx.label(FieldKind::Solution)
                    ),
                );
            }
            FieldKind::Unlabelled => {
                out.report(
                    &field.body.span,
                    Some(&entry.id),
                    format!("text under `{}` before its first field label", entry.id),
                    "start the text with a field label such as `**Cause:**`, or move it into a field".to_string(),
                );
            }
            _ => {}
        }
    }
}
