//! `errbook bundle`: the single file and the zip a reader carries offline.

use crate::support::{assert_ok, errbook, repo};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::PathBuf;

/// The shipped catalog's single file, written to a fresh directory.
fn shipped_bundle(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let config = repo().join("site.toml");
    let mut all = vec!["bundle", "--config", config.to_str().unwrap()];
    all.extend_from_slice(args);
    assert_ok(&errbook(tmp.path(), &all));
    let name = if args.contains(&"--zip") {
        "oms-error-codes.zip"
    } else {
        "oms-error-codes.html"
    };
    let path = tmp.path().join(name);
    (tmp, path)
}

/// A small catalog with one link to the web in its text.
const FIXTURE: &str = "# Payment API errors\n\n\
## Gateway error codes\n\n\
### PAY-GW-000001\n\n\
**Error level:** ERROR\n\n\
**Error message:** Card `{card}` was declined\n\n\
**Cause:** The bank declined the card.\n\n\
**Solution:** Ask for another card; see [the bank codes](https://example.com/bank-codes).\n\n\
### PAY-GW-000002\n\n\
**Error level:** FATAL\n\n\
**Error message:** Gateway unreachable `</script><script>alert(1)</script>` <!--<script>\n\n\
**Cause:** The network is down.\n\n\
**Solution:** Retry later.\n";

fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("errors.md"), FIXTURE).unwrap();
    tmp
}

/// Every `http://` or `https://` reference in `text`, HTML-unescaped.
fn web_references(text: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r#"(?i)https?://[^\s"'<>()\\]*"#).unwrap();
    pattern
        .find_iter(text)
        .map(|m| m.as_str().replace("&amp;", "&"))
        .collect()
}

#[test]
fn single_file_refers_to_the_web_only_where_the_catalog_links_to_it() {
    let dir = fixture();
    assert_ok(&errbook(
        dir.path(),
        &["bundle", "errors.md", "-o", "b.html"],
    ));
    let html = std::fs::read_to_string(dir.path().join("b.html")).unwrap();
    assert_eq!(web_references(&html), ["https://example.com/bank-codes"]);
}

#[test]
fn shipped_single_file_refers_to_the_web_only_where_the_catalog_does() {
    let (_tmp, path) = shipped_bundle(&[]);
    let html = std::fs::read_to_string(path).unwrap();
    let catalog = std::fs::read_to_string(repo().join("content/oms-error-codes.md")).unwrap();
    let references = web_references(&html);
    assert!(!references.is_empty());
    for reference in references {
        assert!(
            catalog.contains(&reference),
            "{reference} is not a link of the catalog"
        );
    }
}

#[test]
fn single_file_loads_nothing_but_itself() {
    let (_tmp, path) = shipped_bundle(&[]);
    let html = std::fs::read_to_string(path).unwrap();
    // No external script, stylesheet, image or frame.
    let sources = regex::Regex::new(r#"\s(?:src|srcset|data)="([^"]*)""#).unwrap();
    for source in sources.captures_iter(&html) {
        assert!(source[1].starts_with("data:"), "loads {}", &source[1]);
    }
    assert!(!html.contains("<link"), "a linked file");
    assert!(!html.contains("<iframe"));
    // Every in-page link has its target.
    let ids: std::collections::HashSet<&str> = regex::Regex::new(r#"\sid="([^"]+)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    let anchors = regex::Regex::new(r##"href="#([^"]*)""##).unwrap();
    let mut checked = 0;
    for anchor in anchors.captures_iter(&html) {
        assert!(ids.contains(&anchor[1]), "no #{} in the page", &anchor[1]);
        checked += 1;
    }
    assert!(checked > 200, "{checked} anchors");
    // Relative links to pages of the site would be dead in one file.
    for page in ["codes/", "sections/", "search.html", "all/index.html"] {
        assert!(
            !html.contains(&format!("href=\"{page}")),
            "a link to {page}"
        );
        assert!(
            !html.contains(&format!("href=\"../{page}")),
            "a link to ../{page}"
        );
    }
}

#[test]
fn single_file_holds_every_code_and_its_index() {
    let (_tmp, path) = shipped_bundle(&[]);
    let html = std::fs::read_to_string(path).unwrap();
    for code in [
        "CM-RESOIE000201",
        "SUPERVISOR-CMADIE020208",
        "CONNECTOR-SIKA-{type}-001101",
    ] {
        assert!(html.contains(&format!("<code>{code}</code>")), "{code}");
    }
    assert!(html.contains(r#"<section class="all-entry" id="cm-resoie000201">"#));
    assert!(html.contains(r##"<a href="#cm-resoie000201" data-code="CM-RESOIE000201">"##));
    let start = html
        .find(r#"<script type="application/json" id="errbook-index">"#)
        .expect("the index");
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    // 82 entries, one code defined twice.
    assert_eq!(index["meta"]["docs"], 81);
    assert!(index["d/0"].is_array());
}

/// The scripts run under a policy that names them by hash; nothing else
/// may run, and catalog text never becomes an element.
#[test]
fn single_file_scripts_are_allowed_by_hash_and_catalog_text_stays_text() {
    let dir = fixture();
    assert_ok(&errbook(
        dir.path(),
        &["bundle", "errors.md", "-o", "b.html"],
    ));
    let html = std::fs::read_to_string(dir.path().join("b.html")).unwrap();
    let csp = regex::Regex::new(r#"http-equiv="Content-Security-Policy" content="([^"]+)""#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .to_string();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe") && !csp.contains("'self'"), "{csp}");
    let scripts = regex::Regex::new(r"(?s)<script>(.*?)</script>").unwrap();
    let mut count = 0;
    for script in scripts.captures_iter(&html) {
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script[1].as_bytes()));
        assert!(
            csp.contains(&format!("'sha256-{hash}'")),
            "script not in the CSP"
        );
        count += 1;
    }
    assert_eq!(count, 2, "search.js and errbook.js");
    let style = regex::Regex::new(r"(?s)<style>(.*?)</style>").unwrap();
    let style = &style.captures(&html).unwrap()[1];
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style.as_bytes()));
    assert!(csp.contains(&format!("style-src 'sha256-{hash}'")));
    // Three script elements: the index (data) and the two above.
    let elements = regex::Regex::new(r"(?m)^<script").unwrap();
    assert_eq!(elements.find_iter(&html).count(), 3);
    assert!(!html.contains("<!--<script"));
    assert!(!html.contains("alert(1)</script>"));
}

#[test]
fn single_file_is_deterministic() {
    let (_a, first) = shipped_bundle(&[]);
    let (_b, second) = shipped_bundle(&[]);
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn single_file_of_the_shipped_catalog_is_small() {
    let (_tmp, path) = shipped_bundle(&[]);
    let size = std::fs::metadata(path).unwrap().len();
    assert!(size < 600_000, "{size} bytes");
}

#[test]
fn zip_is_deterministic_and_unzips_to_a_working_site() {
    let (_a, first) = shipped_bundle(&["--zip"]);
    let (_b, second) = shipped_bundle(&["--zip"]);
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(bytes, std::fs::read(second).unwrap(), "two runs differ");

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries in sorted order");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        assert!(name.starts_with("oms-error-codes/"), "{name}");
        assert_eq!(
            entry
                .last_modified()
                .map(|t| (t.year(), t.month(), t.day())),
            Some((1980, 1, 1))
        );
        let mode = entry.unix_mode().unwrap() & 0o777;
        assert_eq!(mode, if entry.is_dir() { 0o755 } else { 0o644 });
        assert!(entry.extra_data().is_none_or(|e| e.is_empty()));
    }
    assert!(!names.iter().any(|n| n.ends_with(".errbook-output")));

    let out = tempfile::tempdir().unwrap();
    archive.extract(out.path()).unwrap();
    let site = out.path().join("oms-error-codes");
    for file in [
        "index.html",
        "all/index.html",
        "codes/cm-resoie000201.html",
        "search.html",
        "search/meta.js",
        "static/errbook.js",
        "static/search.js",
        "static/style.css",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let mut page = String::new();
    std::fs::File::open(site.join("codes/cm-resoie000201.html"))
        .unwrap()
        .read_to_string(&mut page)
        .unwrap();
    assert!(page.contains("CM-RESOIE000201"));
}

#[test]
fn zip_holds_what_build_writes() {
    let (_a, zip) = shipped_bundle(&["--zip"]);
    let built = tempfile::tempdir().unwrap();
    let site = built.path().join("site");
    let config = repo().join("site.toml");
    assert_ok(&errbook(
        built.path(),
        &[
            "build",
            "--config",
            config.to_str().unwrap(),
            "--out",
            "site",
        ],
    ));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == ".errbook-output" {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut zipped = Vec::new();
        archive
            .by_name(&format!("oms-error-codes/{relative}"))
            .unwrap_or_else(|e| panic!("{relative}: {e}"))
            .read_to_end(&mut zipped)
            .unwrap();
        assert_eq!(zipped, std::fs::read(entry.path()).unwrap(), "{relative}");
        files += 1;
    }
    let zipped_files = archive
        .file_names()
        .filter(|n| !n.as_ref().unwrap().ends_with('/'))
        .count();
    assert_eq!(zipped_files, files);
}

#[test]
fn default_names_come_from_the_title() {
    let dir = fixture();
    // Without site.toml the title is the catalog's `#` heading.
    assert_ok(&errbook(dir.path(), &["bundle", "errors.md"]));
    assert!(dir.path().join("payment-api-errors.html").is_file());
    assert_ok(&errbook(dir.path(), &["bundle", "--zip", "errors.md"]));
    assert!(dir.path().join("payment-api-errors.zip").is_file());
    // With one, its title.
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Gateway reference\"\nsources = [\"errors.md\"]\n",
    )
    .unwrap();
    let output = errbook(dir.path(), &["bundle"]);
    assert_ok(&output);
    assert!(dir.path().join("gateway-reference.html").is_file());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wrote gateway-reference.html"), "{stderr}");
    // Nothing but the bundles: no temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "errors.md",
            "gateway-reference.html",
            "payment-api-errors.html",
            "payment-api-errors.zip",
            "site.toml"
        ]
    );
}

#[test]
fn unwritable_output_is_a_clear_error_with_exit_2() {
    let dir = fixture();
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    let output = errbook(dir.path(), &["bundle", "errors.md", "-o", "a-file/b.html"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: a-file/b.html: cannot write the bundle:"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");

    std::fs::create_dir(dir.path().join("out")).unwrap();
    let output = errbook(dir.path(), &["bundle", "errors.md", "-o", "out"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("out: is a directory"), "{stderr}");
}

#[test]
fn a_name_of_the_other_kind_is_refused() {
    let dir = fixture();
    for (args, said) in [
        (
            &["-o", "b.zip"][..],
            "without --zip the bundle is one HTML file",
        ),
        (&["--zip", "-o", "b.html"][..], "--zip writes a zip archive"),
    ] {
        let mut all = vec!["bundle", "errors.md"];
        all.extend_from_slice(args);
        let output = errbook(dir.path(), &all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(said));
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn refuses_to_overwrite_the_catalog_or_write_into_a_built_site() {
    let dir = fixture();
    let output = errbook(dir.path(), &["bundle", "errors.md", "-o", "./errors.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("errors.md")).unwrap(),
        FIXTURE
    );

    assert_ok(&errbook(
        dir.path(),
        &["build", "errors.md", "--out", "site"],
    ));
    for target in ["site/errors.html", "site/codes/errors.html"] {
        let output = errbook(dir.path(), &["bundle", "errors.md", "-o", target]);
        assert_eq!(output.status.code(), Some(2), "{target}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("`errbook build` replaces"), "{stderr}");
    }
}

#[test]
fn a_failed_bundle_leaves_the_previous_file() {
    let dir = fixture();
    assert_ok(&errbook(
        dir.path(),
        &["bundle", "errors.md", "-o", "b.html"],
    ));
    let before = std::fs::read(dir.path().join("b.html")).unwrap();
    // A theme whose script cannot be inlined: the run fails before writing.
    std::fs::create_dir(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/errbook.js"),
        "document.write('</script>');\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("site.toml"), "sources = [\"errors.md\"]\n").unwrap();
    let output = errbook(dir.path(), &["bundle", "-o", "b.html"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("static/errbook.js: contains `</script`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.path().join("b.html")).unwrap(), before);
}
