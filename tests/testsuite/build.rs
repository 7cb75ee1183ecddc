//! `errbook build`: the site a reader gets, checked file by file.

use crate::support::{assert_ok, errbook, errbook_command, files, repo};
use std::path::{Path, PathBuf};

/// Builds the shipped catalog into a fresh temporary directory.
fn build_shipped() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    assert_ok(&errbook(repo(), &["build", "--out", out.to_str().unwrap()]));
    (tmp, out)
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// `(attribute value)` of every `href=` and `src=` in a page.
fn links(html: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    pattern
        .captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&").replace("&#x2F;", "/"))
        .collect()
}

#[test]
fn builds_every_page_a_reader_needs() {
    let (_tmp, out) = build_shipped();
    for page in [
        "index.html",
        "all/index.html",
        "404.html",
        "sections/cm.html",
        "sections/connector.html",
        "codes/cm-resoie000201.html",
        "codes/connector-sika-type-001101.html",
        "codes/supervisor-cmadie020208.html",
        "static/style.css",
        "static/errbook.js",
        "static/highlight.css",
        ".errbook-output",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    let codes = std::fs::read_dir(out.join("codes")).unwrap().count();
    assert_eq!(codes, 81, "82 entries, one ID defined twice");
    // site.toml sets no base-url, and a sitemap of relative addresses
    // would be invalid.
    assert!(!out.join("sitemap.xml").exists());
}

#[test]
fn every_link_and_asset_resolves_under_file_urls() {
    let (_tmp, out) = build_shipped();
    let mut checked = 0;
    for (name, bytes) in files(&out) {
        if !name.ends_with(".html") || name == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let page_dir = out.join(&name).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                out.join(&name)
            } else {
                page_dir.join(path)
            };
            assert!(target.is_file(), "{name}: link {link} does not resolve");
            let target = target.canonicalize().unwrap();
            assert!(
                target.starts_with(out.canonicalize().unwrap()),
                "{name}: {link} leaves the site"
            );
            if !fragment.is_empty() {
                let html = std::fs::read_to_string(&target).unwrap();
                assert!(
                    html.contains(&format!("id=\"{fragment}\"")),
                    "{name}: anchor {link} not found"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn no_page_refers_to_the_network() {
    let (_tmp, out) = build_shipped();
    let pattern = regex::Regex::new(r#"(?:src|href)="(?:https?:)?//[^"]*""#).unwrap();
    for (name, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for m in pattern.find_iter(&text) {
            // Only catalog links (a), never loaded resources (src, stylesheets).
            assert!(m.as_str().starts_with("href="), "{name}: {}", m.as_str());
            let before = &text[..m.start()];
            let tag_start = before.rfind('<').unwrap();
            assert!(
                text[tag_start..].starts_with("<a "),
                "{name}: {}",
                m.as_str()
            );
        }
    }
}

#[test]
fn code_page_shows_level_message_editions_and_highlighted_code() {
    let (_tmp, out) = build_shipped();
    let page = read(&out, "codes/cm-resoie000201.html");
    assert!(page.contains("<title>CM-RESOIE000201 · OMS error codes</title>"));
    assert!(page.contains(r#"<span class="badge level-fatal" title="Level: FATAL"><span class="visually-hidden">Level: </span>FATAL</span>"#));
    assert!(page.contains(r#"SubTopic: [<var class="placeholder">%s</var>], checkpoint: [<var class="placeholder">%s</var>]"#));
    assert!(page.contains(r#"<section class="edition" aria-label="Enterprise Edition"><p class="edition-label">Enterprise Edition</p>"#));
    assert!(page
        .contains(r#"<p class="edition-label">ApsaraDB for OceanBase</p><p>Submit a ticket.</p>"#));
    assert!(page.contains(r#"<a rel="prev" href="ghana-pchknp003010.html">"#));
    assert!(page.contains(r#"<a rel="next" href="cm-resoie000202.html">"#));
    assert!(
        page.contains(r#"<a href="../sections/cm.html">CM</a>"#),
        "breadcrumb"
    );
    assert!(page.contains(r##"<a class="anchor" href="#cause""##));

    let page = read(&out, "codes/connector-sika-type-001101.html");
    assert!(
        page.contains(
            r#"<pre class="code"><code data-lang="json"><span class="hl-source hl-json">"#
        ),
        "highlighted at build time"
    );
    assert!(page.contains(r#"<a class="remote-image" href="https://intranetproxy.alipay.com/"#));
    assert!(!page.contains("<img"), "remote images are not loaded");
}

#[test]
fn a_duplicated_code_shows_every_definition() {
    let (_tmp, out) = build_shipped();
    let page = read(&out, "codes/supervisor-cmadie020208.html");
    assert!(page.contains("This code is defined 2 times"));
    assert!(page.contains("Null or empty Json parser args"));
    assert!(page.contains("Invoke DeleteFileCmd, delete file: "));
    assert!(
        page.contains("content&#x2F;oms-error-codes.md:894")
            || page.contains("content/oms-error-codes.md:894")
    );
}

#[test]
fn home_lists_sections_levels_and_the_jump_box() {
    let (_tmp, out) = build_shipped();
    let home = read(&out, "index.html");
    // One code is defined twice: 81 codes, 82 entries, and the level
    // counts add up to the entries.
    assert!(home.contains("81 codes (82 entries) in 5 sections · 43 FATAL · 39 ERROR · 0 WARNING"));
    assert!(home.contains(r#"<input type="checkbox" value="fatal" checked> FATAL (43)"#));
    assert!(home.contains(r#"<option value="CONNECTOR-SIKA-{type}-001101">"#));
    assert!(home.contains(r#"<tr data-level="error"><td><a href="codes/ghana-operor000001.html" data-code="GHANA-OPEROR000001">"#));
    // The catalog's broken relative link is shown as text, not a dead link.
    assert!(home.contains(r#"<span class="missing-link" title="link target not found: ../2.product-introduction/2.concepts.md">Terms</span>"#));
    assert!(!home.starts_with(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<script"
    ));
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = build_shipped();
    let (_b, second) = build_shipped();
    let (first, second) = (files(&first), files(&second));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between builds");
    }
}

fn project_with_catalog(text: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "sources = [\"errors.md\"]\n").unwrap();
    std::fs::write(tmp.path().join("errors.md"), text).unwrap();
    tmp
}

const SMALL: &str = "# Small\n\n## Core error codes\n\n### CORE-1\n\n**Error level:** ERROR\n\n**Error message:** Oops {x}.\n\n**Cause:** Bad.\n\n**Solution:** Fix.\n";

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let project = project_with_catalog(SMALL);
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    let before = files(&project.path().join("public"));

    // A template error stops the build after rendering started.
    std::fs::create_dir(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("templates/code.html"),
        "{{ entry.no_such_field.x }}",
    )
    .unwrap();
    std::fs::write(
        project.path().join("errors.md"),
        SMALL.replace("Oops", "Changed"),
    )
    .unwrap();
    let failed = errbook(project.path(), &["build"]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("code.html"), "{stderr}");

    assert_eq!(
        files(&project.path().join("public")),
        before,
        "previous site unchanged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("errbook-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Once the cause is gone, the next build succeeds and replaces the site.
    std::fs::remove_file(project.path().join("templates/code.html")).unwrap();
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    assert!(read(&project.path().join("public"), "codes/core-1.html").contains("Changed"));
}

#[test]
fn refuses_to_replace_what_it_did_not_write() {
    let project = project_with_catalog(SMALL);
    std::fs::create_dir(project.path().join("public")).unwrap();
    std::fs::write(project.path().join("public/precious.txt"), "keep me").unwrap();
    let out = errbook(project.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by errbook"));
    assert_eq!(
        std::fs::read_to_string(project.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );

    for out_dir in [".", ".."] {
        let out = errbook(project.path(), &["build", "--out", out_dir]);
        assert_eq!(out.status.code(), Some(2), "--out {out_dir}");
        assert!(project.path().join("errors.md").is_file());
    }
}

#[test]
fn hostile_ids_and_text_cannot_escape_or_inject() {
    let nasty = [
        "../../etc/passwd",
        "..\\..\\windows",
        "<script>alert(1)</script>",
        "CODE-\u{1}\u{7f}",
        &"X".repeat(300),
        "CASE-1",
        "case-1",
    ];
    let mut text = String::from("# Hostile\n\n## Evil error codes\n\n");
    for id in nasty {
        text.push_str(&format!(
            "### {id}\n\n**Error level:** <img src=x onerror=alert(1)>\n\n**Error message:** <script>alert('m')</script> {{x}}\n\n**Cause:** [click](javascript:alert(2)) <a href=\"data:text/html,<script>alert(3)</script>\">d</a> <b onclick=\"alert(4)\">b</b>\n\n**Solution:** <iframe src=\"https://evil.example\"></iframe><style>body{{display:none}}</style>ok\n\n"
        ));
    }
    let project = project_with_catalog(&text);
    assert_ok(&errbook(project.path(), &["build"]));
    let site = project.path().join("public");
    let pages = files(&site);
    let code_pages: Vec<&String> = pages.keys().filter(|k| k.starts_with("codes/")).collect();
    assert_eq!(code_pages.len(), nasty.len(), "{code_pages:?}");
    for name in pages.keys() {
        assert!(!name.contains(".."), "{name}");
        assert!(name.len() < 120, "{name}");
    }
    assert!(pages.contains_key("codes/etc-passwd.html"));
    assert!(pages.contains_key("codes/case-1.html") && pages.contains_key("codes/case-1-2.html"));
    for (name, bytes) in &pages {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let scripts = html.matches("<script").count();
        assert!(scripts <= 1, "{name} has {scripts} script tags");
        if scripts == 1 {
            assert!(
                html.contains("<script src=\"")
                    && html.contains("static/errbook.js\" defer></script>"),
                "{name}"
            );
        }
        for bad in [
            "onerror=",
            "onclick=",
            "javascript:",
            "data:text",
            "<iframe",
            "<style",
        ] {
            assert!(!html.contains(bad), "{name} contains {bad}");
        }
    }
    // Nothing was written beside the project.
    let parent_entries = std::fs::read_dir(project.path()).unwrap().count();
    assert_eq!(parent_entries, 3, "site.toml, errors.md, public");
}

#[test]
fn code_pages_do_not_grow_with_the_catalog() {
    let median_code_page = |codes: usize| -> usize {
        let mut text = String::from("# T\n\n## Core error codes\n\n");
        for n in 0..codes {
            text.push_str(&format!("### CORE-{n:06}\n\n**Error level:** ERROR\n\n**Error message:** Failed {{x}}.\n\n**Cause:** Bad.\n\n**Solution:** Fix.\n\n"));
        }
        let project = project_with_catalog(&text);
        assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
        let mut sizes: Vec<usize> = files(&project.path().join("public/codes"))
            .values()
            .map(Vec::len)
            .collect();
        sizes.sort();
        sizes[sizes.len() / 2]
    };
    let small = median_code_page(10);
    let large = median_code_page(3000);
    assert!(
        large <= small + 64,
        "code page grew from {small} to {large} bytes"
    );
}

#[test]
fn project_templates_and_static_files_override_the_theme() {
    let project = project_with_catalog(SMALL);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::create_dir_all(project.path().join("static/img")).unwrap();
    std::fs::write(
        project.path().join("templates/code.html"),
        "{% extends \"base.html\" %}{% block content %}CUSTOM {{ entry.id }}{% endblock %}",
    )
    .unwrap();
    std::fs::write(project.path().join("static/style.css"), "body{color:red}").unwrap();
    std::fs::write(project.path().join("static/img/logo.svg"), "<svg/>").unwrap();
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    let site = project.path().join("public");
    assert!(read(&site, "codes/core-1.html").contains("CUSTOM CORE-1"));
    assert_eq!(read(&site, "static/style.css"), "body{color:red}");
    assert_eq!(read(&site, "static/img/logo.svg"), "<svg/>");
    assert!(
        read(&site, "index.html").contains("<h1>Small</h1>"),
        "other templates stay built in"
    );
}

#[test]
fn the_sitemap_lists_every_page_once_under_the_base_url() {
    let project = project_with_catalog(SMALL);
    std::fs::write(
        project.path().join("site.toml"),
        "sources = [\"errors.md\"]\nbase-url = \"https://example.com/a&b/\"\n",
    )
    .unwrap();
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    assert_eq!(
        read(&project.path().join("public"), "sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">
  <url><loc>https://example.com/a&amp;b/index.html</loc></url>
  <url><loc>https://example.com/a&amp;b/all/index.html</loc></url>
  <url><loc>https://example.com/a&amp;b/sections/core.html</loc></url>
  <url><loc>https://example.com/a&amp;b/codes/core-1.html</loc></url>
</urlset>
"
    );
}

#[test]
fn the_sitemap_comes_from_the_theme() {
    let project = project_with_catalog(SMALL);
    std::fs::write(
        project.path().join("site.toml"),
        "sources = [\"errors.md\"]\nbase-url = \"https://example.com\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("templates/sitemap.xml"),
        "{{ locations | length }} pages under {{ base_url | escape_xml | safe }}",
    )
    .unwrap();
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    assert_eq!(
        read(&project.path().join("public"), "sitemap.xml"),
        "4 pages under https://example.com"
    );
}

/// The sitemap protocol takes absolute URLs only: without a base-url
/// there is none, and the build says why.
#[test]
fn without_a_base_url_there_is_no_sitemap_and_the_build_says_so() {
    let project = project_with_catalog(SMALL);
    let out = errbook(project.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!project.path().join("public/sitemap.xml").exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no sitemap.xml") && stderr.contains("set base-url"),
        "{stderr}"
    );
}

#[test]
fn theme_command_writes_the_defaults_to_start_from() {
    let tmp = tempfile::tempdir().unwrap();
    let out = errbook(tmp.path(), &["theme"]);
    assert_eq!(out.status.code(), Some(0));
    for file in [
        "templates/code.html",
        "templates/base.html",
        "templates/sitemap.xml",
        "static/style.css",
        "static/errbook.js",
    ] {
        assert!(tmp.path().join(file).is_file(), "{file}");
    }
}

#[test]
fn local_images_are_copied_and_missing_ones_shown_as_text() {
    let project = project_with_catalog(&SMALL.replace(
        "Fix.",
        "Fix. ![diagram](img/flow.png) ![gone](img/none.png) [doc](other.md)",
    ));
    std::fs::create_dir(project.path().join("img")).unwrap();
    std::fs::write(project.path().join("img/flow.png"), b"\x89PNG").unwrap();
    std::fs::write(project.path().join("other.md"), "# Other").unwrap();
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    let site = project.path().join("public");
    let page = read(&site, "codes/core-1.html");
    let src = regex::Regex::new(r#"<img src="\.\./(assets/[^"]+)" alt="diagram">"#).unwrap();
    let asset = &src.captures(&page).unwrap_or_else(|| panic!("{page}"))[1];
    assert_eq!(std::fs::read(site.join(asset)).unwrap(), b"\x89PNG");
    assert!(page.contains(r#"<span class="missing-image">gone (image not found)</span>"#));
    assert!(
        page.contains(r#"<a href="../assets/"#)
            && page.contains(r#"other.md" rel="noopener noreferrer">doc</a>"#)
    );
}

#[test]
fn code_page_snapshot() {
    let (_tmp, out) = build_shipped();
    insta::assert_snapshot!(read(&out, "codes/cm-resoie000202.html"));
}

#[test]
fn a_killed_build_leaves_the_previous_site_untouched() {
    let mut text = String::from("# Big\n\n## Core error codes\n\n");
    for n in 0..5_000 {
        text.push_str(&format!(
            "### CORE-{n:06}\n\n**Error level:** ERROR\n\n**Error message:** Failed {{x}} {n}.\n\n**Cause:** Bad.\n\n**Solution:**\n\n```sh\nrestart --id {n}\n```\n\n"
        ));
    }
    let project = project_with_catalog(SMALL);
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    let site = project.path().join("public");
    let before = files(&site);

    std::fs::write(project.path().join("errors.md"), &text).unwrap();
    let mut child = errbook_command(project.path(), &["build"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once it has started writing its staging directory.
    let staging_started = || {
        std::fs::read_dir(project.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("errbook-staging-"))
    };
    let started = std::time::Instant::now();
    while !staging_started() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be killed"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "no staging directory appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(files(&site), before, "the previous site is byte-identical");

    // The next build cleans up the leftover staging directory and succeeds.
    assert_eq!(errbook(project.path(), &["build"]).status.code(), Some(0));
    assert!(!staging_started());
    assert!(read(&site, "codes/core-004999.html").contains("Failed"));
}

#[test]
fn without_a_site_toml_the_current_directory_does_not_override_the_theme() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("errors.md"), SMALL).unwrap();
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(tmp.path().join("templates/code.html"), "SOMETHING ELSE").unwrap();
    assert_eq!(
        errbook(tmp.path(), &["build", "errors.md"]).status.code(),
        Some(0)
    );
    assert!(
        read(&tmp.path().join("public"), "codes/core-1.html").contains("<h1 class=\"code-title\">")
    );
}
