//! `errbook explain` (one entry in the terminal, `--log` scanning), `init`,
//! `completions` and the global flags, on the shipped catalog and on
//! fixtures made here.

use crate::support::{errbook, errbook_command, repo, stderr, stdout};
use serde_json::Value;
use std::process::{Command, Stdio};

#[test]
fn explain_a_full_id_in_any_case() {
    let out = errbook(repo(), &["explain", "cm-resoie000201"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "CM-RESOIE000201  FATAL");
    assert!(lines[1].starts_with("CM error codes · content/oms-error-codes.md:"));
    for expected in [
        "Error message",
        "    No available store. SubTopic: [%s], checkpoint: [%s]",
        "Cause",
        "Solution",
        "    Enterprise Edition:",
        "    1. Restart an existing store.",
        "    ApsaraDB for OceanBase: Submit a ticket.",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected:?} missing in:\n{text}"
        );
    }
    // Piped: no colour, no pager, wrapped at 80 columns.
    assert!(!text.contains('\u{1b}'));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn explain_wraps_to_columns_and_colours_on_request() {
    let narrow = errbook_command(repo(), &["explain", "CM-RESOIE000201"])
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    assert!(stdout(&narrow).lines().all(|l| l.chars().count() <= 50));
    let coloured = errbook(repo(), &["explain", "CM-RESOIE000201", "--color", "always"]);
    assert!(
        stdout(&coloured).contains("\u{1b}["),
        "--color always colours"
    );
    let never = errbook(repo(), &["explain", "CM-RESOIE000201", "--color", "never"]);
    assert!(!stdout(&never).contains('\u{1b}'));
}

#[test]
fn explain_a_partial_and_a_templated_id() {
    let partial = errbook(repo(), &["explain", "resoie000201"]);
    assert_eq!(partial.status.code(), Some(0));
    assert!(stdout(&partial).starts_with("CM-RESOIE000201  FATAL"));
    assert!(stderr(&partial).contains("matched CM-RESOIE000201 (part of the code)"));

    let templated = errbook(repo(), &["explain", "CONNECTOR-SIKA-JSON-001101"]);
    assert_eq!(templated.status.code(), Some(0));
    assert!(
        stdout(&templated).starts_with("CONNECTOR-SIKA-{type}-001101  ERROR"),
        "{}",
        stdout(&templated)
    );
}

#[test]
fn explain_shows_every_definition_of_a_duplicated_code() {
    let out = errbook(repo(), &["explain", "SUPERVISOR-CMADIE020208"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("definition 1 of 2") && text.contains("definition 2 of 2"));
}

#[test]
fn explain_without_a_match_suggests_and_exits_1() {
    let typo = errbook(repo(), &["explain", "CM-RESOIE00201"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(stdout(&typo).is_empty());
    assert!(stderr(&typo).contains("no code matches `CM-RESOIE00201`"));
    assert!(
        stderr(&typo).contains("did you mean: CM-RESOIE000201"),
        "{}",
        stderr(&typo)
    );

    let several = errbook(repo(), &["explain", "CM-RESOIE"]);
    assert_eq!(several.status.code(), Some(1));
    assert!(stderr(&several).contains("2 codes match"));
    assert!(
        stderr(&several).contains("CM-RESOIE000201")
            && stderr(&several).contains("CM-RESOIE000202")
    );

    let blank = errbook(repo(), &["explain"]);
    assert_eq!(blank.status.code(), Some(2));
}

#[test]
fn explain_never_prints_control_characters_from_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("c.md");
    std::fs::write(
        &catalog,
        "## X error codes\n\n### X-EVIL000001\n\n**Error level:** ERROR\n\n**Error message:** bad \u{1b}]0;pwned\u{7} title\n\n**Cause:** \u{1b}[2J cleared\n\n**Solution:** none\n",
    )
    .unwrap();
    let out = errbook(dir.path(), &["explain", "X-EVIL000001", "c.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    assert!(stdout(&out).contains("bad ]0;pwned title"));
}

const LOG: &str = "\
2026-11-27 10:00:01.123 INFO [main] starting
2026-11-27 10:00:02.456 ERROR [pool-1] No available store. SubTopic: [t1], checkpoint: [17000]
2026-11-27 10:00:03.000 WARN [pool-2] code=CM-RESOIE000202 while reading
2026-11-27 10:00:04.000 ERROR [sink] CONNECTOR-SIKA-JSON-001101 failed
2026-11-27 10:00:05.000 INFO CM-RESOIE0002011 is not a code
2026-11-27 10:00:06.000 ERROR [pool-1] No available store. SubTopic: [t2], checkpoint: [17001]
";

#[test]
fn explain_log_finds_known_lines_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("oms.log");
    std::fs::write(&log, LOG).unwrap();
    let log_arg = log.to_str().unwrap();
    let out = errbook(repo(), &["explain", "--log", log_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "      2: CM-RESOIE000201 FATAL (by its message): Restart an existing store.",
            "      3: CM-RESOIE000202 FATAL: Restart an existing store.",
            "      4: CONNECTOR-SIKA-{type}-001101 ERROR: Check the status of Kafka Server and test the network connectivity.",
            "      6: CM-RESOIE000201 FATAL (by its message): Restart an existing store.",
        ]
    );
    assert!(text.contains("4 of 6 lines name a known error"), "{text}");
    assert!(text.contains("      2  FATAL    CM-RESOIE000201"), "{text}");
    assert!(text.contains("by level: FATAL 3, ERROR 1"), "{text}");

    let json = errbook(repo(), &["explain", "--log", log_arg, "--format", "json"]);
    let records: Vec<Value> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(records.len(), 5);
    assert_eq!(records[0]["line"], 2);
    assert_eq!(records[0]["code"], "CM-RESOIE000201");
    assert_eq!(records[0]["match"], "message");
    assert_eq!(records[1]["match"], "id");
    let summary = &records[4]["summary"];
    assert_eq!(summary["lines"], 6);
    assert_eq!(summary["matched_lines"], 4);
    assert_eq!(summary["codes"][0]["code"], "CM-RESOIE000201");
    assert_eq!(summary["codes"][0]["count"], 2);
}

#[test]
fn explain_log_reads_standard_input_and_reports_missing_files() {
    let mut child = errbook_command(repo(), &["explain", "--log", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(LOG.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("      3: CM-RESOIE000202 FATAL"));
    assert!(stderr(&out).is_empty(), "-q: {}", stderr(&out));

    let missing = errbook(repo(), &["explain", "--log", "no-such.log"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such.log"));
}

#[test]
fn init_then_check_then_build_pass() {
    let dir = tempfile::tempdir().unwrap();
    let project_dir = dir.path().join("my errors");
    let init = errbook(
        dir.path(),
        &[
            "init",
            project_dir.to_str().unwrap(),
            "--title",
            "My \"errors\"",
        ],
    );
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    for file in [
        "site.toml",
        "content/error-codes.md",
        ".github/workflows/errbook.yml",
        ".gitignore",
    ] {
        assert!(project_dir.join(file).is_file(), "{file}");
    }
    let check = errbook(&project_dir, &["check", "--deny", "warnings"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stderr(&check).contains("0 errors, 0 warnings in 3 codes"));
    let build = errbook(&project_dir, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let index = std::fs::read_to_string(project_dir.join("public/index.html")).unwrap();
    assert!(index.contains("My &quot;errors&quot;") || index.contains("My \"errors\""));
    assert!(project_dir
        .join("public/codes/store-disk000001.html")
        .is_file());
    let workflow =
        std::fs::read_to_string(project_dir.join(".github/workflows/errbook.yml")).unwrap();
    // The action of this release, pinned (its cache key follows the
    // release), with the findings uploaded to code scanning.
    let pinned = format!("uses: errbook/errbook@v{}\n", env!("CARGO_PKG_VERSION"));
    assert!(workflow.contains(&pinned), "{workflow}");
    assert!(!workflow.contains("--git"), "{workflow}");
    assert!(workflow.contains("sarif: errbook.sarif"), "{workflow}");
    assert!(
        workflow.contains("github/codeql-action/upload-sarif@"),
        "{workflow}"
    );
    assert!(workflow.contains("security-events: write"), "{workflow}");
    assert!(workflow.contains("actions/deploy-pages"));
    // Every link into the README from the scaffold names a heading it has.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let anchors: Vec<String> = readme
        .lines()
        .filter(|line| line.starts_with('#'))
        .map(github_anchor)
        .collect();
    let site_toml = std::fs::read_to_string(project_dir.join("site.toml")).unwrap();
    let links: Vec<&str> = site_toml
        .split("errbook/errbook#")
        .skip(1)
        .map(|rest| rest.split(|c: char| c.is_whitespace()).next().unwrap())
        .collect();
    assert!(!links.is_empty(), "{site_toml}");
    for link in links {
        assert!(
            anchors.iter().any(|a| a == link),
            "README has no heading #{link}"
        );
    }

    // A second init overwrites nothing.
    let before = std::fs::read(project_dir.join("content/error-codes.md")).unwrap();
    let again = errbook(&project_dir, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("not overwriting"));
    assert_eq!(
        std::fs::read(project_dir.join("content/error-codes.md")).unwrap(),
        before
    );
}

#[test]
fn completions_version_and_quiet() {
    for shell in ["bash", "zsh", "fish"] {
        let out = errbook(repo(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        let script = stdout(&out);
        assert!(
            script.contains("explain") && script.contains("serve"),
            "{shell}"
        );
    }
    let version = errbook(repo(), &["--version"]);
    assert_eq!(
        stdout(&version),
        format!("errbook {}\n", env!("CARGO_PKG_VERSION"))
    );
    for command in ["serve", "explain", "init", "build", "check", "search"] {
        let help = errbook(repo(), &[command, "--help"]);
        assert_eq!(help.status.code(), Some(0));
        assert!(
            stdout(&help).contains("Examples:"),
            "{command} --help has examples"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("site");
    let quiet = errbook(repo(), &["build", "-q", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    let verbose = errbook(repo(), &["build", "-v", "--out", out_dir.to_str().unwrap()]);
    assert!(
        stderr(&verbose).contains("search index in"),
        "{}",
        stderr(&verbose)
    );
    // Not a terminal, so no progress bar and no colour, even in check.
    assert!(!verbose.stderr.contains(&0x1b));
    let check = errbook(repo(), &["check"]);
    assert!(!check.stdout.contains(&0x1b));
    let forced = errbook(repo(), &["check", "--color", "always"]);
    assert!(forced.stdout.contains(&0x1b));
    let conflict = errbook(repo(), &["build", "-q", "-v"]);
    assert_eq!(conflict.status.code(), Some(2));
}

/// Runs `command` (a shell line) on a pseudo-terminal with util-linux
/// `script`, and returns what the terminal received.
fn on_terminal(command: &str, env: &[(&str, &str)]) -> String {
    let mut script = Command::new("script");
    script
        .args(["-qec", command, "/dev/null"])
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .env("COLUMNS", "100")
        .env("LINES", "40");
    for (key, value) in env {
        script.env(key, value);
    }
    let out = script
        .output()
        .expect("util-linux `script` runs commands on a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_colour_and_pager_unless_told_otherwise() {
    let bin = env!("CARGO_BIN_EXE_errbook");
    let explain = format!("{bin} explain CM-RESOIE000201");
    // The pager is used on a terminal (here one that marks each line).
    let paged = on_terminal(&explain, &[("PAGER", "sed 's/^/paged: /'")]);
    assert!(paged.contains("paged: "), "{paged}");
    assert!(paged.contains("\u{1b}["), "colour on a terminal");
    let plain = on_terminal(
        &format!("{explain} --no-pager"),
        &[("PAGER", "sed 's/^/paged: /'"), ("NO_COLOR", "1")],
    );
    assert!(!plain.contains("paged: ") && plain.contains("No available store"));
    assert!(!plain.contains("\u{1b}["), "NO_COLOR: {plain:?}");
    let check = on_terminal(&format!("{bin} check"), &[]);
    assert!(check.contains("\u{1b}["), "check colours on a terminal");
    let check = on_terminal(&format!("{bin} check"), &[("NO_COLOR", "1")]);
    assert!(!check.contains("\u{1b}["));
}

/// The anchor GitHub gives a README heading: lower case, punctuation
/// other than `-` and `_` dropped, spaces as `-`.
fn github_anchor(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}
