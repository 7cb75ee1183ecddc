//! The render stage: the catalog model → the pages of the reference site.
//!
//! One page per code (all definitions of a duplicated ID on one page), one
//! per section, the home page, an all-codes page, 404 and sitemap. Each
//! template gets only the data it shows: code pages never carry the list
//! of every code, so their size does not grow with the catalog. Code pages
//! render in parallel; the all-codes page is streamed in order, so memory
//! stays bounded on large catalogs.

mod context;
pub mod markdown;
mod page_index;
pub mod single_file;
pub mod terminal;
mod views;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Catalog;
use crate::output::Staging;
use crate::text::escape;
use crate::theme::Theme;
use context::{
    AllContext, CodeContext, EntryContext, HomeContext, Link, NotFoundContext, Overview,
    PageCommon, SearchContext, SectionContext,
};
use markdown::{LinkContext, MarkdownRenderer};
use page_index::PageIndex;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use views::{level_counts, strip_title};

/// What was written.
pub struct SiteSummary {
    pub pages: usize,
    pub bytes: u64,
}

/// Everything a build renders from.
pub struct SiteInput<'a> {
    pub catalog: &'a Catalog,
    pub config: &'a Config,
    pub theme: &'a Theme,
    /// Called with the number of code pages written so far (progress bar).
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
}

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

/// The site title: `title` in site.toml, else the catalog's `#` heading.
pub fn site_title(catalog: &Catalog, config: &Config) -> String {
    config
        .title
        .clone()
        .or_else(|| catalog.documents.first().and_then(|d| d.title.clone()))
        .unwrap_or_else(|| "Error codes".to_string())
}

impl<'a> Renderer<'a> {
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
}

/// Renders the whole site into `staging`.
pub fn render_site(input: &SiteInput<'_>, staging: &Staging) -> Result<SiteSummary> {
    let catalog = input.catalog;
    let first_document = catalog.documents.first();
    let renderer = Renderer::new(input);
    let page_index = PageIndex::new(catalog);
    let pages = &page_index.pages;

    let mut summary = SiteSummary { pages: 0, bytes: 0 };
    let write = |summary: &mut SiteSummary, relative: &str, content: &[u8]| -> Result<()> {
        staging.write(relative, content)?;
        summary.pages += 1;
        summary.bytes += content.len() as u64;
        Ok(())
    };

    for (name, content) in &input.theme.static_files {
        write(&mut summary, &format!("static/{name}"), content)?;
    }

    // Code pages, in parallel chunks; the all-codes page is streamed
    // alongside so that memory does not grow with the catalog.
    let all_frame = renderer.render(
        "all.html",
        &AllContext {
            page: renderer.page("../", Some("all/index.html")),
            title: &renderer.site_title,
            entries_html: ALL_ENTRIES_MARK,
        },
    )?;
    let (all_head, all_tail) = all_frame.split_once(ALL_ENTRIES_MARK).ok_or_else(|| {
        Error::new(
            "the all.html template must output `{{ entries_html | safe }}` where the entries go",
        )
    })?;
    // At the depth of the code pages, so their rendered HTML (relative
    // asset links included) is right on this page too.
    staging.write("all/index.html", b"")?;
    let all_path = staging.path("all/index.html");
    let mut all = std::io::BufWriter::new(
        std::fs::File::create(&all_path).map_err(|e| Error::io(&all_path, &e))?,
    );
    let io = |e: std::io::Error| Error::io(&all_path, &e);
    all.write_all(all_head.as_bytes()).map_err(io)?;
    let mut all_bytes = all_head.len() + all_tail.len();

    const CHUNK: usize = 512;
    for (chunk_index, chunk) in pages.chunks(CHUNK).enumerate() {
        let rendered: Vec<Result<(usize, String)>> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let index = chunk_index * CHUNK + i;
                let view = views::entry_view(&renderer, page);
                let body = renderer.render(
                    "entry.html",
                    &EntryContext {
                        entry: &view,
                        has_levels: renderer.has_levels,
                    },
                )?;
                let prev = index.checked_sub(1).map(|p| Link {
                    id: pages[p].id,
                    slug: &pages[p].slug,
                });
                let next = pages.get(index + 1).map(|p| Link {
                    id: p.id,
                    slug: &p.slug,
                });
                let path = format!("codes/{}.html", page.slug);
                let code = renderer.render(
                    "code.html",
                    &CodeContext {
                        page: renderer.page("../", Some(&path)),
                        entry: &view,
                        body_html: &body,
                        prev,
                        next,
                    },
                )?;
                let fragment = page_index.all_entry(&renderer, index, &view, &body, false)?;
                // Written by the worker: creating files is a large part of a build.
                staging.write(&path, code.as_bytes())?;
                Ok((code.len(), fragment))
            })
            .collect();
        if let Some(progress) = input.progress {
            progress((chunk_index * CHUNK + chunk.len()) as u64);
        }
        for result in rendered {
            let (code_bytes, fragment) = result?;
            summary.pages += 1;
            summary.bytes += code_bytes as u64;
            all.write_all(fragment.as_bytes()).map_err(io)?;
            all_bytes += fragment.len();
        }
    }
    all.write_all(all_tail.as_bytes()).map_err(io)?;
    all.flush().map_err(io)?;
    summary.pages += 1;
    summary.bytes += all_bytes as u64;

    // Home and section pages: the only pages that list codes.
    let section_views = views::section_views(&renderer, &page_index);
    // Sections of the same name (in several files) share one page.
    let mut section_pages = HashSet::new();
    for view in section_views
        .iter()
        .filter(|v| section_pages.insert(v.slug.clone()))
    {
        let path = format!("sections/{}.html", view.slug);
        let html = renderer.render(
            "section.html",
            &SectionContext {
                page: renderer.page("../", Some(&path)),
                section: view,
            },
        )?;
        write(&mut summary, &path, html.as_bytes())?;
    }

    let levels = level_counts(catalog, input.config);
    let intro = first_document.map_or(String::new(), |d| strip_title(&d.preamble.text));
    let example = pages.first().map_or("", |p| p.id);
    let index = renderer.render(
        "index.html",
        &HomeContext {
            page: renderer.page("", Some("index.html")),
            overview: Overview {
                title: &renderer.site_title,
                total: pages.len(),
                levels,
                sections: &section_views,
                intro_html: first_document
                    .map_or(String::new(), |d| renderer.html(&intro, d.file, "")),
                example,
            },
        },
    )?;
    write(&mut summary, "index.html", index.as_bytes())?;

    let search = renderer.render(
        "search.html",
        &SearchContext {
            page: renderer.page("", Some("search.html")),
            example,
        },
    )?;
    write(&mut summary, "search.html", search.as_bytes())?;

    let base = input.config.base_url.trim_end_matches('/');
    let not_found_root = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    // A server shows 404.html at any depth: links work only from the root,
    // or everywhere when base-url is set.
    let not_found = renderer.render(
        "404.html",
        &NotFoundContext {
            page: renderer.page(&not_found_root, None),
            example_slug: pages.first().map_or("", |p| p.slug.as_str()),
        },
    )?;
    write(&mut summary, "404.html", not_found.as_bytes())?;

    let Renderer { assets, .. } = renderer;
    for (name, source) in assets.into_files() {
        let content = std::fs::read(&source).map_err(|e| Error::io(&source, &e))?;
        write(&mut summary, &format!("assets/{name}"), &content)?;
    }

    let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let locations = ["index.html".to_string(), "all/index.html".to_string()]
        .into_iter()
        .chain(
            section_views
                .iter()
                .map(|s| format!("sections/{}.html", s.slug)),
        )
        .chain(pages.iter().map(|p| format!("codes/{}.html", p.slug)));
    let mut seen = HashSet::new();
    for location in locations.filter(|l| seen.insert(l.clone())) {
        let url = if base.is_empty() {
            location
        } else {
            format!("{base}/{location}")
        };
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&url)));
    }
    sitemap.push_str("</urlset>\n");
    write(&mut summary, "sitemap.xml", sitemap.as_bytes())?;

    Ok(summary)
}

/// An entry body as the all-codes page shows it: many entries share that
/// page, so its anchors get the entry's slug in front, and its headings
/// sit one level under the entry's own. Catalog HTML carries no `id`
/// (the sanitiser drops it), so every `id` here is the theme's.
fn for_all_page(body: &str, slug: &str) -> String {
    body.replace(" id=\"", &format!(" id=\"{slug}-"))
        .replace(" href=\"#", &format!(" href=\"#{slug}-"))
        .replace("<h2", "<h4")
        .replace("</h2>", "</h4>")
}

/// Where the all-codes template puts the entries; replaced by the stream.
const ALL_ENTRIES_MARK: &str = "\u{1}errbook-all-entries\u{1}";
