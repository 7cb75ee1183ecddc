//! The log scanner on small catalogs and logs made here.

use super::*;
use crate::config::CatalogConfig;
use crate::source::SourceFile;

fn scanner(markdown: &str) -> LogScanner {
    let catalog = crate::parse::parse_catalog(
        &[SourceFile::new("t.md".into(), markdown.to_string())],
        &CatalogConfig::default(),
    );
    LogScanner::new(&catalog).expect("scanner")
}

const CATALOG: &str = "## CM error codes\n\n\
    ### CM-RESOIE000201\n\n**Error level:** ERROR\n\n**Error message:** No available store. SubTopic: [%s], checkpoint: [%s]\n\n**Cause:** c\n\n**Solution:** Restart the store.\nThen wait.\n\n\
    ### CM-RESOIE000202\n\n**Error level:** WARN\n\n**Error message:** Illegal host: {host}\n\n**Cause:** c\n\n**Solution:** Fix the host.\n\n\
    ### CONNECTOR-SIKA-{type}-001101\n\n**Error level:** ERROR\n\n**Error message:** Sink failed for {table}\n\n**Cause:** c\n\n**Solution:** Check the sink.\n";

fn scan(scanner: &LogScanner, log: &[u8]) -> (Vec<(u64, Vec<String>, LineMatchKind)>, ScanTotals) {
    let mut out = Vec::new();
    let totals = scanner
        .scan(log, &mut |m, _| {
            out.push((
                m.line,
                m.docs
                    .iter()
                    .map(|&d| scanner.docs()[d].id.clone())
                    .collect(),
                m.kind,
            ));
            Ok(())
        })
        .expect("scan");
    (out, totals)
}

#[test]
fn finds_codes_messages_and_templated_ids_by_line() {
    let s = scanner(CATALOG);
    let log = b"2026-11-27 10:00:01 INFO start\n\
        2026-11-27 10:00:02 ERROR [main] cm-resoie000201 happened\n\
        2026-11-27 10:00:03 WARN No available store. SubTopic: [t1], checkpoint: [17000]\n\
        CM-RESOIE0002011 is not a code\n\
        10:00:05 ERROR [sink] CONNECTOR-SIKA-JSON-001101: Sink failed for t2\r\n\
        [main] Illegal host: 10.0.0.7\n\
        WARN Illegal hostname in the config: 10.0.0.7\n\
        last line without newline CM-RESOIE000202";
    let (found, totals) = scan(&s, log);
    assert_eq!(
        found,
        vec![
            (2, vec!["CM-RESOIE000201".to_string()], LineMatchKind::Id),
            (
                3,
                vec!["CM-RESOIE000201".to_string()],
                LineMatchKind::Message
            ),
            (
                5,
                vec!["CONNECTOR-SIKA-{type}-001101".to_string()],
                LineMatchKind::Id
            ),
            (
                6,
                vec!["CM-RESOIE000202".to_string()],
                LineMatchKind::Message
            ),
            (8, vec!["CM-RESOIE000202".to_string()], LineMatchKind::Id),
        ]
    );
    assert_eq!(totals.lines, 8);
    assert_eq!(totals.matched_lines, 5);
    assert_eq!(totals.bytes, log.len() as u64);
    assert_eq!(s.docs()[0].solution, "Restart the store.");
    assert_eq!(
        first_line("Enterprise Edition:\n\n1. Restart the `store`.\n"),
        "Restart the store."
    );
    let long = format!("Do this first. {}", "word ".repeat(60));
    assert_eq!(first_line(&long), "Do this first.");
    let wide = format!("中文中文中文中文. {}", "字".repeat(200));
    assert_eq!(first_line(&wide), "中文中文中文中文.");
}

#[test]
fn line_numbers_survive_buffer_boundaries_and_huge_lines() {
    let s = scanner(CATALOG);
    let mut log = Vec::new();
    let filler = b"2026-11-27 10:00:00 INFO nothing to see here, just a line of log\n";
    let mut expected = Vec::new();
    let mut line = 0u64;
    while log.len() < BUFFER_BYTES * 3 {
        line += 1;
        if line.is_multiple_of(5000) {
            log.extend_from_slice(b"x CM-RESOIE000202 y\n");
            expected.push(line);
        } else {
            log.extend_from_slice(filler);
        }
    }
    // One line longer than the buffer, then a code on the next line.
    log.extend(std::iter::repeat_n(b'a', BUFFER_BYTES + 10));
    log.push(b'\n');
    log.extend_from_slice(b"CM-RESOIE000201\n");
    expected.push(line + 2);
    let (found, totals) = scan(&s, &log);
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), expected);
    assert_eq!(totals.lines, line + 2);
}

#[test]
fn agrees_with_search_on_log_lines() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/oms-error-codes.md");
    let text = std::fs::read_to_string(&path).expect("the shipped catalog");
    let catalog =
        crate::parse::parse_catalog(&[SourceFile::new(path, text)], &CatalogConfig::default());
    let scanner = LogScanner::new(&catalog).expect("scanner");
    let index = crate::search::SearchIndex::build(&catalog).expect("index");
    let lines = [
        "2026-11-21 10:00:00.123 ERROR [pool-3-thread-1] No available store. SubTopic: [t1], checkpoint: [17000]",
        "WARN ReadFileCommand execute failed, Ret: file not found.",
        "INFO all good here",
    ];
    for line in lines {
        let (found, _) = scan(&scanner, line.as_bytes());
        let first = index.search(line, 1).into_iter().next();
        match (found.first(), first) {
            (Some((_, codes, _)), Some(hit)) => assert!(
                codes.contains(&hit.code),
                "{line}: {codes:?} vs {}",
                hit.code
            ),
            (None, hit) => assert!(
                hit.as_ref().is_none_or(|h| h.score < 800.0),
                "{line}: search found {hit:?}"
            ),
            (Some(found), None) => panic!("{line}: scan found {found:?}, search nothing"),
        }
    }
}
