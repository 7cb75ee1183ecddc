//! How text is cut into words, for the index and for queries alike:
//! runs of letters and digits, each CJK run as its overlapping character
//! pairs, CamelCase names also as their words, and identifiers such as
//! `max_trx_size` also joined into one word. [`analyzer`] is the tantivy
//! side of the same cut, which lower-cases and stems the other words.

use super::MAX_WORD_BYTES;
use crate::text::is_cjk;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};

/// Runs of letters and digits, cut where CJK characters meet others:
/// `(byte offset, run, whether the run is CJK)`.
struct Runs<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Runs<'a> {
    type Item = (usize, &'a str, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let start = self.at + text[self.at..].find(char::is_alphanumeric)?;
        let cjk = text[start..].starts_with(is_cjk);
        let length = text[start..]
            .find(|c: char| !c.is_alphanumeric() || is_cjk(c) != cjk)
            .unwrap_or(text.len() - start);
        self.at = start + length;
        Some((start, &text[start..self.at], cjk))
    }
}

fn runs(text: &str) -> Runs<'_> {
    Runs { text, at: 0 }
}

/// The words of `text` as they are indexed, before lower-casing and
/// stemming, with their byte offsets: runs of letters and digits, each
/// CJK run as its overlapping character pairs (or its one character).
///
/// Pairs rather than a dictionary segmenter (jieba, lindera): the browser
/// must cut a query exactly as the index was cut, and pairs take a few
/// lines of JavaScript (`static/search.js`, `tokens`), where a dictionary
/// would weigh megabytes. No tantivy crate cuts only the CJK runs into
/// pairs and leaves the other words alone, hence this one.
pub(super) struct Tokens<'a> {
    runs: Runs<'a>,
    /// The rest of the CJK run being cut into pairs, and its offset.
    pairs: Option<(usize, &'a str)>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((offset, rest)) = self.pairs {
                let mut chars = rest.chars();
                if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
                    let step = first.len_utf8();
                    self.pairs = Some((offset + step, &rest[step..]));
                    return Some((offset, &rest[..step + second.len_utf8()]));
                }
                self.pairs = None;
            }
            let (offset, run, cjk) = self.runs.next()?;
            if cjk && run.chars().nth(1).is_some() {
                self.pairs = Some((offset, run));
            } else {
                return Some((offset, run));
            }
        }
    }
}

pub(super) fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        runs: runs(text),
        pairs: None,
    }
}

/// The tantivy side of [`tokens`]: CJK pairs as they are, every other
/// word through `latin`, the analyzer all words went through before CJK
/// text was cut (dropped when too long, lower-cased, stemmed).
#[derive(Clone)]
struct CjkPairTokenizer {
    latin: TextAnalyzer,
}

struct CjkPairStream<'a> {
    latin: &'a mut TextAnalyzer,
    tokens: Tokens<'a>,
    token: Token,
}

impl Tokenizer for CjkPairTokenizer {
    type TokenStream<'a> = CjkPairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkPairStream<'a> {
        CjkPairStream {
            latin: &mut self.latin,
            tokens: tokens(text),
            token: Token::default(),
        }
    }
}

impl TokenStream for CjkPairStream<'_> {
    fn advance(&mut self) -> bool {
        for (offset, word) in self.tokens.by_ref() {
            self.token.text.clear();
            if word.starts_with(is_cjk) {
                self.token.text.push_str(word);
            } else {
                let mut latin = self.latin.token_stream(word);
                if !latin.advance() {
                    continue;
                }
                self.token.text.push_str(&latin.token().text);
            }
            self.token.offset_from = offset;
            self.token.offset_to = offset + word.len();
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The analyzer of every indexed field and of every query word: the
/// cut of [`tokens`], then, but for CJK pairs, tantivy's English one.
pub(super) fn analyzer() -> TextAnalyzer {
    let latin = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(tantivy::tokenizer::Language::English))
        .build();
    TextAnalyzer::from(CjkPairTokenizer { latin })
}

/// Words as written, lower-cased: what the analyzer sees before stemming.
pub(super) fn written_words(text: &str) -> Vec<String> {
    distinct_words(tokens(text).map(|(_, word)| word))
}

/// `words` lower-cased, each once, in order, but for those too long to be
/// indexed.
pub(crate) fn distinct_words<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut distinct: Vec<String> = Vec::new();
    for word in words {
        if word.is_empty() || word.len() >= MAX_WORD_BYTES {
            continue;
        }
        let word = word.to_lowercase();
        if !distinct.contains(&word) {
            distinct.push(word);
        }
    }
    distinct
}

/// Identifiers such as `max_trx_size` or `message.max.bytes` joined into
/// one word each (`maxtrxsize`), indexed in a field of their own so that
/// a query naming the whole identifier outranks its common parts. CJK
/// text next to one is not part of it (`参数max_trx_size过小`).
pub(super) fn identifiers(text: &str) -> String {
    let mut joined = String::new();
    for identifier in
        text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.') || is_cjk(c))
    {
        let identifier = identifier.trim_matches(['_', '.']);
        if identifier.contains(['_', '.']) && identifier.chars().any(char::is_alphabetic) {
            joined.push(' ');
            joined.extend(identifier.chars().filter(|c| c.is_alphanumeric()));
        }
    }
    joined
}

/// The text plus the words of its CamelCase names.
pub(super) fn with_camel_words(text: &str) -> String {
    let mut extra = String::new();
    for (_, word, _) in runs(text).filter(|&(_, _, cjk)| !cjk) {
        // Most words have no lower-to-upper step: find that out without
        // allocating.
        let mut previous_lower = false;
        let has_step = word.chars().any(|c| {
            let step = previous_lower && c.is_uppercase();
            previous_lower = c.is_lowercase();
            step
        });
        if !has_step {
            continue;
        }
        let mut previous_lower = false;
        for c in word.chars() {
            if (previous_lower && c.is_uppercase()) || extra.is_empty() || extra.ends_with('\n') {
                extra.push(' ');
            }
            previous_lower = c.is_lowercase();
            extra.push(c);
        }
        extra.push('\n');
    }
    if extra.is_empty() {
        text.to_string()
    } else {
        format!("{text}\n{}", extra.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index holds for `text`.
    fn analyzed(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn a_cjk_run_is_indexed_as_its_overlapping_pairs() {
        assert_eq!(
            analyzed("内存不足导致任务失败"),
            [
                "内存", "存不", "不足", "足导", "导致", "致任", "任务", "务失", "失败"
            ]
        );
    }

    #[test]
    fn mixed_text_is_cut_where_the_script_changes() {
        assert_eq!(
            analyzed("OMS 任务failed在Store组件"),
            ["om", "任务", "fail", "在", "store", "组件"]
        );
        assert_eq!(analyzed("版本2.0的JVM"), ["版本", "2", "0", "的", "jvm"]);
    }

    #[test]
    fn full_width_punctuation_separates_words() {
        assert_eq!(
            written_words("原因：内存（堆）不足，【任务】「失败」；重启。"),
            ["原因", "内存", "堆", "不足", "任务", "失败", "重启"]
        );
    }

    #[test]
    fn a_lone_cjk_character_is_itself() {
        assert_eq!(analyzed("堆"), ["堆"]);
        assert_eq!(analyzed("the 堆 is full"), ["the", "堆", "is", "full"]);
    }

    #[test]
    fn japanese_and_korean_are_paired_too() {
        assert_eq!(
            analyzed("東京都は、日本の首都"),
            ["東京", "京都", "都は", "日本", "本の", "の首", "首都"]
        );
        assert_eq!(
            analyzed("메모리가 부족합니다"),
            ["메모", "모리", "리가", "부족", "족합", "합니", "니다"]
        );
    }

    #[test]
    fn offsets_point_at_the_text_of_each_pair() {
        let text = "x 内存不足";
        let found: Vec<(usize, &str)> = tokens(text).collect();
        assert_eq!(found, [(0, "x"), (2, "内存"), (5, "存不"), (8, "不足")]);
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }

    /// Latin text goes through the analyzer every word went through
    /// before CJK text was cut.
    #[test]
    fn other_words_are_analyzed_as_before() {
        let text = "Connections failed: RecordTooLargeException, set undo_retention \
                    (message.max.bytes) and retry; Überprüfung naïve 2024-01-01 \
                    averyveryveryveryveryveryveryveryverylongwordthatisdropped";
        let mut before = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(tantivy::tokenizer::Language::English))
            .build();
        let mut stream = before.token_stream(text);
        let mut expected = Vec::new();
        while stream.advance() {
            expected.push(stream.token().text.clone());
        }
        assert_eq!(analyzed(text), expected);
        assert!(!expected.iter().any(|w| w.starts_with("averyvery")));
    }

    #[test]
    fn cjk_words_are_not_stemmed() {
        // `的s` would lose its `s` if it were stemmed as one English word.
        assert_eq!(analyzed("任务的s"), ["任务", "务的", "s"]);
    }

    #[test]
    fn identifiers_and_camel_words_stop_at_cjk_text() {
        assert_eq!(identifiers("参数max_trx_size过小"), " maxtrxsize");
        assert_eq!(
            with_camel_words("在StoreManager组件"),
            "在StoreManager组件\n Store Manager"
        );
    }

    #[test]
    fn camel_case_names_are_also_their_words() {
        assert_eq!(
            with_camel_words("a RecordTooLargeException"),
            "a RecordTooLargeException\n Record Too Large Exception"
        );
        assert_eq!(with_camel_words("plain words"), "plain words");
        assert_eq!(
            identifiers("set `_max_trx_size` and message.max.bytes, not 1.5"),
            " maxtrxsize messagemaxbytes"
        );
    }
}
