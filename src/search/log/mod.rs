//! Scanning a log for known errors: every line the search would answer
//! with confidence (an exact or templated code, or a message).
//!
//! A log can be many gigabytes, so the scan streams it through a fixed
//! buffer and never runs the matcher on a line that cannot match: one
//! Aho-Corasick automaton finds, in a single pass over the buffer, every
//! code as written and without separators, the literal pieces of
//! templated codes, and the longest literal piece of every message
//! template and of its parts (its *anchor*). Only lines with a hit go to
//! the search's own [`Matcher`], so a line is named here exactly when
//! `errbook search` with that line puts that code first with confidence.

use super::matcher::Matcher;
use super::{fragment, ids, MatchKind, Parts};
use crate::model::{Catalog, FieldKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind as AcMatchKind};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;

/// Bytes read at a time; also the longest line scanned whole (a longer
/// line is scanned in pieces of this size, still under its own number).
pub(crate) const BUFFER_BYTES: usize = 1 << 20;

/// A block read is scanned on several threads from this size up (a
/// pipe's few lines are not worth a thread).
const PARALLEL_BYTES: usize = 256 << 10;
/// The most threads a scan uses.
const MOST_THREADS: usize = 8;

/// What a scan calls for every line that names a known error, with the
/// line's bytes.
type Found<'a> = dyn FnMut(&LineMatch, &[u8]) -> std::io::Result<()> + 'a;

/// One code of the catalog (all its definitions).
#[derive(Debug, Clone)]
pub struct LogDoc {
    pub id: String,
    pub level: Option<String>,
    /// The first line of the first solution, as plain text.
    pub solution: String,
}

/// Why a line matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineMatchKind {
    /// The line contains the code.
    Id,
    /// The line contains the code's message.
    Message,
}

/// A line of the log that names a known error.
#[derive(Debug, Clone, Serialize)]
pub struct LineMatch {
    /// 1-based line number.
    pub line: u64,
    /// The codes: those written in the line, else those whose message
    /// the line carries (several when codes share a message).
    pub docs: Vec<usize>,
    pub kind: LineMatchKind,
}

pub(crate) struct LogScanner {
    docs: Vec<LogDoc>,
    /// Finds, in one pass, every line that could name a code: one with
    /// a code written out, a literal piece of a templated one, or the
    /// anchor of a message template.
    automaton: AhoCorasick,
    /// What each pattern of the automaton is: `None` for a code, else
    /// the message template whose anchor it is.
    targets: Vec<Option<usize>>,
    /// Decides what such a line names, as the search does.
    matcher: Matcher,
    /// Templates with no anchor in the automaton (too short to look for).
    unanchored: Vec<usize>,
    /// Each code's message as words, and every word of them: a line
    /// made only of message words may be a fragment of one, which the
    /// search puts above a message the line holds ([`fragment`]).
    message_words: Vec<Vec<String>>,
    vocabulary: std::collections::HashSet<String>,
}

/// A line the automaton hit, while its hits are looked at.
struct HitLine<'b> {
    start: usize,
    /// The end of the line, before its `\r\n` or `\n`.
    end: usize,
    /// Whether a hit can make the matcher name it: a code, or a
    /// template that matches the line somewhere.
    may_match: bool,
    /// The templates whose anchor the line has, each tried once, and
    /// those of them that match somewhere in it.
    tried: Vec<usize>,
    matching: Vec<usize>,
    /// The line decoded, once, when a hit needed it.
    text: Option<std::borrow::Cow<'b, str>>,
}

/// Totals of a scan.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ScanTotals {
    pub lines: u64,
    pub bytes: u64,
    pub matched_lines: u64,
}

impl LogScanner {
    pub(crate) fn new(catalog: &Catalog) -> Result<LogScanner, String> {
        let parts = Parts::new(catalog);
        let by_key: HashMap<&str, usize> = parts
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.key.as_str(), i))
            .collect();
        let mut docs: Vec<LogDoc> = parts
            .docs
            .iter()
            .map(|d| LogDoc {
                id: d.id.clone(),
                level: d.level.clone(),
                solution: String::new(),
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Option<usize>> = Vec::new();
        let mut seen: std::collections::HashSet<String> = Default::default();
        for entry in catalog.entries() {
            let key = entry.key();
            if let Some(&doc) = by_key.get(key.as_ref()) {
                if docs[doc].solution.is_empty() {
                    docs[doc].solution = entry
                        .field(FieldKind::Solution)
                        .map(|f| first_line(&f.body.text))
                        .unwrap_or_default();
                }
            }
            for id in std::iter::once(&entry.id).chain(&entry.aliases) {
                let upper = id.trim().to_uppercase();
                if upper.contains('{') {
                    // The longest literal piece between placeholders.
                    let longest = upper
                        .split(['{', '}'])
                        .step_by(2)
                        .max_by_key(|piece| piece.len())
                        .unwrap_or_default();
                    if longest.len() >= 3 {
                        patterns.push(longest.to_string());
                        targets.push(None);
                    }
                    continue;
                }
                // As written, and as the search also reads it: without
                // separators (`obd1013`), without leading zeros
                // (`ORA-1476`), letters and number apart (`OBD 4300`).
                let compact = ids::compact(&upper);
                let mut forms = vec![compact.clone(), upper.clone()];
                forms.extend(ids::without_leading_zeros(&compact));
                forms.extend(ids::without_leading_zeros(&upper));
                if let Some(digits) = compact.find(|c: char| c.is_ascii_digit()) {
                    let (letters, number) = compact.split_at(digits);
                    if letters.len() >= 2
                        && letters.chars().all(|c| c.is_ascii_alphabetic())
                        && number.chars().all(|c| c.is_ascii_digit())
                    {
                        forms.push(format!("{letters} {number}"));
                    }
                }
                for form in forms {
                    if form.chars().count() >= ids::KEY_CHARS && seen.insert(form.clone()) {
                        patterns.push(form);
                        targets.push(None);
                    }
                }
            }
        }
        let message_words: Vec<Vec<String>> = parts
            .docs
            .iter()
            .map(|d| fragment::words(&d.message))
            .collect();
        let vocabulary = message_words.iter().flatten().cloned().collect();
        let mut unanchored = Vec::new();
        for (i, template) in parts.templates.templates().iter().enumerate() {
            if template.anchor.chars().count() >= 3 {
                patterns.push(template.anchor.clone());
                targets.push(Some(i));
            } else {
                unanchored.push(i);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(AcMatchKind::Standard)
            // A DFA: the patterns are many, and the scan is all the work.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| format!("cannot build the log matcher: {e}"))?;
        Ok(LogScanner {
            docs,
            automaton,
            targets,
            unanchored,
            message_words,
            vocabulary,
            matcher: Matcher {
                ids: parts.ids,
                templates: parts.templates,
            },
        })
    }

    pub(crate) fn docs(&self) -> &[LogDoc] {
        &self.docs
    }

    /// Reads `input` to the end, calling `found` for every line that names
    /// a known error, in order. Memory stays at about two buffers whatever
    /// the size of the log or of its lines.
    pub(crate) fn scan(
        &self,
        mut input: impl Read,
        found: &mut Found<'_>,
    ) -> std::io::Result<ScanTotals> {
        let mut totals = ScanTotals::default();
        // Asked once: on Linux it reads the cgroup's CPU quota.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MOST_THREADS));
        let mut buffer = vec![0u8; BUFFER_BYTES * 2];
        // Bytes of an unfinished line carried from the previous read.
        let mut carried = 0usize;
        // The number of the line that starts the buffer.
        let mut line_number = 1u64;
        let mut at_end = false;
        while !at_end {
            let mut filled = carried;
            // Fill up to BUFFER_BYTES past the carried part (short reads
            // from pipes are normal).
            while filled < carried + BUFFER_BYTES {
                let n = match input.read(&mut buffer[filled..carried + BUFFER_BYTES]) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if n == 0 {
                    at_end = true;
                    break;
                }
                totals.bytes += n as u64;
                filled += n;
                // A pipe (`tail -f`) should not wait for a full buffer to
                // report lines that are already there.
                if buffer[filled - n..filled].contains(&b'\n') {
                    break;
                }
            }
            let data = &buffer[..filled];
            // Complete lines; at the end, or when one line fills the whole
            // buffer, everything.
            let complete = match memchr::memrchr(b'\n', data) {
                Some(last) => last + 1,
                None if at_end || filled >= BUFFER_BYTES => filled,
                None => {
                    carried = filled;
                    continue;
                }
            };
            // At the end everything is scanned; so is a line that would
            // not fit in what is left of the buffer.
            let complete = if at_end || filled - complete >= BUFFER_BYTES {
                filled
            } else {
                complete
            };
            let newlines =
                self.scan_lines(threads, &data[..complete], line_number, &mut totals, found)?;
            line_number += newlines;
            totals.lines += newlines;
            if at_end && complete > 0 && data[complete - 1] != b'\n' {
                // The last line has no newline; it is a line all the same.
                totals.lines += 1;
            }
            buffer.copy_within(complete..filled, 0);
            carried = filled - complete;
        }
        Ok(totals)
    }

    /// Scans whole lines starting with line `first_line` on every core
    /// when `block` is big enough to be worth it: pieces cut at line ends
    /// are scanned at once and their lines reported in order, so the
    /// output is the same as one thread's. Returns the number of newlines
    /// in `block`.
    fn scan_lines(
        &self,
        threads: usize,
        block: &[u8],
        first_line: u64,
        totals: &mut ScanTotals,
        found: &mut Found<'_>,
    ) -> std::io::Result<u64> {
        if threads < 2 || block.len() < PARALLEL_BYTES {
            return self.scan_block(block, first_line, totals, found);
        }
        let mut pieces: Vec<&[u8]> = Vec::new();
        let mut start = 0;
        for i in 1..threads {
            let target = (block.len() * i / threads).max(start);
            let cut =
                memchr::memchr(b'\n', &block[target..]).map_or(block.len(), |at| target + at + 1);
            if cut < block.len() {
                pieces.push(&block[start..cut]);
                start = cut;
            }
        }
        pieces.push(&block[start..]);
        type Piece = (Vec<(LineMatch, std::ops::Range<usize>)>, u64, u64);
        let scanned: Vec<std::io::Result<Piece>> = std::thread::scope(|scope| {
            let handles: Vec<_> = pieces
                .iter()
                .map(|&piece| {
                    scope.spawn(move || {
                        let mut lines = Vec::new();
                        let mut piece_totals = ScanTotals::default();
                        let newlines =
                            self.scan_block(piece, 0, &mut piece_totals, &mut |matched, bytes| {
                                // `bytes` is a slice of `piece`.
                                let at = bytes.as_ptr() as usize - piece.as_ptr() as usize;
                                lines.push((matched.clone(), at..at + bytes.len()));
                                Ok(())
                            })?;
                        Ok((lines, newlines, piece_totals.matched_lines))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut line = first_line;
        for (piece, result) in pieces.iter().zip(scanned) {
            let (lines, newlines, matched) = result?;
            for (mut matched_line, range) in lines {
                matched_line.line += line;
                found(&matched_line, &piece[range])?;
            }
            totals.matched_lines += matched;
            line += newlines;
        }
        Ok(line - first_line)
    }

    /// Scans whole lines starting with line `first_line` on this thread;
    /// returns the number of newlines in `block`.
    fn scan_block(
        &self,
        block: &[u8],
        first_line: u64,
        totals: &mut ScanTotals,
        found: &mut Found<'_>,
    ) -> std::io::Result<u64> {
        let mut counted_to = 0usize;
        let mut line_number = first_line;
        let mut current: Option<HitLine> = None;
        for hit in self.automaton.find_overlapping_iter(block) {
            let same_line = current.as_ref().is_some_and(|l| hit.start() <= l.end);
            if !same_line {
                if let Some(line) = current.take() {
                    self.finish_line(
                        block,
                        line,
                        &mut counted_to,
                        &mut line_number,
                        totals,
                        found,
                    )?;
                }
                let start = memchr::memrchr(b'\n', &block[..hit.start()]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &block[hit.end()..])
                    .map_or(block.len(), |i| hit.end() + i);
                // The line as reported: without a `\r` before its `\n`.
                let end = if end > start && block[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                current = Some(HitLine {
                    start,
                    end,
                    may_match: false,
                    tried: Vec::new(),
                    matching: Vec::new(),
                    text: None,
                });
            }
            let Some(line) = current.as_mut() else {
                continue;
            };
            // A code goes to the matcher; a message's anchor only when
            // its template can match the line at all. Every template hit
            // is tried: the matcher then looks at only those.
            match self.targets[hit.pattern().as_usize()] {
                None => line.may_match = true,
                Some(t) if !line.tried.contains(&t) => {
                    line.tried.push(t);
                    let text = line.text.get_or_insert_with(|| {
                        String::from_utf8_lossy(&block[line.start..line.end])
                    });
                    if self.matcher.templates.templates()[t].may_match(text) {
                        line.matching.push(t);
                        line.may_match = true;
                    }
                }
                Some(_) => {}
            }
        }
        if let Some(line) = current {
            self.finish_line(
                block,
                line,
                &mut counted_to,
                &mut line_number,
                totals,
                found,
            )?;
        }
        line_number += memchr::memchr_iter(b'\n', &block[counted_to..]).count() as u64;
        Ok(line_number - first_line)
    }

    /// Numbers a line with a hit and, when it may match, asks the matcher.
    fn finish_line(
        &self,
        block: &[u8],
        line: HitLine<'_>,
        counted_to: &mut usize,
        line_number: &mut u64,
        totals: &mut ScanTotals,
        found: &mut Found<'_>,
    ) -> std::io::Result<()> {
        if !line.may_match {
            return Ok(());
        }
        *line_number += memchr::memchr_iter(b'\n', &block[*counted_to..line.start]).count() as u64;
        *counted_to = line.start;
        let bytes = &block[line.start..line.end];
        let text = line.text.unwrap_or_else(|| String::from_utf8_lossy(bytes));
        if let Some(matched) = self.match_line(&text, line.matching, *line_number) {
            totals.matched_lines += 1;
            found(&matched, bytes)?;
        }
        Ok(())
    }

    /// What one line names: what the search would put first, when it is
    /// confident ([`Matcher::confident`]); every code tied first.
    /// `matching` are the templates whose anchors the line has and that
    /// match somewhere in it: with those the scanner has no anchor for,
    /// every template that can match it.
    fn match_line(&self, text: &str, matching: Vec<usize>, number: u64) -> Option<LineMatch> {
        let mut templates = matching.clone();
        templates.extend_from_slice(&self.unanchored);
        let ranked = self.matcher.candidates_among(text, templates, &matching);
        let &(_, best, kind) = ranked.first()?;
        if !Matcher::confident(kind, text)
            || (kind == MatchKind::Message && self.fragment_above(text, best))
        {
            return None;
        }
        let docs = ranked
            .iter()
            .take_while(|(_, score, k)| *score == best && *k == kind)
            .map(|(d, _, _)| *d)
            .collect();
        Some(LineMatch {
            line: number,
            docs,
            kind: if kind == MatchKind::Message {
                LineMatchKind::Message
            } else {
                LineMatchKind::Id
            },
        })
    }
}

impl LogScanner {
    /// Whether the search would put a message the line is a fragment of
    /// above a message match scoring `best`: it would then answer with
    /// that text match, with which `explain --log` names nothing. Both
    /// scores are whole numbers below a fragment's text-score fraction,
    /// so a fragment scoring `best` or more comes first.
    fn fragment_above(&self, line: &str, best: f32) -> bool {
        let words = fragment::words(line);
        if words.len() < 2 || !words.iter().all(|w| self.vocabulary.contains(w)) {
            return false;
        }
        self.message_words.iter().any(|message| {
            fragment::score_of_words(&words, message, 0.0).is_some_and(|score| score >= best)
        })
    }
}

/// The first line of a solution that says what to do, as plain text: an
/// edition label alone ("Enterprise Edition:") is skipped, and a long
/// line is cut after its first sentence.
pub(crate) fn first_line(markdown: &str) -> String {
    const MAX: usize = 160;
    for line in markdown.lines() {
        let plain = crate::text::plain_text(line.trim()).0;
        let plain = plain.trim();
        if plain.is_empty() || (plain.ends_with([':', '：']) && plain.chars().count() < 40) {
            continue;
        }
        if plain.chars().count() <= MAX {
            return plain.to_string();
        }
        let cut: String = plain.chars().take(MAX).collect();
        return match cut.match_indices(". ").find(|(at, _)| *at >= 10) {
            Some((end, _)) => cut[..end + 1].to_string(),
            None => format!("{}…", cut.trim_end()),
        };
    }
    String::new()
}

#[cfg(test)]
mod tests;
