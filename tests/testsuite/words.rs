//! No word of a catalog is lost: every word of the source's prose reaches
//! the built site. The words of the source are read with pulldown-cmark
//! (text, code, and raw HTML that is not markup), leaving out what is not
//! prose: HTML comments, link destinations and URLs, other tools' template
//! tags, and page metadata (front matter, a two-column metadata table
//! before the first heading). The words of the site are the visible text
//! of its pages. Each
//! word must occur on the site at least as often as in the source, so a
//! dropped cell or paragraph shows even when its words occur elsewhere.

use crate::support::{assert_ok, errbook, repo, stderr, Project};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

/// Tags that are markup in the source (and on the site), not words.
const MARKUP_TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>").unwrap());
static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").unwrap());
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s<>()]+").unwrap());
static TEMPLATE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{\{.*?\}\}\}").unwrap()
});

type Words = BTreeMap<String, usize>;

/// Adds the words of `text` (letters and digits; each CJK character a
/// word), lower-cased, URLs left out.
fn count_words(text: &str, words: &mut Words) {
    let text = URL.replace_all(text, " ");
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            *words
                .entry(std::mem::take(word).to_lowercase())
                .or_default() += 1;
        }
    };
    for c in text.chars() {
        let cjk = matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}');
        if cjk {
            flush(&mut word);
            word.push(c);
            flush(&mut word);
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

/// The words of a catalog's Markdown source.
fn source_words(markdown: &str) -> Words {
    let markdown = TEMPLATE_TAG.replace_all(markdown, " ");
    let markdown = without_front_matter(&markdown);
    let mut words = Words::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut seen_heading = false;
    let mut in_metadata = false;
    // The lines of a raw HTML block, read whole: a comment may span them.
    let mut html_block: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => seen_heading = true,
            Event::Start(Tag::Table(columns)) if !seen_heading && columns.len() == 2 => {
                in_metadata = true;
            }
            Event::End(TagEnd::Table) => in_metadata = false,
            _ if in_metadata => {}
            Event::Text(text) | Event::Code(text) => count_words(&text, &mut words),
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(html) if html_block.is_some() => {
                html_block.as_mut().unwrap().push_str(&html);
            }
            Event::End(TagEnd::HtmlBlock) => {
                html_words(&html_block.take().unwrap_or_default(), &mut words);
            }
            Event::Html(html) | Event::InlineHtml(html) => html_words(&html, &mut words),
            _ => {}
        }
    }
    words
}

/// The text after a YAML front matter block, if there is one.
fn without_front_matter(markdown: &str) -> &str {
    markdown
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(markdown)
}

/// Adds the words of raw HTML: its text and the tags that are not markup.
fn html_words(html: &str, words: &mut Words) {
    let html = COMMENT.replace_all(html, " ");
    let prose = TAG.replace_all(&html, |tag: &regex::Captures<'_>| {
        if MARKUP_TAGS.contains(&tag[2].to_ascii_lowercase().as_str()) {
            " ".to_string()
        } else {
            format!(" {} ", &tag[0])
        }
    });
    count_words(&prose, words);
}

/// The words of a file in PostgreSQL's errcodes.txt format, read a line
/// at a time: a comment's words after its `#`, a `Section:` line's name,
/// every column of a code line but the level letter (the site says
/// ERROR, WARNING or SUCCESS), and every word of any other line.
fn errcodes_source_words(text: &str) -> Words {
    let mut words = Words::new();
    for line in text.lines().map(str::trim) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let code_line = matches!(columns.len(), 3 | 4)
            && columns[0].len() == 5
            && matches!(columns[1], "E" | "W" | "S");
        if let Some(comment) = line.strip_prefix('#') {
            count_words(comment, &mut words);
        } else if let Some(name) = line
            .strip_prefix("Section:")
            .filter(|n| !n.trim().is_empty())
        {
            count_words(name, &mut words);
        } else if code_line {
            for column in [columns[0]].iter().chain(&columns[2..]) {
                count_words(column, &mut words);
            }
        } else {
            count_words(line, &mut words);
        }
    }
    words
}

/// The visible words of every page of a built site: text outside tags,
/// scripts and styles, entities decoded.
fn site_words(site: &Path) -> Words {
    let script = Regex::new(r"(?s)<script.*?</script>|<style.*?</style>|<head>.*?</head>").unwrap();
    // Inline tags join their text (the highlighter wraps single
    // characters); any other tag separates words.
    let tag = Regex::new(r"(?s)<(/?)([A-Za-z][A-Za-z0-9-]*)?[^>]*>").unwrap();
    let inline = [
        "a", "b", "code", "em", "i", "kbd", "mark", "small", "span", "strong", "sub", "sup",
    ];
    let mut words = Words::new();
    for path in crate::support::files_under(site) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        let html = script.replace_all(&html, " ");
        let text = tag.replace_all(&html, |c: &regex::Captures<'_>| {
            let name = c.get(2).map_or("", |m| m.as_str());
            if inline.contains(&name) {
                ""
            } else {
                " "
            }
        });
        count_words(&decode(&text), &mut words);
    }
    words
}

fn decode(text: &str) -> String {
    let numeric = Regex::new(r"&#(x?)([0-9A-Fa-f]+);").unwrap();
    let text = numeric.replace_all(text, |c: &regex::Captures<'_>| {
        let radix = if c[1].is_empty() { 10 } else { 16 };
        u32::from_str_radix(&c[2], radix)
            .ok()
            .and_then(char::from_u32)
            .map_or_else(String::new, String::from)
    });
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The words of `source` that the site has fewer of, with how many of
/// each the source and the site have.
fn lost(source: &Words, site: &Words) -> Vec<(String, usize, usize)> {
    source
        .iter()
        .filter_map(|(word, &n)| {
            let on_site = site.get(word).copied().unwrap_or(0);
            (on_site < n).then(|| (word.clone(), n, on_site))
        })
        .collect()
}

/// Builds `catalog` (a file of the project) and returns the words lost.
fn words_lost(project: &Project, catalog: &str) -> Vec<(String, usize, usize)> {
    let out = project.run(&["build", catalog, "--out", "site"]);
    assert_ok(&out);
    let source = std::fs::read_to_string(project.path().join(catalog)).unwrap();
    lost(
        &source_words(&source),
        &site_words(&project.path().join("site")),
    )
}

#[test]
fn the_shipped_catalog_loses_no_word() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert_ok(&errbook(
        repo(),
        &["build", "--out", site.to_str().unwrap()],
    ));
    let source = std::fs::read_to_string(repo().join("content/oms-error-codes.md")).unwrap();
    assert_eq!(lost(&source_words(&source), &site_words(&site)), []);
}

/// The oracle itself: a word missing from the site is found.
#[test]
fn a_word_missing_from_the_site_is_found() {
    let mut site = Words::new();
    count_words("T Disk full on host", &mut site);
    let source = source_words(
        "---\ntitle: Meta\n---\n\n|slug|v|\n|---|---|\n|k|meta|\n\n# T\n\n\
         Disk <b>full</b> on <db> host. <!-- todo --> [x](https://a.example/y)\n\n\
         <div>\n<!-- a comment\nover lines -->\n</div>\n",
    );
    assert_eq!(
        lost(&source, &site),
        [("db".to_string(), 1, 0), ("x".to_string(), 1, 0)]
    );
}

const RAW_HTML: &str = "# Errors

## Core error codes

### X-0001

**Error level:** ERROR

**Error message:** Table <table_name> does not exist in <db>.

**Cause:** The message quotes <script>alert(1)</script> Disk full on host.

**Solution:** Use <b>bold</b>, <sup>2</sup> and <a href=\"guide.md\">the guide</a>; <a href='gone.md'>gone</a>. Also <font color=red>red</font>.

<script>
document.title = 'owned';
</script>
";

#[test]
fn tags_the_site_does_not_keep_are_shown_as_text() {
    let project = Project::new();
    project.write("cat.md", RAW_HTML);
    project.write("guide.md", "# Guide\n");
    assert_eq!(words_lost(&project, "cat.md"), []);
    let page = std::fs::read_to_string(project.path().join("site/codes/x-0001.html")).unwrap();
    let text = Regex::new(r"<[^>]*>").unwrap().replace_all(&page, "");
    assert!(
        text.contains("Table &lt;table_name&gt; does not exist in &lt;db&gt;."),
        "the message"
    );
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt; Disk full on host.",
        "&lt;font color=red&gt;red&lt;/font&gt;",
        "document.title = ",
    ] {
        assert!(page.contains(shown), "{shown} not in the page");
    }
    // Catalog text never runs script: no element, no handler.
    assert!(!page.contains("<script>\ndocument"), "a script element");
    assert!(page.contains("<b>bold</b>") && page.contains("<sup>2</sup>"));
    // A link in raw HTML resolves like a Markdown link; a dead one is text.
    assert!(page.contains("guide.md\""), "the guide's link");
    assert!(
        page.contains("class=\"missing-link\""),
        "the dead link is not marked"
    );
}

#[test]
fn check_notes_raw_html_it_changed_and_checks_its_links() {
    let project = Project::new();
    project.write("guide.md", "# Guide\n");
    let (code, findings) = project.check(RAW_HTML);
    assert_eq!(code, 1, "the dead link is an error");
    let raw: Vec<&str> = crate::support::of_rule(&findings, errbook::rules::Rule::RawHtml)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(raw.len(), 3, "{raw:?}");
    assert!(raw[0].starts_with("`<db>` is shown as text"), "{raw:?}");
    assert!(
        raw[1].starts_with("`<script>` is shown as text (4 tags"),
        "{raw:?}"
    );
    assert!(
        raw[2].starts_with("`<font color=red>` is shown as text (2 tags"),
        "{raw:?}"
    );
    let broken = crate::support::of_rule(&findings, errbook::rules::Rule::BrokenLink);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0]["message"].as_str().unwrap().contains("gone.md"));
}

#[test]
fn a_placeholder_written_as_a_tag_matches_log_lines() {
    let project = Project::new();
    project.write("cat.md", RAW_HTML);
    let out = crate::support::errbook_command(project.path(), &["explain", "--log", "-", "cat.md"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"2026-12-03 ERROR Table orders does not exist in shop.\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        crate::support::stdout(&out).contains("X-0001"),
        "{}",
        crate::support::stdout(&out)
    );
}

/// PostgreSQL's errcodes.txt format: its comments are its prose, and
/// each code line's columns are words too; a class with no code yet is
/// on the site with its comment.
#[test]
fn an_errcodes_file_loses_no_word() {
    let project = Project::new();
    project.write(
        "errcodes.txt",
        "#\n# Spool codes\n#      one per line\n#\n#   sqlstate  E/W/S  macro  [spec_name]\n\nSection: Class 01 - Warning\n# warnings first\n01000    W    ERRCODE_WARNING    warning\n01S01    W    ERRCODE_SPOOL_LOW\n\n# between the classes\n\nSection: Class 0Z - Empty Class\n# no codes in it yet\n\nSection: Class 5S - Spool Error\n5S000    E    ERRCODE_SPOOL_ERROR    spool_error\n# a second name\n5S000    E    ERRCODE_SPOOL_FAILURE\n5S01  E  ERRCODE_BAD_LINE  bad_line\n",
    );
    let site = project.build(&["errcodes.txt"]);
    let source = std::fs::read_to_string(project.path().join("errcodes.txt")).unwrap();
    let source = errcodes_source_words(&source);
    assert!(source.contains_key("spec") && source.contains_key("bad"));
    assert_eq!(lost(&source, &site_words(&site)), []);
}

/// The words lost on real catalogs, which are not committed (their
/// licences vary): `ERRBOOK_REAL_CATALOGS=dir1:file2 cargo test --test
/// testsuite words::real -- --ignored --nocapture` builds each and prints
/// the words it loses, and fails if any is lost (README, Real catalogs).
#[test]
#[ignore = "needs ERRBOOK_REAL_CATALOGS"]
fn real_catalogs_lose_no_word() {
    let paths = std::env::var("ERRBOOK_REAL_CATALOGS").expect("ERRBOOK_REAL_CATALOGS=dir:file");
    let mut failed = Vec::new();
    for path in paths.split(':').map(Path::new) {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let out = errbook(
            tmp.path(),
            &[
                "build",
                path.to_str().unwrap(),
                "--out",
                site.to_str().unwrap(),
            ],
        );
        assert_ok(&out);
        // A file named is read whatever its extension; a .txt file is
        // PostgreSQL's errcodes.txt format.
        let source = if path.is_dir() {
            dir_source_words(path)
        } else if path.extension().is_some_and(|e| e == "txt") {
            errcodes_source_words(&std::fs::read_to_string(path).unwrap())
        } else {
            source_words(&std::fs::read_to_string(path).unwrap())
        };
        let lost = lost(&source, &site_words(&site));
        let total: usize = source.values().sum();
        println!(
            "{}: {total} words, {} lost: {lost:?}",
            path.display(),
            lost.len()
        );
        if !lost.is_empty() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "words lost in {failed:?}");
}

/// The words of the `.md` files under `dir`.
fn dir_source_words(dir: &Path) -> Words {
    let mut source = Words::new();
    for file in crate::support::files_under(dir)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        for (word, n) in source_words(&std::fs::read_to_string(file).unwrap()) {
            *source.entry(word).or_default() += n;
        }
    }
    source
}

/// A catalog of a page per range of codes, each page with its own
/// introduction (as OceanBase's are): every page's introduction is on
/// the site, the first on the home page and each other one on its
/// section's page, and a page without codes on the home page.
#[test]
fn each_file_of_a_catalog_keeps_its_introduction() {
    let project = Project::new();
    let page = |title: &str, intro: &str, code: &str| {
        format!(
            "# {title}\n\n{intro}\n\n## ERROR {code} (HY000): Wombat {code} failed\n\n\
             * Error code in Wombat: {code}\n\n* Cause: Burrow {code} collapsed.\n"
        )
    };
    project.write(
        "errors/100.overview.md",
        "# Overview\n\nWombat errors are read this way.\n",
    );
    project.write(
        "errors/200.first.md",
        page(
            "1000 to 1999",
            "These codes indicate burrow errors.",
            "1001",
        ),
    );
    project.write(
        "errors/300.second.md",
        page(
            "2000 to 2999",
            "These codes indicate tunnel quagmires.",
            "2001",
        ),
    );
    let out = project.run(&["build", "errors", "--out", "site"]);
    assert_ok(&out);
    let site = project.path().join("site");
    assert_eq!(
        lost(
            &dir_source_words(&project.path().join("errors")),
            &site_words(&site)
        ),
        []
    );
    let section = std::fs::read_to_string(site.join("sections/2000-to-2999.html")).unwrap();
    assert!(section.contains("These codes indicate tunnel quagmires."));
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("Wombat errors are read this way."));
}

/// A list catalog's code lines (`* Error Number: 8001`, as TiDB writes
/// them) keep their label: the page shows it with the code.
#[test]
fn a_list_catalog_keeps_its_code_label() {
    let project = Project::new();
    project.write(
        "list.md",
        "# Wombat errors\n\n## Codes\n\n* Error Number: 8101\n\n    The burrow is full.\n\n\
         * Error Number: 8102\n\n    The tunnel caved in.\n",
    );
    assert_eq!(words_lost(&project, "list.md"), []);
    let page = std::fs::read_to_string(project.path().join("site/codes/8101.html")).unwrap();
    assert!(page.contains("Error Number</h2>"), "{page}");
}

/// Words under a heading that is no code section are shown: on the code's
/// page when the file has one code (a page per code whose prose follows
/// its table row, as MariaDB's), else with the section before them.
#[test]
fn text_under_headings_without_codes_is_shown() {
    let project = Project::new();
    project.write(
        "e4101.md",
        "# Error 4101: Wombat stuck\n\n| Error Code | SQLSTATE | Error | Description |\n\
         | --- | --- | --- | --- |\n| 4101 | HY000 | ER_WOMBAT_STUCK | Wombat stuck |\n\n\
         ## Possible Causes and Solutions\n\nThe burrow narrows. Widen it.\n",
    );
    assert_eq!(words_lost(&project, "e4101.md"), []);
    let page = std::fs::read_to_string(project.path().join("site/codes/4101.html")).unwrap();
    assert!(
        page.contains("Possible Causes and Solutions</h2>"),
        "{page}"
    );
    assert!(page.contains("The burrow narrows. Widen it."), "{page}");

    project.write(
        "cat.md",
        "# Errors\n\n## Burrow error codes\n\n### B-0001\n\n**Error level:** ERROR\n\n\
         **Error message:** Stuck.\n\n**Cause:** Mud.\n\n**Solution:** Dig.\n\n\
         ## Appendix: mud grades\n\nGrade three mud is sticky.\n\n\
         ## Tunnel error codes\n\n### T-0001\n\n**Error level:** ERROR\n\n\
         **Error message:** Dark.\n\n**Cause:** Night.\n\n**Solution:** Light.\n",
    );
    assert_eq!(words_lost(&project, "cat.md"), []);
}

/// The shapes of the real catalogs, each imitated by a small fixture of
/// our own: a headings catalog with a notice box and a code written as a
/// paragraph (OBD), a table with an unescaped `|` in a cell (OCP), and
/// setext code headings with bullet fields under a page title (OceanBase).
#[test]
fn fixtures_of_each_real_shape_lose_no_word() {
    let project = Project::new();
    let fixtures = [
        (
            "obd.md",
            "# Wombat deployer errors\n\n<main id=\"notice\" type='explain'>\n<h4>Note</h4>\n\
             <p>Codes are stable across releases.</p>\n</main>\n\n## General errors\n\n\
             ### WMB-1000: Configuration conflict x.x.x.x\n\nCause: Two hosts share a burrow.\n\n\
             Solution: Give each host its own burrow.\n\n## SQL-related errors\n\n\
             ### WMB-5001: sql syntax wrong\n\nCause: A typo.\n\nSolution: Fix the query.\n\n\
             WMB-5000: sql execute failed\n\nCause: The tunnel was busy.\n\nSolution: Retry later.\n",
        ),
        (
            "ocp.md",
            "# Wombat console errors\n\n| Error code | Level | Message |\n| --- | --- | --- |\n\
             | 11040 | ERROR | Invalid mode. Valid values: proxy | direct. |\n\
             | 11041 | WARN | Burrow {0} is almost full. |\n",
        ),
        (
            "ob.md",
            "| description ||\n|---|---|\n| tenant-type | Wombat Mode |\n\n\
             1000 to 1999\n============\n\nThese error codes indicate burrow errors.\n\n\
             ERROR 1007 (HY000): Can't dig burrow '%s'; burrow exists\n\
             -------------------------------------------------------\n\n\
             * Error code in Wombat Database: 5158\n\n* Error code in MySQL: 1007\n\n\
             * Cause: The burrow already exists.\n\n* Solution: Dig elsewhere.\n",
        ),
    ];
    for (file, text) in fixtures {
        project.write(file, text);
        assert_eq!(words_lost(&project, file), [], "{file}");
    }
}

/// A section's text before its table of codes and after it are both
/// shown (the second replaced the first).
#[test]
fn text_before_and_after_a_table_of_codes_is_kept() {
    let project = Project::new();
    project.write(
        "os.md",
        "# Wombat OS errors\n\nA partial list.\n\n## Burrow error codes\n\n\
         For the complete list, see the manual.\n\n\
         | Number | Code | Description |\n| --- | --- | --- |\n\
         | 1 | E_DIG | Cannot dig. |\n| 2 | E_FILL | Cannot fill. |\n\n\
         This page is licensed to wombats.\n",
    );
    assert_eq!(words_lost(&project, "os.md"), []);
}
