//! The document parser: walks pulldown-cmark's events with their source
//! offsets, one top-level block at a time, and fills the model: the
//! preamble, sections, entries and their fields, other headings, links and
//! prose. Which block means what is decided per shape: headings
//! (`headings.rs`), list items (`lists.rs`), table rows (`tables.rs`), and
//! labelled paragraphs and bullets inside an entry (`fields.rs`).

mod fields;
mod headings;
mod lists;
mod tables;

use super::chunks::Chunk;
use super::shape::DocumentLayout;
use super::Labels;
use crate::model::*;
use crate::source::SourceFile;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// An event and the byte range of the source it covers.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// A field whose end is not known yet.
struct OpenField {
    kind: FieldKind,
    label: String,
    label_range: Range<usize>,
    body_start: usize,
    body_end: usize,
    run_together: bool,
    /// Edition label, offset of its paragraph, offset of its body.
    editions: Vec<(String, usize, usize)>,
    /// Spaces of indentation to drop from body lines (a bullet field).
    dedent: usize,
}

/// An entry whose end is not known yet.
struct OpenEntry {
    entry: ErrorEntry,
    /// Spaces of indentation to drop from body lines (list items).
    dedent: usize,
    field: Option<OpenField>,
    /// Edition markers of the first solution field.
    editions: Vec<(String, usize, usize)>,
    solution_range: Option<Range<usize>>,
}

/// What the block being read belongs to.
enum Place {
    Preamble,
    Section,
    Entry(Box<OpenEntry>),
    /// Under a `##` heading that is not a code section.
    OtherHeading,
}

/// Reads one document, or one chunk of it, into the model.
pub(super) struct DocumentParser<'a> {
    text: &'a str,
    layout: DocumentLayout,
    source: &'a SourceFile,
    file: usize,
    labels: &'a Labels,
    document: Document,
    place: Place,
    /// Where the first code section starts: the preamble ends there.
    preamble_end: Option<usize>,
    /// Where the preamble starts: after a metadata table.
    preamble_start: usize,
    /// Offsets where the current section's intro starts and ends.
    intro: Option<Range<usize>>,
    /// Body range of the current non-code heading.
    other_body: Option<Range<usize>>,
    /// The lines of the raw HTML block being read, with their ranges.
    html_block: Option<Vec<(String, Range<usize>)>>,
    /// The shapes of the codes of the document's code headings, worked
    /// out when a paragraph that may be a code is met.
    heading_codes: Option<std::collections::BTreeSet<String>>,
}

/// What parsing one chunk gives, before the chunks are stitched together.
pub(super) struct ParsedChunk {
    pub(super) document: Document,
    pub(super) preamble_end: Option<usize>,
    pub(super) preamble_start: usize,
    /// The first section continues the previous chunk's last section.
    pub(super) continues_section: bool,
}

impl<'a> DocumentParser<'a> {
    pub(super) fn new(
        file: usize,
        source: &'a SourceFile,
        text: &'a str,
        layout: DocumentLayout,
        labels: &'a Labels,
    ) -> Self {
        DocumentParser {
            text,
            layout,
            source,
            file,
            labels,
            document: Document::empty(file, layout.shape, source.span(file, 0..0)),
            place: Place::Preamble,
            preamble_end: None,
            preamble_start: 0,
            intro: None,
            other_body: None,
            html_block: None,
            heading_codes: None,
        }
    }

    pub(super) fn parse_chunk(mut self, chunk: Chunk) -> ParsedChunk {
        let continues_section = chunk.section.is_some();
        if let Some(section) = chunk.section {
            self.document.sections.push(section);
            self.place = Place::Section;
        }
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_TASKLISTS;
        if self.layout.shape == Shape::FilePerCode && chunk.range.start == 0 {
            self.open_file_entry();
        }
        let base = chunk.range.start;
        let text = &self.text[chunk.range.clone()];
        let mut block: Vec<Spanned<'a>> = Vec::new();
        let mut depth = 0usize;
        let mut in_code_block = false;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            let range = range.start + base..range.end + base;
            self.observe(&event, &range, &mut in_code_block);
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            block.push((event, range));
            if depth == 0 {
                self.block(&block);
                block.clear();
            }
        }
        if !block.is_empty() {
            self.block(&block);
        }
        self.finish_place(chunk.range.end);
        ParsedChunk {
            document: self.document,
            preamble_end: self.preamble_end,
            preamble_start: self.preamble_start,
            continues_section,
        }
    }

    /// Collects links and prose from every event, wherever it is.
    fn observe(&mut self, event: &Event<'a>, range: &Range<usize>, in_code_block: &mut bool) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => *in_code_block = true,
            Event::End(TagEnd::CodeBlock) => *in_code_block = false,
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => self.document.links.push(Link {
                destination: dest_url.to_string(),
                is_image: matches!(event, Event::Start(Tag::Image { .. })),
                span: self.source.span(self.file, range.clone()),
            }),
            Event::Text(_) if !*in_code_block => self.document.prose.push(TextRange {
                start: range.start,
                end: range.end,
            }),
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(Vec::new()),
            Event::Html(html) if self.html_block.is_some() => {
                if let Some(lines) = self.html_block.as_mut() {
                    lines.push((html.to_string(), range.clone()));
                }
            }
            // A block is read whole: a comment or a tag may span lines.
            Event::End(TagEnd::HtmlBlock) => {
                let lines = self.html_block.take().unwrap_or_default();
                self.raw_html(&lines);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.raw_html(&[(html.to_string(), range.clone())]);
            }
            _ => {}
        }
    }

    /// Notes the tags of raw HTML that the site shows as text, and
    /// collects the links of those it keeps, so that `check` sees them.
    /// `lines` are the pieces of one fragment with their source ranges.
    fn raw_html(&mut self, lines: &[(String, Range<usize>)]) {
        let html: String = lines.iter().map(|(line, _)| line.as_str()).collect();
        // Where each line starts in `html`.
        let starts: Vec<usize> = lines
            .iter()
            .scan(0, |at, (line, _)| {
                let start = *at;
                *at += line.len();
                Some(start)
            })
            .collect();
        for piece in crate::raw_html::pieces(&html) {
            let crate::raw_html::Piece::Tag(tag) = piece else {
                continue;
            };
            let line = starts
                .partition_point(|&s| s <= tag.offset)
                .saturating_sub(1);
            let Some((text, range)) = lines.get(line) else {
                continue;
            };
            // The line is its source, unless a container (a quote, a list
            // item) took a prefix from it: then point at its start.
            let at_source = self
                .text
                .get(range.clone())
                .is_some_and(|s| s.starts_with(text.as_str()));
            let start = if at_source {
                range.start + tag.offset - starts[line]
            } else {
                range.start
            };
            let span = self.source.span(self.file, start..start + tag.text.len());
            if !tag.kept() {
                self.document.notes.push(ParseNote {
                    kind: ParseNoteKind::RawHtml,
                    span,
                    text: tag.text.to_string(),
                });
                continue;
            }
            let destination = match (tag.name.as_str(), tag.closing) {
                ("a", false) => tag.attribute("href"),
                ("img", false) => tag.attribute("src"),
                _ => None,
            };
            if let Some(destination) = destination {
                self.document.links.push(Link {
                    destination,
                    is_image: tag.name == "img",
                    span,
                });
            }
        }
    }

    pub(super) fn markdown(&self, range: Range<usize>) -> Markdown {
        let raw = &self.text[range.start..range.end.max(range.start)];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let start = range.start + lead;
        Markdown {
            text: trimmed.to_string(),
            span: self.source.span(self.file, start..start + trimmed.len()),
        }
    }

    fn block(&mut self, block: &[Spanned<'a>]) {
        let Some((Event::Start(tag), range)) = block.first() else {
            // A lone top-level event (a rule, HTML) is content.
            if let Some((_, range)) = block.first() {
                self.content(range.clone());
            }
            return;
        };
        let range = range.clone();
        match tag {
            Tag::Heading { level, .. } => self.heading(*level, block, range),
            Tag::Paragraph => self.paragraph(block, range),
            Tag::Table(_) => {
                if self.layout.shape == Shape::Table
                    && !matches!(self.place, Place::Entry(_))
                    && self.table_entries(block, &range)
                {
                    return;
                }
                if self.preamble_end.is_none() && self.metadata_table(block) {
                    // Metadata, not text of the document.
                    self.preamble_start = range.end;
                    return;
                }
                if self.preamble_end.is_none() {
                    self.levels_table(block);
                }
                self.content(range);
            }
            Tag::List(_) => {
                if self.layout.shape == Shape::List && self.list_entries(block) {
                    return;
                }
                if !self.bullet_fields(block) {
                    self.content(range);
                }
            }
            _ => self.content(range),
        }
    }

    /// Spaces of indentation of the line holding `offset` up to it: what
    /// a list item's continuation lines are indented by.
    fn column_of(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..offset].chars().count()
    }

    fn open_entry(&mut self, id: String, span: Range<usize>, heading_level: u8, dedent: usize) {
        let section = self.document.sections.last().map(|s| s.name.clone());
        self.place = Place::Entry(Box::new(OpenEntry {
            entry: ErrorEntry {
                id,
                aliases: Vec::new(),
                catalog: String::new(),
                section: section.unwrap_or_default(),
                span: self.source.span(self.file, span),
                heading_level,
                level: None,
                message: None,
                editions: Vec::new(),
                fields: Vec::new(),
            },
            dedent,
            field: None,
            editions: Vec::new(),
            solution_range: None,
        }));
    }

    /// A field with no label as written: part of a heading, a table cell.
    fn implicit_field(&self, kind: FieldKind, label: &str, range: Range<usize>) -> Field {
        Field {
            kind,
            label: label.to_string(),
            span: self.source.span(self.file, range.clone()),
            body: self.markdown(range),
            run_together: false,
            implicit_label: true,
        }
    }

    /// Ends whatever is open (entry, intro, heading body) at `end`. After
    /// an entry or a section's intro the section is still open, for the
    /// next entry.
    fn finish_place(&mut self, end: usize) {
        match std::mem::replace(&mut self.place, Place::Preamble) {
            Place::Entry(mut open) => {
                self.close_field(&mut open, end);
                let entry = self.finish_entry(*open);
                if let Some(section) = self.document.sections.last_mut() {
                    section.entries.push(entry);
                }
                self.place = Place::Section;
            }
            Place::Section => {
                self.place = Place::Section;
                if let Some(intro) = self.intro.take() {
                    let intro = self.markdown(intro);
                    if let Some(section) = self.document.sections.last_mut() {
                        // Text after a section's table adds to the text
                        // before it, never replaces it.
                        if section.intro.text.is_empty() {
                            section.intro = intro;
                        } else if !intro.text.is_empty() {
                            section.intro.text.push_str("\n\n");
                            section.intro.text.push_str(&intro.text);
                        }
                    }
                }
            }
            Place::OtherHeading => {
                if let Some(body) = self.other_body.take() {
                    let body = self.markdown(body);
                    if let Some(heading) = self.document.other_headings.last_mut() {
                        heading.body = body;
                    }
                }
            }
            Place::Preamble => {}
        }
        self.intro = None;
        self.other_body = None;
    }

    /// A block that belongs to whatever is open.
    fn content(&mut self, range: Range<usize>) {
        match &mut self.place {
            Place::Entry(open) => match &mut open.field {
                Some(field) => field.body_end = range.end,
                None => {
                    open.field = Some(OpenField {
                        kind: FieldKind::Unlabelled,
                        label: String::new(),
                        label_range: range.start..range.start,
                        body_start: range.start,
                        body_end: range.end,
                        run_together: false,
                        editions: Vec::new(),
                        dedent: 0,
                    })
                }
            },
            Place::Section => {
                let start = self.intro.as_ref().map_or(range.start, |r| r.start);
                self.intro = Some(start..range.end);
            }
            Place::OtherHeading => {
                let start = self.other_body.as_ref().map_or(range.start, |r| r.start);
                self.other_body = Some(start..range.end);
            }
            Place::Preamble => {}
        }
    }
}
