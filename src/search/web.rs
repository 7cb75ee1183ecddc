//! The browser's search index: the same tiers and scores as
//! [`super::SearchIndex::search`], cut into small shards that
//! `static/search.js` loads by `<script>` (so it works from file://,
//! where `fetch` does not), only when the reader starts searching, and
//! only those the query needs.
//!
//! Written out by hand rather than with a search library's web index:
//! none keeps a code ID whole, matches a log line to its message template
//! and loads over file:// (see issue 4), and the browser must rank exactly
//! like the CLI, which only sharing these tables can promise.
//!
//! Files, all under `search/` (`NS/N.js` calls `errbookShard("NS/N", data)`):
//! - `meta.js`: counts of shards, the level names, templates that have
//!   no whole word to be found by, and the values `search.js` shares
//!   with this side ([`engine_values`]);
//! - `i/N.js`: ID anchors ([`super::ids`]) by their first four
//!   characters; a group too big for one shard is split where its anchors
//!   part ways, keeping the best matches for the shorter prefixes;
//! - `m/N.js`: message templates by their rarest whole word, each with
//!   its first codes (ties rank in catalog order, so later ones never
//!   reach the top);
//! - `w/N.js`: written word → indexed form (stem), `#` for identifiers;
//! - `t/N.js`: indexed form → `[codes, floor, first tail, tails, doc
//!   delta, score×1000, ...]` for its best-scoring codes, and
//!   `u/N.js`: the rest, best first, in tails `search.js` loads only when
//!   the first result could still change;
//! - `f/N.js`: written words by first two letters and length, for typos;
//! - `d/N.js`: the codes themselves (ID, level, summary: the message or
//!   the first sentence of the text, page), 16 each.
//!
//! A key's shard is FNV-1a (32 bit, over its UTF-8 bytes) modulo the
//! shard count, which is a power of two chosen to keep shards near
//! `SHARD_BYTES`.
//!
//! [`write_json`] gives the same shards as plain JSON by name, for a page
//! that carries its whole index inline (the single-file bundle).

use super::{ids, template, text, Parts};
use crate::error::Result;
use crate::model::Catalog;
use crate::slug::Slugs;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Codes per `d/` chunk.
pub(crate) const DOCS_PER_CHUNK: usize = 16;
/// Codes kept with a term in its `t/` shard; the rest go in tails.
const TERM_HEAD: usize = 48;
/// Codes per tail file.
const TERM_TAIL: usize = 256;
/// Tail files per term at most: `search.js` loads no more than this many
/// for one query (`engine.max_tails`), so codes further down are never
/// read.
const TERM_TAILS: usize = 8;
/// Codes kept with a message template.
const TEMPLATE_DOCS: usize = 16;
/// An ID anchor group above this many bytes is split.
const ANCHOR_GROUP_BYTES: usize = 2048;
/// Best anchors kept for the prefixes of a split group.
const ANCHOR_TOP: usize = 20;
/// Aim for shards of about this many bytes.
const SHARD_BYTES: usize = 1024;
/// Format version, checked by `search.js` (2: meta carries the
/// [`engine_values`]).
pub(crate) const FORMAT: u32 = 2;

/// The values `search.js` ranks and cuts words by, which belong to this
/// side: it reads them from meta rather than keep copies of its own. The
/// tier scores, the length of an ID's lookup key, the longest word
/// indexed, the endings and extra letters of typo correction's other
/// forms, and the CJK ranges (code points, both ends included).
/// Term scores are written as integers in units of `1 / SCORE_SCALE`.
const SCORE_SCALE: f32 = 1000.0;

fn engine_values() -> Value {
    json!({
        "tiers": {
            "exact_id": super::EXACT_ID,
            "templated_id": super::TEMPLATED_ID,
            "partial_id": super::PARTIAL_ID,
            "message": super::MESSAGE,
            "text_ceiling": super::TEXT_CEILING,
        },
        "key_chars": ids::KEY_CHARS,
        "max_word_bytes": text::MAX_WORD_BYTES,
        "endings": text::ENDINGS,
        "form_extra": text::FORM_EXTRA,
        "cjk": crate::text::CJK_RANGES,
        "partial_closeness": super::PARTIAL_CLOSENESS,
        "specificity_cap": super::SPECIFICITY_CAP,
        "message_bonus_cap": super::matcher::MESSAGE_BONUS_CAP,
        "number_bonus": super::matcher::NUMBER_BONUS,
        "code_words": ids::CODE_WORDS,
        "score_scale": SCORE_SCALE,
        "max_tails": TERM_TAILS,
        "fragment_candidates": super::fragment::CANDIDATES,
        "long_literal": template::LONG_LITERAL,
        "literal_share": template::LITERAL_SHARE,
        "typos": {
            "min_chars": text::MIN_CHARS,
            "initial_chars": text::INITIAL_CHARS,
            "long_chars": text::LONG_CHARS,
            "short_distance": text::SHORT_DISTANCE,
            "long_distance": text::LONG_DISTANCE,
            "most": text::MOST,
        },
    })
}

/// FNV-1a of `key`: `search.js` computes the same.
pub(crate) fn fnv1a(key: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in key.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// One namespace of keyed entries, to be cut into shards.
#[derive(Default)]
struct Keyed {
    /// Key → its value as JSON text.
    entries: BTreeMap<String, String>,
}

impl Keyed {
    fn insert(&mut self, key: String, value: Value) {
        self.entries.insert(key, value.to_string());
    }

    fn insert_json(&mut self, key: String, json: String) {
        self.entries.insert(key, json);
    }

    /// `(shard count, (name, JSON) of each shard)`: every key in the
    /// shard of its hash.
    fn shards(self, namespace: &str) -> (u32, impl Iterator<Item = (String, String)>) {
        let bytes: usize = self
            .entries
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum();
        let count = (bytes / SHARD_BYTES).max(1).next_power_of_two() as u32;
        let mut shards: BTreeMap<u32, String> = BTreeMap::new();
        for (key, value) in self.entries {
            let object = shards.entry(fnv1a(&key) % count).or_default();
            object.push(if object.is_empty() { '{' } else { ',' });
            object.push_str(&Value::String(key).to_string());
            object.push(':');
            object.push_str(&value);
        }
        let namespace = namespace.to_string();
        let files = shards.into_iter().map(move |(n, mut object)| {
            object.push('}');
            (format!("{namespace}/{n}"), object)
        });
        (count, files)
    }
}

/// A shard as a script. JSON is a valid JavaScript expression once
/// U+2028/U+2029 are escaped (serde_json leaves them), and `</` is
/// escaped so no catalog text can end a script element.
fn script(name: &str, json: &str) -> String {
    let mut out = format!("errbookShard({},", Value::String(name.to_string()));
    out.reserve(json.len() + 3);
    let mut previous = ' ';
    for c in json.chars() {
        match c {
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '/' if previous == '<' => out.push_str("\\/"),
            c => out.push(c),
        }
        previous = c;
    }
    out.push_str(");\n");
    out
}

/// Numbers as a JSON array.
fn number_list(numbers: impl Iterator<Item = u64>) -> String {
    use std::fmt::Write;
    let mut out = String::from("[");
    for (i, n) in numbers.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{n}");
    }
    out.push(']');
    out
}

/// Files a group of anchors sharing `key` (their first characters):
/// whole when small; else as `{"p": common prefix, "top": best anchors,
/// "short": anchors that end within the prefix or are templated there}`
/// with the rest filed
/// under the prefix plus one character, recursively. A query no longer
/// than the common prefix matches all the group or none of it, and its
/// best partial matches are the shortest IDs, which `top` keeps.
fn file_anchors(key: String, mut anchors: Vec<&ids::Anchor>, keyed: &mut Keyed) {
    // Whole: 0 no, 1 yes, 2 yes and only exactly (no leading zeros).
    let entry = |a: &&ids::Anchor| {
        let whole = if a.exact_only { 2 } else { u8::from(a.whole) };
        json!([a.doc, whole, a.id_chars, a.text])
    };
    let bytes: usize = anchors.iter().map(|a| a.text.len() + 16).sum();
    let key_chars = key.chars().count();
    let first = anchors[0].text.clone();
    let common: String = {
        let mut common = first.chars().count();
        for a in &anchors[1..] {
            common = common.min(
                first
                    .chars()
                    .zip(a.text.chars())
                    .take_while(|(x, y)| x == y)
                    .count(),
            );
        }
        first.chars().take(common).collect()
    };
    let split_at = common.chars().count() + 1;
    let splittable = anchors
        .iter()
        .filter(|a| a.text.chars().count() >= split_at)
        .count()
        > 1;
    if bytes <= ANCHOR_GROUP_BYTES || !splittable || split_at <= key_chars {
        keyed.insert(key, Value::Array(anchors.iter().map(entry).collect()));
        return;
    }
    anchors.sort_by_key(|a| (a.id_chars, a.doc));
    let top: Vec<Value> = anchors.iter().take(ANCHOR_TOP).map(entry).collect();
    // Templated anchors stay here too: a concrete query differs from them
    // at the placeholder, so it would never reach a key that has one.
    let stays = |a: &&ids::Anchor| {
        let brace = a.text.chars().position(|c| c == '{').unwrap_or(usize::MAX);
        a.text.chars().count() < split_at || brace < split_at
    };
    let (short, long): (Vec<&ids::Anchor>, Vec<&ids::Anchor>) =
        anchors.into_iter().partition(stays);
    let mut groups: BTreeMap<String, Vec<&ids::Anchor>> = BTreeMap::new();
    for anchor in long {
        groups
            .entry(anchor.text.chars().take(split_at).collect())
            .or_default()
            .push(anchor);
    }
    keyed.insert(
        key,
        json!({"p": common, "top": top, "short": short.iter().map(entry).collect::<Vec<_>>()}),
    );
    for (sub_key, group) in groups {
        file_anchors(sub_key, group, keyed);
    }
}

/// Where the shards go, and how many went.
struct Sink<'a> {
    out: &'a mut dyn FnMut(&str, &str) -> Result<()>,
    /// Each shard as a script file (the site), or as JSON by name.
    scripts: bool,
    counts: serde_json::Map<String, Value>,
    files: usize,
    bytes: usize,
}

impl Sink<'_> {
    fn shard(&mut self, name: &str, json: &str) -> Result<()> {
        self.files += 1;
        if self.scripts {
            let content = script(name, json);
            self.bytes += content.len();
            (self.out)(&format!("search/{name}.js"), &content)
        } else {
            self.bytes += json.len();
            (self.out)(name, json)
        }
    }

    fn namespace(&mut self, namespace: &str, keyed: Keyed) -> Result<()> {
        let (count, shards) = keyed.shards(namespace);
        self.counts.insert(namespace.to_string(), json!(count));
        for (name, json) in shards {
            self.shard(&name, &json)?;
        }
        Ok(())
    }
}

/// Writes every file of the browser index through `out(path under the
/// site, content)`, in a stable order, as it is made (the index is never
/// all in memory at once). Returns the number of files and bytes.
pub(crate) fn write(
    catalog: &Catalog,
    out: &mut dyn FnMut(&str, &str) -> Result<()>,
) -> Result<(usize, usize)> {
    write_shards(catalog, true, out)
}

/// The same shards as [`write()`], in the same order, as `out(shard name,
/// JSON)`: `meta`, `i/0`, ... Returns the number of shards and bytes.
pub(crate) fn write_json(
    catalog: &Catalog,
    out: &mut dyn FnMut(&str, &str) -> Result<()>,
) -> Result<(usize, usize)> {
    write_shards(catalog, false, out)
}

fn write_shards(
    catalog: &Catalog,
    scripts: bool,
    out: &mut dyn FnMut(&str, &str) -> Result<()>,
) -> Result<(usize, usize)> {
    let mut index = Parts::new(catalog);
    // The words are counted: their text is not needed any more.
    drop(std::mem::take(&mut index.fields));
    let mut sink = Sink {
        out,
        scripts,
        counts: serde_json::Map::new(),
        files: 0,
        bytes: 0,
    };

    // IDs.
    let mut ids = Keyed::default();
    for (key, anchors) in index.ids.by_key() {
        let anchors: Vec<&ids::Anchor> = anchors.iter().collect();
        file_anchors(key.to_string(), anchors, &mut ids);
    }
    sink.namespace("i", ids)?;

    // Message templates, each under its rarest whole word.
    let templates = index.templates.templates();
    let entry = |i: &usize| {
        let t = &templates[*i];
        let docs: Vec<usize> = t.docs.iter().copied().take(TEMPLATE_DOCS).collect();
        json!([docs, t.literal_len, t.specificity, t.pattern])
    };
    let (by_word, always) = index.templates.filed();
    let mut messages = Keyed::default();
    for (word, list) in by_word {
        messages.insert(word.clone(), Value::Array(list.iter().map(entry).collect()));
    }
    let always: Vec<Value> = always.iter().map(entry).collect();
    sink.namespace("m", messages)?;

    // Words: written form → stem; typo candidates by initial and length.
    let mut words = Keyed::default();
    let mut by_shape: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (written, surface) in &index.terms.vocabulary {
        let stem = if &surface.stem == written {
            Value::from(0)
        } else {
            Value::from(surface.stem.clone())
        };
        words.insert(written.clone(), stem.clone());
        if text::correctable(written) {
            let shape = format!("{}:{}", text::initial(written), written.chars().count());
            by_shape
                .entry(shape)
                .or_default()
                .push(json!([written, stem, surface.frequency]));
        }
    }
    sink.namespace("w", words)?;
    let mut shapes = Keyed::default();
    for (shape, list) in by_shape {
        shapes.insert(shape, Value::Array(list));
    }
    sink.namespace("f", shapes)?;

    // Scores of each indexed form, in thousandths.
    let table = index.terms.take_scores();
    let mut terms = Keyed::default();
    let mut tails = 0usize;
    for (stem, scores) in table {
        let mut ranked: Vec<(u32, u64)> = scores
            .iter()
            .map(|&(doc, score)| (doc, (score * SCORE_SCALE).round() as u64))
            .collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total = ranked.len();
        let tail = ranked.split_off(ranked.len().min(TERM_HEAD));
        let floor = tail.first().map_or(0, |t| t.1);
        let first_tail = tails;
        for chunk in tail.chunks(TERM_TAIL).take(TERM_TAILS) {
            let list = number_list(
                chunk
                    .iter()
                    .flat_map(|&(doc, score)| [u64::from(doc), score]),
            );
            sink.shard(&format!("u/{tails}"), &list)?;
            tails += 1;
        }
        ranked.sort_unstable();
        let mut list: Vec<u64> = vec![
            total as u64,
            floor,
            first_tail as u64,
            (tails - first_tail) as u64,
        ];
        let mut previous = 0u32;
        for (doc, score) in ranked {
            list.push(u64::from(doc - previous));
            list.push(score);
            previous = doc;
        }
        terms.insert_json(stem.clone(), number_list(list.into_iter()));
    }
    sink.namespace("t", terms)?;

    // The codes, in chunks.
    let slugs = Slugs::assign(index.docs.iter().map(|d| d.key.as_str()));
    let mut levels: Vec<String> = Vec::new();
    for (n, chunk) in index.docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let list: Vec<Value> = chunk
            .iter()
            .map(|d| {
                let level = d.level.clone().unwrap_or_default();
                let level_index = levels.iter().position(|l| *l == level).unwrap_or_else(|| {
                    levels.push(level.clone());
                    levels.len() - 1
                });
                json!([
                    d.id,
                    level_index,
                    d.summary,
                    slugs.get(&d.key).unwrap_or_default()
                ])
            })
            .collect();
        sink.shard(&format!("d/{n}"), &Value::Array(list).to_string())?;
    }
    let levels: Vec<Value> = levels
        .into_iter()
        .map(|l| {
            let class = crate::slug::level_class(Some(&l));
            json!([l, class])
        })
        .collect();

    let meta = json!({
        "format": FORMAT,
        "docs": index.docs.len(),
        "chunk": DOCS_PER_CHUNK,
        "shards": Value::Object(std::mem::take(&mut sink.counts)),
        "levels": levels,
        "always": always,
        "engine": engine_values(),
    });
    sink.shard("meta", &meta.to_string())?;
    Ok((sink.files, sink.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_function() {
        // Reference values of 32-bit FNV-1a.
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn shards_are_scripts_that_no_text_can_break_out_of() {
        let out = script(
            "t/1",
            &json!({"x": "</script><script>alert(1)</script>\u{2028}"}).to_string(),
        );
        assert!(!out.contains("</script"));
        assert!(!out.contains('\u{2028}'));
        assert!(out.starts_with("errbookShard(\"t/1\","));
    }

    /// The meta shard of a one-code catalog.
    fn meta() -> Value {
        let markdown = "## Errors\n\n### E-0001\n\n**Error message:** Disk full.\n";
        let catalog = crate::parse::parse_catalog(
            &[crate::source::SourceFile::new(
                "errors.md".into(),
                markdown.to_string(),
            )],
            &crate::config::CatalogConfig::default(),
        );
        let mut meta = None;
        write_json(&catalog, &mut |name, json| {
            if name == "meta" {
                meta = Some(serde_json::from_str(json).unwrap());
            }
            Ok(())
        })
        .unwrap();
        meta.expect("a meta shard")
    }

    #[test]
    fn meta_carries_the_values_search_js_shares() {
        let meta = meta();
        assert_eq!(meta["format"], FORMAT);
        let engine = &meta["engine"];
        let tiers = &engine["tiers"];
        assert_eq!(tiers["exact_id"], f64::from(super::super::EXACT_ID));
        assert_eq!(tiers["templated_id"], f64::from(super::super::TEMPLATED_ID));
        assert_eq!(tiers["partial_id"], f64::from(super::super::PARTIAL_ID));
        assert_eq!(tiers["message"], f64::from(super::super::MESSAGE));
        assert_eq!(tiers["text_ceiling"], f64::from(super::super::TEXT_CEILING));
        assert_eq!(engine["key_chars"], ids::KEY_CHARS);
        assert_eq!(engine["max_word_bytes"], text::MAX_WORD_BYTES);
        assert_eq!(engine["endings"], json!(text::ENDINGS));
        assert_eq!(engine["form_extra"], text::FORM_EXTRA);
        let ranges: Vec<(u32, u32)> = serde_json::from_value(engine["cjk"].clone()).unwrap();
        assert_eq!(ranges, crate::text::CJK_RANGES);
    }

    /// `search.js` reads every value meta shares, and keeps no copy of
    /// one (as it once did, kept in step by hand).
    #[test]
    fn search_js_reads_the_shared_values_and_copies_none() {
        let js = include_str!("../../static/search.js");
        let engine = meta()["engine"].clone();
        let keys = engine.as_object().unwrap().keys();
        let nested = ["tiers", "typos"].map(|n| engine[n].as_object().unwrap().keys());
        for key in keys.chain(nested.into_iter().flatten()) {
            assert!(
                js.contains(&format!(".{key}")),
                "search.js never reads {key}"
            );
        }
        for name in [
            "EXACT_ID",
            "TEMPLATED_ID",
            "PARTIAL_ID",
            "TEXT_CEILING",
            "KEY_CHARS",
            "MAX_WORD_BYTES",
            "ENDINGS",
            "FORM_EXTRA",
            "CJK_RANGES",
            "MAX_TAILS",
        ] {
            assert!(!js.contains(name), "search.js has its own {name}");
        }
        for ending in text::ENDINGS.iter().filter(|e| e.len() > 2) {
            assert!(!js.contains(&format!("\"{ending}\"")), "{ending:?}");
        }
        for (low, high) in crate::text::CJK_RANGES {
            for point in [low, high] {
                assert!(!js.contains(&format!("{point:X}")), "{point:X}");
                assert!(!js.contains(&format!("{point:x}")), "{point:x}");
            }
        }
    }
}
