//! The `template-tag` rule.
//!
//! ## What it does
//! Notes tags of other documentation tools (`{{< copyable "sql" >}}`,
//! `{% hint %}`), which errbook strips from the site or keeps as written,
//! as `template-tags` in `[catalog]` says.
//!
//! ## Why is this bad?
//! The tag means something only to the tool it was written for; errbook
//! can only drop it or show it as text.
//!
//! ## Example
//! ```markdown
//! **Solution:** Restart the host: {{< copyable "shell" >}}
//! ```
//!
//! Use instead:
//! ```markdown
//! **Solution:** Restart the host:
//! ```

use super::{Context, Findings};
use crate::model::ParseNoteKind;

/// A tag of another documentation tool, as the parser noted it.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        let ParseNoteKind::TemplateTag { stripped } = note.kind else {
            continue;
        };
        out.report(
            &note.span,
            None,
            format!(
                "template tag `{}` of another documentation tool ({})",
                note.text,
                if stripped { "stripped from the site" } else { "kept as written" }
            ),
            if stripped {
                "remove it from the catalog, or set `template-tags = \"keep\"` in [catalog] to show it".to_string()
            } else {
                "remove it from the catalog, or set `template-tags = \"strip\"` in [catalog]".to_string()
            },
        );
    }
}
