//! Writes lint diagnostics for people (rustc-style, via codespan-reporting)
//! and for machines: JSON, SARIF 2.1.0 (GitHub code scanning) and GitHub
//! workflow-command annotations.

use crate::lint::Diagnostic;
use crate::rules::{Rule, Severity};
use crate::source::SourceFile;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line and a caret.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::`).
    Github,
}

/// Writes diagnostics in `format`. `color` only affects `human`.
pub fn write(
    out: &mut dyn termcolor::WriteColor,
    format: Format,
    diagnostics: &[Diagnostic],
    sources: &[SourceFile],
) -> std::io::Result<()> {
    match format {
        Format::Human => human(out, diagnostics, sources),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json_value(diagnostics, sources))?;
            writeln!(out)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(diagnostics, sources))?;
            writeln!(out)
        }
        Format::Github => github(out, diagnostics, sources),
    }
}

fn path_of(sources: &[SourceFile], file: usize) -> String {
    sources
        .get(file)
        .map_or_else(String::new, |s| s.path.display().to_string())
}

fn human(
    out: &mut dyn termcolor::WriteColor,
    diagnostics: &[Diagnostic],
    sources: &[SourceFile],
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    for source in sources {
        files.add(source.path.display().to_string(), source.text.as_str());
    }
    // ASCII frames read like rustc (`-->`, `|`) and survive any terminal.
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
            Severity::Note => cs::Severity::Note,
        };
        let mut notes = Vec::new();
        // A finding shows its source line; a very long line shown once per
        // finding would flood the terminal (a 68 kB line with thousands of
        // findings printed 800 MB), so such lines are named, not shown.
        let too_long = |span: &crate::model::Span| {
            line_length(sources, span).is_some_and(|n| n > MAX_SHOWN_LINE)
        };
        let mut labels = Vec::new();
        if too_long(&d.span) {
            notes.push(format!(
                "at {}:{}:{} (the line is too long to show)",
                path_of(sources, d.span.file),
                d.span.line,
                d.span.column
            ));
        } else {
            labels.push(cs::Label::primary(d.span.file, d.span.start..d.span.end));
        }
        for r in &d.related {
            if too_long(&r.span) {
                notes.push(format!(
                    "{}: {}:{}:{}",
                    r.message,
                    path_of(sources, r.span.file),
                    r.span.line,
                    r.span.column
                ));
            } else {
                labels.push(
                    cs::Label::secondary(r.span.file, r.span.start..r.span.end)
                        .with_message(&r.message),
                );
            }
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.rule.name())
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit(out, &config, &files, &diagnostic).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Longest source line a human report prints, in bytes.
const MAX_SHOWN_LINE: usize = 1000;

/// The length in bytes of the line a span starts on.
fn line_length(sources: &[SourceFile], span: &crate::model::Span) -> Option<usize> {
    let text = &sources.get(span.file)?.text;
    let start = span.start.min(text.len());
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
    Some(line_end - line_start)
}

fn json_value(diagnostics: &[Diagnostic], sources: &[SourceFile]) -> Value {
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

fn sarif_location(sources: &[SourceFile], span: &crate::model::Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": sarif_uri(&path_of(sources, span.file)) },
            "region": { "startLine": span.line, "startColumn": span.column },
        }
    })
}

fn sarif(diagnostics: &[Diagnostic], sources: &[SourceFile]) -> Value {
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

/// Escapes for workflow commands: data and property values differ.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(
    out: &mut dyn termcolor::WriteColor,
    diagnostics: &[Diagnostic],
    sources: &[SourceFile],
) -> std::io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&path_of(sources, d.span.file)),
            d.span.line,
            d.span.column,
            escape_property(&format!("errbook {}", d.rule.name())),
            escape_data(&message)
        )?;
    }
    Ok(())
}
