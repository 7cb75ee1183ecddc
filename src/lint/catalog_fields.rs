//! The catalog's own fields, learned from its entries: which of the fields
//! a shape requires by default most entries of a document go without (so
//! the document does not require them), worked out once per run for the
//! rules that read it.

use crate::config::CatalogConfig;
use crate::model::{Catalog, ErrorEntry, FieldKind};

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
}

/// A field is waived only when at least this many entries lack it, so a
/// small document's few gaps stay defects.
const MIN_LACKING: usize = 3;

impl<'a> CatalogFields<'a> {
    /// Reads the catalog. Nothing is waived when `required` is set in
    /// site.toml: what the writer asks for always wins.
    pub(super) fn new(catalog: &'a Catalog, config: &CatalogConfig) -> Self {
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
        CatalogFields { waived }
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
