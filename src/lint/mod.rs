//! The validate stage: rules that read the model and report what is wrong
//! with the catalog, where, and how to fix it.
//!
//! Each rule has a stable kebab-case name, a default severity and a one-line
//! explanation; `site.toml` and `-A`/`-W`/`-D` can allow, warn or deny any
//! of them. Rules only
//! read the model (and the source text, to point inside a field); they never
//! parse Markdown themselves.
//!
//! [`lint`] hands the input to the runner (`runner.rs`), which works out each
//! rule's severity and runs the check of every enabled rule (`rules/`, one
//! file per rule) with a collector bound to that rule (`findings.rs`); the
//! findings come back sorted by place. A [`Baseline`] (`baseline.rs`) then
//! sets apart the findings a catalog already had.

mod baseline;
mod catalog_fields;
mod findings;
mod rules;
mod runner;

pub use baseline::{Baseline, Suppressed, BASELINE_VERSION};
pub use findings::{Diagnostic, Related};

use crate::config::{Config, RuleLevel};
use crate::model::Catalog;
use crate::rules::RuleSelector;
use crate::source::SourceFile;

/// What the linter reads.
pub struct LintInput<'a> {
    /// The parsed catalog.
    pub catalog: &'a Catalog,
    /// The sources it was parsed from, in the order of `catalog.files`.
    pub sources: &'a [SourceFile],
    /// site.toml: labels, levels, `[lint]`, code patterns, word list.
    pub config: &'a Config,
    /// `-A`, `-W` and `-D` from the command line, in the order given;
    /// each applies over `[lint]` and the ones before it.
    pub overrides: &'a [LevelOverride],
}

/// One `-A`, `-W` or `-D`: the rules it names and the level it sets them
/// to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelOverride {
    /// A rule, `warnings` or `all`.
    pub rules: RuleSelector,
    /// `-A` allow, `-W` warn, `-D` deny.
    pub level: RuleLevel,
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
