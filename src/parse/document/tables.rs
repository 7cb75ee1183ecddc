//! Tables: a table catalog's rows (one entry per row, a column per field),
//! the levels table, and a key/value table that stands in for front matter.

use super::{DocumentParser, Place, Spanned};
use crate::model::*;
use crate::parse::labels::normalise;
use crate::parse::shape::code_heading;
use crate::text::plain_text;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

impl<'a> DocumentParser<'a> {
    /// A table of codes: a row per code, the columns its fields. A row
    /// with only a first cell that is not a code (`Class 08 — Connection
    /// Exception`) opens a section.
    pub(super) fn table_entries(&mut self, block: &[Spanned<'a>], range: &Range<usize>) -> bool {
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
        let message_column = header
            .iter()
            .position(|(h, _)| self.labels.field_kind(h.trim()) == FieldKind::Message);
        for (cells, row_range) in rows.iter().skip(1) {
            let cells = &self.fit_row(header, code_column, message_column, cells, row_range);
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

    /// A row's cells as the writer meant them. GFM ignores the cells of a
    /// row beyond the header's count, and a `|` in a cell's text that is
    /// not escaped (`Valid values: proxy | direct.`) makes one; so the
    /// extra cells are read back from the row's source and joined, with
    /// the cell before them, into one column, the text reading as written.
    /// That column is the message column when there is one: a message is
    /// where a literal `|` turns up (option lists, quoted syntax, the
    /// special characters of a password rule), while codes, levels and
    /// SQLSTATEs never hold one; else the last column, which the extra
    /// cells follow. The columns after the joined one take the last cells.
    /// The parser notes the row for `check` (`table-row-cells`).
    fn fit_row(
        &mut self,
        header: &[(String, Range<usize>)],
        code_column: usize,
        message_column: Option<usize>,
        cells: &[(String, Range<usize>)],
        row: &Range<usize>,
    ) -> Vec<(String, Range<usize>)> {
        let after = cells.last().map_or(row.start, |(_, r)| r.end);
        let extra = extra_cells(self.text, after..row.end);
        if extra.iter().all(|r| r.is_empty()) {
            return cells.to_vec();
        }
        let column = message_column
            .filter(|&m| m != code_column)
            .or_else(|| (0..header.len()).rev().find(|&i| i != code_column));
        let written = cells.len() + extra.len();
        let mut all: Vec<(String, Range<usize>)> = cells.to_vec();
        all.extend(extra.into_iter().map(|r| {
            let text = plain_text(&self.text[r.clone()]).0;
            (text, r)
        }));
        let Some(column) = column.filter(|&c| c < cells.len()) else {
            return cells.to_vec();
        };
        let joined = column + written - cells.len();
        // The `|` that ends the cell the text was cut at.
        let pipe = self.text[all[column].1.end..]
            .find('|')
            .map_or(all[column].1.end, |i| all[column].1.end + i);
        self.document.notes.push(ParseNote {
            kind: ParseNoteKind::TableRowCells {
                cells: written,
                header: header.len(),
            },
            span: self.source.span(self.file, pipe..pipe + 1),
            text: header[column].0.trim().to_string(),
        });
        let text = all[column..=joined]
            .iter()
            .map(|(t, _)| t.trim())
            .collect::<Vec<_>>()
            .join(" | ");
        let range = all[column].1.start..all[joined].1.end;
        let mut fitted = all[..column].to_vec();
        fitted.push((text, range));
        fitted.extend_from_slice(&all[joined + 1..]);
        fitted
    }

    /// A two-column table before any heading stands in for front matter.
    pub(super) fn metadata_table(&mut self, block: &[Spanned<'a>]) -> bool {
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

    pub(super) fn levels_table(&mut self, block: &[Spanned<'a>]) {
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

/// Rows of a table with each cell's text and range.
#[allow(clippy::type_complexity)]
pub(super) fn table_cells(
    block: &[Spanned<'_>],
) -> Vec<(Vec<(String, Range<usize>)>, Range<usize>)> {
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

/// The cells of a row's source from `range` on (after the last cell GFM
/// read), each trimmed: split at every `|` not escaped, without the row's
/// closing `|`.
fn extra_cells(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let source = &text[range.clone()];
    let rest = source.trim_end();
    let Some(rest) = rest.strip_prefix('|') else {
        return Vec::new();
    };
    let start = range.start + 1;
    let closed = rest.ends_with('|') && !rest.ends_with("\\|");
    let rest = if closed {
        &rest[..rest.len() - 1]
    } else {
        rest
    };
    let mut cells = Vec::new();
    let bytes = rest.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(trimmed(text, start + from..start + i));
            from = i + 1;
        }
    }
    cells.push(trimmed(text, start + from..start + rest.len()));
    cells
}

/// `range` without the spaces at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    range.start + lead..range.start + lead + s.trim().len()
}

pub(super) fn table_rows(block: &[Spanned<'_>]) -> Vec<(Vec<String>, Range<usize>)> {
    table_cells(block)
        .into_iter()
        .map(|(cells, row)| (cells.into_iter().map(|(text, _)| text).collect(), row))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::config::CatalogConfig;
    use crate::model::{ErrorEntry, FieldKind, ParseNoteKind};
    use crate::parse::parse_catalog;
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn parse(text: &str) -> crate::model::Catalog {
        let sources = [SourceFile::new(PathBuf::from("t.md"), text.to_string())];
        parse_catalog(&sources, &CatalogConfig::default())
    }

    fn body(entry: &ErrorEntry, kind: FieldKind) -> Option<&str> {
        entry.field(kind).map(|f| f.body.text.as_str())
    }

    #[test]
    fn a_row_with_more_cells_than_its_header_keeps_them_in_the_message() {
        let catalog = parse(
            "| Code | Message |\n| --- | --- |\n| Q-1 | Modes: fast | safe | slow. |\n| Q-2 | Fine. |\n",
        );
        let entries: Vec<&ErrorEntry> = catalog.entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            body(entries[0], FieldKind::Message),
            Some("Modes: fast | safe | slow.")
        );
        assert_eq!(
            entries[0].message.as_ref().map(|m| m.text.as_str()),
            Some("Modes: fast | safe | slow.")
        );
        assert_eq!(body(entries[1], FieldKind::Message), Some("Fine."));
        let notes = &catalog.documents[0].notes;
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(
            notes[0].kind,
            ParseNoteKind::TableRowCells {
                cells: 4,
                header: 2
            }
        );
        assert_eq!(notes[0].text, "Message");
        // At the first `|` after `fast`.
        assert_eq!((notes[0].span.line, notes[0].span.column), (3, 21));
    }

    #[test]
    fn the_message_column_takes_the_extra_cells_and_later_columns_shift() {
        let catalog = parse(
            "| Code | Message | Cause |\n| --- | --- | --- |\n| Q-1 | Use a | b. | The disk is full. |\n",
        );
        let entry = catalog.entries().next().expect("an entry");
        assert_eq!(body(entry, FieldKind::Message), Some("Use a | b."));
        assert_eq!(body(entry, FieldKind::Cause), Some("The disk is full."));
    }

    #[test]
    fn without_a_message_column_the_last_column_takes_them() {
        let catalog = parse(
            "| Code | Name | Description |\n| --- | --- | --- |\n| 7 | QUIT | Ends a | b | c |\n",
        );
        let entry = catalog.entries().next().expect("an entry");
        let description = entry
            .fields
            .iter()
            .find(|f| f.label == "Description")
            .map(|f| f.body.text.as_str());
        assert_eq!(description, Some("Ends a | b | c"));
    }

    #[test]
    fn a_row_with_fewer_cells_has_the_missing_ones_empty() {
        let catalog = parse(
            "| Code | Message | Cause |\n| --- | --- | --- |\n| Q-1 | Short row. |\n| Q-2 |\n",
        );
        let entries: Vec<&ErrorEntry> = catalog.entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(body(entries[0], FieldKind::Message), Some("Short row."));
        assert_eq!(body(entries[0], FieldKind::Cause), None);
        assert!(entries[1].fields.is_empty());
        assert!(catalog.documents[0].notes.is_empty());
    }

    #[test]
    fn escaped_pipes_and_an_empty_extra_cell_are_not_extra_text() {
        let catalog = parse("| Code | Message |\n| --- | --- |\n| Q-1 | a \\| b | |\n");
        let entry = catalog.entries().next().expect("an entry");
        assert_eq!(body(entry, FieldKind::Message), Some("a \\| b"));
        assert!(catalog.documents[0].notes.is_empty());
    }
}
