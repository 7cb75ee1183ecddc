//! The theme's API: what each template is given to render. A project that
//! overrides a template (a file of the same name in its `templates/`)
//! gets exactly these variables, so the field names and shapes here are
//! a contract: rename nothing. README.md's "Theme API: template contexts"
//! lists them for theme authors; keep it in step with this file.
//!
//! Plain data, serialised for tera; [`super::views`] builds the views
//! from the catalog model.

use serde::Serialize;

/// The variables every page template gets, beside its own (all but
/// `entry.html` and `all-entry.html`, which render parts of a page).
#[derive(Serialize)]
pub(crate) struct PageCommon<'a> {
    /// The site's title: `title` in site.toml, else the catalog's `#`
    /// heading, else "Error codes".
    pub(crate) site_title: &'a str,
    /// The catalog files the site is built from, joined with `, `.
    pub(crate) source_name: &'a str,
    /// What links to the site root start with: `""` on the home and search
    /// pages, `"../"` one level down; on the 404 page, which a server shows
    /// at any depth, `""` or the base URL with a `/`.
    pub(crate) root: &'a str,
    /// The page's absolute URL when site.toml sets `base-url`; none without
    /// it, and on the 404 page and the bundle, which have no address.
    pub(crate) canonical: Option<String>,
    /// Whether any entry names a level; without, pages show no level
    /// badges, column or filter.
    pub(crate) has_levels: bool,
}

/// `entry.html`: one entry's definitions, rendered once for its code page
/// and the all-codes page.
#[derive(Serialize)]
pub(crate) struct EntryContext<'a> {
    /// The entry.
    pub(crate) entry: &'a EntryView<'a>,
    /// As in [`PageCommon::has_levels`].
    pub(crate) has_levels: bool,
}

/// `code.html`: a code's page, `codes/<slug>.html`.
#[derive(Serialize)]
pub(crate) struct CodeContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The entry.
    pub(crate) entry: &'a EntryView<'a>,
    /// The entry as `entry.html` renders it.
    pub(crate) body_html: &'a str,
    /// The code before it in source order; none on the first.
    pub(crate) prev: Option<Link<'a>>,
    /// The code after it in source order; none on the last.
    pub(crate) next: Option<Link<'a>>,
}

/// `all-entry.html`: one entry on the all-codes page (and in the bundle).
#[derive(Serialize)]
pub(crate) struct AllEntryContext<'a> {
    /// The entry.
    pub(crate) entry: &'a EntryView<'a>,
    /// The entry as `entry.html` renders it, its anchors prefixed with
    /// `<slug>-` and its `h2` headings made `h4`.
    pub(crate) body_html: String,
    /// The section's name when the entry is the first of its section;
    /// none otherwise.
    pub(crate) section_start: Option<&'a str>,
    /// The section's slug.
    pub(crate) section_slug: &'a str,
    /// True in the bundle, where a code's link is the anchor `#<slug>`.
    pub(crate) single_file: bool,
}

/// `all.html`: the all-codes page, `all/index.html`.
#[derive(Serialize)]
pub(crate) struct AllContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The site's title.
    pub(crate) title: &'a str,
    /// Where the entries go: output it with `| safe`, once; errbook
    /// streams every `all-entry.html` in its place.
    pub(crate) entries_html: &'a str,
}

/// `section.html`: a section's page, `sections/<slug>.html`.
#[derive(Serialize)]
pub(crate) struct SectionContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The section.
    pub(crate) section: &'a SectionView<'a>,
}

/// The overview that opens the home page and the bundle (the arguments of
/// the `overview` macro).
#[derive(Serialize)]
pub(crate) struct Overview<'a> {
    /// The site's title.
    pub(crate) title: &'a str,
    /// How many code pages there are: one per code.
    pub(crate) total: usize,
    /// How many entries define them: more than `total` when a code is
    /// defined twice. The level counts add up to this.
    pub(crate) entries: usize,
    /// The levels with their counts, for the filter; empty when no entry
    /// names a level.
    pub(crate) levels: Vec<LevelView>,
    /// Every section, in source order.
    pub(crate) sections: &'a [SectionView<'a>],
    /// The first catalog file's text before its first section, without its
    /// `# Title` line, as HTML.
    pub(crate) intro_html: String,
    /// The first code's ID, as an example for the search box; empty for an
    /// empty catalog.
    pub(crate) example: &'a str,
}

/// `index.html`: the home page.
#[derive(Serialize)]
pub(crate) struct HomeContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The overview's variables.
    #[serde(flatten)]
    pub(crate) overview: Overview<'a>,
}

/// `search.html`: the search page.
#[derive(Serialize)]
pub(crate) struct SearchContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The first code's ID, as an example; empty for an empty catalog.
    pub(crate) example: &'a str,
}

/// `404.html`: the page a server shows for a missing one.
#[derive(Serialize)]
pub(crate) struct NotFoundContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// The first code's slug, to show what a code page's address looks
    /// like; empty for an empty catalog.
    pub(crate) example_slug: &'a str,
}

/// `bundle.html`: the single-file bundle (`errbook bundle`).
#[derive(Serialize)]
pub(crate) struct BundleContext<'a> {
    /// The variables every page gets.
    #[serde(flatten)]
    pub(crate) page: PageCommon<'a>,
    /// As on the home page; links to files the catalog points at are
    /// `data:` URLs here.
    #[serde(flatten)]
    pub(crate) overview: Overview<'a>,
    /// The Content-Security-Policy, with the SHA-256 of `style` and of
    /// each script.
    pub(crate) csp: &'a str,
    /// The stylesheet, to inline in one `<style>`.
    pub(crate) style: &'a str,
    /// The scripts, each to inline in its own `<script>`.
    pub(crate) scripts: &'a [String],
    /// Where the entries go: output it with `| safe`, once; errbook
    /// streams every `all-entry.html` in its place.
    pub(crate) entries_html: &'a str,
    /// Where the search index goes (after `entries_html`): output it with
    /// `| safe`, once, inside a `<script type="application/json">`.
    pub(crate) index_json: &'a str,
}

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
    /// The message's label as the catalog writes it (`Error message`, a
    /// table's `Description` column); `Message` when it has none.
    pub(crate) message_label: String,
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
    /// What the row shows: the message, or the first sentence of the
    /// code's text when it has no message.
    pub(crate) summary: String,
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

/// `sitemap.xml`: the sitemap.
#[derive(Serialize)]
pub(crate) struct SitemapContext<'a> {
    /// site.toml's `base-url` without its trailing `/`; never empty: the
    /// sitemap is written only when it is set.
    pub(crate) base_url: &'a str,
    /// Every page but search and 404, each once, as a path in the site:
    /// `index.html`, `all/index.html`, the section pages, the code pages.
    pub(crate) locations: Vec<String>,
}
