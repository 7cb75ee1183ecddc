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

mod chunks;
mod labels;
mod prepare;
mod shape;

use crate::config::{CatalogConfig, Config};
use crate::model::*;
use crate::source::SourceFile;
use crate::text::{message, plain_text};
use chunks::{chunks, Chunk};
use labels::{is_colon, normalise, Labels};
use prepare::prepare;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use regex::Regex;
use shape::{code_heading, detect, CodeHeading, DocumentLayout};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Parses every source of a site into one model: each file with the
/// settings of the catalog it belongs to (`[[catalogs]]`).
pub fn parse_site(sources: &[SourceFile], config: &Config) -> Catalog {
    let site = Labels::new(&config.catalog);
    let named: Vec<Labels> = config
        .catalogs
        .iter()
        .map(|named| Labels::named(&config.catalog, named))
        .collect();
    parse_with(sources, |source| {
        source.catalog.and_then(|i| named.get(i)).unwrap_or(&site)
    })
}

/// Parses every source into one catalog, files in the order given.
pub fn parse_catalog(sources: &[SourceFile], config: &CatalogConfig) -> Catalog {
    let labels = Labels::new(config);
    parse_with(sources, |_| &labels)
}

fn parse_with<'l>(
    sources: &[SourceFile],
    labels_of: impl Fn(&SourceFile) -> &'l Labels + Sync,
) -> Catalog {
    Catalog {
        schema_version: SCHEMA_VERSION,
        files: sources
            .iter()
            .map(|s| s.path.display().to_string())
            .collect(),
        documents: sources
            .par_iter()
            .enumerate()
            .map(|(file, source)| parse_document(file, source, labels_of(source)))
            .collect(),
    }
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
    /// Spaces of indentation to drop from body lines (a bullet field).
    dedent: usize,
}

struct OpenEntry {
    entry: ErrorEntry,
    /// Spaces of indentation to drop from body lines (list items).
    dedent: usize,
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
}

/// What parsing one chunk gives, before the chunks are stitched together.
struct ParsedChunk {
    document: Document,
    preamble_end: Option<usize>,
    preamble_start: usize,
    /// The first section continues the previous chunk's last section.
    continues_section: bool,
}

/// Below twice this size a document is parsed in one piece.
const CHUNK_BYTES: usize = 1 << 20;

/// Parses one Markdown document. Large documents are cut at entry
/// headings and parsed on all cores; the result is the same as one pass.
fn parse_document(file: usize, source: &SourceFile, labels: &Labels) -> Document {
    parse_in_chunks(file, source, labels, CHUNK_BYTES)
}

fn parse_in_chunks(
    file: usize,
    source: &SourceFile,
    labels: &Labels,
    chunk_bytes: usize,
) -> Document {
    let prepared = prepare(&source.text, labels);
    let text: &str = &prepared.text;
    let layout = detect(text, &source.path, labels);
    // Only the common large shape is cut; the others are read in one pass.
    let chunk_bytes = if layout.shape == Shape::Headings && layout.suffix_sections {
        chunk_bytes
    } else {
        usize::MAX / 4
    };
    let mut parsed: Vec<ParsedChunk> = chunks(text, source, file, labels, chunk_bytes)
        .into_par_iter()
        .map(|chunk| DocumentParser::new(file, source, text, layout, labels).parse_chunk(chunk))
        .collect();
    let mut whole = parsed.remove(0);
    let mut preamble_end = whole.preamble_end;
    let preamble_start = whole.preamble_start;
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
    let parser = DocumentParser::new(file, source, text, layout, labels);
    let preamble_end = preamble_end.unwrap_or(text.len());
    document.preamble = parser.markdown(preamble_start.min(preamble_end)..preamble_end);
    document.shape = layout.shape;
    document.shape_detected = labels.shape.is_none();
    document.catalog = labels.catalog.clone();
    if !layout.suffix_sections {
        // Headings that gathered no codes are not sections.
        let (sections, empty): (Vec<Section>, Vec<Section>) =
            std::mem::take(&mut document.sections)
                .into_iter()
                .partition(|s| !s.entries.is_empty());
        document.sections = sections;
        document
            .other_headings
            .extend(
                empty
                    .into_iter()
                    .filter(|s| !s.heading.is_empty())
                    .map(|s| Heading {
                        text: s.heading,
                        level: 2,
                        span: s.span,
                        body: s.intro,
                    }),
            );
        document.other_headings.sort_by_key(|h| h.span.start);
    }
    if let Some(title) = prepared.metadata.get("title") {
        document.title.get_or_insert_with(|| title.clone());
    }
    document.metadata.extend(prepared.metadata);
    document.notes = prepared
        .notes
        .into_iter()
        .map(|(range, kind, text)| ParseNote {
            kind,
            span: source.span(file, range),
            text,
        })
        .collect();
    for section in &mut document.sections {
        for entry in &mut section.entries {
            entry.catalog = labels.catalog.clone();
        }
    }
    document
}

impl<'a> DocumentParser<'a> {
    fn new(
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
            document: Document {
                file,
                catalog: String::new(),
                shape: layout.shape,
                shape_detected: false,
                metadata: BTreeMap::new(),
                notes: Vec::new(),
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
            preamble_start: 0,
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

    /// Items of a top-level list: `(index of Start(Item), index of its End)`.
    fn items(block: &[Spanned<'a>]) -> Vec<(usize, usize)> {
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        for (i, (event, _)) in block.iter().enumerate() {
            match event {
                Event::Start(tag) => {
                    if depth == 1 && matches!(tag, Tag::Item) {
                        start = i;
                    }
                    depth += 1;
                }
                Event::End(tag) => {
                    depth = depth.saturating_sub(1);
                    if depth == 1 && matches!(tag, TagEnd::Item) {
                        items.push((start, i));
                    }
                }
                _ => {}
            }
        }
        items
    }

    /// The first inline event of an item (inside its paragraph if loose).
    fn item_text_start(block: &[Spanned<'a>], item: usize) -> usize {
        match block.get(item + 1) {
            Some((Event::Start(Tag::Paragraph), _)) => item + 2,
            _ => item + 1,
        }
    }

    /// Spaces of indentation of the line holding `offset` up to it: what
    /// a list item's continuation lines are indented by.
    fn column_of(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..offset].chars().count()
    }

    /// A list catalog: each item that starts with `Error Number: 8001` is
    /// an entry, and the text indented under it is its body. Items without
    /// a code line are text of whatever is open.
    fn list_entries(&mut self, block: &[Spanned<'a>]) -> bool {
        let items = Self::items(block);
        let mut any = false;
        for (start, end) in items {
            let item_range = block[start].1.clone();
            let at = Self::item_text_start(block, start);
            let text_start = block.get(at).map_or(item_range.end, |(_, r)| r.start);
            let line_end = self.text[text_start..item_range.end]
                .find('\n')
                .map_or(item_range.end, |i| text_start + i);
            let Some(code) = self.labels.code_line(&self.text[text_start..line_end]) else {
                self.content(item_range);
                continue;
            };
            any = true;
            let code_range = text_start + code.start..text_start + code.end;
            let id = plain_text(&self.text[code_range.clone()])
                .0
                .trim()
                .to_string();
            self.finish_place(item_range.start);
            self.ensure_section(item_range.start);
            let dedent = self.column_of(text_start);
            self.open_entry(id, code_range, 0, dedent);
            // The rest of the item, block by block, as the body.
            let mut depth = 0usize;
            let mut sub_start = start + 1;
            for i in start + 1..end {
                match &block[i].0 {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if depth == 0 {
                    self.item_part(&block[sub_start..=i], line_end);
                    sub_start = i + 1;
                }
            }
        }
        if any {
            self.finish_place(block.last().map_or(0, |(_, r)| r.end));
            self.place = Place::Section;
        }
        any
    }

    /// A block inside a list entry's item. The code line itself is not
    /// body text.
    fn item_part(&mut self, part: &[Spanned<'a>], code_line_end: usize) {
        let Some((first, range)) = part.first() else {
            return;
        };
        let range = range.start..part.last().map_or(range.end, |(_, r)| r.end);
        if range.end <= code_line_end {
            return;
        }
        let is_block = matches!(first, Event::Start(tag) if !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }));
        if is_block && range.start >= code_line_end {
            self.block(part);
        } else {
            self.content(range.start.max(code_line_end)..range.end);
        }
    }

    /// Bullets that are fields (`- Cause: ...`, `* OceanBase error code:
    /// 4016`): every item starts with a label and one of them is a label
    /// the catalog knows.
    fn bullet_fields(&mut self, block: &[Spanned<'a>]) -> bool {
        if !matches!(self.place, Place::Entry(_)) {
            return false;
        }
        let items = Self::items(block);
        let labels: Vec<Option<FieldLabel>> = items
            .iter()
            .map(|&(start, _)| {
                let at = Self::item_text_start(block, start);
                label_at(block, at).or_else(|| self.plain_label_at(block, at, false))
            })
            .collect();
        let all_labelled = labels.iter().all(Option::is_some);
        let any_known = labels
            .iter()
            .flatten()
            .any(|l| self.labels.is_known(&l.text));
        if items.is_empty() || !all_labelled || !any_known {
            return false;
        }
        for ((start, end), label) in items.into_iter().zip(labels.into_iter().flatten()) {
            let item_end = block[end].1.end;
            let Place::Entry(mut open) = std::mem::replace(&mut self.place, Place::Preamble) else {
                return false;
            };
            self.close_field(&mut open, block[start].1.start);
            let dedent = self.column_of(label.range.start);
            open.field = Some(OpenField {
                kind: self.labels.field_kind(&label.text),
                label: label.text,
                label_range: label.range,
                body_start: label.body_start,
                body_end: item_end,
                run_together: false,
                editions: Vec::new(),
                dedent,
            });
            self.place = Place::Entry(open);
        }
        true
    }

    /// A plain label at `block[at]`: `Cause: ...`. In a paragraph only a
    /// label the catalog knows counts (`Note: ...` stays text); in a list
    /// of fields any short label does.
    fn plain_label_at(
        &self,
        block: &[Spanned<'a>],
        at: usize,
        known_only: bool,
    ) -> Option<FieldLabel> {
        static PLAIN_LABEL: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^([^:：\n.!?`]{1,40}?)\s*[:：]").expect("valid pattern"));
        let (Event::Text(text), range) = block.get(at)? else {
            return None;
        };
        // A label is short: no colon near the start, no label (the
        // common case, checked before any allocation or regex).
        let head = text.get(..text.len().min(48)).unwrap_or(text);
        if !head.contains([':', '：']) {
            return None;
        }
        // Offsets below are the source's: only when the text is as written.
        if self.text.get(range.clone()) != Some(text.as_ref()) {
            return None;
        }
        let caps = PLAIN_LABEL.captures(text)?;
        let label = caps.get(1)?.as_str().trim();
        if label.is_empty() || label.split_whitespace().count() > 6 {
            return None;
        }
        if known_only && !self.labels.is_known(label) {
            return None;
        }
        let end = range.start + caps.get(0)?.end();
        Some(FieldLabel {
            text: label.to_string(),
            range: range.start..end,
            body_start: end,
        })
    }

    /// A table of codes: a row per code, the columns its fields. A row
    /// with only a first cell that is not a code (`Class 08 — Connection
    /// Exception`) opens a section.
    fn table_entries(&mut self, block: &[Spanned<'a>], range: &Range<usize>) -> bool {
        let rows = table_cells(block);
        let Some((header, _)) = rows.first() else {
            return false;
        };
        let Some(code_column) = header
            .iter()
            .enumerate()
            .filter_map(|(i, (h, _))| self.labels.code_rank(h.trim()).map(|rank| (rank, i)))
            .min()
            .map(|(_, i)| i)
        else {
            return false;
        };
        self.finish_place(range.start);
        self.ensure_section(range.start);
        for (cells, row_range) in rows.iter().skip(1) {
            let Some((code, code_range)) = cells.get(code_column) else {
                continue;
            };
            let code = code.trim();
            if code.is_empty() {
                continue;
            }
            let others_empty = cells
                .iter()
                .enumerate()
                .all(|(i, (c, _))| i == code_column || c.trim().is_empty());
            if others_empty && code_heading(code).is_none() {
                self.finish_place(row_range.start);
                self.document.sections.push(Section {
                    name: code.to_string(),
                    heading: code.to_string(),
                    span: self.source.span(self.file, row_range.clone()),
                    intro: self.markdown(row_range.end..row_range.end),
                    entries: Vec::new(),
                });
                self.place = Place::Section;
                continue;
            }
            self.finish_place(row_range.start);
            self.ensure_section(row_range.start);
            self.open_entry(code.to_string(), code_range.clone(), 0, 0);
            let mut fields = Vec::new();
            let mut aliases = Vec::new();
            for (i, (text, cell_range)) in cells.iter().enumerate() {
                let label = header.get(i).map_or("", |(h, _)| h.trim());
                if i == code_column || text.trim().is_empty() {
                    continue;
                }
                let normalised = normalise(label);
                if self.labels.alias.contains(&normalised) {
                    aliases.push(text.trim().to_string());
                }
                fields.push(self.implicit_field(
                    self.labels.field_kind(label),
                    label,
                    cell_range.clone(),
                ));
            }
            if let Place::Entry(open) = &mut self.place {
                open.entry.fields = fields;
                open.entry.aliases = aliases;
            }
            self.finish_place(row_range.end);
            self.place = Place::Section;
        }
        true
    }

    /// A two-column table before any heading stands in for front matter.
    fn metadata_table(&mut self, block: &[Spanned<'a>]) -> bool {
        let seen_heading = self.document.title.is_some()
            || !self.document.sections.is_empty()
            || !self.document.other_headings.is_empty();
        let rows = table_rows(block);
        if seen_heading
            || rows.is_empty()
            || rows.iter().any(|(cells, _)| cells.len() != 2)
            || rows[0]
                .0
                .first()
                .is_some_and(|h| self.labels.level_headers.contains(&normalise(h)))
        {
            return false;
        }
        // The header is a row of data too (`|slug|...|` over `|---|---|`),
        // unless it names the columns.
        let names_columns = ["key", "name", "field", "property", "metadata"]
            .contains(&normalise(&rows[0].0[0]).as_str());
        for (cells, _) in rows.iter().skip(usize::from(names_columns)) {
            let key = cells[0].trim();
            if !key.is_empty() {
                self.document
                    .metadata
                    .insert(key.to_string(), cells[1].trim().to_string());
            }
        }
        true
    }

    fn heading(&mut self, level: HeadingLevel, block: &[Spanned<'a>], range: Range<usize>) {
        let (text, text_range) = inline_text(block);
        let text_range = text_range.unwrap_or(range.clone());
        let level = level as u8;
        if self.layout.shape == Shape::FilePerCode {
            // The file is the entry; its headings are part of the text.
            if level == 1 && self.document.title.is_none() {
                self.document.title = Some(text.trim().to_string());
            } else {
                self.content(range);
            }
            return;
        }
        // The heading as written, so that the code's parts have offsets.
        let raw = self.text[text_range.clone()].trim_end();
        let code = match self.layout.shape {
            // The OMS shape's headings at the codes' level are the codes
            // as written; only a slip to another level needs the test.
            Shape::Headings if self.layout.suffix_sections && level == self.layout.entry_level => {
                None
            }
            Shape::Headings | Shape::HeadingMessage => code_heading(raw),
            _ => None,
        };
        let in_codes = matches!(self.place, Place::Section | Place::Entry(_));
        let entry_level = self.layout.entry_level;
        let is_entry = if self.layout.suffix_sections {
            // The OMS shape: any heading at the codes' level under a code
            // section, and a code heading at another level there (a slip).
            in_codes && (level == entry_level || (code.is_some() && level > 1))
        } else {
            code.is_some() && (level == entry_level || in_codes || level > 1)
        };
        if level == 1 && self.document.title.is_none() && !(is_entry && entry_level == 1) {
            self.document.title = Some(text.trim().to_string());
            self.content(range);
            return;
        }
        if is_entry {
            self.finish_place(range.start);
            self.ensure_section(range.start);
            self.open_heading_entry(&text, text_range, code, level);
            return;
        }
        let suffix = self.layout.suffix_sections;
        if level > entry_level || (suffix && (level == 1 || level == entry_level)) {
            return self.content(range);
        }
        self.finish_place(range.start);
        let section_name = self.labels.section_name(&text);
        if level == entry_level || (suffix && section_name.is_none()) {
            self.document.other_headings.push(Heading {
                text: text.trim().to_string(),
                level,
                span: self.source.span(self.file, text_range),
                body: self.markdown(range.end..range.end),
            });
            self.other_body = None;
            self.place = Place::OtherHeading;
            return;
        }
        self.preamble_end.get_or_insert(range.start);
        self.document.sections.push(Section {
            name: section_name
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| text.trim().to_string()),
            heading: text.trim().to_string(),
            span: self.source.span(self.file, text_range),
            intro: self.markdown(range.end..range.end),
            entries: Vec::new(),
        });
        self.place = Place::Section;
    }

    /// The one entry of a file-per-code catalog: named by the file, in a
    /// section named by the catalog or the file's directory.
    fn open_file_entry(&mut self) {
        let path = &self.source.path;
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let name = if self.labels.catalog.is_empty() {
            path.parent()
                .and_then(|p| p.file_name())
                .map_or_else(|| stem.clone(), |d| d.to_string_lossy().into_owned())
        } else {
            self.labels.catalog.clone()
        };
        self.preamble_end = Some(0);
        self.document.sections.push(Section {
            name,
            heading: String::new(),
            span: self.source.span(self.file, 0..0),
            intro: self.markdown(0..0),
            entries: Vec::new(),
        });
        self.place = Place::Section;
        self.open_entry(stem, 0..0, 0, 0);
    }

    /// Makes sure there is a section to put an entry in: the open one, or
    /// one named after the catalog, the document's title or the file.
    fn ensure_section(&mut self, at: usize) {
        self.preamble_end.get_or_insert(at);
        if matches!(self.place, Place::Section | Place::Entry(_)) {
            return;
        }
        if !self.document.sections.is_empty() && !self.layout.suffix_sections {
            self.place = Place::Section;
            return;
        }
        let name = if !self.labels.catalog.is_empty() {
            self.labels.catalog.clone()
        } else if let Some(title) = &self.document.title {
            title.clone()
        } else {
            self.source
                .path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        };
        self.document.sections.push(Section {
            name,
            heading: String::new(),
            span: self.source.span(self.file, at..at),
            intro: self.markdown(at..at),
            entries: Vec::new(),
        });
        self.place = Place::Section;
    }

    /// Opens an entry for a code heading: the code is the ID, a message
    /// after a colon becomes the message field and a parenthesised
    /// SQLSTATE its field.
    fn open_heading_entry(
        &mut self,
        text: &str,
        text_range: Range<usize>,
        code: Option<CodeHeading>,
        level: u8,
    ) {
        let base = text_range.start;
        let mut fields = Vec::new();
        let (id, id_range) = match &code {
            Some(code) => (
                plain_text(&self.text[base + code.code.start..base + code.code.end])
                    .0
                    .trim()
                    .to_string(),
                base + code.code.start..base + code.code.end,
            ),
            None => (text.trim().to_string(), text_range.clone()),
        };
        if let Some(code) = &code {
            if let Some(inner) = &code.paren {
                let range = base + inner.start..base + inner.end;
                fields.push(self.implicit_field(FieldKind::Sqlstate, "SQLSTATE", range));
            }
            if let Some(title) = &code.title {
                let range = base + title.start..base + title.end;
                fields.push(self.implicit_field(FieldKind::Message, "Message", range));
            }
        }
        self.open_entry(id, id_range, level, 0);
        if let Place::Entry(open) = &mut self.place {
            open.entry.fields = fields;
        }
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
            let Some(label) = label_at(block, at).or_else(|| self.plain_label_at(block, at, true))
            else {
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
                dedent: 0,
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
        let mut body = self.markdown(field.body_start..body_end);
        let width = open.dedent.max(field.dedent);
        if width > 0 {
            body.text = dedent(&body.text, width);
        }
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
            implicit_label: false,
        });
    }

    fn finish_entry(&self, open: OpenEntry) -> ErrorEntry {
        let mut entry = open.entry;
        if let Some(key) = &self.labels.key {
            let field = entry
                .fields
                .iter_mut()
                .find(|f| normalise(&f.label) == *key);
            let value = field.and_then(|f| {
                f.kind = FieldKind::Key;
                Some(plain_text(&f.body.text).0.trim().to_string()).filter(|v| !v.is_empty())
            });
            if let Some(value) = value {
                let heading_code = std::mem::replace(&mut entry.id, value);
                entry.aliases.insert(0, heading_code);
            }
        }
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

/// Drops the indentation that every line but the first shares (the text
/// of a list item, indented under its marker; at least `width`), and
/// empties lines of only spaces.
fn dedent(text: &str, width: usize) -> String {
    let common = text
        .split('\n')
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.bytes().take_while(|&b| b == b' ').count())
        .min()
        .unwrap_or(0)
        .max(width);
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n > 0 && line.trim().is_empty() {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
            continue;
        }
        let spaces = if n == 0 {
            0
        } else {
            line.bytes().take(common).take_while(|&b| b == b' ').count()
        };
        out.push_str(&line[spaces..]);
    }
    out
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

/// Rows of a table with each cell's text and range.
#[allow(clippy::type_complexity)]
fn table_cells(block: &[Spanned<'_>]) -> Vec<(Vec<(String, Range<usize>)>, Range<usize>)> {
    let mut rows = Vec::new();
    let mut cells: Vec<(String, Range<usize>)> = Vec::new();
    let mut row_range = 0..0;
    for (event, range) in block {
        match event {
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                cells.clear();
                row_range = range.clone();
            }
            Event::Start(Tag::TableCell) => cells.push((String::new(), range.clone())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((cell, _)) = cells.last_mut() {
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

fn table_rows(block: &[Spanned<'_>]) -> Vec<(Vec<String>, Range<usize>)> {
    table_cells(block)
        .into_iter()
        .map(|(cells, row)| (cells.into_iter().map(|(text, _)| text).collect(), row))
        .collect()
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
            chunks(&source.text, &source, 0, &labels, 1000).len() > 10,
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
}
