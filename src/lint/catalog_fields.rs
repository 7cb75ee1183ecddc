//! The catalog's own fields, learned from its entries: which of the fields
//! a shape requires by default most entries of a document go without (so
//! the document does not require them), and which labels beyond the known
//! ones enough entries share to be the catalog's fields (`Error code in
//! MySQL`). Worked out once per run for the rules that read it.

use crate::config::CatalogConfig;
use crate::model::{Catalog, ErrorEntry, FieldKind};
use crate::text::normalise_label;
use rustc_hash::FxHashMap;

/// A default-required field that a document's entries mostly lack.
pub(super) struct Waived<'a> {
    /// The field.
    pub(super) kind: FieldKind,
    /// How many entries of the document lack it.
    pub(super) lacking: usize,
    /// How many entries the document has.
    pub(super) entries: usize,
    /// The first entry that lacks it, where the note points.
    pub(super) first: &'a ErrorEntry,
}

/// What the catalog's entries say about its fields.
pub(super) struct CatalogFields<'a> {
    /// Per document (same order as `catalog.documents`), the fields its
    /// shape requires by default that it does not require.
    waived: Vec<Vec<Waived<'a>>>,
    /// Per catalog (`[[catalogs]]` name, empty for one), the normalised
    /// labels that are its fields: declared in site.toml or shared by
    /// enough entries. Each keeps the label as first written.
    fields: FxHashMap<&'a str, FxHashMap<String, &'a str>>,
    /// The labels of the known kinds and the declared fields, normalised,
    /// each with the label as configured: what a typo is nearest to.
    configured: Vec<(String, String)>,
}

/// A label is one of the catalog's fields when at least this many entries
/// use it...
const MIN_SHARED: usize = 3;
/// ...and at least one in this many of the catalog's entries: a field of
/// only the codes that map to another product's (a third of a catalog,
/// say) is still a field, while a label one or two entries write is
/// likely a typo.
const SHARED_ONE_IN: usize = 10;

/// A field is waived only when at least this many entries lack it, so a
/// small document's few gaps stay defects.
const MIN_LACKING: usize = 3;

impl<'a> CatalogFields<'a> {
    /// Reads the catalog. Nothing is waived when `required` is set in
    /// site.toml: what the writer asks for always wins.
    pub(super) fn new(catalog: &'a Catalog, config: &'a CatalogConfig) -> Self {
        let waived = catalog
            .documents
            .iter()
            .map(|document| {
                if config.required.is_some() {
                    return Vec::new();
                }
                let entries: Vec<&ErrorEntry> =
                    document.sections.iter().flat_map(|s| &s.entries).collect();
                config
                    .required_fields(document.shape)
                    .into_iter()
                    .filter_map(|kind| {
                        let lacking: Vec<&ErrorEntry> = entries
                            .iter()
                            .copied()
                            .filter(|e| e.field(kind).is_none())
                            .collect();
                        let waived =
                            lacking.len() >= MIN_LACKING && lacking.len() * 2 > entries.len();
                        waived.then(|| Waived {
                            kind,
                            lacking: lacking.len(),
                            entries: entries.len(),
                            first: lacking[0],
                        })
                    })
                    .collect()
            })
            .collect();
        let configured = configured_labels(config);
        CatalogFields {
            waived,
            fields: learn_fields(catalog, config, &configured),
            configured,
        }
    }

    /// True when `label` is one of the catalog's own fields: declared in
    /// `[catalog] fields`, or shared by enough of its entries.
    pub(super) fn is_field(&self, catalog: &str, label: &str) -> bool {
        self.fields
            .get(catalog)
            .is_some_and(|fields| fields.contains_key(&normalise_label(label)))
    }

    /// The known label nearest to `label` (one of a field kind, a declared
    /// or a learned one), when it is near enough to be what was meant.
    pub(super) fn nearest(&self, catalog: &str, label: &str) -> Option<&str> {
        let label = normalise_label(label);
        let learned = self
            .fields
            .get(catalog)
            .into_iter()
            .flatten()
            .map(|(n, l)| (n.as_str(), *l));
        self.configured
            .iter()
            .map(|(n, l)| (n.as_str(), l.as_str()))
            .chain(learned)
            .filter(|(n, _)| is_near(&label, n))
            .min_by_key(|(n, l)| (strsim::damerau_levenshtein(&label, n), *l))
            .map(|(_, l)| l)
    }

    /// The default-required fields the document does not require, because
    /// most of its entries (and at least [`MIN_LACKING`]) lack them.
    pub(super) fn waived(&self, document: usize) -> &[Waived<'a>] {
        self.waived.get(document).map_or(&[], Vec::as_slice)
    }

    /// True when the entries of `document` need not have `kind`.
    pub(super) fn is_waived(&self, document: usize, kind: FieldKind) -> bool {
        self.waived(document).iter().any(|w| w.kind == kind)
    }
}

/// The configured labels of the field kinds, and the declared fields.
fn configured_labels(config: &CatalogConfig) -> Vec<(String, String)> {
    [
        &config.level,
        &config.message,
        &config.cause,
        &config.solution,
        &config.sqlstate,
        &config.fields,
    ]
    .into_iter()
    .flatten()
    .map(|label| (normalise_label(label), label.clone()))
    .collect()
}

/// The fields of each catalog: the declared ones, and the labels of no
/// known kind that enough of its entries use, unless they are near a
/// configured label (`Causes` is a typo of `Cause`, however common).
fn learn_fields<'a>(
    catalog: &'a Catalog,
    config: &'a CatalogConfig,
    configured: &[(String, String)],
) -> FxHashMap<&'a str, FxHashMap<String, &'a str>> {
    /// Label → entries using it, and the label as first written.
    type Usage<'c> = FxHashMap<String, (usize, &'c str)>;
    // Catalog → its entries, and the usage of its labels.
    let mut usage: FxHashMap<&str, (usize, Usage<'_>)> = FxHashMap::default();
    for entry in catalog.entries() {
        let (entries, labels) = usage.entry(entry.catalog.as_str()).or_default();
        *entries += 1;
        let mut seen: Vec<String> = Vec::new();
        for field in &entry.fields {
            if field.kind != FieldKind::Other || field.implicit_label {
                continue;
            }
            let label = normalise_label(&field.label);
            if !seen.contains(&label) {
                labels.entry(label.clone()).or_insert((0, &field.label)).0 += 1;
                seen.push(label);
            }
        }
    }
    usage
        .into_iter()
        .map(|(name, (entries, labels))| {
            let mut fields: FxHashMap<String, &str> = config
                .fields
                .iter()
                .map(|l| (normalise_label(l), l.as_str()))
                .collect();
            for (label, (used, written)) in labels {
                let shared = used >= MIN_SHARED && used * SHARED_ONE_IN >= entries;
                if shared && !configured.iter().any(|(n, _)| is_near(&label, n)) {
                    fields.entry(label).or_insert(written);
                }
            }
            (name, fields)
        })
        .collect()
}

/// True when one normalised label is likely a slip for another: a
/// character or two apart (one per five), or the same words in another
/// order (`MySQL error code`, `Error code in MySQL`).
fn is_near(label: &str, known: &str) -> bool {
    if label == known {
        return false;
    }
    let distance = strsim::damerau_levenshtein(label, known);
    let words = |s: &str| {
        let mut words: Vec<String> = s
            .split_whitespace()
            .filter(|w| !matches!(*w, "in" | "of" | "the" | "for"))
            .map(|w| w.strip_suffix('s').unwrap_or(w).to_string())
            .collect();
        words.sort();
        words
    };
    distance <= 1.max(known.chars().count() / 5) || words(label) == words(known)
}
