//! `errbook check`: lint the catalog and print the findings.

use crate::cli::CheckArgs;
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::report::{self, Format};
use crate::rules::Severity;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

/// Lints the catalog and prints the findings; exit 1 when there are errors
/// (warnings too, with `-D warnings`).
pub fn run(args: &CheckArgs) -> Result<i32> {
    let loaded = super::load(&args.source)?;
    let diagnostics = loaded.lint(&args.levels.overrides);
    let mut stdout = BufferedStandardStream::stdout(color_choice());
    report::write(&mut stdout, args.format, &diagnostics, &loaded.sources)
        .and_then(|()| std::io::Write::flush(&mut stdout))
        .map_err(|e| Error::new(format!("cannot write the report: {e}")))?;
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if args.format == Format::Human && !crate::ui::quiet() {
        eprintln!("errbook: read {}", shapes(&loaded.catalog));
        let warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let notes = diagnostics.len() - errors - warnings;
        let notes = match notes {
            0 => String::new(),
            n => format!(", {n} note{}", plural(n)),
        };
        // Codes as the site counts them, and entries when they differ.
        let codes = loaded.catalog.code_count();
        let entries = match loaded.catalog.entries().count() {
            n if n == codes => String::new(),
            n => format!(" ({n} entries)"),
        };
        let files = loaded.sources.len();
        eprintln!(
            "errbook: {errors} error{}, {warnings} warning{}{notes} in {codes} code{}{entries} from {files} file{}",
            plural(errors),
            plural(warnings),
            plural(codes),
            plural(files)
        );
        if diagnostics.len() > 1 {
            for line in report::counts_by_rule(&diagnostics) {
                eprintln!("{line}");
            }
        }
    }
    // Freeing a large model takes longer than the OS takes to reclaim it
    // at exit, and nothing else runs after this.
    std::mem::forget(loaded);
    Ok(if errors > 0 {
        EXIT_LINT_ERRORS
    } else {
        EXIT_OK
    })
}

/// Which shapes the files were read as: `1 file as headings (detected)`.
fn shapes(catalog: &crate::model::Catalog) -> String {
    let mut counts: std::collections::BTreeMap<(&str, bool), usize> = Default::default();
    for document in &catalog.documents {
        *counts
            .entry((document.shape.name(), document.shape_detected))
            .or_default() += 1;
    }
    counts
        .iter()
        .map(|((shape, detected), n)| {
            format!(
                "{n} file{} as {shape} ({})",
                plural(*n),
                if *detected {
                    "detected"
                } else {
                    "set in site.toml"
                }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn color_choice() -> ColorChoice {
    if crate::ui::color(crate::ui::Stream::Stdout) {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    }
}
