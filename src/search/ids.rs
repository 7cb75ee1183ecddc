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
use rustc_hash::FxHashMap as HashMap;

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
    /// The ID with the leading zeros of its numbers left out
    /// (`ORA1476` for `ORA-01476`, as people type it): matches only
    /// exactly.
    pub exact_only: bool,
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

/// Characters people write between the parts of a code, or leave out
/// (`OBD-1013`, `obd1013`, `ERROR 1062`): a plain ID's anchors are
/// compared without them.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '-' | '_' | ' ')
}

/// `token` upper-cased without separators: how plain anchors are compared.
pub(crate) fn compact(upper: &str) -> String {
    upper.chars().filter(|&c| !is_separator(c)).collect()
}

/// The anchors of `id` (upper-cased), each once, that have a key and do
/// not start inside a `{placeholder}`. A plain ID's anchors are written
/// without separators ([`compact`]); a templated one's keep them, since
/// a placeholder stands for one segment between them.
pub(crate) fn anchors(doc: usize, id: &str) -> Vec<Anchor> {
    let upper = id.trim().to_uppercase();
    let templated = upper.contains('{');
    let chars: Vec<(usize, char)> = upper.char_indices().collect();
    // An empty ID (a heading `### #`) has no anchor: nothing to match.
    if chars.is_empty() {
        return Vec::new();
    }
    let kept = |c: char| templated || !is_separator(c);
    let id_chars = chars.iter().filter(|(_, c)| kept(*c)).count();
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
        let after_separator = is_separator(previous) && c.is_alphanumeric();
        let switch = (previous.is_alphabetic() && c.is_numeric())
            || (previous.is_numeric() && c.is_alphabetic());
        if after_separator || switch {
            starts.push(i);
        }
    }
    let mut out: Vec<Anchor> = Vec::new();
    for start in starts {
        let rest = &upper[chars[start].0..];
        let text = if templated {
            rest.to_string()
        } else {
            compact(rest)
        };
        if key(&text).is_none() || out.iter().any(|a| a.text == text) {
            continue;
        }
        out.push(Anchor {
            doc,
            text,
            whole: start == 0,
            id_chars,
            exact_only: false,
        });
    }
    if !templated {
        let unpadded = out
            .iter()
            .find(|a| a.whole)
            .and_then(|a| without_leading_zeros(&a.text))
            .filter(|u| key(u).is_some() && out.iter().all(|a| &a.text != u));
        if let Some(unpadded) = unpadded {
            out.push(Anchor {
                doc,
                text: unpadded,
                whole: true,
                id_chars,
                exact_only: true,
            });
        }
    }
    out
}

/// `ORA01476` → `ORA1476`: each run of digits without its leading zeros
/// (one digit at least); `None` when there are none to leave out.
pub(crate) fn without_leading_zeros(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    let mut pending_zero = false;
    let mut changed = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits && c == '0' {
                pending_zero = true;
                continue;
            }
            if pending_zero && !in_digits {
                changed = true;
            }
            in_digits = true;
            pending_zero = false;
            out.push(c);
        } else {
            if pending_zero {
                // A run of zeros only stays one zero.
                out.push('0');
                pending_zero = false;
            }
            in_digits = false;
            out.push(c);
        }
    }
    if pending_zero {
        out.push('0');
    }
    changed.then_some(out)
}

/// How `token` (upper-cased) matches `anchor`, if it does; `pattern` is
/// the anchor's [`template_pattern`] when it has a placeholder.
pub(crate) fn match_anchor(
    anchor: &Anchor,
    pattern: Option<&Regex>,
    token: &str,
) -> Option<IdMatch> {
    let partial = || IdMatch::Partial {
        closeness: token.chars().count() as f32 / anchor.id_chars as f32,
    };
    if anchor.text.contains('{') {
        if pattern.is_some_and(|p| p.is_match(token)) {
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
    } else if !anchor.exact_only && !token.is_empty() && anchor.text.starts_with(token) {
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

/// Words after which a bare number is a code: `ERROR 1062`,
/// `errno: 1004`, `code=1004`, `Error Code: 1062`.
pub(crate) const CODE_WORDS: &[&str] = &[
    "error",
    "err",
    "errno",
    "errcode",
    "errorcode",
    "error_code",
    "code",
    "sqlcode",
];

/// Characters that end a token of the query.
const DELIMITERS: &str = "[](),;:'\"<>=#`";

/// A token of the query that may be (part of) a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeToken {
    /// Upper-cased; a plain anchor is compared with its [`compact`] form.
    pub text: String,
    /// `false` for a bare number outside a code context (`processed 1004
    /// rows`): it names a code only together with that code's message.
    pub strong: bool,
}

/// Tokens of the query that could be (part of) a code, upper-cased:
/// - those of at least four characters with a letter and a digit or
///   hyphen in them (`OBD-1013`, `obd1013`), or the whole query when it
///   is one word (`resoie`, `000201`, `1062`);
/// - a word of letters and the number after it, joined (`ERROR 1062`
///   → `ERROR1062`, for IDs written with a space);
/// - a number in a code context: after one of [`CODE_WORDS`] (`ERROR
///   1062`, `errno: 1004`, `code=1004`), after `#`, or in brackets
///   (`[1004]`, `[tikv:9005]`);
/// - any other number, weak: a timestamp, a count, a port, a line number
///   (`session.go:1234`) is a value, not a code, unless the line also
///   carries that code's message.
pub(crate) fn code_tokens(query: &str) -> Vec<CodeToken> {
    // (start, end) of each token in bytes, trimmed of punctuation.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in query.char_indices().chain([(query.len(), ' ')]) {
        let ends = i == query.len() || c.is_whitespace() || DELIMITERS.contains(c);
        match (ends, start) {
            (false, None) => start = Some(i),
            (true, Some(from)) => {
                start = None;
                let piece = &query[from..i];
                let keep = |c: char| c.is_alphanumeric() || c == '{' || c == '}';
                let Some(first) = piece.find(keep) else {
                    continue;
                };
                let last = piece.rfind(keep).unwrap_or(first);
                let last_len = piece[last..].chars().next().map_or(1, char::len_utf8);
                spans.push((from + first, from + last + last_len));
            }
            _ => {}
        }
    }
    // Counted once: a log line has many words.
    let longs: Vec<bool> = spans
        .iter()
        .map(|&(s, e)| query[s..e].chars().nth(KEY_CHARS - 1).is_some())
        .collect();
    let single_word =
        longs.iter().filter(|&&l| l).count() == 1 && !query.trim().contains(char::is_whitespace);
    let is_number = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mut out: Vec<CodeToken> = Vec::new();
    let mut push = |text: String, strong: bool| match out.iter_mut().find(|t| t.text == text) {
        Some(t) => t.strong |= strong,
        None => out.push(CodeToken { text, strong }),
    };
    for (n, &(s, e)) in spans.iter().enumerate() {
        let token = &query[s..e];
        // `ERROR 1062`: a word of letters, one space, a number.
        if let Some(&(ns, ne)) = spans.get(n + 1) {
            let next = &query[ns..ne];
            if token.len() >= 2
                && token.chars().all(|c| c.is_ascii_alphabetic())
                && &query[e..ns] == " "
                && is_number(next)
            {
                push(format!("{}{next}", token.to_ascii_uppercase()), true);
            }
        }
        if !longs[n] {
            continue;
        }
        let upper = token.to_uppercase();
        let codelike = token.chars().any(char::is_alphabetic)
            && token.chars().any(|c| c.is_ascii_digit() || c == '-');
        if is_number(token) && !single_word {
            push(upper, in_code_context(query, &spans, n));
        } else if single_word || codelike {
            let compacted = compact(&upper);
            push(upper, true);
            push(compacted, true);
        }
    }
    out
}

/// Whether the number at `spans[n]` is written where a code goes.
fn in_code_context(query: &str, spans: &[(usize, usize)], n: usize) -> bool {
    let (s, e) = spans[n];
    let before = &query[..s];
    let after = &query[e..];
    if before.ends_with('#') {
        return true;
    }
    // `[1004]`, `[tikv:9005]`; not a run of brackets, where a log puts
    // its thread and trace IDs (`[6222][T1_L0_G0]`).
    if after.starts_with(']') && !after[1..].starts_with('[') {
        let opened = before.rfind('[');
        let inside = opened.map(|o| &before[o + 1..]);
        if inside.is_some_and(|t| {
            t.is_empty()
                || t.strip_suffix(':').is_some_and(|w| {
                    !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        }) {
            return true;
        }
    }
    let Some(&(ps, pe)) = n.checked_sub(1).and_then(|p| spans.get(p)) else {
        return false;
    };
    let gap = &query[pe..s];
    let word = query[ps..pe].to_lowercase();
    gap.chars().count() <= 3
        && gap.chars().all(|c| matches!(c, ' ' | ':' | '='))
        && CODE_WORDS.contains(&word.as_str())
}

/// All anchors of a catalog, by key.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    by_key: HashMap<String, Vec<Anchor>>,
    /// The pattern of each templated anchor, compiled once: a log scan
    /// asks for them on every line with a code.
    patterns: HashMap<String, Regex>,
}

impl IdIndex {
    /// `ids` are `(doc, id)`: a doc may have several (its aliases).
    pub(crate) fn new<'a>(ids: impl Iterator<Item = (usize, &'a str)>) -> IdIndex {
        let mut by_key: HashMap<String, Vec<Anchor>> = HashMap::default();
        for (doc, id) in ids {
            for anchor in anchors(doc, id) {
                if let Some(key) = key(&anchor.text) {
                    by_key.entry(key).or_default().push(anchor);
                }
            }
        }
        let patterns = by_key
            .values()
            .flatten()
            .filter(|a| a.text.contains('{'))
            .filter_map(|a| Some((a.text.clone(), template_pattern(&a.text)?)))
            .collect();
        IdIndex { by_key, patterns }
    }

    /// `(doc, how, strong)` for every ID a token of `query` matches. A
    /// weak token (a bare number) matches only a whole ID.
    pub(crate) fn matches(&self, query: &str) -> Vec<(usize, IdMatch, bool)> {
        let mut out = Vec::new();
        for token in code_tokens(query) {
            let Some(anchors) = key(&token.text).and_then(|k| self.by_key.get(&k)) else {
                continue;
            };
            for anchor in anchors {
                match match_anchor(anchor, self.patterns.get(&anchor.text), &token.text) {
                    Some(how) if token.strong => out.push((anchor.doc, how, true)),
                    Some(IdMatch::Exact) => out.push((anchor.doc, IdMatch::Exact, false)),
                    _ => {}
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
            ["CMRESOIE000201", "RESOIE000201", "000201", "CMRESOIE201"]
        );
        assert_eq!(
            texts("CONNECTOR-SIOR01014054"),
            [
                "CONNECTORSIOR01014054",
                "SIOR01014054",
                "01014054",
                "CONNECTORSIOR1014054"
            ]
        );
        assert_eq!(
            texts("CONNECTOR-SIKA-{type}-001101"),
            [
                "CONNECTOR-SIKA-{TYPE}-001101",
                "SIKA-{TYPE}-001101",
                "001101"
            ]
        );
        assert_eq!(texts("ERROR 1062"), ["ERROR1062", "1062"]);
        assert_eq!(texts("ORA-01476"), ["ORA01476", "01476", "ORA1476"]);
        assert_eq!(without_leading_zeros("E0308").as_deref(), Some("E308"));
        assert_eq!(without_leading_zeros("E1000"), None);
        assert!(texts("AB").is_empty());
    }

    fn found(index: &IdIndex, query: &str) -> Vec<(usize, IdMatch)> {
        index
            .matches(query)
            .into_iter()
            .filter(|m| m.2)
            .map(|(d, how, _)| (d, how))
            .collect()
    }

    #[test]
    fn tokens_match_exactly_by_template_or_in_part() {
        let index = IdIndex::new(
            [
                "CM-RESOIE000201",
                "CONNECTOR-SIKA-{type}-001101",
                "CM-RESOIE000202",
                "OBD-1013",
                "ERROR 1062",
            ]
            .into_iter()
            .enumerate(),
        );
        let found = |q: &str| found(&index, q);
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
        // Without the leading zeros, exactly only.
        assert_eq!(found("cm-resoie201"), [(0, IdMatch::Exact)]);
        assert!(found("cm-resoie20").is_empty());
        // No separator, or a space in the ID.
        assert_eq!(found("obd1013"), [(3, IdMatch::Exact)]);
        assert_eq!(found("[ERROR] OBD_1013 boom"), [(3, IdMatch::Exact)]);
        assert!(found("error 1062 (23000): x").contains(&(4, IdMatch::Exact)));
    }

    fn strong(query: &str) -> Vec<String> {
        code_tokens(query)
            .into_iter()
            .filter(|t| t.strong)
            .map(|t| t.text)
            .collect()
    }

    fn weak(query: &str) -> Vec<String> {
        code_tokens(query)
            .into_iter()
            .filter(|t| !t.strong)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn code_tokens_are_found_in_free_text() {
        assert_eq!(
            strong("error CM-RESOIE000201: store"),
            ["CM-RESOIE000201", "CMRESOIE000201"]
        );
        assert_eq!(strong("cm-resoie"), ["CM-RESOIE", "CMRESOIE"]);
        assert_eq!(strong("resoie"), ["RESOIE"]);
        assert!(code_tokens("store start time").is_empty());
        assert_eq!(strong("000201"), ["000201"]);
        assert_eq!(strong("1062"), ["1062"]);
    }

    #[test]
    fn a_bare_number_is_a_code_only_in_a_code_context() {
        for query in [
            "ERROR 1004 (HY000): x",
            "error 1004",
            "code=1004",
            "errno: 1004",
            "Error Code: 1004. x",
            "[1004] x",
            "x #1004",
            "[error=\"[tikv:1004]Region is unavailable\"]",
        ] {
            assert!(
                strong(query).contains(&"1004".to_string()),
                "{query}: {:?}",
                code_tokens(query)
            );
        }
        assert_eq!(
            weak("INFO processed 1004 rows in 2010 ms, pid 3021"),
            ["1004", "2010", "3021"]
        );
        let line = "INFO processed 1004 rows in 2010 ms, pid 3021";
        assert!(strong(line)
            .iter()
            .all(|t| t.chars().any(char::is_alphabetic)));
        assert_eq!(weak("at session.go:1234"), ["1234"]);
        assert_eq!(
            weak("(ob_server.cpp:1137) [6222][T1_L0_G0] x"),
            ["1137", "6222"]
        );
        assert_eq!(weak("2026-11-21 ERROR 3652 (57014): x"), ["57014"]);
        assert_eq!(
            strong("2026-11-21 ERROR 3652 (57014): x"),
            ["ERROR3652", "3652"]
        );
    }
}
