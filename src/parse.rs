//! The parse stage: Markdown source → [`Catalog`] model.
//!
//! It walks pulldown-cmark's event stream with source offsets, one top-level
//! block at a time, and never matches regular expressions over raw lines, so
//! code fences, lists and quotes are understood the way a renderer sees them.
//! It reads the document as written: bold labels with the colon inside or
//! outside the emphasis, fields run together on consecutive lines,
//! multi-paragraph fields. Nothing is dropped: unknown labels, repeated
//! fields and text before the first label all land in the model, and the
//! linter decides what is wrong with them.

use crate::config::CatalogConfig;
use crate::model::*;
use crate::source::SourceFile;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Parses every source into one catalog, files in the order given.
pub fn parse_catalog(sources: &[SourceFile], config: &CatalogConfig) -> Catalog {
    let labels = Labels::new(config);
    Catalog {
        schema_version: SCHEMA_VERSION,
        files: sources
            .iter()
            .map(|s| s.path.display().to_string())
            .collect(),
        documents: sources
            .par_iter()
            .enumerate()
            .map(|(file, source)| parse_document(file, source, &labels))
            .collect(),
    }
}

/// Field, edition and section labels, normalised once for matching.
pub struct Labels {
    fields: Vec<(String, FieldKind)>,
    editions: Vec<String>,
    level_headers: Vec<String>,
    section_suffix: String,
}

impl Labels {
    pub fn new(config: &CatalogConfig) -> Self {
        let mut fields = Vec::new();
        for (names, kind) in [
            (&config.level, FieldKind::Level),
            (&config.message, FieldKind::Message),
            (&config.cause, FieldKind::Cause),
            (&config.solution, FieldKind::Solution),
        ] {
            fields.extend(names.iter().map(|n| (normalise(n), kind)));
        }
        Labels {
            fields,
            editions: config.editions.clone(),
            level_headers: config.level.iter().map(|l| normalise(l)).collect(),
            section_suffix: normalise(&config.section_suffix),
        }
    }

    fn field_kind(&self, label: &str) -> FieldKind {
        let label = normalise(label);
        self.fields
            .iter()
            .find(|(name, _)| *name == label)
            .map_or(FieldKind::Other, |(_, kind)| *kind)
    }

    /// The edition label a paragraph's text starts with, and the byte length
    /// of the label with its colon.
    fn edition_prefix<'t>(&'t self, text: &str) -> Option<(&'t str, usize)> {
        self.editions.iter().find_map(|label| {
            let rest = text.strip_prefix(label.as_str())?;
            let colon = rest.chars().next().filter(|c| is_colon(*c))?;
            Some((label.as_str(), label.len() + colon.len_utf8()))
        })
    }

    /// The component name when `heading` names a code section.
    fn section_name(&self, heading: &str) -> Option<String> {
        let normalised = normalise(heading);
        let name = normalised.strip_suffix(&self.section_suffix)?;
        // Keep the writer's capitalisation: cut the same number of chars.
        let keep = name.trim_end().chars().count();
        let name: String = heading.trim().chars().take(keep).collect();
        Some(name.trim().to_string())
    }
}

/// Lower case, single spaces, no surrounding space, and no space next to
/// a CJK character (`错误 原因` is `错误原因`): labels match however they
/// are spaced or capitalised.
pub fn normalise(s: &str) -> String {
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

/// Han, kana and Hangul: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF // CJK Extensions B and later
    )
}

fn is_colon(c: char) -> bool {
    c == ':' || c == '：'
}

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
}

struct OpenEntry {
    entry: ErrorEntry,
    field: Option<OpenField>,
    /// Edition markers of the first solution field.
    editions: Vec<(String, usize, usize)>,
    solution_range: Option<Range<usize>>,
}

enum Place {
    Preamble,
    Section,
    Entry(Box<OpenEntry>),
    /// Under a `##` heading that is not a code section.
    OtherHeading,
}

struct DocumentParser<'a> {
    text: &'a str,
    source: &'a SourceFile,
    file: usize,
    labels: &'a Labels,
    document: Document,
    place: Place,
    /// Where the first code section starts: the preamble ends there.
    preamble_end: Option<usize>,
    /// Offsets where the current section's intro starts and ends.
    intro: Option<Range<usize>>,
    /// Body range of the current non-code heading.
    other_body: Option<Range<usize>>,
}

/// A piece of a document that can be parsed on its own: the whole
/// document, or a run of entries that starts at a `###` heading inside a
/// code section (`section` says which one).
struct Chunk {
    range: Range<usize>,
    section: Option<Section>,
}

/// What parsing one chunk gives, before the chunks are stitched together.
struct ParsedChunk {
    document: Document,
    preamble_end: Option<usize>,
    /// The first section continues the previous chunk's last section.
    continues_section: bool,
}

/// Below twice this size a document is parsed in one piece.
const CHUNK_BYTES: usize = 1 << 20;

/// Parses one Markdown document. Large documents are cut at entry
/// headings and parsed on all cores; the result is the same as one pass.
pub fn parse_document(file: usize, source: &SourceFile, labels: &Labels) -> Document {
    parse_in_chunks(file, source, labels, CHUNK_BYTES)
}

fn parse_in_chunks(
    file: usize,
    source: &SourceFile,
    labels: &Labels,
    chunk_bytes: usize,
) -> Document {
    let mut parsed: Vec<ParsedChunk> = chunks(source, file, labels, chunk_bytes)
        .into_par_iter()
        .map(|chunk| DocumentParser::new(file, source, labels).parse_chunk(chunk))
        .collect();
    let mut whole = parsed.remove(0);
    let mut preamble_end = whole.preamble_end;
    for part in parsed {
        let mut sections = part.document.sections.into_iter();
        if part.continues_section {
            if let (Some(last), Some(more)) = (whole.document.sections.last_mut(), sections.next())
            {
                last.entries.extend(more.entries);
            }
        }
        whole.document.sections.extend(sections);
        whole.document.links.extend(part.document.links);
        whole.document.prose.extend(part.document.prose);
        whole
            .document
            .other_headings
            .extend(part.document.other_headings);
        preamble_end = preamble_end.or(part.preamble_end);
    }
    let mut document = whole.document;
    let parser = DocumentParser::new(file, source, labels);
    document.preamble = parser.markdown(0..preamble_end.unwrap_or(source.text.len()));
    document
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
fn chunks(source: &SourceFile, file: usize, labels: &Labels, chunk_bytes: usize) -> Vec<Chunk> {
    static REFERENCE_DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[[^\]]+\]:").expect("valid pattern"));
    let text = source.text.as_str();
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
    let mut fence: Option<(u8, usize)> = None;
    let mut html_end: Option<&str> = None;
    let mut previous_blank = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((marker, len)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == marker).count();
            if indent < 4 && run >= len && trimmed[run..].trim().is_empty() {
                fence = None;
            }
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
            let run = trimmed
                .bytes()
                .take_while(|&b| b == b'`' || b == b'~')
                .count();
            if run >= 3 {
                fence = Some((trimmed.as_bytes()[0], run));
                previous_blank = false;
                continue;
            }
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

impl<'a> DocumentParser<'a> {
    fn new(file: usize, source: &'a SourceFile, labels: &'a Labels) -> Self {
        DocumentParser {
            text: &source.text,
            source,
            file,
            labels,
            document: Document {
                file,
                title: None,
                preamble: Markdown {
                    text: String::new(),
                    span: source.span(file, 0..0),
                },
                levels: Vec::new(),
                sections: Vec::new(),
                links: Vec::new(),
                prose: Vec::new(),
                other_headings: Vec::new(),
            },
            place: Place::Preamble,
            preamble_end: None,
            intro: None,
            other_body: None,
        }
    }

    fn parse_chunk(mut self, chunk: Chunk) -> ParsedChunk {
        let continues_section = chunk.section.is_some();
        if let Some(section) = chunk.section {
            self.document.sections.push(section);
            self.place = Place::Section;
        }
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_TASKLISTS;
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
            _ => {}
        }
    }

    fn markdown(&self, range: Range<usize>) -> Markdown {
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
                if self.preamble_end.is_none() {
                    self.levels_table(block);
                }
                self.content(range);
            }
            _ => self.content(range),
        }
    }

    fn heading(&mut self, level: HeadingLevel, block: &[Spanned<'a>], range: Range<usize>) {
        let (text, text_range) = inline_text(block);
        let text_range = text_range.unwrap_or(range.clone());
        match level {
            HeadingLevel::H1 if self.document.title.is_none() => {
                self.document.title = Some(text.trim().to_string());
                self.content(range);
            }
            HeadingLevel::H2 => {
                self.finish_place(range.start);
                if let Some(name) = self.labels.section_name(&text) {
                    self.preamble_end.get_or_insert(range.start);
                    self.document.sections.push(Section {
                        name,
                        heading: text.trim().to_string(),
                        span: self.source.span(self.file, text_range),
                        intro: self.markdown(range.end..range.end),
                        entries: Vec::new(),
                    });
                    self.place = Place::Section;
                } else {
                    self.document.other_headings.push(Heading {
                        text: text.trim().to_string(),
                        level: 2,
                        span: self.source.span(self.file, text_range),
                        body: self.markdown(range.end..range.end),
                    });
                    self.other_body = None;
                    self.place = Place::OtherHeading;
                }
            }
            HeadingLevel::H3 if !matches!(self.place, Place::Preamble | Place::OtherHeading) => {
                self.finish_place(range.start);
                let section = self.document.sections.last().map(|s| s.name.clone());
                self.place = Place::Entry(Box::new(OpenEntry {
                    entry: ErrorEntry {
                        id: text.trim().to_string(),
                        section: section.unwrap_or_default(),
                        span: self.source.span(self.file, text_range),
                        level: None,
                        message: None,
                        editions: Vec::new(),
                        fields: Vec::new(),
                    },
                    field: None,
                    editions: Vec::new(),
                    solution_range: None,
                }));
            }
            _ => self.content(range),
        }
    }

    /// Ends whatever is open (entry, intro, heading body) at `end`.
    fn finish_place(&mut self, end: usize) {
        match std::mem::replace(&mut self.place, Place::Preamble) {
            Place::Entry(mut open) => {
                self.close_field(&mut open, end);
                let entry = self.finish_entry(*open);
                if let Some(section) = self.document.sections.last_mut() {
                    section.entries.push(entry);
                }
            }
            Place::Section => {
                if let Some(intro) = self.intro.take() {
                    let intro = self.markdown(intro);
                    if let Some(section) = self.document.sections.last_mut() {
                        section.intro = intro;
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

    fn paragraph(&mut self, block: &[Spanned<'a>], range: Range<usize>) {
        if !matches!(self.place, Place::Entry(_)) {
            return self.content(range);
        }
        // Candidate label positions: the paragraph start, and the start of
        // every line after a break at the paragraph's own level.
        let mut starts = vec![1usize];
        let mut depth = 0usize;
        for (i, (event, _)) in block.iter().enumerate().skip(1) {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::SoftBreak | Event::HardBreak if depth == 0 => starts.push(i + 1),
                _ => {}
            }
        }
        let mut content_from = range.start;
        for (n, &at) in starts.iter().enumerate() {
            if n == 0 {
                if let Some(edition) = self.edition_at(block, at) {
                    self.add_edition(edition, range.start);
                    continue;
                }
            }
            let Some(label) = label_at(block, at) else {
                continue;
            };
            let break_start = if n == 0 {
                range.start
            } else {
                block[at - 1].1.start
            };
            if break_start > content_from {
                self.content(content_from..break_start);
            }
            let Place::Entry(mut open) = std::mem::replace(&mut self.place, Place::Preamble) else {
                unreachable!("paragraph() returns early outside entries")
            };
            self.close_field(&mut open, break_start);
            open.field = Some(OpenField {
                kind: self.labels.field_kind(&label.text),
                label: label.text,
                label_range: label.range,
                body_start: label.body_start,
                body_end: label.body_start,
                run_together: n > 0,
                editions: Vec::new(),
            });
            self.place = Place::Entry(open);
            content_from = label.body_start;
        }
        if content_from < range.end {
            self.content(content_from..range.end);
        }
    }

    /// An edition label opening a paragraph inside a solution.
    fn edition_at(&self, block: &[Spanned<'a>], at: usize) -> Option<(String, usize)> {
        let Place::Entry(open) = &self.place else {
            return None;
        };
        if open.field.as_ref()?.kind != FieldKind::Solution {
            return None;
        }
        let (first, range) = block.get(at)?;
        let text = match first {
            Event::Text(t) => t.to_string(),
            Event::Start(Tag::Strong) => inline_text(&block[at..]).0,
            _ => return None,
        };
        let (label, len) = self.labels.edition_prefix(&text)?;
        // Body starts after the label, its colon and any closing emphasis.
        let mut body_start = range.start + len;
        if matches!(first, Event::Start(Tag::Strong)) {
            body_start = block[at..]
                .iter()
                .find(|(e, _)| matches!(e, Event::End(TagEnd::Strong)))
                .map_or(body_start, |(_, r)| r.end);
        }
        Some((label.to_string(), body_start))
    }

    fn add_edition(&mut self, (label, body_start): (String, usize), paragraph_start: usize) {
        if let Place::Entry(open) = &mut self.place {
            if let Some(field) = &mut open.field {
                field.editions.push((label, paragraph_start, body_start));
            }
        }
    }

    fn close_field(&mut self, open: &mut OpenEntry, end: usize) {
        let Some(field) = open.field.take() else {
            return;
        };
        let body_end = field
            .body_end
            .max(field.body_start)
            .min(end.max(field.body_start));
        let body = self.markdown(field.body_start..body_end);
        if field.kind == FieldKind::Solution && open.solution_range.is_none() {
            open.solution_range = Some(field.body_start..body_end);
            open.editions = field.editions;
        }
        open.entry.fields.push(Field {
            kind: field.kind,
            label: field.label,
            span: self.source.span(self.file, field.label_range),
            body,
            run_together: field.run_together,
        });
    }

    fn finish_entry(&self, open: OpenEntry) -> ErrorEntry {
        let mut entry = open.entry;
        entry.level = entry
            .field(FieldKind::Level)
            .map(|f| plain_text(&f.body.text).0.trim().to_string());
        entry.message = entry
            .field(FieldKind::Message)
            .map(|f| message(&f.body.text));
        if let (Some(range), false) = (open.solution_range, open.editions.is_empty()) {
            let first_marker = open.editions[0].1;
            if !self.text[range.start..first_marker.max(range.start)]
                .trim()
                .is_empty()
            {
                entry.editions.push(EditionBlock {
                    label: None,
                    body: self.markdown(range.start..first_marker),
                });
            }
            for (i, (label, _, body_start)) in open.editions.iter().enumerate() {
                let end = open.editions.get(i + 1).map_or(range.end, |next| next.1);
                entry.editions.push(EditionBlock {
                    label: Some(label.clone()),
                    body: self.markdown(*body_start..end.max(*body_start)),
                });
            }
        }
        entry
    }

    fn levels_table(&mut self, block: &[Spanned<'a>]) {
        let rows = table_rows(block);
        let Some((header, _)) = rows.first() else {
            return;
        };
        let is_levels = header
            .first()
            .is_some_and(|h| self.labels.level_headers.contains(&normalise(h)));
        if !is_levels {
            return;
        }
        for (cells, range) in rows.iter().skip(1) {
            let Some(name) = cells.first().map(|c| c.trim()).filter(|c| !c.is_empty()) else {
                continue;
            };
            self.document.levels.push(LevelDefinition {
                name: name.to_string(),
                description: cells.get(1).map_or("", |c| c.trim()).to_string(),
                span: self.source.span(self.file, range.clone()),
            });
        }
    }
}

struct FieldLabel {
    text: String,
    range: Range<usize>,
    body_start: usize,
}

/// A bold field label starting at `block[at]`: `**Cause:**` or `**Cause**:`.
fn label_at(block: &[Spanned<'_>], at: usize) -> Option<FieldLabel> {
    let (Event::Start(Tag::Strong), start) = block.get(at)? else {
        return None;
    };
    let mut text = String::new();
    let mut end = None;
    for (i, (event, range)) in block.iter().enumerate().skip(at + 1) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::End(TagEnd::Strong) => {
                end = Some((i, range.end));
                break;
            }
            _ => return None,
        }
    }
    let (end_index, strong_end) = end?;
    let trimmed = text.trim_end();
    if let Some(label) = trimmed.strip_suffix(is_colon) {
        return Some(FieldLabel {
            text: label.trim().to_string(),
            range: start.start..strong_end,
            body_start: strong_end,
        });
    }
    // `**Cause**:`: the colon is the first character after the emphasis.
    if let Some((Event::Text(after), after_range)) = block.get(end_index + 1) {
        let colon = after.chars().next().filter(|c| is_colon(*c))?;
        return Some(FieldLabel {
            text: trimmed.trim().to_string(),
            range: start.start..after_range.start + colon.len_utf8(),
            body_start: after_range.start + colon.len_utf8(),
        });
    }
    None
}

/// The text inside a block's inline events, and the range it covers.
fn inline_text(block: &[Spanned<'_>]) -> (String, Option<Range<usize>>) {
    let mut text = String::new();
    let mut covered: Option<Range<usize>> = None;
    for (event, range) in block {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
            covered = Some(covered.map_or(range.clone(), |c| c.start..range.end));
        }
    }
    (text, covered)
}

fn table_rows(block: &[Spanned<'_>]) -> Vec<(Vec<String>, Range<usize>)> {
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut row_range = 0..0;
    for (event, range) in block {
        match event {
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                cells.clear();
                row_range = range.clone();
            }
            Event::Start(Tag::TableCell) => cells.push(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(t);
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                rows.push((std::mem::take(&mut cells), row_range.clone()));
            }
            _ => {}
        }
    }
    rows
}

/// Markdown → plain text (emphasis dropped, code kept, breaks as spaces),
/// with the byte offset and text of every code span in the result.
pub fn plain_text(markdown: &str) -> (String, Vec<(usize, String)>) {
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

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\$\{(?P<dollar_brace>[^{}\s]+)\}",
        r"|\$\((?P<dollar_paren>[^()\s]+)\)",
        r"|\{(?P<brace>[^{}]+)\}",
        r"|\$(?P<dollar>[A-Za-z_][A-Za-z0-9_]*)",
        r"|%[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?P<printf>[sdifuxXoceEgG])",
    ))
    .expect("placeholder pattern is valid")
});

/// Plain message text and its placeholders, in order of appearance.
pub fn message(markdown: &str) -> Message {
    let (text, code_spans) = plain_text(markdown);
    let mut placeholders: Vec<Placeholder> = PLACEHOLDER
        .captures_iter(&text)
        .map(|caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            let name = ["dollar_brace", "dollar_paren", "brace", "dollar", "printf"]
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn json(document: &Document) -> String {
        serde_json::to_string(document).expect("serialises")
    }

    #[test]
    fn chunked_parse_equals_one_pass() {
        let entry = "**Error level:** ERROR\n\n**Error message:** Failed {x}.\n\n**Cause:** Bad.\n\n**Solution:**\n\n```sh\n### not a heading\n```\n\n<!--\n\n### not a heading either\n\n-->\n\nEnterprise Edition: Retry.\n";
        let mut text = String::from("# T\n\nIntro.\n\n## A error codes\n\n");
        for n in 0..300 {
            if n == 150 {
                text.push_str("## Notes\n\nNot a section.\n\n### Not an entry\n\n## B error codes\n\nIntro of B.\n\n");
            }
            text.push_str(&format!("### X-{n:04}\n\n{entry}\n"));
        }
        let source = SourceFile::new(PathBuf::from("t.md"), text);
        let labels = Labels::new(&CatalogConfig::default());
        let one_pass = parse_in_chunks(0, &source, &labels, usize::MAX / 4);
        let chunked = parse_in_chunks(0, &source, &labels, 1000);
        assert!(
            chunks(&source, 0, &labels, 1000).len() > 10,
            "the test really cuts"
        );
        assert_eq!(
            one_pass
                .sections
                .iter()
                .map(|s| s.entries.len())
                .sum::<usize>(),
            300
        );
        assert_eq!(json(&chunked), json(&one_pass));
        assert_eq!(chunked.prose, one_pass.prose);
    }

    #[test]
    fn reference_definitions_keep_the_document_whole() {
        let mut text = String::from("## A error codes\n\n");
        for n in 0..100 {
            text.push_str(&format!("### X-{n:04}\n\n**Cause:** See [docs].\n\n"));
        }
        text.push_str("[docs]: https://example.com\n");
        let source = SourceFile::new(PathBuf::from("t.md"), text);
        let labels = Labels::new(&CatalogConfig::default());
        assert_eq!(chunks(&source, 0, &labels, 100).len(), 1);
    }

    #[test]
    fn placeholders_of_every_style_are_found() {
        let message =
            message("Got `$taskType` for {name} in ${db}.$(table) at %s, %-.192s, %d and $host");
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
}
