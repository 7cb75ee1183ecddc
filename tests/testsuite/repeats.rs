//! One finding per cause: a heading that repeats by design, links that
//! break for one reason, a label or a tag used many times, are each one
//! finding with the other places related; real defects stay one each.

use crate::support::{of_rule, Project};
use errbook::rules::Rule;

/// Three entries under one generic heading, each with its own engine
/// code, and one code written twice with the same engine code: a real
/// duplicate.
const SHARED_HEADING: &str = "\
# Gateway errors

## GW-0001: upstream failure

* Engine code: 7001
* Cause: The upstream broker closed the stream.
* Solution: Reopen the stream.

## GW-0001: upstream busy

* Engine code: 7002
* Cause: The upstream broker has too many clients.
* Solution: Retry later.

## GW-0001: upstream gone

* Engine code: 7003
* Cause: The upstream broker was removed.
* Solution: Point the gateway at another broker.

## GW-0002: route missing

* Engine code: 7010
* Cause: No route matches the topic.
* Solution: Add a route.

## GW-0002: route missing

* Engine code: 7010
* Cause: No route matches the topic.
* Solution: Add a route for the topic.
";

#[test]
fn a_heading_repeated_by_design_is_one_finding_naming_the_key() {
    let project = Project::new();
    project.write("gw.md", SHARED_HEADING);
    let findings = project.findings(&["gw.md"]);
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    assert_eq!(duplicates.len(), 2, "{duplicates:#?}");
    // The engine code tells the three GW-0001 entries apart: one finding,
    // at the first, naming the field and the fix, the others related.
    let by_design = duplicates
        .iter()
        .find(|d| d["code"] == "GW-0001")
        .expect("GW-0001 reported once");
    assert_eq!(by_design["line"], 3);
    let message = by_design["message"].as_str().unwrap();
    assert!(message.contains("`GW-0001` 3 times"), "{message}");
    assert!(message.contains("`Engine code`"), "{message}");
    let help = by_design["help"].as_str().unwrap();
    assert!(help.contains("key = \"Engine code\""), "{help}");
    let related: Vec<u64> = by_design["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(related, [9, 15]);
    assert!(by_design["related"][0]["message"]
        .as_str()
        .unwrap()
        .contains("7002"));
    // GW-0002 twice with one engine code is a real duplicate, still an
    // error of its own, with its conflicting message.
    let real = duplicates
        .iter()
        .find(|d| d["code"] == "GW-0002")
        .expect("GW-0002 is a duplicate");
    assert_eq!(real["line"], 27);
    assert_eq!(real["severity"], "error");
    // The messages of GW-0001 differ by design; nothing conflicts there.
    let conflicting = of_rule(&findings, Rule::ConflictingMessage);
    assert!(
        conflicting.iter().all(|d| d["code"] != "GW-0001"),
        "{conflicting:#?}"
    );
    // Setting the key, as the help says, leaves nothing to report.
    project.write(
        "site.toml",
        "sources = [\"gw.md\"]\n\n[catalog]\nkey = \"Engine code\"\n",
    );
    let findings = project.findings(&[]);
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    assert_eq!(duplicates[0]["code"], "7010");
}

#[test]
fn the_terminal_shows_the_first_related_places_and_counts_the_rest() {
    let mut text = String::from("# Gateway errors\n\n");
    for n in 1..=8 {
        text.push_str(&format!(
            "## GW-0001: upstream failure {n}\n\n* Engine code: 70{n:02}\n* Cause: Broker {n} failed.\n* Solution: Restart broker {n}.\n\n"
        ));
    }
    let project = Project::new();
    project.write("gw.md", &text);
    let findings = project.findings(&["gw.md"]);
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0]["related"].as_array().unwrap().len(), 7);
    let out = crate::support::stdout(&project.run(&["check", "gw.md"]));
    assert!(out.contains("and 2 more places"), "{out}");
    assert!(out.contains("Engine code 7006"), "{out}");
    assert!(!out.contains("Engine code 7007"), "{out}");
}

#[test]
fn broken_links_with_one_cause_are_one_finding() {
    let project = Project::new();
    project.write("docs/errors/present.md", "# Present\n");
    project.write(
        "docs/errors/catalog.md",
        "\
# Gateway errors

## GW-0001: upstream failure

* Cause: The broker closed; see [tuning](../guide/tuning.md) and [limits](../guide/limits.md).
* Solution: Read [the API](../../api/streams.md), [the notes](present.md).

## GW-0002: route missing

* Cause: No route; see [routes](maps/routes.md), [topics](maps/topics.md).
* Solution: Add a route ([howto](howto.md), [again](howto.md), [gone](gone.md)).
",
    );
    let findings = project.findings(&["docs/errors"]);
    let broken = of_rule(&findings, Rule::BrokenLink);
    let messages: Vec<&str> = broken
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 4, "{messages:#?}");
    // Out of the catalog's directory into directories that are not there:
    // one finding for the three links, the others related.
    assert!(
        messages[0].starts_with("3 links lead out of the catalog's directory into 2 directories"),
        "{messages:#?}"
    );
    assert!(messages[0].contains("`../guide/` 2"), "{}", messages[0]);
    assert_eq!(broken[0]["related"].as_array().unwrap().len(), 2);
    // Into one missing directory inside it: one finding.
    assert!(
        messages[1].starts_with("2 links into `maps/`, which does not exist"),
        "{messages:#?}"
    );
    // One missing file linked twice: one finding; another, its own.
    assert_eq!(
        messages[2],
        "link target `howto.md` does not exist (2 links)"
    );
    assert_eq!(broken[2]["related"][0]["line"], 11);
    assert_eq!(messages[3], "link target `gone.md` does not exist");
}

#[test]
fn a_label_used_many_times_is_one_finding_with_its_uses() {
    let mut text = String::from("# Gateway errors\n\n");
    for n in 1..=5 {
        let cause = if n % 2 == 0 { "Reason" } else { "Cause" };
        text.push_str(&format!(
            "## GW-{n:04}: broker {n} failed\n\n{cause}: Broker {n} stopped.\n\nSolution: Start broker {n}.\n\n"
        ));
    }
    text.push_str(
        "## GW-0006: broker 6 failed\n\nWhy: Broker 6 stopped.\n\nSolution: Start it.\n\n",
    );
    let project = Project::new();
    project.write("gw.md", &text);
    project.write(
        "site.toml",
        "sources = [\"gw.md\"]\n\n[catalog]\ncause = [\"Cause\", \"Reason\", \"Why\"]\n",
    );
    let findings = project.findings(&[]);
    let varies = of_rule(&findings, Rule::LabelVaries);
    assert_eq!(varies.len(), 2, "{varies:#?}");
    assert_eq!(
        varies[0]["message"],
        "the cause label is `Reason` in 2 places (here first); 3 others use `Cause`"
    );
    assert_eq!(varies[0]["line"], 11);
    assert_eq!(varies[0]["related"][0]["line"], 23);
    assert_eq!(
        varies[1]["message"],
        "the cause label is `Why` here; 3 others use `Cause`"
    );
}

#[test]
fn template_tags_of_one_kind_are_one_note() {
    let project = Project::new();
    project.write(
        "gw.md",
        "\
# Gateway errors

## GW-0001: broker failed

* Cause: The broker stopped. {% include \"notes/broker.md\" %}
* Solution: Start it. {{< copyable \"shell\" >}}

## GW-0002: route missing

* Cause: No route. {% include \"notes/route.md\" %}
* Solution: Add one. {% include \"notes/add.md\" %}
",
    );
    let findings = project.findings(&["gw.md"]);
    let tags = of_rule(&findings, Rule::TemplateTag);
    assert_eq!(tags.len(), 2, "{tags:#?}");
    assert!(tags[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("(stripped from the site; 3 `include` tags)"));
    let related: Vec<u64> = tags[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(related, [10, 11]);
    assert!(tags[1]["message"].as_str().unwrap().contains("copyable"));
}

/// A reference table of every code, and a page of its own for two of
/// them, as MariaDB writes its error codes.
const TABLE: &str = "\
# Gateway error reference

| Error Code | SQLSTATE | Error | Description |
| --- | --- | --- | --- |
| 2001 | HY000 | GW_BROKER_DOWN | Broker %s is down |
| 2002 | HY000 | GW_ROUTE_MISSING | No route for topic %s |
| 2003 | HY000 | GW_QUEUE_FULL | Queue %s is full |
";

fn page(code: &str, symbol: &str, message: &str) -> String {
    format!(
        "# Error {code}: {message}\n\n| Error Code | SQLSTATE | Error | Description |\n| --- | --- | --- | --- |\n| {code} | HY000 | {symbol} | {message} |\n\nSome advice.\n"
    )
}

#[test]
fn a_page_of_its_own_details_a_row_and_is_no_duplicate() {
    let project = Project::new();
    project.write("codes/reference.md", TABLE);
    project.write(
        "codes/e2001.md",
        page("2001", "GW_BROKER_DOWN", "Broker %s is down"),
    );
    project.write(
        "codes/e2002.md",
        page("2002", "GW_ROUTE_MISSING", "No route for queue %s"),
    );
    // A page named after one code that defines another is a mistake.
    project.write(
        "codes/e2004.md",
        page("2003", "GW_QUEUE_FULL", "Queue %s is full"),
    );
    let findings = project.findings(&["codes"]);
    let duplicates = of_rule(&findings, Rule::DuplicateCode);
    let codes: Vec<&str> = duplicates
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["2003"], "{duplicates:#?}");
    // The page and its row must still agree on the message.
    let conflicting = of_rule(&findings, Rule::ConflictingMessage);
    assert_eq!(conflicting.len(), 1, "{conflicting:#?}");
    assert_eq!(conflicting[0]["code"], "2002");
}

#[test]
fn a_symbol_given_to_two_codes_is_a_shared_symbol() {
    let project = Project::new();
    project.write(
        "codes/reference.md",
        format!("{TABLE}| 2004 | HY000 | GW_BROKER_DOWN | Broker %s went away |\n"),
    );
    // A code's own page carries its row's symbol: that is no sharing.
    project.write(
        "codes/e2001.md",
        page("2001", "GW_BROKER_DOWN", "Broker %s is down"),
    );
    let findings = project.findings(&["codes"]);
    let shared = of_rule(&findings, Rule::SharedSymbol);
    assert_eq!(shared.len(), 1, "{shared:#?}");
    assert_eq!(shared[0]["code"], "2004");
    assert_eq!(shared[0]["severity"], "warning");
    assert_eq!(
        shared[0]["message"],
        "symbol `GW_BROKER_DOWN` names 2 codes: `2001`, `2004`"
    );
    assert_eq!(shared[0]["related"][0]["line"], 5);
    // The heading's code a key field makes an alias is shared by design.
    project.write("gw.md", SHARED_HEADING);
    project.write(
        "site.toml",
        "sources = [\"gw.md\"]\n\n[catalog]\nkey = \"Engine code\"\n",
    );
    assert!(of_rule(&project.findings(&[]), Rule::SharedSymbol).is_empty());
}

#[test]
fn spelling_learns_the_catalog_vocabulary_and_groups_a_typo() {
    let project = Project::new();
    project.write(
        "gw.md",
        "\
# Gateway errors

## GW-0001: broker failed

* Cause: The brokr stopped while the flowmesh relayed a frame.
* Solution: Restart the flowmesh daemon. Set the mode as well.

## GW-0002: route missing

* Cause: The brokr stopped before any route was loaded.
* Solution: Ask the flowmesh owners, then reload the quelet with relayd.

## GW-0003: queue full

* Cause: The brokr stopped and a queue filled up.
* Solution: Drain the quelet with `qdrain` (or `relayd --drain`). Check the prechek.

## GW-0004: queue gone

* Cause: The brokr stopped and a queue filled up.
* Solution: Recreate the queue (`relayd --queue`). Check the prechek after each prechek run, and the prechek log.
",
    );
    project.write(
        "site.toml",
        "sources = [\"gw.md\"]\n\n[spelling]\nwords = [\"precheck\"]\n",
    );
    let findings = project.findings(&[]);
    let spelling = of_rule(&findings, Rule::Spelling);
    let messages: Vec<&str> = spelling
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // The catalog's vocabulary is learned: `flowmesh` (three contexts),
    // `relayd` (once in prose, and twice written as code). `quelet` (two
    // contexts, never code) is still checked, and so is `prechek` in four
    // contexts: it is one letter from `precheck` of the word list.
    assert_eq!(
        messages,
        [
            "unknown word `brokr` (4 times)",
            "unknown word `quelet` (2 times)",
            "unknown word `prechek` (4 times)",
        ],
        "{spelling:#?}"
    );
    // The typo pasted into four entries is one finding, the rest related.
    let related: Vec<u64> = spelling[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(related, [10, 15, 20]);
}
