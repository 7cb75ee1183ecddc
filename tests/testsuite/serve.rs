//! `errbook serve` as a reader and a writer meet it: pages, the search
//! API, live rebuilds after an edit, build errors shown on the page, and
//! requests that try to leave the site or tire the server.

use crate::support::{assert_ok, edit_scaffold_message, errbook, errbook_command, repo};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    url: String,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, extra: &[&str]) -> Server {
    let mut child = errbook_command(dir, &["serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("errbook serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    Server {
        child,
        url,
        address,
    }
}

/// A project made by `errbook init` in a temporary directory.
fn new_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert_ok(&errbook(dir.path(), &["init", "p", "-q"]));
    (dir, project)
}

fn get(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(response) => (response.status(), response.into_string().unwrap()),
        Err(ureq::Error::Status(code, response)) => (code, response.into_string().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    }
}

/// Sends `request` as written (no client normalising the path) and
/// returns the status code.
fn raw_status(address: &str, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let head = String::from_utf8_lossy(&response);
    head.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"))
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_pages_with_live_reload_and_the_search_api() {
    let server = serve(repo(), &[]);
    let (status, index) = get(&server.url);
    assert_eq!(status, 200);
    assert!(index.contains("OMS error codes"));
    assert!(
        index.contains("<script src=\"/__errbook/serve.js\" data-generation=\"1\" defer></script>")
    );
    assert!(
        index.contains("connect-src 'self'"),
        "the CSP lets the page reach the server"
    );
    // The shipped catalog has lint errors: the check panel says so.
    assert!(index.contains("<details id=\"errbook-check\"><summary>errbook check: "));
    let (status, page) = get(&format!("{}codes/cm-resoie000201.html", server.url));
    assert_eq!(status, 200);
    assert!(page.contains("No available store."));
    assert_eq!(get(&format!("{}static/style.css", server.url)).0, 200);
    let (status, missing) = get(&format!("{}codes/nope.html", server.url));
    assert_eq!(status, 404);
    assert!(missing.contains("<html"), "the site's 404 page");

    // The API gives what `errbook search --format json` gives.
    let (status, body) = get(&format!(
        "{}api/search?q=No%20available%20store.%20SubTopic%3A%20%5Bt1%5D&limit=3",
        server.url
    ));
    assert_eq!(status, 200);
    let api: Value = serde_json::from_str(&body).unwrap();
    let cli = errbook(
        repo(),
        &[
            "search",
            "--format",
            "json",
            "-n",
            "3",
            "No available store. SubTopic: [t1]",
        ],
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(api, cli);
    assert_eq!(api[0]["code"], "CM-RESOIE000201");
    for bad in ["api/search", "api/search?q=%20", "api/search?q=x&limit=-1"] {
        assert_eq!(get(&format!("{}{bad}", server.url)).0, 400, "{bad}");
    }
    let (_, many) = get(&format!("{}api/search?q=error&limit=100000", server.url));
    let many: Value = serde_json::from_str(&many).unwrap();
    assert!(many.as_array().unwrap().len() <= 100);
}

#[test]
fn an_edit_is_served_after_the_rebuild_and_the_page_is_told() {
    let (_dir, project) = new_project();
    let server = serve(&project, &[]);
    let page = format!("{}codes/store-disk000001.html", server.url);
    assert!(get(&page).1.contains("no free space left."));

    // Listen for the reload event while editing.
    let mut events = TcpStream::connect(&server.address).unwrap();
    events
        .write_all(b"GET /__errbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    wait_for("the first event", || {
        let n = events.read(&mut buffer).unwrap_or(0);
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        seen.contains("data: 1\n")
    });

    edit_scaffold_message(&project);
    wait_for("the edited page", || {
        get(&page).1.contains("no free space left (edited).")
    });
    wait_for("the reload event", || {
        let n = events.read(&mut buffer).unwrap_or(0);
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        seen.contains("data: 2\n")
    });

    // A broken site.toml: the server stays up and the pages say why.
    let config = project.join("site.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\nbogus-key = 1\n")).unwrap();
    wait_for("the error overlay", || {
        let (status, body) = get(&page);
        status == 200 && body.contains("id=\"errbook-overlay\"") && body.contains("bogus-key")
    });
    std::fs::write(&config, good).unwrap();
    wait_for("the overlay to go", || {
        !get(&page).1.contains("id=\"errbook-overlay\"")
    });
    assert!(get(&page).1.contains("no free space left (edited)."));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let (dir, project) = new_project();
    let out = dir.path().join("site");
    let server = serve(&project, &["--out", out.to_str().unwrap()]);
    wait_for("the site", || out.join("index.html").is_file());
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "secret").unwrap();
    // A link planted in the output dir that leads out of it.
    std::os::unix::fs::symlink(&secret, out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();

    let address = &server.address;
    for path in [
        "/../secret.txt",
        "/codes/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "/leak.txt",
        "/up/secret.txt",
        "//etc/passwd",
    ] {
        let status = raw_status(
            address,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert!(status == 400 || status == 404, "{path}: {status}");
    }
    // Malformed requests.
    assert_eq!(raw_status(address, b"NONSENSE\r\n\r\n"), 400);
    assert_eq!(
        raw_status(
            address,
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        405
    );
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    assert_eq!(raw_status(address, huge.as_bytes()), 431);
    // Still serving.
    assert_eq!(get(&server.url).0, 200);
}

/// `HEADER_TIMEOUT` of src/serve/http.rs: a request head must arrive
/// within it, or the server closes the connection.
const SERVER_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How late after its header timeout the server may close a slow client
/// (the machine is busy: a thousand other connections, other tests).
const CLOSE_MARGIN: Duration = Duration::from_secs(5);

/// Waits for the server to close `stream`: end of file or a reset, not
/// the read timeout. How long it stayed open.
fn closed_after(mut stream: TcpStream, opened: Instant) -> Duration {
    let deadline = SERVER_HEADER_TIMEOUT + CLOSE_MARGIN;
    let left = deadline.saturating_sub(opened.elapsed());
    stream
        .set_read_timeout(Some(left.max(Duration::from_millis(10))))
        .unwrap();
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(e) if is_reset(&e) => {}
        Err(e) => panic!(
            "a slow client is still open after {:?}: {e}",
            opened.elapsed()
        ),
    }
    opened.elapsed()
}

fn is_reset(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
    matches!(e.kind(), ConnectionReset | ConnectionAborted | BrokenPipe)
}

/// A client that sends one byte of a request head every 200 ms and
/// never finishes it; how long the server kept it open.
fn trickle(address: &str) -> Duration {
    let opened = Instant::now();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let mut buffer = [0u8; 1024];
    for n in 0.. {
        let byte = head.get(n).copied().unwrap_or(b'a');
        if let Err(e) = stream.write_all(&[byte]) {
            assert!(is_reset(&e), "{e}");
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if is_reset(&e) => break,
            Err(_) => assert!(
                opened.elapsed() < SERVER_HEADER_TIMEOUT + CLOSE_MARGIN,
                "the trickling client is still open after {:?}",
                opened.elapsed()
            ),
        }
    }
    opened.elapsed()
}

#[test]
fn a_thousand_concurrent_connections_and_a_slow_client() {
    let (_dir, project) = new_project();
    let server = serve(&project, &[]);
    // Slow clients: one trickles a request head byte by byte, the others
    // send part of one and stall.
    let trickler = {
        let address = server.address.clone();
        std::thread::spawn(move || trickle(&address))
    };
    let opened = Instant::now();
    let stalled: Vec<TcpStream> = [
        &b"G"[..],
        b"GET / HTTP/1.1\r\nHo",
        b"GET /codes/net-conn000101.html HTTP/1.1\r\nHost: x\r\n",
    ]
    .iter()
    .map(|part| {
        let mut slow = TcpStream::connect(&server.address).unwrap();
        slow.write_all(part).unwrap();
        slow
    })
    .collect();
    assert_eq!(get(&server.url).0, 200);
    assert!(
        opened.elapsed() < SERVER_HEADER_TIMEOUT,
        "a page is served while the slow clients are open"
    );

    let mut streams = Vec::new();
    for _ in 0..1000 {
        streams.push(TcpStream::connect(&server.address).unwrap());
    }
    for stream in &mut streams {
        stream
            .write_all(
                b"GET /codes/net-conn000101.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
    }
    let mut ok = 0;
    for mut stream in streams {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        if response.starts_with(b"HTTP/1.1 200") && response.ends_with(b"</html>\n") {
            ok += 1;
        }
    }
    assert_eq!(ok, 1000, "every request answered in full");

    // Each slow client is closed by the header timeout: not at once, and
    // not much later.
    for (n, slow) in stalled.into_iter().enumerate() {
        let open = closed_after(slow, opened);
        assert!(
            open >= SERVER_HEADER_TIMEOUT,
            "stalled client {n} closed after {open:?}"
        );
    }
    let open = trickler.join().unwrap();
    assert!(
        open >= SERVER_HEADER_TIMEOUT && open < SERVER_HEADER_TIMEOUT + CLOSE_MARGIN,
        "trickling client closed after {open:?}"
    );
    assert_eq!(get(&server.url).0, 200, "still serving");
}

#[test]
fn ctrl_c_stops_it_cleanly_and_a_taken_port_is_an_error() {
    let (_dir, project) = new_project();
    let mut server = serve(&project, &[]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    // The port is taken now.
    let second = errbook(&project, &["serve", "--port", &port]);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("--port"));

    // An open event stream must not hold up the shutdown.
    let mut events = TcpStream::connect(&server.address).unwrap();
    events
        .write_all(b"GET /__errbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running 5 s after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_output_inside_the_project_does_not_rebuild_itself() {
    let (_dir, project) = new_project();
    let server = serve(&project, &["--out", "public"]);
    assert!(get(&server.url).1.contains("data-generation=\"1\""));
    // The build swapping `public/` in must not count as a change.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(get(&server.url).1.contains("data-generation=\"1\""));
    assert!(project.join("public/index.html").is_file());
}
