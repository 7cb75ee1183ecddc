//! The `conflicting-message` rule.
//!
//! ## What it does
//! Checks that all definitions of one code (or key) give it the same
//! message (white space aside).
//!
//! ## Why is this bad?
//! One code has one message: log lines that carry the other message will
//! not find the code, and readers cannot tell which is right.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! **Error message:** Connection to {host} failed.
//!
//! ### CORE-000001
//!
//! **Error message:** Host {host} refused the connection.
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
//! **Error message:** Host {host} refused the connection.
//! ```

use super::{Context, Findings, Related};
use crate::model::{ErrorEntry, FieldKind};

/// Definitions of one key whose messages differ.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let words = |e: &ErrorEntry| {
        e.message
            .as_ref()
            .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    for entries in cx.defined_with_one_message() {
        let first = entries[0];
        let Some(first_message) = words(first) else {
            continue;
        };
        for entry in &entries[1..] {
            let Some(message) = words(entry) else {
                continue;
            };
            if message == first_message {
                continue;
            }
            let span = entry
                .field(FieldKind::Message)
                .map_or(&entry.span, |f| &f.span);
            let related = vec![Related {
                span: first
                    .field(FieldKind::Message)
                    .map_or(&first.span, |f| &f.span)
                    .clone(),
                message: "first message".into(),
            }];
            out.report(
                span,
                Some(&entry.id),
                format!(
                    "`{}` has another message here than where it is first defined",
                    entry.id
                ),
                format!(
                    "one code has one message: make them the same, or give one of them its own code (first: \"{first_message}\")"
                ),
            )
            .related(related);
        }
    }
}
