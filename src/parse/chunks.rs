//! Cutting a large document into pieces that parse on their own, on all
//! cores: before `###` headings that certainly open an entry inside a code
//! section. The pieces parse to the same model as the whole.

use super::Labels;
use crate::model::{Markdown, Section};
use crate::source::SourceFile;
use crate::text::{plain_text, Fence};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A piece of a document that can be parsed on its own: the whole
/// document, or a run of entries that starts at a `###` heading inside a
/// code section (`section` says which one).
pub(super) struct Chunk {
    pub(super) range: Range<usize>,
    pub(super) section: Option<Section>,
}

/// Raw HTML blocks that may hold blank lines, and the text that ends them.
const HTML_BLOCKS: [(&str, &str); 6] = [
    ("<!--", "-->"),
    ("<pre", "</pre>"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<?", "?>"),
];

/// Cuts a large document before `###` lines that are certainly headings
/// inside a code section: at the start of a line, after a blank line,
/// outside fenced code and raw HTML blocks. A document with link reference
/// definitions is not cut, since a definition applies to the whole text.
pub(super) fn chunks(
    text: &str,
    source: &SourceFile,
    file: usize,
    labels: &Labels,
    chunk_bytes: usize,
) -> Vec<Chunk> {
    static REFERENCE_DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[[^\]]+\]:").expect("valid pattern"));
    if text.len() < 2 * chunk_bytes || REFERENCE_DEFINITION.is_match(text) {
        return vec![Chunk {
            range: 0..text.len(),
            section: None,
        }];
    }
    let mut chunks = Vec::new();
    let mut chunk_start = 0;
    let mut chunk_section: Option<Section> = None;
    let mut section: Option<Section> = None;
    let mut fence = Fence::default();
    let mut html_end: Option<&str> = None;
    let mut previous_blank = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        // Inside a raw HTML block a fence marker is text.
        if html_end.is_none() && fence.is_code(line) {
            previous_blank = false;
            continue;
        }
        if let Some(end) = html_end {
            if line.to_ascii_lowercase().contains(end) {
                html_end = None;
            }
            previous_blank = false;
            continue;
        }
        if indent < 4 {
            let lower = trimmed.get(..10).unwrap_or(trimmed).to_ascii_lowercase();
            html_end = HTML_BLOCKS
                .iter()
                .find(|(open, close)| {
                    lower.starts_with(open) && !line.to_ascii_lowercase().contains(close)
                })
                .map(|(_, close)| *close);
        }
        if line.starts_with("## ") {
            let (heading, _) = plain_text(line);
            section = labels.section_name(&heading).map(|name| Section {
                name,
                heading: heading.trim().to_string(),
                span: source.span(file, line_start + 3..line_start + line.trim_end().len()),
                intro: Markdown {
                    text: String::new(),
                    span: source.span(file, line_start..line_start),
                },
                entries: Vec::new(),
            });
        } else if line.starts_with("### ")
            && previous_blank
            && section.is_some()
            && line_start - chunk_start >= chunk_bytes
        {
            chunks.push(Chunk {
                range: chunk_start..line_start,
                section: chunk_section.take(),
            });
            chunk_start = line_start;
            chunk_section = section.clone();
        }
        previous_blank = line.trim().is_empty();
    }
    chunks.push(Chunk {
        range: chunk_start..text.len(),
        section: chunk_section,
    });
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CatalogConfig;
    use std::path::PathBuf;

    #[test]
    fn reference_definitions_keep_the_document_whole() {
        let mut text = String::from("## A error codes\n\n");
        for n in 0..100 {
            text.push_str(&format!("### X-{n:04}\n\n**Cause:** See [docs].\n\n"));
        }
        text.push_str("[docs]: https://example.com\n");
        let source = SourceFile::new(PathBuf::from("t.md"), text);
        let labels = Labels::new(&CatalogConfig::default());
        assert_eq!(chunks(&source.text, &source, 0, &labels, 100).len(), 1);
    }
}
