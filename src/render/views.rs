//! From the catalog model to the views the templates show (the types of
//! [`super::context`]): a code page's entry with anchors unique on its
//! page, each section with its code table, the overview with its level
//! counts.

use super::context::{
    DefinitionView, EditionView, EntryView, FieldView, LevelView, Overview, RowView, SectionView,
};
use super::page_index::{CodePage, PageIndex};
use super::Renderer;
use crate::config::Config;
use crate::model::{Catalog, Document, ErrorEntry, Field, FieldKind, Message, Section};
use crate::slug::{self, slug, Slugs};
use crate::text::escape;
use std::collections::{BTreeMap, HashSet};

/// A code page's entry: every definition of its ID, in source order.
pub(crate) fn entry_view<'p>(renderer: &Renderer<'_>, page: &'p CodePage<'_>) -> EntryView<'p> {
    let mut anchors = Anchors::default();
    let multiple = page.definitions.len() > 1;
    let definitions = page
        .definitions
        .iter()
        .enumerate()
        .map(|(n, entry)| {
            // Several definitions share the page: each numbers its anchors.
            let suffix = if multiple {
                format!("-{}", n + 1)
            } else {
                String::new()
            };
            definition_view(renderer, entry, &suffix, &mut anchors)
        })
        .collect();
    let mut aliases: Vec<&str> = Vec::new();
    for alias in page.definitions.iter().flat_map(|d| &d.aliases) {
        if !aliases.contains(&alias.as_str()) && alias != page.id {
            aliases.push(alias);
        }
    }
    EntryView {
        id: page.id,
        aliases,
        slug: &page.slug,
        section: page.section,
        section_slug: &page.section_slug,
        definitions,
    }
}

/// One definition; `suffix` ends each of its anchors.
fn definition_view(
    renderer: &Renderer<'_>,
    entry: &ErrorEntry,
    suffix: &str,
    anchors: &mut Anchors,
) -> DefinitionView {
    let anchor = anchors.take(&format!("definition{suffix}"));
    let message_anchor = anchors.take(&format!("message{suffix}"));
    let first_message = entry
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Message);
    let first_solution = entry
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Solution);
    let fields = entry
        .fields
        .iter()
        .enumerate()
        .filter(|(i, f)| f.kind != FieldKind::Level && Some(*i) != first_message)
        .map(|(i, field)| {
            let editions = if Some(i) == first_solution {
                entry
                    .editions
                    .iter()
                    .map(|block| EditionView {
                        label: block.label.clone(),
                        html: renderer.html(&block.body.text, block.body.span.file, "../"),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            field_view(renderer, field, editions, suffix, anchors)
        })
        .collect();
    DefinitionView {
        anchor,
        source: format!(
            "{}:{}",
            renderer.input.catalog.files[entry.span.file], entry.span.line
        ),
        level: entry.level.clone(),
        level_class: slug::level_class(entry.level.as_deref()),
        message_anchor,
        message_label: first_message
            .map(|i| entry.fields[i].label.trim())
            .filter(|label| !label.is_empty())
            .unwrap_or("Message")
            .to_string(),
        message_html: entry.message.as_ref().map(message_html).unwrap_or_default(),
        fields,
    }
}

/// One field; when `editions` is not empty, it holds the body.
fn field_view(
    renderer: &Renderer<'_>,
    field: &Field,
    editions: Vec<EditionView>,
    suffix: &str,
    anchors: &mut Anchors,
) -> FieldView {
    let label = if field.label.is_empty() {
        "Notes".to_string()
    } else {
        field.label.clone()
    };
    FieldView {
        kind: field.kind.name(),
        anchor: anchors.take(&format!("{label}{suffix}")),
        html: if editions.is_empty() {
            renderer.html(&field.body.text, field.body.span.file, "../")
        } else {
            String::new()
        },
        label,
        editions,
    }
}

/// Message text with placeholders marked up, everything else escaped.
fn message_html(message: &Message) -> String {
    let mut html = String::with_capacity(message.text.len() + 32);
    let mut at = 0;
    for p in &message.placeholders {
        if p.offset < at || p.offset + p.text.len() > message.text.len() {
            continue;
        }
        html.push_str(&escape(&message.text[at..p.offset]));
        html.push_str("<var class=\"placeholder\">");
        html.push_str(&escape(&p.text));
        html.push_str("</var>");
        at = p.offset + p.text.len();
    }
    html.push_str(&escape(&message.text[at..]));
    html
}

/// Unique anchors within one page.
#[derive(Default)]
struct Anchors(HashSet<String>);

impl Anchors {
    fn take(&mut self, base: &str) -> String {
        let base = if base.is_empty() {
            "field".to_string()
        } else {
            slug(base)
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        candidate
    }
}

/// Each section with its intro and its code table, in source order.
pub(crate) fn section_views<'i>(
    renderer: &Renderer<'_>,
    index: &'i PageIndex<'_>,
) -> Vec<SectionView<'i>> {
    index
        .sections
        .iter()
        .map(|s| SectionView {
            name: &s.name,
            heading: &s.heading,
            slug: index
                .section_slugs
                .get(&s.name)
                .unwrap_or("section")
                .to_string(),
            intro_html: {
                let intro = renderer.html(&s.intro.text, s.span.file, "../");
                match opened_document(renderer.input.catalog, s) {
                    Some(d) => {
                        renderer.html(&strip_title(&d.preamble.text), d.file, "../") + &intro
                    }
                    None => intro,
                }
            },
            entries: rows(s, &index.code_slugs),
        })
        .collect()
}

/// The rows of a section's code table.
fn rows<'s>(section: &'s Section, code_slugs: &'s Slugs) -> Vec<RowView<'s>> {
    section
        .entries
        .iter()
        .map(|e| RowView {
            id: &e.id,
            slug: code_slugs.get(&e.key()).unwrap_or_default(),
            level: e.level.as_deref(),
            level_class: slug::level_class(e.level.as_deref()),
            message: e.message.as_ref().map_or("", |m| m.text.as_str()),
            summary: crate::text::summary(e),
        })
        .collect()
}

/// The overview that opens the home page and the bundle, with `intro_html`
/// (from [`intro_html`]) as its introduction.
pub(crate) fn overview<'a>(
    renderer: &'a Renderer<'_>,
    index: &'a PageIndex<'_>,
    sections: &'a [SectionView<'a>],
    intro_html: String,
) -> Overview<'a> {
    Overview {
        title: &renderer.site_title,
        total: index.pages.len(),
        entries: renderer.input.catalog.entries().count(),
        levels: level_counts(renderer.input.catalog, renderer.input.config),
        sections,
        intro_html,
        example: index.example(),
    }
}

/// The first catalog file's preamble, without its title, as HTML for a
/// page whose links to the site root start with `root`; then the
/// preambles of the other files that have no section to show them.
pub(crate) fn intro_html(renderer: &Renderer<'_>, root: &str) -> String {
    let documents = &renderer.input.catalog.documents;
    documents
        .iter()
        .enumerate()
        .filter(|(i, d)| *i == 0 || d.sections.is_empty())
        .map(|(_, d)| renderer.html(&strip_title(&d.preamble.text), d.file, root))
        .collect()
}

/// The file whose preamble opens the page of `section`: the file the
/// section is the first of, unless it is the first file, whose preamble
/// opens the home page. A catalog of many files (a page per range of
/// codes, each with its own introduction) so shows each file's words.
fn opened_document<'c>(catalog: &'c Catalog, section: &Section) -> Option<&'c Document> {
    catalog.documents.iter().skip(1).find(|d| {
        d.sections
            .first()
            .is_some_and(|first| first.span == section.span)
    })
}

/// The preamble without its `# Title` line (the page shows the title).
fn strip_title(preamble: &str) -> String {
    match preamble.strip_prefix('#') {
        Some(rest) if rest.starts_with(' ') => rest
            .split_once('\n')
            .map_or(String::new(), |(_, body)| body.trim().to_string()),
        _ => preamble.to_string(),
    }
}

/// Levels for the filter: the defined ones in order, then any others
/// that entries use, each with its count of entries.
fn level_counts(catalog: &Catalog, config: &Config) -> Vec<LevelView> {
    if !catalog.entries().any(|e| e.level.is_some()) {
        return Vec::new();
    }
    let defined: Vec<String> = match catalog.documents.first() {
        Some(d) if !d.levels.is_empty() => d.levels.iter().map(|l| l.name.clone()).collect(),
        _ => config.catalog.levels.clone(),
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for entry in catalog.entries() {
        *counts
            .entry(entry.level.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let mut levels: Vec<LevelView> = defined
        .iter()
        .map(|name| LevelView {
            class: slug::level_class(Some(name)),
            count: counts.remove(name).unwrap_or(0),
            name: name.clone(),
        })
        .collect();
    levels.extend(counts.into_iter().map(|(name, count)| LevelView {
        class: slug::level_class(Some(&name)),
        name: if name.is_empty() {
            "no level".to_string()
        } else {
            name
        },
        count,
    }));
    levels
}
