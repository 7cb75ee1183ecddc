//! The `template-tag` rule.
//!
//! ## What it does
//! Notes tags of other documentation tools (`{{< copyable "sql" >}}`,
//! `{% hint %}`), which errbook strips from the site or keeps as written,
//! as `template-tags` in `[catalog]` says.
//!
//! Tags of one kind (`include`, `copyable`, `hint`) are one finding, at the
//! first, with the count and the others as related places.
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

use super::{Context, Findings, Related};
use crate::model::{ParseNote, ParseNoteKind};

/// Tags of other documentation tools, as the parser noted them, one
/// finding per kind of tag.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    // In the order of their first use, as a writer reads the catalog.
    let mut kinds: Vec<(String, Vec<(&ParseNote, bool)>)> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        let ParseNoteKind::TemplateTag { stripped } = note.kind else {
            continue;
        };
        let kind = tag_kind(&note.text);
        let at = *index.entry(kind.clone()).or_insert_with(|| {
            kinds.push((kind, Vec::new()));
            kinds.len() - 1
        });
        kinds[at].1.push((note, stripped));
    }
    for (kind, notes) in kinds {
        let (first, stripped) = notes[0];
        let times = match notes.len() {
            1 => String::new(),
            n => format!("; {n} `{kind}` tags"),
        };
        let related = notes[1..]
            .iter()
            .map(|(note, _)| Related {
                span: note.span.clone(),
                message: format!("`{}` here too", note.text),
            })
            .collect();
        out.report(
            &first.span,
            None,
            format!(
                "template tag `{}` of another documentation tool ({}{times})",
                first.text,
                if stripped { "stripped from the site" } else { "kept as written" }
            ),
            if stripped {
                "remove it from the catalog, or set `template-tags = \"keep\"` in [catalog] to show it".to_string()
            } else {
                "remove it from the catalog, or set `template-tags = \"strip\"` in [catalog]".to_string()
            },
        )
        .related(related);
    }
}

/// The kind of a tag: its first word (`{% include "a.md" %}` → `include`,
/// `{{< copyable "sql" >}}` → `copyable`, `{{{ .company }}}` → `.company`).
fn tag_kind(tag: &str) -> String {
    let inner =
        tag.trim_start_matches(|c: char| matches!(c, '{' | '%' | '<' | '-') || c.is_whitespace());
    let word: String = inner
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '%' | '>' | '}' | '"' | '\''))
        .collect();
    if word.is_empty() {
        tag.trim().to_string()
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::tag_kind;

    #[test]
    fn a_tag_is_of_the_kind_its_first_word_names() {
        assert_eq!(tag_kind("{% include \"../a.md\" %}"), "include");
        assert_eq!(tag_kind("{{< copyable \"sql\" >}}"), "copyable");
        assert_eq!(tag_kind("{{{ .company }}}"), ".company");
        assert_eq!(tag_kind("{%- endhint -%}"), "endhint");
        assert_eq!(tag_kind("{{}}"), "{{}}");
    }
}
