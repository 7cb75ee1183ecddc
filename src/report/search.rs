//! Search results for people (`errbook search`: one line per code) and a
//! search-quality evaluation (`errbook search --eval`: hit@1, hit@5 and
//! MRR per kind of query, then the misses).

use crate::search::eval::{Report, Scores};
use crate::search::Hit;
use std::io::Write;

/// Writes ranked hits as numbered lines: code, level, summary.
pub fn hits(out: &mut dyn Write, hits: &[Hit]) -> std::io::Result<()> {
    let width = hits
        .iter()
        .map(|h| h.code.chars().count())
        .max()
        .unwrap_or(0)
        // Formatting widths are bounded, and columns that wide help
        // nobody: a longer ID just pushes its line out.
        .min(60);
    for (n, hit) in hits.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {:<width$}  {:<7}  {}",
            n + 1,
            hit.code,
            hit.level.as_deref().unwrap_or("-"),
            hit.summary
        )?;
    }
    Ok(())
}

/// Writes an evaluation: a table of scores per kind and overall, then
/// every query whose first result was not an accepted code.
pub fn evaluation(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<14} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "kind", "queries", "hit@1", "hit@5", "MRR", "--log"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &Scores| {
        writeln!(
            out,
            "{:<14} {:>7} {:>6.1}% {:>6.1}% {:>7.3} {:>6.1}%",
            name,
            s.queries,
            s.hit_at_1 * 100.0,
            s.hit_at_5 * 100.0,
            s.mrr,
            s.log_agrees as f64 * 100.0 / s.queries.max(1) as f64
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
    if !report.disagreements.is_empty() {
        writeln!(out, "\nexplain --log names otherwise:")?;
        for d in &report.disagreements {
            writeln!(
                out,
                "  [{}] {:?}: search {}; --log {}",
                d.kind,
                d.query,
                d.search.as_deref().unwrap_or("(not confident)"),
                if d.log.is_empty() {
                    "nothing".to_string()
                } else {
                    d.log.join(", ")
                }
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
