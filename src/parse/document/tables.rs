//! Tables: a table catalog's rows (one entry per row, a column per field),
//! the levels table, and a key/value table that stands in for front matter.

use super::{DocumentParser, Place, Spanned};
use crate::model::*;
use crate::parse::labels::normalise;
use crate::parse::shape::code_heading;
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

pub(super) fn table_rows(block: &[Spanned<'_>]) -> Vec<(Vec<String>, Range<usize>)> {
    table_cells(block)
        .into_iter()
        .map(|(cells, row)| (cells.into_iter().map(|(text, _)| text).collect(), row))
        .collect()
}
