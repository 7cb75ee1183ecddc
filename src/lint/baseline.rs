//! A baseline: the findings a catalog already had when a team adopted
//! errbook, written once (`check --write-baseline FILE`) so that later
//! checks (`check --baseline FILE`) report only new ones, as ESLint's
//! suppressions file and RuboCop's todo file do.
//!
//! A finding is known by its fingerprint: its rule, its file (relative to
//! the project), the code it concerns (if any) and its message. Not its
//! line: editing above a finding does not make it new. Findings of one
//! fingerprint are counted; when there are more of them than the baseline
//! counts, the first ones in the file are the known ones and the rest are
//! reported. The file is JSON (`schema/baseline.schema.json`) with its
//! entries sorted, so the same findings always give the same bytes.

use super::Diagnostic;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The version of the file's shape; it changes when a field is renamed
/// or removed.
pub const BASELINE_VERSION: u32 = 1;

/// What a finding is known by; the order of the fields is the order of
/// the file's entries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Fingerprint {
    file: String,
    rule: String,
    code: Option<String>,
    message: String,
}

/// The file, as written and read.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Baseline")]
struct BaselineFile {
    schema_version: u32,
    findings: Vec<Entry>,
}

/// One fingerprint and how many findings have it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    code: Option<String>,
    message: String,
    count: usize,
}

/// The known findings: how many of each fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Fingerprint, usize>,
}

/// What a baseline left of the findings.
#[derive(Debug)]
pub struct Suppressed {
    /// The findings not in the baseline, in their order.
    pub reported: Vec<Diagnostic>,
    /// How many findings the baseline knew, and were not reported.
    pub suppressed: usize,
    /// How many findings of the baseline no longer occur.
    pub gone: usize,
}

/// The fingerprint of `d`; `files` names each source file as the
/// baseline does (relative to the project).
fn fingerprint(d: &Diagnostic, files: &[String]) -> Fingerprint {
    Fingerprint {
        file: files.get(d.span.file).cloned().unwrap_or_default(),
        rule: d.rule.name().to_string(),
        code: d.code.clone(),
        message: d.message.clone(),
    }
}

impl Baseline {
    /// The baseline of these findings. `files` names each source file,
    /// by index, relative to the project.
    pub fn of(diagnostics: &[Diagnostic], files: &[String]) -> Baseline {
        let mut counts = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(fingerprint(d, files)).or_insert(0) += 1;
        }
        Baseline { counts }
    }

    /// How many findings it holds.
    pub fn findings(&self) -> usize {
        self.counts.values().sum()
    }

    /// How many fingerprints (entries of the file) it holds.
    pub fn entries(&self) -> usize {
        self.counts.len()
    }

    /// The file's text: pretty JSON, entries sorted by file, rule, code
    /// and message, ending with a newline.
    pub fn to_json(&self) -> String {
        let file = BaselineFile {
            schema_version: BASELINE_VERSION,
            findings: self
                .counts
                .iter()
                .map(|(f, &count)| Entry {
                    file: f.file.clone(),
                    rule: f.rule.clone(),
                    code: f.code.clone(),
                    message: f.message.clone(),
                    count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).expect("strings and numbers serialise");
        text.push('\n');
        text
    }

    /// Reads the baseline file at `path`.
    pub fn load(path: &Path) -> Result<Baseline> {
        let bytes = std::fs::read(path).map_err(|e| {
            let error = Error::io(path, &e);
            match e.kind() {
                std::io::ErrorKind::NotFound => error.with_help(
                    "check the path, or write the baseline first: `errbook check --write-baseline FILE`",
                ),
                _ => error,
            }
        })?;
        Baseline::parse(&bytes, path)
    }

    /// Reads a baseline file's bytes; `path` is for messages.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Baseline> {
        let rewrite = "write it again with `errbook check --write-baseline FILE`";
        let file: BaselineFile = serde_json::from_slice(bytes).map_err(|e| {
            // serde_json's message ends with the place, which the error
            // names before it.
            let message = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&place).unwrap_or(&message);
            Error::at_line(
                path,
                e.line().max(1),
                e.column().max(1),
                format!("not an errbook baseline: {message}"),
            )
            .with_help(rewrite)
        })?;
        if file.schema_version != BASELINE_VERSION {
            return Err(Error::at_path(
                path,
                format!(
                    "baseline of schema_version {}; this errbook reads version {BASELINE_VERSION}",
                    file.schema_version
                ),
            )
            .with_help(rewrite));
        }
        let mut counts = BTreeMap::new();
        for entry in file.findings {
            if entry.count == 0 {
                return Err(Error::at_path(
                    path,
                    format!(
                        "a count of 0 for the {} finding in {}: \"{}\"",
                        entry.rule, entry.file, entry.message
                    ),
                )
                .with_help(
                    "remove the entry, or set its count to how many findings it stands for",
                ));
            }
            let fingerprint = Fingerprint {
                file: entry.file,
                rule: entry.rule,
                code: entry.code,
                message: entry.message,
            };
            *counts.entry(fingerprint).or_insert(0) += entry.count;
        }
        Ok(Baseline { counts })
    }

    /// The findings the baseline does not know, and how many it knew.
    /// `diagnostics` come sorted by place, so of more findings of one
    /// fingerprint than the baseline counts, the first are known.
    pub fn suppress(&self, diagnostics: Vec<Diagnostic>, files: &[String]) -> Suppressed {
        let mut left = self.counts.clone();
        let mut reported = Vec::new();
        let mut suppressed = 0;
        for d in diagnostics {
            match left.get_mut(&fingerprint(&d, files)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    suppressed += 1;
                }
                _ => reported.push(d),
            }
        }
        Suppressed {
            reported,
            suppressed,
            gone: left.values().sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::rules::Rule;

    fn found(rule: Rule, line: u32, code: Option<&str>, message: &str) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message: message.to_string(),
            span: Span {
                file: 0,
                line,
                column: 1,
                start: 0,
                end: 0,
            },
            code: code.map(str::to_string),
            help: None,
            related: Vec::new(),
        }
    }

    fn files() -> Vec<String> {
        vec!["content/errors.md".to_string()]
    }

    #[test]
    fn the_file_is_sorted_counted_and_reads_back() {
        let diagnostics = [
            found(Rule::Spelling, 9, None, "unknown word `servre`"),
            found(
                Rule::BrokenLink,
                3,
                None,
                "link target `a.md` does not exist",
            ),
            found(Rule::Spelling, 2, None, "unknown word `servre`"),
            found(
                Rule::MissingField,
                5,
                Some("E-1"),
                "`E-1` has no Cause field",
            ),
        ];
        let baseline = Baseline::of(&diagnostics, &files());
        assert_eq!((baseline.findings(), baseline.entries()), (4, 3));
        let text = baseline.to_json();
        assert_eq!(
            text,
            r#"{
  "schema_version": 1,
  "findings": [
    {
      "file": "content/errors.md",
      "rule": "broken-link",
      "code": null,
      "message": "link target `a.md` does not exist",
      "count": 1
    },
    {
      "file": "content/errors.md",
      "rule": "missing-field",
      "code": "E-1",
      "message": "`E-1` has no Cause field",
      "count": 1
    },
    {
      "file": "content/errors.md",
      "rule": "spelling",
      "code": null,
      "message": "unknown word `servre`",
      "count": 2
    }
  ]
}
"#
        );
        let read = Baseline::parse(text.as_bytes(), Path::new("b.json")).unwrap();
        assert_eq!(read, baseline);
    }

    #[test]
    fn suppression_ignores_lines_and_counts_the_rest() {
        let old = [
            found(Rule::Spelling, 2, None, "unknown word `servre`"),
            found(
                Rule::MissingField,
                5,
                Some("E-1"),
                "`E-1` has no Cause field",
            ),
            found(
                Rule::BrokenLink,
                7,
                None,
                "link target `a.md` does not exist",
            ),
        ];
        let baseline = Baseline::of(&old, &files());
        // Lines moved, one finding fixed, the misspelling made twice.
        let now = vec![
            found(Rule::Spelling, 12, None, "unknown word `servre`"),
            found(
                Rule::MissingField,
                15,
                Some("E-1"),
                "`E-1` has no Cause field",
            ),
            found(Rule::Spelling, 30, None, "unknown word `servre`"),
        ];
        let result = baseline.suppress(now, &files());
        assert_eq!((result.suppressed, result.gone), (2, 1));
        let reported: Vec<u32> = result.reported.iter().map(|d| d.span.line).collect();
        assert_eq!(reported, [30], "the later of the two is the new one");
        // Another file or another code is another finding.
        let elsewhere = baseline.suppress(
            vec![found(
                Rule::MissingField,
                5,
                Some("E-2"),
                "`E-1` has no Cause field",
            )],
            &["content/other.md".to_string()],
        );
        assert_eq!((elsewhere.reported.len(), elsewhere.gone), (1, 3));
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it() {
        let cases: [(&str, &str); 5] = [
            ("", "b.json:1:1: not an errbook baseline: EOF while parsing a value"),
            (
                "\"x\"",
                "b.json:1:3: not an errbook baseline: invalid type: string \"x\", expected struct Baseline",
            ),
            (
                r#"{"schema_version": 1, "findings": [], "extra": 1}"#,
                "b.json:1:45: not an errbook baseline: unknown field `extra`",
            ),
            (
                r#"{"schema_version": 2, "findings": []}"#,
                "b.json: baseline of schema_version 2; this errbook reads version 1",
            ),
            (
                r#"{"schema_version": 1, "findings": [{"file": "a.md", "rule": "spelling", "code": null, "message": "m", "count": 0}]}"#,
                "b.json: a count of 0 for the spelling finding in a.md",
            ),
        ];
        for (text, expected) in cases {
            let error = Baseline::parse(text.as_bytes(), Path::new("b.json")).unwrap_err();
            let shown = error.to_string();
            assert!(shown.contains(expected), "{text}: {shown}");
            assert!(error.help.is_some(), "{text}");
        }
    }
}
