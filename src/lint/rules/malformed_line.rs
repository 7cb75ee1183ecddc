//! The `malformed-line` rule.
//!
//! ## What it does
//! Reports the lines of an `errcodes` file (PostgreSQL's `errcodes.txt`
//! format) that are not blank, a `#` comment, a `Section:` line or a code
//! line `sqlstate E/W/S macro [spec_name]`, saying which column is wrong.
//!
//! ## Why is this bad?
//! The line defines no code: PostgreSQL's generators stop at it, and the
//! site shows it only as text in its section, so a search or a log line
//! naming its code finds nothing.
//!
//! ## Example
//! ```text
//! Section: Class 22 - Data Exception
//! 2201  E  ERRCODE_FROBNICATION_FAILED  frobnication_failed
//! ```
//!
//! Use instead:
//! ```text
//! Section: Class 22 - Data Exception
//! 2201F  E  ERRCODE_FROBNICATION_FAILED  frobnication_failed
//! ```

use super::{Context, Findings};
use crate::model::{LineProblem, ParseNoteKind};

/// Lines that are not code lines, as the errcodes reader noted them.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        let ParseNoteKind::MalformedLine { problem } = note.kind else {
            continue;
        };
        let mut columns = note.text.split_whitespace();
        let (first, second) = (columns.next().unwrap_or(""), columns.next().unwrap_or(""));
        let (what, help) = match problem {
            LineProblem::Columns(n) => (
                format!(
                    "this line has {n} column{}, and a code line has 3 or 4 (`sqlstate E/W/S macro [spec_name]`)",
                    if n == 1 { "" } else { "s" }
                ),
                if n > 4 {
                    "keep those columns and move the rest to a `#` comment above the line"
                } else {
                    "write the missing columns, or start the line with `#` if it is a comment"
                },
            ),
            LineProblem::Sqlstate => (
                format!("`{first}` is not a SQLSTATE: a code line starts with five characters of 0-9 and A-Z"),
                "write the code's SQLSTATE first (`22012`), or start the line with `#` if it is a comment",
            ),
            LineProblem::Level => (
                format!("`{second}` is not a level: a code line's second column is E (error), W (warning) or S (success)"),
                "write E, W or S after the SQLSTATE, or start the line with `#` if it is a comment",
            ),
            LineProblem::SectionName => (
                "`Section:` names no section".to_string(),
                "name it (`Section: Class 22 - Data Exception`), or start the line with `#` if it is a comment",
            ),
        };
        let effect = match problem {
            LineProblem::SectionName => "the codes under it stay in the section above",
            _ => "the line defines no code",
        };
        out.report(
            &note.span,
            None,
            format!("{what}; {effect}, and the site shows the line as text"),
            help.to_string(),
        );
    }
}
