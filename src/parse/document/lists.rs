//! Lists: a list catalog's items, each an entry introduced by a code line
//! (`* Error Number: 8001`), and bullets that are an entry's fields
//! (`- Cause: ...`).

use super::fields::{label_at, FieldLabel};
use super::{DocumentParser, OpenField, Place, Spanned};
use crate::model::{FieldKind, Shape};
use crate::text::plain_text;
use pulldown_cmark::{Event, Tag, TagEnd};

impl<'a> DocumentParser<'a> {
    /// Items of a top-level list: `(index of Start(Item), index of its End)`.
    pub(super) fn items(block: &[Spanned<'a>]) -> Vec<(usize, usize)> {
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
    pub(super) fn item_text_start(block: &[Spanned<'a>], item: usize) -> usize {
        match block.get(item + 1) {
            Some((Event::Start(Tag::Paragraph), _)) => item + 2,
            _ => item + 1,
        }
    }

    /// A list catalog: each item that starts with `Error Number: 8001` is
    /// an entry, and the text indented under it is its body. Items without
    /// a code line are text of whatever is open.
    pub(super) fn list_entries(&mut self, block: &[Spanned<'a>]) -> bool {
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
            self.open_entry(id, code_range.clone(), 0, dedent);
            // The code line's label (`Error Number`) is the catalog's words
            // too: the page shows it with the code, as a field.
            let label = plain_text(&self.text[text_start..code_range.start]).0;
            let label = label.trim_matches(|c: char| {
                c.is_whitespace() || c == '*' || c == '_' || super::super::labels::is_colon(c)
            });
            if !label.is_empty() {
                let field = self.implicit_field(FieldKind::Key, label, code_range);
                if let Place::Entry(open) = &mut self.place {
                    open.entry.fields.push(field);
                }
            }
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
    pub(super) fn item_part(&mut self, part: &[Spanned<'a>], code_line_end: usize) {
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
    /// 4016`): every item starts with a label, and one of them is a label
    /// the catalog knows or the list opens an entry of a labelled shape
    /// (`* Error code in MySQL: 1007` right under the heading; whether
    /// that label is one of the catalog's fields, the linter judges from
    /// how many entries use it).
    pub(super) fn bullet_fields(&mut self, block: &[Spanned<'a>]) -> bool {
        let Place::Entry(open) = &self.place else {
            return false;
        };
        let opens_entry = open.field.is_none()
            && matches!(self.layout.shape, Shape::Headings | Shape::HeadingMessage);
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
        if items.is_empty() || !all_labelled || !(any_known || opens_entry) {
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
}
