//! Before parsing: the text as the parser reads it. Front matter (YAML
//! between `---` lines) becomes the document's metadata, and tags of other
//! documentation tools (Hugo shortcodes, Liquid tags) are noted and, unless
//! configured to be kept, blanked out. Both are replaced by spaces, so
//! every offset, line and column of the source stays where it was.

use super::Labels;
use crate::config::TemplateTags;
use crate::model::ParseNoteKind;
use regex::Regex;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The text as the parser reads it: template tags (when stripped) and
/// front matter blanked out with spaces, so every offset and line of the
/// source stays where it was.
pub(super) struct Prepared<'t> {
    pub(super) text: Cow<'t, str>,
    pub(super) metadata: BTreeMap<String, String>,
    pub(super) notes: Vec<(Range<usize>, ParseNoteKind, String)>,
}

/// Tags of other documentation tools: Hugo shortcodes (`{{< x >}}`,
/// `{{% x %}}`), Liquid and GitBook tags (`{% hint %}`), Handlebars-style
/// triple braces (`{{{ .company }}}`) and Go template variables
/// (`{{ .Site.Title }}`). One line at most, so a stray `{{` cannot swallow
/// a document.
static TEMPLATE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{\{[^
{}]*\}\}\}",
        r"|\{\{<[^
]*?>\}\}",
        r"|\{\{%[^
]*?%\}\}",
        r"|\{%[^
]*?%\}",
        r"|\{\{-?\s*\.[A-Za-z_][\w.]*\s*-?\}\}",
    ))
    .expect("valid pattern")
});

pub(super) fn prepare<'t>(source: &'t str, labels: &Labels) -> Prepared<'t> {
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut notes = Vec::new();
    let mut metadata = BTreeMap::new();
    if let Some((range, yaml)) = front_matter(source) {
        match yaml_rust2::YamlLoader::load_from_str(yaml) {
            Ok(docs) => {
                if let Some(yaml_rust2::Yaml::Hash(hash)) = docs.first() {
                    for (key, value) in hash {
                        let (Some(key), Some(value)) = (scalar(key), scalar(value)) else {
                            continue;
                        };
                        metadata.insert(key, value);
                    }
                }
            }
            Err(e) => notes.push((
                range.start..range.start + 3,
                ParseNoteKind::BadFrontMatter,
                e.to_string(),
            )),
        }
        blank.push(range);
    }
    let strip = labels.template_tags == TemplateTags::Strip;
    // Most catalogs have no tag: two substring scans rule them out.
    let may_have_tags = memchr::memmem::find(source.as_bytes(), b"{{").is_some()
        || memchr::memmem::find(source.as_bytes(), b"{%").is_some();
    for tag in TEMPLATE_TAG.find_iter(if may_have_tags { source } else { "" }) {
        notes.push((
            tag.range(),
            ParseNoteKind::TemplateTag { stripped: strip },
            tag.as_str().to_string(),
        ));
        if strip {
            blank.push(tag.range());
        }
    }
    let text = if blank.is_empty() {
        Cow::Borrowed(source)
    } else {
        let mut bytes = source.as_bytes().to_vec();
        for range in blank {
            for byte in &mut bytes[range] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
        // Whole characters were replaced by ASCII spaces.
        Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| source.to_string()))
    };
    Prepared {
        text,
        metadata,
        notes,
    }
}

/// A `---` block at the very start of the file, and the YAML inside it.
fn front_matter(text: &str) -> Option<(Range<usize>, &str)> {
    let rest = text.strip_prefix("---")?;
    let first_newline = rest.find('\n')?;
    if !rest[..first_newline].trim().is_empty() {
        return None;
    }
    let body_start = 3 + first_newline + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((0..offset + line.len(), &text[body_start..offset]));
        }
        offset += line.len();
    }
    None
}

fn scalar(yaml: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}
