//! The `table-row-cells` rule.
//!
//! ## What it does
//! Checks for a row of a table of codes with more cells than the table's
//! header: a `|` in a cell's text that is not escaped.
//!
//! ## Why is this bad?
//! Markdown reads the `|` as a cell border and drops the cells beyond the
//! header's, so GitHub and other viewers cut the text there. errbook keeps
//! the text, joined into the message column (or the last one), but cannot
//! know which cell the `|` was meant for.
//!
//! ## Example
//! ```markdown
//! | Code | Message |
//! | --- | --- |
//! | E1 | Valid modes: proxy | direct. |
//! ```
//!
//! Use instead:
//! ```markdown
//! | Code | Message |
//! | --- | --- |
//! | E1 | Valid modes: proxy \| direct. |
//! ```

use super::{Context, Findings};
use crate::model::ParseNoteKind;

/// Rows with more cells than their header, as the parser noted them.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        if let ParseNoteKind::TableRowCells { cells, header } = note.kind {
            out.report(
                &note.span,
                None,
                format!(
                    "this row has {cells} cells but the header has {header}: this `|` is read as a cell border; errbook keeps the text after it in the `{}` cell",
                    note.text
                ),
                "if the `|` is part of the text, escape it as `\\|`; if the row has a column the header lacks, add it to the header".to_string(),
            );
        }
    }
}
