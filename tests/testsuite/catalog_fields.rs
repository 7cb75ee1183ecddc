//! `check` follows the catalog's own fields: a field most entries of a file
//! lack is not required there (one note says so), and the few entries that
//! lack a field the others have are still found.

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
