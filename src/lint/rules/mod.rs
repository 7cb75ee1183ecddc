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
mod front_matter;
mod heading_level;
mod label_varies;
mod malformed_sqlstate;
mod missing_field;
mod no_codes;
mod numeric_order;
mod raw_html;
mod remote_image;
mod repeated_field;
mod run_together_fields;
mod spelling;
mod stray_table_pipe;
mod table_row_cells;
mod template_tag;
mod unknown_field;
mod unknown_level;

use super::findings::{Findings, Related};
use super::LintInput;
use crate::config::CatalogConfig;
use crate::model::{ErrorEntry, FieldKind, Markdown, Shape, Span};
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
                deny_warnings: false,
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
