//! Findings as GitHub Actions workflow commands (`::error file=...::`),
//! which annotate the lines of a pull request.

use super::path_of;
use crate::lint::Diagnostic;
use crate::rules::Severity;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor;

/// Escapes for workflow commands: data and property values differ.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per finding.
pub(super) fn write(
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
