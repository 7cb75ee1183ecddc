//! The `no-codes` rule.
//!
//! ## What it does
//! Checks that every catalog file defines at least one error code: a
//! `### CODE` heading under a `## <Component> error codes` section (or a
//! table row, list item or file of a code, in the other shapes).
//!
//! ## Why is this bad?
//! A file without codes publishes nothing. Usually its sections are named
//! otherwise than `section-suffix` expects, or the codes sit at another
//! heading level.
//!
//! ## Example
//! ```markdown
//! # Example error codes
//!
//! ## Core errors
//!
//! Codes of the core are listed here.
//! ```
//!
//! Use instead:
//! ```markdown
//! # Example error codes
//!
//! ## Core error codes
//!
//! ### CORE-000001
//! ```

use super::{Context, Findings};
use crate::model::Span;

/// Files without a single code.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for document in &cx.input.catalog.documents {
        if document.sections.iter().all(|s| s.entries.is_empty()) {
            let span = Span {
                file: document.file,
                line: 1,
                column: 1,
                start: 0,
                end: 0,
            };
            let suffix = &cx.input.config.catalog.section_suffix;
            out.report(
                &span,
                None,
                "no error codes found in this file".to_string(),
                format!("codes are `### CODE` headings under `## <Component> {suffix}` sections"),
            );
        }
    }
}
