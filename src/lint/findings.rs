//! What the rules find: [`Diagnostic`]s (serialised as `check --format
//! json` prints them) and the collector the rules report into.

use super::LintInput;
use crate::model::{Markdown, Span};
use crate::rules::{Rule, Severity};
use serde::Serialize;

/// One finding, with where it is and what to do about it.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    #[serde(serialize_with = "serialize_rule")]
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// The catalog code concerned, if any.
    pub code: Option<String>,
    pub help: Option<String>,
    /// Other places that explain this one (the first definition of a
    /// duplicate, the first of a repeated field).
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

fn serialize_rule<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.name())
}

/// Collects diagnostics at the configured severities.
pub(super) struct Findings<'a> {
    pub(super) input: &'a LintInput<'a>,
    /// Per rule, in `Rule::ALL` order; `None` when allowed.
    pub(super) severities: &'a [Option<Severity>],
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Findings<'_> {
    pub(super) fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severities[rule as usize]
    }

    pub(super) fn enabled(&self, rule: Rule) -> bool {
        self.severity(rule).is_some()
    }

    /// Adds a finding of an enabled rule; the caller fills in help and
    /// related places.
    pub(super) fn report(
        &mut self,
        rule: Rule,
        span: &Span,
        code: Option<&str>,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            rule,
            severity: self.severity(rule).unwrap_or(Severity::Note),
            message,
            span: span.clone(),
            code: code.map(str::to_string),
            help: None,
            related: Vec::new(),
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// The span of a byte range of a field body's text.
    pub(super) fn body_span(&self, body: &Markdown, range: std::ops::Range<usize>) -> Span {
        let base = body.span.start;
        self.input.sources[body.span.file]
            .span(body.span.file, base + range.start..base + range.end)
    }

    /// Reports unless the rule is allowed.
    pub(super) fn emit(
        &mut self,
        rule: Rule,
        span: &Span,
        code: Option<&str>,
        message: String,
        help: String,
    ) {
        if self.enabled(rule) {
            self.report(rule, span, code, message).help = Some(help);
        }
    }
}
