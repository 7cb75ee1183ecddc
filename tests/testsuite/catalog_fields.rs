//! `check` follows the catalog's own ways: a field most entries of a file
//! lack is not required there (one note says so), and the few entries that
//! lack a field the others have are still found; labels enough entries
//! share are fields; codes written `ERROR 1007` are shaped by their
//! number's digits.

use crate::support::{of_rule, Project};
use errbook::rules::Rule;
use serde_json::Value;

/// A heading-message entry with only a code mapping under it.
fn mapping_only(n: u32) -> String {
    format!("## PUMP-{n}: Pump {n} stalled\n\n- Code in the controller: {n}0\n\n")
}

/// A heading-message entry with a cause and a solution.
fn explained(n: u32) -> String {
    format!(
        "## PUMP-{n}: Pump {n} overheated\n\n- Code in the controller: {n}0\n\n- Cause: The coolant ran dry.\n\n- Solution: Refill the coolant.\n\n"
    )
}

fn messages(findings: &[&Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_field_most_entries_lack_is_not_required_and_noted_once() {
    let text: String = (1..=4).map(mapping_only).chain([explained(5)]).collect();
    let (code, findings) = Project::new().check(&format!("# Pumps\n\n{text}"));
    assert!(
        of_rule(&findings, Rule::MissingField).is_empty(),
        "{findings:#?}"
    );
    let notes = of_rule(&findings, Rule::FieldNotRequired);
    assert_eq!(
        messages(&notes),
        [
            "Cause is missing from 4 of the 5 entries of this file, so it is not required here",
            "Solution is missing from 4 of the 5 entries of this file, so it is not required here",
        ]
    );
    assert!(notes
        .iter()
        .all(|n| n["severity"] == "note" && n["line"] == 3));
    assert!(notes[0]["help"]
        .as_str()
        .unwrap()
        .contains(r#"`required = ["message", "cause", "solution"]` under [catalog]"#));
    assert_eq!(code, 0, "{findings:#?}");
}

#[test]
fn an_entry_lacking_a_field_most_entries_have_is_still_found() {
    let text: String = (1..=4).map(explained).chain([mapping_only(5)]).collect();
    let (code, findings) = Project::new().check(&format!("# Pumps\n\n{text}"));
    let missing = of_rule(&findings, Rule::MissingField);
    assert_eq!(missing.len(), 2, "{findings:#?}");
    assert!(missing.iter().all(|f| f["code"] == "PUMP-5"));
    assert!(of_rule(&findings, Rule::FieldNotRequired).is_empty());
    assert_eq!(code, 1);
}

#[test]
fn a_few_entries_lacking_a_field_are_found_even_when_they_are_most() {
    // Two of three lack it: too few to call it the file's design.
    let text: String = (1..=2).map(mapping_only).chain([explained(3)]).collect();
    let (_, findings) = Project::new().check(&format!("# Pumps\n\n{text}"));
    assert_eq!(
        of_rule(&findings, Rule::MissingField).len(),
        4,
        "{findings:#?}"
    );
    assert!(of_rule(&findings, Rule::FieldNotRequired).is_empty());
}

#[test]
fn required_in_site_toml_always_wins() {
    let project = Project::new();
    let text: String = (1..=4).map(mapping_only).chain([explained(5)]).collect();
    project.write("pumps.md", format!("# Pumps\n\n{text}"));
    project.write(
        "site.toml",
        "sources = [\"pumps.md\"]\n\n[catalog]\nrequired = [\"cause\"]\n",
    );
    let (code, findings) = project.check_json(&[]);
    let missing = of_rule(&findings, Rule::MissingField);
    assert_eq!(missing.len(), 4, "{findings:#?}");
    assert!(messages(&missing)
        .iter()
        .all(|m| m.ends_with("has no Cause field")));
    assert!(of_rule(&findings, Rule::FieldNotRequired).is_empty());
    assert_eq!(code, 1);
}

#[test]
fn each_file_follows_its_own_entries() {
    // One file of code mappings, one of explained entries: the second
    // still requires cause and solution of its one gap.
    let project = Project::new();
    let mappings: String = (1..=4).map(mapping_only).collect();
    let explained: String = (11..=14).map(explained).chain([mapping_only(15)]).collect();
    project.write("docs/a.md", format!("# Pump codes\n\n{mappings}"));
    project.write("docs/b.md", format!("# Pump faults\n\n{explained}"));
    let findings = project.findings(&["docs"]);
    let missing = of_rule(&findings, Rule::MissingField);
    assert_eq!(missing.len(), 2, "{findings:#?}");
    assert!(missing.iter().all(|f| f["code"] == "PUMP-15"));
    let notes = of_rule(&findings, Rule::FieldNotRequired);
    assert_eq!(notes.len(), 2);
    assert!(notes
        .iter()
        .all(|n| n["file"].as_str().unwrap().ends_with("a.md")));
}

/// Unknown-field findings of a catalog written to `catalog.md`, as
/// `label -> help`.
fn unknown_fields(project: &Project, text: &str) -> Vec<(String, String)> {
    let (_, findings) = project.check(text);
    of_rule(&findings, Rule::UnknownField)
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("message"), text("help"))
        })
        .collect()
}

#[test]
fn labels_most_entries_share_are_the_catalogs_fields_and_render() {
    // Entries 1-4 have only the mapping bullet, 5-8 explain too.
    let text: String = (1..=4)
        .map(mapping_only)
        .chain((5..=8).map(explained))
        .collect();
    let project = Project::new();
    assert_eq!(
        unknown_fields(&project, &format!("# Pumps\n\n{text}")),
        [],
        "a label all entries share is a field"
    );
    let entries = project.entries(&["catalog.md"]);
    for entry in &entries {
        let field = &entry["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["label"] == "Code in the controller")
            .unwrap_or_else(|| panic!("a field of its own in {entry:#}"))["body"]["text"];
        assert!(field.as_str().unwrap().ends_with('0'), "{field}");
    }
    let site = project.build(&["catalog.md"]);
    let page = std::fs::read_to_string(site.join("codes/pump-1.html")).unwrap();
    assert!(page.contains("Code in the controller</h2>"), "{page}");
    assert!(page.contains("<p>10</p>"), "{page}");
}

#[test]
fn a_label_only_one_entry_writes_is_unknown_with_the_nearest_field() {
    let mut text: String = (1..=5).map(explained).collect();
    text.push_str("## PUMP-6: Pump 6 leaked\n\n- Code in the controler: 60\n\n- Cause: A seal wore out.\n\n- Solution: Change the seal.\n\n");
    text.push_str("## PUMP-7: Pump 7 is noisy\n\n- Code in the controller: 70\n\n- Cause: A bearing wore out.\n\n- Remedy: Change the bearing.\n\n");
    let found = unknown_fields(&Project::new(), &format!("# Pumps\n\n{text}"));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, "unknown field label `Code in the controler`");
    assert_eq!(found[0].1, "did you mean `Code in the controller`?");
    assert_eq!(found[1].0, "unknown field label `Remedy`");
    assert!(
        found[1]
            .1
            .contains(r#"declare it: `fields = ["Remedy"]` under [catalog]"#),
        "{}",
        found[1].1
    );
}

#[test]
fn a_common_misspelling_of_a_known_label_is_not_learned() {
    // Three of five entries write `Causes`: still a slip for `Cause`.
    let text: String = (1..=5)
        .map(|n| {
            let entry = explained(n);
            if n <= 3 {
                entry.replace("- Cause:", "- Causes:")
            } else {
                entry
            }
        })
        .collect();
    let found = unknown_fields(&Project::new(), &format!("# Pumps\n\n{text}"));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found
        .iter()
        .all(|(_, help)| help == "did you mean `Cause`?"));
}

#[test]
fn fields_declared_in_site_toml_are_known_and_read_as_fields() {
    let project = Project::new();
    let mut text: String = (1..=5).map(explained).collect();
    // A plain paragraph label counts only when the catalog knows it.
    text.push_str("## PUMP-6: Pump 6 leaked\n\nService code: S-6\n\n- Cause: A seal wore out.\n\n- Solution: Change the seal.\n\n");
    project.write("pumps.md", format!("# Pumps\n\n{text}"));
    let site = "sources = [\"pumps.md\"]\n\n[catalog]\nfields = [\"Service code\"]\n";
    project.write("site.toml", site);
    let findings = project.findings(&[]);
    assert!(
        of_rule(&findings, Rule::UnknownField).is_empty(),
        "{findings:#?}"
    );
    let entries = project.entries(&[]);
    let labels: Vec<&Value> = entries[5]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["label"])
        .collect();
    assert_eq!(labels, ["Message", "Service code", "Cause", "Solution"]);
    assert_eq!(entries[5]["fields"][1]["body"]["text"], "S-6");

    project.write(
        "site.toml",
        "sources = [\"pumps.md\"]\n\n[catalog]\nfields = \"Service code\"\n",
    );
    let out = project.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        crate::support::stderr(&out).contains("site.toml:4:"),
        "{}",
        crate::support::stderr(&out)
    );
}

#[test]
fn codes_written_as_a_word_and_a_number_share_a_shape() {
    // ERROR 1002 is written three times, so its shape was "the usual"
    // one, and every other code unlike it; only ERROR 100 is unlike.
    let codes = [1001, 1002, 1002, 1002, 1003, 1004, 100];
    let text: String = codes
        .iter()
        .map(|n| format!("## ERROR {n} (HY000): Valve {n} stuck\n\n- Cause: Grit.\n\n- Solution: Clean it.\n\n"))
        .collect();
    let (_, findings) = Project::new().check(&format!("# Valves\n\n{text}"));
    let found = of_rule(&findings, Rule::CodePattern);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "ERROR 100");
}

#[test]
fn a_known_label_with_words_in_parentheses_is_that_field() {
    let mut text: String = (1..=3).map(explained).collect();
    text.push_str("## PUMP-4: Pump 4 lost pressure\n\nCause (two likely ones):\n\n1. A leak.\n\n2. A worn seal.\n\nSolution: Find the leak.\n");
    let project = Project::new();
    let (code, findings) = project.check(&format!("# Pumps\n\n{text}"));
    assert!(
        of_rule(&findings, Rule::MissingField).is_empty(),
        "{findings:#?}"
    );
    assert!(
        of_rule(&findings, Rule::UnknownField).is_empty(),
        "{findings:#?}"
    );
    assert_eq!(code, 0);
    let entries = project.entries(&["catalog.md"]);
    let cause = &entries[3]["fields"][1];
    assert_eq!(cause["kind"], "cause");
    assert_eq!(cause["label"], "Cause");
    let body = cause["body"]["text"].as_str().unwrap();
    assert!(
        body.starts_with("(two likely ones):\n\n1. A leak."),
        "{body:?}"
    );
}
