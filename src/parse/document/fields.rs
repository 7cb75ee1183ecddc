//! An entry's fields: labels at the start of a paragraph or line (bold,
//! `**Cause:**` or `**Cause**:`, or plain and known), fields run together
//! on consecutive lines, edition blocks inside a solution, and the entry
//! assembled when it ends (key, level, message, editions).

use super::{DocumentParser, OpenEntry, OpenField, Place, Spanned};
use crate::model::*;
use crate::parse::labels::{is_colon, normalise};
use crate::text::{message, plain_text};
use pulldown_cmark::{Event, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

impl<'a> DocumentParser<'a> {
    pub(super) fn paragraph(&mut self, block: &[Spanned<'a>], range: Range<usize>) {
        if matches!(self.place, Place::Section) && self.code_paragraph(block, &range) {
            return;
        }
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

    /// A plain label at `block[at]`: `Cause: ...`. In a paragraph only a
    /// label the catalog knows counts (`Note: ...` stays text); in a list
    /// of fields any short label does.
    pub(super) fn plain_label_at(
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
        let raw = caps.get(1)?.as_str();
        let label = raw.trim();
        if label.is_empty() || label.split_whitespace().count() > 6 {
            return None;
        }
        // A doubled colon (`Error code in OceanBase Database:: 38105`)
        // belongs to the label, not to the value.
        let doubled = text[caps.get(0)?.end()..]
            .chars()
            .take_while(|c| matches!(c, ':' | '：'))
            .map(char::len_utf8)
            .sum::<usize>();
        let mut end = range.start + caps.get(0)?.end() + doubled;
        let mut body_start = end;
        let mut label = label;
        // `Cause (two most common causes):` is the cause, the words in
        // parentheses the first of its text.
        if !self.labels.is_known(label) {
            if let Some(known) = self.qualified_label(label) {
                let known_end = raw.len() - raw.trim_start().len() + known.len();
                end = range.start + known_end;
                body_start = end + text.get(known_end..)?.find('(')?;
                label = known;
            }
        }
        if known_only && !self.labels.is_known(label) {
            return None;
        }
        Some(FieldLabel {
            text: label.to_string(),
            range: range.start..end,
            body_start,
        })
    }

    /// The known label that `label` starts with when the rest is words in
    /// parentheses (`Cause (two most common causes)` gives `Cause`).
    fn qualified_label<'l>(&self, label: &'l str) -> Option<&'l str> {
        let (known, qualifier) = label.split_once('(')?;
        let known = known.trim_end();
        (qualifier.ends_with(')') && !known.is_empty() && self.labels.is_known(known))
            .then_some(known)
    }

    /// An edition label opening a paragraph inside a solution.
    pub(super) fn edition_at(&self, block: &[Spanned<'a>], at: usize) -> Option<(String, usize)> {
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

    pub(super) fn add_edition(
        &mut self,
        (label, body_start): (String, usize),
        paragraph_start: usize,
    ) {
        if let Place::Entry(open) = &mut self.place {
            if let Some(field) = &mut open.field {
                field.editions.push((label, paragraph_start, body_start));
            }
        }
    }

    pub(super) fn close_field(&mut self, open: &mut OpenEntry, end: usize) {
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

    pub(super) fn finish_entry(&self, open: OpenEntry) -> ErrorEntry {
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
                let mut codes = key_codes(&value).into_iter();
                let id = codes.next().unwrap_or(value);
                let heading_code = std::mem::replace(&mut entry.id, id);
                entry.aliases.insert(0, heading_code);
                entry.aliases.extend(codes);
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
}

/// The codes a key field lists: `5543 and 5546` (one entry for two
/// numbers, as the OceanBase reference writes some) is the ID 5543 known
/// also as 5546. A value is a list only when every part is one word, so a
/// key of several words stays whole.
fn key_codes(value: &str) -> Vec<String> {
    let mut spaced = value.to_string();
    for separator in [",", "，", ";", "；", "/", "、", "和", "或"] {
        spaced = spaced.replace(separator, " , ");
    }
    let mut parts = Vec::new();
    let mut part_words = 0;
    for word in spaced.split_whitespace() {
        if word == "," || word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
            if part_words != 1 {
                return Vec::new();
            }
            part_words = 0;
            continue;
        }
        part_words += 1;
        parts.push(word.to_string());
    }
    if part_words != 1 || parts.len() < 2 {
        return Vec::new();
    }
    parts
}

/// Drops the indentation that every line but the first shares (the text
/// of a list item, indented under its marker; at least `width`), and
/// empties lines of only spaces.
pub(super) fn dedent(text: &str, width: usize) -> String {
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

pub(super) struct FieldLabel {
    pub(super) text: String,
    pub(super) range: Range<usize>,
    pub(super) body_start: usize,
}

/// A bold field label starting at `block[at]`: `**Cause:**` or `**Cause**:`.
pub(super) fn label_at(block: &[Spanned<'_>], at: usize) -> Option<FieldLabel> {
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
pub(super) fn inline_text(block: &[Spanned<'_>]) -> (String, Option<Range<usize>>) {
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
