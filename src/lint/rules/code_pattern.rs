//! The `code-pattern` rule.
//!
//! ## What it does
//! Checks that each code of a section fits its section's pattern: the one
//! given in `[code-patterns]` in site.toml, or else the shape most of the
//! section's codes share. It also checks for codes that are empty or hold
//! spaces or control characters.
//!
//! ## Why is this bad?
//! A code that does not look like its neighbours is usually mistyped (a
//! digit missing or doubled), and log lines that carry the right code will
//! not find it.
//!
//! ## Example
//! ```markdown
//! | Error code | Error message |
//! | --- | --- |
//! | CORE-000001 | Connection to {host} failed. |
//! | CORE-000002 | Login of {user} failed. |
//! | CORE-000003 | Disk {disk} is full. |
//! | CORE-00004 | Table {table} is locked. |
//! ```
//!
//! Use instead:
//! ```markdown
//! | CORE-000004 | Table {table} is locked. |
//! ```

use super::{Context, Findings};
use std::collections::HashMap;

/// Letters, digits and template parts of an ID, so that IDs built the same
/// way share a shape: `CM-RESOIE000201` → `CM-X12`, `ERROR 1007` →
/// `ERROR 94`. Parts are split at `-` and at spaces (a word before the
/// number is how some catalogs write their codes); the first part is a
/// prefix and stays as written, every other part becomes its class and
/// length. An ID of one part (`EPERM`, `E0308`) is its own shape.
fn id_shape(id: &str) -> String {
    let mut shape = String::with_capacity(id.len());
    for (n, segment) in id.split_inclusive(['-', ' ']).enumerate() {
        let (segment, separator) = match segment.char_indices().next_back() {
            Some((at, c @ ('-' | ' '))) => (&segment[..at], Some(c)),
            _ => (segment, None),
        };
        if n == 0 {
            shape.push_str(segment);
        } else if segment.starts_with('{') && segment.ends_with('}') {
            shape.push_str("{}");
        } else {
            let class = if segment.chars().all(|c| c.is_ascii_digit()) {
                '9'
            } else if segment.chars().all(|c| c.is_ascii_alphabetic()) {
                'A'
            } else {
                'X'
            };
            shape.push(class);
            shape.push_str(&segment.chars().count().to_string());
        }
        shape.extend(separator);
    }
    shape
}

/// Codes that do not fit the pattern of their section.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    for section in catalog.documents.iter().flat_map(|d| &d.sections) {
        for entry in &section.entries {
            // `ERROR 1007`: a word before the number is how some catalogs
            // write their codes.
            let code = match entry.id.split_once(' ') {
                Some((word, code)) if word.chars().all(char::is_alphabetic) => code,
                _ => entry.id.as_str(),
            };
            if code.is_empty() || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
                out.report(
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "code ID `{}` is empty or contains spaces or control characters",
                        entry.id.escape_debug()
                    ),
                    "a code heading holds just the code, e.g. `### CM-RESOIE000201`".to_string(),
                );
            }
        }
        if let Some(pattern) = cx.input.config.code_patterns.get(&section.name) {
            // Validated when the config was loaded.
            let Ok(regex) = regex::Regex::new(pattern) else {
                continue;
            };
            for entry in section.entries.iter().filter(|e| !regex.is_match(&e.id)) {
                out.report(
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "`{}` does not match the {} section's pattern `{pattern}`",
                        entry.id, section.name
                    ),
                    "fix the code, or the pattern in [code-patterns] in site.toml".to_string(),
                );
            }
            continue;
        }
        let entry_shapes: Vec<String> = section.entries.iter().map(|e| id_shape(&e.id)).collect();
        let mut shapes: HashMap<&str, (usize, &str)> = HashMap::new();
        for (entry, shape) in section.entries.iter().zip(&entry_shapes) {
            shapes.entry(shape).or_insert((0, &entry.id)).0 += 1;
        }
        let Some((_, (most, example))) = shapes
            .iter()
            .max_by_key(|(shape, (n, _))| (*n, std::cmp::Reverse(**shape)))
        else {
            continue;
        };
        if *most < 3 {
            continue;
        }
        let example = example.to_string();
        for (entry, shape) in section.entries.iter().zip(&entry_shapes) {
            if shapes[shape.as_str()].0 == 1 {
                out.report(
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "`{}` is not shaped like the other codes of the {} section (such as `{example}`)",
                        entry.id, section.name
                    ),
                    "check the code for a missing or extra character; if it is right, set its section's pattern in [code-patterns] in site.toml".to_string(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::id_shape;

    #[test]
    fn ids_built_the_same_way_share_a_shape() {
        assert_eq!(id_shape("CM-RESOIE000201"), "CM-X12");
        assert_eq!(
            id_shape("CONNECTOR-SIKA-{type}-001101"),
            "CONNECTOR-A4-{}-96"
        );
        // A word and a number: the number's digits, not the number.
        assert_eq!(id_shape("ERROR 1007"), "ERROR 94");
        assert_eq!(id_shape("ERROR 1264"), id_shape("ERROR 1007"));
        assert_ne!(id_shape("ERROR 10070"), id_shape("ERROR 1007"));
        assert_eq!(id_shape("ORA-00600"), "ORA-95");
        // One part: nothing to compare it by.
        assert_eq!(id_shape("EL3HLT"), "EL3HLT");
        assert_eq!(id_shape("ER_DUP_ENTRY"), "ER_DUP_ENTRY");
    }
}
