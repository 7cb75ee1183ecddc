//! The parser on the real OMS catalog and on small fixtures: what the model
//! holds after reading a document as it is really written.

use crate::support::repo;
use errbook::config::{CatalogConfig, Config};
use errbook::model::{Catalog, ErrorEntry, FieldKind};
use errbook::parse::parse_catalog;
use errbook::source::{self, SourceFile};
use std::path::PathBuf;

fn shipped() -> (Vec<SourceFile>, Catalog) {
    let path = repo().join("content/oms-error-codes.md");
    let sources = source::read_all(&[path]).expect("the shipped catalog reads");
    let catalog = parse_catalog(&sources, &CatalogConfig::default());
    (sources, catalog)
}

fn parse_text(text: &str, config: &CatalogConfig) -> Catalog {
    let sources = vec![SourceFile::new(
        PathBuf::from("fixture.md"),
        text.to_string(),
    )];
    parse_catalog(&sources, config)
}

fn entry<'a>(catalog: &'a Catalog, id: &str) -> &'a ErrorEntry {
    catalog
        .entries()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} is in the catalog"))
}

fn body(entry: &ErrorEntry, kind: FieldKind) -> &str {
    &entry.field(kind).expect("field present").body.text
}

#[test]
fn shipped_catalog_has_every_entry_in_its_section() {
    let (_, catalog) = shipped();
    assert_eq!(catalog.entries().count(), 82);
    let document = &catalog.documents[0];
    assert_eq!(document.title.as_deref(), Some("OMS error codes"));
    let sections: Vec<(&str, usize)> = document
        .sections
        .iter()
        .map(|s| (s.name.as_str(), s.entries.len()))
        .collect();
    assert_eq!(
        sections,
        [
            ("Console", 3),
            ("Precheck", 6),
            ("CM", 14),
            ("Connector", 31),
            ("Supervisor", 28)
        ]
    );
    let levels: Vec<&str> = document.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(levels, ["FATAL", "ERROR", "WARNING"]);
    assert!(document.preamble.text.starts_with("# OMS error codes"));
    assert!(document.preamble.text.contains("| WARNING | A warning."));
}

#[test]
fn duplicate_definitions_are_both_kept_with_their_lines() {
    let (_, catalog) = shipped();
    let lines: Vec<u32> = catalog
        .entries()
        .filter(|e| e.id == "SUPERVISOR-CMADIE020208")
        .map(|e| e.span.line)
        .collect();
    assert_eq!(lines, [894, 904]);
}

#[test]
fn templated_ids_are_kept_as_written() {
    let (_, catalog) = shipped();
    let e = entry(&catalog, "CONNECTOR-SIKA-{type}-001101");
    assert_eq!(e.section, "Connector");
    assert_eq!(e.level.as_deref(), Some("ERROR"));
    assert_eq!(e.message.as_ref().unwrap().text, "TimeoutException");
    assert_eq!((e.span.line, e.span.column), (634, 5));
}

#[test]
fn edition_blocks_are_labelled_parts_of_the_solution() {
    let (_, catalog) = shipped();
    let e = entry(&catalog, "CM-RESOIE000201");
    let labels: Vec<Option<&str>> = e.editions.iter().map(|b| b.label.as_deref()).collect();
    assert_eq!(
        labels,
        [Some("Enterprise Edition"), Some("ApsaraDB for OceanBase")]
    );
    assert!(e.editions[0]
        .body
        .text
        .starts_with("1. Restart an existing store."));
    assert!(e.editions[0].body.text.contains("2022-08-01 10:00:00."));
    assert_eq!(e.editions[1].body.text, "Submit a ticket.");
    assert_eq!(e.editions[1].body.span.line, 135);

    // Inline edition text: "Enterprise Edition: Click **Restore** ..."
    let e = entry(&catalog, "CM-RESOAT000012");
    assert!(e.editions[0]
        .body
        .text
        .starts_with("Click **Restore** on the page"));

    // A solution without editions has none.
    assert!(entry(&catalog, "CONNECTOR-SIOO00000060")
        .editions
        .is_empty());
}

#[test]
fn fenced_code_and_images_stay_in_the_solution() {
    let (_, catalog) = shipped();
    let solution = body(
        entry(&catalog, "CONNECTOR-SIKA-{type}-001101"),
        FieldKind::Solution,
    );
    assert!(solution.contains("```json\n   \"properties\": {\"request.timeout.ms\""));
    assert!(solution.contains("![image.png](https://intranetproxy.alipay.com/"));
    assert!(solution.ends_with("3. Click **Update** at the bottom of the page."));
}

#[test]
fn run_together_fields_are_split_and_flagged() {
    let (_, catalog) = shipped();
    let e = entry(&catalog, "CM-RESOIE000202");
    let fields: Vec<(FieldKind, bool, u32)> = e
        .fields
        .iter()
        .map(|f| (f.kind, f.run_together, f.span.line))
        .collect();
    assert_eq!(
        fields,
        [
            (FieldKind::Level, false, 139),
            (FieldKind::Message, true, 140),
            (FieldKind::Cause, true, 141),
            (FieldKind::Solution, true, 142),
        ]
    );
    assert_eq!(body(e, FieldKind::Level), "FATAL");
    assert_eq!(
        e.message.as_ref().unwrap().text,
        "No active stores under topic : subTopic.getName()"
    );
    assert_eq!(e.editions.len(), 2);
}

#[test]
fn repeated_fields_are_kept_not_dropped() {
    let (_, catalog) = shipped();
    let e = entry(&catalog, "GHANA-PCHKNP001011");
    let causes: Vec<&str> = e
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Cause)
        .map(|f| f.body.text.as_str())
        .collect();
    assert_eq!(causes.len(), 2);
    assert!(causes[1].ends_with("Select another data source object."));
}

#[test]
fn both_colon_placements_are_labels() {
    let (_, catalog) = shipped();
    // `**Cause**: ...` and `**Cause:** ...`
    assert_eq!(
        body(entry(&catalog, "GHANA-OPEROR000001"), FieldKind::Cause),
        "The Checker component failed."
    );
    assert_eq!(
        body(entry(&catalog, "CM-RESOAT000011"), FieldKind::Cause),
        "The OMS proxy service component Supervisor has not reported task execution results to the control component for a long time."
    );
}

#[test]
fn message_placeholders_of_the_real_catalog() {
    let (_, catalog) = shipped();
    let names = |id: &str| -> Vec<String> {
        entry(&catalog, id)
            .message
            .as_ref()
            .unwrap()
            .placeholders
            .iter()
            .map(|p| p.text.clone())
            .collect()
    };
    assert_eq!(names("GHANA-PCHKNP000010"), ["{checkType}"]);
    assert_eq!(names("CM-RESOIE000201"), ["%s", "%s"]);
    assert_eq!(names("CM-RESONF000003"), ["$taskType"]);
    assert_eq!(names("CONNECTOR-SIOO00014400"), ["${db}", "${table}"]);
    assert_eq!(names("SUPERVISOR-CMADIE020201"), ["{exception message}"]);
    // Escaped quotes are unescaped in the plain text.
    let e = entry(&catalog, "CONNECTOR-SIOR00012899");
    assert!(e
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("\"MOCK_DATABASE\""));
}

#[test]
fn multi_paragraph_fields_and_lists_stay_whole() {
    let (_, catalog) = shipped();
    let cause = body(
        entry(&catalog, "CONNECTOR-SIKA-{type}-001205"),
        FieldKind::Cause,
    );
    assert!(cause.starts_with("The Connector cannot connect to Kafka."));
    assert!(cause.contains("2. If Kafka has multiple replicas"));
}

#[test]
fn every_source_line_of_an_entry_lands_in_a_field() {
    // Nothing is silently dropped: the text between an entry's heading and
    // the next heading is covered by its fields' labels and bodies.
    let (sources, catalog) = shipped();
    let text = &sources[0].text;
    for e in catalog.entries() {
        for line in text[e.span.end..].lines().skip(1) {
            if line.starts_with('#') {
                break;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let covered = e.fields.iter().any(|f| {
                f.body
                    .text
                    .contains(line.trim_start_matches(['*', '>', ' ']))
                    || (!f.label.is_empty() && line.contains(&f.label))
            });
            assert!(covered, "{}: line `{line}` is in no field", e.id);
        }
    }
}

#[test]
fn translated_labels_read_the_same_way() {
    let config = CatalogConfig {
        level: vec!["错误级别".into()],
        message: vec!["错误信息".into()],
        cause: vec!["原因".into()],
        solution: vec!["解决方法".into()],
        editions: vec!["企业版".into()],
        section_suffix: "错误码".into(),
        ..CatalogConfig::default()
    };
    let catalog = parse_text(
        "# 错误码\n\n## 迁移 错误码\n\n### OMS-000001\n\n**错误级别**：ERROR\n\n**错误信息：** 连接 {host} 失败。\n\n**原因**: 主机宕机。\n\n**解决方法：**\n\n企业版：重启主机。\n",
        &config,
    );
    let e = entry(&catalog, "OMS-000001");
    assert_eq!(e.section, "迁移");
    assert_eq!(e.level.as_deref(), Some("ERROR"));
    assert_eq!(e.message.as_ref().unwrap().placeholders[0].name, "host");
    assert_eq!(body(e, FieldKind::Cause), "主机宕机。");
    assert_eq!(e.editions[0].label.as_deref(), Some("企业版"));
    assert_eq!(e.editions[0].body.text, "重启主机。");
    // Columns count characters, not bytes.
    assert_eq!(e.field(FieldKind::Cause).unwrap().span.column, 1);
}

#[test]
fn labels_come_from_site_toml() {
    let config = Config::parse(
        "[catalog]\ncause = [\"Reason\"]\nsolution = [\"Fix\", \"Workaround\"]\n",
        std::path::Path::new("site.toml"),
    )
    .expect("valid config");
    let catalog = parse_text(
        "## X error codes\n\n### X-1\n\n**Reason:** Bad.\n\n**Workaround:** Retry.\n",
        &config.catalog,
    );
    let e = entry(&catalog, "X-1");
    assert_eq!(body(e, FieldKind::Cause), "Bad.");
    assert_eq!(body(e, FieldKind::Solution), "Retry.");
}

#[test]
fn headings_inside_code_blocks_are_not_entries() {
    let catalog = parse_text(
        "## X error codes\n\n### X-1\n\n**Solution:**\n\n```md\n### X-2\n```\n\n### X-3\n\n**Cause:** c\n",
        &CatalogConfig::default(),
    );
    let ids: Vec<&str> = catalog.entries().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["X-1", "X-3"]);
}

#[test]
fn text_without_code_sections_has_no_entries() {
    let catalog = parse_text(
        "# Title\n\nJust prose.\n\n### Not a code\n",
        &CatalogConfig::default(),
    );
    assert_eq!(catalog.entries().count(), 0);
    assert_eq!(
        catalog.documents[0].preamble.text,
        "# Title\n\nJust prose.\n\n### Not a code"
    );
}

#[test]
fn text_under_other_headings_after_the_codes_is_kept() {
    let catalog = parse_text(
        "## X error codes\n\n### X-1\n\n**Cause:** c\n\n## Notes\n\nKeep me.\n\n### Sub\n\nMe too.\n",
        &CatalogConfig::default(),
    );
    let notes = &catalog.documents[0].other_headings[0];
    assert_eq!(notes.text, "Notes");
    assert_eq!(notes.body.text, "Keep me.\n\n### Sub\n\nMe too.");
    assert_eq!(catalog.entries().count(), 1);
}
