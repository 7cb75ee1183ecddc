//! Catalog Markdown to HTML (the site) and to terminal text (`explain`),
//! on any text: no panic, no script or event handler in the HTML, no
//! control character in the terminal text.
#![no_main]

use errbook::render::markdown::MarkdownRenderer;
use errbook::render::terminal::TerminalRenderer;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|text: &str| {
    static HTML: OnceLock<MarkdownRenderer> = OnceLock::new();
    static TERMINAL: OnceLock<(TerminalRenderer, TerminalRenderer)> = OnceLock::new();
    let html = HTML.get_or_init(MarkdownRenderer::new).to_html(text);
    // Sanitised HTML escapes `<` in text, so every `<` opens a tag.
    for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        let tag = tag.to_ascii_lowercase();
        assert!(!tag.starts_with("script") && !tag.starts_with("iframe"), "{html}");
        let handler = attribute_names(&tag).iter().any(|name| name.starts_with("on"));
        assert!(!handler, "an event handler in <{tag}>");
    }
    let (plain, colour) =
        TERMINAL.get_or_init(|| (TerminalRenderer::new(60, false), TerminalRenderer::new(60, true)));
    let shown = plain.markdown(text, "    ");
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
    let _ = colour.markdown(text, "  ");
});

/// The attribute names of a tag's text (`a href="x" title='y z'`).
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut quote: Option<char> = None;
    let mut token = String::new();
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '=' => names.push(std::mem::take(&mut token)),
                c if c.is_whitespace() => token.clear(),
                c => token.push(c),
            },
        }
    }
    names
}
