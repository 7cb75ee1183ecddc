//! `errbook search`: the entries for a code, part of one, a log line or
//! words; `--eval` scores search quality on a query set.

use crate::cli::{SearchArgs, SearchFormat};
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::report;
use crate::search::eval;
use crate::ui::written;
use std::io::Write;

/// Runs `errbook search`.
pub fn run(args: &SearchArgs) -> Result<i32> {
    let nothing = Error::new("nothing to search for")
        .with_help("give a query, e.g. `errbook search CM-RESOIE000201`, or --eval FILE");
    let (query, paths) =
        super::query_and_paths(&args.query, &args.paths, args.eval.is_some(), nothing)?;
    // `errbook search errors.md OBD-1013`: the query comes first.
    if let (Some(query), [first, ..]) = (&query, paths.as_slice()) {
        let is_path = |p: &std::path::Path| p.exists();
        if is_path(std::path::Path::new(query)) && !is_path(first) {
            let quoted = first.display().to_string().replace('\'', "'\\''");
            return Err(Error::new(format!(
                "`{}` is not a file or directory, and `{query}` is one",
                first.display()
            ))
            .with_help(format!(
                "the query comes first: errbook search '{quoted}' {query}"
            )));
        }
    }
    let project = crate::project::Project::load(args.config.as_deref(), &paths)?;
    let index = project.search_index()?;
    let mut out = std::io::stdout().lock();
    if let Some(file) = &args.eval {
        let scanner = crate::search::log::LogScanner::new(&project.catalog).map_err(Error::new)?;
        let evaluation = eval::evaluate(&index, &scanner, &eval::read_cases(file)?);
        match args.format {
            SearchFormat::Json => print_json(&mut out, &evaluation)?,
            SearchFormat::Human => written(report::search::evaluation(&mut out, &evaluation))?,
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
            written(report::search::hits(&mut out, &hits))?;
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
