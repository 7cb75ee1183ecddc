//! The page of the single-file bundle: the home page's overview (counts,
//! jump-to-code, the level filter, every section with its code table)
//! followed by every entry as the all-codes page shows it, in one HTML
//! document whose links to codes are anchors within it (`#<slug>`).
//!
//! The caller (`crate::bundle`) supplies what is inlined: the
//! stylesheet, the scripts, their Content-Security-Policy and the search
//! index. Files the catalog links to (copied into `assets/` on the site)
//! become `data:` URLs here, since there is no other file to point at.
//! Entries are rendered in parallel chunks and streamed, as for the
//! all-codes page, so memory does not grow with the catalog's pages.

use super::code_pages::{all_entry, entry_body, in_page_order};
use super::context::BundleContext;
use super::views;
use super::{PageIndex, Renderer, SiteInput};
use crate::error::{Error, Result};
use base64::Engine;
use std::io::Write;

/// What the page inlines, prepared by the caller.
pub struct Inline<'a> {
    /// The Content-Security-Policy, with the hashes of `style` and `scripts`.
    pub csp: &'a str,
    /// The stylesheet, inlined in a `<style>` element.
    pub style: &'a str,
    /// The scripts, each inlined in a `<script>` element.
    pub scripts: &'a [String],
    /// The search index: one JSON object, shard name → shard, with every
    /// `<` escaped so that no text can end its script element.
    pub index_json: &'a str,
}

/// Where the template outputs the entries and the index; replaced by
/// the stream.
const ENTRIES_MARK: &str = "\u{1}errbook-entries\u{1}";
const INDEX_MARK: &str = "\u{1}errbook-index\u{1}";

/// Writes the page to `out`; returns the bytes written.
pub fn render(input: &SiteInput<'_>, inline: &Inline<'_>, out: &mut dyn Write) -> Result<u64> {
    let renderer = Renderer::new(input);
    let index = PageIndex::new(input.catalog);
    let mut sections = views::section_views(&renderer, &index);
    for section in &mut sections {
        section.intro_html = inline_assets(&section.intro_html, &renderer)?;
    }
    // At the depth of the entries (`../`), so that one rewrite of asset
    // links serves every part of the page.
    let intro_html = inline_assets(&views::intro_html(&renderer, "../"), &renderer)?;
    let context = BundleContext {
        // One file has no address of its own.
        page: renderer.page("", None),
        overview: views::overview(&renderer, &index, &sections, intro_html),
        csp: inline.csp,
        style: inline.style,
        scripts: inline.scripts,
        entries_html: ENTRIES_MARK,
        index_json: INDEX_MARK,
    };
    let frame = renderer.render("bundle.html", &context)?;
    let (head, middle, tail) = frame
        .split_once(ENTRIES_MARK)
        .and_then(|(head, rest)| {
            let (middle, tail) = rest.split_once(INDEX_MARK)?;
            Some((head, middle, tail))
        })
        .ok_or_else(|| {
            Error::new("the bundle.html template must output `{{ entries_html | safe }}` and then `{{ index_json | safe }}`")
        })?;

    let mut bytes = 0u64;
    let mut put = |out: &mut dyn Write, text: &str| -> Result<()> {
        bytes += text.len() as u64;
        out.write_all(text.as_bytes())
            .map_err(|e| Error::new(format!("cannot write the bundle: {e}")))
    };
    put(out, head)?;
    in_page_order(
        index.pages.len(),
        |i| {
            let (view, body) = entry_body(&renderer, &index.pages[i])?;
            inline_assets(
                &all_entry(&renderer, &index, i, &view, &body, true)?,
                &renderer,
            )
        },
        None,
        |fragment| put(out, &fragment),
    )?;
    put(out, middle)?;
    put(out, inline.index_json)?;
    put(out, tail)?;
    Ok(bytes)
}

/// Replaces links to copied catalog files (`../assets/NAME`) with `data:`
/// URLs of their bytes. Images show inline; other files download.
fn inline_assets(html: &str, renderer: &Renderer<'_>) -> Result<String> {
    const PREFIX: &str = "=\"../assets/";
    if !html.contains(PREFIX) {
        return Ok(html.to_string());
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(PREFIX) {
        // ASCII letters are one byte each.
        let attribute_start = at
            - rest[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_alphabetic)
                .count();
        let attribute = &rest[attribute_start..at];
        let after = &rest[at + PREFIX.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let name = crate::links::path_part(&after[..end]);
        let source = renderer.assets.source(name);
        match (attribute, source) {
            ("src" | "href", Some(source)) => {
                let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, &e))?;
                let url = format!(
                    "data:{};base64,{}",
                    media_type(name),
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                );
                out.push_str(&rest[..attribute_start]);
                if attribute == "href" {
                    out.push_str(&format!("download=\"{name}\" "));
                }
                out.push_str(&format!("{attribute}=\"{url}\""));
                rest = &after[(end + 1).min(after.len())..];
            }
            // Not a copied file: left as written (the page's CSP stops
            // it from loading anything).
            _ => {
                out.push_str(&rest[..at + PREFIX.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The media type of a file, by its extension.
fn media_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" | "md" | "log" => "text/plain",
        _ => "application/octet-stream",
    }
}
