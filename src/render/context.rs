//! The theme's API: what each template is given to render. A project that
//! overrides a template (a file of the same name in its `templates/`)
//! gets exactly these variables, so the field names and shapes here are
//! a contract: rename nothing. README.md's "Theme API: template contexts"
//! lists them for theme authors; keep it in step with this file.
//!
//! Plain data, serialised for tera; [`super::views`] builds the views
//! from the catalog model.

use serde::Serialize;

/// A link to a neighbouring code page (`prev` and `next` on `code.html`).
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    /// The code's ID.
    pub(crate) id: &'a str,
    /// Its page's slug: the page is `codes/<slug>.html`.
    pub(crate) slug: &'a str,
}

/// One code: every definition of its ID (`entry` in `entry.html`,
/// `code.html` and `all-entry.html`).
#[derive(Serialize)]
pub(crate) struct EntryView<'a> {
    /// The code's ID as the catalog writes it.
    pub(crate) id: &'a str,
    /// Other codes the entry is known by (the generic heading's code, a
    /// symbol), each once.
    pub(crate) aliases: Vec<&'a str>,
    /// The page's slug: the page is `codes/<slug>.html`, and the entry's
    /// anchor on the all-codes page is `#<slug>`.
    pub(crate) slug: &'a str,
    /// The name of the entry's section.
    pub(crate) section: &'a str,
    /// The section's slug: its page is `sections/<slug>.html`.
    pub(crate) section_slug: &'a str,
    /// Every definition of the ID, in source order (more than one when
    /// the catalog defines it twice).
    pub(crate) definitions: Vec<DefinitionView>,
}

/// One definition of a code.
#[derive(Serialize)]
pub(crate) struct DefinitionView {
    /// The definition's anchor, unique on the page (`definition`, or
    /// `definition-1`, `definition-2`, ... when there are several).
    pub(crate) anchor: String,
    /// Where it is defined: `file:line`.
    pub(crate) source: String,
    /// The level the entry names, if any.
    pub(crate) level: Option<String>,
    /// The level's CSS class suffix (`level-<level_class>`): the level's
    /// slug, `none` without one.
    pub(crate) level_class: String,
    /// The anchor of the message's section.
    pub(crate) message_anchor: String,
    /// The message as HTML: escaped, placeholders in
    /// `<var class="placeholder">`; empty when the entry has none.
    pub(crate) message_html: String,
    /// The other fields (all but the level and the first message), in
    /// source order.
    pub(crate) fields: Vec<FieldView>,
}

/// One field of a definition (Cause, Solution, ...).
#[derive(Serialize)]
pub(crate) struct FieldView {
    /// The field's kind: `message`, `cause`, `solution`, `sqlstate`,
    /// `key`, `other` or `unlabelled` (the CSS class `field-<kind>`).
    pub(crate) kind: &'static str,
    /// The label as written; `Notes` for text under no label.
    pub(crate) label: String,
    /// The field's anchor, unique on the page.
    pub(crate) anchor: String,
    /// The body as HTML; empty when `editions` holds it instead.
    pub(crate) html: String,
    /// The first solution split by product edition; empty for every other
    /// field, and when the solution names no edition.
    pub(crate) editions: Vec<EditionView>,
}

/// One edition's part of a solution.
#[derive(Serialize)]
pub(crate) struct EditionView {
    /// The edition's label ("Enterprise Edition"); none for the text
    /// before the first label, which holds for every edition.
    pub(crate) label: Option<String>,
    /// The part's body as HTML.
    pub(crate) html: String,
}

/// One row of a section's code table.
#[derive(Serialize)]
pub(crate) struct RowView<'a> {
    /// The code's ID.
    pub(crate) id: &'a str,
    /// Its page's slug: the page is `codes/<slug>.html`.
    pub(crate) slug: &'a str,
    /// The code's level, if it names one.
    pub(crate) level: Option<&'a str>,
    /// The level's CSS class suffix: its slug, `none` without one.
    pub(crate) level_class: String,
    /// The message as plain text (escaped by the template); empty when
    /// the code has none.
    pub(crate) message: &'a str,
}

/// One section with its code table (`section` in `section.html`, each of
/// `sections` in `index.html` and `bundle.html`).
#[derive(Serialize)]
pub(crate) struct SectionView<'a> {
    /// The component name: the heading without the configured suffix.
    pub(crate) name: &'a str,
    /// The heading as written.
    pub(crate) heading: &'a str,
    /// The section's slug: its page is `sections/<slug>.html`.
    pub(crate) slug: String,
    /// The text between the heading and the first code, as HTML; empty
    /// when there is none.
    pub(crate) intro_html: String,
    /// The section's codes, in source order.
    pub(crate) entries: Vec<RowView<'a>>,
}

/// One level of the level filter and the counts line.
#[derive(Serialize)]
pub(crate) struct LevelView {
    /// The level's name (`no level` for entries without one).
    pub(crate) name: String,
    /// Its CSS class suffix, which the filter's checkbox carries as its
    /// value.
    pub(crate) class: String,
    /// How many entries have it.
    pub(crate) count: usize,
}
