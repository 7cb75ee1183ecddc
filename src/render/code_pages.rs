//! The code pages, one per code, and the all-codes page they stream into.
//!
//! Pages render in parallel, a chunk at a time, and their entries are
//! appended to the all-codes page in source order as each chunk is done,
//! so memory holds one chunk's output however large the catalog. The
//! bundle ([`super::single_file`]) streams its entries the same way, with
//! the same helpers.

use super::context::{AllContext, AllEntryContext, CodeContext, EntryContext, EntryView, Link};
use super::page_index::{CodePage, PageIndex};
use super::site_writer::SiteWriter;
use super::{views, Renderer};
use crate::error::{Error, Result};
use crate::output::Staging;
use rayon::prelude::*;

/// How many pages render at once, in parallel, before their output is
/// written out in order.
const CHUNK: usize = 512;

/// Where the all-codes template puts the entries; replaced by the stream.
const ALL_ENTRIES_MARK: &str = "\u{1}errbook-all-entries\u{1}";

/// Every code page, under `codes/`, and the all-codes page,
/// `all/index.html`.
pub(crate) fn code_pages(
    site: &mut SiteWriter<'_>,
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
) -> Result<()> {
    // At the depth of the code pages, so their rendered HTML (relative
    // asset links included) is right on this page too.
    let frame = renderer.render(
        "all.html",
        &AllContext {
            page: renderer.page("../", Some("all/index.html")),
            title: &renderer.site_title,
            entries_html: ALL_ENTRIES_MARK,
        },
    )?;
    let (head, tail) = frame.split_once(ALL_ENTRIES_MARK).ok_or_else(|| {
        Error::new(
            "the all.html template must output `{{ entries_html | safe }}` where the entries go",
        )
    })?;
    let mut all = site.stream("all/index.html")?;
    all.put(head)?;
    let staging = site.staging;
    in_page_order(
        index.pages.len(),
        |i| code_page(renderer, index, i, staging),
        renderer.input.progress,
        |(code_bytes, fragment)| {
            site.count(code_bytes as u64);
            all.put(&fragment)
        },
    )?;
    all.put(tail)?;
    site.count(all.finish()?);
    Ok(())
}

/// Writes page `i` (from the worker: creating files is a large part of a
/// build); returns its size and its entry as the all-codes page shows it.
fn code_page(
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
    i: usize,
    staging: &Staging,
) -> Result<(usize, String)> {
    let pages = &index.pages;
    let page = &pages[i];
    let (view, body) = entry_body(renderer, page)?;
    let link = |n: usize| {
        pages.get(n).map(|p| Link {
            id: p.id,
            slug: &p.slug,
        })
    };
    let path = format!("codes/{}.html", page.slug);
    let html = renderer.render(
        "code.html",
        &CodeContext {
            page: renderer.page("../", Some(&path)),
            entry: &view,
            body_html: &body,
            prev: i.checked_sub(1).and_then(link),
            next: link(i + 1),
        },
    )?;
    let fragment = all_entry(renderer, index, i, &view, &body, false)?;
    staging.write(&path, html.as_bytes())?;
    Ok((html.len(), fragment))
}

/// Renders items `0..count` in parallel chunks and hands the results to
/// `take` in order; `progress` hears how many are done after each chunk.
pub(crate) fn in_page_order<T: Send>(
    count: usize,
    render: impl Fn(usize) -> Result<T> + Sync,
    progress: Option<&(dyn Fn(u64) + Sync)>,
    mut take: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    for start in (0..count).step_by(CHUNK) {
        let end = (start + CHUNK).min(count);
        let rendered: Vec<Result<T>> = (start..end).into_par_iter().map(&render).collect();
        if let Some(progress) = progress {
            progress(end as u64);
        }
        for result in rendered {
            take(result?)?;
        }
    }
    Ok(())
}

/// A page's entry, and its body as `entry.html` renders it: the part its
/// code page, the all-codes page and the bundle share.
pub(crate) fn entry_body<'p>(
    renderer: &Renderer<'_>,
    page: &'p CodePage<'_>,
) -> Result<(EntryView<'p>, String)> {
    let view = views::entry_view(renderer, page);
    let body = renderer.render(
        "entry.html",
        &EntryContext {
            entry: &view,
            has_levels: renderer.has_levels,
        },
    )?;
    Ok((view, body))
}

/// Page `i`'s entry as the all-codes page (or, with `single_file`, the
/// bundle) shows it.
pub(crate) fn all_entry(
    renderer: &Renderer<'_>,
    index: &PageIndex<'_>,
    i: usize,
    view: &EntryView<'_>,
    body: &str,
    single_file: bool,
) -> Result<String> {
    let page = &index.pages[i];
    let starts_section = i == 0 || index.pages[i - 1].section_slug != page.section_slug;
    renderer.render(
        "all-entry.html",
        &AllEntryContext {
            entry: view,
            body_html: for_all_page(body, &page.slug),
            section_start: starts_section.then_some(page.section),
            section_slug: &page.section_slug,
            single_file,
        },
    )
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
