//! The validate stage: rules that read the model and report what is wrong
//! with the catalog, where, and how to fix it.
//!
//! Each rule has a stable kebab-case name, a default severity and a one-line
//! explanation; `site.toml` can allow, warn or deny any of them. Rules only
//! read the model (and the source text, to point inside a field); they never
//! parse Markdown themselves.
//!
//! [`lint`] hands the input to the runner (`runner.rs`), which works out each
//! rule's severity and runs the check of every enabled rule (`rules/`, one
//! file per rule) with a collector bound to that rule (`findings.rs`); the
//! findings come back sorted by place.

mod catalog_fields;
mod findings;
mod rules;
mod runner;

pub use findings::{Diagnostic, Related};

use crate::config::Config;
use crate::model::Catalog;
use crate::source::SourceFile;

/// What the linter reads.
pub struct LintInput<'a> {
    /// The parsed catalog.
    pub catalog: &'a Catalog,
    /// The sources it was parsed from, in the order of `catalog.files`.
    pub sources: &'a [SourceFile],
    /// site.toml: labels, levels, `[lint]`, code patterns, word list.
    pub config: &'a Config,
    /// `--deny warnings`.
    pub deny_warnings: bool,
}

/// Runs every enabled rule; diagnostics come back sorted by place.
pub fn lint(input: &LintInput<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = runner::run(input);
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.rule, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.rule,
            &b.message,
        ))
    });
    diagnostics
}
