//! The catalog's words and their BM25 score tables, counted without
//! tantivy: the vocabulary (written word → indexed form) that both the
//! CLI and the browser look query words up in, and, for the browser
//! index, what each indexed form scores in each code.

use super::tokens::{analyzer, tokens};
use super::{
    FieldTexts, Surface, FIELD_BOOSTS, FIELD_NAMES, IDENTIFIER_FIELD, IDENTIFIER_PREFIX,
    MAX_WORD_BYTES,
};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25Weight;
use tantivy::tokenizer::TokenStream;

/// The catalog's words and what each indexed form scores in each code,
/// computed without building a tantivy index: the site build needs only
/// these tables, and an index would take longer than rendering the pages.
/// The scores are tantivy's own BM25 (its `Bm25Weight` and field norm
/// coding); a test checks them against the index `errbook search` uses.
pub(crate) struct Terms {
    /// Every written word (and `#`-prefixed joined identifier) of the
    /// catalog, with its stem and frequency.
    pub(crate) vocabulary: BTreeMap<String, Surface>,
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
    pub(crate) fn compute(docs: &[FieldTexts]) -> Terms {
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
    pub(crate) fn take_scores(&mut self) -> BTreeMap<String, Vec<(u32, f32)>> {
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
