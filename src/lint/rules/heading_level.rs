//! The `heading-level` rule.
//!
//! ## What it does
//! Checks for a code heading at another level than most codes of its
//! section.
//!
//! ## Why is this bad?
//! Heading levels say which parts are peers: a code one level deeper reads,
//! in any Markdown viewer, as a part of the code before it.
//!
//! ## Example
//! ```markdown
//! ### CORE-000001
//!
//! ### CORE-000002
//!
//! #### CORE-000003
//! ```
//!
//! Use instead:
//! ```markdown
//! ### CORE-000001
//!
//! ### CORE-000002
//!
//! ### CORE-000003
//! ```

use super::{Context, Findings};

/// A code heading whose level differs from its section's other codes.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for section in cx.input.catalog.documents.iter().flat_map(|d| &d.sections) {
        let mut counts = [0usize; 7];
        for entry in &section.entries {
            counts[usize::from(entry.heading_level.min(6))] += 1;
        }
        let Some(usual) = (1..=6).max_by_key(|&l| (counts[l], std::cmp::Reverse(l))) else {
            continue;
        };
        if counts[usual] < 2 {
            continue;
        }
        for entry in &section.entries {
            let level = usize::from(entry.heading_level);
            if level == 0 || level == usual {
                continue;
            }
            out.report(
                &entry.span,
                Some(&entry.id),
                format!(
                    "`{}` is a level-{level} heading (`{}`); the other codes of {} are level {usual} (`{}`)",
                    entry.id,
                    "#".repeat(level),
                    if section.name.is_empty() { "this section" } else { &section.name },
                    "#".repeat(usual)
                ),
                format!("write it as `{} {}`", "#".repeat(usual), entry.id),
            );
        }
    }
}
