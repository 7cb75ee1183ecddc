//! Inputs at the edges: a 1 MB line, 10,000 levels of nesting (lists,
//! quotes, emphasis, links, HTML), 10,000 codes in one section. Every
//! command must finish without a panic or a stack overflow, with its
//! documented exit code. The large sizes (a 200 MB catalog, 100,000
//! codes in one section) and their memory are in `bench/limits.py`.

use crate::support::errbook;
use std::path::Path;

fn entry(id: &str, solution: &str) -> String {
    format!(
        "## Edge error codes\n\n### {id}\n\n**Error level:** ERROR\n\n**Error message:** edge case\n\n**Cause:** c\n\n**Solution:** {solution}\n"
    )
}

/// Runs every command on `text`; each must exit normally (0 or 1).
fn survives(name: &str, text: &str, id: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.md"));
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("site");
    let runs: [Vec<&str>; 6] = [
        vec!["check", "c.md"],
        vec!["build", "c.md", "--out", out.to_str().unwrap(), "-q"],
        vec!["explain", id, "c.md", "--no-pager"],
        vec!["search", "edge case", "c.md"],
        vec!["export", "c.md"],
        vec!["bundle", "c.md", "-o", "b.html", "-q"],
    ];
    std::fs::rename(&file, dir.path().join("c.md")).unwrap();
    for args in runs {
        let output = errbook(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: errbook {} exited with {:?}: {}",
            args.join(" "),
            output.status,
            stderr.chars().take(500).collect::<String>()
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    assert!(Path::new(&out).join("index.html").is_file());
}

#[test]
fn a_one_megabyte_line() {
    let line = "word ".repeat(210_000);
    survives("line", &entry("EDGE-LINE000001", &line), "EDGE-LINE000001");
    // And a 1 MB heading.
    let id = format!("EDGE-{}", "A".repeat(1_000_000));
    survives("heading", &entry(&id, "s"), "EDGE-AAAA");
}

#[test]
fn ten_thousand_nested_lists() {
    let nested = format!("{}deep", "- ".repeat(10_000));
    survives(
        "lists",
        &entry("EDGE-LIST000001", &format!("\n\n{nested}\n")),
        "EDGE-LIST000001",
    );
    let numbered = format!("{}deep", "1. ".repeat(10_000));
    survives(
        "numbered",
        &entry("EDGE-LIST000002", &format!("\n\n{numbered}\n")),
        "EDGE-LIST000002",
    );
}

#[test]
fn ten_thousand_nested_quotes_emphasis_links_and_html() {
    let cases = [
        ("quotes", format!("\n\n{} deep\n", ">".repeat(10_000))),
        // Lists inside quotes inside lists (explain once cut a `│` in two).
        (
            "quoted-lists",
            format!("\n\n{}deep\n", "> - 1. ".repeat(3_000)),
        ),
        (
            "emphasis",
            format!("{}x{}", "*a ".repeat(10_000), " a*".repeat(10_000)),
        ),
        (
            "strong",
            format!("{}x{}", "**".repeat(10_000), "**".repeat(10_000)),
        ),
        (
            "links",
            format!("{}x{}", "[".repeat(10_000), "](y)".repeat(10_000)),
        ),
        (
            "html",
            format!(
                "\n\n{}x{}\n",
                "<div>".repeat(10_000),
                "</div>".repeat(10_000)
            ),
        ),
        ("spans", format!("{}x", "`".repeat(10_000))),
    ];
    for (name, solution) in cases {
        survives(
            name,
            &entry("EDGE-NEST000001", &solution),
            "EDGE-NEST000001",
        );
    }
}

#[test]
fn ten_thousand_codes_in_one_section() {
    let mut text = String::from("## Edge error codes\n\n");
    for n in 0..10_000 {
        text.push_str(&format!(
            "### EDGE-MANY{n:06}\n\n**Error level:** ERROR\n\n**Error message:** edge case {n}\n\n**Cause:** c\n\n**Solution:** s\n\n"
        ));
    }
    survives("many", &text, "EDGE-MANY000001");
}
