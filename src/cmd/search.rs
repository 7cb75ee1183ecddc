//! `errbook search`: the entries for a code, part of one, a log line or
//! words; `--eval` scores search quality on a query set.

use crate::cli::{SearchArgs, SearchFormat};
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::search::eval;
use std::io::Write;

pub fn run(args: &SearchArgs) -> Result<i32> {
    // With --eval there is no query: a first positional is a catalog path.
    let mut paths = args.paths.clone();
    let query = match (&args.eval, &args.query) {
        (Some(_), Some(first)) => {
            paths.insert(0, first.into());
            None
        }
        (None, query) if query.as_deref().is_none_or(|q| q.trim().is_empty()) => {
            return Err(Error::new("nothing to search for")
                .with_help("give a query, e.g. `errbook search CM-RESOIE000201`, or --eval FILE"))
        }
        (_, query) => query.clone(),
    };
    let project = crate::project::Project::load(args.config.as_deref(), &paths)?;
    let index = project.search_index()?;
    let mut out = std::io::stdout().lock();
    if let Some(file) = &args.eval {
        let report = eval::evaluate(&index, &eval::read_cases(file)?);
        match args.format {
            SearchFormat::Json => print_json(&mut out, &report)?,
            SearchFormat::Human => written(print_report(&mut out, &report))?,
        }
        return Ok(EXIT_OK);
    }
    let query = query.unwrap_or_default();
    let hits = index.search(&query, args.limit);
    match args.format {
        SearchFormat::Json => print_json(&mut out, &hits)?,
        SearchFormat::Human => {
            if hits.is_empty() {
                eprintln!("errbook: nothing matches `{}`", shortened(&query));
            }
            let width = hits
                .iter()
                .map(|h| h.code.chars().count())
                .max()
                .unwrap_or(0)
                // Formatting widths are bounded, and columns that wide
                // help nobody: a longer ID just pushes its line out.
                .min(60);
            for (n, hit) in hits.iter().enumerate() {
                written(writeln!(
                    out,
                    "{:>2}. {:<width$}  {:<7}  {}",
                    n + 1,
                    hit.code,
                    hit.level.as_deref().unwrap_or("-"),
                    hit.message
                ))?;
            }
        }
    }
    Ok(if hits.is_empty() {
        EXIT_LINT_ERRORS
    } else {
        EXIT_OK
    })
}

fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    written(
        serde_json::to_writer_pretty(&mut *out, value)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    )
}

/// A reader that stops early (`errbook search ... | head`) is not an
/// error; anything else that fails a write is.
fn written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

fn print_report(out: &mut impl Write, report: &eval::Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<14} {:>7} {:>7} {:>7} {:>7}",
        "kind", "queries", "hit@1", "hit@5", "MRR"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &eval::Scores| {
        writeln!(
            out,
            "{:<14} {:>7} {:>6.1}% {:>6.1}% {:>7.3}",
            name,
            s.queries,
            s.hit_at_1 * 100.0,
            s.hit_at_5 * 100.0,
            s.mrr
        )
    };
    for (kind, scores) in &report.by_kind {
        row(out, kind, scores)?;
    }
    row(out, "overall", &report.overall)?;
    if !report.misses.is_empty() {
        writeln!(out, "\nmisses (not first):")?;
        for miss in &report.misses {
            let rank = miss
                .rank
                .map_or("not in top 10".to_string(), |r| format!("rank {r}"));
            writeln!(
                out,
                "  [{}] {:?}: expected {} ({rank}); got {}",
                miss.kind,
                miss.query,
                expected_list(&miss.expected),
                miss.got.join(", ")
            )?;
        }
    }
    Ok(())
}

/// Up to four accepted codes, then how many more.
fn expected_list(codes: &[String]) -> String {
    let mut text = codes
        .iter()
        .take(4)
        .cloned()
        .collect::<Vec<_>>()
        .join(" or ");
    if codes.len() > 4 {
        text.push_str(&format!(" (or {} more)", codes.len() - 4));
    }
    text
}

/// The query as echoed in a message: a pasted log can be long.
fn shortened(query: &str) -> String {
    const MAX: usize = 80;
    if query.chars().count() <= MAX {
        return query.to_string();
    }
    let mut short: String = query.chars().take(MAX).collect();
    short.push('…');
    short
}
