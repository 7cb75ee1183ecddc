//! `errbook check`: lint the catalog and print the findings, less those of
//! the baseline; or write the findings as the baseline.

use crate::cli::CheckArgs;
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::lint::{Baseline, Diagnostic};
use crate::project::Project;
use crate::report::{self, Format};
use crate::rules::Severity;
use crate::status;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use std::path::Path;

/// Lints the catalog and prints the findings that are not in the
/// baseline, if there is one; exit 1 when there are errors (warnings too,
/// with `-D warnings`). With `--write-baseline`, writes the findings as
/// the baseline instead, and exits 0.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let loaded = super::load(&args.source)?;
    if let Some(target) = &args.write_baseline {
        return write_baseline(&loaded, args, target);
    }
    // Read before linting, so that a bad file stops the run at once.
    let baseline = match args.baseline.clone().or_else(|| loaded.config.baseline()) {
        Some(path) => Some((Baseline::load(&path)?, path)),
        None => None,
    };
    let mut diagnostics = loaded.lint(&args.levels.overrides);
    let mut suppressed = None;
    if let Some((baseline, path)) = &baseline {
        let result = baseline.suppress(diagnostics, &loaded.project_paths());
        diagnostics = result.reported;
        suppressed = Some((result.suppressed, result.gone, path));
    }
    let mut stdout = BufferedStandardStream::stdout(color_choice());
    report::write(&mut stdout, args.format, &diagnostics, &loaded.sources)
        .and_then(|()| std::io::Write::flush(&mut stdout))
        .map_err(|e| Error::new(format!("cannot write the report: {e}")))?;
    if args.format == Format::Human && !crate::ui::quiet() {
        summary(&loaded, &diagnostics);
    }
    if let Some((suppressed, gone, path)) = suppressed {
        let path = path.display();
        let refresh = match gone {
            0 => String::new(),
            n => format!(
                "; {n} of its findings no longer occur{}: refresh it with `errbook check --write-baseline {path}`",
                if n == 1 { "s" } else { "" }
            ),
        };
        status!(
            "errbook: {suppressed} finding{} suppressed by the baseline {path}{refresh}",
            plural(suppressed)
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    // Freeing a large model takes longer than the OS takes to reclaim it
    // at exit, and nothing else runs after this.
    std::mem::forget(loaded);
    Ok(if errors > 0 {
        EXIT_LINT_ERRORS
    } else {
        EXIT_OK
    })
}

/// The human report's summary on stderr: the shapes read, the totals and
/// the count of each rule's findings.
fn summary(loaded: &Project, diagnostics: &[Diagnostic]) {
    eprintln!("errbook: read {}", shapes(&loaded.catalog));
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let notes = match diagnostics.len() - errors - warnings {
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
        for line in report::counts_by_rule(diagnostics) {
            eprintln!("{line}");
        }
    }
}

/// `--write-baseline FILE`: today's findings (after `-A`, `-W` and `-D`)
/// as a baseline, written to FILE; never over a file errbook reads.
fn write_baseline(loaded: &Project, args: &CheckArgs, target: &Path) -> Result<i32> {
    if target.is_dir() {
        return Err(
            Error::at_path(target, "is a directory; a baseline is one file")
                .with_help("name a file, e.g. `--write-baseline errbook-baseline.json`"),
        );
    }
    let absolute_target = crate::output::absolute(target)?;
    for path in loaded
        .sources
        .iter()
        .map(|s| &s.path)
        .chain(&loaded.config.file)
    {
        if crate::output::absolute(path)? == absolute_target {
            return Err(Error::at_path(
                target,
                "refusing to overwrite a file errbook reads for this check",
            )
            .with_help("name another file for the baseline, e.g. `errbook-baseline.json`"));
        }
    }
    let diagnostics = loaded.lint(&args.levels.overrides);
    let baseline = Baseline::of(&diagnostics, &loaded.project_paths());
    std::fs::write(target, baseline.to_json()).map_err(|e| Error::io(target, &e))?;
    let findings = baseline.findings();
    status!(
        "errbook: wrote {findings} finding{} ({} entr{}) to the baseline {}; `errbook check --baseline {}` reports only the others",
        plural(findings),
        baseline.entries(),
        if baseline.entries() == 1 { "y" } else { "ies" },
        target.display(),
        target.display()
    );
    Ok(EXIT_OK)
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
