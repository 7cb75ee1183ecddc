//! The built site in a real browser: headless Chromium opens pages from
//! file://, runs the theme's script under the pages' Content-Security-
//! Policy, and records every network request in a net log.
//!
//! Needs Chromium (`apt-get install chromium`): `cargo test --features
//! browser --test browser`. Without Chromium these tests fail; they never
//! pass silently. Screenshots land in target/browser-screenshots/.

#![cfg(feature = "browser")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }
    panic!("Chromium not found: install it (apt-get install -y chromium) to run the browser tests");
}

/// Flags that keep headless Chromium off the network and quiet.
fn base_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--hide-scrollbars",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

struct Visit {
    dom: String,
    /// http(s) URLs the page itself requested (not Chromium's own traffic).
    page_requests: Vec<String>,
}

fn visit(url: &str) -> Visit {
    let tmp = tempfile::tempdir().unwrap();
    let netlog = tmp.path().join("netlog.json");
    let out = Command::new(chromium())
        .args(base_args(&tmp.path().join("profile")))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--virtual-time-budget=3000")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let mut page_requests = Vec::new();
    for event in log["events"].as_array().unwrap() {
        let params = &event["params"];
        let (Some(url), Some(initiator)) = (params["url"].as_str(), params["initiator"].as_str())
        else {
            continue;
        };
        // Chromium's own background requests have no initiating origin.
        if initiator != "not an origin" && (url.starts_with("http:") || url.starts_with("https:")) {
            page_requests.push(url.to_string());
        }
    }
    Visit {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        page_requests,
    }
}

fn screenshot(url: &str, dark: bool, file: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file);
    let tmp = tempfile::tempdir().unwrap();
    let mut command = Command::new(chromium());
    command
        .args(base_args(&tmp.path().join("profile")))
        .arg("--window-size=1100,1400")
        .arg("--virtual-time-budget=3000")
        .arg(format!("--screenshot={}", path.display()));
    if dark {
        command.args([
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ]);
    }
    let out = command.arg(url).output().expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// The shipped catalog, built once for all tests.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        let status = Command::new(env!("CARGO_BIN_EXE_errbook"))
            .args(["build", "--out", out.to_str().unwrap()])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success());
        out
    })
}

fn file_url(page: &str) -> String {
    format!(
        "file://{}",
        site().join(page).canonicalize().unwrap().display()
    )
}

#[test]
fn the_request_detector_sees_a_page_request() {
    // A page without our CSP that loads an image from a closed loopback
    // port: proves the check below would catch a request.
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("probe.html");
    std::fs::write(&page, "<img src=\"http://127.0.0.1:9/probe.png\">").unwrap();
    let visit = visit(&format!("file://{}", page.display()));
    assert_eq!(visit.page_requests, ["http://127.0.0.1:9/probe.png"]);
}

#[test]
fn home_page_works_from_disk_with_its_script_and_no_requests() {
    let visit = visit(&file_url("index.html"));
    // The script ran (under the CSP, from file://): it unhides its controls.
    assert!(
        visit
            .dom
            .contains(r#"<form class="jump" id="jump" role="search">"#),
        "jump box still hidden"
    );
    assert!(
        visit
            .dom
            .contains(r#"<fieldset class="level-filter" id="level-filter">"#),
        "filter still hidden"
    );
    assert!(visit
        .dom
        .contains(r#"<span class="badge level-fatal" title="Level: FATAL">"#));
    assert_eq!(visit.page_requests, Vec::<String>::new());
}

#[test]
fn code_page_shows_badge_editions_and_highlighting_with_no_requests() {
    let code = visit(&file_url("codes/cm-resoie000201.html"));
    assert!(code.dom.contains(
        r#"<button type="button" class="copy" data-copy="CM-RESOIE000201">Copy</button>"#
    ));
    assert!(code
        .dom
        .contains(r#"<span class="visually-hidden">Level: </span>FATAL</span>"#));
    assert!(code
        .dom
        .contains(r#"<p class="edition-label">Enterprise Edition</p>"#));
    assert_eq!(code.page_requests, Vec::<String>::new());

    // The catalog's remote images stay links: nothing is fetched.
    let block = visit(&file_url("codes/connector-sika-type-001101.html"));
    assert!(block
        .dom
        .contains(r#"<code data-lang="json"><span class="hl-source hl-json">"#));
    assert!(block.dom.contains("remote image, not loaded"));
    assert_eq!(block.page_requests, Vec::<String>::new());
}

#[test]
fn screenshots_in_light_and_dark() {
    for (page, name) in [
        ("index.html", "home"),
        ("codes/cm-resoie000201.html", "code"),
        ("codes/connector-sika-type-001101.html", "code-block"),
    ] {
        let light = std::fs::read(screenshot(
            &file_url(page),
            false,
            &format!("{name}-light.png"),
        ))
        .unwrap();
        let dark = std::fs::read(screenshot(
            &file_url(page),
            true,
            &format!("{name}-dark.png"),
        ))
        .unwrap();
        assert!(
            light.starts_with(b"\x89PNG") && light.len() > 10_000,
            "{name} light"
        );
        assert!(
            dark.starts_with(b"\x89PNG") && dark.len() > 10_000,
            "{name} dark"
        );
        assert_ne!(light, dark, "{name}: dark mode looks the same as light");
    }
}
