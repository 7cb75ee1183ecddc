//! The rules: one module per [`Rule`], each with its check and the doc of
//! what it finds and why; which check runs on one entry at a time and which
//! once over the whole catalog; and what several rules share.

mod broken_link;
mod broken_placeholder;
mod code_not_heading;
mod code_pattern;
mod code_spacing;
mod conflicting_message;
mod duplicate_code;
mod empty_field;
mod field_not_required;
mod front_matter;
mod heading_level;
mod label_varies;
mod malformed_line;
mod malformed_sqlstate;
mod missing_field;
mod no_codes;
mod numeric_order;
mod raw_html;
mod remote_image;
mod repeated_field;
mod run_together_fields;
mod shared_symbol;
mod spelling;
mod stray_table_pipe;
mod table_row_cells;
mod template_tag;
mod unknown_field;
mod unknown_level;

use super::catalog_fields::CatalogFields;
use super::findings::{Findings, Related};
use super::LintInput;
use crate::config::CatalogConfig;
use crate::model::{ErrorEntry, Field, FieldKind, Markdown, Shape, Span};
use crate::rules::Rule;
use rustc_hash::FxHashMap;
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
        Rule::NoCodes => PerCatalog(no_codes::check),
        Rule::DuplicateCode => PerCatalog(duplicate_code::check),
        Rule::MissingField => PerEntry(missing_field::check),
        Rule::FieldNotRequired => PerCatalog(field_not_required::check),
        Rule::RepeatedField => PerEntry(repeated_field::check),
        Rule::UnknownField => PerEntry(unknown_field::check),
        Rule::UnknownLevel => PerCatalog(unknown_level::check),
        Rule::EmptyField => PerEntry(empty_field::check),
        Rule::RunTogetherFields => PerEntry(run_together_fields::check),
        Rule::StrayTablePipe => PerEntry(stray_table_pipe::check),
        Rule::TableRowCells => PerCatalog(table_row_cells::check),
        Rule::CodePattern => PerCatalog(code_pattern::check),
        Rule::BrokenLink => PerCatalog(broken_link::check),
        Rule::RemoteImage => PerCatalog(remote_image::check),
        Rule::BrokenPlaceholder => PerEntry(broken_placeholder::check),
        Rule::Spelling => PerCatalog(spelling::check),
        Rule::HeadingLevel => PerCatalog(heading_level::check),
        Rule::CodeNotHeading => PerCatalog(code_not_heading::check),
        Rule::ConflictingMessage => PerCatalog(conflicting_message::check),
        Rule::MalformedSqlstate => PerEntry(malformed_sqlstate::check),
        Rule::CodeSpacing => PerEntry(code_spacing::check),
        Rule::NumericOrder => PerCatalog(numeric_order::check),
        Rule::LabelVaries => PerCatalog(label_varies::check),
        Rule::TemplateTag => PerCatalog(template_tag::check),
        Rule::RawHtml => PerCatalog(raw_html::check),
        Rule::FrontMatter => PerCatalog(front_matter::check),
        Rule::MalformedLine => PerCatalog(malformed_line::check),
        Rule::SharedSymbol => PerCatalog(shared_symbol::check),
    }
}

/// What the checks read: the linter's input, and what several rules
/// share, worked out once and only when a rule that needs it runs.
pub(super) struct Context<'a> {
    input: &'a LintInput<'a>,
    catalog_fields: OnceLock<CatalogFields<'a>>,
    repeats: OnceLock<Repeats<'a>>,
}

/// Keys defined more than once, split by whether a field tells their
/// definitions apart.
struct Repeats<'a> {
    /// The definitions of each key nothing tells apart, in source order.
    duplicates: Vec<Vec<&'a ErrorEntry>>,
    /// Per catalog, the field whose value tells apart the definitions of
    /// keys the heading repeats by design.
    told_apart: Vec<ToldApart<'a>>,
    /// Codes defined in a file with other codes (a reference table) and
    /// on a page of their own that details them (MariaDB's table row of
    /// 1486 and `e1486.md`): the catalog's structure, not a duplicate, but
    /// their messages must agree.
    detailed: Vec<Vec<&'a ErrorEntry>>,
}

/// Headings that repeat by design: a code heads several entries (ORA-00600
/// heads 112 OceanBase errors), each with its own value of one field.
pub(super) struct ToldApart<'a> {
    /// The field's label as first written (`Error code in OceanBase
    /// Database`).
    pub(super) label: String,
    /// The definitions of each key the field tells apart, each in source
    /// order; the groups in the order of their first definition.
    pub(super) groups: Vec<Vec<&'a ErrorEntry>>,
}

impl<'a> Context<'a> {
    /// The context of one run of the linter.
    pub(super) fn new(input: &'a LintInput<'a>) -> Self {
        Context {
            input,
            catalog_fields: OnceLock::new(),
            repeats: OnceLock::new(),
        }
    }

    /// The definitions of every key (in any case) defined more than once
    /// that no field tells apart, in source order; shared by the duplicate
    /// and conflicting-message rules.
    fn defined_more_than_once(&self) -> &[Vec<&'a ErrorEntry>] {
        &self.repeats().duplicates
    }

    /// Codes defined more than once whose messages must agree: the
    /// duplicates and the codes a page of their own details.
    fn defined_with_one_message(&self) -> impl Iterator<Item = &Vec<&'a ErrorEntry>> {
        let repeats = self.repeats();
        repeats.duplicates.iter().chain(&repeats.detailed)
    }

    /// Keys defined more than once whose definitions one field tells
    /// apart, per catalog.
    fn told_apart(&self) -> &[ToldApart<'a>] {
        &self.repeats().told_apart
    }

    fn repeats(&self) -> &Repeats<'a> {
        self.repeats.get_or_init(|| {
            let mut by_key: FxHashMap<String, Vec<&ErrorEntry>> = FxHashMap::default();
            let mut per_file: FxHashMap<usize, usize> = FxHashMap::default();
            for entry in self.input.catalog.entries() {
                *per_file.entry(entry.span.file).or_default() += 1;
                by_key
                    .entry(entry.key().to_lowercase())
                    .or_default()
                    .push(entry);
            }
            let mut groups: Vec<Vec<&ErrorEntry>> =
                by_key.into_values().filter(|e| e.len() > 1).collect();
            // Source order, so that the choice of a field is stable.
            groups.sort_by_key(|g| (g[0].span.file, g[0].span.start));
            // A code's own page (the file's only code, the file named
            // after it: `e1486.md`) besides its row in a file of many codes.
            let files = &self.input.catalog.files;
            let alone = |e: &ErrorEntry| {
                per_file.get(&e.span.file) == Some(&1)
                    && files.get(e.span.file).is_some_and(|f| {
                        std::path::Path::new(f).file_stem().is_some_and(|s| {
                            s.to_string_lossy()
                                .to_lowercase()
                                .contains(&e.id.to_lowercase())
                        })
                    })
            };
            let (detailed, groups): (Vec<_>, Vec<_>) = groups
                .into_iter()
                .partition(|g| g.len() == 2 && alone(g[0]) != alone(g[1]));
            let mut repeats = split_repeats(groups);
            repeats.detailed = detailed;
            repeats
        })
    }

    /// What the catalog's entries say about its fields (which default
    /// fields they mostly go without); shared by missing-field and
    /// field-not-required.
    fn catalog_fields(&self) -> &CatalogFields<'a> {
        self.catalog_fields
            .get_or_init(|| CatalogFields::new(self.input.catalog, &self.input.config.catalog))
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

/// Splits keys defined more than once into those a field tells apart and
/// the rest. A field tells apart the definitions of a key when its value,
/// a single token, differs on each of them and at most one lacks it:
/// `key = "<label>"` would then give each its own ID. Per catalog, the
/// label that tells apart the most definitions wins; keys it does not tell
/// apart stay duplicates.
fn split_repeats(groups: Vec<Vec<&ErrorEntry>>) -> Repeats<'_> {
    /// The fields that can hold a key: not the known fields of an entry.
    fn candidates(entry: &ErrorEntry) -> impl Iterator<Item = (String, &Field)> {
        entry
            .fields
            .iter()
            .filter(|f| {
                !f.implicit_label
                    && !FieldKind::REQUIRED.contains(&f.kind)
                    && !matches!(
                        f.kind,
                        FieldKind::Sqlstate | FieldKind::Key | FieldKind::Unlabelled
                    )
            })
            .map(|f| {
                (
                    f.label
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase(),
                    f,
                )
            })
    }
    fn value(field: &Field) -> Option<&str> {
        let value = field.body.text.trim();
        (!value.is_empty() && !value.contains(char::is_whitespace)).then_some(value)
    }
    /// True when the field labelled `label` tells the definitions apart.
    fn tells_apart(group: &[&ErrorEntry], label: &str) -> bool {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut lacking = 0;
        for entry in group {
            match candidates(entry)
                .find(|(l, _)| l == label)
                .map(|(_, f)| value(f))
            {
                Some(Some(v)) if seen.insert(v.to_lowercase()) => {}
                Some(Some(_)) => return false,
                _ => lacking += 1,
            }
        }
        lacking <= 1 && seen.len() >= 2
    }
    // Labels tried per catalog, with the definitions they tell apart.
    let mut tried: FxHashMap<(&str, String), usize> = FxHashMap::default();
    for group in &groups {
        if group.iter().any(|e| e.field(FieldKind::Key).is_some()) {
            continue;
        }
        let mut labels: Vec<String> = group
            .iter()
            .flat_map(|e| candidates(e).map(|(l, _)| l))
            .collect();
        labels.sort();
        labels.dedup();
        for label in labels {
            if tells_apart(group, &label) {
                *tried.entry((group[0].catalog.as_str(), label)).or_default() += group.len();
            }
        }
    }
    let mut best: Vec<((&str, String), usize)> = tried.into_iter().collect();
    // Most definitions first, then by label: the same input picks the same.
    best.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.cmp(b)));
    let mut chosen: FxHashMap<&str, String> = FxHashMap::default();
    for ((catalog, label), _) in best {
        chosen.entry(catalog).or_insert(label);
    }
    let mut duplicates = Vec::new();
    let mut told_apart: Vec<ToldApart<'_>> = Vec::new();
    for group in groups {
        let catalog = group[0].catalog.as_str();
        match chosen.get(catalog) {
            Some(label)
                if !group.iter().any(|e| e.field(FieldKind::Key).is_some())
                    && tells_apart(&group, label) =>
            {
                let written = group
                    .iter()
                    .find_map(|e| candidates(e).find(|(l, _)| l == label))
                    .map_or_else(|| label.clone(), |(_, f)| f.label.trim().to_string());
                match told_apart
                    .iter_mut()
                    .find(|t| t.groups[0][0].catalog == catalog)
                {
                    Some(t) => t.groups.push(group),
                    None => told_apart.push(ToldApart {
                        label: written,
                        groups: vec![group],
                    }),
                }
            }
            _ => duplicates.push(group),
        }
    }
    Repeats {
        duplicates,
        told_apart,
        detailed: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::lint::{lint, Diagnostic, LintInput};
    use crate::parse::parse_catalog;
    use crate::rules::Rule;
    use crate::source::SourceFile;
    use std::fmt::Write;
    use std::path::Path;

    /// Findings as `line:column severity rule: message`, then their help.
    fn compact(findings: &[&Diagnostic]) -> String {
        let mut text = String::new();
        for d in findings {
            let (line, column) = (d.span.line, d.span.column);
            let (severity, rule) = (d.severity.name(), d.rule.name());
            writeln!(text, "{line}:{column} {severity} {rule}: {}", d.message).unwrap();
            if let Some(help) = &d.help {
                writeln!(text, "  help: {help}").unwrap();
            }
        }
        text
    }

    /// Every rule has a fixture, `tests/fixtures/rules/<rule-name>.md`,
    /// showing the defect its doc describes; linted with the default
    /// config, the rule reports it, as its snapshot records.
    #[test]
    fn every_rule_reports_the_defect_in_its_fixture() {
        let config = Config::default();
        for &rule in Rule::ALL {
            // Relative to the crate, where tests run: links resolve from
            // the fixture's directory, and snapshots name no checkout.
            let path = Path::new("tests/fixtures/rules").join(format!("{}.md", rule.name()));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: every rule needs a fixture: {e}", path.display()));
            let sources = [SourceFile::new(path.clone(), text)];
            let catalog = parse_catalog(&sources, &config.catalog);
            let diagnostics = lint(&LintInput {
                catalog: &catalog,
                sources: &sources,
                config: &config,
                overrides: &[],
            });
            let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.rule == rule).collect();
            assert!(
                !found.is_empty(),
                "{} reports nothing on {}",
                rule.name(),
                path.display()
            );
            insta::assert_snapshot!(rule.name(), compact(&found));
        }
    }
}
