//! What the rules find: [`Diagnostic`]s (serialised as `check --format
//! json` prints them) and [`Findings`], the collector a rule reports into.

use crate::model::Span;
use crate::rules::{Rule, Severity};
use serde::Serialize;

/// One finding, with where it is and what to do about it.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// The rule that found it.
    #[serde(serialize_with = "serialize_rule")]
    pub rule: Rule,
    /// The rule's severity, as configured.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// The catalog code concerned, if any.
    pub code: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places that explain this one (the first definition of a
    /// duplicate, the first of a repeated field).
    pub related: Vec<Related>,
}

/// Another place that explains a finding.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// Where it is.
    pub span: Span,
    /// What it is (`first defined here`).
    pub message: String,
}

fn serialize_rule<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.name())
}

/// Collects the findings of one rule at the severity configured for it.
/// The runner hands each check a collector of its own rule, so a rule can
/// report nothing in another rule's name.
pub(super) struct Findings<'a> {
    rule: Rule,
    severity: Severity,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    /// A collector of `rule`'s findings, which it adds to `diagnostics`.
    pub(super) fn new(
        rule: Rule,
        severity: Severity,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Findings {
            rule,
            severity,
            diagnostics,
        }
    }

    /// Reports a finding at `span`, with what to do about it; related
    /// places, if any, go on the returned [`Reported`].
    pub(super) fn report(
        &mut self,
        span: &Span,
        code: Option<&str>,
        message: String,
        help: String,
    ) -> Reported<'_> {
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity: self.severity,
            message,
            span: span.clone(),
            code: code.map(str::to_string),
            help: Some(help),
            related: Vec::new(),
        });
        Reported(self.diagnostics.last_mut().expect("just pushed"))
    }
}

/// A finding just reported, which related places can be added to.
pub(super) struct Reported<'d>(&'d mut Diagnostic);

impl Reported<'_> {
    /// Adds the places that explain the finding.
    pub(super) fn related(self, related: Vec<Related>) {
        self.0.related = related;
    }
}
