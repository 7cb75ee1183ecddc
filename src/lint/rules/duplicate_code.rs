//! The `duplicate-code` rule.
//!
//! ## What it does
//! Checks for a code (or key) defined more than once in a catalog, or
//! twice in spellings that differ only in case.
//!
//! ## Why is this bad?
//! Definitions of one code share its page and its search result: readers
//! see both and cannot tell which of them is right.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! **Error message:** Connection to {host} failed.
//!
//! ### CORE-000001
//!
//! **Error message:** Connection to {host} failed.
//! ```
//!
//! Use instead:
//! ```markdown
//! ### CORE-000001
//!
//! **Error message:** Connection to {host} failed.
//!
//! ### CORE-000002
//!
//! **Error message:** Login of {user} failed.
//! ```

use super::{Context, Findings, Related};

/// Keys defined more than once.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for entries in cx.defined_more_than_once() {
        let first = entries[0];
        for (n, entry) in entries.iter().enumerate().skip(1) {
            let message = if entry.id == first.id {
                format!("code `{}` is defined {} times", entry.id, entries.len())
            } else {
                format!(
                    "code `{}` differs from `{}` only in case",
                    entry.id, first.id
                )
            };
            let related = entries
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != n)
                .map(|(m, other)| Related {
                    span: other.span.clone(),
                    message: if m == 0 {
                        "first defined here".into()
                    } else {
                        "also defined here".into()
                    },
                })
                .collect();
            out.report(
                &entry.span,
                Some(&entry.id),
                message,
                "give each entry its own code, or merge the definitions into one entry".to_string(),
            )
            .related(related);
        }
    }
}
