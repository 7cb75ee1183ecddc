//! The `errcodes` shape: PostgreSQL's `src/backend/utils/errcodes.txt`,
//! read a line at a time, because lines are its syntax:
//!
//! ```text
//! Section: Class 22 - Data Exception
//! # a comment
//! 22012    E    ERRCODE_DIVISION_BY_ZERO    division_by_zero
//! ```
//!
//! A code line is `sqlstate level macro [spec_name]`: the SQLSTATE is the
//! entry's ID, E, W or S its level (ERROR, WARNING, SUCCESS), the macro
//! and the spec name its aliases, and the spec name in words its message
//! (`division by zero`; without one, the macro's words after `ERRCODE_`).
//! A SQLSTATE written again with the same level is that code under
//! another macro, as the format intends: the line adds its names to the
//! first one's entry, and its spec name becomes the message if the first
//! had none.
//!
//! Comments keep their words on the site, as Markdown without the `#`:
//! before the first section or code they are the preamble; directly above
//! a `Section:` line, that section's intro; directly above a code line,
//! that code's notes, unless the section has no code yet (a comment on
//! the class, `# (class borrowed from DB2)`), then the section's intro;
//! and a comment standing alone (a blank line after it) belongs to the
//! section it is in. A line that is none of these is noted for the
//! `malformed-line` rule and kept, as written, in the text of its place.

use crate::model::*;
use crate::source::SourceFile;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// Reads an errcodes document. `catalog` names the section of codes
/// that come before any `Section:` line, when the site has several
/// catalogs; otherwise the file's stem does.
pub(super) fn parse<'a>(
    file: usize,
    source: &'a SourceFile,
    text: &'a str,
    catalog: &'a str,
) -> Document {
    let mut reader = Reader {
        file,
        source,
        text,
        catalog,
        document: Document {
            levels: LEVELS
                .iter()
                .map(|(_, name, description)| LevelDefinition {
                    name: name.to_string(),
                    description: description.to_string(),
                    span: source.span(file, 0..0),
                })
                .collect(),
            ..Document::empty(file, Shape::Errcodes, source.span(file, 0..0))
        },
        preamble: Vec::new(),
        intros: Vec::new(),
        notes: Vec::new(),
        comment: Vec::new(),
        codes: HashMap::new(),
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        reader.line(start, line);
        start += line.len();
    }
    reader.finish()
}

/// The level letters, the levels entries get, and what they mean.
const LEVELS: [(&str, &str, &str); 3] = [
    ("E", "ERROR", "E: an error"),
    ("W", "WARNING", "W: a warning"),
    ("S", "SUCCESS", "S: success"),
];

/// A line of text kept for the site: a comment without its `#`, or a
/// malformed line as written.
struct Line<'t> {
    /// Where `text` starts in the file.
    start: usize,
    text: &'t str,
    comment: bool,
}

/// The text of one place (the preamble, an intro, an entry's notes):
/// paragraphs of lines.
type Kept<'t> = Vec<Vec<Line<'t>>>;

/// The first line of a SQLSTATE: where its entry is, and what later
/// lines of it may add to.
struct FirstLine {
    section: usize,
    entry: usize,
    level: String,
    /// The message is a spec name's, not the macro's.
    named: bool,
}

struct Reader<'a> {
    file: usize,
    source: &'a SourceFile,
    /// The document's text (the source's, template tags blanked out).
    text: &'a str,
    catalog: &'a str,
    document: Document,
    preamble: Kept<'a>,
    /// One per section.
    intros: Vec<Kept<'a>>,
    /// One per entry of each section.
    notes: Vec<Vec<Kept<'a>>>,
    /// The comment lines read since the last line of another kind.
    comment: Vec<Line<'a>>,
    codes: HashMap<String, FirstLine>,
}

impl<'a> Reader<'a> {
    fn line(&mut self, start: usize, line: &'a str) {
        let line = line.trim_end_matches(['\n', '\r']);
        let text = line.trim();
        let at = start + (line.len() - line.trim_start().len());
        if text.is_empty() {
            self.comment_stands_alone();
        } else if let Some(comment) = text.strip_prefix('#') {
            let lead = usize::from(comment.starts_with(' '));
            self.comment.push(Line {
                start: at + 1 + lead,
                text: &comment[lead..],
                comment: true,
            });
        } else if let Some(name) = text.strip_prefix("Section:") {
            if name.trim().is_empty() {
                self.malformed(at, text, LineProblem::SectionName);
            } else {
                let name_at = at + text.len() - name.trim_start().len();
                self.section(at..at + text.len(), name_at..name_at + name.trim().len());
            }
        } else {
            let columns = columns(text, at);
            let words: Vec<&str> = columns.iter().map(|c| self.slice(c)).collect();
            match code_line_problem(&words) {
                None => self.code(&columns),
                Some(problem) => self.malformed(at, text, problem),
            }
        }
    }

    fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[range.clone()]
    }

    /// Where text that belongs to no code goes: the last section's intro,
    /// or the preamble before the first section.
    fn here(&mut self) -> &mut Kept<'a> {
        match self.intros.last_mut() {
            Some(intro) => intro,
            None => &mut self.preamble,
        }
    }

    fn take_comment(&mut self) -> Option<Vec<Line<'a>>> {
        (!self.comment.is_empty()).then(|| std::mem::take(&mut self.comment))
    }

    fn comment_stands_alone(&mut self) {
        if let Some(comment) = self.take_comment() {
            self.here().push(comment);
        }
    }

    fn section(&mut self, line: Range<usize>, name: Range<usize>) {
        // The file's leading comment is the preamble even without a blank
        // line under it; later ones open the section's intro.
        if self.document.sections.is_empty() {
            self.comment_stands_alone();
        }
        let name_text = self.slice(&name).to_string();
        if !name.is_empty() {
            self.document.prose.push(TextRange {
                start: name.start,
                end: name.end,
            });
        }
        self.document.sections.push(Section {
            name: name_text.clone(),
            heading: name_text,
            span: self.source.span(self.file, line.clone()),
            intro: Markdown {
                text: String::new(),
                span: self.source.span(self.file, line.end..line.end),
            },
            entries: Vec::new(),
        });
        let intro = self.take_comment().into_iter().collect();
        self.intros.push(intro);
        self.notes.push(Vec::new());
    }

    /// A section for codes above the first `Section:` line.
    fn ensure_section(&mut self, at: usize) {
        if !self.document.sections.is_empty() {
            return;
        }
        let name = if self.catalog.is_empty() {
            self.source
                .path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        } else {
            self.catalog.to_string()
        };
        self.document.sections.push(Section {
            name,
            heading: String::new(),
            span: self.source.span(self.file, at..at),
            intro: Markdown {
                text: String::new(),
                span: self.source.span(self.file, at..at),
            },
            entries: Vec::new(),
        });
        self.intros.push(Vec::new());
        self.notes.push(Vec::new());
    }

    /// A code line: `sqlstate level macro [spec_name]`, as column ranges.
    fn code(&mut self, columns: &[Range<usize>]) {
        let id = self.slice(&columns[0]);
        let level = self.slice(&columns[1]);
        let names: Vec<&'a str> = columns[2..].iter().map(|c| self.slice(c)).collect();
        if self.document.sections.is_empty() {
            self.comment_stands_alone();
        }
        if let Some(first) = self.codes.get_mut(id).filter(|f| f.level == level) {
            let (section, entry) = (first.section, first.entry);
            let renamed = !first.named && columns.len() == 4;
            first.named |= renamed;
            let entry_ref = &mut self.document.sections[section].entries[entry];
            for name in &names {
                if !entry_ref.aliases.iter().any(|a| a == name) {
                    entry_ref.aliases.push(name.to_string());
                }
            }
            if renamed {
                let field = self.message_field(&columns[3]);
                let entry_ref = &mut self.document.sections[section].entries[entry];
                entry_ref.message = Some(crate::text::message(&field.body.text));
                if let Some(old) = entry_ref
                    .fields
                    .iter_mut()
                    .find(|f| f.kind == FieldKind::Message)
                {
                    *old = field;
                }
            }
            if let Some(comment) = self.take_comment() {
                self.notes[section][entry].push(comment);
            }
            return;
        }
        self.ensure_section(columns[0].start);
        let section = self.document.sections.len() - 1;
        let first_of_section = self.document.sections[section].entries.is_empty();
        let comment = self.take_comment();
        let mut notes = Vec::new();
        match comment {
            Some(comment) if first_of_section => self.intros[section].push(comment),
            Some(comment) => notes.push(comment),
            None => {}
        }
        let message = self.message_field(columns.last().expect("three or four columns"));
        let level_name = LEVELS
            .iter()
            .find(|(letter, _, _)| *letter == level)
            .map_or(level, |(_, name, _)| *name);
        let entry = ErrorEntry {
            id: id.to_string(),
            aliases: names.iter().map(|n| n.to_string()).collect(),
            catalog: String::new(),
            section: self.document.sections[section].name.clone(),
            span: self.source.span(self.file, columns[0].clone()),
            heading_level: 0,
            level: Some(level_name.to_string()),
            message: Some(crate::text::message(&message.body.text)),
            editions: Vec::new(),
            fields: vec![
                self.implicit_field(FieldKind::Level, "Level", &columns[1]),
                message,
            ],
        };
        let entries = &mut self.document.sections[section].entries;
        self.codes.entry(id.to_string()).or_insert(FirstLine {
            section,
            entry: entries.len(),
            level: level.to_string(),
            named: columns.len() == 4,
        });
        entries.push(entry);
        self.notes[section].push(notes);
    }

    /// The message of a spec name (`division_by_zero`: "division by
    /// zero") or a macro (`ERRCODE_DIVISION_BY_ZERO`: the same), pointing
    /// at the column's words, which are as long as the message.
    fn message_field(&self, column: &Range<usize>) -> Field {
        let name = self.slice(column);
        let words = name.strip_prefix("ERRCODE_").unwrap_or(name);
        let start = column.end - words.len();
        let text = words.replace('_', " ").to_lowercase();
        let span = self.source.span(self.file, start..column.end);
        Field {
            kind: FieldKind::Message,
            label: "Message".to_string(),
            span: span.clone(),
            body: Markdown { text, span },
            run_together: false,
            implicit_label: true,
        }
    }

    /// A column as a field with no label as written.
    fn implicit_field(&self, kind: FieldKind, label: &str, column: &Range<usize>) -> Field {
        let span = self.source.span(self.file, column.clone());
        Field {
            kind,
            label: label.to_string(),
            span: span.clone(),
            body: Markdown {
                text: self.slice(column).to_string(),
                span,
            },
            run_together: false,
            implicit_label: true,
        }
    }

    /// A line that is not a code line: noted for `check`, and kept as
    /// written where a comment there would go.
    fn malformed(&mut self, at: usize, text: &'a str, problem: LineProblem) {
        self.comment_stands_alone();
        self.here().push(vec![Line {
            start: at,
            text,
            comment: false,
        }]);
        self.document.notes.push(ParseNote {
            kind: ParseNoteKind::MalformedLine { problem },
            span: self.source.span(self.file, at..at + text.len()),
            text: text.to_string(),
        });
    }

    fn finish(mut self) -> Document {
        self.comment_stands_alone();
        let preamble = std::mem::take(&mut self.preamble);
        if let Some(markdown) = self.markdown(&preamble) {
            self.document.preamble = markdown;
        }
        let intros = std::mem::take(&mut self.intros);
        for (s, intro) in intros.iter().enumerate() {
            if let Some(markdown) = self.markdown(intro) {
                self.document.sections[s].intro = markdown;
            }
        }
        let notes = std::mem::take(&mut self.notes);
        for (s, section) in notes.iter().enumerate() {
            for (e, kept) in section.iter().enumerate() {
                let Some(body) = self.markdown(kept) else {
                    continue;
                };
                let field = Field {
                    kind: FieldKind::Unlabelled,
                    label: String::new(),
                    span: self
                        .source
                        .span(self.file, body.span.start..body.span.start),
                    body,
                    run_together: false,
                    implicit_label: false,
                };
                // The notes are written above the code line.
                self.document.sections[s].entries[e].fields.insert(0, field);
            }
        }
        self.document.prose.sort_by_key(|r| r.start);
        self.document.links.sort_by_key(|l| l.span.start);
        self.document
    }

    /// Kept text as Markdown (lines joined, paragraphs apart), its prose
    /// and links recorded with their places in the file; `None` when
    /// nothing was kept.
    fn markdown(&mut self, kept: &Kept<'a>) -> Option<Markdown> {
        let first = kept.first()?.first()?.start;
        let mut text = String::new();
        // Each line's offset in `text`, its offset in the file, its length
        // and whether it is a comment (only comments are prose).
        let mut lines: Vec<(usize, usize, usize, bool)> = Vec::new();
        for (p, paragraph) in kept.iter().enumerate() {
            for (l, line) in paragraph.iter().enumerate() {
                if p > 0 || l > 0 {
                    text.push_str(if l == 0 { "\n\n" } else { "\n" });
                }
                lines.push((text.len(), line.start, line.text.len(), line.comment));
                text.push_str(line.text);
            }
        }
        // The file's ranges a range of `text` covers, a piece per line.
        let in_file = |range: Range<usize>| {
            lines
                .iter()
                .filter(move |(at, _, len, _)| range.start < at + len && *at < range.end)
                .map(move |&(at, start, len, comment)| {
                    let from = range.start.max(at) - at;
                    let to = range.end.min(at + len) - at;
                    (start + from..start + to, comment)
                })
        };
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_TASKLISTS;
        let mut in_code_block = false;
        for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
            match &event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => {
                    let pieces: Vec<Range<usize>> = in_file(range).map(|(r, _)| r).collect();
                    if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
                        self.document.links.push(Link {
                            destination: dest_url.to_string(),
                            is_image: matches!(event, Event::Start(Tag::Image { .. })),
                            span: self.source.span(self.file, first.start..last.end),
                        });
                    }
                }
                Event::Text(_) if !in_code_block => {
                    let prose = in_file(range)
                        .filter(|(_, comment)| *comment)
                        .map(|(r, _)| TextRange {
                            start: r.start,
                            end: r.end,
                        });
                    self.document.prose.extend(prose);
                }
                _ => {}
            }
        }
        let end = lines
            .last()
            .map_or(first, |&(_, start, len, _)| start + len);
        Some(Markdown {
            text,
            span: self.source.span(self.file, first..end),
        })
    }
}

/// What keeps a line's whitespace-separated columns from being a code
/// line, `sqlstate E/W/S macro [spec_name]`, as PostgreSQL's generators
/// read it: five characters of 0-9 and A-Z, a level letter, one or two
/// names. `None` for a code line.
pub(super) fn code_line_problem(columns: &[&str]) -> Option<LineProblem> {
    if !matches!(columns.len(), 3 | 4) {
        return Some(LineProblem::Columns(columns.len()));
    }
    let sqlstate = columns[0];
    if sqlstate.len() != 5
        || !sqlstate
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Some(LineProblem::Sqlstate);
    }
    if !LEVELS.iter().any(|(letter, _, _)| *letter == columns[1]) {
        return Some(LineProblem::Level);
    }
    None
}

/// The whitespace-separated columns of a line starting at `at`, as
/// ranges of the file.
fn columns(line: &str, at: usize) -> Vec<Range<usize>> {
    let mut columns = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                columns.push(at + s..at + i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        columns.push(at + s..at + line.len());
    }
    columns
}

#[cfg(test)]
mod tests;
