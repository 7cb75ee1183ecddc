//! The `malformed-sqlstate` rule.
//!
//! ## What it does
//! Checks that each SQLSTATE (a column, a label, or the parentheses of a
//! heading) is five characters of 0-9 and A-Z.
//!
//! ## Why is this bad?
//! A SQLSTATE is a class of two characters and a subclass of three; any
//! other value is a typo that clients matching on it will miss.
//!
//! ## Example
//! ```markdown
//! | Error code | SQLSTATE | Error message |
//! | --- | --- | --- |
//! | 1007 | HY00 | Can't create database '%s'; database exists |
//! ```
//!
//! Use instead:
//! ```markdown
//! | 1007 | HY000 | Can't create database '%s'; database exists |
//! ```

use super::{Context, Findings};
use crate::model::{ErrorEntry, FieldKind};

/// A SQLSTATE field (a column, a label, or the parentheses of a heading)
/// that is not five characters of 0-9 and A-Z.
pub(super) fn check(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in entry
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Sqlstate)
    {
        let value = crate::text::plain_text(&field.body.text).0;
        let value = value.trim();
        if value.len() == 5
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            continue;
        }
        out.report(
            &field.body.span,
            Some(&entry.id),
            format!(
                "SQLSTATE `{}` of `{}` is not five characters of 0-9 and A-Z",
                value, entry.id
            ),
            "a SQLSTATE is a class of two characters and a subclass of three, such as `HY000` or `42S02`".to_string(),
        );
    }
}
