//! Text helpers every stage shares: Markdown to plain text, the
//! placeholders of a message, which characters are CJK, fenced code met
//! line by line, and making catalog text safe for HTML and for the
//! terminal.

use crate::model::{ErrorEntry, FieldKind, Message, Placeholder};
use pulldown_cmark::{Event, Options, Parser, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

/// Han, kana and Hangul: scripts written without spaces between words,
/// as ranges of code points. The browser's search reads the same table
/// from its index (`search/meta.js`).
pub(crate) const CJK_RANGES: [(u32, u32); 6] = [
    (0x3040, 0x30FF),   // Hiragana, Katakana
    (0x3400, 0x4DBF),   // CJK Extension A
    (0x4E00, 0x9FFF),   // CJK Unified Ideographs
    (0xAC00, 0xD7AF),   // Hangul syllables
    (0xF900, 0xFAFF),   // CJK Compatibility Ideographs
    (0x20000, 0x2FFFF), // CJK Extensions B and later
];

/// Whether `c` is in one of the [`CJK_RANGES`].
pub(crate) fn is_cjk(c: char) -> bool {
    let c = c as u32;
    // Most text is ASCII: one comparison rules it out.
    c >= CJK_RANGES[0].0
        && CJK_RANGES
            .iter()
            .any(|&(low, high)| (low..=high).contains(&c))
}

/// Lower case, single spaces, no surrounding space, and no space next to
/// a CJK character (`错误 原因` is `错误原因`): labels match however they
/// are spaced or capitalised.
pub(crate) fn normalise_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && !is_cjk(c) && !out.chars().next_back().is_some_and(is_cjk) {
            out.push(' ');
        }
        pending_space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Fenced code blocks met line by line, for the quick scans that run
/// before (or instead of) the Markdown parser.
#[derive(Default)]
pub(crate) struct Fence {
    /// The fence's character and length while inside one.
    open: Option<(u8, usize)>,
}

impl Fence {
    /// True when `line` opens, closes or is inside fenced code.
    pub(crate) fn is_code(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((marker, len)) = self.open {
            let run = trimmed.bytes().take_while(|&b| b == marker).count();
            if indent < 4 && run >= len && trimmed[run..].trim().is_empty() {
                self.open = None;
            }
            return true;
        }
        let run = trimmed
            .bytes()
            .take_while(|&b| b == b'`' || b == b'~')
            .count();
        if indent < 4 && run >= 3 {
            self.open = Some((trimmed.as_bytes()[0], run));
            return true;
        }
        false
    }
}

/// Markdown → plain text (emphasis dropped, code kept, breaks as spaces),
/// with the byte offset and text of every code span in the result.
pub(crate) fn plain_text(markdown: &str) -> (String, Vec<(usize, String)>) {
    // Most levels and messages have no Markdown syntax at all; skip the
    // parser for them (it allocates its own buffers on every call).
    let special = |b: &u8| b"*_`[]<>&\\!~|#\n\r".contains(b);
    if !markdown.as_bytes().iter().any(special)
        && !markdown.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == ' ')
    {
        return (markdown.trim_end().to_string(), Vec::new());
    }
    let mut text = String::new();
    let mut code = Vec::new();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Code(t) => {
                code.push((text.len(), t.to_string()));
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // A tag the site shows as text is text here too.
            Event::Html(html) | Event::InlineHtml(html) => {
                crate::raw_html::push_text(&html, &mut text);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock)
                if !text.ends_with(' ') && !text.is_empty() =>
            {
                text.push(' ');
            }
            _ => {}
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    (text, code)
}

/// A placeholder written like a tag, `<table_name>`, `<db>`: the site
/// shows such tags as text (`crate::raw_html`), so they read as the
/// placeholders they are.
pub(crate) const ANGLE: &str = r"<(?P<angle>[A-Za-z_][A-Za-z0-9_.:-]*)>";

/// A printf conversion with flags, width, precision and C's length
/// modifiers (`%s`, `%-.192s`, `%.*s`, `%05ld`, `%llu`); the search's
/// wildcards use the same pattern.
pub(crate) const PRINTF: &str =
    r"%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|j|t|q)?(?P<printf>[sdifuxXoceEgGp])";

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &[
            r"\$\{(?P<dollar_brace>[^{}\s]+)\}",
            r"\$\((?P<dollar_paren>[^()\s]+)\)",
            r"\{(?P<brace>[^{}]+)\}",
            r"\$(?P<dollar>[A-Za-z_][A-Za-z0-9_]*)",
            ANGLE,
            PRINTF,
        ]
        .join("|"),
    )
    .expect("placeholder pattern is valid")
});

/// Plain message text and its placeholders, in order of appearance.
pub(crate) fn message(markdown: &str) -> Message {
    let (text, code_spans) = plain_text(markdown);
    let mut placeholders: Vec<Placeholder> = PLACEHOLDER
        .captures_iter(&text)
        .map(|caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            let name = [
                "dollar_brace",
                "dollar_paren",
                "brace",
                "dollar",
                "angle",
                "printf",
            ]
            .iter()
            .find_map(|g| caps.name(g))
            .map_or("", |m| m.as_str());
            Placeholder {
                text: whole.as_str().to_string(),
                name: name.trim().trim_start_matches('$').to_string(),
                offset: whole.start(),
            }
        })
        .collect();
    // A code span is a placeholder in itself unless it already holds one.
    for (offset, code) in code_spans {
        let end = offset + code.len();
        let covered = placeholders
            .iter()
            .any(|p| p.offset < end && p.offset + p.text.len() > offset);
        if !covered && !code.trim().is_empty() {
            placeholders.push(Placeholder {
                name: code.trim().to_string(),
                text: code,
                offset,
            });
        }
    }
    placeholders.sort_by_key(|p| p.offset);
    Message { text, placeholders }
}

/// The longest summary, in characters, before it is cut with `…`.
const SUMMARY_CHARS: usize = 200;

/// What a line about an entry shows (a row of a code table, a search
/// result in the terminal and in the browser): its message, or, when it
/// has none (TiDB's list, rustc's files), the first sentence of its first
/// field of prose, as plain text. One function, so that they all agree.
pub(crate) fn summary(entry: &ErrorEntry) -> String {
    if let Some(message) = entry.message.as_ref().filter(|m| !m.text.trim().is_empty()) {
        return message.text.clone();
    }
    entry
        .fields
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                FieldKind::Level | FieldKind::Key | FieldKind::Sqlstate
            )
        })
        .find_map(|f| {
            let sentence = first_sentence(&f.body.text)?;
            // A column that names the code again (`ER_DUP_KEY`) says nothing.
            (!entry.aliases.contains(&sentence)).then_some(sentence)
        })
        .unwrap_or_default()
}

/// The first sentence of the first paragraph of prose in `markdown` (code
/// blocks and tables aside), as plain text on one line.
fn first_sentence(markdown: &str) -> Option<String> {
    let mut fence = Fence::default();
    let mut paragraph = String::new();
    for line in markdown.lines().chain([""]) {
        let skip = fence.is_code(line) || line.trim_start().starts_with('|');
        if skip || line.trim().is_empty() {
            let text = plain_text(&paragraph).0;
            let words: Vec<&str> = text.split_whitespace().collect();
            if !words.is_empty() {
                return Some(sentence(&words.join(" ")));
            }
            paragraph.clear();
            continue;
        }
        paragraph.push_str(line);
        paragraph.push('\n');
    }
    None
}

/// `text` up to the end of its first sentence (`.`, `!` or `?` before a
/// space, or `。`, `！`, `？`), at most [`SUMMARY_CHARS`] characters.
fn sentence(text: &str) -> String {
    let mut chars = text.char_indices().peekable();
    let mut end = text.len();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if matches!(c, '。' | '！' | '？') || (matches!(c, '.' | '!' | '?') && next_is_space) {
            end = i + c.len_utf8();
            break;
        }
    }
    let first = &text[..end];
    if first.chars().count() <= SUMMARY_CHARS {
        return first.to_string();
    }
    let cut: String = first.chars().take(SUMMARY_CHARS).collect();
    // At a word's end where there are spaces (not in CJK text).
    let cut = match cut.rfind(' ') {
        Some(at) if at > cut.len() / 2 => cut[..at].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// HTML-escapes text for element content and double-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Removes control characters (ESC starts terminal escape sequences),
/// keeping tabs as spaces.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_of_every_style_are_found() {
        let message =
            message("Got `$taskType` for {name} in ${db}.$(table) at %s, %-.192s, %d and $host");
        let long = super::message("PX DOP downgrade from %ld to %05ld, %llu, %.*s and {0}");
        let texts: Vec<&str> = long.placeholders.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["%ld", "%05ld", "%llu", "%.*s", "{0}"]);
        let names: Vec<&str> = message
            .placeholders
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["taskType", "name", "db", "table", "s", "s", "d", "host"]
        );
        for p in &message.placeholders {
            assert_eq!(&message.text[p.offset..p.offset + p.text.len()], p.text);
        }
    }

    #[test]
    fn plain_text_drops_markup_and_keeps_code() {
        assert_eq!(
            plain_text("**Bold** and `code`\\\"q\\\"").0,
            "Bold and code\"q\""
        );
        assert_eq!(plain_text("FATAL").0, "FATAL");
    }

    #[test]
    fn plain_text_keeps_tags_the_site_shows_as_text() {
        assert_eq!(
            plain_text("Table <table_name> does not exist in <db>.").0,
            "Table <table_name> does not exist in <db>."
        );
        let names: Vec<String> = message("Table <table_name> does not exist in <db>.")
            .placeholders
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["table_name", "db"]);
        assert_eq!(
            plain_text("<script>alert(1)</script> Disk full on host.").0,
            "<script>alert(1)</script> Disk full on host."
        );
        assert_eq!(
            plain_text("Use <b>--force</b><br>then retry").0,
            "Use --force then retry"
        );
    }

    fn entry_with(fields: &[(FieldKind, &str)], message: Option<&str>) -> ErrorEntry {
        use crate::model::{Field, Markdown, Span};
        let span = Span {
            file: 0,
            line: 1,
            column: 1,
            start: 0,
            end: 0,
        };
        ErrorEntry {
            id: "E1".to_string(),
            aliases: vec!["ER_ONE".to_string()],
            catalog: String::new(),
            section: String::new(),
            span: span.clone(),
            heading_level: 0,
            level: None,
            message: message.map(super::message),
            editions: Vec::new(),
            fields: fields
                .iter()
                .map(|(kind, text)| Field {
                    kind: *kind,
                    label: String::new(),
                    span: span.clone(),
                    body: Markdown {
                        text: text.to_string(),
                        span: span.clone(),
                    },
                    run_together: false,
                    implicit_label: false,
                })
                .collect(),
        }
    }

    #[test]
    fn the_summary_is_the_message_when_there_is_one() {
        let entry = entry_with(
            &[(FieldKind::Cause, "Disk full. Free it.")],
            Some("Write failed."),
        );
        assert_eq!(summary(&entry), "Write failed.");
    }

    #[test]
    fn without_a_message_the_summary_is_the_first_sentence_of_the_text() {
        let text =
            "```sh\nrm -rf it. now\n```\n\n| a | b |\n\nThe **pool** is\nempty. Add a worker.\n";
        let entry = entry_with(
            &[
                (FieldKind::Sqlstate, "HY000"),
                (FieldKind::Unlabelled, text),
            ],
            None,
        );
        assert_eq!(summary(&entry), "The pool is empty.");
        let cjk = entry_with(
            &[(FieldKind::Unlabelled, "内存超过阈值。请调整配置。")],
            None,
        );
        assert_eq!(summary(&cjk), "内存超过阈值。");
        // Version 1.5 is not a sentence's end.
        let number = entry_with(&[(FieldKind::Unlabelled, "Since 1.5 it fails")], None);
        assert_eq!(summary(&number), "Since 1.5 it fails");
    }

    #[test]
    fn the_summary_skips_a_column_that_repeats_the_codes_name_and_is_cut_when_long() {
        let long = "word ".repeat(60);
        let entry = entry_with(
            &[(FieldKind::Other, "ER_ONE"), (FieldKind::Other, &long)],
            None,
        );
        let text = summary(&entry);
        assert!(text.ends_with("word…"), "{text}");
        assert!(text.chars().count() <= SUMMARY_CHARS + 1, "{text}");
        assert_eq!(summary(&entry_with(&[], None)), "");
    }
}
