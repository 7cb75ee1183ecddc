//! Headings: the document's title, code sections, entries whose heading
//! names the code (and may carry its message and SQLSTATE), headings that
//! are neither, and the one entry of a file-per-code catalog.

use super::fields::inline_text;
use super::{DocumentParser, Place, Spanned};
use crate::model::*;
use crate::parse::shape::{code_heading, code_shape, heading_code_shapes, CodeHeading};
use crate::text::plain_text;
use pulldown_cmark::{Event, HeadingLevel, Tag};
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

    /// A paragraph in a code section that opens an entry as a heading
    /// would (`OBD-5000: sql execute failed`, where the other codes are
    /// `### OBD-1000: ...`): its first line is a code, of the shape of the
    /// codes the document's headings name, then a colon and a message.
    /// It is read as the entry it is, so that its text and the fields
    /// after it reach the site, and noted for `check` (`code-not-heading`).
    /// A paragraph that mentions a code (`See OBD-1001 for ...`), or
    /// whose code is not shaped like the headings' codes, stays text; so
    /// does one inside an entry, where it is part of a field.
    pub(super) fn code_paragraph(&mut self, block: &[Spanned<'a>], range: &Range<usize>) -> bool {
        if !matches!(self.layout.shape, Shape::Headings | Shape::HeadingMessage) {
            return false;
        }
        // The paragraph starts with text as written, so offsets hold.
        let Some((Event::Text(_), first)) = block.get(1) else {
            return false;
        };
        if first.start != range.start {
            return false;
        }
        let line_end = self.text[range.clone()]
            .find('\n')
            .map_or(range.end, |i| range.start + i);
        let line = self.text[range.start..line_end].trim_end();
        let Some(code) = code_heading(line) else {
            return false;
        };
        if code.title.is_none() {
            return false;
        }
        let id = &line[code.code.clone()];
        let level = self.layout.entry_level;
        let text = self.text;
        let shapes = self
            .heading_codes
            .get_or_insert_with(|| heading_code_shapes(text, level));
        if !shapes.contains(&code_shape(id)) {
            return false;
        }
        let base = range.start;
        self.document.notes.push(ParseNote {
            kind: ParseNoteKind::CodeNotHeading { level },
            span: self
                .source
                .span(self.file, base + code.code.start..base + code.code.end),
            text: line.to_string(),
        });
        self.finish_place(base);
        self.ensure_section(base);
        self.open_heading_entry(line, base..base + line.len(), Some(code), 0);
        // The lines after the first are the entry's, as after a heading.
        let rest = block
            .iter()
            .position(|(e, r)| {
                matches!(e, Event::SoftBreak | Event::HardBreak) && r.start >= line_end
            })
            .map(|i| i + 1);
        if let Some(at) = rest.filter(|&at| at + 1 < block.len()) {
            let start = block[at].1.start;
            let mut sub = vec![(Event::Start(Tag::Paragraph), start..range.end)];
            sub.extend(block[at..].iter().cloned());
            self.paragraph(&sub, start..range.end);
        }
        true
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

#[cfg(test)]
mod tests {
    use crate::config::CatalogConfig;
    use crate::model::{Catalog, ErrorEntry, FieldKind, ParseNoteKind};
    use crate::parse::parse_catalog;
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn parse(text: &str) -> Catalog {
        let sources = [SourceFile::new(PathBuf::from("t.md"), text.to_string())];
        parse_catalog(&sources, &CatalogConfig::default())
    }

    fn body(entry: &ErrorEntry, kind: FieldKind) -> Option<&str> {
        entry.field(kind).map(|f| f.body.text.as_str())
    }

    const HEADED: &str = "# Codes\n\n## Disk errors\n\n### DSK-1000: Disk full\n\nCause: No space.\n\nSolution: Free space.\n\n";

    #[test]
    fn a_code_written_as_a_paragraph_is_read_as_its_entry() {
        let catalog = parse(&format!(
            "{HEADED}## Query errors\n\nDSK-5000: query failed\n\nCause: A bad query.\n\nSolution: Fix it.\n"
        ));
        let entry = catalog
            .entries()
            .find(|e| e.id == "DSK-5000")
            .expect("DSK-5000 is an entry");
        assert_eq!(entry.section, "Query errors");
        assert_eq!(entry.heading_level, 0);
        assert_eq!(
            entry.message.as_ref().map(|m| m.text.as_str()),
            Some("query failed")
        );
        assert_eq!(body(entry, FieldKind::Cause), Some("A bad query."));
        assert_eq!(body(entry, FieldKind::Solution), Some("Fix it."));
        let notes = &catalog.documents[0].notes;
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].kind, ParseNoteKind::CodeNotHeading { level: 3 });
        assert_eq!(notes[0].text, "DSK-5000: query failed");
        assert_eq!((notes[0].span.line, notes[0].span.column), (13, 1));
    }

    #[test]
    fn fields_run_together_with_the_code_line_are_the_entrys() {
        let catalog = parse(&format!(
            "{HEADED}## Query errors\n\nDSK-5000: query failed\nCause: A bad query.\n"
        ));
        let entry = catalog
            .entries()
            .find(|e| e.id == "DSK-5000")
            .expect("entry");
        assert_eq!(body(entry, FieldKind::Message), Some("query failed"));
        assert_eq!(body(entry, FieldKind::Cause), Some("A bad query."));
    }

    #[test]
    fn prose_that_mentions_a_code_or_has_another_shape_stays_text() {
        for paragraph in [
            "See DSK-1000: it is the same disk.",
            "Step 1: check the disk.",
            "DSK-10000: five digits, not the headings' four.",
            "**DSK-5000**: bold, not as written.",
            "DSK-5000 without a colon",
        ] {
            let catalog = parse(&format!("{HEADED}## Notes on disks\n\n{paragraph}\n"));
            let ids: Vec<&str> = catalog.entries().map(|e| e.id.as_str()).collect();
            assert_eq!(ids, ["DSK-1000"], "{paragraph}");
            assert!(catalog.documents[0].notes.is_empty(), "{paragraph}");
        }
    }

    #[test]
    fn a_code_line_inside_an_entry_is_part_of_its_field() {
        let catalog = parse(&format!("{HEADED}DSK-1001: the log says this.\n"));
        let ids: Vec<&str> = catalog.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["DSK-1000"]);
        assert!(catalog.documents[0].notes.is_empty());
    }
}
