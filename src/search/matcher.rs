//! The one matcher of codes and messages: what `search`, `explain`,
//! `explain --log`, serve's `/api/search` and (through the same tables,
//! mirrored line by line in `static/search.js`) the browser rank a query
//! or a log line by, before words.
//!
//! Evidence, strongest first:
//! - a code written in the query in a code context ([`ids::code_tokens`]):
//!   the exact ID, alias or key, a concrete ID of a templated one, or
//!   part of one;
//! - a message template found in the query, whole or a prefix or suffix
//!   of it ([`template`]), scored by how much literal text it explains;
//! - a bare number that is a code's ID, counted only when that code's
//!   message is in the query too (`arguments: -4016, Internal error`).
//!
//! A code matched exactly also gains from its message being in the line:
//! of the 112 entries under ORA-00600 the one whose message the line
//! carries comes first.
//!
//! [`Matcher::confident`] is the rule `explain --log` names a line by: the
//! first candidate is an exact or templated code, or a message.

use super::{ids, template, MatchKind};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Scores of the tiers; text scores (BM25) stay below `TEXT_CEILING`.
pub(super) const EXACT_ID: f32 = 1000.0;
pub(super) const TEMPLATED_ID: f32 = 950.0;
pub(super) const PARTIAL_ID: f32 = 900.0;
pub(super) const MESSAGE: f32 = 800.0;
pub(super) const TEXT_CEILING: f32 = 700.0;
/// A partial ID match gains up to this much for being as long as the ID.
pub(super) const PARTIAL_CLOSENESS: f32 = 10.0;
/// A message match gains one point per literal character, up to this.
pub(super) const SPECIFICITY_CAP: f32 = 99.0;
/// An exact or templated code gains one point per literal character of
/// its message found in the query, up to this (below the gap to the next
/// tier).
pub(super) const MESSAGE_BONUS_CAP: f32 = 39.0;
/// An exact code also named by a bare number in the query (its key, as
/// in `arguments: -4016`) gains this: more than any message bonus, since
/// many messages under one code share their first words.
pub(super) const NUMBER_BONUS: f32 = 40.0;

pub(super) struct Matcher {
    pub ids: ids::IdIndex,
    pub templates: template::MessageTemplates,
}

impl Matcher {
    /// `(doc, score, kind)` of every code the query's IDs or messages
    /// name, best first (ties in catalog order).
    pub(super) fn candidates(&self, query: &str) -> Vec<(usize, f32, MatchKind)> {
        self.ranked(query, self.templates.matches(query))
    }

    /// [`Self::candidates`] when the templates that can match are known:
    /// `templates` holds every one that can (the log scanner's hits and
    /// the templates it has no anchor for), `anywhere` those already seen
    /// to match somewhere in the line. The same answer, without looking
    /// the line's words up.
    pub(super) fn candidates_among(
        &self,
        query: &str,
        templates: Vec<usize>,
        anywhere: &[usize],
    ) -> Vec<(usize, f32, MatchKind)> {
        self.ranked(
            query,
            self.templates.matches_among(query, templates, anywhere),
        )
    }

    fn ranked(&self, query: &str, found: Vec<(usize, usize)>) -> Vec<(usize, f32, MatchKind)> {
        let mut strong: FxHashMap<usize, (f32, MatchKind)> = FxHashMap::default();
        let mut weak: Vec<usize> = Vec::new();
        for (doc, how, is_strong) in self.ids.matches(query) {
            if !is_strong {
                weak.push(doc);
                continue;
            }
            let (score, kind) = match how {
                ids::IdMatch::Exact => (EXACT_ID, MatchKind::ExactId),
                ids::IdMatch::Templated => (TEMPLATED_ID, MatchKind::TemplatedId),
                // Closer in length is the better guess.
                ids::IdMatch::Partial { closeness } => (
                    PARTIAL_ID + PARTIAL_CLOSENESS * closeness,
                    MatchKind::PartialId,
                ),
            };
            keep_best(&mut strong, doc, score, kind);
        }
        let mut messages: FxHashMap<usize, usize> = FxHashMap::default();
        for (doc, specificity) in found {
            let best = messages.entry(doc).or_default();
            *best = (*best).max(specificity);
        }
        let mut scores: FxHashMap<usize, (f32, MatchKind)> = FxHashMap::default();
        for (&doc, &(score, kind)) in &strong {
            let mut score = score;
            if matches!(kind, MatchKind::ExactId | MatchKind::TemplatedId) {
                let specificity = messages.get(&doc).copied().unwrap_or(0) as f32;
                score += specificity.min(MESSAGE_BONUS_CAP);
                if weak.contains(&doc) {
                    score += NUMBER_BONUS;
                }
            }
            scores.insert(doc, (score, kind));
        }
        for (&doc, &specificity) in &messages {
            let specificity = specificity as f32;
            let (score, kind) = if weak.contains(&doc) {
                // A bare number that is this code, beside its message.
                (
                    EXACT_ID + specificity.min(MESSAGE_BONUS_CAP),
                    MatchKind::ExactId,
                )
            } else {
                (
                    MESSAGE + specificity.min(SPECIFICITY_CAP),
                    MatchKind::Message,
                )
            };
            keep_best(&mut scores, doc, score, kind);
        }
        let mut ranked: Vec<(usize, f32, MatchKind)> =
            scores.into_iter().map(|(d, (s, k))| (d, s, k)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// Whether a first candidate of this kind names the line's code with
    /// confidence: `explain --log` names a line exactly then. A code
    /// written out always does; a message does unless the line says it is
    /// ordinary (`INFO`, `DEBUG`, `TRACE`, `[Note]` near its start):
    /// catalogs list messages that are not errors (MariaDB's `ER_READY`,
    /// "ready for connections", printed at every start).
    pub(super) fn confident(kind: MatchKind, line: &str) -> bool {
        match kind {
            MatchKind::ExactId | MatchKind::TemplatedId => true,
            MatchKind::Message => !ordinary_level(line),
            _ => false,
        }
    }
}

/// Keeps the better of a doc's scores (the first of equal ones).
pub(super) fn keep_best<S: std::hash::BuildHasher>(
    scores: &mut HashMap<usize, (f32, MatchKind), S>,
    doc: usize,
    score: f32,
    kind: MatchKind,
) {
    let best = scores.entry(doc).or_insert((f32::MIN, kind));
    if score > best.0 {
        *best = (score, kind);
    }
}

/// Whether the start of a log line gives it an ordinary level.
fn ordinary_level(line: &str) -> bool {
    static LEVEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[\s\[|])(?:INFO|DEBUG|TRACE|NOTE|Info|Debug|Trace|Note|info|debug|trace)(?:[\s\]|:]|$)")
            .expect("valid pattern")
    });
    let mut end = line.len().min(80);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    LEVEL.is_match(&line[..end])
}
