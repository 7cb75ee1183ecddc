//! The render stage: the catalog model → the pages of the reference site.
//!
//! One page per code (all definitions of a duplicated ID on one page), one
//! per section, the home page, an all-codes page, 404 and sitemap. Each
//! template gets only the data it shows: code pages never carry the list
//! of every code, so their size does not grow with the catalog. Code pages
//! render in parallel; the all-codes page is streamed in order, so memory
//! stays bounded on large catalogs.
//!
//! [`render_site`] is a list of one call per page kind (`pages.rs`,
//! `code_pages.rs`). What each template is given is a typed context in
//! `context.rs`, the theme's API, built from the model by `views.rs`;
//! `page_index.rs` lays out the pages and their slugs. The single-file
//! bundle ([`single_file`]) uses the same contexts and helpers.

mod code_pages;
mod context;
pub mod markdown;
mod page_index;
mod pages;
pub mod single_file;
mod site_writer;
pub mod terminal;
mod views;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::output::Staging;
use crate::theme::Theme;
use context::PageCommon;
use markdown::{LinkContext, MarkdownRenderer};
use page_index::PageIndex;
use serde::Serialize;
use site_writer::SiteWriter;

/// What was written.
pub struct SiteSummary {
    /// The number of files written.
    pub pages: usize,
    /// Their size in bytes.
    pub bytes: u64,
}

/// Everything a build renders from.
pub struct SiteInput<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The site's configuration.
    pub config: &'a Config,
    /// The templates and static files.
    pub theme: &'a Theme,
    /// Called with the number of code pages written so far (progress bar).
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
}

/// Renders the whole site into `staging`, a page kind at a time.
pub fn render_site(input: &SiteInput<'_>, staging: &Staging) -> Result<SiteSummary> {
    let renderer = Renderer::new(input);
    let index = PageIndex::new(input.catalog);
    let mut site = SiteWriter::new(staging);
    pages::static_files(&mut site, input.theme)?;
    code_pages::code_pages(&mut site, &renderer, &index)?;
    let sections = views::section_views(&renderer, &index);
    pages::section_pages(&mut site, &renderer, &sections)?;
    pages::home_page(&mut site, &renderer, &index, &sections)?;
    pages::search_page(&mut site, &renderer, &index)?;
    pages::not_found_page(&mut site, &renderer, &index)?;
    pages::sitemap(&mut site, &renderer, &index, &sections)?;
    pages::copy_assets(&mut site, renderer.assets)?;
    Ok(site.summary())
}

/// The site title: `title` in site.toml, else the catalog's `#` heading.
pub fn site_title(catalog: &Catalog, config: &Config) -> String {
    config
        .title
        .clone()
        .or_else(|| catalog.documents.first().and_then(|d| d.title.clone()))
        .unwrap_or_else(|| "Error codes".to_string())
}

/// What every page kind renders with: the input, the Markdown renderer,
/// the assets the pages link to (collected as they render) and the
/// variables every page shows.
struct Renderer<'a> {
    input: &'a SiteInput<'a>,
    markdown: MarkdownRenderer,
    assets: markdown::Assets,
    site_title: String,
    source_name: String,
    /// False when no entry names a level (a table of codes and messages,
    /// rustc's files): pages then show no level badges or filter.
    has_levels: bool,
}

impl<'a> Renderer<'a> {
    /// Ready to render `input`.
    fn new(input: &'a SiteInput<'a>) -> Self {
        Renderer {
            input,
            markdown: MarkdownRenderer::new(),
            assets: markdown::Assets::default(),
            site_title: site_title(input.catalog, input.config),
            source_name: input.catalog.files.join(", "),
            has_levels: input.catalog.entries().any(|e| e.level.is_some()),
        }
    }

    /// The variables every page gets, for a page whose links to the site
    /// root start with `root`, at `path` in the site (none for a page with
    /// no address of its own: the 404 page, the bundle).
    fn page<'r>(&'r self, root: &'r str, path: Option<&str>) -> PageCommon<'r> {
        let base = self.input.config.base_url.trim_end_matches('/');
        PageCommon {
            site_title: &self.site_title,
            source_name: &self.source_name,
            root,
            canonical: path
                .filter(|_| !base.is_empty())
                .map(|path| format!("{base}/{path}")),
            has_levels: self.has_levels,
        }
    }

    /// Markdown of catalog file `file` on a page at `root`, as HTML.
    fn html(&self, markdown: &str, file: usize, root: &str) -> String {
        let path = std::path::Path::new(&self.input.catalog.files[file]);
        let base = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        let links = LinkContext {
            root,
            base,
            assets: &self.assets,
        };
        self.markdown.to_html_in(markdown, Some(&links))
    }

    /// Renders `template` with `context`.
    fn render(&self, template: &str, context: &impl Serialize) -> Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| Error::new(format!("cannot prepare the context of {template}: {e}")))?;
        self.input
            .theme
            .templates
            .render(template, &context)
            .map_err(|e| crate::theme::template_error(&self.input.config.root, &e))
    }
}
