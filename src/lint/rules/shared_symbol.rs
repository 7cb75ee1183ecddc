//! The `shared-symbol` rule.
//!
//! ## What it does
//! Checks that a symbol (another name of a code, as a table's symbol
//! column gives it: `ER_DB_CREATE_EXISTS`) names one code only.
//!
//! ## Why is this bad?
//! A reader or a program that knows the symbol finds two codes and cannot
//! tell which one is meant; usually one of the rows was copied and not
//! renamed.
//!
//! ## Example
//! ```markdown
//! | Error Code | SQLSTATE | Error | Description |
//! | --- | --- | --- | --- |
//! | 1608 | HY000 | ER_UNUSED_11 | Unused |
//! | 1928 | HY000 | ER_UNUSED_11 | Unused |
//! ```
//!
//! Use instead:
//! ```markdown
//! | Error Code | SQLSTATE | Error | Description |
//! | --- | --- | --- | --- |
//! | 1608 | HY000 | ER_UNUSED_11 | Unused |
//! | 1928 | HY000 | ER_UNUSED_28 | Unused |
//! ```

use super::{Context, Findings, Related};
use crate::model::{ErrorEntry, FieldKind, Shape};
use rustc_hash::FxHashMap;

/// (catalog, symbol in lower case) → the entries that carry it.
type BySymbol<'e> = FxHashMap<(&'e str, String), Vec<(&'e str, &'e ErrorEntry)>>;

/// Adds the symbols of `entry` to `by_symbol`.
fn symbols_of<'e>(shape: Shape, entry: &'e ErrorEntry, by_symbol: &mut BySymbol<'e>) {
    // With a key field, the heading's code is the first alias; a
    // generic heading (ORA-00600) over many codes is by design.
    let skip = usize::from(entry.field(FieldKind::Key).is_some());
    for symbol in entry.aliases.iter().skip(skip) {
        // errcodes.txt's spec names (lower case) are PL/pgSQL condition
        // names, which may stand for several SQLSTATEs by design
        // (`string_data_right_truncation` is 01004 and 22001); its macro
        // names are the symbols.
        if shape == Shape::Errcodes && !symbol.bytes().any(|b| b.is_ascii_uppercase()) {
            continue;
        }
        by_symbol
            .entry((entry.catalog.as_str(), symbol.to_lowercase()))
            .or_default()
            .push((symbol.as_str(), entry));
    }
}

/// Symbols given to more than one code, one finding per symbol.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    // (catalog, symbol in lower case) → the entries that carry it, in
    // source order; the first spelling is shown.
    let mut by_symbol: BySymbol<'_> = FxHashMap::default();
    for document in &cx.input.catalog.documents {
        for entry in document.sections.iter().flat_map(|s| &s.entries) {
            symbols_of(document.shape, entry, &mut by_symbol);
        }
    }
    for uses in by_symbol.values() {
        // Definitions of one code (its row and its own page) share it.
        let mut codes: Vec<&(&str, &ErrorEntry)> = Vec::new();
        for one in uses {
            if !codes
                .iter()
                .any(|(_, e)| e.key().to_lowercase() == one.1.key().to_lowercase())
            {
                codes.push(one);
            }
        }
        if codes.len() < 2 {
            continue;
        }
        let (symbol, first) = *codes[0];
        let (_, second) = *codes[1];
        let names: Vec<String> = codes.iter().map(|(_, e)| format!("`{}`", e.id)).collect();
        let related = codes
            .iter()
            .filter(|(_, e)| !std::ptr::eq(*e, second))
            .map(|(s, e)| Related {
                span: e.span.clone(),
                message: format!("`{s}` names `{}` here", e.id),
            })
            .collect();
        out.report(
            &second.span,
            Some(&second.id),
            format!(
                "symbol `{symbol}` names {} codes: {}",
                codes.len(),
                names.join(", ")
            ),
            format!(
                "give `{}` a symbol of its own, or remove one of the codes if `{}` is the one meant",
                second.id, first.id
            ),
        )
        .related(related);
    }
}
