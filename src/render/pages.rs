//! The site's pages other than the code pages: one function per kind,
//! called in turn by [`super::render_site`]. Only the home page and the
//! section pages list codes.

use super::context::{
    HomeContext, NotFoundContext, SearchContext, SectionContext, SectionView, SitemapContext,
};
use super::page_index::PageIndex;
use super::site_writer::SiteWriter;
use super::{markdown, views, Renderer};
use crate::error::{Error, Result};
use crate::theme::Theme;
use std::collections::HashSet;

/// The theme's static files, under `static/`.
pub(crate) fn static_files(site: &mut SiteWriter<'_>, theme: &Theme) -> Result<()> {
    for (name, content) in &theme.static_files {
        site.write(&format!("static/{name}"), content)?;
    }
    Ok(())
}

/// One page per section, `sections/<slug>.html`; sections of the same
/// name (in several files) share one.
pub(crate) fn section_pages(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    sections: &[SectionView<'_>],
) -> Result<()> {
    let mut written = HashSet::new();
    for section in sections.iter().filter(|s| written.insert(s.slug.clone())) {
        let path = format!("sections/{}.html", section.slug);
        let html = renderer.render(
            "section.html",
            &SectionContext {
                page: renderer.page("../", Some(&path)),
                section,
            },
        )?;
        site.write(&path, html.as_bytes())?;
    }
    Ok(())
}

/// The home page, `index.html`: the overview, then every section's codes.
pub(crate) fn home_page(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
    sections: &[SectionView<'_>],
) -> Result<()> {
    let intro_html = views::intro_html(renderer, "");
    let html = renderer.render(
        "index.html",
        &HomeContext {
            page: renderer.page("", Some("index.html")),
            overview: views::overview(renderer, index, sections, intro_html),
        },
    )?;
    site.write("index.html", html.as_bytes())
}

/// The search page, `search.html` (the browser runs the search).
pub(crate) fn search_page(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
) -> Result<()> {
    let html = renderer.render(
        "search.html",
        &SearchContext {
            page: renderer.page("", Some("search.html")),
            example: index.example(),
        },
    )?;
    site.write("search.html", html.as_bytes())
}

/// The page a server shows for a missing one, `404.html`.
pub(crate) fn not_found_page(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
) -> Result<()> {
    // A server shows it at any depth: links work only from the root, or
    // everywhere when base-url is set.
    let base = renderer.input.config.base_url.trim_end_matches('/');
    let root = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    let html = renderer.render(
        "404.html",
        &NotFoundContext {
            page: renderer.page(&root, None),
            example_slug: index.pages.first().map_or("", |p| p.slug.as_str()),
        },
    )?;
    site.write("404.html", html.as_bytes())
}

/// `sitemap.xml`: every page but search and 404, each once. Only with a
/// `base-url`: the sitemap protocol takes absolute URLs, and a sitemap of
/// relative ones is invalid (the build says so).
pub(crate) fn sitemap(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
    sections: &[SectionView<'_>],
) -> Result<()> {
    if renderer.input.config.base_url.is_empty() {
        return Ok(());
    }
    let locations = ["index.html".to_string(), "all/index.html".to_string()]
        .into_iter()
        .chain(sections.iter().map(|s| format!("sections/{}.html", s.slug)))
        .chain(index.pages.iter().map(|p| format!("codes/{}.html", p.slug)));
    let mut seen = HashSet::new();
    let xml = renderer.render(
        "sitemap.xml",
        &SitemapContext {
            base_url: renderer.input.config.base_url.trim_end_matches('/'),
            locations: locations.filter(|l| seen.insert(l.clone())).collect(),
        },
    )?;
    site.write("sitemap.xml", xml.as_bytes())
}

/// The local files the catalog links to, under `assets/`: known only once
/// every page is rendered, so this comes last.
pub(crate) fn copy_assets(site: &mut SiteWriter<'_>, assets: markdown::Assets) -> Result<()> {
    for (name, source) in assets.into_files() {
        let content = std::fs::read(&source).map_err(|e| Error::io(&source, &e))?;
        site.write(&format!("assets/{name}"), &content)?;
    }
    Ok(())
}
