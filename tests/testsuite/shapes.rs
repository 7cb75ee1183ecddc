//! Catalogs in the shapes other teams write, each a small fixture made
//! here: read into the model with the right counts and fields (`export`),
//! built, searchable; `check` says which shape it used; and the rules that
//! only these shapes need.

use crate::support::{of_rule, Project};
use errbook::rules::Rule;
use serde_json::Value;

fn ids(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect()
}

fn field<'a>(entry: &'a Value, kind: &str) -> Option<&'a str> {
    entry["fields"]
        .as_array()?
        .iter()
        .find(|f| f["kind"] == kind)
        .and_then(|f| f["body"]["text"].as_str())
}

const DEPLOYER: &str = "\
# Deployer error codes

## General errors

### DPL-1000: Configuration conflict {host}: {port} port is used

Cause: Two components use one port.

Solution: Change one port with `dpl edit-config`.

### DPL-1001: {host}:{port} port is already in use

Cause: Another process holds the port.

Solution: Stop that process.

## Network errors

### DPL-1100: Cannot reach {host}

Cause: The host is down.

Solution: Start the host.
";

#[test]
fn heading_message_catalogs_give_the_heading_message_and_plain_labels() {
    let project = Project::new();
    project.write("deployer.md", DEPLOYER);
    let document = project.document(&["deployer.md"], 0);
    assert_eq!(document["shape"], "heading-message");
    let entries = project.entries(&["deployer.md"]);
    assert_eq!(ids(&entries), ["DPL-1000", "DPL-1001", "DPL-1100"]);
    assert_eq!(entries[2]["section"], "Network errors");
    assert_eq!(
        entries[0]["message"]["text"],
        "Configuration conflict {host}: {port} port is used"
    );
    assert_eq!(
        field(&entries[0], "cause"),
        Some("Two components use one port.")
    );
    assert_eq!(
        field(&entries[0], "solution"),
        Some("Change one port with `dpl edit-config`.")
    );
    let check = project.run(&["check", "deployer.md"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    assert!(String::from_utf8_lossy(&check.stderr)
        .contains("read 1 file as heading-message (detected)"));
    // A log line with values in the placeholders finds the code.
    assert_eq!(
        project
            .first_hit(
                "2026-11-27 ERROR Configuration conflict 10.0.0.1: 2881 port is used",
                &["deployer.md"]
            )
            .as_deref(),
        Some("DPL-1000")
    );
    let site = project.build(&["deployer.md"]);
    let page = std::fs::read_to_string(site.join("codes/dpl-1000.html")).expect("page");
    assert!(page.contains("Two components use one port."));
}

const SETEXT_SQL: &str = "\
Server error codes
==================

ERROR 1007 (HY000): Can't create database '%-.192s'; database exists
--------------------------------------------------------------------

- Cause: The database exists.
- Solution: Drop it, or choose another name.

ERROR 1008 (HY000): Can't drop database '%.*s'; database doesn't exist
----------------------------------------------------------------------

- Cause: There is no such database.
- Solution: Check the name with `SHOW DATABASES`.
";

#[test]
fn setext_headings_with_sqlstate_and_bullet_fields() {
    let project = Project::new();
    project.write("server.md", SETEXT_SQL);
    let entries = project.entries(&["server.md"]);
    assert_eq!(ids(&entries), ["ERROR 1007", "ERROR 1008"]);
    assert_eq!(field(&entries[0], "sqlstate"), Some("HY000"));
    assert_eq!(
        field(&entries[1], "cause"),
        Some("There is no such database.")
    );
    assert_eq!(
        field(&entries[1], "solution"),
        Some("Check the name with `SHOW DATABASES`.")
    );
    assert_eq!(entries[0]["heading_level"], 2);
    assert!(project.findings(&["server.md"]).is_empty());
    // `%-.192s` and `%.*s` are wildcards for log lines.
    for (line, code) in [
        (
            "ERROR 1007 (HY000): Can't create database 'shop'; database exists",
            "ERROR 1007",
        ),
        (
            "Can't drop database 'old_shop'; database doesn't exist",
            "ERROR 1008",
        ),
    ] {
        assert_eq!(
            project.first_hit(line, &["server.md"]).as_deref(),
            Some(code),
            "{line}"
        );
    }
    project.write(
        "server.log",
        "12:00:01 x\n12:00:02 Can't drop database 'old_shop'; database doesn't exist\n",
    );
    let log = project.run(&["explain", "--log", "server.log", "server.md"]);
    assert!(
        String::from_utf8_lossy(&log.stdout).contains("2: ERROR 1008"),
        "{}",
        String::from_utf8_lossy(&log.stdout)
    );
}

const REPEATED_HEADINGS: &str = "\
# Oracle mode error codes

## ORA-00600: internal error code, arguments: -4016, Internal error

* OceanBase error code: 4016
* SQLSTATE: HY000
* Cause: An internal error.
* Solution: Contact support.

## ORA-00600: internal error code, arguments: -4012, Timeout

* OceanBase error code: 4012
* SQLSTATE: HY000
* Cause: The statement ran out of time.
* Solution: Raise the timeout.

## ORA-00001: unique constraint violated

* OceanBase error code: 5024
* SQLSTATE: 23000
* Cause: A duplicate key.
* Solution: Use another key.
";

#[test]
fn a_key_field_tells_entries_under_one_generic_heading_apart() {
    let project = Project::new();
    project.write("ora.md", REPEATED_HEADINGS);
    // Without a key, the repeated heading is one finding that names the
    // field to set as the key; the messages differ by design.
    let findings = project.findings(&["ora.md"]);
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    assert_eq!(duplicates.len(), 1);
    assert!(duplicates[0]["help"]
        .as_str()
        .unwrap()
        .contains("key = \"OceanBase error code\""));
    assert!(of_rule(&findings, Rule::ConflictingMessage).is_empty());
    project.write(
        "site.toml",
        "sources = [\"ora.md\"]\n\n[catalog]\nkey = \"OceanBase error code\"\n",
    );
    assert!(
        project.findings(&[]).is_empty(),
        "{:?}",
        project.findings(&[])
    );
    let entries = project.entries(&[]);
    assert_eq!(ids(&entries), ["4016", "4012", "5024"]);
    assert_eq!(entries[0]["aliases"][0], "ORA-00600");
    assert_eq!(field(&entries[0], "key"), Some("4016"));
    assert_eq!(field(&entries[2], "sqlstate"), Some("23000"));
    // Unique, stable pages; the generic code finds both entries.
    let site = project.build(&[]);
    for page in ["codes/4016.html", "codes/4012.html", "codes/5024.html"] {
        assert!(site.join(page).is_file(), "{page}");
    }
    let page = std::fs::read_to_string(site.join("codes/4016.html")).expect("page");
    assert!(page.contains("Also known as <code>ORA-00600</code>"));
    let hits = project.json(&["search", "--format", "json", "ORA-00600"]);
    let text = hits.to_string();
    assert!(
        text.contains("\"4016\"") && text.contains("\"4012\""),
        "{text}"
    );
    assert_eq!(project.first_hit("4012", &[]).as_deref(), Some("4012"));
}

const TABLE: &str = "\
# Server error reference

| Error Code | SQLSTATE | Error | Description |
| --- | --- | --- | --- |
| 1005 | HY000 | ER\\_CANT\\_CREATE\\_TABLE | Can't create table `%s` (code: %d) |
| 1006 | HY000 | ER_CANT_CREATE_DB | Can't create database '%s' \\| code %d |
| 1044 | 42000 | [ER_DBACCESS_DENIED_ERROR](#access) | Access denied for user '%s'@'%s' to database '%s' |
";

#[test]
fn table_catalogs_give_a_row_per_code() {
    let project = Project::new();
    project.write("table.md", TABLE);
    assert_eq!(project.document(&["table.md"], 0)["shape"], "table");
    let entries = project.entries(&["table.md"]);
    assert_eq!(ids(&entries), ["1005", "1006", "1044"]);
    assert_eq!(entries[0]["aliases"][0], "ER_CANT_CREATE_TABLE");
    assert_eq!(entries[2]["aliases"][0], "ER_DBACCESS_DENIED_ERROR");
    assert_eq!(field(&entries[2], "sqlstate"), Some("42000"));
    // The escaped pipe is part of the message, not a cell border.
    assert_eq!(
        entries[1]["message"]["text"],
        "Can't create database '%s' | code %d"
    );
    assert!(project.findings(&["table.md"]).is_empty());
    assert_eq!(
        project
            .first_hit("er_cant_create_db", &["table.md"])
            .as_deref(),
        Some("1006")
    );
    assert_eq!(
        project
            .first_hit(
                "Access denied for user 'bob'@'%' to database 'shop'",
                &["table.md"]
            )
            .as_deref(),
        Some("1044")
    );
    let site = project.build(&["table.md"]);
    let page = std::fs::read_to_string(site.join("codes/1006.html")).expect("page");
    // A catalog without levels shows no level badges, column or filter.
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    for html in [&page, &home] {
        assert!(!html.contains("no level") && !html.contains("level-filter"));
    }
    assert!(page.contains("</var>&#39; | code <var"), "{page}");
}

#[test]
fn a_row_with_an_unescaped_pipe_keeps_its_text_and_check_names_the_row() {
    let project = Project::new();
    project.write(
        "table.md",
        "# Gateway codes\n\n| Code | Message |\n| --- | --- |\n| GW-10 | The route is missing. |\n| GW-11 | Bad mode. Valid values: relay | tunnel. |\n",
    );
    let entries = project.entries(&["table.md"]);
    assert_eq!(
        entries[1]["message"]["text"],
        "Bad mode. Valid values: relay | tunnel."
    );
    let (code, findings) = project.check_json(&["table.md"]);
    assert_eq!(code, 0, "a warning: {findings:?}");
    let found = of_rule(&findings, Rule::TableRowCells);
    assert_eq!(found.len(), 1, "{findings:?}");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&6.into(), &41.into())
    );
    assert!(found[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("3 cells") && m.contains("`Message` cell")));
    assert!(found[0]["help"]
        .as_str()
        .is_some_and(|h| h.contains("escape it as `\\|`")));
    assert_eq!(
        project.first_hit("tunnel", &["table.md"]).as_deref(),
        Some("GW-11")
    );
    let site = project.build(&["table.md"]);
    let page = std::fs::read_to_string(site.join("codes/gw-11.html")).expect("page");
    assert!(page.contains("Valid values: relay | tunnel."), "{page}");
}

#[test]
fn codes_without_a_message_show_their_first_sentence_wherever_a_line_sums_them_up() {
    let project = Project::new();
    project.write(
        "list.md",
        "# Engine codes\n\n## Codes\n\n* Error Number: 9001\n\n    The spill file is full. Raise the quota.\n\n* Error Number: 9002\n\n    ```sql\n    SELECT 1;\n    ```\n\n    A lock wait timed out. Retry.\n",
    );
    let entries = project.entries(&["list.md"]);
    assert_eq!(ids(&entries), ["9001", "9002"]);
    assert!(entries[0]["message"].is_null());
    let site = project.build(&["list.md"]);
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    assert!(home.contains("<td>The spill file is full.</td>"), "{home}");
    assert!(home.contains("<td>A lock wait timed out.</td>"), "{home}");
    let shard = std::fs::read_to_string(site.join("search/d/0.js")).expect("codes shard");
    assert!(
        shard.contains(r#"["9001",0,"The spill file is full.","9001"]"#),
        "{shard}"
    );
    let hits = project.json(&["search", "--format", "json", "9002", "list.md"]);
    assert_eq!(hits[0]["summary"], "A lock wait timed out.");
    assert_eq!(hits[0]["message"], "");
    let lines = crate::support::stdout(&project.run(&["search", "spill", "list.md"]));
    assert!(
        lines.contains("9001") && lines.contains("The spill file is full."),
        "{lines}"
    );
}

const LIST: &str = "\
---
title: Service error codes
summary: What the service reports.
---

# Error codes and troubleshooting

## Error codes

* Error Number: 8001

    The memory used by the request exceeds the limit.

    {{< copyable \"sql\" >}}

    ```sql
    SET mem_quota = 2;
    ```

* Error Number: 8002

    A transaction with `SELECT FOR UPDATE` met a write conflict.

## Troubleshooting

See the FAQ.
";

#[test]
fn list_catalogs_with_front_matter_and_template_tags() {
    let project = Project::new();
    project.write("list.md", LIST);
    let document = project.document(&["list.md"], 0);
    assert_eq!(document["shape"], "list");
    assert_eq!(document["metadata"]["summary"], "What the service reports.");
    let entries = project.entries(&["list.md"]);
    assert_eq!(ids(&entries), ["8001", "8002"]);
    let body = field(&entries[0], "unlabelled").expect("body");
    // Dedented, so the fence is a fence, and the tag is gone.
    assert!(
        body.contains("\n```sql\nSET mem_quota = 2;\n```"),
        "{body:?}"
    );
    assert!(!body.contains("copyable"), "{body:?}");
    let findings = project.findings(&["list.md"]);
    let tags = of_rule(&findings, Rule::TemplateTag);
    assert_eq!(tags.len(), 1, "{findings:?}");
    assert_eq!(tags[0]["severity"], "note");
    assert_eq!(tags[0]["line"], 14);
    let check = project.run(&["check", "list.md"]);
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stderr)
        .contains("errbook: 0 errors, 0 warnings, 1 note in 2 codes from 1 file"));
    assert_eq!(
        project.first_hit("write conflict", &["list.md"]).as_deref(),
        Some("8002")
    );
    let site = project.build(&["list.md"]);
    let page = std::fs::read_to_string(site.join("codes/8001.html")).expect("page");
    assert!(page.contains("<pre"), "the fence renders as code");
    assert!(!page.contains("copyable"));
    // Kept as written when configured.
    project.write(
        "site.toml",
        "sources = [\"list.md\"]\n[catalog]\ntemplate-tags = \"keep\"\n",
    );
    let entries = project.entries(&[]);
    assert!(field(&entries[0], "unlabelled")
        .expect("body")
        .contains("{{< copyable \"sql\" >}}"));
}

#[test]
fn one_file_per_code_like_rustc() {
    let project = Project::new();
    project.write(
        "codes/E0001.md",
        "A pattern can never match.\n\nErroneous code example:\n\n```compile_fail,E0001\nmatch x { _ => {}, 1 => {} }\n```\n",
    );
    project.write(
        "codes/E0002.md",
        "An empty match on a non-empty type.\n\nFix it by adding arms.\n",
    );
    let export = project.json(&["export", "--format", "json", "codes"]);
    assert_eq!(export["documents"][1]["shape"], "file-per-code");
    let entries = project.entries(&["codes"]);
    assert_eq!(ids(&entries), ["E0001", "E0002"]);
    assert_eq!(entries[0]["section"], "codes");
    assert!(project.findings(&["codes"]).is_empty());
    assert_eq!(
        project.first_hit("e0002", &["codes"]).as_deref(),
        Some("E0002")
    );
    assert_eq!(
        project
            .first_hit("pattern never match", &["codes"])
            .as_deref(),
        Some("E0001")
    );
    let site = project.build(&["codes"]);
    assert!(site.join("codes/e0001.html").is_file());
}

#[test]
fn chinese_labels_with_full_width_colons() {
    let project = Project::new();
    project.write(
        "zh.md",
        "# 错误码\n\n## CM error codes\n\n### CM-X000001\n\n**错误级别：** ERROR\n\n**错误信息：** 内存不足。\n\n**错误 原因**：堆内存太小。\n\n解决方法：增加内存。\n",
    );
    let entries = project.entries(&["zh.md"]);
    assert_eq!(field(&entries[0], "level"), Some("ERROR"));
    assert_eq!(field(&entries[0], "cause"), Some("堆内存太小。"));
    assert_eq!(field(&entries[0], "solution"), Some("增加内存。"));
    assert!(of_rule(&project.findings(&["zh.md"]), Rule::MissingField).is_empty());
}

#[test]
fn several_catalogs_keep_their_codes_apart() {
    let project = Project::new();
    let catalog = |code: &str, message: &str| {
        format!("### {code}: {message}\n\nCause: A cause.\n\nSolution: A fix.\n\n")
    };
    project.write(
        "a.md",
        catalog("E-1000", "Disk full") + &catalog("E-1001", "Disk gone"),
    );
    project.write(
        "b.md",
        catalog("E-1000", "Queue full") + &catalog("E-1000", "Queue gone"),
    );
    project.write(
        "site.toml",
        "title = \"Errors\"\n\n[[catalogs]]\nname = \"Storage\"\nsources = [\"a.md\"]\n\n[[catalogs]]\nname = \"Queue\"\nsources = [\"b.md\"]\nshape = \"heading-message\"\n",
    );
    let findings = project.findings(&[]);
    // E-1000 in both catalogs is fine; twice in Queue is not.
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    assert_eq!(duplicates.len(), 1, "{findings:?}");
    assert!(duplicates[0]["file"].as_str().unwrap().ends_with("b.md"));
    let entries = project.entries(&[]);
    assert_eq!(entries[0]["catalog"], "Storage");
    assert_eq!(entries[0]["section"], "Storage");
    assert_eq!(entries[2]["section"], "Queue");
    let check = project.run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(
            "1 file as heading-message (set in site.toml), 1 file as heading-message (detected)"
        ),
        "{stderr}"
    );
    let site = project.build(&[]);
    assert!(site.join("codes/storage-e-1000.html").is_file());
    assert!(site.join("codes/queue-e-1000.html").is_file());
}

#[test]
fn a_shape_set_in_site_toml_is_used() {
    let project = Project::new();
    project.write("deployer.md", DEPLOYER);
    project.write(
        "site.toml",
        "sources = [\"deployer.md\"]\n[catalog]\nshape = \"table\"\n",
    );
    assert_eq!(project.document(&[], 0)["shape"], "table");
    assert!(project.entries(&[]).is_empty());
    project.write(
        "site.toml",
        "sources = [\"deployer.md\"]\n[catalog]\nshape = \"tables\"\n",
    );
    let bad = project.run(&["check"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("site.toml:3:"));
}

// The rules these shapes need, one test each.

fn check_one(text: &str, rule: Rule) -> Vec<Value> {
    let project = Project::new();
    project.write("c.md", text);
    let findings = project.findings(&["c.md"]);
    of_rule(&findings, rule).into_iter().cloned().collect()
}

const FIELDS: &str = "Cause: A cause.\n\nSolution: A fix.\n\n";

#[test]
fn heading_level_finds_a_code_that_slipped_a_level() {
    let text = format!(
        "# T\n\n## Disk errors\n\n### D-1: One\n\n{FIELDS}### D-2: Two\n\n{FIELDS}## D-3: Three\n\n{FIELDS}### D-4: Four\n\n{FIELDS}"
    );
    let found = check_one(&text, Rule::HeadingLevel);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "D-3");
    assert_eq!(found[0]["line"], 17);
    assert_eq!(found[0]["help"], "write it as `### D-3`");
}

#[test]
fn conflicting_message_for_one_code() {
    let text = format!("## D-1: Disk full\n\n{FIELDS}## D-2: Disk gone\n\n{FIELDS}## D-1: Disk is full\n\n{FIELDS}");
    let found = check_one(&text, Rule::ConflictingMessage);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 13);
    let same = format!("## D-1: Disk full\n\n{FIELDS}## D-1: Disk  full\n\n{FIELDS}");
    assert!(check_one(&same, Rule::ConflictingMessage).is_empty());
}

#[test]
fn malformed_sqlstate_in_a_heading_and_a_field() {
    let text = format!(
        "## ERROR 1 (HY00): One\n\n{FIELDS}## ERROR 2 (HY000): Two\n\n{FIELDS}## ERROR 3: Three\n\n- SQLSTATE: hy000\n- Cause: C.\n- Solution: S.\n"
    );
    let found = check_one(&text, Rule::MalformedSqlstate);
    let codes: Vec<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ERROR 1", "ERROR 3"], "{found:?}");
    assert_eq!(found[0]["column"], 13);
}

#[test]
fn code_spacing_inside_parentheses() {
    let text = format!("## ERROR 1 ( HY000): One\n\n{FIELDS}## ERROR 2 (HY000 ): Two\n\n{FIELDS}## ERROR 3 (HY000): Three\n\n{FIELDS}");
    let found = check_one(&text, Rule::CodeSpacing);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0]["help"], "write `(HY000)`, as the server prints it");
    assert_eq!(found[1]["line"], 7);
}

#[test]
fn numeric_order_in_an_ascending_section() {
    let mut text = String::new();
    for n in [1, 2, 3, 7, 5, 8, 9, 10] {
        text.push_str(&format!("## D-{n}: Error {n}\n\n{FIELDS}"));
    }
    let found = check_one(&text, Rule::NumericOrder);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "D-5");
    // A section in no particular order is left alone.
    let mut unordered = String::new();
    for n in [5, 1, 9, 2, 8, 3] {
        unordered.push_str(&format!("## D-{n}: Error {n}\n\n{FIELDS}"));
    }
    assert!(check_one(&unordered, Rule::NumericOrder).is_empty());
}

#[test]
fn label_varies_within_one_catalog() {
    let mut text = String::new();
    for n in 1..=3 {
        text.push_str(&format!("## D-{n}: E\n\nCause: C.\n\nSolution: S.\n\n"));
    }
    text.push_str("## D-4: E\n\nError cause: C.\n\nSolution: S.\n");
    let found = check_one(&text, Rule::LabelVaries);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 21);
    assert_eq!(
        found[0]["message"],
        "the cause label is `Error cause` here; 3 others use `Cause`"
    );
}

#[test]
fn broken_placeholder_in_a_heading_message() {
    let text = format!("## D-1: Cannot open %!s(MISSING)\n\n{FIELDS}");
    let found = check_one(&text, Rule::BrokenPlaceholder);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["column"], 21);
}

#[test]
fn unreadable_front_matter_is_reported() {
    let text = format!("---\ntitle: [unclosed\n---\n\n## D-1: One\n\n{FIELDS}");
    let found = check_one(&text, Rule::FrontMatter);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 1);
}

#[test]
fn a_key_value_table_before_the_first_heading_is_metadata() {
    let project = Project::new();
    project.write(
        "m.md",
        format!("|description||\n|---|---|\n|slug|9500-9999|\n|tenant-type|MySQL Mode|\n\n# 9500 ~ 9999\n\n## ERROR 9502 (HY000): Bad mode\n\n{FIELDS}"),
    );
    let document = project.document(&["m.md"], 0);
    assert_eq!(document["metadata"]["slug"], "9500-9999");
    assert_eq!(document["metadata"]["tenant-type"], "MySQL Mode");
    assert_eq!(document["title"], "9500 ~ 9999");
    assert_eq!(ids(&project.entries(&["m.md"])), ["ERROR 9502"]);
}

#[test]
fn numeric_order_follows_the_headings_of_a_keyed_catalog() {
    let project = Project::new();
    let mut text = String::new();
    for (n, key) in [
        (1, 9001),
        (2, 4012),
        (3, 7000),
        (4, 5024),
        (5, 6001),
        (6, 4444),
    ] {
        text.push_str(&format!(
            "## ORA-0000{n}: Error {n}\n\n* OceanBase error code: {key}\n* Cause: C.\n* Solution: S.\n\n"
        ));
    }
    project.write("ora.md", &text);
    project.write(
        "site.toml",
        "sources = [\"ora.md\"]\n[catalog]\nkey = \"OceanBase error code\"\n",
    );
    assert!(of_rule(&project.findings(&[]), Rule::NumericOrder).is_empty());
    // Out of order by heading: named by the heading's code.
    project.write("ora.md", text.replace("ORA-00003", "ORA-00009"));
    let findings = project.findings(&[]);
    let found = of_rule(&findings, Rule::NumericOrder);
    assert_eq!(found.len(), 1, "{findings:?}");
    assert_eq!(
        found[0]["message"],
        "`ORA-00004` comes after `ORA-00009`; the other codes of ora ascend"
    );
}

#[test]
fn explain_tells_catalogs_apart_from_second_definitions() {
    let project = Project::new();
    let entry = |message: &str| format!("## E-1: {message}\n\nCause: C.\n\nSolution: S.\n\n");
    project.write("a.md", entry("Disk full"));
    project.write("b.md", entry("Queue full") + &entry("Queue gone"));
    project.write(
        "site.toml",
        "[[catalogs]]\nname = \"Storage\"\nsources = [\"a.md\"]\n\n[[catalogs]]\nname = \"Queue\"\nsources = [\"b.md\"]\n",
    );
    let out = project.run(&["explain", "E-1", "--no-pager"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Storage · a.md:1\n"), "{text}");
    assert!(
        text.contains("Queue · b.md:1 · definition 1 of 2"),
        "{text}"
    );
    assert!(
        text.contains("Queue · b.md:7 · definition 2 of 2"),
        "{text}"
    );
}
