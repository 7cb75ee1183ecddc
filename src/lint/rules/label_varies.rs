//! The `label-varies` rule.
//!
//! ## What it does
//! Checks that one field is written with one label throughout a catalog.
//!
//! Each other label is one finding, at its first use, with the count and
//! the other uses as related places.
//!
//! ## Why is this bad?
//! Entries that read differently look as if they meant different things,
//! and a reader comparing them has to wonder whether they do.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! **Cause:** The host is down.
//!
//! ### CORE-000002
//!
//! **Error cause:** The password is wrong.
//! ```
//!
//! Use instead:
//! ```markdown
//! ### CORE-000001
//!
//! **Cause:** The host is down.
//!
//! ### CORE-000002
//!
//! **Cause:** The password is wrong.
//! ```

use super::{Context, Findings, Related};
use crate::model::{Field, FieldKind};
use rustc_hash::FxHashMap;

/// One field kind written with several labels within one catalog.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    // (catalog, field kind) → label as written → fields. Hashed: this
    // sees every field of the catalog.
    type ByLabel<'c> = FxHashMap<&'c str, Vec<&'c Field>>;
    let mut kinds: FxHashMap<(&str, FieldKind), ByLabel<'_>> = FxHashMap::default();
    for entry in cx.input.catalog.entries() {
        for field in &entry.fields {
            if field.implicit_label
                || matches!(field.kind, FieldKind::Other | FieldKind::Unlabelled)
            {
                continue;
            }
            kinds
                .entry((entry.catalog.as_str(), field.kind))
                .or_default()
                .entry(field.label.trim())
                .or_default()
                .push(field);
        }
    }
    for ((_, kind), labels) in &kinds {
        let kind = kind.name();
        if labels.len() < 2 {
            continue;
        }
        let (usual, usual_fields) = labels
            .iter()
            .max_by_key(|(label, fields)| (fields.len(), std::cmp::Reverse(**label)))
            .expect("two labels or more");
        // One finding per other label, at its first use, the other uses
        // related: the fix is one search and replace.
        for (label, fields) in labels.iter().filter(|(l, _)| *l != usual) {
            let first = fields[0];
            let places = match fields.len() {
                1 => "here".to_string(),
                n => format!("in {n} places (here first)"),
            };
            let related = fields[1..]
                .iter()
                .map(|f| Related {
                    span: f.span.clone(),
                    message: format!("`{label}` here too"),
                })
                .collect();
            out.report(
                &first.span,
                None,
                format!(
                    "the {kind} label is `{label}` {places}; {} other{} use `{usual}`",
                    usual_fields.len(),
                    if usual_fields.len() == 1 { "" } else { "s" },
                ),
                format!("write `{usual}`, so that every entry reads the same"),
            )
            .related(related);
        }
    }
}
