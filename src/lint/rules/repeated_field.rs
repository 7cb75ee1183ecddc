//! The `repeated-field` rule.
//!
//! ## What it does
//! Checks for an entry that writes the same field label twice.
//!
//! ## Why is this bad?
//! Only the first field of a kind is the entry's (its message, its level);
//! the second is most often another field given the wrong label, such as a
//! solution labelled `Cause`.
//!
//! ## Example
//! ```markdown
//! **Cause:** The host is down.
//!
//! **Cause:** Start the host again.
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The host is down.
//!
//! **Solution:** Start the host again.
//! ```

use super::{Context, Findings, Related};
use crate::model::{ErrorEntry, Field, FieldKind};

/// Fields of a kind after the first.
pub(super) fn check(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for (n, field) in entry.fields.iter().enumerate() {
        if field.kind == FieldKind::Unlabelled || field.implicit_label {
            continue;
        }
        let same = |other: &&Field| {
            other.kind == field.kind
                && (field.kind != FieldKind::Other
                    || other.label.eq_ignore_ascii_case(&field.label))
        };
        let Some(first) = entry.fields[..n]
            .iter()
            .filter(|f| !f.implicit_label)
            .find(same)
        else {
            continue;
        };
        out.report(
            &field.span,
            Some(&entry.id),
            format!("`{}` has a second {} field", entry.id, field.label),
            format!(
                "merge the two {0} fields, or give this one the label it should have (a second {0} often holds the solution)",
                field.label
            ),
        )
        .related(vec![Related {
            span: first.span.clone(),
            message: "first written here".into(),
        }]);
    }
}
