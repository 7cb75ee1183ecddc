//! The `code-not-heading` rule.
//!
//! ## What it does
//! Checks for a paragraph in a code section that starts with a code and
//! its message (`OBD-5000: sql execute failed`) where the catalog's other
//! codes are headings.
//!
//! ## Why is this bad?
//! The heading was forgotten. errbook reads the paragraph as the entry it
//! is, but the table of contents of GitHub and of other documentation
//! tools skips it, readers scanning the headings miss it, and its link
//! anchor is missing.
//!
//! ## Example
//! ```markdown
//! ## SQL errors
//!
//! CORE-5000: query failed
//!
//! Cause: The query failed.
//! ```
//!
//! Use instead:
//! ```markdown
//! ## SQL errors
//!
//! ### CORE-5000: query failed
//!
//! Cause: The query failed.
//! ```

use super::{Context, Findings};
use crate::model::ParseNoteKind;

/// Codes written as paragraphs, as the parser noted them.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        if let ParseNoteKind::CodeNotHeading { level } = note.kind {
            let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
            out.report(
                &note.span,
                None,
                format!(
                    "`{}` opens an entry in a paragraph, but the other codes are `{hashes}` headings: Markdown tools leave it out of the table of contents",
                    note.text
                ),
                format!(
                    "make it a `{hashes}` heading like the codes beside it: `{hashes} {}`",
                    note.text
                ),
            );
        }
    }
}
