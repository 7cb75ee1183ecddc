//! Typo correction: a query word the catalog does not contain is searched
//! as the nearest words it does contain (`dedlock` → `deadlock`), or, if
//! none is near, as its other forms there (`truncating` → `truncate`).
//! The browser applies the same rule to the typo shards of its index
//! (`static/search.js`, `corrections`), so both correct alike.

use super::{Surface, IDENTIFIER_PREFIX};
use crate::text::is_cjk;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

/// Whether typo correction applies to a word: four letters or more, no
/// digits (numbers and IDs are not misspelt words), no CJK characters
/// (pairs are not words, and a wrong one is no typo of another).
pub(crate) fn correctable(word: &str) -> bool {
    word.chars().count() >= MIN_CHARS
        && !word.chars().any(|c| c.is_numeric() || is_cjk(c))
        && !word.starts_with(IDENTIFIER_PREFIX)
}

/// The shortest word (and base) typo correction applies to.
pub(crate) const MIN_CHARS: usize = 4;
/// Letters under which candidates are filed: a typo keeps its first two.
pub(crate) const INITIAL_CHARS: usize = 2;
/// The edits a word may be from its correction: `SHORT_DISTANCE`, or
/// `LONG_DISTANCE` from `LONG_CHARS` letters on.
pub(crate) const SHORT_DISTANCE: usize = 1;
/// See [`SHORT_DISTANCE`].
pub(crate) const LONG_DISTANCE: usize = 2;
/// See [`SHORT_DISTANCE`].
pub(crate) const LONG_CHARS: usize = 6;
/// How many corrections (or other forms) a word gets at most.
pub(crate) const MOST: usize = 2;

/// English endings, longest first, that `other_forms` takes off.
pub(crate) const ENDINGS: [&str; 12] = [
    "ations", "ation", "ings", "ions", "ing", "ion", "ers", "er", "ed", "es", "ly", "s",
];
/// Letters a catalog form may have beyond the base.
pub(crate) const FORM_EXTRA: usize = 5;

/// `word` without its English ending, if at least four letters remain.
fn base(word: &str) -> Option<&str> {
    let ending = ENDINGS.iter().find(|e| word.ends_with(*e))?;
    let base = &word[..word.len() - ending.len()];
    (base.chars().count() >= MIN_CHARS).then_some(base)
}

/// The first two letters, under which typo candidates are filed.
pub(crate) fn initial(word: &str) -> String {
    word.chars().take(INITIAL_CHARS).collect()
}

/// The written words of the catalog a typo may be corrected to.
pub(super) struct TypoCandidates {
    /// Correctable words by their first two letters, each with its
    /// frequency (in how many fields of how many codes it occurs).
    by_initial: HashMap<String, Vec<(String, u64)>>,
}

impl TypoCandidates {
    /// The correctable words of `vocabulary`.
    pub(super) fn new(vocabulary: &BTreeMap<String, Surface>) -> TypoCandidates {
        let mut by_initial: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for (word, surface) in vocabulary.iter().filter(|(w, _)| correctable(w)) {
            by_initial
                .entry(initial(word))
                .or_default()
                .push((word.clone(), surface.frequency));
        }
        TypoCandidates { by_initial }
    }

    /// The written words of the catalog nearest to `word`: same first two
    /// letters, edit distance 1 (or 2 for words of 6 letters or more), the
    /// nearest and then the most frequent first, at most two.
    pub(super) fn corrections(&self, word: &str) -> Vec<String> {
        let length = word.chars().count();
        if !correctable(word) {
            return Vec::new();
        }
        let max = if length >= LONG_CHARS {
            LONG_DISTANCE
        } else {
            SHORT_DISTANCE
        };
        let Some(candidates) = self.by_initial.get(&initial(word)) else {
            return Vec::new();
        };
        let mut near: Vec<(usize, Reverse<u64>, &str)> = candidates
            .iter()
            .filter(|(candidate, _)| candidate.chars().count().abs_diff(length) <= max)
            .map(|(candidate, frequency)| {
                (
                    strsim::damerau_levenshtein(word, candidate),
                    Reverse(*frequency),
                    candidate.as_str(),
                )
            })
            .filter(|(distance, _, _)| *distance <= max)
            .collect();
        near.sort();
        if near.is_empty() {
            return self.other_forms(word);
        }
        let best = near.first().map_or(0, |n| n.0);
        near.into_iter()
            .take_while(|n| n.0 == best)
            .take(MOST)
            .map(|n| n.2.to_string())
            .collect()
    }

    /// Forms of `word` the catalog has when `word` itself is too far from
    /// all of them to be a typo (`truncating` → `truncate`, `failing` →
    /// `failed`): its base without an English ending, then the written
    /// words that start with that base and are at most five letters
    /// longer, most frequent first, at most two. A stemmer would do this
    /// better, but the browser has none; this rule is the same in both.
    fn other_forms(&self, word: &str) -> Vec<String> {
        let Some(base) = base(word) else {
            return Vec::new();
        };
        let base_length = base.chars().count();
        let Some(candidates) = self.by_initial.get(&initial(word)) else {
            return Vec::new();
        };
        let mut forms: Vec<(Reverse<u64>, usize, &str)> = candidates
            .iter()
            .filter(|(c, _)| c.starts_with(base) && c.chars().count() <= base_length + FORM_EXTRA)
            .map(|(c, frequency)| (Reverse(*frequency), c.chars().count(), c.as_str()))
            .collect();
        forms.sort();
        forms
            .into_iter()
            .take(MOST)
            .map(|f| f.2.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(words: &[(&str, u64)]) -> TypoCandidates {
        let vocabulary = words
            .iter()
            .map(|&(word, frequency)| {
                let stem = word.to_string();
                (word.to_string(), Surface { stem, frequency })
            })
            .collect();
        TypoCandidates::new(&vocabulary)
    }

    #[test]
    fn a_typo_is_the_nearest_words_most_frequent_first() {
        let typos = candidates(&[("deadlock", 3), ("deadline", 9), ("dedicated", 1)]);
        assert_eq!(typos.corrections("dedlock"), ["deadlock"]);
        assert_eq!(typos.corrections("deadlins"), ["deadline"]);
        assert_eq!(typos.corrections("deadlick"), ["deadlock"]);
        assert!(typos.corrections("zzzzzzz").is_empty());
    }

    #[test]
    fn a_word_far_from_all_is_its_other_forms() {
        let typos = candidates(&[("truncate", 2), ("truncated", 5), ("trust", 9)]);
        assert_eq!(typos.corrections("truncating"), ["truncated", "truncate"]);
        assert_eq!(typos.corrections("trusting"), ["trust"]);
        // `try` is too short a base to stand for its forms.
        assert!(typos.corrections("trying").is_empty());
    }

    #[test]
    fn cjk_words_are_not_corrected() {
        assert!(!correctable("内存不足"));
        assert!(!correctable("メモリ不足"));
        assert!(correctable("memory"));
    }
}
