//! Findings for people, as rustc prints them (via codespan-reporting): the
//! source line with a caret, related places, and the help; and the count
//! of each rule's findings, for the summary.

use super::path_of;
use crate::lint::Diagnostic;
use crate::model::Span;
use crate::rules::{Rule, Severity};
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

/// How many findings each rule made, one line per rule, for the summary
/// under the report: errors first, then warnings, then notes, the most
/// frequent first within each, aligned:
///
/// ```text
///   broken-link   1 error
///   spelling     23 warnings
/// ```
pub(crate) fn counts_by_rule(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut counts: std::collections::HashMap<(Rule, Severity), usize> = Default::default();
    for d in diagnostics {
        *counts.entry((d.rule, d.severity)).or_default() += 1;
    }
    let mut counts: Vec<((Rule, Severity), usize)> = counts.into_iter().collect();
    counts.sort_by(|((rule_a, severity_a), n_a), ((rule_b, severity_b), n_b)| {
        (severity_b, n_b, rule_a.name()).cmp(&(severity_a, n_a, rule_b.name()))
    });
    let name_width = counts.iter().map(|((r, _), _)| r.name().len()).max();
    let count_width = counts.iter().map(|(_, n)| n.to_string().len()).max();
    let (name_width, count_width) = (name_width.unwrap_or(0), count_width.unwrap_or(0));
    counts
        .iter()
        .map(|((rule, severity), n)| {
            format!(
                "  {:name_width$}  {n:>count_width$} {}{}",
                rule.name(),
                severity.name(),
                if *n == 1 { "" } else { "s" }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rule: Rule, severity: Severity) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: String::new(),
            span: Span {
                file: 0,
                line: 1,
                column: 1,
                start: 0,
                end: 0,
            },
            code: None,
            help: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn counts_by_rule_go_by_severity_then_count_aligned() {
        let mut diagnostics = vec![found(Rule::TemplateTag, Severity::Note)];
        diagnostics.extend((0..12).map(|_| found(Rule::Spelling, Severity::Warning)));
        diagnostics.push(found(Rule::BrokenLink, Severity::Error));
        diagnostics.extend((0..2).map(|_| found(Rule::MissingField, Severity::Error)));
        diagnostics.push(found(Rule::RemoteImage, Severity::Warning));
        assert_eq!(
            counts_by_rule(&diagnostics),
            [
                "  missing-field   2 errors",
                "  broken-link     1 error",
                "  spelling       12 warnings",
                "  remote-image    1 warning",
                "  template-tag    1 note",
            ]
        );
        assert!(counts_by_rule(&[]).is_empty());
    }
}
