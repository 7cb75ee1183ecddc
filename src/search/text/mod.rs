//! Word search over message, cause and solution with tantivy (BM25).
//!
//! Words split on anything that is not a letter or digit, so parameter
//! names such as `undo_retention` or `message.max.bytes` match their
//! parts, and CamelCase names (`RecordTooLargeException`) are also indexed
//! as their words. Words are lower-cased and stemmed (English).
//!
//! Chinese, Japanese and Korean text has no spaces between words, so a
//! run of CJK characters (cut off where other letters start: `任务failed`
//! is `任务` and `failed`) is indexed as its overlapping character pairs
//! (`内存不足` is `内存 存不 不足`; a lone character is itself), not
//! stemmed, as Lucene's `CJKBigramFilter` does. A query is cut the same
//! way, so any two characters of a run find it.
//!
//! A query word is looked up by its written form in the catalog's own
//! vocabulary (which gives its stem), so the browser, which has no
//! stemmer, can do exactly the same from a table. A word the catalog does
//! not contain is likely a typo: the nearest words it has (same first
//! letter, edit distance 1, or 2 from six letters up) are searched
//! instead, with ordinary BM25 scores; this finds `deadlock` for
//! `dedlock`. The query is never parsed as tantivy query syntax: log lines
//! are full of `:`, `[`, `"`.
//!
//! The parts: [`tokens`] cuts text into words, [`terms`] counts them and
//! scores them without tantivy (the browser index needs only that),
//! [`index`] is the tantivy index `errbook search` asks, and [`typos`]
//! corrects the words a catalog does not contain.

pub(super) use index::TextIndex;
pub(super) use terms::Terms;
pub(super) use tokens::distinct_words;
use tokens::{identifiers, with_camel_words};
pub(super) use typos::{
    correctable, initial, ENDINGS, FORM_EXTRA, INITIAL_CHARS, LONG_CHARS, LONG_DISTANCE, MIN_CHARS,
    MOST, SHORT_DISTANCE,
};

mod index;
mod terms;
mod tokens;
mod typos;

/// The text of one code, by field.
#[derive(Debug, Default, Clone)]
pub(super) struct DocText {
    pub(super) id: String,
    pub(super) message: String,
    pub(super) cause: String,
    pub(super) solution: String,
}

/// A word as written in the catalog (lower-cased): its indexed form and
/// in how many fields of how many codes it occurs.
#[derive(Debug, Clone)]
pub(super) struct Surface {
    pub(super) stem: String,
    pub(super) frequency: u64,
}

/// Key of a joined identifier in the vocabulary and the score table,
/// apart from the words of the same spelling.
pub(super) const IDENTIFIER_PREFIX: &str = "#";

/// Longest word indexed, in bytes (longer ones are dropped).
pub(super) const MAX_WORD_BYTES: usize = 48;

/// Fields of a code, in the order of `DocText::fields`, with their
/// boosts: ID > message > cause > solution, and joined identifiers above
/// all (naming the whole identifier is the most specific query).
const FIELD_NAMES: [&str; 5] = ["id", "message", "cause", "solution", "identifier"];
const FIELD_BOOSTS: [f32; 5] = [4.0, 3.0, 1.5, 1.0, 6.0];
const IDENTIFIER_FIELD: usize = 4;

/// The text indexed in each field of one code, in `FIELD_NAMES` order.
pub(super) type FieldTexts = [String; 5];

impl DocText {
    /// The text indexed in each field.
    pub(super) fn fields(&self) -> FieldTexts {
        [
            self.id.clone(),
            with_camel_words(&self.message),
            with_camel_words(&self.cause),
            with_camel_words(&self.solution),
            identifiers(&format!(
                "{}\n{}\n{}",
                self.message, self.cause, self.solution
            )),
        ]
    }
}
