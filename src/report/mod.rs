//! Writes lint diagnostics for people (rustc-style, via codespan-reporting)
//! and for machines: JSON, SARIF 2.1.0 (GitHub code scanning) and GitHub
//! workflow-command annotations.

mod github;
mod human;
mod json;
mod sarif;

pub mod log;
pub mod search;

pub(crate) use human::counts_by_rule;

use crate::lint::Diagnostic;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor;

/// How `check` writes its findings.
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
        Format::Human => human::write(out, diagnostics, sources),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json::value(diagnostics, sources))?;
            writeln!(out)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif::value(diagnostics, sources))?;
            writeln!(out)
        }
        Format::Github => github::write(out, diagnostics, sources),
    }
}

/// The path of source `file`, as given or resolved.
fn path_of(sources: &[SourceFile], file: usize) -> String {
    sources
        .get(file)
        .map_or_else(String::new, |s| s.path.display().to_string())
}
