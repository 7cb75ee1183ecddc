//! Message templates matched inside a query: the query is a log line or a
//! message with its placeholders filled in, plus whatever surrounds it
//! (timestamp, level, thread, exception class, trailing detail).
//!
//! Each message becomes a case-insensitive pattern whose placeholders
//! (`{name}`, `${x}`, `$(x)`, `$x`, `%s`, ...) and sample values
//! (`xxx.xxx.xxx.xxx`) match anything. Running every pattern on every
//! query would not scale to 100k codes, so each template is filed under
//! its rarest *whole word* (one no placeholder touches, which a matching
//! query must contain as a word), and only the templates filed under the
//! query's words are tried. The browser index files them the same way.
//! Codes that share a message share one template.

use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// Literal characters that let a template match anywhere in a query.
pub(super) const LONG_LITERAL: usize = 12;
/// A shorter template matches anywhere when its literal text is at least
/// 1 / LITERAL_SHARE of the query.
pub(super) const LITERAL_SHARE: usize = 2;

pub(super) struct Template {
    /// The codes with this message, in catalog order.
    pub docs: Vec<usize>,
    /// Regular expression (Rust and JavaScript syntax alike), matched
    /// case-insensitively.
    pub pattern: String,
    /// Characters of literal text: a longer match is a more specific one.
    pub literal_len: usize,
    /// Characters of literal text other than white space: how specific
    /// the template is (`{host}:{port}` says more than `{table}`).
    pub specificity: usize,
    /// The words a query must contain whole when it matches: those of
    /// the literal text not cut by a placeholder.
    pub whole_words: Vec<String>,
    /// The longest run of literal text without a placeholder or a run of
    /// white space other than one space: text any matching line contains
    /// as written (the log scanner looks for it first).
    pub anchor: String,
    /// The regular expression compiled, anywhere and at the query's end:
    /// on the first query that reaches it (most templates never are).
    compiled: OnceLock<Option<(Regex, Regex)>>,
}

#[derive(Default)]
pub(super) struct MessageTemplates {
    templates: Vec<Template>,
    /// Templates by their rarest whole word.
    by_word: HashMap<String, Vec<usize>>,
    /// Templates without a whole word, tried on every query.
    always: Vec<usize>,
}

/// Placeholders and sample values, as in `text::message`, plus `xxx.xxx`
/// style sample values that writers put in place of real ones.
static WILDCARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &[
            r"\$\{[^{}\s]+\}|\$\([^()\s]+\)|\{[^{}]+\}|\$[A-Za-z_][A-Za-z0-9_]*",
            crate::text::ANGLE,
            crate::text::PRINTF,
            // Sample values writers put in place of real ones: `x.x.x.x`,
            // `xxx.xxx.xxx.xxx`, `xxx`.
            r"\bx+(?:\.x+)+\b|\bx{3,}\b",
        ]
        .join("|"),
    )
    .expect("valid pattern")
});

impl MessageTemplates {
    #[cfg(test)]
    pub(super) fn new<'a>(messages: impl Iterator<Item = &'a str>) -> Self {
        Self::of_docs(messages.enumerate())
    }

    /// Templates of `(doc, message)` pairs: a code defined twice may
    /// have two messages.
    pub(super) fn of_docs<'a>(messages: impl Iterator<Item = (usize, &'a str)>) -> Self {
        let mut templates: Vec<Template> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        for (doc, message) in messages {
            let whole = compile(doc, message);
            let parts = parts(message)
                .filter_map(|part| compile(doc, part))
                .filter(|part| part.literal_len >= LONG_LITERAL);
            for template in whole.into_iter().chain(parts) {
                match by_pattern.get(&template.pattern) {
                    Some(&i) if templates[i].docs.last() != Some(&doc) => {
                        templates[i].docs.push(doc)
                    }
                    Some(_) => {}
                    None => {
                        by_pattern.insert(template.pattern.clone(), templates.len());
                        templates.push(template);
                    }
                }
            }
        }
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for template in &templates {
            for word in &template.whole_words {
                *frequency.entry(word).or_default() += 1;
            }
        }
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut always = Vec::new();
        for (i, template) in templates.iter().enumerate() {
            let rarest = template.whole_words.iter().min_by_key(|w| {
                (
                    frequency.get(w.as_str()).copied().unwrap_or(0),
                    std::cmp::Reverse(w.len()),
                    w.as_str(),
                )
            });
            match rarest {
                Some(word) => by_word.entry(word.clone()).or_default().push(i),
                None => always.push(i),
            }
        }
        MessageTemplates {
            templates,
            by_word,
            always,
        }
    }

    /// Templates by their rarest whole word, and those without one.
    pub(super) fn filed(&self) -> (&HashMap<String, Vec<usize>>, &[usize]) {
        (&self.by_word, &self.always)
    }

    pub(super) fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Whether a template of `literal_len` characters may match a query
    /// of `query_len` letters and digits anywhere in it: when its literal
    /// text is long, or at least half the query. A shorter one may only
    /// match at the query's end.
    pub(super) fn long_enough(literal_len: usize, query_len: usize) -> bool {
        literal_len >= LONG_LITERAL || literal_len * LITERAL_SHARE >= query_len
    }

    /// `(doc, specificity)` of every template found in `query`.
    pub(super) fn matches(&self, query: &str) -> Vec<(usize, usize)> {
        let mut candidates: Vec<usize> = self.always.clone();
        for word in query_words(query) {
            candidates.extend(self.by_word.get(&word).into_iter().flatten());
        }
        self.matches_among(query, candidates, &[])
    }

    /// [`Self::matches`] among `candidates`, which must hold every
    /// template that can match (the log scanner knows them from its
    /// automaton's hits); those in `anywhere` are known to match somewhere
    /// in the query already.
    pub(super) fn matches_among(
        &self,
        query: &str,
        mut candidates: Vec<usize>,
        anywhere: &[usize],
    ) -> Vec<(usize, usize)> {
        let query_len = query.chars().filter(|c| c.is_alphanumeric()).count();
        candidates.sort_unstable();
        candidates.dedup();
        let mut out = Vec::new();
        for (i, template) in candidates.into_iter().map(|i| (i, &self.templates[i])) {
            let long = Self::long_enough(template.literal_len, query_len);
            if long && anywhere.contains(&i) {
                out.extend(template.docs.iter().map(|&doc| (doc, template.specificity)));
                continue;
            }
            // A short message inside a long query is likelier chance than
            // the message, unless it ends the query, where a log line
            // puts its message (`... [main] Illegal host: 10.0.0.7`).
            let Some((anywhere_pattern, at_end)) = template.compiled() else {
                continue;
            };
            let pattern = if long { anywhere_pattern } else { at_end };
            if pattern.is_match(query) {
                out.extend(template.docs.iter().map(|&doc| (doc, template.specificity)));
            }
        }
        out
    }
}

impl Template {
    /// Whether the template may match `line` somewhere (the log
    /// scanner's cheap test before the whole matcher).
    pub(super) fn may_match(&self, line: &str) -> bool {
        self.compiled()
            .is_some_and(|(anywhere, _)| anywhere.is_match(line))
    }

    /// The pattern compiled to match anywhere and at the query's end.
    fn compiled(&self) -> Option<&(Regex, Regex)> {
        self.compiled
            .get_or_init(|| {
                let build = |p: &str| {
                    regex::RegexBuilder::new(p)
                        .case_insensitive(true)
                        .build()
                        .ok()
                };
                Some((
                    build(&self.pattern)?,
                    build(&format!(r"(?:{})\s*$", self.pattern))?,
                ))
            })
            .as_ref()
    }
}

/// Where a message may be cut: after a sentence's or a clause's
/// punctuation (`. `, `; `, `, `, `。`, `，`).
static CUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.;,:]\s+|[。；，：]\s*").expect("valid pattern"));

/// Most cuts tried in one message.
const MOST_CUTS: usize = 8;

/// The prefixes and suffixes of a message cut at [`CUT`] (not inside a
/// placeholder): a log line often carries only part of a message (the
/// first sentence left out, or the last), and a part explains that much
/// of the line. Parts with less literal text than [`LONG_LITERAL`] are
/// left out (by the caller): a short piece would match by chance.
fn parts(message: &str) -> impl Iterator<Item = &str> {
    let message = message.trim();
    let wildcards: Vec<(usize, usize)> = WILDCARD
        .find_iter(message)
        .map(|m| (m.start(), m.end()))
        .collect();
    let cuts: Vec<(usize, usize)> = CUT
        .find_iter(message)
        .map(|m| (m.start(), m.end()))
        .filter(|&(s, e)| e < message.len() && !wildcards.iter().any(|&(ws, we)| s < we && e > ws))
        .take(MOST_CUTS)
        .collect();
    cuts.into_iter().flat_map(move |(s, e)| {
        // The punctuation ends the prefix; the suffix starts after it.
        let first = s + message[s..].chars().next().map_or(1, char::len_utf8);
        [&message[..first], &message[e..]]
    })
}

/// The template of one message, if it has enough literal text.
fn compile(doc: usize, message: &str) -> Option<Template> {
    let message = message.trim().trim_end_matches(['.', '。']);
    let mut pattern = String::new();
    let mut literals: Vec<&str> = Vec::new();
    let mut at = 0;
    for wildcard in WILDCARD.find_iter(message) {
        literals.push(&message[at..wildcard.start()]);
        push_literal(&mut pattern, &message[at..wildcard.start()]);
        pattern.push_str(".+?");
        at = wildcard.end();
    }
    literals.push(&message[at..]);
    push_literal(&mut pattern, &message[at..]);
    pattern.push_str(r"[.。]?");
    let literal_len = literals
        .iter()
        .map(|l| l.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    let longest_piece = literals
        .iter()
        .map(|l| l.chars().filter(|c| c.is_alphanumeric()).count())
        .max()?;
    if literal_len < 4 || longest_piece < 3 {
        return None;
    }
    let whole_words = whole_words(&literals);
    let anchor = literals
        .iter()
        .flat_map(|l| {
            l.split(|c: char| c.is_whitespace() && c != ' ')
                .flat_map(|s| s.split("  "))
        })
        .map(str::trim)
        .max_by_key(|s| s.chars().count())
        .unwrap_or_default()
        .to_string();
    Some(Template {
        compiled: OnceLock::new(),
        anchor,
        docs: vec![doc],
        pattern,
        literal_len,
        specificity: literals
            .iter()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).count())
            .sum(),
        whole_words,
    })
}

/// Lower-cased words of the literal pieces that a placeholder does not
/// touch: a query the template matches has each of them as a word.
fn whole_words(literals: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let last = literals.len().saturating_sub(1);
    for (n, piece) in literals.iter().enumerate() {
        let mut start = None;
        for (i, c) in piece.char_indices().chain([(piece.len(), ' ')]) {
            match (c.is_alphanumeric() && i < piece.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(from)) => {
                    start = None;
                    let cut_before = from == 0 && n > 0;
                    let cut_after = i == piece.len() && n < last;
                    let word = piece[from..i].to_lowercase();
                    if !cut_before && !cut_after && !words.contains(&word) {
                        words.push(word);
                    }
                }
                _ => {}
            }
        }
    }
    words
}

/// The lower-cased words of a query, cut as [`whole_words`] cuts a
/// template: runs of letters and digits, a CJK run whole (the text
/// search's character pairs would never equal a template's word).
fn query_words(query: &str) -> Vec<String> {
    super::text::distinct_words(query.split(|c: char| !c.is_alphanumeric()))
}

/// Literal text, with any run of white space matching any run.
fn push_literal(pattern: &mut String, literal: &str) {
    let mut in_space = false;
    for c in literal.chars() {
        if c.is_whitespace() {
            if !in_space {
                pattern.push_str(r"\s+");
            }
            in_space = true;
        } else {
            in_space = false;
            let mut buffer = [0u8; 4];
            pattern.push_str(&regex::escape(c.encode_utf8(&mut buffer)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(messages: &[&str], query: &str) -> Vec<usize> {
        let mut docs: Vec<usize> = MessageTemplates::new(messages.iter().copied())
            .matches(query)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        docs.sort();
        docs.dedup();
        docs
    }

    #[test]
    fn log_lines_match_their_template() {
        let messages = [
            "No available store. SubTopic: [%s], checkpoint: [%s]",
            "ReadFileCommand execute failed, Ret: {exception message}.",
            "Failed to operate all process. Failed: {$Failed}.",
            "Failed to operate part of process. Failed: {$Failed},  Success: {$Success}",
            "Access denied for user 'root'@'xxx.xxx.xxx.xxx'.",
        ];
        assert_eq!(
            found(
                &messages,
                "No available store. SubTopic: [t1], checkpoint: [17000]"
            ),
            [0]
        );
        assert_eq!(
            found(
                &messages,
                "2026-11-21 WARN [x] ReadFileCommand execute failed, Ret: java.io.IOException: /a"
            ),
            [1]
        );
        assert_eq!(
            found(
                &messages,
                "Failed to operate part of process. Failed: [a], Success: [b]"
            ),
            [3]
        );
        assert_eq!(
            found(&messages, "Failed to operate all process. Failed: a, b."),
            [2]
        );
        assert_eq!(
            found(&messages, "Access denied for user 'root'@'10.0.0.1'"),
            [4]
        );
        assert!(found(&messages, "store checkpoint").is_empty());
        // A short message counts in a long line only where it ends it.
        let short = ["Illegal host: {host}", "Lock {name} lost."];
        assert_eq!(
            found(
                &short,
                "2026-11-21 08:00:02 ERROR [worker-7] Illegal host: 10.0.0.7"
            ),
            [0]
        );
        assert_eq!(
            found(&short, "2026-11-21 08:00:02 ERROR [worker-7] Lock t1 lost."),
            [1]
        );
        assert!(found(
            &short,
            "2026-11-21 08:00:02 ERROR [worker-7] Lock t1 lost while connecting to the replica set"
        )
        .is_empty());
    }

    #[test]
    fn whole_words_are_those_no_placeholder_touches() {
        assert_eq!(
            whole_words(&["No store. Sub", "x: [", "]"]),
            ["no", "store"]
        );
        assert_eq!(whole_words(&["Invalid CLOB: ", ""]), ["invalid", "clob"]);
    }
}
