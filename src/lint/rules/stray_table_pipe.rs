//! The `stray-table-pipe` rule.
//!
//! ## What it does
//! Checks for a line of a field, outside tables and fenced code, that ends
//! with a `|`.
//!
//! ## Why is this bad?
//! The `|` is left over from a table the text was copied out of, and it
//! shows in the rendered page.
//!
//! ## Example
//! ```markdown
//! **Cause:** The host is down. |
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The host is down.
//! ```

use super::{Context, Findings};
use crate::model::ErrorEntry;
use crate::text::Fence;

/// A paragraph line ending in `|` outside tables and code.
pub(super) fn check(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in &entry.fields {
        let text = &field.body.text;
        let mut fence = Fence::default();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !fence.is_code(line)
                && !trimmed.starts_with('|')
                && trimmed.ends_with('|')
                && !trimmed.ends_with("\\|")
            {
                let at = offset + line.trim_end().len() - 1;
                let span = cx.body_span(&field.body, at..at + 1);
                out.report(
                    &span,
                    Some(&entry.id),
                    "stray `|` at the end of a paragraph".to_string(),
                    "delete the `|`; it is left over from a table and shows in the page"
                        .to_string(),
                );
            }
            offset += line.len();
        }
    }
}
