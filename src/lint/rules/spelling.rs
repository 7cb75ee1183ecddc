//! The `spelling` rule.
//!
//! ## What it does
//! Checks the words of prose against the SCOWL en_US Hunspell dictionary
//! (embedded; see `dictionaries/COPYRIGHT-en_US`) through spellbook, plus
//! the catalog's own word list from `site.toml`.
//!
//! Technical text is full of words no dictionary has, so only plain words
//! are checked: anything with digits, underscores, dots, slashes or braces,
//! ALL-CAPS acronyms and CamelCase names are taken as identifiers. Code
//! spans and code blocks never reach this rule (the parser keeps prose
//! apart from code).
//!
//! The catalog's own vocabulary is learned, not reported: a word the
//! catalog also writes as code or as part of an identifier, twice or more
//! (`binlog` in `binlog_format`, `sudo` in a code block), and a word used in at least
//! [`LEARNED_CONTEXTS`] different contexts (the words around it), unless
//! it is one letter away from a word of the word list (`preckeck` beside
//! `precheck`). A copied sentence is one context, so a typo pasted into
//! many entries is still found.
//!
//! Each unknown word is one finding, at its first use, with the count and
//! the other uses as related places: one fix, or one word to add.
//!
//! ## Why is this bad?
//! Typos make a reference look careless, and a reader searching for the
//! right word does not find the entry.
//!
//! ## Example
//! ```markdown
//! **Cause:** The servre is down.
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The server is down.
//! ```

use super::{Context, Findings, Related};
use crate::model::Span;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use std::sync::OnceLock;

const AFF: &str = include_str!("../../../dictionaries/en_US.aff");
const DIC: &str = include_str!("../../../dictionaries/en_US.dic");

fn dictionary() -> &'static spellbook::Dictionary {
    static DICTIONARY: OnceLock<spellbook::Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        spellbook::Dictionary::new(AFF, DIC).expect("the embedded en_US dictionary parses")
    })
}

/// Suggestions scan the whole dictionary (milliseconds each), so only the
/// first distinct unknown words get one; a catalog with more has a
/// vocabulary to add to its word list rather than typos to fix one by one.
const MAX_SUGGESTIONS: usize = 16;

/// A word used in this many different contexts (the words before and
/// after it) is the catalog's vocabulary.
const LEARNED_CONTEXTS: usize = 3;

/// An unknown word where it is used, and the words around it.
struct Use<'t> {
    span: Span,
    word: &'t str,
    context: (&'t str, &'t str),
}

/// Checks every prose run of every document.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let input = cx.input;
    let extra: FxHashSet<String> = input
        .config
        .spelling
        .words
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    // Runs are checked on all cores, each thread with its own cache of
    // verdicts per distinct word; the order of findings is kept.
    let mut findings: Vec<Use<'_>> = Vec::new();
    for document in &input.catalog.documents {
        let source = &input.sources[document.file];
        findings.par_extend(document.prose.par_chunks(4096).flat_map_iter(|runs| {
            let mut known: FxHashMap<&str, bool> = FxHashMap::default();
            let mut found = Vec::new();
            for run in runs {
                let Some(prose) = source.text.get(run.start..run.end) else {
                    continue;
                };
                let words = words(prose);
                for (n, &(offset, word)) in words.iter().enumerate() {
                    if !*known.entry(word).or_insert_with(|| is_known(word, &extra)) {
                        let at = run.start + offset;
                        let before = n.checked_sub(1).map_or("", |m| words[m].1);
                        let after = words.get(n + 1).map_or("", |w| w.1);
                        found.push(Use {
                            span: source.span(document.file, at..at + word.len()),
                            word,
                            context: (before, after),
                        });
                    }
                }
            }
            found
        }));
    }
    // One group per word, in the order of first use.
    let mut groups: Vec<(String, Vec<Use<'_>>)> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    for found in findings {
        let lower = found.word.to_lowercase();
        let at = *index.entry(lower.clone()).or_insert_with(|| {
            groups.push((lower, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(found);
    }
    let in_code = code_words(input.sources);
    groups.retain(|(lower, uses)| !learned(lower, uses, &in_code, &extra));
    // Suggestions for the first distinct unknown words, in parallel.
    let suggestions: Vec<String> = groups
        .par_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, uses)| suggest(uses[0].word, &extra))
        .collect();
    for (n, (_, uses)) in groups.iter().enumerate() {
        let first = &uses[0];
        let word = first.word;
        let suggestion = suggestions.get(n).map_or("", String::as_str);
        let help = if suggestion.is_empty() {
            "if the word is right, add it to `words` under [spelling] in site.toml".to_string()
        } else {
            format!("did you mean `{suggestion}`? If `{word}` is right, add it to `words` under [spelling] in site.toml")
        };
        let times = match uses.len() {
            1 => String::new(),
            n => format!(" ({n} times)"),
        };
        let related = uses[1..]
            .iter()
            .map(|u| Related {
                span: u.span.clone(),
                message: format!("`{}` here too", u.word),
            })
            .collect();
        out.report(
            &first.span,
            None,
            format!("unknown word `{word}`{times}"),
            help,
        )
        .related(related);
    }
}

/// True when an unknown word is the catalog's vocabulary: written as code
/// or in an identifier somewhere, or used in several contexts, and not one
/// letter from a word of the word list.
fn learned(
    lower: &str,
    uses: &[Use<'_>],
    in_code: &FxHashSet<String>,
    extra: &FxHashSet<String>,
) -> bool {
    let near_listed = lower.len() >= 5
        && extra
            .iter()
            .any(|w| strsim::damerau_levenshtein(lower, w) == 1);
    if near_listed {
        return false;
    }
    if in_code.contains(lower) {
        return true;
    }
    let mut contexts: Vec<(String, String)> = uses
        .iter()
        .map(|u| (u.context.0.to_lowercase(), u.context.1.to_lowercase()))
        .collect();
    contexts.sort();
    contexts.dedup();
    contexts.len() >= LEARNED_CONTEXTS
}

/// The words the catalog writes as code or inside identifiers twice or
/// more: the parts
/// of tokens in backticks or fenced code blocks, and of tokens with `_`,
/// digits, inner dots or slashes, or capitals after the first letter
/// (`binlog_format`, `ob.sys`, `DataHub`), lower-cased.
fn code_words(sources: &[crate::source::SourceFile]) -> FxHashSet<String> {
    let mut found: FxHashMap<String, usize> = FxHashMap::default();
    for source in sources {
        let mut fenced = false;
        for line in source.text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            let mut in_span = false;
            for token in line.split_whitespace() {
                let ticks = token.matches('`').count();
                let inner = token.trim_matches(|c: char| !c.is_alphanumeric());
                let identifier = inner.contains('_')
                    || inner.chars().any(|c| c.is_ascii_digit())
                    || inner.contains(['.', '/', ':'])
                    || inner.chars().skip(1).any(|c| c.is_ascii_uppercase());
                if fenced || in_span || ticks > 0 || identifier {
                    for part in inner
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .filter(|p| p.len() >= 3)
                        .flat_map(camel_parts)
                    {
                        *found.entry(part.to_lowercase()).or_default() += 1;
                    }
                }
                if ticks % 2 == 1 {
                    in_span = !in_span;
                }
            }
        }
    }
    // Once may be a file named after the typo (`servre.log`).
    found
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(word, _)| word)
        .collect()
}

/// A word and, when it is CamelCase, its parts (`DataHub`: itself,
/// `Data`, `Hub`).
fn camel_parts(word: &str) -> Vec<&str> {
    let mut parts = vec![word];
    let mut start = 0;
    for (i, c) in word.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            parts.push(&word[start..i]);
            start = i;
        }
    }
    if start > 0 {
        parts.push(&word[start..]);
    }
    parts
}

/// The catalog's own words first (a typo of a product term is likelier
/// than of an English word), then the dictionary's suggestion.
fn suggest(word: &str, extra: &FxHashSet<String>) -> String {
    let lower = word.to_lowercase();
    let own = extra
        .iter()
        .map(|w| (strsim::damerau_levenshtein(&lower, w), w))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    if let Some((_, w)) = own {
        return w.clone();
    }
    let mut suggestions = Vec::new();
    dictionary().suggest(word, &mut suggestions);
    suggestions.into_iter().next().unwrap_or_default()
}

fn is_known(word: &str, extra: &FxHashSet<String>) -> bool {
    let dictionary = dictionary();
    extra.contains(&word.to_lowercase())
        || dictionary.check(word)
        || dictionary.check(&word.to_lowercase())
}

/// Plain words in a prose run and their byte offsets. Identifier-like
/// tokens are skipped whole.
fn words(prose: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (start, token) in tokens(prose) {
        let lead = token.len()
            - token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let inner = token[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
        let plain = inner
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
        if inner.is_empty() || !plain {
            continue;
        }
        let mut at = start + lead;
        for part in inner.split('-') {
            let word = part
                .strip_suffix("'s")
                .or_else(|| part.strip_suffix("’s"))
                .unwrap_or(part);
            let checkable = word.len() >= 3
                && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                && !word.chars().skip(1).any(|c| c.is_ascii_uppercase());
            if checkable {
                found.push((at, word));
            }
            at += part.len() + 1;
        }
    }
    found
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let skipped = rest.len() - rest.trim_start().len();
        rest = &rest[skipped..];
        offset += skipped;
        if rest.is_empty() {
            return None;
        }
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = (offset, &rest[..len]);
        rest = &rest[len..];
        offset += len;
        Some(token)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_acronyms_are_not_words() {
        let found: Vec<&str> =
            words("Run ddl_msg.log on OMS via DataHub, then {checkType} fails; it's fine.")
                .into_iter()
                .map(|(_, w)| w)
                .collect();
        assert_eq!(found, ["Run", "via", "then", "fails", "fine"]);
    }

    #[test]
    fn offsets_point_at_the_word() {
        let prose = "the preckeck on  upper-right";
        for (at, word) in words(prose) {
            assert_eq!(&prose[at..at + word.len()], word);
        }
    }

    #[test]
    fn dictionary_knows_english_and_not_typos() {
        let none = FxHashSet::default();
        assert!(is_known("migration", &none));
        assert!(is_known("Restart", &none));
        assert!(!is_known("preckeck", &none));
        assert!(is_known(
            "preckeck",
            &FxHashSet::from_iter(["preckeck".to_string()])
        ));
    }
}
