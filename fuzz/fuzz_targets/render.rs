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
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains(" onerror=") && !lower.contains(" onclick="), "{html}");
    let (plain, colour) =
        TERMINAL.get_or_init(|| (TerminalRenderer::new(60, false), TerminalRenderer::new(60, true)));
    let shown = plain.markdown(text, "    ");
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
    let _ = colour.markdown(text, "  ");
});
