//! One matcher: `search`, `explain --log` and `explain` agree on real
//! kinds of log lines (issue 16), each failure on a small catalog of our
//! own in the shape of the product that prints such lines.

use crate::support::{stdout, Project};
use serde_json::Value;

/// `(first code of search, what --log names)` for each line.
fn both(
    project: &Project,
    catalog: &str,
    lines: &[&str],
    more: &[&str],
) -> Vec<(Option<String>, Option<String>)> {
    let log = project.write("app.log", lines.join("\n") + "\n");
    let mut args = vec![
        "explain",
        "--log",
        log.to_str().unwrap(),
        "--format",
        "json",
        catalog,
    ];
    args.extend_from_slice(more);
    let out = project.run(&args);
    let mut named: Vec<Option<String>> = vec![None; lines.len()];
    for record in stdout(&out).lines() {
        let record: Value = serde_json::from_str(record).expect("JSON lines");
        if let Some(line) = record["line"].as_u64() {
            named[line as usize - 1] = record["code"].as_str().map(str::to_string);
        }
    }
    lines
        .iter()
        .zip(named)
        .map(|(line, named)| {
            let mut args = vec![catalog];
            args.extend_from_slice(more);
            (project.first_hit(line, &args), named)
        })
        .collect()
}

/// Asserts that each line is named `expected` by --log and first in search.
fn assert_named(project: &Project, catalog: &str, cases: &[(&str, &str)], more: &[&str]) {
    let lines: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((line, expected), (first, named)) in cases.iter().zip(both(project, catalog, &lines, more))
    {
        assert_eq!(first.as_deref(), Some(*expected), "search: {line}");
        assert_eq!(named.as_deref(), Some(*expected), "--log: {line}");
    }
}

#[test]
fn a_line_with_part_of_a_message_is_named_by_search_and_log_alike() {
    let project = Project::new();
    project.write("c.md", PARTS);
    assert_named(&project, "c.md", PARTS_LINES, &[]);
}

pub(crate) const NUMERIC: &str = "# Errors\n\n| Error Code | SQLSTATE | Error | Description |\n| --- | --- | --- | --- |\n\
    | 1004 | HY000 | ER_CANT_CREATE_FILE | Can't create file '%-.200s' (errno: %M) |\n\
    | 1062 | 23000 | ER_DUP_ENTRY | Duplicate entry '%-.192s' for key %d |\n\
    | 1064 | 42000 | ER_PARSE_ERROR | %s near '%-.80s' at line %d |\n\
    | 1149 | 42000 | ER_SYNTAX_ERROR | You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use |\n\
    | 1234 | 42000 | ER_WRONG_USAGE | Incorrect usage of %s and %s |\n\
    | 1586 | 23000 | ER_DUP_ENTRY_WITH_KEY_NAME | Duplicate entry '%-.64s' for key '%-.192s' |\n";

#[test]
fn a_code_written_in_the_line_beats_a_message_alike() {
    let project = Project::new();
    project.write("m.md", NUMERIC);
    assert_named(&project, "m.md", NUMERIC_LINES, &[]);
    assert_eq!(
        project.first_hit("ER_DUP_ENTRY", &["m.md"]).as_deref(),
        Some("1062")
    );
    assert_eq!(
        project.first_hit("er_dup_entry", &["m.md"]).as_deref(),
        Some("1062")
    );
}

#[test]
fn a_bare_number_is_not_a_code_outside_a_code_context() {
    let project = Project::new();
    project.write("m.md", NUMERIC);
    let noise = [
        "INFO processed 1004 rows in 2010 ms, pid 3021",
        "DEBUG [main] session.go:1234 connected to 10.0.0.4:1062",
        "2026-12-01 10:00:01.234 INFO worker 1586 started, port 1064",
        "WARN retry 3 of 5 after 1149 ms",
    ];
    for (line, (first, named)) in noise.iter().zip(both(&project, "m.md", &noise, &[])) {
        assert_eq!(named, None, "--log named {line}");
        // Search may still list codes by words, never as an ID.
        let hits = project.json(&["search", "--format", "json", line, "m.md"]);
        for hit in hits.as_array().unwrap() {
            assert!(
                !["exact-id", "message"].contains(&hit["match"].as_str().unwrap()),
                "{line}: {hit}"
            );
        }
        let _ = first;
    }
    // Alone, the number is the code.
    assert_eq!(
        project.first_hit("1234", &["m.md"]).as_deref(),
        Some("1234")
    );
}

pub(crate) const SHARED: &str = "# Oracle mode\n\n\
    ## ORA-00600: arbitration service does not exist\n\n* Error code in OceanBase Database: 4747\n* Cause: No arbitration service.\n* Solution: Add one.\n\n\
    ## ORA-00060: internal error code, arguments: -4016, Internal error\n\n* Error code in OceanBase Database: 4016\n* Cause: An internal error occurred.\n* Solution: Contact support.\n\n\
    ## ORA-00600: internal error code, arguments: -4012, Timeout, query has reached the maximum query timeout: %ld(us), maybe you should increase the ob_query_timeout\n\n* Error code in OceanBase Database: 4012\n* Cause: Timeout.\n* Solution: Increase it.\n\n\
    ## ORA-00600: internal error code, arguments: -4013, No memory or reach tenant memory limit\n\n* Error code in OceanBase Database: 4013\n* Cause: Memory.\n* Solution: More memory.\n";

#[test]
fn entries_under_one_code_are_ranked_by_the_rest_of_the_line() {
    let project = Project::new();
    project.write("o.md", SHARED);
    project.write(
        "site.toml",
        "sources = [\"o.md\"]\n\n[catalog]\nkey = \"Error code in OceanBase Database\"\n",
    );
    assert_named(&project, "o.md", SHARED_LINES, &[]);
    // explain lists every entry under a shared code.
    let out = project.run(&["explain", "ORA-00600", "o.md"]);
    let text = stdout(&out);
    for key in ["4747", "4012", "4013"] {
        assert!(text.contains(key), "explain ORA-00600 lists {key}:\n{text}");
    }
}

#[test]
fn codes_without_separators_and_with_spaces_are_found() {
    let project = Project::new();
    project.write(
        "obd.md",
        "# OBD\n\n## OBD-1013: No such file or directory\n\nCause: c\n\nSolution: s\n\n\
         ## OBD-1014: Permission denied\n\nCause: c\n\nSolution: s\n",
    );
    assert_eq!(
        project.first_hit("obd1013", &["obd.md"]).as_deref(),
        Some("OBD-1013")
    );
    assert_eq!(
        project.first_hit("OBD_1014", &["obd.md"]).as_deref(),
        Some("OBD-1014")
    );
    project.write(
        "my.md",
        "# MySQL mode\n\n## ERROR 1022 (23000): Can't write; duplicate key in table '%s'\n\n* Error code in OceanBase Database: 5024\n* Cause: c\n* Solution: s\n\n\
         ## ERROR 1007 (HY000): Can't create database '%s'; database exists\n\n* Error code in OceanBase Database: 5158\n* Cause: c\n* Solution: s\n",
    );
    assert_eq!(
        project.first_hit("ERROR 1022", &["my.md"]).as_deref(),
        Some("ERROR 1022")
    );
    assert_eq!(
        project.first_hit("error1007", &["my.md"]).as_deref(),
        Some("ERROR 1007")
    );
    project.write(
        "k.toml",
        "[catalog]\nkey = \"Error code in OceanBase Database\"\n",
    );
    assert_eq!(
        project
            .first_hit("ERROR 1022", &["my.md", "--config", "k.toml"])
            .as_deref(),
        Some("5024")
    );
}

#[test]
fn a_message_quoted_in_the_text_names_log_lines() {
    let project = Project::new();
    project.write("tidb.md", TIDB);
    assert_named(&project, "tidb.md", TIDB_LINES, &[]);
}

#[test]
fn search_with_its_arguments_swapped_says_so() {
    let project = Project::new();
    project.write(
        "obd.md",
        "# OBD\n\n## OBD-1013: No such file or directory\n\nCause: c\n\nSolution: s\n",
    );
    let out = project.run(&["search", "obd.md", "OBD-1013"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("errbook search 'OBD-1013' obd.md"), "{err}");
}

/// Catalogs and lines shared with the browser suite, which checks that
/// the browser ranks each line as the CLI does.
pub(crate) const PARTS: &str = "# Codes\n\n## X error codes\n\n\
         ### X-SIOO00014400\n\n**Error level:** FATAL\n\n**Error message:** Lack of a partition on the destination side. (conn=2719331) ORA-14400: inserted partition key does not map to any partition,${db}.${table}\n\n**Cause:** c\n\n**Solution:** s\n\n\
         ### X-OBD01011\n\n**Error level:** ERROR\n\n**Error message:** (x.x.x.x) Insufficient AIO remaining (Avail: xxx, Need: xxx), The recommended value of fs.aio-max-nr is 1048576\n\n**Cause:** c\n\n**Solution:** s\n\n\
         ### X-AUTH06002\n\n**Error level:** ERROR\n\n**Error message:** The specified user (ID: {0}) is not authorized to perform this operation. Contact the administrator.\n\n**Cause:** c\n\n**Solution:** s\n\n\
         ### X-AUTH15253\n\n**Error level:** ERROR\n\n**Error message:** User {0} is not authorized to perform this operation.\n\n**Cause:** c\n\n**Solution:** s\n";

pub(crate) const PARTS_LINES: &[(&str, &str)] = &[
            ("2026-12-01 10:00:01 ERROR [sink-3] (conn=2719331) ORA-14400: inserted partition key does not map to any partition,db1.orders", "X-SIOO00014400"),
            ("[ERROR] (10.0.0.4) Insufficient AIO remaining (Avail: 3072, Need: 4096), The recommended value of fs.aio-max-nr is 1048576", "X-OBD01011"),
            ("(10.0.0.4) Insufficient AIO remaining (Avail: 3072, Need: 4096), ...", "X-OBD01011"),
            ("The specified user (ID: 200017) is not authorized to perform this operation.", "X-AUTH06002"),
            ("2026-12-01 WARN [http-nio-8080-exec-3] User alice is not authorized to perform this operation.", "X-AUTH15253"),
];

pub(crate) const NUMERIC_LINES: &[(&str, &str)] = &[
            ("ERROR 1062 (23000): Duplicate entry '42' for key 'PRIMARY'", "1062"),
            ("ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'FROM' at line 1", "1064"),
            ("Duplicate entry '42' for key 'PRIMARY'", "1586"),
            ("SQL Error [1062] [23000]: Duplicate entry '7' for key 'uk_name'", "1062"),
            ("mysqld: errno: 1004 while creating the table", "1004"),
];

/// Read with `key = "Error code in OceanBase Database"`.
pub(crate) const SHARED_LINES: &[(&str, &str)] = &[
            ("ORA-00600: internal error code, arguments: -4016, Internal error", "4016"),
            ("java.sql.SQLException: ORA-00600: internal error code, arguments: -4013, No memory or reach tenant memory limit", "4013"),
            ("ORA-00600: internal error code, arguments: -4012, Timeout, query has reached the maximum query timeout: 10000000(us), maybe you should increase the ob_query_timeout", "4012"),
            ("ORA-00600: internal error code, arguments: -4747", "4747"),
];

pub(crate) const TIDB: &str = "# 错误码\n\n* Error Number: 9005\n\n    完整的报错信息为 `ERROR 9005 (HY000) : Region is unavailable`。\n\n    访问的 Region 不可用。\n\n\
         * Error Number: 9006\n\n    完整的报错信息为 `ERROR 9006 (HY000) : GC life time is shorter than transaction duration`。\n\n    GC 时间过短。\n";

pub(crate) const TIDB_LINES: &[(&str, &str)] = &[
            ("[2026/12/01 10:00:01.123 +08:00] [WARN] [session.go:1234] [\"run statement failed\"] [conn=2097153] [error=\"[tikv:9005]Region is unavailable\"]", "9005"),
            ("[WARN] [2pc.go:812] [\"commit failed\"] [error=\"Region is unavailable\"]", "9005"),
            ("GC life time is shorter than transaction duration, transaction starts at 2026-12-01", "9006"),
];

#[test]
fn a_message_on_an_ordinary_line_is_not_named_but_a_code_is() {
    let project = Project::new();
    project.write("m.md", NUMERIC);
    let lines = [
        "2026-12-01 10:00:01 3 [Note] Duplicate entry '42' for key 'PRIMARY'",
        "2026-12-01 10:00:01 INFO [main] Duplicate entry '42' for key 'PRIMARY'",
        "2026-12-01 10:00:01 INFO [main] ERROR 1062 (23000): Duplicate entry '42' for key 'PRIMARY'",
        "2026-12-01 10:00:01 3 [Warning] Duplicate entry '42' for key 'PRIMARY'",
    ];
    let named: Vec<Option<String>> = both(&project, "m.md", &lines, &[])
        .into_iter()
        .map(|(_, named)| named)
        .collect();
    assert_eq!(
        named,
        [None, None, Some("1062".into()), Some("1586".into())]
    );
}

#[test]
fn a_doubled_colon_after_a_label_is_not_part_of_the_key() {
    let project = Project::new();
    project.write(
        "my.md",
        "# MySQL mode\n\n## ERROR 38105 (HY000): specified row no longer exists\n\n\
         * Error code in OceanBase Database:: 38105\n* Cause: c\n* Solution: s\n",
    );
    project.write(
        "k.toml",
        "[catalog]\nkey = \"Error code in OceanBase Database\"\n",
    );
    assert_eq!(
        project
            .first_hit("38105", &["my.md", "--config", "k.toml"])
            .as_deref(),
        Some("38105")
    );
}

/// A key field that lists two codes (`5543 and 5546`, as the OceanBase
/// reference writes one entry for two numbers) names the entry by the
/// first and is known by the second: both find it, and a line with the
/// heading's code puts it first.
#[test]
fn a_key_field_listing_two_codes_finds_the_entry_by_either() {
    let project = Project::new();
    project.write(
        "site.toml",
        "[catalog]\nkey = \"Error code in OceanBase Database\"\n",
    );
    project.write(
        "c.md",
        "# Oracle mode\n\n\
         PLS-00201: identifier '%.\\*s' must be declared\n---\n\n\
         * Error code in OceanBase Database: 5543 and 5546\n\n* SQLSTATE: 42000\n\n\
         * Cause: An undeclared variable was referenced.\n\n* Solution: Declare it.\n\n\
         PLS-00302: component '%.\\*s' must be declared\n---\n\n\
         * Error code in OceanBase Database: 5570\n\n* Cause: A component was referenced.\n\n\
         * Solution: Check the name.\n",
    );
    let first = |query: &str| project.first_hit(query, &["c.md"]);
    assert_eq!(first("5543").as_deref(), Some("5543"));
    assert_eq!(first("5546").as_deref(), Some("5543"));
    assert_eq!(first("PLS-00201").as_deref(), Some("5543"));
    assert_eq!(
        first("PLS-00201: identifier 'PKG_UTIL.F_NOW' must be declared").as_deref(),
        Some("5543")
    );
    // A key of several words is not a list.
    project.write(
        "d.md",
        "# Oracle mode\n\nPLS-00999: x failed\n---\n\n\
         * Error code in OceanBase Database: see 5543 and 5546\n\n* Cause: c\n",
    );
    assert_eq!(
        project.first_hit("PLS-00999", &["d.md"]).as_deref(),
        Some("see 5543 and 5546")
    );
}

/// Words typed from a message: the code with all of them comes first,
/// not one whose short message the words happen to hold whole
/// (`Timeout` in `lock wait timeout`, `transaction rolled back`), and of
/// two messages with the words, the one with them closest together.
#[test]
fn words_from_a_message_find_it_before_a_shorter_message_they_contain() {
    let project = Project::new();
    project.write(
        "c.md",
        "# Codes\n\n## Server error codes\n\n\
         ### E-4664\n\n**Error message:** Timeout\n\n**Cause:** A request took too long.\n\n\
         ### E-6003\n\n**Error message:** Lock wait timeout exceeded; try restarting transaction\n\n**Cause:** A row lock was held.\n\n\
         ### E-6002\n\n**Error message:** transaction rolled back\n\n**Cause:** The transaction was rolled back.\n\n\
         ### E-6214\n\n**Error message:** transaction rolled back: partition is frozen\n\n**Cause:** The partition is frozen.\n\n\
         ### E-7001\n\n**Error message:** The disk is full.\n\n**Cause:** No space.\n\n\
         ### E-7002\n\n**Error message:** Disk full (%s); waiting for someone to free some space\n\n**Cause:** No space.\n",
    );
    let first = |query: &str| project.first_hit(query, &["c.md"]);
    assert_eq!(first("lock wait timeout").as_deref(), Some("E-6003"));
    assert_eq!(
        first("transaction rolled back partition frozen").as_deref(),
        Some("E-6214")
    );
    // Out of order: no fragment, but the code with every word wins.
    assert_eq!(
        first("frozen partition rolled back").as_deref(),
        Some("E-6214")
    );
    assert_eq!(first("disk full").as_deref(), Some("E-7002"));
    // The whole message still finds its own code.
    assert_eq!(first("transaction rolled back").as_deref(), Some("E-6002"));
    assert_eq!(first("Timeout").as_deref(), Some("E-4664"));
}

/// `explain --log` reads a code in every form the search does: without
/// leading zeros (`ORA-1476` for ORA-01476) and with its letters and
/// number apart (`OBD 4300`).
#[test]
fn log_names_a_code_in_every_form_search_reads() {
    let project = Project::new();
    project.write(
        "c.md",
        "# Codes\n\n## Server error codes\n\n\
         ### ORA-01476\n\n**Error message:** divisor is equal to zero\n\n**Cause:** c\n\n\
         ### OBD-4300\n\n**Error message:** Nothing to do\n\n**Cause:** c\n",
    );
    assert_named(
        &project,
        "c.md",
        &[
            ("2024-05-01 10:00:00 [ERROR] ORA-1476 raised", "ORA-01476"),
            ("[ERROR] deploy failed: OBD 4300", "OBD-4300"),
            ("[ERROR] deploy failed: obd4300", "OBD-4300"),
        ],
        &[],
    );
}
