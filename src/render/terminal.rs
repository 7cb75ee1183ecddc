//! An entry for the terminal, as `rustc --explain` prints one: the code
//! and its level, then each field under its label, the Markdown turned
//! into wrapped text (lists, quotes, code spans, links with their
//! address), fenced code highlighted by syntect.
//!
//! Written here rather than taken from a crate: the Markdown-to-terminal
//! crates either do not wrap to a width (mdcat) or highlight code with
//! their own scheme (termimad), and an entry uses only a small part of
//! Markdown. Catalog text is untrusted: control characters (terminal
//! escape sequences) are removed before anything is printed.

use crate::model::{Catalog, ErrorEntry, FieldKind};
use crate::text::clean;
use anstyle::{AnsiColor, Style};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How to print: width in columns and whether to use colour.
pub struct TerminalRenderer {
    /// The width in columns, from 40 to 100.
    pub width: usize,
    /// Whether to use ANSI colour.
    pub color: bool,
}

const INDENT: &str = "    ";

impl TerminalRenderer {
    /// A renderer for `width` columns, clamped to 40..=100.
    pub fn new(width: usize, color: bool) -> TerminalRenderer {
        TerminalRenderer {
            width: width.clamp(40, 100),
            color,
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// Every definition of the code `code`, each with the section and the
    /// place it comes from, numbered when one key is defined more than once.
    pub fn code(&self, catalog: &Catalog, code: &str) -> String {
        let definitions: Vec<_> = catalog.entries().filter(|e| e.id == code).collect();
        let mut text = String::new();
        for (n, entry) in definitions.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            // The section as its heading names it (`CM error codes`), else
            // by its name (a catalog or file).
            let section = catalog
                .documents
                .get(entry.span.file)
                .and_then(|d| d.sections.iter().find(|s| s.name == entry.section))
                .map_or(entry.section.as_str(), |s| {
                    if s.heading.is_empty() {
                        &s.name
                    } else {
                        &s.heading
                    }
                });
            let source = format!(
                "{section} · {}:{}",
                catalog.files[entry.span.file], entry.span.line
            );
            // Definitions of one key; the same code in another catalog is
            // another entry, not a second definition.
            let same_key: Vec<_> = definitions
                .iter()
                .filter(|d| d.key() == entry.key())
                .collect();
            let position = same_key
                .iter()
                .position(|d| std::ptr::eq(**d, *entry))
                .unwrap_or(0);
            let numbered = (same_key.len() > 1).then_some((position + 1, same_key.len()));
            text.push_str(&self.entry(entry, &source, numbered));
        }
        text
    }

    /// One definition of a code. `definition` is `Some((n, of))` when the
    /// code is defined more than once.
    pub fn entry(
        &self,
        entry: &ErrorEntry,
        place: &str,
        definition: Option<(usize, usize)>,
    ) -> String {
        let mut out = String::new();
        let id = self.paint(Style::new().bold(), &clean(&entry.id));
        let mut header = id;
        if let Some(level) = &entry.level {
            let color = match level.to_ascii_uppercase().as_str() {
                "ERROR" | "FATAL" | "CRITICAL" => AnsiColor::Red,
                "WARN" | "WARNING" => AnsiColor::Yellow,
                _ => AnsiColor::Cyan,
            };
            header.push_str("  ");
            header.push_str(&self.paint(
                Style::new().bold().fg_color(Some(color.into())),
                &clean(level),
            ));
        }
        out.push_str(&header);
        out.push('\n');
        let dim = Style::new().dimmed();
        let mut where_ = clean(place);
        if let Some((n, of)) = definition {
            where_.push_str(&format!(" · definition {n} of {of}"));
        }
        out.push_str(&self.paint(dim, &where_));
        out.push('\n');
        if !entry.aliases.is_empty() {
            let aliases: Vec<String> = entry.aliases.iter().map(|a| clean(a)).collect();
            out.push_str(&self.paint(dim, &format!("also known as {}", aliases.join(", "))));
            out.push('\n');
        }
        for field in &entry.fields {
            if field.kind == FieldKind::Level {
                continue;
            }
            out.push('\n');
            let label = if field.label.is_empty() {
                "Notes".to_string()
            } else {
                clean(&field.label)
            };
            out.push_str(&self.paint(Style::new().bold().underline(), &label));
            out.push('\n');
            out.push_str(&self.markdown(&field.body.text, INDENT));
        }
        out
    }

    /// Catalog Markdown as wrapped, indented terminal text.
    pub fn markdown(&self, markdown: &str, indent: &str) -> String {
        let mut writer = Writer {
            renderer: self,
            out: String::new(),
            inline: String::new(),
            indent: indent.to_string(),
            first_prefix: None,
            lists: Vec::new(),
            containers: Vec::new(),
            code: None,
            link: Vec::new(),
            in_heading: false,
        };
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for event in Parser::new_ext(markdown, options) {
            writer.event(event);
        }
        writer.flush();
        while writer.out.ends_with("\n\n") {
            writer.out.pop();
        }
        writer.out
    }
}

struct ListState {
    next: Option<u64>,
}

/// What a line is inside of, outermost first: each adds to its prefix.
enum Container {
    /// `│ `
    Quote,
    /// A list item: as wide as its marker (`• `, `10. `).
    Item(usize),
}

struct Writer<'a> {
    renderer: &'a TerminalRenderer,
    out: String,
    /// The paragraph being collected, styled.
    inline: String,
    /// Indent of every line (the field's).
    indent: String,
    /// A list marker for the first line of the innermost item.
    first_prefix: Option<String>,
    lists: Vec<ListState>,
    containers: Vec<Container>,
    /// Fenced code being collected: (language, text).
    code: Option<(String, String)>,
    /// Destinations of open links and images.
    link: Vec<(String, bool)>,
    in_heading: bool,
}

impl Writer<'_> {
    fn prefix(&self) -> String {
        self.prefix_with(None)
    }

    /// The prefix of a line; `marker` takes the place of the innermost
    /// item's indent (the first line of an item).
    fn prefix_with(&self, marker: Option<&str>) -> String {
        let innermost_item = self
            .containers
            .iter()
            .rposition(|c| matches!(c, Container::Item(_)));
        let mut prefix = self.indent.clone();
        for (i, container) in self.containers.iter().enumerate() {
            match (container, marker) {
                (Container::Quote, _) => prefix.push_str("│ "),
                (Container::Item(_), Some(marker)) if Some(i) == innermost_item => {
                    prefix.push_str(marker)
                }
                (Container::Item(width), _) => prefix.push_str(&" ".repeat(*width)),
            }
        }
        prefix
    }

    /// Wraps the collected paragraph and writes it.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.inline);
        let text = text.trim_end();
        if text.trim().is_empty() {
            return;
        }
        let subsequent = self.prefix();
        let marker = self.first_prefix.take();
        let initial = self.prefix_with(marker.as_deref());
        let options = textwrap::Options::new(self.renderer.width)
            .initial_indent(&initial)
            .subsequent_indent(&subsequent)
            .break_words(false);
        for hard_line in text.split('\n') {
            for line in textwrap::wrap(hard_line, &options) {
                self.out.push_str(line.trim_end());
                self.out.push('\n');
            }
        }
        if self.lists.is_empty() {
            self.out.push('\n');
        }
    }

    fn style(&mut self, style: Style, on: bool) {
        if self.renderer.color {
            let code = if on {
                style.render().to_string()
            } else {
                // Reset, then restore what is still open (headings).
                let mut reset = style.render_reset().to_string();
                if self.in_heading {
                    reset.push_str(&Style::new().bold().render().to_string());
                }
                reset
            };
            self.inline.push_str(&code);
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&clean(&text)),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().unwrap_or_default();
                    self.code_block(&lang, &code);
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => self.flush(),
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.in_heading = true;
                if level <= HeadingLevel::H3 {
                    self.style(Style::new().bold(), true);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                self.style(Style::new().bold(), false);
                self.in_heading = false;
                self.flush();
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.containers.push(Container::Quote);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                if let Some(at) = self
                    .containers
                    .iter()
                    .rposition(|c| matches!(c, Container::Quote))
                {
                    self.containers.truncate(at);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::List(first)) => {
                self.flush();
                self.lists.push(ListState { next: first });
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                self.flush();
                let Some(list) = self.lists.last_mut() else {
                    return;
                };
                let marker = match &mut list.next {
                    Some(n) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    None => "• ".to_string(),
                };
                self.containers
                    .push(Container::Item(marker.chars().count()));
                self.first_prefix = Some(marker);
            }
            Event::End(TagEnd::Item) => {
                self.flush();
                self.first_prefix = None;
                if let Some(at) = self
                    .containers
                    .iter()
                    .rposition(|c| matches!(c, Container::Item(_)))
                {
                    self.containers.truncate(at);
                }
            }
            Event::Start(Tag::Strong) => self.style(Style::new().bold(), true),
            Event::End(TagEnd::Strong) => self.style(Style::new().bold(), false),
            Event::Start(Tag::Emphasis) => self.style(Style::new().italic(), true),
            Event::End(TagEnd::Emphasis) => self.style(Style::new().italic(), false),
            Event::Start(Tag::Strikethrough) => self.style(Style::new().strikethrough(), true),
            Event::End(TagEnd::Strikethrough) => self.style(Style::new().strikethrough(), false),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link.push((clean(&dest_url), false));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.inline.push_str("[image: ");
                self.link.push((clean(&dest_url), true));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((url, image)) = self.link.pop() {
                    if image {
                        self.inline.push(']');
                    }
                    let shown = self.inline.ends_with(url.as_str());
                    if !url.is_empty() && !url.starts_with('#') && !shown {
                        let dim = Style::new().dimmed();
                        self.style(dim, true);
                        self.inline.push_str(&format!(" <{url}>"));
                        self.style(dim, false);
                    }
                }
            }
            Event::Code(text) => {
                let style = Style::new().fg_color(Some(AnsiColor::Yellow.into()));
                self.style(style, true);
                self.inline.push('`');
                self.inline.push_str(&clean(&text));
                self.inline.push('`');
                self.style(style, false);
            }
            Event::Text(text) => self.inline.push_str(&clean(&text).replace('\n', " ")),
            Event::Html(text) | Event::InlineHtml(text) => {
                self.inline.push_str(&clean(&text).replace('\n', " "))
            }
            Event::SoftBreak => self.inline.push(' '),
            Event::HardBreak => self.inline.push('\n'),
            Event::Rule => {
                self.flush();
                self.out.push_str(&self.prefix());
                self.out.push_str(&"─".repeat(20));
                self.out.push_str("\n\n");
            }
            Event::End(TagEnd::TableCell) => self.inline.push_str(" | "),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                let row = std::mem::take(&mut self.inline);
                self.out.push_str(&self.prefix());
                self.out
                    .push_str(row.trim_end().trim_end_matches('|').trim_end());
                self.out.push('\n');
            }
            Event::End(TagEnd::Table) => self.out.push('\n'),
            Event::TaskListMarker(done) => self.inline.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        let prefix = format!("{}  ", self.prefix());
        let highlighted = if self.renderer.color {
            crate::highlight::terminal_lines(lang, code)
        } else {
            None
        };
        match highlighted {
            Some(lines) => {
                for line in lines {
                    self.out.push_str(&prefix);
                    self.out.push_str(&line);
                    self.out.push('\n');
                }
            }
            None => {
                for line in code.lines() {
                    self.out.push_str(&prefix);
                    self.out.push_str(line.trim_end());
                    self.out.push('\n');
                }
            }
        }
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_lists_and_keeps_code_plain_without_colour() {
        let r = TerminalRenderer::new(40, false);
        let text = r.markdown(
            "Check the `max_trx_size` setting of the store, which limits the size of one transaction.\n\n1. First step\n2. Second step with [a link](https://example.com/x)\n\n```sql\nSELECT 1;\n```\n",
            "  ",
        );
        assert_eq!(
            text,
            "  Check the `max_trx_size` setting of\n  the store, which limits the size of\n  one transaction.\n\n  1. First step\n  2. Second step with a link\n     <https://example.com/x>\n\n    SELECT 1;\n"
        );
    }

    #[test]
    fn lists_in_quotes_and_quotes_in_lists() {
        let r = TerminalRenderer::new(60, false);
        assert_eq!(
            r.markdown("> - item one\n> - item two\n>\n> 1. first\n", ""),
            "│ • item one\n│ • item two\n\n│ 1. first\n"
        );
        assert_eq!(
            r.markdown("- item\n\n  > quoted\n  > - inner\n", ""),
            "• item\n  │ quoted\n  │ • inner\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let r = TerminalRenderer::new(80, false);
        let text = r.markdown("Evil \u{1b}]0;title\u{7} text \u{1b}[31mred", "");
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains('\u{7}'));
    }
}
