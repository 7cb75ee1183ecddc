//! The `duplicate-code` rule.
//!
//! ## What it does
//! Checks for a code (or key) defined more than once in a catalog, or
//! twice in spellings that differ only in case.
//!
//! A code that heads many entries by design (ORA-00600 over 112 OceanBase
//! errors), each with its own value of one field (`Error code in OceanBase
//! Database: 4747`), is one finding for the catalog, which names the field
//! to set as `key`; each entry then gets its own code and page. Definitions
//! nothing tells apart are each a finding. A code with a page of its own
//! (the only code of its file) besides its entry in a file of many codes
//! (a reference table) is the catalog's structure, not a duplicate: the
//! page details the row, and `conflicting-message` checks they agree.
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

use super::{Context, Findings, Related, ToldApart};
use crate::model::{ErrorEntry, FieldKind};

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
    for told_apart in cx.told_apart() {
        repeated_by_design(told_apart, out);
    }
}

/// True when two labels are the same, case and spacing aside.
fn same_label(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// One finding for the headings a field tells apart, at the first entry of
/// the code that heads the most; every other entry is a related place.
fn repeated_by_design(told_apart: &ToldApart<'_>, out: &mut Findings<'_>) {
    let ToldApart { label, groups } = told_apart;
    let Some(largest) = groups
        .iter()
        .enumerate()
        .max_by_key(|(n, g)| (g.len(), std::cmp::Reverse(*n)))
        .map(|(_, g)| g)
    else {
        return;
    };
    let entries: usize = groups.iter().map(Vec::len).sum();
    let first = largest[0];
    let mut by_size: Vec<&Vec<&ErrorEntry>> = groups.iter().collect();
    by_size.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut heads: Vec<String> = by_size
        .iter()
        .take(3)
        .map(|g| format!("`{}` {} times", g[0].id, g.len()))
        .collect();
    if groups.len() > 3 {
        heads.push(format!("{} more", groups.len() - 3));
    }
    let value = |entry: &ErrorEntry| {
        entry
            .fields
            .iter()
            .find(|f| same_label(&f.label, label) && f.kind != FieldKind::Key)
            .map(|f| f.body.text.trim().to_string())
    };
    // The other entries of the largest first, as the message lists them.
    let related = by_size
        .iter()
        .copied()
        .flatten()
        .filter(|e| !std::ptr::eq(**e, first))
        .map(|entry| Related {
            span: entry.span.clone(),
            message: match value(entry) {
                Some(v) => format!("`{}` with {label} {v}", entry.id),
                None => format!("`{}` without {label}", entry.id),
            },
        })
        .collect();
    let codes = match groups.len() {
        1 => "one code".to_string(),
        n => format!("{n} codes"),
    };
    out.report(
        &first.span,
        Some(&first.id),
        format!(
            "{codes} head {entries} entries ({}), each entry with its own `{label}`",
            heads.join(", ")
        ),
        format!(
            "if the heading repeats by design, set `key = \"{label}\"` under [catalog] in site.toml: each entry then has its own code and page, the heading's code as another name; until then the entries of one heading share a page"
        ),
    )
    .related(related);
}
