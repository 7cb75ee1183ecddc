//! Findings as one JSON array (the shape is in schema/).

use super::path_of;
use crate::lint::Diagnostic;
use crate::source::SourceFile;
use serde_json::{json, Value};

/// The findings as JSON.
pub(super) fn value(diagnostics: &[Diagnostic], sources: &[SourceFile]) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|d| {
                json!({
                    "rule": d.rule.name(),
                    "severity": d.severity.name(),
                    "message": d.message,
                    "file": path_of(sources, d.span.file),
                    "line": d.span.line,
                    "column": d.span.column,
                    "code": d.code,
                    "help": d.help,
                    "related": d.related.iter().map(|r| json!({
                        "file": path_of(sources, r.span.file),
                        "line": r.span.line,
                        "column": r.span.column,
                        "message": r.message,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
