//! A query that is a fragment of a message: the words a reader remembers
//! of it, in its order (`transaction rolled back partition frozen` for
//! `transaction rolled back: partition is frozen`). Such a query can also
//! hold a shorter message whole (`transaction rolled back`, or `Timeout`
//! in `lock wait timeout`), which the template tier would put first; the
//! message that has all of the query's words explains more of it.
//!
//! Only the best text matches are tried ([`CANDIDATES`]), and only for
//! queries of two words or more. A fragment scores in the message tier
//! by the query's characters, less one per message word skipped between
//! them and one more, so a message the query holds whole, of the same
//! length, still comes first; ties go to the better text score. It is
//! reported as a text match: `explain --log` does not name a line by it,
//! nor a line a fragment outranks the message of.
//! `static/search.js` mirrors this file.

use super::matcher::{MESSAGE, SPECIFICITY_CAP};

/// How many of the best text matches are tried as fragments.
pub(super) const CANDIDATES: usize = 20;

/// The words of `text` in order, lower-cased: runs of letters and digits.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The score of `message` for a query of `query_words`, whose text score
/// is `text_score`; `None` when the message does not hold the words in
/// order.
pub(super) fn score(query_words: &[String], message: &str, text_score: f32) -> Option<f32> {
    score_of_words(query_words, &words(message), text_score)
}

/// [`score`] of a message already cut into [`words`].
pub(super) fn score_of_words(
    query_words: &[String],
    message: &[String],
    text_score: f32,
) -> Option<f32> {
    if query_words.len() < 2 {
        return None;
    }
    let gaps = fewest_skipped(query_words, message)?;
    let chars: usize = query_words.iter().map(|w| w.chars().count()).sum();
    let explained = (chars as f32).min(SPECIFICITY_CAP) - gaps as f32 - 1.0;
    (explained > 0.0).then(|| MESSAGE + explained + text_score / (text_score + 1.0))
}

/// The fewest message words skipped by a run of the message that holds
/// every query word in order.
fn fewest_skipped(query: &[String], message: &[String]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for start in (0..message.len()).filter(|&i| message[i] == query[0]) {
        let mut at = start;
        let mut matched = 1;
        for word in &message[start + 1..] {
            at += 1;
            if matched < query.len() && *word == query[matched] {
                matched += 1;
                if matched == query.len() {
                    break;
                }
            }
        }
        if matched == query.len() {
            let skipped = at + 1 - start - query.len();
            best = Some(best.map_or(skipped, |b| b.min(skipped)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(query: &str, message: &str) -> Option<usize> {
        fewest_skipped(&words(query), &words(message))
    }

    #[test]
    fn counts_the_message_words_between_the_query_words() {
        assert_eq!(
            skipped("lock wait timeout", "Lock wait timeout exceeded"),
            Some(0)
        );
        assert_eq!(
            skipped(
                "rolled back frozen",
                "transaction rolled back: partition is frozen"
            ),
            Some(2)
        );
        assert_eq!(
            skipped("disk full", "The disk is full. Disk full (%s)"),
            Some(0)
        );
        assert_eq!(skipped("full disk", "The disk is full."), None);
        assert_eq!(skipped("disk disk", "The disk is full."), None);
    }

    #[test]
    fn a_message_held_whole_beats_a_longer_one_with_the_same_words() {
        let query = words("Timeout exceeded");
        let whole = MESSAGE + (query.concat().len() as f32);
        let longer = score(&query, "Timeout exceeded; try again", 100.0).unwrap();
        assert!(longer < whole && longer > MESSAGE, "{longer}");
        assert_eq!(score(&words("timeout"), "Timeout", 1.0), None);
    }
}
