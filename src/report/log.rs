//! A log scan (`errbook explain --log`) for people and machines: each line
//! that names a known error, as it is found, then a summary by code and by
//! level. As JSON, one object per line (NDJSON), the summary last.

use crate::search::log::{LineMatch, LineMatchKind, LogDoc, ScanTotals};
use crate::text::clean;
use serde_json::json;
use std::io::Write;

/// Writes the lines of one scan and its summary.
pub struct LogReport<'a> {
    docs: &'a [LogDoc],
    json: bool,
    color: bool,
    /// Matched lines per code.
    counts: Vec<u64>,
    /// ID, level and solution of each code, cleaned once per code rather
    /// than once per line.
    shown: Vec<(String, String, String)>,
}

impl<'a> LogReport<'a> {
    /// A report on the codes `docs` (the scanner's): JSON lines when
    /// `json`, else text, with the codes in bold when `color`.
    pub fn new(docs: &'a [LogDoc], json: bool, color: bool) -> Self {
        let shown = docs
            .iter()
            .map(|d| {
                let level = d.level.as_deref().map(clean).unwrap_or_else(|| "-".into());
                (clean(&d.id), level, clean(&d.solution))
            })
            .collect();
        LogReport {
            docs,
            json,
            color,
            counts: vec![0; docs.len()],
            shown,
        }
    }

    /// Writes one matched line of the log, `line` as read.
    pub fn line(&mut self, out: &mut dyn Write, m: &LineMatch, line: &[u8]) -> std::io::Result<()> {
        let docs = self.docs;
        let doc = &docs[m.docs[0]];
        self.counts[m.docs[0]] += 1;
        if self.json {
            let text = String::from_utf8_lossy(&line[..line.len().min(1000)]);
            let value = json!({
                "line": m.line,
                "code": doc.id,
                "also": m.docs[1..].iter().map(|&d| &docs[d].id).collect::<Vec<_>>(),
                "level": doc.level,
                "match": m.kind,
                "solution": doc.solution,
                "text": text,
            });
            serde_json::to_writer(&mut *out, &value)?;
            return writeln!(out);
        }
        let (id, level, solution) = &self.shown[m.docs[0]];
        let code = if self.color {
            let bold = anstyle::Style::new().bold();
            format!("{}{id}{}", bold.render(), bold.render_reset())
        } else {
            id.clone()
        };
        let also = if m.docs.len() > 1 {
            format!(
                " (or {})",
                m.docs[1..]
                    .iter()
                    .map(|&d| self.shown[d].0.as_str())
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
        // An entry without a solution (errcodes, a table) ends at its level.
        let solution = match solution.as_str() {
            "" => String::new(),
            solution => format!(": {solution}"),
        };
        writeln!(out, "{:>7}: {code}{also} {level}{how}{solution}", m.line)
    }

    /// Writes the summary: codes by count (then catalog order), and levels.
    pub fn summary(&self, out: &mut dyn Write, totals: &ScanTotals) -> std::io::Result<()> {
        let docs = self.docs;
        let mut by_code: Vec<(usize, u64)> = self
            .counts
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
        if self.json {
            let codes: Vec<_> = by_code
                .iter()
                .map(|&(d, n)| json!({"code": docs[d].id, "level": docs[d].level, "count": n}))
                .collect();
            let levels: Vec<_> = by_level
                .iter()
                .map(|(l, n)| json!({"level": l, "count": n}))
                .collect();
            let value = json!({ "summary": {
                "lines": totals.lines,
                "bytes": totals.bytes,
                "matched_lines": totals.matched_lines,
                "codes": codes,
                "levels": levels,
            }});
            serde_json::to_writer(&mut *out, &value)?;
            return writeln!(out);
        }
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
                let level = &self.shown[doc].1;
                writeln!(out, "{n:>7}  {level:<7}  {}", self.shown[doc].0)?;
            }
            let levels: Vec<String> = by_level
                .iter()
                .map(|(l, n)| format!("{} {n}", clean(l)))
                .collect();
            writeln!(out, "by level: {}", levels.join(", "))?;
        }
        Ok(())
    }
}
