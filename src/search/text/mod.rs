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

use crate::text::is_cjk;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use tantivy::collector::TopDocs;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

const TOKENIZER: &str = "errbook";

/// The text of one code, by field.
#[derive(Debug, Default, Clone)]
pub(super) struct DocText {
    pub id: String,
    pub message: String,
    pub cause: String,
    pub solution: String,
}

/// A word as written in the catalog (lower-cased): its indexed form and
/// in how many fields of how many codes it occurs.
#[derive(Debug, Clone)]
pub(super) struct Surface {
    pub stem: String,
    pub frequency: u64,
}

/// Key of a joined identifier in the vocabulary and the score table,
/// apart from the words of the same spelling.
pub(super) const IDENTIFIER_PREFIX: &str = "#";

pub(super) struct TextIndex {
    reader: IndexReader,
    /// Every written word (and `#`-prefixed joined identifier) of the
    /// catalog, with its stem.
    pub(super) vocabulary: BTreeMap<String, Surface>,
    /// Written words without digits by their first two letters, for
    /// typo correction.
    by_initial: HashMap<String, Vec<String>>,
    /// Joined identifiers, with their boost.
    identifier: (Field, f32),
    /// Searchable fields with their boosts.
    fields: Vec<(Field, f32)>,
}

/// Longest word indexed, in bytes (longer ones are dropped).
pub(super) const MAX_WORD_BYTES: usize = 48;

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

fn analyzer() -> TextAnalyzer {
    let latin = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(tantivy::tokenizer::Language::English))
        .build();
    TextAnalyzer::from(CjkPairTokenizer { latin })
}

/// Whether typo correction applies to a word: four letters or more, no
/// digits (numbers and IDs are not misspelt words), no CJK characters
/// (pairs are not words, and a wrong one is no typo of another).
pub(super) fn correctable(word: &str) -> bool {
    word.chars().count() >= 4
        && !word.chars().any(|c| c.is_numeric() || is_cjk(c))
        && !word.starts_with(IDENTIFIER_PREFIX)
}

/// English endings, longest first, that `other_forms` takes off.
const ENDINGS: [&str; 12] = [
    "ations", "ation", "ings", "ions", "ing", "ion", "ers", "er", "ed", "es", "ly", "s",
];
/// Letters a catalog form may have beyond the base.
const FORM_EXTRA: usize = 5;

/// `word` without its English ending, if at least four letters remain.
fn base(word: &str) -> Option<&str> {
    let ending = ENDINGS.iter().find(|e| word.ends_with(*e))?;
    let base = &word[..word.len() - ending.len()];
    (base.chars().count() >= 4).then_some(base)
}

/// The first two letters, under which typo candidates are filed.
pub(super) fn initial(word: &str) -> String {
    word.chars().take(2).collect()
}

/// Words as written, lower-cased: what the analyzer sees before stemming.
pub(super) fn written_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (_, word) in tokens(text) {
        if word.len() >= MAX_WORD_BYTES {
            continue;
        }
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Identifiers such as `max_trx_size` or `message.max.bytes` joined into
/// one word each (`maxtrxsize`), indexed in a field of their own so that
/// a query naming the whole identifier outranks its common parts. CJK
/// text next to one is not part of it (`参数max_trx_size过小`).
fn identifiers(text: &str) -> String {
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
fn with_camel_words(text: &str) -> String {
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

/// The catalog's words and what each indexed form scores in each code,
/// computed without building a tantivy index: the site build needs only
/// these tables, and an index would take longer than rendering the pages.
/// The scores are tantivy's own BM25 (its `Bm25Weight` and field norm
/// coding); a test checks them against the index `errbook search` uses.
pub(super) struct Terms {
    pub vocabulary: BTreeMap<String, Surface>,
    /// Indexed forms, by id.
    stems: Vec<String>,
    /// [field][stem id] → (doc, term frequency).
    postings: Vec<Vec<Vec<(u32, u32)>>>,
    /// [field][doc] → tokens (field norm).
    norms: Vec<Vec<u32>>,
}

impl Terms {
    /// Counts the words of every code: the vocabulary at once, the
    /// scores on demand (`take_scores`; only the browser index needs them).
    pub(super) fn compute(docs: &[FieldTexts]) -> Terms {
        let mut analyzer = analyzer();
        // Written forms and stems are interned: a catalog has few distinct
        // words and very many occurrences of them.
        let mut written_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut written: Vec<(String, u32)> = Vec::new(); // (form, stem id)
        let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut stems: Vec<String> = Vec::new();
        let fields = FIELD_NAMES.len();
        // [field][written id] → codes it occurs in; [field][stem] → (doc, tf).
        let mut frequency: Vec<Vec<u64>> = vec![Vec::new(); fields];
        let mut postings: Vec<Vec<Vec<(u32, u32)>>> = vec![Vec::new(); fields];
        let mut norms: Vec<Vec<u32>> = vec![vec![0; docs.len()]; fields];
        let mut seen: Vec<u32> = Vec::new();
        let mut lower = String::new();
        for (doc, d) in docs.iter().enumerate() {
            for (field, text) in d.iter().enumerate() {
                seen.clear();
                let mut norm = 0u32;
                for (_, word) in tokens(text) {
                    if word.len() >= MAX_WORD_BYTES {
                        continue;
                    }
                    norm += 1;
                    let key: &str = if word
                        .bytes()
                        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
                    {
                        lower.clear();
                        lower.extend(word.chars().flat_map(char::to_lowercase));
                        &lower
                    } else {
                        word
                    };
                    let id = match written_ids.get(key) {
                        Some(&id) => id,
                        None => {
                            let stem = {
                                let mut stream = analyzer.token_stream(key);
                                if stream.advance() {
                                    stream.token().text.clone()
                                } else {
                                    key.to_string()
                                }
                            };
                            let next = stem_ids.len() as u32;
                            let stem_id = *stem_ids.entry(stem.clone()).or_insert_with(|| {
                                stems.push(stem);
                                next
                            });
                            let id = written.len() as u32;
                            written.push((key.to_string(), stem_id));
                            written_ids.insert(key.to_string(), id);
                            id
                        }
                    };
                    seen.push(id);
                }
                norms[field][doc] = norm;
                seen.sort_unstable();
                frequency[field].resize(written.len(), 0);
                postings[field].resize(stems.len(), Vec::new());
                let mut stem_counts: Vec<(u32, u32)> = Vec::new();
                let mut i = 0;
                while i < seen.len() {
                    let id = seen[i];
                    let run = seen[i..].iter().take_while(|&&x| x == id).count() as u32;
                    frequency[field][id as usize] += 1;
                    stem_counts.push((written[id as usize].1, run));
                    i += run as usize;
                }
                stem_counts.sort_unstable();
                let mut k = 0;
                while k < stem_counts.len() {
                    let stem = stem_counts[k].0;
                    let mut tf = 0;
                    while k < stem_counts.len() && stem_counts[k].0 == stem {
                        tf += stem_counts[k].1;
                        k += 1;
                    }
                    postings[field][stem as usize].push((doc as u32, tf));
                }
            }
        }
        let mut vocabulary: BTreeMap<String, Surface> = BTreeMap::new();
        for (id, (form, stem)) in written.iter().enumerate() {
            let stem = &stems[*stem as usize];
            let plain: u64 = (0..IDENTIFIER_FIELD)
                .map(|f| frequency[f].get(id).copied().unwrap_or(0))
                .sum();
            if plain > 0 {
                vocabulary.insert(
                    form.clone(),
                    Surface {
                        stem: stem.clone(),
                        frequency: plain,
                    },
                );
            }
            let joined = frequency[IDENTIFIER_FIELD].get(id).copied().unwrap_or(0);
            if joined > 0 {
                vocabulary.insert(
                    format!("{IDENTIFIER_PREFIX}{form}"),
                    Surface {
                        stem: format!("{IDENTIFIER_PREFIX}{stem}"),
                        frequency: joined,
                    },
                );
            }
        }
        Terms {
            vocabulary,
            stems,
            postings,
            norms,
        }
    }

    /// Indexed form (identifiers `#`-prefixed) → `(doc, score)` by doc:
    /// what a one-word query adds to each code's score. Consumes the
    /// counts, which are not needed afterwards.
    pub(super) fn take_scores(&mut self) -> BTreeMap<String, Vec<(u32, f32)>> {
        let postings = std::mem::take(&mut self.postings);
        let (norms, stems) = (&self.norms, &self.stems);
        let total_docs = norms.first().map_or(0, Vec::len) as u64;
        let mut scores: BTreeMap<String, Vec<(u32, f32)>> = BTreeMap::new();
        for (field, field_postings) in postings.into_iter().enumerate() {
            let total_tokens: u64 = norms[field].iter().map(|&n| u64::from(n)).sum();
            let average = total_tokens as f32 / total_docs.max(1) as f32;
            let prefix = if field == IDENTIFIER_FIELD {
                IDENTIFIER_PREFIX
            } else {
                ""
            };
            for (stem, list) in field_postings
                .into_iter()
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
            {
                let weight = Bm25Weight::for_one_term_without_explain(
                    list.len() as u64,
                    total_docs,
                    average,
                )
                .boost_by(FIELD_BOOSTS[field]);
                let scored = list.into_iter().map(|(doc, tf)| {
                    let norm = FieldNormReader::fieldnorm_to_id(norms[field][doc as usize]);
                    (doc, weight.score(norm, tf))
                });
                let key = format!("{prefix}{}", stems[stem]);
                match scores.get_mut(&key) {
                    Some(existing) => existing.extend(scored),
                    None => {
                        scores.insert(key, scored.collect());
                    }
                }
            }
        }
        for list in scores.values_mut() {
            list.sort_by_key(|&(doc, _)| doc);
            let mut merged: Vec<(u32, f32)> = Vec::with_capacity(list.len());
            for &(doc, score) in list.iter() {
                match merged.last_mut() {
                    Some(last) if last.0 == doc => last.1 += score,
                    _ => merged.push((doc, score)),
                }
            }
            *list = merged;
        }
        scores
    }
}

impl TextIndex {
    pub(super) fn build(
        docs: &[FieldTexts],
        vocabulary: BTreeMap<String, Surface>,
    ) -> tantivy::Result<TextIndex> {
        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs);
        let text = TextOptions::default().set_indexing_options(indexing);
        let doc = builder.add_u64_field("doc", FAST);
        let fields: Vec<Field> = FIELD_NAMES
            .iter()
            .map(|name| builder.add_text_field(name, text.clone()))
            .collect();
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register(TOKENIZER, analyzer());
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
        for (n, d) in docs.iter().enumerate() {
            let mut document = TantivyDocument::default();
            document.add_u64(doc, n as u64);
            for (field, text) in fields.iter().zip(d) {
                document.add_text(*field, text);
            }
            writer.add_document(document)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let mut by_initial: HashMap<String, Vec<String>> = HashMap::new();
        for word in vocabulary.keys().filter(|w| correctable(w)) {
            by_initial
                .entry(initial(word))
                .or_default()
                .push(word.clone());
        }
        Ok(TextIndex {
            reader,
            vocabulary,
            by_initial,
            fields: (0..IDENTIFIER_FIELD)
                .map(|i| (fields[i], FIELD_BOOSTS[i]))
                .collect(),
            identifier: (fields[IDENTIFIER_FIELD], FIELD_BOOSTS[IDENTIFIER_FIELD]),
        })
    }

    /// The written words of the catalog nearest to `word`: same first two
    /// letters, edit distance 1 (or 2 for words of 6 letters or more), the
    /// nearest and then the most frequent first, at most two.
    pub(super) fn corrections(&self, word: &str) -> Vec<String> {
        let length = word.chars().count();
        if !correctable(word) {
            return Vec::new();
        }
        let max = if length >= 6 { 2 } else { 1 };
        let Some(candidates) = self.by_initial.get(&initial(word)) else {
            return Vec::new();
        };
        let mut near: Vec<(usize, std::cmp::Reverse<u64>, &str)> = candidates
            .iter()
            .filter(|candidate| candidate.chars().count().abs_diff(length) <= max)
            .map(|candidate| {
                let frequency = self.vocabulary.get(candidate).map_or(0, |s| s.frequency);
                (
                    strsim::damerau_levenshtein(word, candidate),
                    std::cmp::Reverse(frequency),
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
            .take(2)
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
        let mut forms: Vec<(std::cmp::Reverse<u64>, usize, &str)> = candidates
            .iter()
            .filter(|c| c.starts_with(base) && c.chars().count() <= base_length + FORM_EXTRA)
            .map(|c| {
                let frequency = self.vocabulary.get(c).map_or(0, |s| s.frequency);
                (std::cmp::Reverse(frequency), c.chars().count(), c.as_str())
            })
            .collect();
        forms.sort();
        forms.into_iter().take(2).map(|f| f.2.to_string()).collect()
    }

    /// The indexed forms to search for `query`, and whether any came from
    /// correcting a typo.
    pub(super) fn query_stems(&self, query: &str) -> (Vec<String>, bool) {
        let mut stems: Vec<String> = Vec::new();
        let mut fuzzy = false;
        let mut add = |stem: &str| {
            if !stems.iter().any(|s| s == stem) {
                stems.push(stem.to_string());
            }
        };
        for word in written_words(&with_camel_words(query)) {
            if let Some(surface) = self.vocabulary.get(&word) {
                add(&surface.stem);
                continue;
            }
            for correction in self.corrections(&word) {
                fuzzy = true;
                if let Some(surface) = self.vocabulary.get(&correction) {
                    add(&surface.stem);
                }
            }
        }
        for word in written_words(&identifiers(query)) {
            if let Some(surface) = self.vocabulary.get(&format!("{IDENTIFIER_PREFIX}{word}")) {
                add(&surface.stem);
            }
        }
        (stems, fuzzy)
    }

    /// `(doc, score, fuzzy)` of the best matches.
    pub(super) fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32, bool)> {
        let searcher = self.reader.searcher();
        let (stems, fuzzy) = self.query_stems(query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for stem in &stems {
            let fields = match stem.strip_prefix(IDENTIFIER_PREFIX) {
                Some(stem) => vec![(self.identifier.0, self.identifier.1, stem)],
                None => self
                    .fields
                    .iter()
                    .map(|(f, b)| (*f, *b, stem.as_str()))
                    .collect(),
            };
            for (field, boost, stem) in fields {
                let term = Term::from_field_text(field, stem);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                clauses.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
            }
        }
        if clauses.is_empty() {
            return Vec::new();
        }
        let query = BooleanQuery::new(clauses);
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, address)| {
                let column = searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("doc")
                    .ok()?;
                let doc = column.first(address.doc_id)?;
                Some((doc as usize, score, fuzzy))
            })
            .collect()
    }

    /// Every indexed form with the score each code gets for it (summed
    /// over the fields, boosts applied), read from the tantivy index: what
    /// `Terms::compute` must reproduce.
    #[cfg(test)]
    pub(super) fn score_table(&self) -> tantivy::Result<BTreeMap<String, BTreeMap<usize, f32>>> {
        use tantivy::postings::Postings;
        use tantivy::{DocSet, TERMINATED};
        let searcher = self.reader.searcher();
        let mut table: BTreeMap<String, BTreeMap<usize, f32>> = BTreeMap::new();
        let fields = self.fields.iter().map(|(f, b)| (*f, *b, "")).chain([(
            self.identifier.0,
            self.identifier.1,
            IDENTIFIER_PREFIX,
        )]);
        for (field, boost, prefix) in fields {
            for segment in searcher.segment_readers() {
                let docs = segment.fast_fields().u64("doc")?;
                let norms = segment.get_fieldnorms_reader(field)?;
                let inverted = segment.inverted_index(field)?;
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    let Ok(word) = std::str::from_utf8(terms.key()) else {
                        continue;
                    };
                    let term = Term::from_field_text(field, word);
                    let weight = Bm25Weight::for_terms(&searcher, std::slice::from_ref(&term))?
                        .boost_by(boost);
                    let scores = table.entry(format!("{prefix}{word}")).or_default();
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
                    while postings.doc() != TERMINATED {
                        let address = postings.doc();
                        if let Some(doc) = docs.first(address) {
                            let score =
                                weight.score(norms.fieldnorm_id(address), postings.term_freq());
                            *scores.entry(doc as usize).or_default() += score;
                        }
                        postings.advance();
                    }
                }
            }
        }
        Ok(table)
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
    fn cjk_words_are_neither_stemmed_nor_corrected() {
        // `的s` would lose its `s` if it were stemmed as one English word.
        assert_eq!(analyzed("任务的s"), ["任务", "务的", "s"]);
        assert!(!correctable("内存不足"));
        assert!(!correctable("メモリ不足"));
        assert!(correctable("memory"));
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
