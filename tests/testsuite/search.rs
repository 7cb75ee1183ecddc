//! `errbook search` on the shipped catalog and on small fixtures: each
//! kind of query, the quality bar on the sample and on our own queries,
//! JSON output, exit codes, and the browser index written by `build`.

use crate::support::{errbook, files_under, repo};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A verbatim copy of `../shared/queries/sample.tsv`, so the tests also
/// run where `../shared` is not beside the clone (GitHub Actions).
fn sample() -> PathBuf {
    repo().join("tests/sample-queries.tsv")
}

/// The copy equals `../shared/queries/sample.tsv`. Without the original
/// this fails, as a test that cannot fail checks nothing; where
/// `../shared` is absent by design (GitHub Actions), `ERRBOOK_NO_SHARED=1`
/// says so and the test notes it instead.
#[test]
fn the_sample_copy_is_current() {
    let shared = repo().join("../shared/queries/sample.tsv");
    let no_shared = std::env::var_os("ERRBOOK_NO_SHARED").is_some_and(|v| v == "1");
    if no_shared && !shared.exists() {
        eprintln!(
            "note: ERRBOOK_NO_SHARED=1 and {} is absent; using the copy in tests/ unchecked",
            shared.display()
        );
        return;
    }
    let upstream = std::fs::read_to_string(&shared).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set ERRBOOK_NO_SHARED=1 where ../shared is not beside the clone)",
            shared.display()
        )
    });
    assert_eq!(
        std::fs::read_to_string(sample()).unwrap(),
        upstream,
        "copy {} to tests/sample-queries.tsv",
        shared.display()
    );
}

/// The first five ranked codes for `query` on the shipped catalog.
fn codes(query: &str) -> Vec<String> {
    json_hits_of(query, repo(), &["-n", "5"])
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

fn eval(file: &Path) -> Value {
    let out = errbook(
        repo(),
        &[
            "search",
            "--eval",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sample_queries_all_find_their_code_first() {
    let report = eval(&sample());
    assert!(report["overall"]["queries"].as_u64().unwrap() >= 16);
    assert_eq!(
        report["overall"]["hit_at_1"], 1.0,
        "misses: {}",
        report["misses"]
    );
    for kind in ["code", "code-template", "log", "text", "typo"] {
        assert_eq!(report["by_kind"][kind]["hit_at_1"], 1.0, "{kind}");
    }
}

/// `explain --log` names every sample query as the search does: the
/// search's first code when it is confident, nothing when not.
#[test]
fn eval_reports_that_explain_log_agrees_with_search_on_every_query() {
    let report = eval(&sample());
    let overall = &report["overall"];
    assert_eq!(
        overall["log_agrees"], overall["queries"],
        "{}",
        report["disagreements"]
    );
    assert_eq!(report["disagreements"], serde_json::json!([]));
    let out = eval_lines("q.tsv", "CM-RESOIE000201\tCM-RESOIE000201\tcode\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--log") && text.contains("100.0%"), "{text}");
}

#[test]
fn our_own_queries_meet_the_bar() {
    let report = eval(&repo().join("tests/queries.tsv"));
    let overall = &report["overall"];
    assert!(overall["queries"].as_u64().unwrap() >= 40);
    assert!(overall["hit_at_1"].as_f64().unwrap() >= 0.95, "{report}");
    assert_eq!(overall["hit_at_5"], 1.0, "{report}");
}

/// `errbook search --eval` on a query file holding `lines`.
fn eval_lines(name: &str, lines: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, lines).unwrap();
    errbook(repo(), &["search", "--eval", file.to_str().unwrap()])
}

#[test]
fn eval_prints_scores_per_kind_and_the_misses() {
    let out = eval_lines(
        "q.tsv",
        "# comment\nCM-RESOIE000201\tCM-RESOIE000201\tcode\nstore\tGHANA-MIGRAT000201\ttext\n",
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("hit@1") && text.contains("hit@5") && text.contains("MRR"),
        "{text}"
    );
    assert!(
        text.contains("overall") && text.contains("code") && text.contains("text"),
        "{text}"
    );
    assert!(
        text.contains("\"store\": expected GHANA-MIGRAT000201"),
        "{text}"
    );
}

#[test]
fn codes_in_any_case_and_in_part() {
    assert_eq!(codes("cm-resoie000201")[0], "CM-RESOIE000201");
    assert_eq!(codes("resoie000201")[0], "CM-RESOIE000201");
    assert_eq!(codes("CMADIE020603")[0], "SUPERVISOR-CMADIE020603");
    assert_eq!(codes("SIOO0400600")[0], "CONNECTOR-SIOO0400600");
    // A prefix ranks every code it starts first.
    let prefix = codes("cm-resoie");
    assert!(
        prefix[..2].iter().all(|c| c.starts_with("CM-RESOIE")),
        "{prefix:?}"
    );
}

#[test]
fn concrete_ids_find_their_templated_code() {
    assert_eq!(
        codes("CONNECTOR-SIKA-JSON-001101")[0],
        "CONNECTOR-SIKA-{type}-001101"
    );
    assert_eq!(
        codes("connector-sika-avro-001101")[0],
        "CONNECTOR-SIKA-{type}-001101"
    );
}

#[test]
fn log_lines_find_their_message_template() {
    assert_eq!(
        codes("No available store. SubTopic: [t1], checkpoint: [17000]")[0],
        "CM-RESOIE000201"
    );
    assert_eq!(
        codes("2026-11-21 08:00:01,123 ERROR [pool-3-thread-7] c.o.Reader - No available store. SubTopic: [orders_7], checkpoint: [1700000000] caused by x")[0],
        "CM-RESOIE000201"
    );
    // Two messages that differ in one word are not confused.
    let part = codes("Failed to operate part of process. Failed: [p1, p2],  Success: [p3]");
    let all = codes("Failed to operate all process. Failed: [p1, p2].");
    assert_ne!(part[0], all[0], "{part:?} {all:?}");
}

#[test]
fn words_parameters_and_typos() {
    assert_eq!(codes("max_trx_size")[0], "CONNECTOR-SIOO0400600");
    assert_eq!(
        codes("message.max.bytes")[0],
        "CONNECTOR-SIKA-{type}-001301"
    );
    assert_eq!(codes("undo_retention")[0], "CONNECTOR-SOOO0401555");
    // Stemming: other forms of the catalog's words, also ones it lacks.
    assert_eq!(codes("truncating partitions")[0], "CONNECTOR-SIOR01014054");
    assert_eq!(codes("deadlocks detected")[0], "CONNECTOR-SIOO00000060");
    assert_eq!(
        codes("kafka record too large")[0],
        "CONNECTOR-SIKA-{type}-001301"
    );
    assert_eq!(codes("dedlock")[0], "CONNECTOR-SIOO00000060");
    assert_eq!(codes("partiton key")[0], "CONNECTOR-SIOO00014400");
}

#[test]
fn json_output_is_a_ranked_array_with_code_level_message_score() {
    let out = errbook(repo(), &["search", "--format", "json", "CM-RESOIE000201"]);
    assert!(out.status.success());
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &hits[0];
    assert_eq!(first["code"], "CM-RESOIE000201");
    assert_eq!(first["level"], "FATAL");
    assert!(first["message"]
        .as_str()
        .unwrap()
        .starts_with("No available store"));
    assert_eq!(first["match"], "exact-id");
    let scores: Vec<f64> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn human_output_and_exit_codes() {
    let out = errbook(repo(), &["search", "-n", "2", "CM-RESOIE000201"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(" 1. CM-RESOIE000201"), "{text}");
    assert_eq!(text.lines().count(), 2);

    let none = errbook(repo(), &["search", "qqqqzzzzxxxx"]);
    assert_eq!(none.status.code(), Some(1), "nothing matches: exit 1");
    assert!(String::from_utf8_lossy(&none.stderr).contains("nothing matches"));

    let usage = errbook(repo(), &["search"]);
    assert_eq!(usage.status.code(), Some(2));
    let blank = errbook(repo(), &["search", "  "]);
    assert_eq!(
        blank.status.code(),
        Some(2),
        "a blank query is a usage error"
    );
    let long = "x".repeat(5000);
    let out = errbook(repo(), &["search", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.len() < 300, "the echo of a long query is cut");
    let missing = errbook(repo(), &["search", "--eval", "no-such.tsv"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such.tsv"));
}

#[test]
fn malformed_eval_lines_are_reported_with_their_line() {
    let out = eval_lines(
        "bad.tsv",
        "CM-RESOIE000201\tCM-RESOIE000201\tcode\njust a query\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tsv:2"), "{err}");
}

/// A catalog whose every field tries to break out, searched and built.
#[test]
fn hostile_text_stays_text_in_results_and_in_the_browser_index() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("errors.md");
    std::fs::write(
        &catalog,
        "## Hostile error codes\n\n### X-EVIL000001\n\n**Error level:** ERROR\n\n**Error message:** </script><script>alert(1)</script> <img src=x onerror=alert(2)> \u{2028} failed {name}\n\n**Cause:** `<iframe>` javascript:alert(3)\n\n**Solution:** Ignore.\n",
    )
    .unwrap();
    let out = errbook(
        dir.path(),
        &["search", "--format", "json", "failed alert", "errors.md"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["code"], "X-EVIL000001");

    let out = errbook(dir.path(), &["build", "errors.md", "--out", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut shards = 0;
    for entry in files_under(&dir.path().join("site/search")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !text.to_ascii_lowercase().contains("</script"),
            "{}",
            entry.display()
        );
        assert!(!text.contains('\u{2028}'), "{}", entry.display());
        assert!(text.starts_with("errbookShard(\""), "{}", entry.display());
        shards += 1;
    }
    assert!(shards >= 5);
}

#[test]
fn build_writes_a_sharded_browser_index() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = errbook(repo(), &["build", "--out", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::read_to_string(site.join("search/meta.js")).unwrap();
    let json = meta
        .trim_start_matches("errbookShard(\"meta\",")
        .trim_end()
        .trim_end_matches(");");
    let meta: Value = serde_json::from_str(json).unwrap();
    assert_eq!(meta["format"], 2);
    // The values search.js shares with the CLI come with the index.
    for value in [
        "tiers",
        "key_chars",
        "max_word_bytes",
        "endings",
        "form_extra",
        "cjk",
    ] {
        assert!(!meta["engine"][value].is_null(), "meta lacks {value}");
    }
    assert_eq!(meta["docs"], 81, "one search entry per distinct code");
    for namespace in ["i", "m", "w", "t", "f"] {
        assert!(
            meta["shards"][namespace].as_u64().unwrap() >= 1,
            "{namespace}"
        );
        assert!(site.join("search").join(namespace).is_dir(), "{namespace}");
    }
    assert!(site.join("static/search.js").is_file());
    assert!(site.join("search.html").is_file());
    // Every page has the search box.
    let page = std::fs::read_to_string(site.join("codes/cm-resoie000201.html")).unwrap();
    assert!(page.contains("id=\"search-input\""));
    // The index is part of the deterministic output.
    let again = dir.path().join("again");
    assert!(
        errbook(repo(), &["build", "--out", again.to_str().unwrap()])
            .status
            .success()
    );
    for file in files_under(&site.join("search")) {
        let twin = again.join(file.strip_prefix(&site).unwrap());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(&twin).unwrap(),
            "{}",
            file.display()
        );
    }
}

/// A catalog written in Chinese, as the OMS team writes it, with its own
/// section suffix.
fn chinese_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"错误码\"\nsources = [\"errors.md\"]\n\n[catalog]\nsection-suffix = \"错误码\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("errors.md"),
        "# 错误码\n\n## CM 错误码\n\n\
         ### CM-RESOIE000201\n\n**错误级别：** ERROR\n\n**错误信息：** 内存不足，任务失败。\n\n\
         **错误原因：** 由于 JVM 堆内存不足，Store 组件无法启动。\n\n**解决方法：** 增加内存后重启组件。\n\n\
         ### CM-RESOIE000202\n\n**错误级别：** WARN\n\n**错误信息：** 任务超时。\n\n\
         **错误原因：** 网络延迟过高，任务failed在Store组件。\n\n**解决方法：** 检查网络后重试任务。\n\n\
         ### CM-RESOIE000203\n\n**错误级别：** ERROR\n\n**错误信息：** 磁盘空间不足。\n\n\
         **错误原因：** 日志目录所在磁盘已满。\n\n**解决方法：** 清理日志后重启。\n",
    )
    .unwrap();
    dir
}

/// The ranked codes and match kinds `errbook search --format json` gives.
fn json_hits(query: &str, dir: &Path) -> Vec<(String, String)> {
    json_hits_of(query, dir, &[])
}

/// [`json_hits`] with more arguments (`-n 5`).
fn json_hits_of(query: &str, dir: &Path, more: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["search", "--format", "json"];
    args.extend_from_slice(more);
    args.push(query);
    let out = errbook(dir, &args);
    assert!(
        out.status.success(),
        "{query:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let field = |name: &str| h[name].as_str().unwrap().to_string();
            (field("code"), field("match"))
        })
        .collect()
}

#[test]
fn chinese_words_find_their_code_inside_longer_runs() {
    let dir = chinese_catalog();
    let first = |query: &str| json_hits(query, dir.path()).swap_remove(0);
    let text = |code: &str| (code.to_string(), "text".to_string());
    // The cause says `由于 JVM 堆内存不足，`: each query is part of a run.
    assert_eq!(first("内存不足"), text("CM-RESOIE000201"));
    assert_eq!(first("堆内存"), text("CM-RESOIE000201"));
    assert_eq!(first("为什么内存不足？"), text("CM-RESOIE000201"));
    assert_eq!(first("网络延迟"), text("CM-RESOIE000202"));
    assert_eq!(first("磁盘满了"), text("CM-RESOIE000203"));
    // Mixed text splits where the script changes, on both sides.
    assert_eq!(first("failed在Store"), text("CM-RESOIE000202"));

    let out = errbook(dir.path(), &["search", "-n", "1", "内存不足"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(" 1. CM-RESOIE000201"), "{text}");
    assert!(text.contains("内存不足，任务失败。"), "{text}");
}

#[test]
fn chinese_pairs_are_never_typo_corrected() {
    let dir = chinese_catalog();
    // `数据` and `据库` are in no code: nothing is near enough to them.
    let out = errbook(dir.path(), &["search", "数据库"]);
    assert_eq!(out.status.code(), Some(1), "nothing matches: exit 1");
    // A query with one known pair finds it as words, not as a typo.
    let hits = json_hits("内存溢出", dir.path());
    assert_eq!(hits[0], ("CM-RESOIE000201".into(), "text".into()));
}

#[test]
fn the_browser_index_of_a_chinese_catalog_holds_its_character_pairs() {
    let dir = chinese_catalog();
    let out = errbook(dir.path(), &["build", "--out", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut words: Vec<String> = Vec::new();
    let mut typo_shapes: Vec<String> = Vec::new();
    for file in files_under(&dir.path().join("site/search")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let json = text
            .split_once(',')
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(");");
        let shard: Value = serde_json::from_str(json).unwrap();
        let namespace = file.parent().unwrap().file_name().unwrap();
        if namespace == "w" {
            words.extend(shard.as_object().unwrap().keys().cloned());
        } else if namespace == "f" {
            typo_shapes.extend(shard.as_object().unwrap().keys().cloned());
        }
    }
    for pair in ["内存", "存不", "不足", "堆内", "任务", "组件", "失败"] {
        assert!(words.iter().any(|w| w == pair), "{pair} in {words:?}");
    }
    for word in ["jvm", "store", "failed"] {
        assert!(words.iter().any(|w| w == word), "{word} in {words:?}");
    }
    assert!(
        !words
            .iter()
            .any(|w| w == "内存不足" || w.chars().count() > 2 && w.contains('内')),
        "whole runs are not words: {words:?}"
    );
    // Typo candidates are filed by first letters and length.
    assert!(typo_shapes.contains(&"st:5".to_string()), "{typo_shapes:?}");
    assert!(
        typo_shapes.iter().all(|s| s.is_ascii()),
        "no CJK pair is a typo candidate: {typo_shapes:?}"
    );
}
