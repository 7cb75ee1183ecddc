//! Catalog Markdown → safe HTML.
//!
//! Catalog text is untrusted: the HTML pulldown-cmark produces (raw HTML
//! included) goes through ammonia, which keeps formatting and drops script,
//! event handlers, `javascript:`/`data:` URLs and styles. Fenced code is
//! highlighted at build time (`crate::highlight`), so pages need no
//! client-side highlighter. Remote images become links with their
//! alt text: the site makes no request to the network.
//!
//! Relative links and images are resolved against the catalog file's
//! directory: a target that exists there is copied into the site's
//! `assets/` and linked; a missing one is shown as text (`check` reports
//! it as broken-link), so the site itself has no dead links.

use crate::highlight::HtmlHighlighter;
use crate::raw_html::Piece;
use crate::text::escape;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Renders catalog Markdown as HTML: code blocks highlighted, then sanitized,
/// since catalog text is untrusted and must never run script in a browser.
pub struct MarkdownRenderer {
    highlighter: HtmlHighlighter,
    sanitizer: ammonia::Builder<'static>,
}

impl Default for MarkdownRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl MarkdownRenderer {
    /// A renderer with the highlighter loaded and the sanitizer's allow-list set.
    pub fn new() -> Self {
        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .add_generic_attributes(["class"])
            .add_tag_attributes("code", ["data-lang"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer"))
            // An image's source is one errbook copied into `assets/` (the
            // Markdown images, resolved above). A raw `<img src=...>` in
            // the catalog keeps its alt text but loads nothing: the site
            // makes no request for files it does not have.
            .attribute_filter(|element, attribute, value| {
                let copied = value.trim_start_matches("../").starts_with("assets/");
                if element == "img" && attribute == "src" && !copied {
                    None
                } else {
                    Some(value.into())
                }
            });
        MarkdownRenderer {
            highlighter: HtmlHighlighter::default(),
            sanitizer,
        }
    }

    /// Renders catalog Markdown to sanitised HTML. `links` resolves
    /// relative links; without it they are kept as written (images keep
    /// only their alt text: an image loads only from `assets/`).
    pub fn to_html(&self, markdown: &str) -> String {
        self.to_html_in(markdown, None)
    }

    /// Renders Markdown from a catalog file, resolving its relative links.
    pub fn to_html_in(&self, markdown: &str, links: Option<&LinkContext<'_>>) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_TASKLISTS;
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut code: Option<(String, String)> = None;
        let mut remote_image: Option<(String, String)> = None;
        // For each open link: was it replaced by a `missing-link` span?
        let mut link_stack: Vec<bool> = Vec::new();
        // The same for links written as raw HTML (`<a href>`).
        let mut html_links: Vec<bool> = Vec::new();
        let mut html_block: Option<String> = None;
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, text)) = code.take() {
                        events.push(Event::Html(CowStr::from(
                            self.highlighter.html(&lang, &text),
                        )));
                    }
                }
                Event::Text(text) if code.is_some() => {
                    if let Some((_, body)) = code.as_mut() {
                        body.push_str(&text);
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => match classify(dest_url, links) {
                    Destination::Keep(dest_url) => events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                    // Shown as text: a remote image with a link, a missing one without.
                    Destination::Remote(url) => remote_image = Some((url, String::new())),
                    Destination::Missing(_) => remote_image = Some((String::new(), String::new())),
                },
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => match classify(dest_url, links) {
                    Destination::Keep(dest_url) => {
                        link_stack.push(false);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    Destination::Remote(url) => {
                        link_stack.push(false);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    Destination::Missing(url) => {
                        link_stack.push(true);
                        events.push(Event::Html(CowStr::from(format!(
                            "<span class=\"missing-link\" title=\"{}\">",
                            escape(&format!("link target not found: {url}"))
                        ))));
                    }
                },
                Event::End(TagEnd::Link) => {
                    if link_stack.pop() == Some(true) {
                        events.push(Event::Html(CowStr::from("</span>")));
                    } else {
                        events.push(Event::End(TagEnd::Link));
                    }
                }
                Event::End(TagEnd::Image) if remote_image.is_some() => {
                    let (url, alt) = remote_image.take().unwrap_or_default();
                    // An empty URL marks a local image that was not found.
                    let url = Some(url).filter(|url| !url.is_empty());
                    events.push(Event::Html(CowStr::from(image_as_text(
                        url.as_deref(),
                        &alt,
                    ))));
                }
                Event::Text(text) | Event::Code(text) if remote_image.is_some() => {
                    if let Some((_, alt)) = remote_image.as_mut() {
                        alt.push_str(&text);
                    }
                }
                _ if remote_image.is_some() => {}
                Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
                Event::Html(html) if html_block.is_some() => {
                    if let Some(block) = html_block.as_mut() {
                        block.push_str(&html);
                    }
                }
                // A block is read whole: a comment or a tag may span lines.
                Event::End(TagEnd::HtmlBlock) => {
                    let block = html_block.take().unwrap_or_default();
                    let html = raw_html(&block, links, &mut html_links);
                    // A block that starts with a tag shown as text is a
                    // paragraph of text to the reader.
                    let text = matches!(
                        crate::raw_html::pieces(block.trim_start()).first(),
                        Some(Piece::Tag(tag)) if !tag.kept()
                    );
                    events.push(Event::Html(CowStr::from(if text {
                        format!("<p>{}</p>", html.trim_end())
                    } else {
                        html
                    })));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    events.push(Event::Html(CowStr::from(raw_html(
                        &html,
                        links,
                        &mut html_links,
                    ))));
                }
                other => events.push(other),
            }
        }
        let mut raw = String::with_capacity(markdown.len() * 2);
        html::push_html(&mut raw, events.into_iter());
        self.sanitizer.clean(&raw).to_string()
    }
}

/// Raw HTML from the catalog, as the site shows it: the tags of
/// [`crate::raw_html::KEPT_TAGS`] stay HTML (the sanitizer still cleans
/// them), with their links resolved like Markdown links; every other tag
/// is escaped, so its text is shown instead of vanishing. `open_links`
/// says, for each `<a>` open, whether it became a `missing-link` span.
fn raw_html(html: &str, links: Option<&LinkContext<'_>>, open_links: &mut Vec<bool>) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    for piece in crate::raw_html::pieces(html) {
        let tag = match piece {
            Piece::Text(text) | Piece::Comment(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Tag(tag) => tag,
        };
        if !tag.kept() {
            out.push_str(&escape(tag.text));
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("a", false) => {
                let Some(href) = tag.attribute("href") else {
                    open_links.push(false);
                    out.push_str(tag.text);
                    continue;
                };
                match classify(CowStr::from(href), links) {
                    Destination::Keep(url) => {
                        open_links.push(false);
                        out.push_str(&tag.with_attribute("href", &crate::text::escape(&url)));
                    }
                    Destination::Remote(url) => {
                        open_links.push(false);
                        out.push_str(&tag.with_attribute("href", &crate::text::escape(&url)));
                    }
                    Destination::Missing(url) => {
                        open_links.push(true);
                        out.push_str(&format!(
                            "<span class=\"missing-link\" title=\"{}\">",
                            escape(&format!("link target not found: {url}"))
                        ));
                    }
                }
            }
            ("a", true) => {
                out.push_str(if open_links.pop() == Some(true) {
                    "</span>"
                } else {
                    tag.text
                });
            }
            ("img", false) => {
                let alt = tag.attribute("alt").unwrap_or_default();
                match tag
                    .attribute("src")
                    .map(|src| classify(CowStr::from(src), links))
                {
                    Some(Destination::Keep(url)) => {
                        out.push_str(&tag.with_attribute("src", &crate::text::escape(&url)))
                    }
                    Some(Destination::Remote(url)) => {
                        out.push_str(&image_as_text(Some(&url), &alt))
                    }
                    Some(Destination::Missing(_)) => out.push_str(&image_as_text(None, &alt)),
                    None => out.push_str(tag.text),
                }
            }
            (name, closing) if crate::raw_html::DIV_TAGS.contains(&name) => {
                out.push_str(if closing { "</div>" } else { "<div>" });
            }
            _ => out.push_str(tag.text),
        }
    }
    out
}

/// An image the site does not load, as text: a remote one (`url`) as a
/// link to it, a local one that was not found as its alt text.
fn image_as_text(url: Option<&str>, alt: &str) -> String {
    let alt = if alt.trim().is_empty() {
        "image"
    } else {
        alt.trim()
    };
    match url {
        Some(url) => format!(
            "<a class=\"remote-image\" href=\"{}\">{} (remote image, not loaded)</a>",
            escape(url),
            escape(alt)
        ),
        None => format!(
            "<span class=\"missing-image\">{} (image not found)</span>",
            escape(alt)
        ),
    }
}

/// How relative links of one catalog file resolve on one page.
pub struct LinkContext<'a> {
    /// From the page to the site root: `""` or `"../"`.
    pub root: &'a str,
    /// The catalog file's directory.
    pub base: &'a Path,
    /// The local images the pages link to, copied into the site.
    pub assets: &'a Assets,
}

/// Local files the catalog links to, copied into `assets/`.
#[derive(Default)]
pub struct Assets {
    /// Name under `assets/` → the file to copy.
    files: Mutex<BTreeMap<String, PathBuf>>,
}

impl Assets {
    /// The file behind the asset named `name` under `assets/`, if any.
    pub fn source(&self, name: &str) -> Option<PathBuf> {
        self.files.lock().ok()?.get(name).cloned()
    }

    /// The files to copy, by name under `assets/`, in a stable order.
    pub fn into_files(self) -> BTreeMap<String, PathBuf> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl LinkContext<'_> {
    /// The site URL of a relative link, or None when its target is not a
    /// file inside the catalog's directory.
    fn resolve(&self, destination: &str) -> Option<String> {
        let (path, fragment) = match destination.find(['#', '?']) {
            Some(i) => (&destination[..i], &destination[i..]),
            None => (destination, ""),
        };
        if path.is_empty() {
            return Some(destination.to_string());
        }
        let base = self.base.canonicalize().ok()?;
        let target = base.join(path).canonicalize().ok()?;
        if !target.starts_with(&base) || !target.is_file() {
            return None;
        }
        let relative = target
            .strip_prefix(&base)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        let file_name: String = target
            .file_name()?
            .to_string_lossy()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let name = format!(
            "{}-{}",
            crate::slug::short_hash(&relative),
            file_name.trim_start_matches('.')
        );
        if let Ok(mut files) = self.assets.files.lock() {
            files.insert(name.clone(), target);
        }
        Some(format!("{}assets/{name}{fragment}", self.root))
    }
}

enum Destination<'a> {
    /// Used as it is, or rewritten to a copied asset.
    Keep(CowStr<'a>),
    Remote(String),
    /// Relative, and not a file inside the catalog's directory.
    Missing(String),
}

fn classify<'a>(destination: CowStr<'a>, links: Option<&LinkContext<'_>>) -> Destination<'a> {
    if crate::links::is_remote(&destination) {
        return Destination::Remote(destination.to_string());
    }
    match links {
        Some(links) if crate::links::is_relative(&destination) => match links.resolve(&destination)
        {
            Some(url) => Destination::Keep(url.into()),
            None => Destination::Missing(destination.to_string()),
        },
        _ => Destination::Keep(destination),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_handlers_are_removed() {
        let r = MarkdownRenderer::new();
        let html = r.to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href=\"data:text/html,x\">d</a> <b onclick=\"alert(4)\">b</b>",
        );
        for bad in ["<script", "onerror", "javascript:", "data:", "onclick"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<b>b</b>"));
        // The script is shown as the text it is, never run.
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn tags_that_are_not_kept_are_shown_as_text() {
        let r = MarkdownRenderer::new();
        assert_eq!(
            r.to_html("Table <table_name> does not exist in <db>. Use <b>x</b>."),
            "<p>Table &lt;table_name&gt; does not exist in &lt;db&gt;. Use <b>x</b>.</p>\n"
        );
        // A block that starts with `<script>` is a paragraph of text.
        assert_eq!(
            r.to_html("<script>alert(1)</script> Disk full on host."),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; Disk full on host.</p>"
        );
        // A note box of the OceanBase docs is a `<div>` on the page.
        assert_eq!(
            r.to_html("<main id=\"notice\" type='explain'>\n<h4>Note</h4>\n</main>"),
            "<div>\n<h4>Note</h4>\n</div>"
        );
        // Comments are notes to writers; kept blocks stay HTML.
        assert_eq!(
            r.to_html("<!-- todo -->\n\n<div>\n<font color=red>Red</font>\n</div>"),
            "\n<div>\n&lt;font color=red&gt;Red&lt;/font&gt;\n</div>"
        );
    }

    #[test]
    fn links_in_raw_html_resolve_like_markdown_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("here.md"), "x").unwrap();
        let assets = Assets::default();
        let links = LinkContext {
            root: "../",
            base: dir.path(),
            assets: &assets,
        };
        let r = MarkdownRenderer::new();
        let html = r.to_html_in(
            "See <a href='here.md'>here</a> and <a href=\"gone.md#x\">gone</a>, <img src=\"gone.png\" alt=\"Chart\">.",
            Some(&links),
        );
        assert!(html.contains("<a href=\"../assets/"), "{html}");
        assert!(
            html.contains("here.md\" rel=\"noopener noreferrer\">here</a>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"missing-link\" title=\"link target not found: gone.md#x\">gone</span>"),
            "{html}"
        );
        assert!(html.contains("Chart (image not found)"), "{html}");
        assert_eq!(assets.into_files().len(), 1);
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let html = MarkdownRenderer::new().to_html("```json\n{\"a\": 1}\n```\n");
        assert!(
            html.contains("<pre class=\"code\"><code data-lang=\"json\">"),
            "{html}"
        );
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn remote_images_become_links() {
        let html = MarkdownRenderer::new()
            .to_html("![shot](https://example.com/a.png) ![local](img/a.png)");
        assert!(!html.contains("<img src=\"https"), "{html}");
        assert!(
            html.contains("<a class=\"remote-image\" href=\"https://example.com/a.png\""),
            "{html}"
        );
        assert!(html.contains("shot (remote image, not loaded)"));
        // Without a catalog file to resolve it against, a relative image
        // is not one errbook copied: its alt text stays, nothing loads.
        assert!(html.contains("<img alt=\"local\">"), "{html}");
    }

    #[test]
    fn line_breaks_and_lists_survive() {
        let html = MarkdownRenderer::new().to_html("a<br>b\n\n1. one\n2. two\n");
        assert!(html.contains("<br>"));
        assert!(html.contains("<ol>"));
    }
}
