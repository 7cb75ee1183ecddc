//! The rules: the check of every [`Rule`], run on one entry at a time or
//! once over the whole catalog, and what several rules share.

mod spelling;

use super::findings::{Findings, Related};
use super::LintInput;
use crate::config::CatalogConfig;
use crate::model::*;
use crate::rules::Rule;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// How a rule runs.
#[derive(Clone, Copy)]
pub(super) enum Check {
    /// On one entry at a time; the runner spreads the entries over all
    /// cores.
    PerEntry(fn(&Context<'_>, &ErrorEntry, &mut Findings<'_>)),
    /// Once, over the whole catalog.
    PerCatalog(fn(&Context<'_>, &mut Findings<'_>)),
}

/// The check of each rule.
pub(super) fn check(rule: Rule) -> Check {
    use Check::{PerCatalog, PerEntry};
    match rule {
        Rule::NoCodes => PerCatalog(no_codes),
        Rule::DuplicateCode => PerCatalog(duplicate_code),
        Rule::MissingField => PerEntry(missing_field),
        Rule::RepeatedField => PerEntry(repeated_field),
        Rule::UnknownField => PerEntry(unknown_field),
        Rule::UnknownLevel => PerCatalog(unknown_level),
        Rule::EmptyField => PerEntry(empty_field),
        Rule::RunTogetherFields => PerEntry(run_together_fields),
        Rule::StrayTablePipe => PerEntry(stray_table_pipe),
        Rule::CodePattern => PerCatalog(code_pattern),
        Rule::BrokenLink => PerCatalog(broken_link),
        Rule::RemoteImage => PerCatalog(remote_image),
        Rule::BrokenPlaceholder => PerEntry(broken_placeholder),
        Rule::Spelling => PerCatalog(spelling::check),
        Rule::HeadingLevel => PerCatalog(heading_level),
        Rule::ConflictingMessage => PerCatalog(conflicting_message),
        Rule::MalformedSqlstate => PerEntry(malformed_sqlstate),
        Rule::CodeSpacing => PerEntry(code_spacing),
        Rule::NumericOrder => PerCatalog(numeric_order),
        Rule::LabelVaries => PerCatalog(label_varies),
        Rule::TemplateTag => PerCatalog(template_tag),
        Rule::FrontMatter => PerCatalog(front_matter),
    }
}

/// What the checks read: the linter's input, and what several rules
/// share, worked out once and only when a rule that needs it runs.
pub(super) struct Context<'a> {
    input: &'a LintInput<'a>,
    defined_more_than_once: OnceLock<Vec<Vec<&'a ErrorEntry>>>,
}

impl<'a> Context<'a> {
    /// The context of one run of the linter.
    pub(super) fn new(input: &'a LintInput<'a>) -> Self {
        Context {
            input,
            defined_more_than_once: OnceLock::new(),
        }
    }

    /// The definitions of every key (in any case) defined more than once,
    /// in source order; shared by the duplicate and conflicting-message
    /// rules.
    fn defined_more_than_once(&self) -> &[Vec<&'a ErrorEntry>] {
        self.defined_more_than_once.get_or_init(|| {
            let mut by_key: FxHashMap<String, Vec<&ErrorEntry>> = FxHashMap::default();
            for entry in self.input.catalog.entries() {
                by_key
                    .entry(entry.key().to_lowercase())
                    .or_default()
                    .push(entry);
            }
            // Order does not matter: diagnostics are sorted at the end.
            by_key.into_values().filter(|e| e.len() > 1).collect()
        })
    }

    /// The shape of the file an entry is written in.
    fn shape(&self, entry: &ErrorEntry) -> Shape {
        self.input
            .catalog
            .documents
            .get(entry.span.file)
            .map_or(Shape::Headings, |d| d.shape)
    }

    /// How a field kind is named in messages: its first configured label
    /// (`Error level`), else the kind's name.
    fn label(&self, kind: FieldKind) -> String {
        let labels: &CatalogConfig = &self.input.config.catalog;
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
    }

    /// The span of a byte range of a field body's text.
    fn body_span(&self, body: &Markdown, range: std::ops::Range<usize>) -> Span {
        let base = body.span.start;
        self.input.sources[body.span.file]
            .span(body.span.file, base + range.start..base + range.end)
    }
}

fn no_codes(cx: &Context<'_>, out: &mut Findings<'_>) {
    for document in &cx.input.catalog.documents {
        if document.sections.iter().all(|s| s.entries.is_empty()) {
            let span = Span {
                file: document.file,
                line: 1,
                column: 1,
                start: 0,
                end: 0,
            };
            let suffix = &cx.input.config.catalog.section_suffix;
            out.report(
                &span,
                None,
                "no error codes found in this file".to_string(),
                format!("codes are `### CODE` headings under `## <Component> {suffix}` sections"),
            );
        }
    }
}

fn duplicate_code(cx: &Context<'_>, out: &mut Findings<'_>) {
    for entries in cx.defined_more_than_once() {
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
            out.report(
                &entry.span,
                Some(&entry.id),
                message,
                "give each entry its own code, or merge the definitions into one entry".to_string(),
            )
            .related(related);
        }
    }
}

fn missing_field(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for kind in cx.input.config.catalog.required_fields(cx.shape(entry)) {
        if entry.field(kind).is_none() {
            let label = cx.label(kind);
            out.report(
                &entry.span,
                Some(&entry.id),
                format!("`{}` has no {label} field", entry.id),
                format!("add a `**{label}:**` paragraph under the heading"),
            );
        }
    }
}

fn repeated_field(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for (n, field) in entry.fields.iter().enumerate() {
        if field.kind == FieldKind::Unlabelled || field.implicit_label {
            continue;
        }
        let same = |other: &&Field| {
            other.kind == field.kind
                && (field.kind != FieldKind::Other
                    || other.label.eq_ignore_ascii_case(&field.label))
        };
        let Some(first) = entry.fields[..n]
            .iter()
            .filter(|f| !f.implicit_label)
            .find(same)
        else {
            continue;
        };
        out.report(
            &field.span,
            Some(&entry.id),
            format!("`{}` has a second {} field", entry.id, field.label),
            format!(
                "merge the two {0} fields, or give this one the label it should have (a second {0} often holds the solution)",
                field.label
            ),
        )
        .related(vec![Related {
            span: first.span.clone(),
            message: "first written here".into(),
        }]);
    }
}

fn unknown_field(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    let labelled_shape = matches!(cx.shape(entry), Shape::Headings | Shape::HeadingMessage);
    for field in &entry.fields {
        match field.kind {
            FieldKind::Other if field.implicit_label => {}
            FieldKind::Unlabelled if !labelled_shape => {}
            FieldKind::Other => {
                out.report(
                    &field.span,
                    Some(&entry.id),
                    format!("unknown field label `{}`", field.label),
                    format!(
                        "known labels are {}, {}, {}, {}; add this one to [catalog] in site.toml if it is meant",
                        cx.label(FieldKind::Level),
                        cx.label(FieldKind::Message),
                        cx.label(FieldKind::Cause),
                        cx.label(FieldKind::Solution)
                    ),
                );
            }
            FieldKind::Unlabelled => {
                out.report(
                    &field.body.span,
                    Some(&entry.id),
                    format!("text under `{}` before its first field label", entry.id),
                    "start the text with a field label such as `**Cause:**`, or move it into a field".to_string(),
                );
            }
            _ => {}
        }
    }
}

fn empty_field(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in &entry.fields {
        if field.kind != FieldKind::Unlabelled && field.body.text.trim().is_empty() {
            out.report(
                &field.span,
                Some(&entry.id),
                format!("the {} field of `{}` is empty", field.label, entry.id),
                "write the field's content after the label, or remove the label".to_string(),
            );
        }
    }
}

fn run_together_fields(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    for field in entry.fields.iter().filter(|f| f.run_together) {
        out.report(
            &field.span,
            Some(&entry.id),
            format!("the {} field runs on from the line before it", field.label),
            "put a blank line before this label; without one the fields render as one paragraph"
                .to_string(),
        );
    }
}

/// A paragraph line ending in `|` outside tables and code.
fn stray_table_pipe(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
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
                let span = cx.body_span(&field.body, at..at + 1);
                out.report(
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
fn unknown_level(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    for document in &catalog.documents {
        let defined: Vec<&str> = if document.levels.is_empty() {
            cx.input
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
            out.report(
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

fn broken_placeholder(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
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
        let span = cx.body_span(&field.body, start..end);
        out.report(
            &span,
            Some(&entry.id),
            message,
            "write the variable part as a placeholder such as `{name}`, so readers and log matching see it as one".to_string(),
        );
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

fn code_pattern(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    for section in catalog.documents.iter().flat_map(|d| &d.sections) {
        for entry in &section.entries {
            // `ERROR 1007`: a word before the number is how some catalogs
            // write their codes.
            let code = match entry.id.split_once(' ') {
                Some((word, code)) if word.chars().all(char::is_alphabetic) => code,
                _ => entry.id.as_str(),
            };
            if code.is_empty() || code.chars().any(|c| c.is_whitespace() || c.is_control()) {
                out.report(
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
        if let Some(pattern) = cx.input.config.code_patterns.get(&section.name) {
            // Validated when the config was loaded.
            let Ok(regex) = regex::Regex::new(pattern) else {
                continue;
            };
            for entry in section.entries.iter().filter(|e| !regex.is_match(&e.id)) {
                out.report(
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
                out.report(
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

fn broken_link(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    // Catalogs link the same few files from many entries.
    let mut exists_cache: HashMap<(usize, &str), bool> = HashMap::new();
    for document in &catalog.documents {
        let base = Path::new(&catalog.files[document.file])
            .parent()
            .unwrap_or(Path::new("."));
        for link in &document.links {
            // Remote destinations are never relative.
            let destination = link.destination.trim();
            if !crate::links::is_relative(destination) {
                continue;
            }
            let path = crate::links::path_part(destination);
            let exists = *exists_cache
                .entry((document.file, path))
                .or_insert_with(|| base.join(path).exists());
            if !exists {
                out.report(
                    &link.span,
                    None,
                    format!("link target `{path}` does not exist"),
                    format!("the path is relative to {}; fix it, or link to the published page with a full URL", base.display()),
                );
            }
        }
    }
}

fn remote_image(cx: &Context<'_>, out: &mut Findings<'_>) {
    for link in cx.input.catalog.documents.iter().flat_map(|d| &d.links) {
        if link.is_image && crate::links::is_remote(link.destination.trim()) {
            out.report(
                &link.span,
                None,
                "image is loaded from the network".to_string(),
                "save the image beside the catalog and link it by a relative path, so the site works offline".to_string(),
            );
        }
    }
}

/// Definitions of one key whose messages differ.
fn conflicting_message(cx: &Context<'_>, out: &mut Findings<'_>) {
    let words = |e: &ErrorEntry| {
        e.message
            .as_ref()
            .map(|m| m.text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    for entries in cx.defined_more_than_once() {
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
            let related = vec![Related {
                span: first
                    .field(FieldKind::Message)
                    .map_or(&first.span, |f| &f.span)
                    .clone(),
                message: "first message".into(),
            }];
            out.report(
                span,
                Some(&entry.id),
                format!(
                    "`{}` has another message here than where it is first defined",
                    entry.id
                ),
                format!(
                    "one code has one message: make them the same, or give one of them its own code (first: \"{first_message}\")"
                ),
            )
            .related(related);
        }
    }
}

/// A code heading whose level differs from its section's other codes.
fn heading_level(cx: &Context<'_>, out: &mut Findings<'_>) {
    for section in cx.input.catalog.documents.iter().flat_map(|d| &d.sections) {
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
            out.report(
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
fn numeric_order(cx: &Context<'_>, out: &mut Findings<'_>) {
    for section in cx.input.catalog.documents.iter().flat_map(|d| &d.sections) {
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
            out.report(
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
                "move the entry to its place in numeric order".to_string(),
            )
            .related(vec![Related {
                span: before.0.span.clone(),
                message: "the entry before it".into(),
            }]);
        }
    }
}

/// One field kind written with several labels within one catalog.
fn label_varies(cx: &Context<'_>, out: &mut Findings<'_>) {
    // (catalog, field kind) → label as written → fields. Hashed: this
    // sees every field of the catalog.
    type ByLabel<'c> = FxHashMap<&'c str, Vec<&'c Field>>;
    let mut kinds: FxHashMap<(&str, FieldKind), ByLabel<'_>> = FxHashMap::default();
    for entry in cx.input.catalog.entries() {
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
                out.report(
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
fn malformed_sqlstate(_: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
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
        out.report(
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
fn code_spacing(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    static SPACED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\(\s+[^()\s]*\s*\)|\([^()\s]*\s+\)").expect("valid pattern")
    });
    if entry.heading_level == 0 {
        return;
    }
    let Some(source) = cx.input.sources.get(entry.span.file) else {
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
    out.report(
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

/// A tag of another documentation tool, as the parser noted it.
fn template_tag(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        let ParseNoteKind::TemplateTag { stripped } = note.kind else {
            continue;
        };
        out.report(
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
        );
    }
}

/// Unreadable front matter, as the parser noted it.
fn front_matter(cx: &Context<'_>, out: &mut Findings<'_>) {
    for note in cx.input.catalog.documents.iter().flat_map(|d| &d.notes) {
        if note.kind == ParseNoteKind::BadFrontMatter {
            out.report(
                &note.span,
                None,
                format!("the front matter is not readable YAML: {}", note.text),
                "fix the YAML between the `---` lines; until then its keys (such as `title`) are ignored".to_string(),
            );
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
