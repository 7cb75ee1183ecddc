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

use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use tantivy::collector::TopDocs;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, IndexReader, TantivyDocument, Term};
use tokens::{analyzer, identifiers, tokens, with_camel_words, written_words};
use typos::TypoCandidates;
pub(super) use typos::{correctable, initial};

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
