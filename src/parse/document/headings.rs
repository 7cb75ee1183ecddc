//! Headings: the document's title, code sections, entries whose heading
//! names the code (and may carry its message and SQLSTATE), headings that
//! are neither, and the one entry of a file-per-code catalog.

use super::fields::inline_text;
use super::{DocumentParser, Place, Spanned};
use crate::model::*;
use crate::parse::shape::{code_heading, CodeHeading};
use crate::text::plain_text;
use pulldown_cmark::HeadingLevel;
use std::ops::Range;

impl<'a> DocumentParser<'a> {
    pub(super) fn heading(
        &mut self,
        level: HeadingLevel,
        block: &[Spanned<'a>],
        range: Range<usize>,
    ) {
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
    pub(super) fn open_file_entry(&mut self) {
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
    pub(super) fn ensure_section(&mut self, at: usize) {
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
    pub(super) fn open_heading_entry(
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
}
