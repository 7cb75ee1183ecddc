//! The `errcodes` shape, PostgreSQL's errcodes.txt line format, on a
//! small file of its own: detected by content whatever the file's name,
//! every code line an entry (`check`, `build`, `search`, `explain`), a
//! SQLSTATE written twice one entry, comments on the site, and the lines
//! that are not code lines reported by `malformed-line`.

use crate::support::{assert_ok, of_rule, stderr, stdout, Project};
use errbook::rules::Rule;
use serde_json::Value;

/// A frobnicator's codes in errcodes.txt's format: a leading comment,
/// four classes, a code without spec name, a SQLSTATE under two macros
/// (once within its class, once in another class).
const FROBNICATOR: &str = "\
#
# errcodes.txt
#      Frobnicator error codes
#
# One code per line: sqlstate, E/W/S, macro and an optional spec name.
# Lines starting with a hash are comments.

Section: Class 00 - Successful Completion

00000    S    ERRCODE_SUCCESSFUL_COMPLETION                 successful_completion

Section: Class 01 - Warning

# unlike the spec, all warnings are lumped here
01000    W    ERRCODE_WARNING                               warning
0100C    W    ERRCODE_WARNING_SPOOLS_TANGLED                spools_tangled
01P01    W    ERRCODE_WARNING_GEARS_WORN

Section: Class 2F - Frobnication Exception

2F000    E    ERRCODE_FROBNICATION_EXCEPTION                frobnication_exception
# the gear codes are borrowed from the widget spec
2F001    E    ERRCODE_GEAR_SLIPPED                          gear_slipped
2F002    E    ERRCODE_GEAR_JAMMED
2F002    E    ERRCODE_GEAR_STUCK                            gear_stuck
2F00Q    E    ERRCODE_DIVISION_OF_SPOOLS                    division_of_spools

Section: Class F0 - Lookup Error
F0001    E    ERRCODE_UNKNOWN_SPOOL                         unknown_spool
# kept in this class by tradition
2F001    E    ERRCODE_GEAR_GONE
";

const CODES: [&str; 9] = [
    "00000", "01000", "0100C", "01P01", "2F000", "2F001", "2F002", "2F00Q", "F0001",
];

fn project() -> Project {
    let project = Project::new();
    project.write("errcodes.txt", FROBNICATOR);
    project.write(
        "site.toml",
        "title = \"Frobnicator\"\nsources = [\"errcodes.txt\"]\n[spelling]\nwords = [\"Frobnicator\", \"Frobnication\", \"sqlstate\"]\n",
    );
    project
}

fn entry<'a>(entries: &'a [Value], id: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

#[test]
fn check_reads_an_errcodes_file_given_by_path() {
    let project = project();
    let out = project.run(&["check", "errcodes.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("read 1 file as errcodes (detected)"), "{err}");
    assert!(err.contains(" in 9 codes from 1 file"), "{err}");
    // Under any name: the shape is told by the lines, not the file name.
    project.write("codes.md", FROBNICATOR);
    let (code, findings) = project.check_json(&["codes.md"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

#[test]
fn every_code_line_is_an_entry_with_level_names_and_message() {
    let project = project();
    let document = project.document(&[], 0);
    assert_eq!(document["shape"], "errcodes");
    let entries = project.entries(&[]);
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, CODES);
    let sections: Vec<&str> = document["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "Class 00 - Successful Completion",
            "Class 01 - Warning",
            "Class 2F - Frobnication Exception",
            "Class F0 - Lookup Error"
        ]
    );
    let levels = ["SUCCESS", "WARNING", "ERROR"];
    for (id, level) in [("00000", 0), ("0100C", 1), ("2F00Q", 2)] {
        assert_eq!(entry(&entries, id)["level"], levels[level], "{id}");
    }
    let spools = entry(&entries, "0100C");
    assert_eq!(spools["message"]["text"], "spools tangled");
    assert_eq!(
        spools["aliases"],
        serde_json::json!(["ERRCODE_WARNING_SPOOLS_TANGLED", "spools_tangled"])
    );
    // No spec name: the message is the macro's words.
    assert_eq!(
        entry(&entries, "01P01")["message"]["text"],
        "warning gears worn"
    );
}

#[test]
fn a_sqlstate_on_two_lines_is_one_entry_with_both_names() {
    let project = project();
    let entries = project.entries(&[]);
    assert_eq!(entries.iter().filter(|e| e["id"] == "2F002").count(), 1);
    let jammed = entry(&entries, "2F002");
    assert_eq!(
        jammed["aliases"],
        serde_json::json!(["ERRCODE_GEAR_JAMMED", "ERRCODE_GEAR_STUCK", "gear_stuck"])
    );
    // The second line's spec name is the message the first lacked.
    assert_eq!(jammed["message"]["text"], "gear stuck");
    // Written again in another class: still the first class's entry.
    let slipped = entry(&entries, "2F001");
    assert_eq!(slipped["section"], "Class 2F - Frobnication Exception");
    assert_eq!(
        slipped["aliases"],
        serde_json::json!(["ERRCODE_GEAR_SLIPPED", "gear_slipped", "ERRCODE_GEAR_GONE"])
    );
    let findings = project.findings(&[]);
    assert!(
        of_rule(&findings, Rule::DuplicateCode).is_empty(),
        "{findings:?}"
    );
}

#[test]
fn build_writes_a_page_per_code_with_its_names_and_comments() {
    let project = project();
    let site = project.build(&[]);
    for id in CODES {
        let page = site.join(format!("codes/{}.html", id.to_lowercase()));
        assert!(page.is_file(), "{}", page.display());
    }
    let slipped = std::fs::read_to_string(site.join("codes/2f001.html")).unwrap();
    for text in [
        "ERRCODE_GEAR_SLIPPED",
        "gear_slipped",
        "ERRCODE_GEAR_GONE",
        "the gear codes are borrowed from the widget spec",
        "kept in this class by tradition",
    ] {
        assert!(slipped.contains(text), "{text} not on the page");
    }
    let warnings = std::fs::read_to_string(site.join("sections/class-01-warning.html")).unwrap();
    assert!(warnings.contains("unlike the spec, all warnings are lumped here"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Lines starting with a hash are comments."));
}

#[test]
fn search_finds_a_spec_name_and_explain_a_macro() {
    let project = project();
    assert_eq!(
        project.first_hit("division_of_spools", &[]).as_deref(),
        Some("2F00Q")
    );
    assert_eq!(
        project.first_hit("gear_stuck", &[]).as_deref(),
        Some("2F002")
    );
    let out = project.run(&["explain", "ERRCODE_GEAR_GONE"]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with("2F001"), "{text}");
    assert!(text.contains("gear slipped"), "{text}");
}

#[test]
fn lines_that_are_not_code_lines_are_reported_and_kept() {
    let project = Project::new();
    let text = FROBNICATOR
        .replace("0100C    W", "0100     W")
        .replace("01P01    W", "01P01    Q")
        .replace("gear_slipped\n", "gear_slipped  and more\n");
    project.write("errcodes.txt", &text);
    let (code, findings) = project.check_json(&["errcodes.txt"]);
    assert_eq!(code, 1);
    let malformed = of_rule(&findings, Rule::MalformedLine);
    let at: Vec<(u64, u64, &str)> = malformed
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(at.len(), 3, "{findings:?}");
    assert_eq!((at[0].0, at[0].1), (16, 1));
    assert!(
        at[0].2.starts_with("`0100` is not a SQLSTATE"),
        "{}",
        at[0].2
    );
    assert_eq!(at[1].0, 17);
    assert!(at[1].2.starts_with("`Q` is not a level"), "{}", at[1].2);
    assert_eq!(at[2].0, 23);
    assert!(
        at[2].2.starts_with("this line has 6 columns"),
        "{}",
        at[2].2
    );
    assert!(malformed.iter().all(|f| f["help"].as_str().is_some()));
    // Their codes are not entries, and their text is on the site.
    let entries = project.entries(&["errcodes.txt"]);
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["00000", "01000", "2F000", "2F002", "2F00Q", "F0001", "2F001"]
    );
    // 2F001 is now only its line in class F0.
    assert_eq!(
        entry(&entries, "2F001")["section"],
        "Class F0 - Lookup Error"
    );
    let site = project.build(&["errcodes.txt"]);
    let warnings = std::fs::read_to_string(site.join("sections/class-01-warning.html")).unwrap();
    assert!(warnings.contains("ERRCODE_WARNING_SPOOLS_TANGLED"));
    assert!(warnings.contains("ERRCODE_WARNING_GEARS_WORN"));
}

#[test]
fn a_shape_set_in_site_toml_reads_lines_detection_would_not() {
    let project = Project::new();
    // Most lines are malformed: not detected, but read when named.
    project.write(
        "codes.txt",
        "2F000 E ERRCODE_FROBNICATION_EXCEPTION\nnot a code line\nnor this one\n",
    );
    project.write(
        "site.toml",
        "sources = [\"codes.txt\"]\n[catalog]\nshape = \"errcodes\"\n",
    );
    let (code, findings) = project.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        of_rule(&findings, Rule::MalformedLine).len(),
        2,
        "{findings:?}"
    );
    let entries = project.entries(&[]);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], "2F000");
}

#[test]
fn a_directory_with_only_an_errcodes_file_says_to_name_it() {
    let project = Project::new();
    project.write("pg/errcodes.txt", FROBNICATOR);
    let out = project.run(&["check", "pg"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("errcodes.txt"), "{err}");
}

#[test]
fn explain_log_matches_a_server_line_by_the_message_of_the_spec_name() {
    let project = project();
    project.write(
        "server.log",
        "2026-01-02 03:04:05 UTC [7] ERROR:  division of spools\n2026-01-02 03:04:06 UTC [7] LOG:  checkpoint starting\n",
    );
    let out = project.run(&["explain", "--log", "server.log"]);
    assert_ok(&out);
    let text = stdout(&out);
    // No solution to show: the line ends at the level, not at a colon.
    assert!(
        text.lines()
            .any(|l| l == "      1: 2F00Q ERROR (by its message)"),
        "{text}"
    );
}

/// A spec name is a PL/pgSQL condition name, which may stand for several
/// SQLSTATEs by design; a macro name given to two SQLSTATEs is a defect.
#[test]
fn shared_spec_names_are_by_design_and_shared_macros_are_not() {
    let project = project();
    project.write(
        "shared.txt",
        "Section: Class 01 - Warning\n\n\
         01004    W    ERRCODE_WARNING_SPOOL_TRUNCATED    spool_truncated\n\n\
         Section: Class 22 - Spool Exception\n\n\
         22001    E    ERRCODE_SPOOL_TRUNCATED            spool_truncated\n\
         22002    E    ERRCODE_SPOOL_TRUNCATED            spool_cut\n",
    );
    let (_, findings) = project.check_json(&["shared.txt"]);
    let shared = of_rule(&findings, Rule::SharedSymbol);
    assert_eq!(shared.len(), 1, "{findings:?}");
    assert!(
        shared[0]["message"]
            .as_str()
            .unwrap()
            .contains("ERRCODE_SPOOL_TRUNCATED"),
        "{shared:?}"
    );
}
