//! `errbook explain`: one entry in the terminal, as `rustc --explain`
//! prints one; with `--log`, every known error in a log and a summary.

use crate::cli::{ExplainArgs, SearchFormat};
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::model::Catalog;
use crate::render::terminal::TerminalRenderer;
use crate::report::log::LogReport;
use crate::search::log::LogScanner;
use crate::search::lookup::{lookup, Lookup};
use crate::text::clean;
use crate::{status, ui};
use std::io::Write;
use std::time::Instant;

/// Runs `errbook explain`.
pub fn run(args: &ExplainArgs) -> Result<i32> {
    let nothing = Error::new("nothing to explain").with_help(
        "give a code, e.g. `errbook explain CM-RESOIE000201`, or --log FILE to scan a log",
    );
    let (code, paths) =
        super::query_and_paths(&args.code, &args.paths, args.log.is_some(), nothing)?;
    let project = crate::project::Project::load(args.config.as_deref(), &paths)?;
    let result = match &args.log {
        Some(log) => scan_log(&project.catalog, log, args.format),
        None => explain(&project.catalog, code.as_deref().unwrap_or_default(), args),
    };
    std::mem::forget(project);
    result
}

fn explain(catalog: &Catalog, query: &str, args: &ExplainArgs) -> Result<i32> {
    let (code, kind) = match lookup(catalog, query)? {
        Lookup::Found { code, kind } => (code, kind),
        Lookup::Several(hits) => {
            let query = clean(query);
            eprintln!(
                "errbook: {} codes match `{query}`; give more of the code:",
                hits.len()
            );
            for hit in hits {
                eprintln!("  {}  {}", hit.code, clean(&hit.summary));
            }
            return Ok(EXIT_LINT_ERRORS);
        }
        Lookup::Shared { code, entries } => {
            // Each entry is its own code: list them, the reader picks one.
            let mut out = format!(
                "{} heads {} entries, each with its own code:\n",
                clean(&code),
                entries.len()
            );
            for hit in &entries {
                out.push_str(&format!("  {}  {}\n", hit.code, clean(&hit.summary)));
            }
            out.push_str(&format!(
                "errbook explain {} for one; errbook search '<the whole line>' ranks them by the rest of it\n",
                clean(&entries[0].code)
            ));
            ui::show(&out, !args.no_pager)?;
            return Ok(0);
        }
        Lookup::NotFound { closest, mentions } => {
            eprintln!("errbook: no code matches `{}`", clean(query));
            if !closest.is_empty() {
                eprintln!("  did you mean: {}", closest.join(", "));
            } else if !mentions.is_empty() {
                eprintln!("  entries that mention it: {}", mentions.join(", "));
            }
            return Ok(EXIT_LINT_ERRORS);
        }
    };
    if let (Some(how), false) = (kind.description(), ui::quiet()) {
        eprintln!("errbook: `{}` matched {code} ({how})", clean(query));
    }
    let renderer = TerminalRenderer::new(ui::stdout_width(), ui::color(ui::Stream::Stdout));
    ui::show(&renderer.code(catalog, &code), !args.no_pager)?;
    Ok(EXIT_OK)
}

fn scan_log(catalog: &Catalog, log: &std::path::Path, format: SearchFormat) -> Result<i32> {
    let started = Instant::now();
    let scanner = LogScanner::new(catalog).map_err(Error::new)?;
    let from_stdin = log.as_os_str() == "-";
    let input: Box<dyn std::io::Read> = if from_stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(log).map_err(|e| Error::io(log, &e))?)
    };
    let json = format == SearchFormat::Json;
    let mut report = LogReport::new(scanner.docs(), json, !json && ui::color(ui::Stream::Stdout));
    let stdout = std::io::stdout().lock();
    // Lines from a pipe (`tail -f`) are shown as they come.
    let mut out: Box<dyn Write> = if from_stdin {
        Box::new(std::io::LineWriter::new(stdout))
    } else {
        Box::new(std::io::BufWriter::with_capacity(1 << 16, stdout))
    };
    let totals = match scanner.scan(input, &mut |m, line| report.line(&mut out, m, line)) {
        Ok(totals) => totals,
        // `errbook explain --log big.log | head` closes the pipe: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(Error::io(log, &e)),
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Err(e) = report.summary(&mut out, &totals).and_then(|()| out.flush()) {
        return ui::written(Err(e)).map(|()| EXIT_OK);
    }
    let name = match from_stdin {
        true => "standard input".into(),
        false => log.display().to_string(),
    };
    let megabytes = totals.bytes as f64 / 1e6;
    let rate = megabytes / seconds.max(1e-9);
    status!("errbook: scanned {name} ({megabytes:.1} MB) in {seconds:.2} s, {rate:.0} MB/s");
    Ok(EXIT_OK)
}
