//! Findings as SARIF 2.1.0, for GitHub code scanning and other SARIF
//! viewers: every rule with its explanation, every finding with its place
//! and related places.

use super::path_of;
use crate::lint::Diagnostic;
use crate::model::Span;
use crate::rules::{Rule, Severity};
use crate::source::SourceFile;
use serde_json::{json, Value};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// SARIF wants URIs: forward slashes, no leading `./`.
fn sarif_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_string()
}

fn sarif_location(sources: &[SourceFile], span: &Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": sarif_uri(&path_of(sources, span.file)) },
            "region": { "startLine": span.line, "startColumn": span.column },
        }
    })
}

/// The findings as one SARIF log with one run.
pub(super) fn value(diagnostics: &[Diagnostic], sources: &[SourceFile]) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.name(),
                "shortDescription": { "text": r.explanation() },
                "defaultConfiguration": { "level": sarif_level(r.default_severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": d.rule.name(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == d.rule),
                "level": sarif_level(d.severity),
                "message": { "text": text },
                "locations": [sarif_location(sources, &d.span)],
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut location = sarif_location(sources, &r.span);
                        location["id"] = json!(i);
                        location["message"] = json!({ "text": r.message });
                        location
                    })
                    .collect();
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "errbook",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/errbook/errbook",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}
