//! Search: from a code, part of one, a concrete ID of a templated code, a
//! raw log line or a few words, to the entries that explain it.
//!
//! Ranking runs in tiers, each strictly above the next, because a support
//! engineer who pastes an ID or a log line wants that entry first, not the
//! one that mentions its words most:
//! 1. the exact ID (any case);
//! 2. a concrete ID that fits a templated one (`CONNECTOR-SIDH-BLOB-001004`
//!    fits `CONNECTOR-SIDH-{type}-001004`);
//! 3. part of an ID (`resoie000201`);
//! 4. a message template found in the query, placeholders as wildcards
//!    (a log line with its timestamp, thread and values filled in), or
//!    the query's words found in order in a message ([`fragment`]);
//! 5. words of the message, cause and solution (tantivy, BM25, stemmed,
//!    ID > message > cause > solution), with fuzzy matching for words the
//!    catalog does not contain (typos).

mod fragment;
pub(crate) mod ids;
pub(crate) mod log;
pub(crate) mod lookup;
mod matcher;
mod template;
mod text;
pub(crate) mod web;

pub(crate) mod eval;

use crate::error::{Error, Result};
use crate::model::{Catalog, FieldKind};
use serde::Serialize;
use std::collections::HashMap;

/// One searchable code (all definitions of an ID).
#[derive(Debug, Clone)]
struct SearchDoc {
    id: String,
    /// The entry's key: its page's slug is made from it.
    key: String,
    level: Option<String>,
    message: String,
    /// What a result line shows: `text::summary`.
    summary: String,
}

/// Why a result matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    ExactId,
    TemplatedId,
    PartialId,
    Message,
    Text,
    Fuzzy,
}

impl MatchKind {
    /// How a query matched a code, as `explain` says it; `None` for the
    /// code itself.
    pub fn description(self) -> Option<&'static str> {
        match self {
            MatchKind::ExactId => None,
            MatchKind::TemplatedId => Some("a concrete ID of this templated code"),
            MatchKind::PartialId => Some("part of the code"),
            MatchKind::Message => Some("its message"),
            MatchKind::Text | MatchKind::Fuzzy => Some("the code"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub code: String,
    pub level: Option<String>,
    pub message: String,
    /// The message, or the first sentence of the entry's text when it has
    /// none: what a result line shows.
    pub summary: String,
    pub score: f32,
    #[serde(rename = "match")]
    pub kind: MatchKind,
}

pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    matcher: matcher::Matcher,
    text: text::TextIndex,
}

use matcher::{
    EXACT_ID, MESSAGE, PARTIAL_CLOSENESS, PARTIAL_ID, SPECIFICITY_CAP, TEMPLATED_ID, TEXT_CEILING,
};

/// What both the CLI index and the browser index are made of.
struct Parts {
    docs: Vec<SearchDoc>,
    fields: Vec<text::FieldTexts>,
    ids: ids::IdIndex,
    templates: template::MessageTemplates,
    terms: text::Terms,
}

impl Parts {
    fn new(catalog: &Catalog) -> Parts {
        let mut docs: Vec<SearchDoc> = Vec::new();
        let mut texts: Vec<text::DocText> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        // Other codes an entry is known by (ORA-00600 over OceanBase
        // error 4016) find it as its own ID does.
        let mut aliases: Vec<(usize, &str)> = Vec::new();
        // Messages quoted in the text of a code that has no message field.
        let mut quoted: Vec<(usize, String)> = Vec::new();
        for entry in catalog.entries() {
            let index = *by_id.entry(entry.key().into_owned()).or_insert_with(|| {
                docs.push(SearchDoc {
                    id: entry.id.clone(),
                    key: entry.key().into_owned(),
                    level: entry.level.clone(),
                    message: entry
                        .message
                        .as_ref()
                        .map(|m| m.text.clone())
                        .unwrap_or_default(),
                    summary: crate::text::summary(entry),
                });
                texts.push(text::DocText {
                    id: entry.id.clone(),
                    ..Default::default()
                });
                docs.len() - 1
            });
            aliases.extend(entry.aliases.iter().map(|a| (index, a.as_str())));
            if entry.message.is_none() {
                quoted.extend(quoted_messages(entry).into_iter().map(|m| (index, m)));
            }
            let doc = &mut texts[index];
            for field in &entry.fields {
                let plain = crate::text::plain_text(&field.body.text).0;
                let target = match field.kind {
                    FieldKind::Message => &mut doc.message,
                    FieldKind::Cause => &mut doc.cause,
                    FieldKind::Level | FieldKind::Key => continue,
                    _ => &mut doc.solution,
                };
                target.push_str(&plain);
                target.push('\n');
            }
        }
        let ids = ids::IdIndex::new(
            docs.iter()
                .enumerate()
                .map(|(doc, d)| (doc, d.id.as_str()))
                .chain(aliases),
        );
        let templates = template::MessageTemplates::of_docs(
            docs.iter()
                .enumerate()
                .map(|(i, d)| (i, d.message.as_str()))
                .chain(quoted.iter().map(|(i, m)| (*i, m.as_str()))),
        );
        // Each code's field texts are made once, for counting and indexing.
        let fields: Vec<text::FieldTexts> = texts.iter().map(text::DocText::fields).collect();
        let terms = text::Terms::compute(&fields);
        Parts {
            docs,
            fields,
            ids,
            templates,
            terms,
        }
    }
}

/// Messages a code's text quotes in full after the code itself, where
/// the entry has no message field: TiDB writes "完整的报错信息为 `ERROR
/// 9005 (HY000) : Region is unavailable`" under `* Error Number: 9005`.
fn quoted_messages(entry: &crate::model::ErrorEntry) -> Vec<String> {
    static QUOTED: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"`([^`\n]+)`").expect("valid pattern"));
    static AFTER_CODE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*(?:\([^()]*\))?\s*[:：]\s*(\S.*)$").expect("valid pattern")
    });
    let id = entry.id.trim();
    if id.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in &entry.fields {
        for span in QUOTED.captures_iter(&field.body.text) {
            let span = &span[1];
            let Some(at) = span.find(id) else {
                continue;
            };
            let before_ok = span[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let message = AFTER_CODE
                .captures(&span[at + id.len()..])
                .map(|c| c[1].trim().to_string());
            if let (true, Some(message)) = (before_ok, message) {
                if !out.contains(&message) {
                    out.push(message);
                }
            }
        }
    }
    out
}

impl SearchIndex {
    pub fn build(catalog: &Catalog) -> Result<SearchIndex> {
        let parts = Parts::new(catalog);
        let text = text::TextIndex::build(&parts.fields, parts.terms.vocabulary)
            .map_err(|e| Error::new(format!("cannot build the search index: {e}")))?;
        Ok(SearchIndex {
            docs: parts.docs,
            matcher: matcher::Matcher {
                ids: parts.ids,
                templates: parts.templates,
            },
            text,
        })
    }

    /// The best `limit` entries for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut scores: HashMap<usize, (f32, MatchKind)> = HashMap::new();
        let mut offer = |doc: usize, score: f32, kind: MatchKind| {
            matcher::keep_best(&mut scores, doc, score, kind)
        };

        for (doc, score, kind) in self.matcher.candidates(query) {
            offer(doc, score, kind);
        }

        let query_words = fragment::words(query);
        let text_hits = self.text.search(query, limit.max(fragment::CANDIDATES));
        for (rank, (doc, score, fuzzy)) in text_hits.into_iter().enumerate() {
            let kind = if fuzzy {
                MatchKind::Fuzzy
            } else {
                MatchKind::Text
            };
            offer(doc, score.min(TEXT_CEILING - 1.0), kind);
            if rank < fragment::CANDIDATES {
                if let Some(score) = fragment::score(&query_words, &self.docs[doc].message, score) {
                    offer(doc, score, kind);
                }
            }
        }

        let mut ranked: Vec<(usize, f32, MatchKind)> =
            scores.into_iter().map(|(d, (s, k))| (d, s, k)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(limit)
            .map(|(i, score, kind)| {
                let doc = &self.docs[i];
                Hit {
                    code: doc.id.clone(),
                    level: doc.level.clone(),
                    message: doc.message.clone(),
                    summary: doc.summary.clone(),
                    score,
                    kind,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CatalogConfig;
    use crate::source::SourceFile;

    fn shipped() -> Catalog {
        let path =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/oms-error-codes.md");
        let text = std::fs::read_to_string(&path).expect("the shipped catalog");
        crate::parse::parse_catalog(&[SourceFile::new(path, text)], &CatalogConfig::default())
    }

    /// A small catalog in Chinese, with English words mixed in.
    fn chinese() -> Catalog {
        let text = "# 错误码\n\n## CM error codes\n\n\
            ### CM-RESOIE000201\n\n**错误级别：** ERROR\n\n**错误信息：** 内存不足，任务失败。\n\n\
            **错误原因：** 由于 JVM 堆内存不足，Store组件无法启动。\n\n**解决方法：** 增加内存后重启组件。\n\n\
            ### CM-RESOIE000202\n\n**错误级别：** WARN\n\n**错误信息：** 任务超时。\n\n\
            **错误原因：** 网络延迟过高，任务failed。\n\n**解决方法：** 检查网络后重试任务。\n";
        crate::parse::parse_catalog(
            &[SourceFile::new("errors.md".into(), text.to_string())],
            &CatalogConfig::default(),
        )
    }

    /// A heading `### #` gives an entry with an empty ID (check reports
    /// it); the indexes, the browser shards and a lookup must still work.
    #[test]
    fn an_entry_with_an_empty_id_is_indexed_without_panicking() {
        let text = "# Codes\n\n## X error codes\n\n### #\n\n**Error message:** Disk boom.\n\n\
            ### X-1\n\n**Error message:** Disk full.\n";
        let catalog = crate::parse::parse_catalog(
            &[SourceFile::new("c.md".into(), text.to_string())],
            &CatalogConfig::default(),
        );
        assert!(catalog.entries().any(|e| e.id.is_empty()));
        let hits = SearchIndex::build(&catalog).unwrap().search("boom", 5);
        assert_eq!(hits.first().map(|h| h.code.as_str()), Some(""));
        let mut shards = 0;
        web::write_json(&catalog, &mut |_, _| {
            shards += 1;
            Ok(())
        })
        .unwrap();
        assert!(shards > 1);
        match lookup::lookup(&catalog, "#").unwrap() {
            lookup::Lookup::NotFound { closest, .. } => {
                assert!(closest.iter().all(|c| !c.is_empty()), "{closest:?}")
            }
            other => panic!("`#` names no code: {other:?}"),
        }
    }

    /// The browser adds up the score tables `Terms` computes; `errbook
    /// search` asks tantivy. They must be the same numbers.
    #[test]
    fn score_tables_are_tantivys_bm25() {
        assert_same_scores(&shipped(), 3_000);
    }

    #[test]
    fn score_tables_are_tantivys_bm25_for_cjk_text() {
        assert_same_scores(&chinese(), 30);
    }

    fn assert_same_scores(catalog: &Catalog, at_least: usize) {
        let mut parts = Parts::new(catalog);
        let table = parts.terms.take_scores();
        let index = SearchIndex::build(catalog).unwrap();
        let from_tantivy = index.text.score_table().unwrap();
        assert_eq!(
            table.keys().collect::<Vec<_>>(),
            from_tantivy.keys().collect::<Vec<_>>(),
            "the same indexed forms"
        );
        let mut compared = 0;
        for (term, scores) in &table {
            let theirs = &from_tantivy[term];
            assert_eq!(scores.len(), theirs.len(), "codes with {term:?}");
            for (doc, score) in scores {
                let their = theirs[&(*doc as usize)];
                assert!(
                    (score - their).abs() <= 1e-4 * their.max(1.0),
                    "{term:?} in doc {doc}: {score} vs {their}"
                );
                compared += 1;
            }
        }
        assert!(compared > at_least, "only {compared} scores compared");
    }

    #[test]
    fn cjk_words_find_their_code() {
        let index = SearchIndex::build(&chinese()).unwrap();
        let first = |q: &str| index.search(q, 5).first().map(|h| (h.code.clone(), h.kind));
        let text = |code: &str| Some((code.to_string(), MatchKind::Text));
        assert_eq!(first("内存不足"), text("CM-RESOIE000201"));
        assert_eq!(first("堆内存"), text("CM-RESOIE000201"));
        assert_eq!(first("Store 组件"), text("CM-RESOIE000201"));
        assert_eq!(first("网络延迟"), text("CM-RESOIE000202"));
        assert_eq!(first("任务失败"), text("CM-RESOIE000201"));
        assert!(index.search("数据库", 5).is_empty());
    }

    #[test]
    fn each_query_kind_finds_its_code() {
        let index = SearchIndex::build(&shipped()).unwrap();
        let first = |q: &str| index.search(q, 5).first().map(|h| (h.code.clone(), h.kind));
        assert_eq!(
            first("cm-resoie000201"),
            Some(("CM-RESOIE000201".into(), MatchKind::ExactId))
        );
        assert_eq!(
            first("connector-sika-json-001101"),
            Some((
                "CONNECTOR-SIKA-{type}-001101".into(),
                MatchKind::TemplatedId
            ))
        );
        assert_eq!(
            first("RESOIE000201"),
            Some(("CM-RESOIE000201".into(), MatchKind::PartialId))
        );
        let log = "2026-11-21 08:00:01 WARN [main] No available store. SubTopic: [t1], checkpoint: [17000] at x.y";
        assert_eq!(
            first(log),
            Some(("CM-RESOIE000201".into(), MatchKind::Message))
        );
        assert_eq!(first("undo_retention").map(|h| h.1), Some(MatchKind::Text));
        assert_eq!(first("dedlock").map(|h| h.1), Some(MatchKind::Fuzzy));
        assert!(index.search("zzzzqqqq", 5).is_empty());
        assert!(index.search("   ", 5).is_empty());
    }
}
