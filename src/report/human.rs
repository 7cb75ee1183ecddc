//! Findings for people, as rustc prints them (via codespan-reporting): the
//! source line with a caret, related places, and the help.

use super::path_of;
use crate::lint::Diagnostic;
use crate::model::Span;
use crate::rules::Severity;
use crate::source::SourceFile;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// Every finding with its source line, rustc-style.
pub(super) fn write(
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
        let too_long = |span: &Span| line_length(sources, span).is_some_and(|n| n > MAX_SHOWN_LINE);
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
        // A finding for one cause can relate hundreds of places (every
        // entry under a repeated heading); the terminal shows the first.
        for r in d.related.iter().take(MAX_SHOWN_RELATED) {
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
        if d.related.len() > MAX_SHOWN_RELATED {
            notes.push(format!(
                "and {} more places (`--format json` or `sarif` lists them all)",
                d.related.len() - MAX_SHOWN_RELATED
            ));
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

/// Related places a human report shows per finding.
const MAX_SHOWN_RELATED: usize = 5;

/// Longest source line a human report prints, in bytes.
const MAX_SHOWN_LINE: usize = 1000;

/// The length in bytes of the line a span starts on.
fn line_length(sources: &[SourceFile], span: &Span) -> Option<usize> {
    let text = &sources.get(span.file)?.text;
    let start = span.start.min(text.len());
    let bytes = text.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
    Some(line_end - line_start)
}
