//! Properties that hold for any catalog, checked on generated ones
//! (proptest): the exported model round-trips, every entry of the
//! source has its page in the built site, and page names are unique and
//! stay inside the output directory whatever the IDs contain.

use crate::support::files_under;
use errbook::config::Config;
use errbook::model::Catalog;
use errbook::project::Project;
use errbook::source::SourceFile;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::collections::HashSet;
use std::path::PathBuf;

/// An ID as writers write them, or with what hostile or careless input
/// puts in a heading: path parts, markup, quotes, backslashes, non-ASCII.
fn code_id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z]{2,6}-[A-Z]{0,6}[0-9]{2,8}",
        1 => "[A-Z]{2,5}-\\{[a-z]{1,6}\\}-[0-9]{3,6}",
        1 => "(\\.\\./){1,4}[a-z]{1,8}",
        1 => "[A-Za-z0-9<>\"'&/\\\\.:;%?#_\\-]{1,40}",
        1 => "[A-Z]{1,3}-[\u{4e00}-\u{4e20}é ]{1,6}[0-9]{1,4}",
    ]
}

/// Field text: words, code spans, emphasis, links, and characters that
/// mean something to Markdown or HTML.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => "[a-z]{1,10}",
            1 => "`[a-z_.]{1,12}`",
            1 => "\\*\\*[a-z]{1,8}\\*\\*",
            1 => "\\{[a-zA-Z]{1,8}\\}",
            1 => "%[sd]",
            1 => "<script>alert\\(1\\)</script>",
            1 => "\\[link\\]\\((https://example\\.com/[a-z]{1,5}|javascript:alert\\(1\\))\\)",
            1 => "[&<>\"']",
        ],
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    level: &'static str,
    message: String,
    cause: String,
    solution: String,
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        code_id(),
        prop::sample::select(vec!["FATAL", "ERROR", "WARNING"]),
        text(),
        text(),
        text(),
    )
        .prop_map(|(id, level, message, cause, solution)| Entry {
            id,
            level,
            message,
            cause,
            solution,
        })
}

fn catalog_text() -> impl Strategy<Value = (String, Vec<Entry>)> {
    prop::collection::vec(
        ("[A-Z][a-z]{2,8}", prop::collection::vec(entry(), 1..6)),
        1..4,
    )
    .prop_map(|sections| {
        let mut text = String::from("# Generated error codes\n\nIntro.\n\n");
        let mut entries = Vec::new();
        for (name, section) in sections {
            text.push_str(&format!("## {name} error codes\n\n"));
            for entry in section {
                text.push_str(&format!(
                    "### {}\n\n**Error level:** {}\n\n**Error message:** {}\n\n**Cause:** {}\n\n**Solution:** {}\n\n",
                    entry.id, entry.level, entry.message, entry.cause, entry.solution
                ));
                entries.push(entry);
            }
        }
        (text, entries)
    })
}

fn parse(text: &str) -> (Vec<SourceFile>, Catalog) {
    let sources = vec![SourceFile::new(
        PathBuf::from("generated.md"),
        text.to_string(),
    )];
    let catalog = errbook::parse::parse_catalog(&sources, &Config::default().catalog);
    (sources, catalog)
}

/// How the theme's templates escape text (tera's escape_html).
fn escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            c => out.push(c),
        }
    }
    out
}

/// Seeds of past failures, replayed before new cases. Named outright:
/// proptest's default place depends on where this file sits, and a move
/// would silently stop the replay.
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/proptest-regressions/properties.txt"
);

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_exported_model_round_trips((text, entries) in catalog_text()) {
        let (_, catalog) = parse(&text);
        prop_assert_eq!(catalog.entries().count(), entries.len());
        let exported = serde_json::to_string(&catalog).unwrap();
        let read_back: Catalog = serde_json::from_str(&exported).unwrap();
        prop_assert_eq!(serde_json::to_string(&read_back).unwrap(), exported);
        for (parsed, written) in catalog.entries().zip(&entries) {
            // A heading is Markdown (`\-` is `-`): plain IDs stay as written.
            if written.id.chars().all(|c| c.is_alphanumeric() || "-{}".contains(c)) {
                prop_assert_eq!(&parsed.id, &written.id);
            }
            prop_assert_eq!(parsed.level.as_deref(), Some(written.level));
            prop_assert_eq!(parsed.fields.len(), 4);
        }
    }

    #[test]
    fn every_entry_has_its_page_inside_the_output((text, entries) in catalog_text()) {
        let (sources, catalog) = parse(&text);
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("site");
        let loaded = Project { config: Config::default(), sources, catalog };
        loaded.build(&output).unwrap();

        // Nothing but the site beside it: no stray staging or escapes.
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        prop_assert_eq!(beside, vec![std::ffi::OsString::from("site")]);
        let canonical = output.canonicalize().unwrap();
        for file in files_under(&output) {
            prop_assert!(file.canonicalize().unwrap().starts_with(&canonical));
        }

        let ids: Vec<&str> = loaded.catalog.entries().map(|e| e.id.as_str()).collect();
        let slugs = errbook::slug::Slugs::assign(ids.iter().copied());
        let distinct: HashSet<&str> = ids.iter().copied().collect();
        let names: HashSet<&str> = distinct.iter().map(|id| slugs.get(id).unwrap()).collect();
        prop_assert_eq!(names.len(), distinct.len(), "one page name per distinct ID");
        prop_assert_eq!(ids.len(), entries.len());
        for &id in &ids {
            let slug = slugs.get(id).unwrap();
            prop_assert!(!slug.is_empty() && !slug.contains(['/', '\\', '\0']) && slug != ".." && slug != ".");
            let page = std::fs::read_to_string(output.join("codes").join(format!("{slug}.html"))).unwrap();
            prop_assert!(page.contains(&escaped(id)), "{} not on its page", id);
            prop_assert!(!page.contains("<script>alert"), "catalog script reached a page");
            // Shown as text at most, never as a link.
            prop_assert!(!page.to_lowercase().contains("href=\"javascript:"));
        }
        let all = std::fs::read_to_string(output.join("all/index.html")).unwrap();
        for id in ids {
            prop_assert!(all.contains(&escaped(id)), "{} not on the all-codes page", id);
        }
    }
}
