//! The tantivy index `errbook search` asks: every code's fields indexed
//! with [`analyzer`], and a query searched as the indexed forms of its
//! words (typos corrected), each in every field with the field's boost.
//! The query is never parsed as tantivy query syntax.

use super::tokens::{analyzer, identifiers, with_camel_words, written_words};
use super::typos::TypoCandidates;
use super::{FieldTexts, Surface, FIELD_BOOSTS, FIELD_NAMES, IDENTIFIER_FIELD, IDENTIFIER_PREFIX};
use std::collections::{BTreeMap, HashMap};
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

    /// The indexed forms to search for `query`, one group per query word
    /// (its stem, or the stems of its corrections) and per joined
    /// identifier the catalog has, and whether any came from correcting a
    /// typo. A stem is searched once: a later word with the same stem
    /// adds no group.
    fn query_groups(&self, query: &str) -> (Vec<Vec<String>>, bool) {
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut fuzzy = false;
        let add = |group: &mut Vec<String>, groups: &[Vec<String>], stem: &str| {
            if !groups.iter().chain([&*group]).flatten().any(|s| s == stem) {
                group.push(stem.to_string());
            }
        };
        for word in written_words(&with_camel_words(query)) {
            let mut group = Vec::new();
            if let Some(surface) = self.vocabulary.get(&word) {
                add(&mut group, &groups, &surface.stem);
            } else {
                for correction in self.typos.corrections(&word) {
                    fuzzy = true;
                    if let Some(surface) = self.vocabulary.get(&correction) {
                        add(&mut group, &groups, &surface.stem);
                    }
                }
            }
            if !group.is_empty() {
                groups.push(group);
            }
        }
        for word in written_words(&identifiers(query)) {
            let mut group = Vec::new();
            if let Some(surface) = self.vocabulary.get(&format!("{IDENTIFIER_PREFIX}{word}")) {
                add(&mut group, &groups, &surface.stem);
            }
            if !group.is_empty() {
                groups.push(group);
            }
        }
        (groups, fuzzy)
    }

    /// `(doc, score, fuzzy)` of the best `limit` matches. A code's score
    /// is its BM25 summed over the query's stems and fields (boosts
    /// applied), times the share of the query's words it has: a code with
    /// every word of `lock wait timeout` comes before one whose short
    /// message is only `Timeout` (Lucene's classic coordination factor).
    pub(crate) fn search(&self, query: &str, limit: usize) -> Vec<(usize, f32, bool)> {
        let (groups, fuzzy) = self.query_groups(query);
        let Ok(scores) = self.coordinated_scores(&groups) else {
            return Vec::new();
        };
        let mut ranked: Vec<(usize, f32, bool)> = scores
            .into_iter()
            .map(|(doc, score)| (doc, score, fuzzy))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }

    /// Every code with a stem of `groups`, with its coordinated score.
    fn coordinated_scores(&self, groups: &[Vec<String>]) -> tantivy::Result<HashMap<usize, f32>> {
        use tantivy::postings::Postings;
        use tantivy::query::Bm25Weight;
        use tantivy::{DocSet, TERMINATED};
        let searcher = self.reader.searcher();
        // Per code: BM25 sum, groups it has, the last group counted.
        let mut found: HashMap<usize, (f32, u32, usize)> = HashMap::new();
        for (group, stems) in groups.iter().enumerate() {
            for stem in stems {
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
                    let weight = Bm25Weight::for_terms(&searcher, std::slice::from_ref(&term))?
                        .boost_by(boost);
                    for segment in searcher.segment_readers() {
                        let inverted = segment.inverted_index(field)?;
                        let Some(info) = inverted.get_term_info(&term)? else {
                            continue;
                        };
                        let docs = segment.fast_fields().u64("doc")?;
                        let norms = segment.get_fieldnorms_reader(field)?;
                        let mut postings = inverted
                            .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                        while postings.doc() != TERMINATED {
                            let address = postings.doc();
                            if let Some(doc) = docs.first(address) {
                                let score =
                                    weight.score(norms.fieldnorm_id(address), postings.term_freq());
                                let entry =
                                    found.entry(doc as usize).or_insert((0.0, 0, usize::MAX));
                                entry.0 += score;
                                if entry.2 != group {
                                    entry.1 += 1;
                                    entry.2 = group;
                                }
                            }
                            postings.advance();
                        }
                    }
                }
            }
        }
        let words = groups.len() as f32;
        Ok(found
            .into_iter()
            .map(|(doc, (sum, has, _))| (doc, sum * has as f32 / words))
            .collect())
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
