//! The `raw-html` rule.
//!
//! ## What it does
//! Notes raw HTML tags that the site shows as text instead of HTML: every
//! tag that is not one of the few formatting and structure tags errbook
//! keeps (`<b>`, `<br>`, `<code>`, `<table>`, `<a>`, ... listed in the
//! README). One finding per tag name, with the count and the other places.
//!
//! ## Why is this bad?
//! It is usually a placeholder written like a tag (`<db>`), which the
//! writer meant as text: errbook shows it as written, so no word is lost,
//! but in a Markdown viewer (GitHub, the docs portal) the tag vanishes.
//! When it is markup (`<font>`, `<script>`), the site shows it as text
//! rather than run or drop it, since catalog text is untrusted.
//!
//! ## Example
//! ```markdown
//! **Error message:** Table does not exist in <db>.
//! ```
//!
//! Use instead:
//! ```markdown
//! **Error message:** Table does not exist in `<db>`.
//! ```

use super::{Context, Findings, Related};
use crate::model::ParseNoteKind;
use std::collections::BTreeMap;

/// Raw HTML tags shown as text, as the parser noted them, by tag name.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for document in &cx.input.catalog.documents {
        let mut by_name: BTreeMap<String, Vec<&crate::model::ParseNote>> = BTreeMap::new();
        for note in document
            .notes
            .iter()
            .filter(|n| n.kind == ParseNoteKind::RawHtml)
        {
            by_name.entry(tag_name(&note.text)).or_default().push(note);
        }
        // In the order of their first use, as a writer reads the file.
        let mut groups: Vec<_> = by_name.into_iter().collect();
        groups.sort_by_key(|(_, notes)| notes[0].span.start);
        for (name, notes) in groups {
            let first = notes[0];
            let times = match notes.len() {
                1 => String::new(),
                n => format!(" ({n} tags in this file)"),
            };
            let related = notes[1..]
                .iter()
                .map(|note| Related {
                    span: note.span.clone(),
                    message: format!("`{}` here too", note.text),
                })
                .collect();
            out.report(
                &first.span,
                None,
                format!(
                    "`{}` is shown as text{times}: `{name}` is not one of the HTML tags the site keeps",
                    first.text
                ),
                format!(
                    "if it is a placeholder, write it in backticks (`{}`) or escape it (`\\{}`) so every Markdown viewer shows it; for formatting, use Markdown",
                    first.text, first.text
                ),
            )
            .related(related);
        }
    }
}

/// The lower-cased name of a tag as written (`</DB>` → `db`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}
