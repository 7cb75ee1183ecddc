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

use std::collections::BTreeMap;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{Index, IndexReader, TantivyDocument, Term};
pub(super) use terms::Terms;
use tokens::{analyzer, identifiers, with_camel_words, written_words};
use typos::TypoCandidates;
pub(super) use typos::{correctable, initial};

mod terms;
mod tokens;
mod typos;

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
    /// The written words a typo may be corrected to.
    typos: TypoCandidates,
    /// Joined identifiers, with their boost.
    identifier: (Field, f32),
    /// Searchable fields with their boosts.
    fields: Vec<(Field, f32)>,
}

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
        Ok(TextIndex {
            reader,
            typos: TypoCandidates::new(&vocabulary),
            vocabulary,
            fields: (0..IDENTIFIER_FIELD)
                .map(|i| (fields[i], FIELD_BOOSTS[i]))
                .collect(),
            identifier: (fields[IDENTIFIER_FIELD], FIELD_BOOSTS[IDENTIFIER_FIELD]),
        })
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
            for correction in self.typos.corrections(&word) {
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
        use tantivy::query::Bm25Weight;
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
