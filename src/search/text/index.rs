//! The tantivy index `errbook search` asks: every code's fields indexed
//! with [`analyzer`], and a query searched as the indexed forms of its
//! words (typos corrected), each in every field with the field's boost.
//! The query is never parsed as tantivy query syntax.

use super::tokens::{analyzer, identifiers, with_camel_words, written_words};
use super::typos::TypoCandidates;
use super::{FieldTexts, Surface, FIELD_BOOSTS, FIELD_NAMES, IDENTIFIER_FIELD, IDENTIFIER_PREFIX};
use std::collections::BTreeMap;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

/// The name [`analyzer`] is registered under.
const TOKENIZER: &str = "errbook";

/// Every code's fields in a tantivy index, with the catalog's words.
pub(crate) struct TextIndex {
    reader: IndexReader,
    /// Every written word (and `#`-prefixed joined identifier) of the
    /// catalog, with its stem.
    vocabulary: BTreeMap<String, Surface>,
    /// The written words a typo may be corrected to.
    typos: TypoCandidates,
    /// Joined identifiers, with their boost.
    identifier: (Field, f32),
    /// Searchable fields with their boosts.
    fields: Vec<(Field, f32)>,
}

impl TextIndex {
    /// Indexes the field texts of every code (`docs[n]` is code `n`), with
    /// the catalog's `vocabulary` for looking query words up.
    pub(crate) fn build(
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
    fn query_stems(&self, query: &str) -> (Vec<String>, bool) {
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
    pub(crate) fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32, bool)> {
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
    pub(crate) fn score_table(&self) -> tantivy::Result<BTreeMap<String, BTreeMap<usize, f32>>> {
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
