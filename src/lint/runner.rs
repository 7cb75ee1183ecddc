//! Runs the rules: works out each rule's severity from `[lint]` in
//! site.toml and the command line's `-A`/`-W`/`-D`, and runs the check of
//! every rule that is not allowed, with a collector bound to that rule.
//! This is the only place that resolves severities and skips a disabled
//! rule; the rules never ask.

use super::findings::{Diagnostic, Findings};
use super::rules::{self, Check, Context};
use super::LintInput;
use crate::model::ErrorEntry;
use crate::rules::{Rule, Severity};
use rayon::prelude::*;

/// Runs every enabled rule, in no particular order.
pub(super) fn run(input: &LintInput<'_>) -> Vec<Diagnostic> {
    let mut per_entry = Vec::new();
    let mut per_catalog = Vec::new();
    for &rule in Rule::ALL {
        let Some(severity) = severity(input, rule) else {
            continue;
        };
        match rules::check(rule) {
            Check::PerEntry(check) => per_entry.push((rule, severity, check)),
            Check::PerCatalog(check) => per_catalog.push((rule, severity, check)),
        }
    }
    let context = Context::new(input);
    // Rules on one entry at a time run on all cores.
    let entries: Vec<&ErrorEntry> = input.catalog.entries().collect();
    let mut diagnostics: Vec<Diagnostic> = entries
        .par_chunks(1024)
        .flat_map_iter(|chunk| {
            let mut found = Vec::new();
            for &(rule, severity, check) in &per_entry {
                let mut out = Findings::new(rule, severity, &mut found);
                for entry in chunk {
                    check(&context, entry, &mut out);
                }
            }
            found
        })
        .collect();
    for (rule, severity, check) in per_catalog {
        check(
            &context,
            &mut Findings::new(rule, severity, &mut diagnostics),
        );
    }
    diagnostics
}

/// The rule's severity: its default, then `[lint]`, then each `-A`, `-W`
/// or `-D` in turn, so a later flag wins over an earlier one and every
/// flag over site.toml; `None` when the rule ends up allowed.
fn severity(input: &LintInput<'_>, rule: Rule) -> Option<Severity> {
    let mut severity = match input.config.rule_level(rule.name()) {
        Some(level) => level.severity(),
        None => Some(rule.default_severity()),
    };
    for o in input.overrides {
        if o.rules.selects(rule, severity) {
            severity = o.level.severity();
        }
    }
    severity
}
