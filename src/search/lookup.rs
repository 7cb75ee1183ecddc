//! A code as a person writes it (`errbook explain resoie000201`) → the
//! one code meant, the several it could be, or the closest codes when
//! none matches.

use super::{Hit, MatchKind, SearchIndex};
use crate::error::Result;
use crate::model::Catalog;

/// What a query names.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// One code, and how the query matched it.
    Found {
        /// The code's ID.
        code: String,
        /// How it matched; `ExactId` for a code written out.
        kind: MatchKind,
    },
    /// Several codes match as well as each other.
    Several(Vec<Hit>),
    /// The code heads several entries, each with its own key (ORA-00600
    /// over OceanBase's codes): all of them, in catalog order.
    Shared {
        /// The code as the catalog writes it.
        code: String,
        entries: Vec<Hit>,
    },
    /// None matches.
    NotFound {
        /// Up to five codes within a small edit distance of the query.
        closest: Vec<String>,
        /// Up to three codes whose text mentions the query.
        mentions: Vec<String>,
    },
}

/// The code `query` names in `catalog`.
pub(crate) fn lookup(catalog: &Catalog, query: &str) -> Result<Lookup> {
    // A code written out is that code, however short (`E-1` is below the
    // length the search looks IDs up from).
    let written = query.trim();
    if let Some(entry) = catalog
        .entries()
        .find(|e| e.id.eq_ignore_ascii_case(written))
    {
        return Ok(Lookup::Found {
            code: entry.id.clone(),
            kind: MatchKind::ExactId,
        });
    }
    let same = |id: &str| {
        let compact = |s: &str| super::ids::compact(&s.trim().to_uppercase());
        !id.trim().is_empty() && compact(id) == compact(written)
    };
    let mut under: Vec<&crate::model::ErrorEntry> = Vec::new();
    for entry in catalog
        .entries()
        .filter(|e| e.aliases.iter().any(|a| same(a)))
    {
        if !under.iter().any(|u| u.key() == entry.key()) {
            under.push(entry);
        }
    }
    if under.len() > 1 {
        let code = under[0]
            .aliases
            .iter()
            .find(|a| same(a))
            .cloned()
            .unwrap_or_else(|| written.to_string());
        let entries = under
            .iter()
            .map(|e| Hit {
                code: e.id.clone(),
                level: e.level.clone(),
                message: e
                    .message
                    .as_ref()
                    .map(|m| m.text.clone())
                    .unwrap_or_default(),
                summary: crate::text::summary(e),
                score: 0.0,
                kind: MatchKind::ExactId,
            })
            .collect();
        return Ok(Lookup::Shared { code, entries });
    }
    let hits = SearchIndex::build(catalog)?.search(query, 20);
    let Some(first) = hits.first() else {
        return Ok(not_found(catalog, query, &hits));
    };
    match first.kind {
        MatchKind::ExactId | MatchKind::TemplatedId => Ok(Lookup::Found {
            code: first.code.clone(),
            kind: first.kind,
        }),
        MatchKind::PartialId | MatchKind::Message => {
            let alike: Vec<Hit> = hits
                .iter()
                .filter(|h| {
                    h.kind == first.kind
                        && (h.kind == MatchKind::PartialId || h.score == first.score)
                })
                .cloned()
                .collect();
            Ok(if alike.len() == 1 {
                Lookup::Found {
                    code: first.code.clone(),
                    kind: first.kind,
                }
            } else {
                Lookup::Several(alike)
            })
        }
        _ => Ok(not_found(catalog, query, &hits)),
    }
}

fn not_found(catalog: &Catalog, query: &str, hits: &[Hit]) -> Lookup {
    Lookup::NotFound {
        closest: closest_codes(catalog, query),
        mentions: hits.iter().take(3).map(|h| h.code.clone()).collect(),
    }
}

/// Up to five codes within a small edit distance of the query.
fn closest_codes(catalog: &Catalog, query: &str) -> Vec<String> {
    let query = query.trim().to_uppercase();
    let limit = (query.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = Vec::new();
    // An empty ID (a heading `### #`, which check reports) is no suggestion.
    for entry in catalog.entries().filter(|e| !e.id.is_empty()) {
        let distance = strsim::damerau_levenshtein(&query, &entry.id.to_uppercase());
        if distance <= limit && !scored.iter().any(|(_, id)| *id == entry.id) {
            scored.push((distance, &entry.id));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}
