//! The `front-matter` rule.
//!
//! ## What it does
//! Checks that the front matter between the `---` lines at the top of a
//! file is readable YAML.
//!
//! ## Why is this bad?
//! Until it is, its keys (such as `title`) are ignored.
//!
//! ## Example
//! ```markdown
//! ---
//! title: [Example error codes
//! ---
//! ```
//!
//! Use instead:
//! ```markdown
//! ---
//! title: Example error codes
//! ---
//! ```

use super::{Context, Findings};
use crate::model::ParseNoteKind;

/// Unreadable front matter, as the parser noted it.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        if note.kind == ParseNoteKind::BadFrontMatter {
            out.report(
                &note.span,
                None,
                format!("the front matter is not readable YAML: {}", note.text),
                "fix the YAML between the `---` lines; until then its keys (such as `title`) are ignored".to_string(),
            );
        }
    }
}
