//! The `unknown-level` rule.
//!
//! ## What it does
//! Checks that each entry's level is one that its document's levels table
//! defines (or, without a table, one of `levels` in `[catalog]`). Levels are
//! case-sensitive.
//!
//! ## Why is this bad?
//! Pages mark each code with its level; a level nobody defined is a typo
//! or a level readers are never told the meaning of.
//!
//! ## Example
//! ```markdown
//! **Error level:** error
//! ```
//!
//! Use instead:
//! ```markdown
//! **Error level:** ERROR
//! ```

use super::{Context, Findings};
use crate::model::FieldKind;

/// Levels that the document (or site.toml) does not define.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    for document in &catalog.documents {
        let defined: Vec<&str> = if document.levels.is_empty() {
            cx.input
                .config
                .catalog
                .levels
                .iter()
                .map(String::as_str)
                .collect()
        } else {
            document.levels.iter().map(|l| l.name.as_str()).collect()
        };
        for entry in document.sections.iter().flat_map(|s| &s.entries) {
            let (Some(level), Some(field)) = (&entry.level, entry.field(FieldKind::Level)) else {
                continue;
            };
            if level.is_empty() || defined.contains(&level.as_str()) {
                continue;
            }
            let close = defined.iter().find(|d| d.eq_ignore_ascii_case(level));
            let help = match close {
                Some(d) => format!("write `{d}`: levels are case-sensitive"),
                None => format!("use one of {}", defined.join(", ")),
            };
            out.report(
                &field.body.span,
                Some(&entry.id),
                format!("unknown level `{level}`"),
                help,
            );
        }
    }
}
