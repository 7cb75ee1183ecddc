//! The `no-codes` rule.
//!
//! ## What it does
//! Checks that the catalog defines error codes: when none of its files
//! defines one (a `### CODE` heading under a `## <Component> error codes`
//! section, or a table row, list item or file of a code, in the other
//! shapes), each file is reported. A file without codes in a catalog whose
//! other files have them is a page of its docs tree (an overview, an
//! index of links); its text opens the home page, and it is not reported.
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

/// Every file, when no file of the catalog has a code.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    if cx.input.catalog.entries().next().is_some() {
        return;
    }
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
