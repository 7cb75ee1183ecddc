//! `errbook explain`: one entry in the terminal, as `rustc --explain`
//! prints one; with `--log`, every known error in a log and a summary.

use crate::cli::{ExplainArgs, SearchFormat};
use crate::error::{Error, Result, EXIT_LINT_ERRORS, EXIT_OK};
use crate::model::Catalog;
use crate::render::terminal::TerminalRenderer;
use crate::search::log::{LineMatch, LineMatchKind, LogScanner};
use crate::search::{Hit, MatchKind, SearchIndex};
use crate::text::clean;
use crate::{status, ui};
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub fn run(args: &ExplainArgs) -> Result<i32> {
    // With --log there is no code: a first positional is a catalog path.
    let mut paths = args.paths.clone();
    let code = match (&args.log, &args.code) {
        (Some(_), Some(first)) => {
            paths.insert(0, first.into());
            None
        }
        (None, code) if code.as_deref().is_none_or(|c| c.trim().is_empty()) => {
            return Err(Error::new("nothing to explain").with_help(
                "give a code, e.g. `errbook explain CM-RESOIE000201`, or --log FILE to scan a log",
            ))
        }
        (_, code) => code.clone(),
    };
    let loaded = crate::project::Project::load(args.config.as_deref(), &paths)?;
    let result = match &args.log {
        Some(log) => scan_log(&loaded.catalog, log, args.format),
        None => explain(&loaded.catalog, code.as_deref().unwrap_or_default(), args),
    };
    std::mem::forget(loaded);
    result
}

fn explain(catalog: &Catalog, query: &str, args: &ExplainArgs) -> Result<i32> {
    // A code written out is that code, however short (`E-1` is below the
    // length the search looks IDs up from).
    let written = query.trim();
    if let Some(entry) = catalog
        .entries()
        .find(|e| e.id.eq_ignore_ascii_case(written))
    {
        return print_entries(catalog, &entry.id.clone(), args);
    }
    let index = SearchIndex::build(catalog)?;
    let hits = index.search(query, 20);
    let chosen: std::result::Result<&Hit, Vec<&Hit>> = match hits.first() {
        Some(first) if matches!(first.kind, MatchKind::ExactId | MatchKind::TemplatedId) => {
            Ok(first)
        }
        Some(first) if matches!(first.kind, MatchKind::PartialId | MatchKind::Message) => {
            let alike: Vec<&Hit> = hits
                .iter()
                .filter(|h| {
                    h.kind == first.kind
                        && (h.kind == MatchKind::PartialId || h.score == first.score)
                })
                .collect();
            if alike.len() == 1 {
                Ok(first)
            } else {
                Err(alike)
            }
        }
        _ => Err(Vec::new()),
    };
    let hit = match chosen {
        Ok(hit) => hit,
        Err(several) if !several.is_empty() => {
            eprintln!(
                "errbook: {} codes match `{}`; give more of the code:",
                several.len(),
                clean(query)
            );
            for hit in several {
                eprintln!("  {}  {}", hit.code, clean(&hit.message));
            }
            return Ok(EXIT_LINT_ERRORS);
        }
        Err(_) => {
            eprintln!("errbook: no code matches `{}`", clean(query));
            let closest = closest_codes(catalog, query);
            if !closest.is_empty() {
                eprintln!("  did you mean: {}", closest.join(", "));
            }
            let mentions: Vec<&str> = hits.iter().take(3).map(|h| h.code.as_str()).collect();
            if closest.is_empty() && !mentions.is_empty() {
                eprintln!("  entries that mention it: {}", mentions.join(", "));
            }
            return Ok(EXIT_LINT_ERRORS);
        }
    };
    if hit.kind != MatchKind::ExactId && !ui::quiet() {
        eprintln!(
            "errbook: `{}` matched {} ({})",
            clean(query),
            hit.code,
            describe(hit.kind)
        );
    }
    print_entries(catalog, &hit.code, args)
}

/// Prints every entry whose ID is `code`.
fn print_entries(catalog: &Catalog, code: &str, args: &ExplainArgs) -> Result<i32> {
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let renderer = TerminalRenderer::new(width(stdout_is_terminal), ui::color(ui::Stream::Stdout));
    let definitions: Vec<_> = catalog.entries().filter(|e| e.id == code).collect();
    let mut text = String::new();
    for (n, entry) in definitions.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        // The section as its heading names it (`CM error codes`), else
        // by its name (a catalog or file).
        let section = catalog
            .documents
            .get(entry.span.file)
            .and_then(|d| d.sections.iter().find(|s| s.name == entry.section))
            .map_or(entry.section.as_str(), |s| {
                if s.heading.is_empty() {
                    &s.name
                } else {
                    &s.heading
                }
            });
        let source = format!(
            "{section} · {}:{}",
            catalog.files[entry.span.file], entry.span.line
        );
        // Definitions of one key; the same code in another catalog is
        // another entry, not a second definition.
        let same_key: Vec<_> = definitions
            .iter()
            .filter(|d| d.key() == entry.key())
            .collect();
        let position = same_key
            .iter()
            .position(|d| std::ptr::eq(**d, *entry))
            .unwrap_or(0);
        let numbered = (same_key.len() > 1).then_some((position + 1, same_key.len()));
        text.push_str(&renderer.entry(entry, &source, numbered));
    }
    show(&text, stdout_is_terminal && !args.no_pager)?;
    Ok(EXIT_OK)
}

fn describe(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::TemplatedId => "a concrete ID of this templated code",
        MatchKind::PartialId => "part of the code",
        MatchKind::Message => "its message",
        _ => "the code",
    }
}

/// Terminal width, or COLUMNS (else 80) when not on a terminal.
fn width(terminal: bool) -> usize {
    if terminal {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return w as usize;
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}

/// Up to five codes within a small edit distance of the query.
fn closest_codes(catalog: &Catalog, query: &str) -> Vec<String> {
    let query = query.trim().to_uppercase();
    let limit = (query.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for entry in catalog.entries() {
        let distance = strsim::damerau_levenshtein(&query, &entry.id.to_uppercase());
        if distance <= limit && !scored.iter().any(|(_, id)| *id == entry.id) {
            scored.push((distance, &entry.id));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// Prints through a pager when asked (as git and rustc do: `PAGER`,
/// else `less -FRX`, which quits at once when the text fits on screen).
fn show(text: &str, page: bool) -> Result<()> {
    let write_error =
        |e: std::io::Error| Error::new(format!("cannot write to standard output: {e}"));
    if page {
        let pager = std::env::var("ERRBOOK_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "less -FRX".to_string());
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(&pager)
            .stdin(std::process::Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        if let Ok(mut child) = command.spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                // A reader who quits the pager early closes the pipe.
                let _ = stdin.write_all(text.as_bytes());
            }
            let _ = child.wait();
            return Ok(());
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(write_error)?;
    out.flush().map_err(write_error)
}

fn scan_log(catalog: &Catalog, log: &std::path::Path, format: SearchFormat) -> Result<i32> {
    let started = Instant::now();
    let scanner = LogScanner::new(catalog).map_err(Error::new)?;
    let docs = scanner.docs();
    let from_stdin = log.as_os_str() == "-";
    let input: Box<dyn std::io::Read> = if from_stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(log).map_err(|e| Error::io(log, &e))?)
    };
    let color = ui::color(ui::Stream::Stdout) && format == SearchFormat::Human;
    let bold = anstyle::Style::new().bold();
    let stdout = std::io::stdout().lock();
    // Lines from a pipe (`tail -f`) are shown as they come.
    let mut out: Box<dyn Write> = if from_stdin {
        Box::new(std::io::LineWriter::new(stdout))
    } else {
        Box::new(std::io::BufWriter::with_capacity(1 << 16, stdout))
    };
    let mut counts = vec![0u64; docs.len()];
    // Cleaned once per code, not once per line.
    let shown: Vec<(String, String, String)> = docs
        .iter()
        .map(|d| {
            let level = d.level.as_deref().map(clean).unwrap_or_else(|| "-".into());
            (clean(&d.id), level, clean(&d.solution))
        })
        .collect();
    let mut print = |m: &LineMatch, line: &[u8]| -> std::io::Result<()> {
        let doc = &docs[m.docs[0]];
        counts[m.docs[0]] += 1;
        match format {
            SearchFormat::Json => {
                let text = String::from_utf8_lossy(&line[..line.len().min(1000)]);
                let value = serde_json::json!({
                    "line": m.line,
                    "code": doc.id,
                    "also": m.docs[1..].iter().map(|&d| &docs[d].id).collect::<Vec<_>>(),
                    "level": doc.level,
                    "match": m.kind,
                    "solution": doc.solution,
                    "text": text,
                });
                serde_json::to_writer(&mut out, &value)?;
                writeln!(out)
            }
            SearchFormat::Human => {
                let (id, level, solution) = &shown[m.docs[0]];
                let code = if color {
                    format!("{}{id}{}", bold.render(), bold.render_reset())
                } else {
                    id.clone()
                };
                let also = if m.docs.len() > 1 {
                    format!(
                        " (or {})",
                        m.docs[1..]
                            .iter()
                            .map(|&d| shown[d].0.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    String::new()
                };
                let how = match m.kind {
                    LineMatchKind::Id => "",
                    LineMatchKind::Message => " (by its message)",
                };
                writeln!(out, "{:>7}: {code}{also} {level}{how}: {solution}", m.line)
            }
        }
    };
    let scanned = scanner.scan(input, &mut print);
    let totals = match scanned {
        Ok(totals) => totals,
        // `errbook explain --log big.log | head` closes the pipe: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(Error::io(log, &e)),
    };
    let seconds = started.elapsed().as_secs_f64();

    // The summary: codes by count (then catalog order), and levels.
    let mut by_code: Vec<(usize, u64)> = counts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .collect();
    by_code.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut by_level: Vec<(String, u64)> = Vec::new();
    for &(doc, n) in &by_code {
        let level = docs[doc].level.clone().unwrap_or_else(|| "-".into());
        match by_level.iter_mut().find(|(l, _)| *l == level) {
            Some((_, total)) => *total += n,
            None => by_level.push((level, n)),
        }
    }
    by_level.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let written = match format {
        SearchFormat::Json => {
            let value = serde_json::json!({ "summary": {
                "lines": totals.lines,
                "bytes": totals.bytes,
                "matched_lines": totals.matched_lines,
                "codes": by_code.iter().map(|&(d, n)| serde_json::json!({"code": docs[d].id, "level": docs[d].level, "count": n})).collect::<Vec<_>>(),
                "levels": by_level.iter().map(|(l, n)| serde_json::json!({"level": l, "count": n})).collect::<Vec<_>>(),
            }});
            serde_json::to_writer(&mut out, &value)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        SearchFormat::Human => (|| {
            writeln!(
                out,
                "\n{} of {} line{} name a known error",
                totals.matched_lines,
                totals.lines,
                if totals.lines == 1 { "" } else { "s" }
            )?;
            if !by_code.is_empty() {
                writeln!(out, "{:>7}  {:<7}  code", "lines", "level")?;
                for &(doc, n) in &by_code {
                    let level = docs[doc]
                        .level
                        .as_deref()
                        .map(clean)
                        .unwrap_or_else(|| "-".into());
                    writeln!(out, "{n:>7}  {level:<7}  {}", clean(&docs[doc].id))?;
                }
                let levels: Vec<String> = by_level
                    .iter()
                    .map(|(l, n)| format!("{} {n}", clean(l)))
                    .collect();
                writeln!(out, "by level: {}", levels.join(", "))?;
            }
            Ok(())
        })(),
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(Error::new(format!("cannot write to standard output: {e}"))),
        Ok(()) => {}
    }
    status!(
        "errbook: scanned {} ({:.1} MB) in {:.2} s, {:.0} MB/s",
        if from_stdin {
            "standard input".to_string()
        } else {
            log.display().to_string()
        },
        totals.bytes as f64 / 1e6,
        seconds,
        totals.bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    Ok(EXIT_OK)
}
