//! The `unknown-field` rule.
//!
//! ## What it does
//! Checks for bold labels that are not a known field, and for text under a
//! code before its first field label. The catalog's own fields are known:
//! those `fields` under `[catalog]` declares, and labels at least 3
//! entries and a tenth of the catalog's share (`Error code in MySQL`),
//! unless they are a slip for a configured label (`Causes`). The help
//! names the known label an unknown one is nearest to.
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
    let fields = cx.catalog_fields();
    for field in &entry.fields {
        match field.kind {
            FieldKind::Other if field.implicit_label => {}
            FieldKind::Unlabelled if !labelled_shape => {}
            FieldKind::Other if fields.is_field(&entry.catalog, &field.label) => {}
            FieldKind::Other => {
                let help = match fields.nearest(&entry.catalog, &field.label) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!(
                        "known labels are {}, {}, {}, {}; if this one is meant, declare it: `fields = [\"{}\"]` under [catalog] in site.toml",
                        cx.label(FieldKind::Level),
                        cx.label(FieldKind::Message),
                        cx.label(FieldKind::Cause),
                        cx.label(FieldKind::Solution),
                        field.label
                    ),
                };
                out.report(
                    &field.span,
                    Some(&entry.id),
                    format!("unknown field label `{}`", field.label),
                    help,
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
