//! Machine-readable output validates against its schema: `export --format
//! json` against `schema/catalog.schema.json`, `check --write-baseline`
//! against `schema/baseline.schema.json`, `check --format sarif` against
//! the official SARIF 2.1.0 schema.

use crate::support::{assert_ok, errbook, repo};
use errbook::rules::Rule;
use serde_json::Value;

/// `errbook args` in the repository: the exit code and the JSON it
/// prints.
fn json_of(args: &[&str]) -> (i32, Value) {
    let out = errbook(repo(), args);
    let json = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().expect("exit code"), json)
}

fn schema(path: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join(path)).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn export_of_the_shipped_catalog_matches_the_schema() {
    let (code, export) = json_of(&["export", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(export["schema_version"], 1);
    let errors = errors(&schema("schema/catalog.schema.json"), &export);
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The errcodes shape's export (its shape name, its implicit fields)
/// validates too.
#[test]
fn export_of_an_errcodes_file_matches_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errcodes.txt"),
        "# Spools\n\nSection: Class 5S - Spool Error\n# the first\n5S000 E ERRCODE_SPOOL_ERROR spool_error\n5S000 E ERRCODE_SPOOL_FAILURE\n5S01 E ERRCODE_BAD\n",
    )
    .unwrap();
    let out = errbook(dir.path(), &["export", "--format", "json", "errcodes.txt"]);
    assert_ok(&out);
    let export: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(export["documents"][0]["shape"], "errcodes");
    let errors = errors(&schema("schema/catalog.schema.json"), &export);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_catalog_schema_rejects_a_broken_export() {
    let (_, mut export) = json_of(&["export", "--format", "json"]);
    let validator = schema("schema/catalog.schema.json");
    let entry = &mut export["documents"][0]["sections"][0]["entries"][0];
    entry["fields"][0]["kind"] = "bogus".into();
    entry.as_object_mut().unwrap().remove("id");
    let errors = errors(&validator, &export);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

/// The baseline of the shipped catalog's findings, as JSON.
fn shipped_baseline() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.json");
    assert_ok(&errbook(
        repo(),
        &["check", "--write-baseline", file.to_str().unwrap()],
    ));
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).expect("baseline is JSON")
}

#[test]
fn baseline_of_the_shipped_catalog_matches_the_schema() {
    let baseline = shipped_baseline();
    assert_eq!(baseline["schema_version"], 1);
    let errors = errors(&schema("schema/baseline.schema.json"), &baseline);
    assert!(errors.is_empty(), "{errors:#?}");
    // Every rule's name fits the schema's pattern of one.
    let validator = schema("schema/baseline.schema.json");
    let mut entry = baseline["findings"][0].clone();
    for rule in Rule::ALL {
        entry["rule"] = rule.name().into();
        let one = serde_json::json!({"schema_version": 1, "findings": [entry]});
        assert!(validator.is_valid(&one), "{}", rule.name());
    }
}

#[test]
fn the_baseline_schema_rejects_a_broken_baseline() {
    let mut baseline = shipped_baseline();
    let validator = schema("schema/baseline.schema.json");
    let entry = &mut baseline["findings"][0];
    entry["count"] = 0.into();
    entry.as_object_mut().unwrap().remove("message");
    let errors = errors(&validator, &baseline);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn sarif_report_is_valid_sarif_2_1_0() {
    let (code, sarif) = json_of(&["check", "--format", "sarif"]);
    assert_eq!(code, 1, "the shipped catalog has errors");
    let errors = errors(&schema("tests/schemas/sarif-2.1.0.json"), &sarif);
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    for result in results {
        let rule = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], rule);
    }
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-code")
        .expect("the duplicated code is reported");
    let location = &duplicate["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "content/oms-error-codes.md"
    );
    assert_eq!(location["region"]["startLine"], 904);
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        894
    );
}

#[test]
fn sarif_schema_really_validates() {
    let (_, mut sarif) = json_of(&["check", "--format", "sarif"]);
    sarif["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!errors(&schema("tests/schemas/sarif-2.1.0.json"), &sarif).is_empty());
}
