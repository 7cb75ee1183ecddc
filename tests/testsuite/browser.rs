//! The built site in a real browser: headless Chromium opens pages from
//! file://, runs the theme's script under the pages' Content-Security-
//! Policy, and records every network request in a net log.
//!
//! Needs Chromium (`apt-get install chromium chromium-driver`): `cargo
//! test --features browser --test testsuite browser::`; compiled only
//! with the feature. Without Chromium these tests fail; they never pass
//! silently. Screenshots land in target/browser-screenshots/.

use crate::support::{
    assert_ok, edit_scaffold_message, errbook, errbook_command, files_under, repo,
};
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
        assert_ok(&errbook(repo(), &["build", "--out", out.to_str().unwrap()]));
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

/// Headless Chromium driven through chromedriver (WebDriver), for what a
/// page dump cannot show: typing, keys, results as you type.
struct Driver {
    process: std::process::Child,
    base: String,
    session: String,
}

impl Driver {
    fn start() -> Driver {
        Driver::start_with(&[])
    }

    /// With more Chromium flags.
    fn start_with(extra_args: &[&str]) -> Driver {
        let binary = ["chromedriver", "chromium-driver"]
            .iter()
            .find_map(|name| {
                let out = Command::new("which").arg(name).output().ok()?;
                out.status
                    .success()
                    .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            })
            .expect("chromedriver not found: apt-get install -y chromium-driver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if ureq::get(&format!("{base}/status")).call().is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1100,900",
        ];
        args.extend_from_slice(extra_args);
        let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": chromium(), "args": args}}}});
        let response: serde_json::Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .expect("a WebDriver session")
            .into_json()
            .unwrap();
        let session = response["value"]["sessionId"].as_str().unwrap().to_string();
        Driver {
            process,
            base,
            session,
        }
    }

    fn post(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let response: serde_json::Value = match ureq::post(&url).send_json(body.clone()) {
            Ok(response) => response.into_json().unwrap(),
            Err(ureq::Error::Status(code, response)) => {
                panic!(
                    "{path} {body}: {code} {}",
                    response.into_string().unwrap_or_default()
                )
            }
            Err(e) => panic!("{path}: {e}"),
        };
        response["value"].clone()
    }

    fn open(&self, url: &str) {
        self.post("/url", serde_json::json!({ "url": url }));
    }

    fn script(&self, js: &str) -> serde_json::Value {
        self.post(
            "/execute/sync",
            serde_json::json!({ "script": js, "args": [] }),
        )
    }

    /// Runs `js`, which ends by calling `done(value)`; the value.
    fn script_async(&self, js: &str, args: serde_json::Value) -> serde_json::Value {
        let js = format!("var done = arguments[arguments.length - 1]; {js}");
        self.post(
            "/execute/async",
            serde_json::json!({ "script": js, "args": args }),
        )
    }

    /// Keys typed into whatever has focus.
    fn keys(&self, text: &str) {
        let actions: Vec<serde_json::Value> = text
            .chars()
            .flat_map(|c| {
                [
                    serde_json::json!({"type": "keyDown", "value": c.to_string()}),
                    serde_json::json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.post(
            "/actions",
            serde_json::json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
    }

    /// Polls `js` (an expression) until it is truthy; its value.
    fn wait_for(&self, js: &str) -> serde_json::Value {
        for _ in 0..100 {
            // A page that is reloading cannot run scripts: try again.
            let url = format!("{}/session/{}/execute/sync", self.base, self.session);
            let body = serde_json::json!({ "script": format!("return {js};"), "args": [] });
            let value = match ureq::post(&url).send_json(body) {
                Ok(response) => response.into_json::<serde_json::Value>().unwrap()["value"].clone(),
                Err(_) => serde_json::Value::Null,
            };
            if !(value.is_null() || value == false || value == "") {
                return value;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("timed out waiting for {js}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.process.kill();
    }
}

const ARROW_DOWN: &str = "\u{E015}";
const ARROW_UP: &str = "\u{E013}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// The first code `errbook search` gives for `query`.
fn cli_first(query: &str) -> Option<String> {
    let out = errbook(repo(), &["search", "--format", "json", "-n", "1", query]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    hits[0]["code"].as_str().map(str::to_string)
}

fn query_param(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The sample's queries, and our own, on search.html?q=, opened from
/// file://: every one finds its code first, and the first result is the
/// CLI's.
#[test]
fn browser_search_finds_every_sample_code_first_like_the_cli() {
    let dir = repo().join("tests");
    let sample = std::fs::read_to_string(dir.join("sample-queries.tsv")).unwrap()
        + &std::fs::read_to_string(dir.join("queries.tsv")).unwrap();
    let driver = Driver::start();
    let mut checked = 0;
    for line in sample
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut columns = line.split('\t');
        let (query, accepted) = (columns.next().unwrap(), columns.next().unwrap());
        driver.open(&format!(
            "{}?q={}",
            file_url("search.html"),
            query_param(query)
        ));
        let done = driver
            .wait_for("document.getElementById('search-page-status').getAttribute('data-done')");
        assert_eq!(done, "true", "{query:?}");
        let first = driver.script(
            "var li = document.querySelector('#search-page-results li'); return li && li.getAttribute('data-code');",
        );
        let first = first.as_str().unwrap_or_default().to_string();
        assert!(
            accepted.split_whitespace().any(|a| a == first),
            "{query:?}: browser gave {first}, expected {accepted}"
        );
        assert_eq!(
            Some(first),
            cli_first(query),
            "{query:?}: browser and CLI disagree"
        );
        checked += 1;
    }
    assert!(checked >= 90);
}

/// A catalog in Chinese: the browser cuts queries into the character
/// pairs the index holds and ranks as the CLI does, and marks the pairs
/// it found in the results.
#[test]
fn browser_search_finds_chinese_words_like_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errors.md"),
        "# 错误码\n\n## CM error codes\n\n\
         ### CM-RESOIE000201\n\n**错误级别：** ERROR\n\n**错误信息：** 内存不足，任务失败。\n\n\
         **错误原因：** 由于 JVM 堆内存不足，Store 组件无法启动。\n\n**解决方法：** 增加内存后重启组件。\n\n\
         ### CM-RESOIE000202\n\n**错误级别：** WARN\n\n**错误信息：** 任务超时。\n\n\
         **错误原因：** 网络延迟过高，任务failed在Store组件。\n\n**解决方法：** 检查网络后重试任务。\n\n\
         ### CM-RESOIE000203\n\n**错误级别：** ERROR\n\n**错误信息：** 磁盘空间不足。\n\n\
         **错误原因：** 日志目录所在磁盘已满。\n\n**解决方法：** 清理日志后重启。\n",
    )
    .unwrap();
    assert_ok(&errbook(
        dir.path(),
        &["build", "errors.md", "--out", "site"],
    ));
    let driver = Driver::start();
    open_search_page(&driver, &dir.path().join("site"), "堆内存");
    let first = driver.script(
        "var li = document.querySelector('#search-page-results li'); return li && [li.getAttribute('data-code'), Array.from(li.querySelectorAll('mark')).map(function (m) { return m.textContent; })];",
    );
    assert_eq!(first, serde_json::json!(["CM-RESOIE000201", ["内存"]]));
    // The page has loaded the engine: ask it directly.
    let queries = [
        "内存不足",
        "堆内存",
        "任务失败",
        "网络延迟",
        "磁盘满了",
        "failed在Store",
        "重启组件",
        "JVM 内存",
    ];
    for query in queries {
        let out = errbook(
            dir.path(),
            &["search", "--format", "json", "-n", "5", query, "errors.md"],
        );
        assert_browser_top5_is_the_clis(&driver, query, &out.stdout);
    }
}

/// Opens the search page of the site in `site` for `query`, from disk,
/// and waits until it has shown its results.
fn open_search_page(driver: &Driver, site: &Path, query: &str) {
    let page = site.join("search.html").canonicalize().unwrap();
    driver.open(&format!(
        "file://{}?q={}",
        page.display(),
        query_param(query)
    ));
    driver.wait_for("document.getElementById('search-page-status').getAttribute('data-done')");
}

/// The top 5 (code and match kind) of the page's engine for `query`
/// equal `errbook search --format json -n 5`'s output `cli_json`.
fn assert_browser_top5_is_the_clis(driver: &Driver, query: &str, cli_json: &[u8]) {
    let hits: serde_json::Value = serde_json::from_slice(cli_json).unwrap();
    let cli: Vec<serde_json::Value> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| serde_json::json!([h["code"], h["match"]]))
        .collect();
    let browser = driver.script_async(
        "errbookSearch.search(arguments[0], 5).then(function (h) { done(h.map(function (x) { return [x.code, x.match]; })); }, function (e) { done('error: ' + e); });",
        serde_json::json!([query]),
    );
    assert!(!cli.is_empty(), "{query:?} finds nothing");
    assert_eq!(browser, serde_json::Value::Array(cli), "{query:?}");
}

/// Catalogs of other shapes in one site: a key field under a repeated
/// heading, a table with symbols. The browser finds codes by their
/// aliases and messages as the CLI does, and links to pages that exist.
#[test]
fn browser_search_finds_other_shapes_like_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "ora.md",
        "# Oracle mode\n\n\
         ## ORA-00600: internal error code, arguments: -4016, Internal error\n\n\
         * OceanBase error code: 4016\n* Cause: An internal error.\n* Solution: Contact support.\n\n\
         ## ORA-00600: internal error code, arguments: -4012, Timeout\n\n\
         * OceanBase error code: 4012\n* Cause: The statement ran out of time.\n* Solution: Raise the timeout.\n",
    );
    write(
        "table.md",
        "# Server errors\n\n| Error Code | SQLSTATE | Error | Description |\n| --- | --- | --- | --- |\n\
         | 1005 | HY000 | ER\\_CANT\\_CREATE\\_TABLE | Can't create table `%s` (code: %d) |\n\
         | 1006 | HY000 | ER_CANT_CREATE_DB | Can't create database '%s' \\| code %d |\n",
    );
    write(
        "site.toml",
        "title = \"Errors\"\n\n[[catalogs]]\nname = \"Oracle\"\nsources = [\"ora.md\"]\nkey = \"OceanBase error code\"\n\n\
         [[catalogs]]\nname = \"Server\"\nsources = [\"table.md\"]\n",
    );
    assert_ok(&errbook(dir.path(), &["build", "--out", "site"]));
    let driver = Driver::start();
    open_search_page(&driver, &dir.path().join("site"), "ORA-00600");
    let links = driver.script(
        "return Array.from(document.querySelectorAll('#search-page-results li a')).map(function (a) { return a.getAttribute('href'); });",
    );
    let links: Vec<String> = serde_json::from_value(links).unwrap();
    assert!(links.len() >= 2, "{links:?}");
    for link in &links {
        let path = link.strip_prefix("file://").unwrap_or(link);
        let path = std::path::Path::new(path.split('#').next().unwrap());
        assert!(path.is_file(), "{link} has no page");
    }
    for query in [
        "ORA-00600",
        "4012",
        "er_cant_create_db",
        "Can't create database 'shop' | code 7",
        "ran out of time",
    ] {
        let out = errbook(
            dir.path(),
            &["search", "--format", "json", "-n", "5", query],
        );
        assert_browser_top5_is_the_clis(&driver, query, &out.stdout);
    }
}

/// The search page loads its index from disk without any request.
#[test]
fn search_page_works_from_disk_with_no_requests() {
    let visit = visit(&format!("{}?q=No%20alive%20hosts", file_url("search.html")));
    assert!(
        visit.dom.contains(r#"data-code="CM-RESONF000001""#),
        "no result in {}",
        visit.dom
    );
    assert!(visit.dom.contains("<mark>"), "matches are highlighted");
    assert_eq!(visit.page_requests, Vec::<String>::new());
}

/// Typing in the header box: `/` focuses it, results come as you type,
/// arrows move, Enter opens, Escape closes. Nothing loads before typing.
#[test]
fn search_box_works_with_the_keyboard() {
    let driver = Driver::start();
    driver.open(&file_url("codes/cm-resonf000001.html"));
    driver.wait_for("!document.getElementById('search').hidden");
    assert_eq!(
        driver.script("return !!window.errbookSearch;"),
        false,
        "the search engine loads only when the reader types"
    );
    driver.keys("/");
    assert_eq!(
        driver.script("return document.activeElement.id;"),
        "search-input"
    );
    driver.keys("resoie00020");
    // Results come for every keystroke; wait for those of the last one.
    let first = driver.wait_for(
        "(function () { var a = document.querySelector('#search-results li.active a'); \
         var text = document.getElementById('search-results').textContent; \
         if (text.indexOf('unavailable') >= 0) return text; \
         return a && a.textContent.indexOf('CM-RESOIE000201') >= 0 && a.textContent; })()",
    );
    assert!(
        first.as_str().unwrap().contains("CM-RESOIE000201"),
        "{first}"
    );
    assert_eq!(
        driver.script("return document.querySelector('#search-results li a .badge').className;"),
        "badge level-fatal"
    );
    assert!(driver
        .script("return document.querySelector('#search-results li a mark').textContent;")
        .as_str()
        .unwrap()
        .eq_ignore_ascii_case("resoie00020"));
    driver.keys(ARROW_DOWN);
    let active = "Array.from(document.querySelectorAll('#search-results li')).findIndex(function (l) { return l.classList.contains('active'); })";
    assert_eq!(driver.script(&format!("return {active};")), 1);
    driver.keys(ARROW_UP);
    assert_eq!(driver.script(&format!("return {active};")), 0);
    driver.keys(ESCAPE);
    assert_eq!(
        driver.script("return document.getElementById('search-results').hidden;"),
        true
    );
    driver.keys("1");
    driver.wait_for("!document.getElementById('search-results').hidden");
    driver.wait_for("document.getElementById('search-input').value === 'resoie000201' && document.querySelector('#search-results li.active a')");
    driver.keys(ENTER);
    let url = driver.wait_for("/cm-resoie000201\\.html$/.test(location.href) && location.href");
    assert!(url.as_str().unwrap().starts_with("file://"), "{url}");
}

/// Catalog text in results is text: a hostile message neither adds
/// elements nor runs script.
#[test]
fn search_results_escape_hostile_catalog_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errors.md"),
        "## Hostile error codes\n\n### X-EVIL000001\n\n**Error level:** ERROR\n\n\
         **Error message:** Failed `<img src=x onerror=\"document.title='pwned'\">` and `</script><script>document.title='pwned2'</script>`\n\n\
         **Cause:** Hostile.\n\n**Solution:** Ignore.\n\n\
         ### <img src=x onerror=alert(1)>-000002\n\n**Error level:** ERROR\n\n**Error message:** Failed again\n\n**Cause:** x\n\n**Solution:** y\n",
    )
    .unwrap();
    assert_ok(&errbook(
        dir.path(),
        &["build", "errors.md", "--out", "site"],
    ));
    let page = dir.path().join("site/search.html").canonicalize().unwrap();
    let driver = Driver::start();
    driver.open(&format!("file://{}?q=failed", page.display()));
    driver.wait_for("document.getElementById('search-page-status').getAttribute('data-done')");
    let texts = driver.script(
        "return Array.from(document.querySelectorAll('#search-page-results li')).map(function (l) { return l.textContent; });",
    );
    let texts = texts.as_array().unwrap();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.as_str().unwrap().contains("<img src=x onerror=")),
        "{texts:?}"
    );
    assert_eq!(
        driver.script("return document.querySelectorAll('#search-page-results img, #search-page-results script').length;"),
        0
    );
    let title = driver.script("return document.title;");
    assert!(title.as_str().unwrap().starts_with("Search"), "{title}");
}

/// `errbook serve` in a real browser: the page's own script (under the
/// page's Content-Security-Policy) hears the rebuild and reloads, a build
/// error shows on the page, and the check panel follows lint errors.
#[test]
fn served_page_reloads_itself_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert_ok(&errbook(dir.path(), &["init", "p", "-q"]));
    let mut server = errbook_command(&project, &["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let driver = Driver::start();
    driver.open(&format!("{url}codes/store-disk000001.html"));
    driver.wait_for("document.body.innerText.includes('no free space left.')");
    // Mark this page: a reload forgets the mark.
    driver.script("window.errbookMark = 1; return 0;");
    // Wait until the event stream is open, then edit.
    std::thread::sleep(std::time::Duration::from_millis(500));
    edit_scaffold_message(&project);
    driver.wait_for("document.body.innerText.includes('(edited)') && !window.errbookMark");

    // A broken template: the overlay shows on the page.
    std::fs::create_dir_all(project.join("templates")).unwrap();
    std::fs::write(
        project.join("templates/code.html"),
        "{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock %}",
    )
    .unwrap();
    let overlay = driver.wait_for(
        "document.getElementById('errbook-overlay') && document.getElementById('errbook-overlay').innerText",
    );
    assert!(overlay.as_str().unwrap().contains("code.html"), "{overlay}");
    std::fs::remove_file(project.join("templates/code.html")).unwrap();
    driver.wait_for("!document.getElementById('errbook-overlay') && document.body.innerText.includes('(edited)')");

    // A lint error: the check panel appears (after the reload, in place).
    assert!(driver
        .script("return document.getElementById('errbook-check');")
        .is_null());
    let catalog = project.join("content/error-codes.md");
    let edited = std::fs::read_to_string(&catalog).unwrap();
    std::fs::write(
        &catalog,
        edited.replace("### NET-CONN000101", "### STORE-DISK000001"),
    )
    .unwrap();
    let summary = driver.wait_for(
        "document.querySelector('#errbook-check summary') && document.querySelector('#errbook-check summary').textContent",
    );
    // duplicate-code, and conflicting-message: the two messages differ.
    assert!(summary.as_str().unwrap().contains("2 errors"), "{summary}");
    let _ = server.kill();
    let _ = server.wait();
}

/// The shipped catalog's single-file bundle, alone in its directory.
fn bundle() -> &'static Path {
    static BUNDLE: OnceLock<PathBuf> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-bundle");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("oms-error-codes.html");
        assert_ok(&errbook(repo(), &["bundle", "-o", file.to_str().unwrap()]));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "one file");
        file.canonicalize().unwrap()
    })
}

/// Chromium with no network: every request, loopback included, goes to
/// a proxy on a closed port.
const OFFLINE: [&str; 2] = [
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
];

#[test]
fn bundle_opens_from_disk_runs_its_scripts_and_requests_nothing() {
    let visit = visit(&format!("file://{}", bundle().display()));
    // The inline scripts ran under the bundle's hash-based CSP.
    assert!(
        visit
            .dom
            .contains(r#"<form class="jump" id="jump" role="search">"#),
        "jump box still hidden"
    );
    assert!(visit
        .dom
        .contains(r#"<div class="search" id="search" role="search">"#));
    assert_eq!(visit.page_requests, Vec::<String>::new());
}

/// The single file, opened from file:// with networking off: search as
/// you type, Enter jumps to the code inside the file, the level filter
/// and jump-to-code work, and the page loads no resource at all.
#[test]
fn bundle_search_filter_and_jump_work_offline() {
    let driver = Driver::start_with(&OFFLINE);
    let url = format!("file://{}", bundle().display());
    driver.open(&url);
    driver.wait_for("!document.getElementById('search').hidden");
    driver.keys("/");
    driver.keys("resoie000201");
    let first = driver.wait_for(
        "(function () { var a = document.querySelector('#search-results li.active a'); \
         return a && a.textContent.indexOf('CM-RESOIE000201') >= 0 && a.getAttribute('href'); })()",
    );
    assert_eq!(first, "#cm-resoie000201");
    driver.keys(ENTER);
    driver.wait_for("location.hash === '#cm-resoie000201'");
    assert_eq!(
        driver.script("return document.getElementById('search-results').hidden;"),
        true,
        "results close on arrival"
    );
    let top = driver.script(
        "return Math.round(document.getElementById('cm-resoie000201').getBoundingClientRect().top);",
    );
    assert!(
        top.as_i64().unwrap().abs() < 50,
        "the entry is not in view: {top}"
    );
    // And drawn: entries off screen are skipped until they come into view.
    driver.wait_for(
        "document.getElementById('cm-resoie000201').contains(document.elementFromPoint(200, 60))",
    );

    // Words find a code too, and nothing matching says so.
    driver.script("var i = document.getElementById('search-input'); i.value = ''; i.focus();");
    driver.keys("No alive hosts");
    driver.wait_for(
        "(function () { var a = document.querySelector('#search-results li.active a'); \
         return a && a.textContent.indexOf('CM-RESONF000001') >= 0; })()",
    );
    driver.script("var i = document.getElementById('search-input'); i.value = ''; i.focus();");
    driver.keys("zzqqxx");
    driver.wait_for(
        "document.getElementById('search-results').textContent.indexOf('No code matches') >= 0",
    );

    // The level filter hides the rows of an unticked level.
    driver.script("document.querySelector('#level-filter input[value=fatal]').click();");
    let shown = |level: &str| {
        driver.script(&format!(
            "return Array.from(document.querySelectorAll('tr[data-level={level}]')).filter(function (r) {{ return r.offsetParent !== null; }}).length;"
        ))
    };
    assert_eq!(shown("fatal"), 0);
    assert!(shown("error").as_i64().unwrap() > 10);
    driver.script("document.querySelector('#level-filter input[value=fatal]').click();");
    assert!(shown("fatal").as_i64().unwrap() > 10);

    // Jump to a code by its ID.
    driver.script("document.getElementById('jump-input').value = 'cm-resonf000001';");
    driver.script("document.querySelector('#jump button[type=submit]').click();");
    driver.wait_for("location.hash === '#cm-resonf000001'");

    assert!(driver
        .script("return location.href;")
        .as_str()
        .unwrap()
        .starts_with("file://"));
    assert_eq!(
        driver.script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
        ),
        serde_json::json!([]),
        "the single file loaded another resource"
    );
}

/// The bundle ranks as the CLI does: the same first result for every
/// sample query (the index and the engine are the site's).
#[test]
fn bundle_search_gives_the_clis_first_result() {
    let dir = repo().join("tests");
    let sample = std::fs::read_to_string(dir.join("sample-queries.tsv")).unwrap()
        + &std::fs::read_to_string(dir.join("queries.tsv")).unwrap();
    let driver = Driver::start_with(&OFFLINE);
    driver.open(&format!("file://{}", bundle().display()));
    driver.wait_for("window.errbookSearch");
    let mut checked = 0;
    for line in sample
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let query = line.split('\t').next().unwrap();
        let first = driver.script_async(
            "errbookSearch.search(arguments[0], 1).then(function (h) { done(h.length ? h[0].code : null); }, function (e) { done('error: ' + e); });",
            serde_json::json!([query]),
        );
        assert_eq!(
            first.as_str().map(str::to_string),
            cli_first(query),
            "{query:?}"
        );
        checked += 1;
    }
    assert!(checked >= 90);
}

/// A catalog written to attack its readers: script in every field, event
/// handler attributes, `javascript:` and `data:` links, raw HTML blocks,
/// and IDs made of a path, control characters, backslashes, markup,
/// quotes, 300 characters, and a pair that differs only in case. Every
/// page of the built site opens in Chromium with no script of the
/// catalog's running (no dialog, no marker set, no console message), the
/// build writes nothing outside its directory, and every entry is still
/// reachable from the home page and by search.
#[test]
fn hostile_catalog_runs_no_script_on_any_page() {
    let long_id = format!("X-{}", "L".repeat(298));
    let ids = [
        "X-SCRIPT000001".to_string(),
        "../../etc/passwd".to_string(),
        "X-CTRL\u{1}\u{7}000002".to_string(),
        "X\\BACK\\SLASH000003".to_string(),
        long_id.clone(),
        "X-CASE000004".to_string(),
        "x-case000004".to_string(),
        "<img src=x onerror=alert(1)>-000005".to_string(),
        "X-QUOTE\"'&amp;000006".to_string(),
    ];
    let mut catalog =
        String::from("# Hostile <script>alert(1)</script>\n\n## Hostile error codes\n\n");
    for (n, id) in ids.iter().enumerate() {
        catalog.push_str(&format!(
            "### {id}\n\n**Error level:** ERROR\n\n\
             **Error message:** Failed <script>window.errbookPwned={n};alert(1)</script> `<script>alert(2)</script>`\n\n\
             **Cause:** <img src=x onerror=\"window.errbookPwned='img{n}'\"> [js](javascript:window.errbookPwned=4) [data](data:text/html,<script>alert(1)</script>)\n\n\
             **Solution:** <div onclick=\"window.errbookPwned=5\" style=\"position:fixed\">click</div>\n\n\
             <iframe src=\"javascript:alert(1)\"></iframe><svg onload=\"window.errbookPwned=6\"></svg>\n\n\
             <a href=\"javascript:alert(1)\" onmouseover=\"alert(1)\">link</a> ![x](javascript:alert(1))\n\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("errors.md"), &catalog).unwrap();
    assert_ok(&errbook(
        dir.path(),
        &["build", "errors.md", "--out", "site", "-q"],
    ));
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["errors.md", "site"],
        "nothing written outside the site"
    );
    let site = dir.path().join("site").canonicalize().unwrap();
    let pages: Vec<PathBuf> = files_under(&site)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() >= 13, "{pages:?}");

    let driver = Driver::start();
    // Everything the browser logs from here on.
    let _ = driver.post("/se/log", serde_json::json!({ "type": "browser" }));
    for page in &pages {
        driver.open(&format!("file://{}", page.display()));
        driver.wait_for("document.readyState === 'complete'");
        let state = driver.script(
            "return { pwned: window.errbookPwned === undefined ? null : String(window.errbookPwned), \
              inline: Array.from(document.scripts).filter(function (s) { return !s.src; }).length, \
              handlers: document.querySelectorAll('[onerror],[onclick],[onload],[onmouseover]').length, \
              jsLinks: Array.from(document.querySelectorAll('a[href],iframe,img')).filter(function (e) { \
                return /^\\s*(javascript|data):/i.test(e.getAttribute('href') || e.getAttribute('src') || ''); }).length };",
        );
        assert_eq!(
            state,
            serde_json::json!({"pwned": null, "inline": 0, "handlers": 0, "jsLinks": 0}),
            "{}",
            page.display()
        );
        // An open dialog would answer here; none may be.
        let alert = ureq::get(&format!(
            "{}/session/{}/alert/text",
            driver.base, driver.session
        ))
        .call();
        assert!(
            matches!(alert, Err(ureq::Error::Status(404, _))),
            "a dialog is open on {} (or the WebDriver call failed)",
            page.display()
        );
    }
    let log = driver.post("/se/log", serde_json::json!({ "type": "browser" }));
    let messages: Vec<String> = log
        .as_array()
        .expect("chromedriver returns the browser log")
        .iter()
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
        .filter(|m| !m.contains("favicon"))
        .collect();
    assert!(messages.is_empty(), "console: {messages:#?}");

    // Every entry: a link on the home page that leads to a page with its ID.
    driver.open(&format!("file://{}", site.join("index.html").display()));
    let links = driver.script(
        "return Array.from(document.querySelectorAll('a[href^=\"codes/\"]')).map(function (a) { return a.href; });",
    );
    let mut links: Vec<String> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), ids.len(), "{links:#?}");
    let mut shown: Vec<String> = Vec::new();
    for link in &links {
        driver.open(link);
        let heading = driver
            .wait_for("document.querySelector('h1') && document.querySelector('h1').textContent");
        shown.push(heading.as_str().unwrap().trim().to_string());
    }
    // The IDs as the parser read them (a heading is Markdown: inline HTML
    // is not part of the ID, `&amp;` is `&`).
    let export = errbook(dir.path(), &["export", "errors.md"]);
    let model: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let parsed: Vec<String> = model["documents"][0]["sections"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(parsed.len(), ids.len());
    for id in &parsed {
        assert!(
            shown.iter().any(|h| h.starts_with(id.as_str())),
            "{id:?} has no page: {shown:#?}"
        );
    }
    // And by search, for the IDs a reader can type.
    // (`x-case000004` finds both of the pair, in catalog order.)
    for id in [
        "X-SCRIPT000001",
        "X-CASE000004",
        "../../etc/passwd",
        long_id.as_str(),
    ] {
        let page = site.join("search.html");
        driver.open(&format!("file://{}?q={}", page.display(), query_param(id)));
        driver.wait_for("document.getElementById('search-page-status').getAttribute('data-done')");
        let first = driver.script(
            "var li = document.querySelector('#search-page-results li'); return li ? li.textContent : '';",
        );
        assert!(first.as_str().unwrap().contains(id), "{id}: {first}");
    }
    driver.open(&format!(
        "file://{}?q=x-case000004",
        site.join("search.html").display()
    ));
    driver.wait_for("document.getElementById('search-page-status').getAttribute('data-done')");
    let both = driver.script(
        "return Array.from(document.querySelectorAll('#search-page-results li')).slice(0, 2).map(function (l) { return l.textContent; }).join(' | ');",
    );
    let both = both.as_str().unwrap();
    assert!(
        both.contains("X-CASE000004") && both.contains("x-case000004"),
        "{both}"
    );
}

/// The matcher's fixtures (tests/testsuite/matcher.rs: parts of
/// messages, codes in numeric catalogs, entries under one code, messages
/// quoted in the text): for every line, and for the noise lines, the
/// browser's top 5 is the CLI's.
#[test]
fn browser_ranks_real_kinds_of_log_lines_like_the_cli() {
    use crate::matcher::{
        NUMERIC, NUMERIC_LINES, PARTS, PARTS_LINES, SHARED, SHARED_LINES, TIDB, TIDB_LINES,
    };
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("parts.md", PARTS);
    write("numeric.md", NUMERIC);
    write("shared.md", SHARED);
    write("tidb.md", TIDB);
    write(
        "site.toml",
        "title = \"Errors\"\n\n[[catalogs]]\nname = \"Parts\"\nsources = [\"parts.md\"]\n\n\
         [[catalogs]]\nname = \"Numeric\"\nsources = [\"numeric.md\"]\n\n\
         [[catalogs]]\nname = \"Shared\"\nsources = [\"shared.md\"]\nkey = \"Error code in OceanBase Database\"\n\n\
         [[catalogs]]\nname = \"TiDB\"\nsources = [\"tidb.md\"]\n",
    );
    assert_ok(&errbook(dir.path(), &["build", "--out", "site"]));
    let driver = Driver::start();
    open_search_page(&driver, &dir.path().join("site"), "x");
    let lines = PARTS_LINES
        .iter()
        .chain(NUMERIC_LINES)
        .chain(SHARED_LINES)
        .chain(TIDB_LINES)
        .map(|(line, _)| *line)
        .chain(["xobd01011", "ERROR 1062", "error 1004", "1234"]);
    for line in lines {
        let out = errbook(dir.path(), &["search", "--format", "json", "-n", "5", line]);
        assert_browser_top5_is_the_clis(&driver, line, &out.stdout);
    }
}
