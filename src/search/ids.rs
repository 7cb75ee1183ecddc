//! Code IDs in a query: the exact ID, a concrete ID of a templated one,
//! or part of one, in any case.
//!
//! "Part of an ID" means a prefix of one of the ID's *anchors*: the whole
//! ID, the text after each `-` or `_`, and the text from each switch
//! between letters and digits (`CM-RESOIE000201` has the anchors
//! `CM-RESOIE000201`, `RESOIE000201` and `000201`). That is how people
//! cut codes (`resoie000201`, `SIOR01014054`, `CM-RESOIE`), and it lets
//! the browser find them by the first four characters of the query in one
//! small shard, the same way as here, so both give the same answer.

use regex::Regex;
use std::collections::HashMap;

/// Anchors and queries shorter than this are not looked up as IDs.
pub(crate) const KEY_CHARS: usize = 4;

/// One anchor of one ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub doc: usize,
    /// Upper-cased text from the anchor to the end of the ID.
    pub text: String,
    /// Whether the anchor starts the ID.
    pub whole: bool,
    /// Length of the whole ID in characters.
    pub id_chars: usize,
}

/// How a query token matched an anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum IdMatch {
    Exact,
    Templated,
    /// Part of an ID; `closeness` is the share of the ID the token covers.
    Partial {
        closeness: f32,
    },
}

/// The lookup key of an upper-cased token or anchor: its first four
/// characters.
pub(crate) fn key(upper: &str) -> Option<String> {
    let key: String = upper.chars().take(KEY_CHARS).collect();
    (key.chars().count() == KEY_CHARS).then_some(key)
}

/// The anchors of `id` (upper-cased), each once, that have a key and do
/// not start inside a `{placeholder}`.
pub(crate) fn anchors(doc: usize, id: &str) -> Vec<Anchor> {
    let upper = id.to_uppercase();
    let chars: Vec<(usize, char)> = upper.char_indices().collect();
    let id_chars = chars.len();
    // An empty ID (a heading `### #`) has no anchor: nothing to match.
    if chars.is_empty() {
        return Vec::new();
    }
    let mut starts = vec![0];
    let mut depth = 0usize;
    for i in 1..chars.len() {
        let (previous, c) = (chars[i - 1].1, chars[i].1);
        match previous {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || c == '{' {
            continue;
        }
        let after_separator = matches!(previous, '-' | '_') && c.is_alphanumeric();
        let switch = (previous.is_alphabetic() && c.is_numeric())
            || (previous.is_numeric() && c.is_alphabetic());
        if after_separator || switch {
            starts.push(i);
        }
    }
    let mut out: Vec<Anchor> = Vec::new();
    for start in starts {
        let text = upper[chars[start].0..].to_string();
        if key(&text).is_none() || out.iter().any(|a| a.text == text) {
            continue;
        }
        out.push(Anchor {
            doc,
            text,
            whole: start == 0,
            id_chars,
        });
    }
    out
}

/// How `token` (upper-cased) matches `anchor`, if it does.
pub(crate) fn match_anchor(anchor: &Anchor, token: &str) -> Option<IdMatch> {
    let partial = || IdMatch::Partial {
        closeness: token.chars().count() as f32 / anchor.id_chars as f32,
    };
    if anchor.text.contains('{') {
        if template_pattern(&anchor.text).is_some_and(|p| p.is_match(token)) {
            return Some(if anchor.whole {
                IdMatch::Templated
            } else {
                partial()
            });
        }
        // A prefix that stops before the placeholder.
        let literal = &anchor.text[..anchor.text.find('{').unwrap_or(0)];
        return literal.starts_with(token).then(partial);
    }
    if anchor.whole && anchor.text == token {
        Some(IdMatch::Exact)
    } else if anchor.text.starts_with(token) {
        Some(partial())
    } else {
        None
    }
}

/// `CONNECTOR-SIKA-{TYPE}-001101` → `^CONNECTOR-SIKA-[^-\s]+-001101$`:
/// a placeholder stands for one ID segment.
pub(crate) fn template_pattern(text: &str) -> Option<Regex> {
    let mut pattern = String::from("^");
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        pattern.push_str(&regex::escape(&rest[..open]));
        pattern.push_str("[^-\\s]+");
        rest = &rest[close + 1..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    Regex::new(&pattern).ok()
}

/// Tokens of the query that could be (part of) a code: at least four
/// characters, with a letter and a digit or hyphen in them, or the whole
/// query when it is one word (`resoie`, `000201`). Upper-cased. Numbers
/// in a log line (`2026-11-21`, `57014`) are values, not codes.
pub(crate) fn code_tokens(query: &str) -> Vec<String> {
    let tokens: Vec<&str> = query
        .split(|c: char| c.is_whitespace() || "[](),;:'\"<>".contains(c))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '{' && c != '}'))
        .filter(|t| t.chars().count() >= KEY_CHARS)
        .collect();
    let single_word = tokens.len() == 1 && !query.trim().contains(char::is_whitespace);
    let mut out: Vec<String> = Vec::new();
    for token in tokens {
        let codelike = token.chars().any(char::is_alphabetic)
            && token.chars().any(|c| c.is_ascii_digit() || c == '-');
        if single_word || codelike {
            let upper = token.to_uppercase();
            if !out.contains(&upper) {
                out.push(upper);
            }
        }
    }
    out
}

/// All anchors of a catalog, by key.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    by_key: HashMap<String, Vec<Anchor>>,
}

impl IdIndex {
    /// `ids` are `(doc, id)`: a doc may have several (its aliases).
    pub(crate) fn new<'a>(ids: impl Iterator<Item = (usize, &'a str)>) -> IdIndex {
        let mut by_key: HashMap<String, Vec<Anchor>> = HashMap::new();
        for (doc, id) in ids {
            for anchor in anchors(doc, id) {
                if let Some(key) = key(&anchor.text) {
                    by_key.entry(key).or_default().push(anchor);
                }
            }
        }
        IdIndex { by_key }
    }

    /// `(doc, how)` for every ID a token of `query` matches.
    pub(crate) fn matches(&self, query: &str) -> Vec<(usize, IdMatch)> {
        let mut out = Vec::new();
        for token in code_tokens(query) {
            let Some(anchors) = key(&token).and_then(|k| self.by_key.get(&k)) else {
                continue;
            };
            for anchor in anchors {
                if let Some(how) = match_anchor(anchor, &token) {
                    out.push((anchor.doc, how));
                }
            }
        }
        out
    }

    /// Anchors by key, in key order, for the browser index.
    pub(crate) fn by_key(&self) -> Vec<(&str, &[Anchor])> {
        let mut keys: Vec<(&str, &[Anchor])> = self
            .by_key
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        keys.sort_unstable_by_key(|(k, _)| *k);
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(id: &str) -> Vec<String> {
        anchors(0, id).into_iter().map(|a| a.text).collect()
    }

    #[test]
    fn an_empty_id_has_no_anchors() {
        assert!(anchors(0, "").is_empty());
    }

    #[test]
    fn anchors_start_at_separators_and_letter_digit_switches() {
        assert_eq!(
            texts("CM-RESOIE000201"),
            ["CM-RESOIE000201", "RESOIE000201", "000201"]
        );
        assert_eq!(
            texts("CONNECTOR-SIOR01014054"),
            ["CONNECTOR-SIOR01014054", "SIOR01014054", "01014054"]
        );
        assert_eq!(
            texts("CONNECTOR-SIKA-{type}-001101"),
            [
                "CONNECTOR-SIKA-{TYPE}-001101",
                "SIKA-{TYPE}-001101",
                "001101"
            ]
        );
        assert!(texts("AB").is_empty());
    }

    #[test]
    fn tokens_match_exactly_by_template_or_in_part() {
        let index = IdIndex::new(
            [
                "CM-RESOIE000201",
                "CONNECTOR-SIKA-{type}-001101",
                "CM-RESOIE000202",
            ]
            .into_iter()
            .enumerate(),
        );
        let found = |q: &str| index.matches(q);
        assert_eq!(found("cm-resoie000201"), [(0, IdMatch::Exact)]);
        assert_eq!(
            found("CONNECTOR-SIKA-JSON-001101"),
            [(1, IdMatch::Templated)]
        );
        assert!(found("CONNECTOR-SIKA-A-B-001101").is_empty());
        assert_eq!(found("resoie000201").len(), 1);
        assert_eq!(found("cm-resoie").len(), 2);
        assert!(matches!(
            found("SIKA-avro-001101")[..],
            [(1, IdMatch::Partial { .. })]
        ));
        assert!(found("ESOIE000201").is_empty());
    }

    #[test]
    fn code_tokens_are_found_in_free_text() {
        assert_eq!(
            code_tokens("error CM-RESOIE000201: store"),
            ["CM-RESOIE000201"]
        );
        assert_eq!(code_tokens("cm-resoie"), ["CM-RESOIE"]);
        assert_eq!(code_tokens("resoie"), ["RESOIE"]);
        assert_eq!(code_tokens("store start time"), Vec::<String>::new());
        assert_eq!(
            code_tokens("2026-11-21 ERROR 3652 (57014): x"),
            Vec::<String>::new()
        );
        assert_eq!(code_tokens("000201"), ["000201"]);
    }
}
