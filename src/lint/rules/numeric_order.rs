//! The `numeric-order` rule.
//!
//! ## What it does
//! Checks for an entry out of numeric order in a section whose codes
//! otherwise ascend.
//!
//! ## Why is this bad?
//! Readers scan an ordered list for the place a code should be; one out of
//! place is missed there, or taken for missing.
//!
//! ## Example
//! ```markdown
//! | Error code | Error message |
//! | --- | --- |
//! | CORE-000004 | Table {table} is locked. |
//! | CORE-000006 | Index {index} is corrupt. |
//! | CORE-000005 | Query {query} timed out. |
//! ```
//!
//! Use instead:
//! ```markdown
//! | CORE-000004 | Table {table} is locked. |
//! | CORE-000005 | Query {query} timed out. |
//! | CORE-000006 | Index {index} is corrupt. |
//! ```

use super::{Context, Findings, Related};
use crate::model::{ErrorEntry, FieldKind};

/// The number a code ends with, and what comes before it: `ORA-00600` →
/// (`ORA-`, 600). Templated codes have no number.
fn code_number(id: &str) -> Option<(&str, u64)> {
    if id.contains('{') {
        return None;
    }
    let digits_end = id.rfind(|c: char| c.is_ascii_digit())? + 1;
    let digits_start = id[..digits_end]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let number = id[digits_start..digits_end].parse().ok()?;
    Some((&id[..digits_start], number))
}

/// Entries out of numeric order in a section whose codes mostly ascend.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for section in cx.input.catalog.documents.iter().flat_map(|d| &d.sections) {
        // A catalog keyed by a field is in the order of its headings'
        // codes (ORA-00001 before ORA-00600), not of its keys.
        let written = |e: &ErrorEntry| -> String {
            match e.aliases.first() {
                Some(heading) if e.fields.iter().any(|f| f.kind == FieldKind::Key) => {
                    heading.clone()
                }
                _ => e.id.clone(),
            }
        };
        let codes: Vec<String> = section.entries.iter().map(written).collect();
        // (entry, code as written, code prefix, number)
        let numbered: Vec<(&ErrorEntry, &str, &str, u64)> = section
            .entries
            .iter()
            .zip(&codes)
            .filter_map(|(e, code)| {
                code_number(code).map(|(prefix, n)| (e, code.as_str(), prefix, n))
            })
            .collect();
        let pairs: Vec<_> = numbered
            .windows(2)
            .filter(|w| w[0].2 == w[1].2)
            .map(|w| (w[0], w[1]))
            .collect();
        let ascending = pairs.iter().filter(|(a, b)| a.3 < b.3).count();
        let descending = pairs.iter().filter(|(a, b)| a.3 > b.3).count();
        // Only a catalog that is meant to be in order has entries out of it.
        if descending == 0 || ascending < 4 * descending {
            continue;
        }
        for (before, entry) in pairs.iter().filter(|(a, b)| a.3 > b.3) {
            out.report(
                &entry.0.span,
                Some(&entry.0.id),
                format!(
                    "`{}` comes after `{}`; the other codes of {} ascend",
                    entry.1,
                    before.1,
                    if section.name.is_empty() {
                        "this section"
                    } else {
                        &section.name
                    },
                ),
                "move the entry to its place in numeric order".to_string(),
            )
            .related(vec![Related {
                span: before.0.span.clone(),
                message: "the entry before it".into(),
            }]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code_number;

    #[test]
    fn code_numbers_after_any_character() {
        assert_eq!(code_number("ORA-00600"), Some(("ORA-", 600)));
        assert_eq!(code_number("E0308"), Some(("E", 308)));
        // Found by fuzzing: a multi-byte character before the digits.
        assert_eq!(code_number("Ré7"), Some(("Ré", 7)));
        assert_eq!(code_number("X-{type}-1"), None);
        assert_eq!(code_number("NONE"), None);
    }
}
