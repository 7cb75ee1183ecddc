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

use super::{Context, Findings};
use crate::model::Span;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

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
    let mut findings: Vec<(Span, &str)> = Vec::new();
    for document in &input.catalog.documents {
        let source = &input.sources[document.file];
        findings.par_extend(document.prose.par_chunks(4096).flat_map_iter(|runs| {
            let mut known: FxHashMap<&str, bool> = FxHashMap::default();
            let mut found = Vec::new();
            for run in runs {
                let Some(prose) = source.text.get(run.start..run.end) else {
                    continue;
                };
                for (offset, word) in words(prose) {
                    if !*known.entry(word).or_insert_with(|| is_known(word, &extra)) {
                        let at = run.start + offset;
                        found.push((source.span(document.file, at..at + word.len()), word));
                    }
                }
            }
            found
        }));
    }
    // Suggestions for the first distinct unknown words, in parallel.
    let mut unknown: Vec<&str> = Vec::new();
    for (_, word) in &findings {
        if unknown.len() < MAX_SUGGESTIONS && !unknown.contains(word) {
            unknown.push(word);
        }
    }
    let suggestions: HashMap<&str, String> = unknown
        .par_iter()
        .map(|word| (*word, suggest(word, &extra)))
        .collect();
    for (span, word) in findings {
        let suggestion = suggestions.get(word).map_or("", String::as_str);
        let help = if suggestion.is_empty() {
            "if the word is right, add it to `words` under [spelling] in site.toml".to_string()
        } else {
            format!("did you mean `{suggestion}`? If `{word}` is right, add it to `words` under [spelling] in site.toml")
        };
        out.report(&span, None, format!("unknown word `{word}`"), help);
    }
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
