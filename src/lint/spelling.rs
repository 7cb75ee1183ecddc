//! The `spelling` rule: prose words checked against the SCOWL en_US Hunspell
//! dictionary (embedded; see `dictionaries/COPYRIGHT-en_US`) through
//! spellbook, plus the catalog's own word list from `site.toml`.
//!
//! Technical text is full of words no dictionary has, so only plain words
//! are checked: anything with digits, underscores, dots, slashes or braces,
//! ALL-CAPS acronyms and CamelCase names are taken as identifiers. Code
//! spans and code blocks never reach this rule (the parser keeps prose
//! apart from code).

use super::{Findings, Rule};
use crate::model::Span;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

const AFF: &str = include_str!("../../dictionaries/en_US.aff");
const DIC: &str = include_str!("../../dictionaries/en_US.dic");

fn dictionary() -> &'static spellbook::Dictionary {
    static DICTIONARY: OnceLock<spellbook::Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        spellbook::Dictionary::new(AFF, DIC).expect("the embedded en_US dictionary parses")
    })
}

/// Checks every prose run of every document.
pub(super) fn check(out: &mut Findings<'_>) {
    let extra: HashSet<String> = out
        .input
        .config
        .spelling
        .words
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    // Verdict per distinct word: None when right, else a suggestion (maybe empty).
    let mut verdicts: HashMap<String, Option<String>> = HashMap::new();
    let mut findings: Vec<(Span, String, String)> = Vec::new();
    for document in &out.input.catalog.documents {
        let text = &out.input.sources[document.file].text;
        for run in &document.prose {
            let Some(prose) = text.get(run.start..run.end) else {
                continue;
            };
            for (offset, word) in words(prose) {
                let verdict = verdicts.entry(word.to_string()).or_insert_with(|| {
                    if is_known(word, &extra) {
                        None
                    } else {
                        Some(suggest(word, &extra))
                    }
                });
                if let Some(suggestion) = verdict {
                    let at = run.start + offset;
                    let before = &text[run.start..at];
                    let span = Span {
                        file: run.file,
                        line: run.line + before.matches('\n').count() as u32,
                        column: match before.rfind('\n') {
                            Some(i) => before[i + 1..].chars().count() as u32 + 1,
                            None => run.column + before.chars().count() as u32,
                        },
                        start: at,
                        end: at + word.len(),
                    };
                    findings.push((span, word.to_string(), suggestion.clone()));
                }
            }
        }
    }
    for (span, word, suggestion) in findings {
        let help = if suggestion.is_empty() {
            "if the word is right, add it to `words` under [spelling] in site.toml".to_string()
        } else {
            format!("did you mean `{suggestion}`? If `{word}` is right, add it to `words` under [spelling] in site.toml")
        };
        out.emit(
            Rule::Spelling,
            &span,
            None,
            format!("unknown word `{word}`"),
            help,
        );
    }
}

/// The catalog's own words first (a typo of a product term is likelier
/// than of an English word), then the dictionary's suggestion.
fn suggest(word: &str, extra: &HashSet<String>) -> String {
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

fn is_known(word: &str, extra: &HashSet<String>) -> bool {
    let dictionary = dictionary();
    extra.contains(&word.to_lowercase())
        || dictionary.check(word)
        || dictionary.check(&word.to_lowercase())
}

/// Plain words in a prose run and their byte offsets. Identifier-like
/// tokens are skipped whole.
fn words(prose: &str) -> Vec<(usize, &str)> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").expect("valid pattern"));
    let mut found = Vec::new();
    for token in TOKEN.find_iter(prose) {
        let text = token.as_str();
        let lead = text.len()
            - text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let inner = text[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
        let plain = inner
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
        if inner.is_empty() || !plain {
            continue;
        }
        let mut at = token.start() + lead;
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
        assert_eq!(found, ["Run", "then", "fails", "it's", "fine"]);
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
        let none = HashSet::new();
        assert!(is_known("migration", &none));
        assert!(is_known("Restart", &none));
        assert!(!is_known("preckeck", &none));
        assert!(is_known(
            "preckeck",
            &HashSet::from(["preckeck".to_string()])
        ));
    }
}
