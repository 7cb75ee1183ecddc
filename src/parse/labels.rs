//! The labels a catalog writes, normalised once for matching: field
//! labels (`Cause`, `错误原因`), edition labels, the section suffix
//! (`error codes`), the labels that introduce a code in a list item or a
//! table header, and the key field when one names the entry.

use crate::config::{CatalogConfig, NamedCatalog, TemplateTags};
use crate::model::{FieldKind, Shape};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Field, edition and section labels, normalised once for matching.
pub(super) struct Labels {
    pub(super) fields: Vec<(String, FieldKind)>,
    pub(super) editions: Vec<String>,
    pub(super) level_headers: Vec<String>,
    pub(super) section_suffix: String,
    /// Labels of a code in list items and table headers, best first.
    pub(super) code: Vec<String>,
    pub(super) alias: Vec<String>,
    /// The catalog's own fields declared in `[catalog] fields`.
    pub(super) declared: Vec<String>,
    /// The normalised label of the key field; `None` when the heading's
    /// code is the key.
    pub(super) key: Option<String>,
    pub(super) shape: Option<Shape>,
    pub(super) template_tags: TemplateTags,
    /// The catalog's name when the site has several.
    pub(super) catalog: String,
}

impl Labels {
    pub(super) fn new(config: &CatalogConfig) -> Self {
        let mut fields = Vec::new();
        for (names, kind) in [
            (&config.level, FieldKind::Level),
            (&config.message, FieldKind::Message),
            (&config.cause, FieldKind::Cause),
            (&config.solution, FieldKind::Solution),
            (&config.sqlstate, FieldKind::Sqlstate),
        ] {
            fields.extend(names.iter().map(|n| (normalise(n), kind)));
        }
        let key = normalise(&config.key);
        Labels {
            fields,
            editions: config.editions.clone(),
            level_headers: config.level.iter().map(|l| normalise(l)).collect(),
            section_suffix: normalise(&config.section_suffix),
            code: config.code.iter().map(|l| normalise(l)).collect(),
            alias: config.alias.iter().map(|l| normalise(l)).collect(),
            declared: config.fields.iter().map(|l| normalise(l)).collect(),
            key: (key != "heading" && !key.is_empty()).then_some(key),
            shape: config.shape.shape(),
            template_tags: config.template_tags,
            catalog: String::new(),
        }
    }

    /// The labels of one of several catalogs.
    pub(super) fn named(config: &CatalogConfig, named: &NamedCatalog) -> Self {
        let mut labels = Labels::new(config);
        labels.catalog = named.name.clone();
        if let Some(shape) = named.shape {
            labels.shape = shape.shape();
        }
        if let Some(key) = &named.key {
            let key = normalise(key);
            labels.key = (key != "heading" && !key.is_empty()).then_some(key);
        }
        labels
    }

    /// True when `label` names a field the catalog knows (or the key, or
    /// one of its declared fields).
    pub(super) fn is_known(&self, label: &str) -> bool {
        let label = normalise(label);
        self.fields.iter().any(|(name, _)| *name == label)
            || self.key.as_ref() == Some(&label)
            || self.declared.contains(&label)
    }

    /// The rank of a code label (lower is better), for picking the code
    /// column of a table.
    pub(super) fn code_rank(&self, label: &str) -> Option<usize> {
        let label = normalise(label);
        self.code.iter().position(|c| *c == label)
    }

    pub(super) fn field_kind(&self, label: &str) -> FieldKind {
        let label = normalise(label);
        self.fields
            .iter()
            .find(|(name, _)| *name == label)
            .map_or(FieldKind::Other, |(_, kind)| *kind)
    }

    /// The edition label a paragraph's text starts with, and the byte length
    /// of the label with its colon.
    pub(super) fn edition_prefix<'t>(&'t self, text: &str) -> Option<(&'t str, usize)> {
        self.editions.iter().find_map(|label| {
            let rest = text.strip_prefix(label.as_str())?;
            let colon = rest.chars().next().filter(|c| is_colon(*c))?;
            Some((label.as_str(), label.len() + colon.len_utf8()))
        })
    }

    /// The component name when `heading` names a code section.
    pub(super) fn section_name(&self, heading: &str) -> Option<String> {
        let normalised = normalise(heading);
        let name = normalised.strip_suffix(&self.section_suffix)?;
        // Keep the writer's capitalisation: cut the same number of chars.
        let keep = name.trim_end().chars().count();
        let name: String = heading.trim().chars().take(keep).collect();
        Some(name.trim().to_string())
    }

    /// The code a line introduces, and its byte range in the line.
    pub(super) fn code_line(&self, line: &str) -> Option<Range<usize>> {
        let caps = CODE_LINE.captures(line)?;
        self.code_rank(caps.name("label")?.as_str())?;
        caps.name("code").map(|m| m.range())
    }
}

/// Labels match however they are spaced or capitalised (shared with the
/// linter, which compares labels across entries).
pub(super) use crate::text::normalise_label as normalise;

pub(super) fn is_colon(c: char) -> bool {
    c == ':' || c == '：'
}

/// A list item or paragraph line that introduces a code: `Error Number:
/// 8001` (the label one of the configured code labels, bold or not).
static CODE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\*\*|__)?(?P<label>[^:：*_\n]{1,40}?)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*`?(?P<code>[^\s`*]+)`?")
        .expect("valid pattern")
});
