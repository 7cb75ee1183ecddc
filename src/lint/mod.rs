//! The validate stage: rules that read the model and report what is wrong
//! with the catalog, where, and how to fix it.
//!
//! Each rule has a stable kebab-case name, a default severity and a one-line
//! explanation; `site.toml` can allow, warn or deny any of them. Rules only
//! read the model (and the source text, to point inside a field); they never
//! parse Markdown themselves.

mod findings;
mod spelling;

use findings::Findings;
pub use findings::{Diagnostic, Related};

use crate::config::{Config, RuleLevel};
use crate::model::*;
use crate::rules::{Rule, Severity};
use crate::source::SourceFile;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::Path;

/// What the linter reads.
pub struct LintInput<'a> {
    pub catalog: &'a Catalog,
    pub sources: &'a [SourceFile],
    pub config: &'a Config,
    /// `--deny warnings`.
    pub deny_warnings: bool,
}

/// Runs every enabled rule; diagnostics come back sorted by place.
pub fn lint(input: &LintInput<'_>) -> Vec<Diagnostic> {
    let severities: Vec<Option<Severity>> = Rule::ALL
        .iter()
        .map(|rule| {
            let severity = match input.config.rule_level(rule.name()) {
                Some(RuleLevel::Allow) => return None,
                Some(RuleLevel::Deny) => Severity::Error,
                Some(RuleLevel::Warn) => Severity::Warning,
                None => rule.default_severity(),
            };
            Some(if input.deny_warnings && severity == Severity::Warning {
                Severity::Error
            } else {
                severity
            })
        })
        .collect();
    let findings = || Findings {
        input,
        severities: &severities,
        diagnostics: Vec::new(),
    };
    // Rules on one entry at a time run on all cores.
    let entries: Vec<&ErrorEntry> = input.catalog.entries().collect();
    let mut diagnostics: Vec<Diagnostic> = entries
        .par_chunks(1024)
        .flat_map_iter(|chunk| {
            let mut out = findings();
            for entry in chunk {
                entry_fields(&mut out, entry);
                stray_table_pipes(&mut out, entry);
                broken_placeholder(&mut out, entry);
                sqlstate(&mut out, entry);
                code_spacing(&mut out, entry);
            }
            out.diagnostics
        })
        .collect();
    let mut out = findings();
    no_codes(&mut out);
    let defined_more_than_once = defined_more_than_once(input.catalog);
    duplicate_codes(&mut out, &defined_more_than_once);
    conflicting_messages(&mut out, &defined_more_than_once);
    heading_levels(&mut out);
    numeric_order(&mut out);
    label_varies(&mut out);
    parse_notes(&mut out);
    unknown_levels(&mut out);
    code_patterns(&mut out);
    links(&mut out);
    if out.enabled(Rule::Spelling) {
        spelling::check(&mut out);
    }
    diagnostics.append(&mut out.diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.rule, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.rule,
            &b.message,
        ))
    });
    diagnostics
}

fn no_codes(out: &mut Findings<'_>) {
    for document in &out.input.catalog.documents {
        if document.sections.iter().all(|s| s.entries.is_empty()) {
            let span = Span {
                file: document.file,
                line: 1,
                column: 1,
                start: 0,
                end: 0,
            };
            let suffix = &out.input.config.catalog.section_suffix;
            out.emit(
                Rule::NoCodes,
                &span,
                None,
                "no error codes found in this file".to_string(),
                format!("codes are `### CODE` headings under `## <Component> {suffix}` sections"),
            );
        }
    }
}

/// The definitions of every key (in any case) defined more than once, in
/// source order; shared by the duplicate and conflicting-message rules.
fn defined_more_than_once(catalog: &Catalog) -> Vec<Vec<&ErrorEntry>> {
    let mut by_key: FxHashMap<String, Vec<&ErrorEntry>> = FxHashMap::default();
    for entry in catalog.entries() {
        by_key
            .entry(entry.key().to_lowercase())
            .or_default()
            .push(entry);
    }
    // Order does not matter: diagnostics are sorted at the end.
    by_key.into_values().filter(|e| e.len() > 1).collect()
}

fn duplicate_codes(out: &mut Findings<'_>, repeated: &[Vec<&ErrorEntry>]) {
    if !out.enabled(Rule::DuplicateCode) {
        return;
    }
    for entries in repeated {
        let first = entries[0];
        for (n, entry) in entries.iter().enumerate().skip(1) {
            let message = if entry.id == first.id {
                format!("code `{}` is defined {} times", entry.id, entries.len())
            } else {
                format!(
                    "code `{}` differs from `{}` only in case",
                    entry.id, first.id
                )
            };
            let related = entries
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != n)
                .map(|(m, other)| Related {
                    span: other.span.clone(),
                    message: if m == 0 {
                        "first defined here".into()
                    } else {
                        "also defined here".into()
                    },
                })
                .collect();
            let diagnostic = out.report(Rule::DuplicateCode, &entry.span, Some(&entry.id), message);
            diagnostic.help = Some(
                "give each entry its own code, or merge the definitions into one entry".to_string(),
            );
            diagnostic.related = related;
        }
    }
}

fn entry_fields(out: &mut Findings<'_>, entry: &ErrorEntry) {
    let labels = &out.input.config.catalog;
    let display = |kind: FieldKind| -> String {
        let names = match kind {
            FieldKind::Level => &labels.level,
            FieldKind::Message => &labels.message,
            FieldKind::Cause => &labels.cause,
            FieldKind::Solution => &labels.solution,
            _ => return kind.name().to_string(),
        };
        names
            .first()
            .cloned()
            .unwrap_or_else(|| kind.name().to_string())
    };
    let code = Some(entry.id.as_str());
    let document = out.input.catalog.documents.get(entry.span.file);
    let shape = document.map_or(Shape::Headings, |d| d.shape);
    let labelled_shape = matches!(shape, Shape::Headings | Shape::HeadingMessage);
    for kind in labels.required_fields(shape) {
        if entry.field(kind).is_none() {
            let label = display(kind);
            out.emit(
                Rule::MissingField,
                &entry.span,
                code,
                format!("`{}` has no {label} field", entry.id),
                format!("add a `**{label}:**` paragraph under the heading"),
            );
        }
    }
    for (n, field) in entry.fields.iter().enumerate() {
        let same = |other: &&Field| {
            other.kind == field.kind
                && (field.kind != FieldKind::Other
                    || other.label.eq_ignore_ascii_case(&field.label))
        };
        if field.kind != FieldKind::Unlabelled && !field.implicit_label {
            if let Some(first) = entry.fields[..n]
                .iter()
                .filter(|f| !f.implicit_label)
                .find(same)
            {
                if out.enabled(Rule::RepeatedField) {
                    let related = vec![Related {
                        span: first.span.clone(),
                        message: "first written here".into(),
                    }];
                    let d = out.report(
                        Rule::RepeatedField,
                        &field.span,
                        code,
                        format!("`{}` has a second {} field", entry.id, field.label),
                    );
                    d.help = Some(format!(
                        "merge the two {0} fields, or give this one the label it should have (a second {0} often holds the solution)",
                        field.label
                    ));
                    d.related = related;
                }
            }
        }
        match field.kind {
            FieldKind::Other if field.implicit_label => {}
            FieldKind::Unlabelled if !labelled_shape => {}
            FieldKind::Other => out.emit(
                Rule::UnknownField,
                &field.span,
                code,
                format!("unknown field label `{}`", field.label),
                format!(
                    "known labels are {}, {}, {}, {}; add this one to [catalog] in site.toml if it is meant",
                    display(FieldKind::Level),
                    display(FieldKind::Message),
                    display(FieldKind::Cause),
                    display(FieldKind::Solution)
                ),
            ),
            FieldKind::Unlabelled => out.emit(
                Rule::UnknownField,
                &field.body.span,
                code,
                format!("text under `{}` before its first field label", entry.id),
                "start the text with a field label such as `**Cause:**`, or move it into a field".to_string(),
            ),
            _ => {}
        }
        if field.kind != FieldKind::Unlabelled && field.body.text.trim().is_empty() {
            out.emit(
                Rule::EmptyField,
                &field.span,
                code,
                format!("the {} field of `{}` is empty", field.label, entry.id),
                "write the field's content after the label, or remove the label".to_string(),
            );
        }
        if field.run_together {
            out.emit(
                Rule::RunTogetherFields,
                &field.span,
                code,
                format!("the {} field runs on from the line before it", field.label),
                "put a blank line before this label; without one the fields render as one paragraph".to_string(),
            );
        }
    }
}

/// A paragraph line ending in `|` outside tables and code.
fn stray_table_pipes(out: &mut Findings<'_>, entry: &ErrorEntry) {
    if !out.enabled(Rule::StrayTablePipe) {
        return;
    }
    for field in &entry.fields {
        let text = &field.body.text;
        let mut in_fence = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            } else if !in_fence
                && !trimmed.starts_with('|')
                && trimmed.ends_with('|')
                && !trimmed.ends_with("\\|")
            {
                let at = offset + line.trim_end().len() - 1;
                let span = out.body_span(&field.body, at..at + 1);
                out.emit(
                    Rule::StrayTablePipe,
                    &span,
                    Some(&entry.id),
                    "stray `|` at the end of a paragraph".to_string(),
                    "delete the `|`; it is left over from a table and shows in the page"
                        .to_string(),
                );
            }
            offset += line.len();
        }
    }
}

fn unknown_levels(out: &mut Findings<'_>) {
    let catalog = out.input.catalog;
    for document in &catalog.documents {
        let defined: Vec<&str> = if document.levels.is_empty() {
            out.input
                .config
                .catalog
                .levels
                .iter()
                .map(String::as_str)
                .collect()
        } else {
            document.levels.iter().map(|l| l.name.as_str()).collect()
        };
        for entry in document.sections.iter().flat_map(|s| &s.entries) {
            let (Some(level), Some(field)) = (&entry.level, entry.field(FieldKind::Level)) else {
                continue;
            };
            if level.is_empty() || defined.contains(&level.as_str()) {
                continue;
            }
            let close = defined.iter().find(|d| d.eq_ignore_ascii_case(level));
            let help = match close {
                Some(d) => format!("write `{d}`: levels are case-sensitive"),
                None => format!("use one of {}", defined.join(", ")),
            };
            out.emit(
                Rule::UnknownLevel,
                &field.body.span,
                Some(&entry.id),
                format!("unknown level `{level}`"),
                help,
            );
        }
    }
}

static BROKEN_PLACEHOLDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(concat!(
        r"%!\w?\([^)]*\)", // Go's %!s(MISSING), %!d(string=x)
        r"|\b[a-z][A-Za-z0-9_]*\.(?:get|to)[A-Z]\w*\(\)", // a Java getter left in: subTopic.getName()
    ))
    .expect("valid pattern")
});

fn broken_placeholder(out: &mut Findings<'_>, entry: &ErrorEntry) {
    if !out.enabled(Rule::BrokenPlaceholder) {
        return;
    }
    {
        let Some(field) = entry.field(FieldKind::Message) else {
            return;
        };
        let text = &field.body.text;
        let mut problems: Vec<(usize, usize, String)> = BROKEN_PLACEHOLDER
            .find_iter(text)
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    format!(
                        "`{}` looks like code or a mangled placeholder, not message text",
                        m.as_str()
                    ),
                )
            })
            .collect();
        let opens = text.matches('{').count();
        let closes = text.matches('}').count();
        if opens != closes {
            let at = if opens > closes {
                text.rfind('{')
            } else {
                text.rfind('}')
            }
            .unwrap_or(0);
            problems.push((
                at,
                at + 1,
                format!("unbalanced braces in the message ({opens} `{{`, {closes} `}}`)"),
            ));
        }
        for (start, end, message) in problems {
            let span = out.body_span(&field.body, start..end);
            out.emit(
                Rule::BrokenPlaceholder,
                &span,
                Some(&entry.id),
                message,
                "write the variable part as a placeholder such as `{name}`, so readers and log matching see it as one".to_string(),
            );
        }
    }
}

/// Letters, digits and template parts of an ID, so that IDs built the same
/// way share a shape: `CM-RESOIE000201` → `CM-X12`.
fn id_shape(id: &str) -> String {
    let mut segments = id.split('-');
    let mut shape = segments.next().unwrap_or("").to_string();
    for segment in segments {
        shape.push('-');
        if segment.starts_with('{') && segment.ends_with('}') {
            shape.push_str("{}");
        } else {
            let class = if segment.chars().all(|c| c.is_ascii_digit()) {
                '9'
            } else if segment.chars().all(|c| c.is_ascii_alphabetic()) {
                'A'
            } else {
                'X'
            };
            shape.push(class);
            shape.push_str(&segment.chars().count().to_string());
        }
    }
    shape
}

fn code_patterns(out: &mut Findings<'_>) {
    if !out.enabled(Rule::CodePattern) {
        return;
    }
    let catalog = out.input.catalog;
    for section in catalog.documents.iter().flat_map(|d| &d.sections) {
        for entry in &section.entries {
            // `ERROR 1007`: a word before the number is how some catalogs
            // write their codes.
            let code = match entry.id.split_once(' ') {
                Some((word, code)) if word.chars().all(char::is_alphabetic) => code,
                _ => entry.id.as_str(),
            };
            if code.is_empty() || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
                out.emit(
                    Rule::CodePattern,
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "code ID `{}` is empty or contains spaces or control characters",
                        entry.id.escape_debug()
                    ),
                    "a code heading holds just the code, e.g. `### CM-RESOIE000201`".to_string(),
                );
            }
        }
        if let Some(pattern) = out.input.config.code_patterns.get(&section.name) {
            // Validated when the config was loaded.
            let Ok(regex) = regex::Regex::new(pattern) else {
                continue;
            };
            for entry in section.entries.iter().filter(|e| !regex.is_match(&e.id)) {
                out.emit(
                    Rule::CodePattern,
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "`{}` does not match the {} section's pattern `{pattern}`",
                        entry.id, section.name
                    ),
                    "fix the code, or the pattern in [code-patterns] in site.toml".to_string(),
                );
            }
            continue;
        }
        let entry_shapes: Vec<String> = section.entries.iter().map(|e| id_shape(&e.id)).collect();
        let mut shapes: HashMap<&str, (usize, &str)> = HashMap::new();
        for (entry, shape) in section.entries.iter().zip(&entry_shapes) {
            shapes.entry(shape).or_insert((0, &entry.id)).0 += 1;
        }
        let Some((_, (most, example))) = shapes
            .iter()
            .max_by_key(|(shape, (n, _))| (*n, std::cmp::Reverse(**shape)))
        else {
            continue;
        };
        if *most < 3 {
            continue;
        }
        let example = example.to_string();
        for (entry, shape) in section.entries.iter().zip(&entry_shapes) {
            if shapes[shape.as_str()].0 == 1 {
                out.emit(
                    Rule::CodePattern,
                    &entry.span,
                    Some(&entry.id),
                    format!(
                        "`{}` is not shaped like the other codes of the {} section (such as `{example}`)",
                        entry.id, section.name
                    ),
                    "check the code for a missing or extra character; if it is right, set its section's pattern in [code-patterns] in site.toml".to_string(),
                );
            }
        }
    }
}

fn links(out: &mut Findings<'_>) {
    let catalog = out.input.catalog;
    // Catalogs link the same few files from many entries.
    let mut exists_cache: HashMap<(usize, &str), bool> = HashMap::new();
    for document in &catalog.documents {
        let base = Path::new(&catalog.files[document.file])
            .parent()
            .unwrap_or(Path::new("."));
        for link in &document.links {
            let destination = link.destination.trim();
            if crate::links::is_remote(destination) {
                if link.is_image {
                    out.emit(
                        Rule::RemoteImage,
                        &link.span,
                        None,
                        "image is loaded from the network".to_string(),
                        "save the image beside the catalog and link it by a relative path, so the site works offline".to_string(),
                    );
                }
                continue;
            }
            if !crate::links::is_relative(destination) {
                continue;
            }
            let path = crate::links::path_part(destination);
            let exists = *exists_cache
                .entry((document.file, path))
                .or_insert_with(|| base.join(path).exists());
            if !exists {
                out.emit(
                    Rule::BrokenLink,
                    &link.span,
                    None,
                    format!("link target `{path}` does not exist"),
                    format!("the path is relative to {}; fix it, or link to the published page with a full URL", base.display()),
                );
            }
        }
    }
}

/// Definitions of one key whose messages differ.
fn conflicting_messages(out: &mut Findings<'_>, repeated: &[Vec<&ErrorEntry>]) {
    if !out.enabled(Rule::ConflictingMessage) {
        return;
    }
    let words = |e: &ErrorEntry| {
        e.message
            .as_ref()
            .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    for entries in repeated {
        let first = entries[0];
        let Some(first_message) = words(first) else {
            continue;
        };
        for entry in &entries[1..] {
            let Some(message) = words(entry) else {
                continue;
            };
            if message == first_message {
                continue;
            }
            let span = entry
                .field(FieldKind::Message)
                .map_or(&entry.span, |f| &f.span);
            let d = out.report(
                Rule::ConflictingMessage,
                span,
                Some(&entry.id),
                format!(
                    "`{}` has another message here than where it is first defined",
                    entry.id
                ),
            );
            d.help = Some(format!(
                "one code has one message: make them the same, or give one of them its own code (first: \"{first_message}\")"
            ));
            d.related = vec![Related {
                span: first
                    .field(FieldKind::Message)
                    .map_or(&first.span, |f| &f.span)
                    .clone(),
                message: "first message".into(),
            }];
        }
    }
}

/// A code heading whose level differs from its section's other codes.
fn heading_levels(out: &mut Findings<'_>) {
    if !out.enabled(Rule::HeadingLevel) {
        return;
    }
    for section in out.input.catalog.documents.iter().flat_map(|d| &d.sections) {
        let mut counts = [0usize; 7];
        for entry in &section.entries {
            counts[usize::from(entry.heading_level.min(6))] += 1;
        }
        let Some(usual) = (1..=6).max_by_key(|&l| (counts[l], std::cmp::Reverse(l))) else {
            continue;
        };
        if counts[usual] < 2 {
            continue;
        }
        for entry in &section.entries {
            let level = usize::from(entry.heading_level);
            if level == 0 || level == usual {
                continue;
            }
            out.emit(
                Rule::HeadingLevel,
                &entry.span,
                Some(&entry.id),
                format!(
                    "`{}` is a level-{level} heading (`{}`); the other codes of {} are level {usual} (`{}`)",
                    entry.id,
                    "#".repeat(level),
                    if section.name.is_empty() { "this section" } else { &section.name },
                    "#".repeat(usual)
                ),
                format!("write it as `{} {}`", "#".repeat(usual), entry.id),
            );
        }
    }
}

/// The number a code ends with, and what comes before it: `ORA-00600` →
/// (`ORA-`, 600). Templated codes have no number.
fn code_number(id: &str) -> Option<(&str, u64)> {
    if id.contains('{') {
        return None;
    }
    let digits_end = id.rfind(|c: char| c.is_ascii_digit())? + 1;
    let digits_start = id[..digits_end]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let number = id[digits_start..digits_end].parse().ok()?;
    Some((&id[..digits_start], number))
}

/// Entries out of numeric order in a section whose codes mostly ascend.
fn numeric_order(out: &mut Findings<'_>) {
    if !out.enabled(Rule::NumericOrder) {
        return;
    }
    for section in out.input.catalog.documents.iter().flat_map(|d| &d.sections) {
        // A catalog keyed by a field is in the order of its headings'
        // codes (ORA-00001 before ORA-00600), not of its keys.
        let written = |e: &ErrorEntry| -> String {
            match e.aliases.first() {
                Some(heading) if e.fields.iter().any(|f| f.kind == FieldKind::Key) => {
                    heading.clone()
                }
                _ => e.id.clone(),
            }
        };
        let codes: Vec<String> = section.entries.iter().map(written).collect();
        // (entry, code as written, code prefix, number)
        let numbered: Vec<(&ErrorEntry, &str, &str, u64)> = section
            .entries
            .iter()
            .zip(&codes)
            .filter_map(|(e, code)| {
                code_number(code).map(|(prefix, n)| (e, code.as_str(), prefix, n))
            })
            .collect();
        let pairs: Vec<_> = numbered
            .windows(2)
            .filter(|w| w[0].2 == w[1].2)
            .map(|w| (w[0], w[1]))
            .collect();
        let ascending = pairs.iter().filter(|(a, b)| a.3 < b.3).count();
        let descending = pairs.iter().filter(|(a, b)| a.3 > b.3).count();
        // Only a catalog that is meant to be in order has entries out of it.
        if descending == 0 || ascending < 4 * descending {
            continue;
        }
        for (before, entry) in pairs.iter().filter(|(a, b)| a.3 > b.3) {
            let d = out.report(
                Rule::NumericOrder,
                &entry.0.span,
                Some(&entry.0.id),
                format!(
                    "`{}` comes after `{}`; the other codes of {} ascend",
                    entry.1,
                    before.1,
                    if section.name.is_empty() {
                        "this section"
                    } else {
                        &section.name
                    },
                ),
            );
            d.help = Some("move the entry to its place in numeric order".to_string());
            d.related = vec![Related {
                span: before.0.span.clone(),
                message: "the entry before it".into(),
            }];
        }
    }
}

/// One field kind written with several labels within one catalog.
fn label_varies(out: &mut Findings<'_>) {
    if !out.enabled(Rule::LabelVaries) {
        return;
    }
    // (catalog, field kind) → label as written → fields. Hashed: this
    // sees every field of the catalog.
    type ByLabel<'c> = FxHashMap<&'c str, Vec<&'c Field>>;
    let mut kinds: FxHashMap<(&str, FieldKind), ByLabel<'_>> = FxHashMap::default();
    for entry in out.input.catalog.entries() {
        for field in &entry.fields {
            if field.implicit_label
                || matches!(field.kind, FieldKind::Other | FieldKind::Unlabelled)
            {
                continue;
            }
            kinds
                .entry((entry.catalog.as_str(), field.kind))
                .or_default()
                .entry(field.label.trim())
                .or_default()
                .push(field);
        }
    }
    for ((_, kind), labels) in &kinds {
        let kind = kind.name();
        if labels.len() < 2 {
            continue;
        }
        let (usual, usual_fields) = labels
            .iter()
            .max_by_key(|(label, fields)| (fields.len(), std::cmp::Reverse(**label)))
            .expect("two labels or more");
        for (label, fields) in labels.iter().filter(|(l, _)| *l != usual) {
            for field in fields {
                out.emit(
                    Rule::LabelVaries,
                    &field.span,
                    None,
                    format!(
                        "the {kind} label is `{label}` here; {} other{} use `{usual}`",
                        usual_fields.len(),
                        if usual_fields.len() == 1 { "" } else { "s" },
                    ),
                    format!("write `{usual}`, so that every entry reads the same"),
                );
            }
        }
    }
}

/// A SQLSTATE field (a column, a label, or the parentheses of a heading)
/// that is not five characters of 0-9 and A-Z.
fn sqlstate(out: &mut Findings<'_>, entry: &ErrorEntry) {
    for field in entry
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Sqlstate)
    {
        let value = crate::text::plain_text(&field.body.text).0;
        let value = value.trim();
        if value.len() == 5
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            continue;
        }
        out.emit(
            Rule::MalformedSqlstate,
            &field.body.span,
            Some(&entry.id),
            format!(
                "SQLSTATE `{}` of `{}` is not five characters of 0-9 and A-Z",
                value, entry.id
            ),
            "a SQLSTATE is a class of two characters and a subclass of three, such as `HY000` or `42S02`".to_string(),
        );
    }
}

/// Spaces just inside the parentheses of a code heading (`( HY000)`).
fn code_spacing(out: &mut Findings<'_>, entry: &ErrorEntry) {
    static SPACED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\(\s+[^()\s]*\s*\)|\([^()\s]*\s+\)").expect("valid pattern")
    });
    if !out.enabled(Rule::CodeSpacing) || entry.heading_level == 0 {
        return;
    }
    let Some(source) = out.input.sources.get(entry.span.file) else {
        return;
    };
    let text = &source.text[entry.span.start.min(source.text.len())..];
    let line = text.split('\n').next().unwrap_or("");
    // The code part of the heading: up to its message.
    let code_part = line.split([':', '：']).next().unwrap_or(line);
    let Some(found) = SPACED.find(code_part) else {
        return;
    };
    let start = entry.span.start + found.start();
    let span = source.span(entry.span.file, start..start + found.len());
    let tight: String = found
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    out.emit(
        Rule::CodeSpacing,
        &span,
        Some(&entry.id),
        format!(
            "stray spaces in `{}` of the code `{}`",
            found.as_str(),
            entry.id
        ),
        format!("write `{tight}`, as the server prints it"),
    );
}

/// What the parser noted: template tags and unreadable front matter.
fn parse_notes(out: &mut Findings<'_>) {
    for document in &out.input.catalog.documents {
        for note in &document.notes {
            match note.kind {
                ParseNoteKind::TemplateTag { stripped } => out.emit(
                    Rule::TemplateTag,
                    &note.span,
                    None,
                    format!(
                        "template tag `{}` of another documentation tool ({})",
                        note.text,
                        if stripped { "stripped from the site" } else { "kept as written" }
                    ),
                    if stripped {
                        "remove it from the catalog, or set `template-tags = \"keep\"` in [catalog] to show it".to_string()
                    } else {
                        "remove it from the catalog, or set `template-tags = \"strip\"` in [catalog]".to_string()
                    },
                ),
                ParseNoteKind::BadFrontMatter => out.emit(
                    Rule::FrontMatter,
                    &note.span,
                    None,
                    format!("the front matter is not readable YAML: {}", note.text),
                    "fix the YAML between the `---` lines; until then its keys (such as `title`) are ignored".to_string(),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code_number;

    #[test]
    fn code_numbers_after_any_character() {
        assert_eq!(code_number("ORA-00600"), Some(("ORA-", 600)));
        assert_eq!(code_number("E0308"), Some(("E", 308)));
        // Found by fuzzing: a multi-byte character before the digits.
        assert_eq!(code_number("Ré7"), Some(("Ré", 7)));
        assert_eq!(code_number("X-{type}-1"), None);
        assert_eq!(code_number("NONE"), None);
    }
}
