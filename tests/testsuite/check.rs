//! `errbook check` as a user runs it: each rule fires on a small catalog
//! made in the test and stays quiet on a well-formed one; output formats,
//! severity overrides, exit codes and bad input.

use crate::support::{assert_ok, errbook, of_rule, repo, stderr, stdout, Project};
use errbook::rules::Rule;
use serde_json::Value;
use std::process::Output;

const GOOD_ENTRY: &str = "\
**Error level:** ERROR

**Error message:** Connection to {host} failed.

**Cause:** The host is down.

**Solution:** Restart the host.
";

/// A well-formed catalog with `codes` entries plus `extra` appended.
fn catalog(codes: usize, extra: &str) -> String {
    let mut text = String::from(
        "# Test error codes\n\n## Error levels\n\n| Error level | Description |\n| --- | --- |\n| FATAL | Down. |\n| ERROR | An error. |\n\n## Core error codes\n\n",
    );
    for n in 1..=codes {
        text.push_str(&format!("### CORE-ABCDEF{n:06}\n\n{GOOD_ENTRY}\n"));
    }
    text.push_str(extra);
    text
}

/// Checks `text` and returns the findings of `rule`.
fn findings_of(rule: Rule, text: &str) -> Vec<Value> {
    let project = Project::new();
    let (_, findings) = project.check(text);
    of_rule(&findings, rule).into_iter().cloned().collect()
}

#[test]
fn well_formed_catalog_has_no_findings_and_exits_0() {
    let project = Project::new();
    let (code, findings) = project.check(&catalog(4, ""));
    assert_eq!(findings, Vec::<Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn no_codes_fires_on_an_empty_file() {
    let found = findings_of(Rule::NoCodes, "");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["line"], 1);
    assert!(findings_of(Rule::NoCodes, &catalog(1, "")).is_empty());
}

/// A file without codes beside files with codes is an overview page of
/// the catalog, not a defect; when no file has a code, each is reported.
#[test]
fn no_codes_fires_only_when_no_file_of_the_catalog_has_codes() {
    let project = Project::new();
    project.write(
        "errors/100.overview.md",
        "# Overview\n\nHow to read the codes.\n",
    );
    project.write("errors/200.core.md", catalog(1, ""));
    let (_, findings) = project.check_json(&["errors"]);
    assert!(of_rule(&findings, Rule::NoCodes).is_empty(), "{findings:?}");
    project.write("errors/200.core.md", "# Core\n\nNo codes yet.\n");
    let (code, findings) = project.check_json(&["errors"]);
    assert_eq!(code, 1);
    assert_eq!(of_rule(&findings, Rule::NoCodes).len(), 2, "{findings:?}");
}

#[test]
fn duplicate_code_points_at_every_definition() {
    let text = catalog(3, &format!("### CORE-ABCDEF000002\n\n{GOOD_ENTRY}"));
    let found = findings_of(Rule::DuplicateCode, &text);
    assert_eq!(found.len(), 1);
    let d = &found[0];
    assert_eq!(d["code"], "CORE-ABCDEF000002");
    assert_eq!(d["severity"], "error");
    let definition_lines: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "### CORE-ABCDEF000002")
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(d["line"], definition_lines[1]);
    assert_eq!(d["column"], 5, "points at the ID, after `### `");
    assert_eq!(d["related"][0]["line"], definition_lines[0]);
}

#[test]
fn duplicate_code_catches_ids_differing_only_in_case() {
    let text = catalog(3, &format!("### core-abcdef000001\n\n{GOOD_ENTRY}"));
    let found = findings_of(Rule::DuplicateCode, &text);
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("only in case"));
}

#[test]
fn missing_field_names_the_field() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n\n**Error message:** Oops.\n\n**Cause:** Bad.\n";
    let found = findings_of(Rule::MissingField, &catalog(3, entry));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "CORE-ABCDEF000009");
    assert!(found[0]["message"].as_str().unwrap().contains("Solution"));
}

#[test]
fn repeated_field_fires_on_the_second_occurrence() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n\n**Error message:** Oops.\n\n**Cause:** Bad.\n\n**Cause:** Do this instead.\n";
    let text = catalog(3, entry);
    let found = findings_of(Rule::RepeatedField, &text);
    assert_eq!(found.len(), 1);
    let second = text
        .lines()
        .position(|l| l.contains("Do this instead"))
        .unwrap()
        + 1;
    assert_eq!(found[0]["line"], second as u64);
    assert_eq!(found[0]["column"], 1);
}

#[test]
fn unknown_field_fires_on_unknown_labels_and_unlabelled_text() {
    let entry = format!(
        "### CORE-ABCDEF000009\n\nStray text first.\n\n{GOOD_ENTRY}\n**Notes:** Something.\n"
    );
    let found = findings_of(Rule::UnknownField, &catalog(3, &entry));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("`Notes`")));
    assert!(found.iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .contains("before its first field")));
}

#[test]
fn unknown_level_fires_and_suggests_the_right_case() {
    let entry = GOOD_ENTRY.replace("ERROR", "error");
    let found = findings_of(
        Rule::UnknownLevel,
        &catalog(3, &format!("### CORE-ABCDEF000009\n\n{entry}")),
    );
    assert_eq!(found.len(), 1);
    assert!(found[0]["help"].as_str().unwrap().contains("`ERROR`"));
    let entry = GOOD_ENTRY.replace("ERROR", "SEVERE");
    assert_eq!(
        findings_of(
            Rule::UnknownLevel,
            &catalog(3, &format!("### CORE-ABCDEF000009\n\n{entry}"))
        )
        .len(),
        1
    );
}

#[test]
fn unknown_level_uses_the_documents_levels_table() {
    // WARNING is a default level, but this document's table does not define it.
    let entry = GOOD_ENTRY.replace("ERROR", "WARNING");
    let found = findings_of(
        Rule::UnknownLevel,
        &catalog(3, &format!("### CORE-ABCDEF000009\n\n{entry}")),
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn empty_field_fires_on_a_label_with_nothing_after_it() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n\n**Error message:** Oops.\n\n**Cause:**\n\n**Solution:** Fix.\n";
    let found = findings_of(Rule::EmptyField, &catalog(3, entry));
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("Cause"));
}

#[test]
fn run_together_fields_fire_per_label_without_a_blank_line() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n**Error message:** Oops.\n**Cause:** Bad.\n\n**Solution:** Fix.\n";
    let found = findings_of(Rule::RunTogetherFields, &catalog(3, entry));
    assert_eq!(found.len(), 2);
    // The run-together fields are still read as separate fields.
    assert!(findings_of(Rule::MissingField, &catalog(3, entry)).is_empty());
}

#[test]
fn stray_table_pipe_fires_in_prose_but_not_in_code() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n\n**Error message:** Oops.\n\n**Cause:** Bad. |\n\n**Solution:**\n\n```sh\nps aux |\n```\n";
    let found = findings_of(Rule::StrayTablePipe, &catalog(3, entry));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["column"], 17);
}

#[test]
fn a_code_written_as_a_paragraph_is_an_error_and_still_reaches_the_site() {
    let project = Project::new();
    let entry = "## Query error codes\n\nCORE-ABCDEF000900: The query planner gave up.\n\n**Error level:** ERROR\n\n**Cause:** The join is too wide.\n\n**Solution:** Split the query.\n\nSee CORE-ABCDEF000001: it is not an entry.\n";
    let (code, findings) = project.check(&catalog(2, entry));
    assert_eq!(code, 1, "{findings:?}");
    let found = of_rule(&findings, Rule::CodeNotHeading);
    assert_eq!(found.len(), 1, "{findings:?}");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&34.into(), &1.into())
    );
    assert_eq!(found[0]["severity"], "error");
    assert!(found[0]["help"]
        .as_str()
        .is_some_and(|h| h.contains("`### CORE-ABCDEF000900: The query planner gave up.`")));
    // Read as the entry it is: no other finding about it.
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        project
            .first_hit("planner gave up", &["catalog.md"])
            .as_deref(),
        Some("CORE-ABCDEF000900")
    );
    let site = project.build(&["catalog.md"]);
    let page = std::fs::read_to_string(site.join("codes/core-abcdef000900.html")).expect("page");
    assert!(page.contains("The join is too wide."), "{page}");
    assert!(page.contains("Split the query."), "{page}");
}

#[test]
fn code_pattern_flags_the_odd_one_out() {
    let entry = format!("### CORE-ABCDEF00001\n\n{GOOD_ENTRY}");
    let found = findings_of(Rule::CodePattern, &catalog(4, &entry));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "CORE-ABCDEF00001");
    assert!(findings_of(Rule::CodePattern, &catalog(4, "")).is_empty());
}

#[test]
fn code_pattern_uses_the_configured_pattern() {
    let project = Project::new();
    project.write(
        "site.toml",
        "[code-patterns]\nCore = '^CORE-[A-Z]{6}00000[12]$'\n",
    );
    let (_, findings) = project.check(&catalog(3, ""));
    let found = of_rule(&findings, Rule::CodePattern);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "CORE-ABCDEF000003");
}

#[test]
fn broken_link_fires_on_missing_relative_targets_only() {
    let project = Project::new();
    project.write("other.md", "# Other\n");
    let text = catalog(
        1,
        "See [missing](missing.md), [other](other.md#top), [web](https://example.com/x.md) and [anchor](#core).\n",
    );
    let (_, findings) = project.check(&text);
    let found = of_rule(&findings, Rule::BrokenLink);
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"].as_str().unwrap().contains("missing.md"));
}

#[test]
fn remote_image_fires_on_network_images_only() {
    let project = Project::new();
    project.write("img/local.png", b"\x89PNG");
    let text = catalog(
        1,
        "![remote](https://example.com/a.png) ![local](img/local.png)\n",
    );
    let (_, findings) = project.check(&text);
    assert_eq!(of_rule(&findings, Rule::RemoteImage).len(), 1);
    assert!(of_rule(&findings, Rule::BrokenLink).is_empty());
}

#[test]
fn broken_placeholder_fires_on_code_and_mangled_placeholders() {
    let entry = |message: &str| {
        catalog(
            3,
            &format!(
                "### CORE-ABCDEF000009\n\n{}",
                GOOD_ENTRY.replace("Connection to {host} failed.", message)
            ),
        )
    };
    assert_eq!(
        findings_of(
            Rule::BrokenPlaceholder,
            &entry("No stores under topic : subTopic.getName()")
        )
        .len(),
        1
    );
    assert_eq!(
        findings_of(Rule::BrokenPlaceholder, &entry("Value %!s(MISSING) is bad")).len(),
        1
    );
    assert_eq!(
        findings_of(
            Rule::BrokenPlaceholder,
            &entry("Unclosed {name placeholder")
        )
        .len(),
        1
    );
    assert!(findings_of(
        Rule::BrokenPlaceholder,
        &entry("Fine {name} and ${x} and %s")
    )
    .is_empty());
}

#[test]
fn spelling_fires_in_prose_and_not_in_code_or_listed_words() {
    let entry = "### CORE-ABCDEF000009\n\n**Error level:** ERROR\n\n**Error message:** Oops.\n\n**Cause:** The servre is down; see `servre.log`.\n\n**Solution:** Restart it.\n";
    let found = findings_of(Rule::Spelling, &catalog(3, entry));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("`servre`"));
    assert!(found[0]["help"].as_str().unwrap().contains("did you mean"));

    let project = Project::new();
    project.write("site.toml", "[spelling]\nwords = [\"servre\"]\n");
    let (_, findings) = project.check(&catalog(3, entry));
    assert!(of_rule(&findings, Rule::Spelling).is_empty());
}

#[test]
fn lint_settings_allow_warn_and_deny_rules() {
    let text = catalog(1, "![remote](https://example.com/a.png)\n");
    let project = Project::new();
    let (code, findings) = project.check(&text);
    assert_eq!(
        (code, findings[0]["severity"].as_str()),
        (0, Some("warning"))
    );

    project.write("site.toml", "[lint]\nremote-image = \"deny\"\n");
    let (code, findings) = project.check(&text);
    assert_eq!((code, findings[0]["severity"].as_str()), (1, Some("error")));

    project.write("site.toml", "[lint]\nremote-image = \"allow\"\n");
    let (code, findings) = project.check(&text);
    assert_eq!((code, findings.len()), (0, 0));
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let project = Project::new();
    project.write(
        "catalog.md",
        catalog(1, "![remote](https://example.com/a.png)\n"),
    );
    let (code, findings) = project.check_json(&["catalog.md", "--deny", "warnings"]);
    assert_eq!(code, 1);
    assert_eq!(findings[0]["severity"], "error");
}

/// A catalog with one warning (a remote image) and one error (a broken
/// link).
fn catalog_with_a_warning_and_an_error() -> String {
    catalog(
        1,
        "![remote](https://example.com/a.png)\n\nSee [the guide](missing.md).\n",
    )
}

/// The severity of each rule's findings with these flags, and the exit
/// code.
fn severities(project: &Project, flags: &[&str]) -> (i32, Vec<(String, String)>) {
    let mut args = vec!["catalog.md"];
    args.extend_from_slice(flags);
    let (code, findings) = project.check_json(&args);
    let severities = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, severities)
}

fn pairs(pairs: &[(Rule, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(rule, severity)| (rule.name().to_string(), severity.to_string()))
        .collect()
}

#[test]
fn allow_flag_silences_a_rule() {
    let project = Project::new();
    project.write("catalog.md", catalog_with_a_warning_and_an_error());
    assert_eq!(
        severities(&project, &[]),
        (
            1,
            pairs(&[(Rule::RemoteImage, "warning"), (Rule::BrokenLink, "error")])
        )
    );
    assert_eq!(
        severities(&project, &["-A", "remote-image"]),
        (1, pairs(&[(Rule::BrokenLink, "error")]))
    );
    assert_eq!(
        severities(&project, &["--allow", "broken-link", "-Aremote-image"]),
        (0, vec![])
    );
    assert_eq!(severities(&project, &["-A", "all"]), (0, vec![]));
}

#[test]
fn warn_flag_downgrades_an_error_rule_so_the_run_passes() {
    let project = Project::new();
    project.write("catalog.md", catalog_with_a_warning_and_an_error());
    assert_eq!(
        severities(&project, &["-W", "broken-link"]),
        (
            0,
            pairs(&[
                (Rule::RemoteImage, "warning"),
                (Rule::BrokenLink, "warning")
            ])
        )
    );
}

#[test]
fn deny_flag_makes_a_warning_rule_fail_the_run() {
    let project = Project::new();
    project.write(
        "catalog.md",
        catalog(1, "![remote](https://example.com/a.png)\n"),
    );
    assert_eq!(
        severities(&project, &["-D", "remote-image"]),
        (1, pairs(&[(Rule::RemoteImage, "error")]))
    );
}

#[test]
fn short_deny_warnings_works_and_later_flags_win() {
    let project = Project::new();
    project.write("catalog.md", catalog_with_a_warning_and_an_error());
    let all_errors = pairs(&[(Rule::RemoteImage, "error"), (Rule::BrokenLink, "error")]);
    assert_eq!(
        severities(&project, &["-D", "warnings"]),
        (1, all_errors.clone())
    );
    assert_eq!(
        severities(&project, &["-Dwarnings"]),
        (1, all_errors.clone())
    );
    // `warnings` means the rules at warning level when the flag comes:
    // a warning set later stays one, a rule warned before is denied.
    assert_eq!(
        severities(&project, &["-W", "broken-link", "-D", "warnings"]),
        (1, all_errors)
    );
    assert_eq!(
        severities(
            &project,
            &["-D", "warnings", "-W", "remote-image", "-W", "broken-link"]
        ),
        (
            0,
            pairs(&[
                (Rule::RemoteImage, "warning"),
                (Rule::BrokenLink, "warning")
            ])
        )
    );
    // The last flag naming a rule wins.
    assert_eq!(
        severities(
            &project,
            &[
                "-A",
                "remote-image",
                "-D",
                "remote-image",
                "-A",
                "broken-link"
            ]
        ),
        (1, pairs(&[(Rule::RemoteImage, "error")]))
    );
    assert_eq!(
        severities(&project, &["-A", "all", "-W", "broken-link"]),
        (0, pairs(&[(Rule::BrokenLink, "warning")]))
    );
}

#[test]
fn command_line_levels_override_site_toml() {
    let project = Project::new();
    project.write("catalog.md", catalog_with_a_warning_and_an_error());
    project.write(
        "site.toml",
        "[lint]\nremote-image = \"deny\"\nbroken-link = \"allow\"\n",
    );
    assert_eq!(
        severities(&project, &[]),
        (1, pairs(&[(Rule::RemoteImage, "error")]))
    );
    assert_eq!(
        severities(&project, &["-W", "remote-image", "-D", "broken-link"]),
        (
            1,
            pairs(&[(Rule::RemoteImage, "warning"), (Rule::BrokenLink, "error")])
        )
    );
    assert_eq!(severities(&project, &["-A", "remote-image"]), (0, vec![]));
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error_naming_the_nearest() {
    let project = Project::new();
    project.write("catalog.md", catalog(1, ""));
    for (flag, typo, nearest) in [
        ("-A", "spellng", "spelling"),
        ("-W", "broken_link", "broken-link"),
        ("--deny", "warning", "warnings"),
    ] {
        let out = project.run(&["check", "catalog.md", flag, typo]);
        assert_eq!(out.status.code(), Some(2), "{flag} {typo}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "no rule is named `{typo}`; did you mean `{nearest}`?"
            )),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = project.run(&["check", "catalog.md", "-D", "xyzzy"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the names are no-codes, duplicate-code,")
            && stderr.contains(", warnings, all"),
        "{stderr}"
    );
}

#[test]
fn config_errors_name_the_key_and_line() {
    let project = Project::new();
    project.write("catalog.md", catalog(1, ""));
    project.write(
        "site.toml",
        "title = \"x\"\n\n[lint]\nno-such-rule = \"deny\"\n",
    );
    let out = project.run(&["check", "catalog.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml:4:1"), "{stderr}");
    assert!(stderr.contains("no-such-rule"), "{stderr}");

    project.write("site.toml", "[lint]\nspellng = \"allow\"\n");
    let out = project.run(&["check", "catalog.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `spelling`?"), "{stderr}");

    project.write("site.toml", "title = \"x\"\ntitel = \"typo\"\n");
    let out = project.run(&["check", "catalog.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("site.toml:2:1") && stderr.contains("titel"),
        "{stderr}"
    );
}

#[test]
fn human_format_is_rustc_style_without_colour_when_piped() {
    let project = Project::new();
    project.write(
        "catalog.md",
        catalog(3, &format!("### CORE-ABCDEF000002\n\n{GOOD_ENTRY}")),
    );
    // NO_COLOR is unset (as for every run): no colour because of the pipe.
    let out = project.run(&["check", "catalog.md"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error[duplicate-code]: code `CORE-ABCDEF000002` is defined 2 times"),
        "{stdout}"
    );
    assert!(stdout.contains("--> catalog.md:42:5"), "{stdout}");
    assert!(stdout.contains("= help: "), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no escape codes when piped");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 error, 0 warnings in 3 codes (4 entries)")
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn human_summary_counts_the_findings_of_each_rule() {
    let project = Project::new();
    project.write(
        "catalog.md",
        catalog(
            1,
            "![a](https://example.com/a.png)\n\n![b](https://example.com/b.png)\n\nSee [the guide](missing.md).\n",
        ),
    );
    let out = project.run(&["check", "catalog.md"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    // Under the totals, errors first, then by count; names and counts
    // aligned.
    assert_eq!(
        lines[lines.len() - 3..],
        [
            "errbook: 1 error, 2 warnings in 1 code from 1 file",
            "  broken-link   1 error",
            "  remote-image  2 warnings",
        ],
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("  remote-image  2"));

    // Not with -q, not in the machine formats, not for a single finding.
    let quiet = project.run(&["check", "catalog.md", "-q"]);
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    for format in ["json", "sarif", "github"] {
        let out = project.run(&["check", "catalog.md", "--format", format]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("remote-image"), "{format}: {stderr}");
    }
    let single = project.run(&["check", "catalog.md", "-A", "remote-image"]);
    let stderr = String::from_utf8_lossy(&single.stderr);
    assert!(
        stderr.ends_with("errbook: 1 error, 0 warnings in 1 code from 1 file\n"),
        "{stderr}"
    );
}

#[test]
fn github_format_writes_workflow_annotations() {
    let project = Project::new();
    project.write(
        "catalog.md",
        catalog(3, &format!("### CORE-ABCDEF000002\n\n{GOOD_ENTRY}")),
    );
    let out = project.run(&["check", "catalog.md", "--format", "github"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("::error file=catalog.md,line=42,col=5,title=errbook duplicate-code::code `CORE-ABCDEF000002` is defined 2 times%0Ahelp: "),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_2_naming_the_path() {
    let project = Project::new();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "latin1.md",
            b"# T\n\ncaf\xe9\n".to_vec(),
            "latin1.md:3:4: invalid UTF-8",
        ),
        (
            "binary.md",
            b"\x7fELF\x00\x01".to_vec(),
            "binary.md:1:5: this looks like a binary file",
        ),
    ];
    for (name, bytes, expected) in cases {
        project.write(name, bytes);
        let out = project.run(&["check", name]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
    let out = project.run(&["check", "nope.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.md"));

    std::fs::create_dir(project.path().join("empty-dir")).unwrap();
    let out = project.run(&["check", "empty-dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no Markdown"));

    let out = project.run(&["check"]);
    assert_eq!(out.status.code(), Some(2), "no site.toml and no path");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no catalog to read"));

    let out = project.run(&["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn a_directory_reads_every_markdown_file_in_it() {
    let project = Project::new();
    project.write("docs/a.md", catalog(2, ""));
    project.write(
        "docs/sub/b.md",
        catalog(2, "").replace("CORE-ABCDEF", "CORE-XYZXYZ"),
    );
    project.write("docs/notes.txt", "not a catalog");
    let (code, findings) = project.check_json(&["docs"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
    let out = project.run(&["check", "docs"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("in 4 codes from 2 files"));
}

/// A project with a catalog of two old defects (a missing field, a remote
/// image) and a baseline of them written in `baseline.json`.
fn project_with_a_baseline() -> Project {
    let project = Project::new();
    let missing_cause = GOOD_ENTRY.replace("**Cause:** The host is down.\n\n", "");
    project.write(
        "catalog.md",
        catalog(
            2,
            &format!(
                "### CORE-ABCDEF000003\n\n{missing_cause}\n![old](https://example.com/old.png)\n"
            ),
        ),
    );
    let out = project.run(&["check", "catalog.md", "--write-baseline", "baseline.json"]);
    assert_ok(&out);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("wrote 2 findings (2 entries) to the baseline baseline.json"),
        "{}",
        stderr(&out)
    );
    project
}

#[test]
fn write_baseline_exits_0_and_writes_the_same_bytes_every_time() {
    let project = project_with_a_baseline();
    let first = std::fs::read(project.path().join("baseline.json")).unwrap();
    let baseline: Value = serde_json::from_slice(&first).unwrap();
    let entries: Vec<(&str, &str, Option<&str>, u64)> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap(),
                e["rule"].as_str().unwrap(),
                e["code"].as_str(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("catalog.md", "missing-field", Some("CORE-ABCDEF000003"), 1),
            ("catalog.md", "remote-image", None, 1),
        ]
    );
    assert_ok(&project.run(&["check", "catalog.md", "--write-baseline", "again.json"]));
    assert_eq!(
        std::fs::read(project.path().join("again.json")).unwrap(),
        first
    );
    // A file errbook reads is never the baseline.
    let out = project.run(&["check", "catalog.md", "--write-baseline", "catalog.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("catalog.md: refusing to overwrite"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_with_its_baseline_reports_nothing_and_exits_0() {
    let project = project_with_a_baseline();
    assert_eq!(project.check_json(&["catalog.md"]).0, 1);
    let (code, findings) = project.check_json(&["catalog.md", "--baseline", "baseline.json"]);
    assert_eq!((code, findings), (0, vec![]));
    let out = project.run(&["check", "catalog.md", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let stderr = stderr(&out);
    assert!(
        stderr.contains("errbook: 0 errors, 0 warnings in 3 codes"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("errbook: 2 findings suppressed by the baseline baseline.json\n"),
        "{stderr}"
    );
}

#[test]
fn a_new_defect_is_reported_alone_and_fails_the_run() {
    let project = project_with_a_baseline();
    let text = std::fs::read_to_string(project.path().join("catalog.md")).unwrap();
    project.write(
        "catalog.md",
        format!("{text}\nSee [the guide](missing.md).\n\n![old](https://example.com/old.png)\n"),
    );
    let (code, findings) = project.check_json(&["catalog.md", "--baseline", "baseline.json"]);
    let reported: Vec<(&str, u64)> = findings
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    // The broken link, and the second copy of the remote image: the
    // baseline counts one.
    let last = text.lines().count() as u64;
    assert_eq!(
        reported,
        [
            (Rule::BrokenLink.name(), last + 2),
            (Rule::RemoteImage.name(), last + 4)
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn lines_inserted_above_an_old_finding_keep_it_suppressed() {
    let project = project_with_a_baseline();
    let lines = |findings: Vec<Value>| -> Vec<u64> {
        findings
            .iter()
            .map(|f| f["line"].as_u64().unwrap())
            .collect()
    };
    let before = lines(project.findings(&["catalog.md"]));
    let text = std::fs::read_to_string(project.path().join("catalog.md")).unwrap();
    // Four blank lines after each of the first three paragraphs.
    project.write("catalog.md", text.replacen("\n\n", "\n\n\n\n\n\n", 3));
    let after = lines(project.findings(&["catalog.md"]));
    assert_eq!(after, before.iter().map(|l| l + 12).collect::<Vec<_>>());
    let (code, findings) = project.check_json(&["catalog.md", "--baseline", "baseline.json"]);
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn a_baseline_entry_that_no_longer_occurs_is_counted() {
    let project = project_with_a_baseline();
    let text = std::fs::read_to_string(project.path().join("catalog.md")).unwrap();
    project.write(
        "catalog.md",
        text.replace("![old](https://example.com/old.png)\n", ""),
    );
    let out = project.run(&["check", "catalog.md", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "errbook: 1 finding suppressed by the baseline baseline.json; 1 of its findings no longer occurs: refresh it with `errbook check --write-baseline baseline.json`"
        ),
        "{}",
        stderr(&out)
    );
    // In every format, on stderr; not with -q.
    let json = project.run(&[
        "check",
        "catalog.md",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]);
    assert!(stderr(&json).contains("1 of its findings no longer occurs"));
    let quiet = project.run(&["check", "catalog.md", "--baseline", "baseline.json", "-q"]);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
}

#[test]
fn a_missing_or_broken_baseline_exits_2_naming_it() {
    let project = project_with_a_baseline();
    let out = project.run(&["check", "catalog.md", "--baseline", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: nope.json: "),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--write-baseline"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    project.write("broken.json", "{\"schema_version\": 1, \"findings\": [}");
    let out = project.run(&["check", "catalog.md", "--baseline", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: broken.json:1:36: not an errbook baseline"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn site_toml_can_name_the_baseline() {
    let project = project_with_a_baseline();
    project.write(
        "site.toml",
        "sources = [\"catalog.md\"]\n\n[lint]\nbaseline = \"baseline.json\"\n",
    );
    // From another directory: the path resolves against site.toml's, and
    // the baseline names files relative to the project, so it still
    // knows them.
    let sub = project.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let out = errbook(&sub, &["check", "--config", "../site.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 findings suppressed by the baseline ../baseline.json"),
        "{}",
        stderr(&out)
    );
    // --baseline replaces it.
    project.write("empty.json", "{\"schema_version\": 1, \"findings\": []}\n");
    let (code, findings) = project.check_json(&["--baseline", "empty.json"]);
    assert_eq!((code, findings.len()), (1, 2));

    project.write(
        "site.toml",
        "sources = [\"catalog.md\"]\n\n[lint]\nbaseline = \"gone.json\"\n",
    );
    let out = errbook(&sub, &["check", "--config", "../site.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: ../gone.json: "),
        "{}",
        stderr(&out)
    );
}

/// `errbook check` in the repository: the shipped catalog and site.toml.
fn check_shipped(format: &str) -> Output {
    errbook(repo(), &["check", "--format", format])
}

#[test]
fn shipped_catalog_reports_every_real_defect() {
    let out = check_shipped("json");
    assert_eq!(out.status.code(), Some(1));
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, u64, Option<String>)> = findings
        .iter()
        .map(|f| {
            assert_eq!(f["file"], "content/oms-error-codes.md");
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().map(str::to_string),
            )
        })
        .collect();
    found.sort();
    let expected = [
        ("broken-link", 7, None),
        ("broken-placeholder", 140, Some("CM-RESOIE000202")),
        // The two definitions say different things, which is why the
        // duplicate matters: log lines of either must find the code.
        ("conflicting-message", 908, Some("SUPERVISOR-CMADIE020208")),
        ("duplicate-code", 904, Some("SUPERVISOR-CMADIE020208")),
        ("missing-field", 77, Some("GHANA-PCHKNP001011")),
        ("missing-field", 87, Some("GHANA-PCHKNP002010")),
        ("remote-image", 662, None),
        ("remote-image", 666, None),
        ("remote-image", 718, None),
        ("repeated-field", 85, Some("GHANA-PCHKNP001011")),
        ("repeated-field", 95, Some("GHANA-PCHKNP002010")),
        ("run-together-fields", 140, Some("CM-RESOIE000202")),
        ("run-together-fields", 141, Some("CM-RESOIE000202")),
        ("run-together-fields", 142, Some("CM-RESOIE000202")),
        // `preckeck`, pasted into six messages: one finding, at the first.
        ("spelling", 61, None),
        ("stray-table-pipe", 726, Some("CONNECTOR-SIMS00000000")),
        ("stray-table-pipe", 1050, Some("SUPERVISOR-CMADIE020702")),
    ];
    let expected: Vec<(String, u64, Option<String>)> = expected
        .iter()
        .map(|(r, l, c)| (r.to_string(), *l, c.map(str::to_string)))
        .collect();
    assert_eq!(found, expected);
    let typo = findings
        .iter()
        .find(|f| f["rule"] == "spelling")
        .expect("the typo");
    assert_eq!(typo["message"], "unknown word `preckeck` (6 times)");
    let uses: Vec<u64> = typo["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(uses, [71, 81, 91, 101, 111]);
}

#[test]
fn shipped_catalog_human_report() {
    let out = check_shipped("human");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
    // The summary counts codes as the site does (one code is defined
    // twice), and says how many entries there are.
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains(" in 81 codes (82 entries) from 1 file"),
        "{summary}"
    );
}

/// A long line with many findings: the human report names the place of
/// each instead of printing the whole line every time (a 68 kB line of
/// unknown words used to print 800 MB).
#[test]
fn long_lines_are_not_printed_once_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    // Letters only: words with digits are identifiers, not prose.
    let letters = |n: usize| -> String {
        (0..3)
            .map(|i| (b'a' + (n / 26usize.pow(i) % 26) as u8) as char)
            .collect()
    };
    let words: Vec<String> = (0..3000).map(|n| format!("qzx{}vvk", letters(n))).collect();
    let text = format!(
        "## X error codes\n\n### X-A000001\n\n**Error level:** ERROR\n\n**Error message:** m\n\n**Cause:** {}\n\n**Solution:** s\n",
        words.join(" ")
    );
    std::fs::write(dir.path().join("c.md"), &text).unwrap();
    let out = errbook(dir.path(), &["check", "c.md"]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.len() < text.len() * 100,
        "{} bytes of report",
        report.len()
    );
    assert!(
        report.contains("= at c.md:9:12 (the line is too long to show)"),
        "{}",
        report.chars().take(500).collect::<String>()
    );
    assert_eq!(report.matches("warning[spelling]").count(), 3000);
}
