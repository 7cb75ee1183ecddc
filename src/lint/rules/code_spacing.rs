//! The `code-spacing` rule.
//!
//! ## What it does
//! Checks for spaces just inside the parentheses of a code heading.
//!
//! ## Why is this bad?
//! The server prints `(HY000)`; searches and log lines copied from it do
//! not write the spaces, so they do not match the heading as written.
//!
//! ## Example
//! ```markdown
//! ## ERROR 1007 ( HY000): Can't create database '%s'; database exists
//! ```
//!
//! Use instead:
//! ```markdown
//! ## ERROR 1007 (HY000): Can't create database '%s'; database exists
//! ```

use super::{Context, Findings};
use crate::model::ErrorEntry;

/// Spaces just inside the parentheses of a code heading (`( HY000)`).
pub(super) fn check(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    static SPACED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\(\s+[^()\s]*\s*\)|\([^()\s]*\s+\)").expect("valid pattern")
    });
    if entry.heading_level == 0 {
        return;
    }
    let Some(source) = cx.input.sources.get(entry.span.file) else {
        return;
    };
    let text = &source.text[entry.span.start.min(source.text.len())..];
    let line = text.split('\n').next().unwrap_or("");
    // The code part of the heading: up to its message.
    let code_part = line.split([':', '：']).next().unwrap_or(line);
    let Some(found) = SPACED.find(code_part) else {
        return;
    };
    let start = entry.span.start + found.start();
    let span = source.span(entry.span.file, start..start + found.len());
    let tight: String = found
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    out.report(
        &span,
        Some(&entry.id),
        format!(
            "stray spaces in `{}` of the code `{}`",
            found.as_str(),
            entry.id
        ),
        format!("write `{tight}`, as the server prints it"),
    );
}
