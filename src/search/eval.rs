//! `errbook search --eval FILE.tsv`: search quality on a set of queries
//! with the codes a user expects (`query<TAB>accepted codes<TAB>kind`,
//! `#` comments), as hit@1, hit@5 and mean reciprocal rank, per kind,
//! and whether `explain --log` names each query as the search does: the
//! search's first code when it is confident ([`Matcher::confident`]),
//! nothing when it is not.
//!
//! [`Matcher::confident`]: super::matcher::Matcher::confident

use super::log::LogScanner;
use super::matcher::Matcher;
use super::SearchIndex;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub query: String,
    pub accepted: Vec<String>,
    pub kind: String,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Scores {
    pub queries: usize,
    pub hit_at_1: f64,
    pub hit_at_5: f64,
    pub mrr: f64,
    /// Queries `explain --log` names as the search does.
    pub log_agrees: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub query: String,
    pub kind: String,
    pub expected: Vec<String>,
    /// Rank of the first accepted code (1-based), if in the top 10.
    pub rank: Option<usize>,
    pub got: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_kind: BTreeMap<String, Scores>,
    pub misses: Vec<Miss>,
    /// Queries `explain --log` names otherwise than the search.
    pub disagreements: Vec<Disagreement>,
    /// Every query with its first result, in file order (JSON only).
    pub firsts: Vec<First>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub query: String,
    pub kind: String,
    /// The search's first code when it is confident.
    pub search: Option<String>,
    /// The codes `explain --log` names.
    pub log: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct First {
    pub query: String,
    pub code: Option<String>,
}

pub(crate) fn read_cases(path: &Path) -> Result<Vec<Case>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(query), Some(accepted)) = (columns.next(), columns.next()) else {
            return Err(Error::at_line(
                path,
                n + 1,
                1,
                "expected `query<TAB>accepted codes<TAB>kind`",
            ));
        };
        cases.push(Case {
            query: query.to_string(),
            accepted: accepted.split_whitespace().map(str::to_string).collect(),
            kind: columns.next().unwrap_or("other").trim().to_string(),
        });
    }
    Ok(cases)
}

/// What `explain --log` names for `query` as one line of a log.
fn log_names(scanner: &LogScanner, query: &str) -> Vec<String> {
    let line = query.replace(['\n', '\r'], " ");
    let mut named = Vec::new();
    // Reading from memory cannot fail; a failure names nothing.
    let _ = scanner.scan(line.as_bytes(), &mut |matched, _| {
        named.extend(matched.docs.iter().map(|&d| scanner.docs()[d].id.clone()));
        Ok(())
    });
    named
}

pub(crate) fn evaluate(index: &SearchIndex, scanner: &LogScanner, cases: &[Case]) -> Report {
    #[derive(Default)]
    struct Sums {
        n: usize,
        h1: usize,
        h5: usize,
        rr: f64,
        agrees: usize,
    }
    let mut disagreements = Vec::new();
    let mut overall = Sums::default();
    let mut by_kind: BTreeMap<String, Sums> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut firsts = Vec::new();
    for case in cases {
        let hits = index.search(&case.query, 10);
        firsts.push(First {
            query: case.query.clone(),
            code: hits.first().map(|h| h.code.clone()),
        });
        let rank = hits
            .iter()
            .position(|h| case.accepted.iter().any(|a| a == &h.code))
            .map(|r| r + 1);
        let search_names = hits
            .first()
            .filter(|h| Matcher::confident(h.kind, &case.query))
            .map(|h| h.code.clone());
        let log = log_names(scanner, &case.query);
        let agrees = match &search_names {
            Some(code) => log.contains(code),
            None => log.is_empty(),
        };
        if !agrees {
            disagreements.push(Disagreement {
                query: case.query.clone(),
                kind: case.kind.clone(),
                search: search_names,
                log,
            });
        }
        for sums in [&mut overall, by_kind.entry(case.kind.clone()).or_default()] {
            sums.n += 1;
            sums.agrees += usize::from(agrees);
            sums.h1 += usize::from(rank == Some(1));
            sums.h5 += usize::from(rank.is_some_and(|r| r <= 5));
            sums.rr += rank.map_or(0.0, |r| 1.0 / r as f64);
        }
        if rank != Some(1) {
            misses.push(Miss {
                query: case.query.clone(),
                kind: case.kind.clone(),
                expected: case.accepted.clone(),
                rank,
                got: hits.iter().take(3).map(|h| h.code.clone()).collect(),
            });
        }
    }
    let scores = |s: &Sums| Scores {
        queries: s.n,
        hit_at_1: s.h1 as f64 / s.n.max(1) as f64,
        hit_at_5: s.h5 as f64 / s.n.max(1) as f64,
        mrr: s.rr / s.n.max(1) as f64,
        log_agrees: s.agrees,
    };
    Report {
        overall: scores(&overall),
        by_kind: by_kind
            .iter()
            .map(|(k, s)| (k.clone(), scores(s)))
            .collect(),
        misses,
        disagreements,
        firsts,
    }
}
