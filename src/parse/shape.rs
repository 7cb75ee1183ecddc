//! Shape detection: how a document lays out its codes (a heading per
//! code, a heading that carries the message, a table, a list, a file per
//! code, PostgreSQL's errcodes.txt lines), decided from a quick look at
//! its lines before the parser runs,
//! unless site.toml names the shape; and what a heading that names a code
//! looks like.

use super::Labels;
use crate::model::Shape;
use crate::text::Fence;
use regex::Regex;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

/// How a document lays out its codes, decided before parsing.
#[derive(Debug, Clone, Copy)]
pub(super) struct DocumentLayout {
    pub(super) shape: Shape,
    /// The heading level of code headings.
    pub(super) entry_level: u8,
    /// Sections are the `## <Component> error codes` headings (the
    /// suffix is configured); otherwise any heading above the codes'
    /// level opens a section.
    pub(super) suffix_sections: bool,
}

/// A heading that names a code: `CM-RESOIE000201`, `OBD-1000:
/// Configuration conflict`, `ERROR 1007 (HY000): Can't create database`,
/// `ORA-00600: internal error code, arguments: [%s]`. The code has a digit
/// (or a `{template}` part); what follows a colon is the message.
static CODE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<code>(?:(?:ERROR|Error|error|错误)\s+)?[A-Za-z0-9_$][A-Za-z0-9_{}$.\\-]*)",
        r"(?P<paren>\s*\((?P<inner>[^()\n]{0,16})\))?",
        r"\s*(?:[:：]\s*(?P<title>\S.*?))?\s*$",
    ))
    .expect("valid pattern")
});

/// The parts of a code heading, as byte ranges of the heading text.
pub(super) struct CodeHeading {
    pub(super) code: Range<usize>,
    /// Inside the parentheses after the code (a SQLSTATE).
    pub(super) paren: Option<Range<usize>>,
    pub(super) title: Option<Range<usize>>,
}

pub(super) fn code_heading(text: &str) -> Option<CodeHeading> {
    let caps = CODE_HEADING.captures(text)?;
    let code = caps.name("code")?;
    let code_text = code.as_str();
    if !code_text.bytes().any(|b| b.is_ascii_digit() || b == b'{') || code_text.ends_with('.') {
        return None;
    }
    Some(CodeHeading {
        code: code.range(),
        paren: caps.name("inner").map(|m| m.range()),
        title: caps.name("title").map(|m| m.range()),
    })
}

/// A code with its digits masked (`OBD-1000` → `OBD-9999`): codes built
/// the same way share it.
pub(super) fn code_shape(code: &str) -> String {
    code.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect()
}

/// The shapes of the codes that ATX headings at `level` name, outside
/// fenced code: what a code written as a paragraph is compared with.
pub(super) fn heading_code_shapes(text: &str, level: u8) -> BTreeSet<String> {
    let mut fence = Fence::default();
    let mut shapes = BTreeSet::new();
    for line in text.lines() {
        if fence.is_code(line) {
            continue;
        }
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() >= 4 {
            continue;
        }
        let Some((found, heading)) = atx_heading(trimmed) else {
            continue;
        };
        if found != level {
            continue;
        }
        if let Some(code) = code_heading(heading) {
            shapes.insert(code_shape(&heading[code.code]));
        }
    }
    shapes
}

/// An ATX heading line (`### Text`): its level and text.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((hashes as u8, text))
}

/// Decides the shape (unless configured) and the code heading level from
/// a quick look at the lines: headings that name codes, `## ... error
/// codes` sections, list items and table rows that introduce codes.
pub(super) fn detect(text: &str, path: &std::path::Path, labels: &Labels) -> DocumentLayout {
    let errcodes = match labels.shape {
        Some(shape) => shape == Shape::Errcodes,
        None => looks_like_errcodes(text),
    };
    if errcodes {
        return DocumentLayout {
            shape: Shape::Errcodes,
            entry_level: 7,
            suffix_sections: false,
        };
    }
    let mut code_levels = [0usize; 7];
    let (mut titled, mut suffix_sections, mut list_items, mut table_rows) = (0, 0, 0, 0);
    let mut fence = Fence::default();
    let mut previous = "";
    let mut table_has_code = false;
    let mut level_three = 0;
    let mut heading = |level: u8, text: &str, code_levels: &mut [usize; 7]| {
        if level == 3 {
            level_three += 1;
        }
        if level == 2 && labels.section_name(text).is_some() {
            suffix_sections += 1;
        }
        if let Some(code) = code_heading(text) {
            code_levels[level as usize] += 1;
            if code.title.is_some() {
                titled += 1;
            }
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if fence.is_code(line) {
            previous = "";
            continue;
        }
        if indent < 4 {
            if let Some((level, heading_text)) = atx_heading(trimmed) {
                heading(level, heading_text, &mut code_levels);
            } else if !previous.trim().is_empty()
                && !trimmed.trim().is_empty()
                && (trimmed.trim_end().bytes().all(|b| b == b'=')
                    || (trimmed.trim_end().bytes().all(|b| b == b'-')
                        && !previous.trim_start().starts_with(['-', '*', '+', '|', '>'])))
            {
                let level = if trimmed.starts_with('=') { 1 } else { 2 };
                heading(level, previous.trim(), &mut code_levels);
            }
        }
        if let Some(item) = trimmed
            .strip_prefix(['*', '-', '+'])
            .filter(|rest| rest.starts_with(' '))
        {
            if item.contains([':', '：']) && labels.code_line(item).is_some() {
                list_items += 1;
            }
        }
        if trimmed.contains('|') {
            let is_separator = trimmed
                .trim()
                .bytes()
                .all(|b| matches!(b, b'|' | b'-' | b':' | b' '));
            if is_separator && previous.contains('|') {
                table_has_code = previous
                    .trim()
                    .trim_matches('|')
                    .split('|')
                    .any(|cell| labels.code_rank(cell.trim().trim_matches('*')).is_some());
            } else if table_has_code {
                table_rows += 1;
            }
        } else {
            table_has_code = false;
        }
        previous = line;
    }
    let code_headings: usize = code_levels.iter().sum();
    let entry_level = (1..=6)
        .rev()
        .max_by_key(|&l| code_levels[l])
        .filter(|&l| code_levels[l] > 0)
        .unwrap_or(3) as u8;
    // `## Error codes` over a list or table is a heading, not the OMS
    // shape: that needs more `###` headings than listed or tabled codes.
    if level_three == 0 || level_three <= list_items.max(table_rows) {
        suffix_sections = 0;
    }
    let detected = if suffix_sections > 0 {
        Shape::Headings
    } else if code_headings == 0 && list_items == 0 && table_rows == 0 {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        match code_heading(stem) {
            Some(code) if code.title.is_none() && code.paren.is_none() && !is_title_slug(stem) => {
                Shape::FilePerCode
            }
            _ => Shape::Headings,
        }
    } else if table_rows >= code_headings.max(list_items) {
        Shape::Table
    } else if list_items > code_headings {
        Shape::List
    } else if titled * 2 >= code_headings {
        Shape::HeadingMessage
    } else {
        Shape::Headings
    };
    let shape = labels.shape.unwrap_or(detected);
    let entry_level = match shape {
        // Codes are not headings: every heading opens a section.
        Shape::Table | Shape::List | Shape::FilePerCode => 7,
        _ if suffix_sections > 0 => 3,
        _ => entry_level,
    };
    DocumentLayout {
        shape,
        entry_level,
        suffix_sections: suffix_sections > 0,
    }
}

/// Whether a file name is a title written as a slug, not a code (`E0308`,
/// `e1075`, `ora-00600`): a docs tree's ordering number before a word
/// (`100.overview`), or two or more lower-case words of four letters or
/// more (`use-error-information`). A catalog's overview page is so not
/// read as a code.
fn is_title_slug(stem: &str) -> bool {
    let ordered = stem.split_once('.').is_some_and(|(order, rest)| {
        !order.is_empty()
            && order.bytes().all(|b| b.is_ascii_digit())
            && rest.starts_with(|c: char| c.is_ascii_lowercase())
    });
    ordered
        || stem
            .split(['-', '.', '_'])
            .filter(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .count()
            >= 2
}

/// How many of a document's first lines [`looks_like_errcodes`] reads.
const ERRCODES_LOOK: usize = 1000;

/// Whether a document is in errcodes.txt's line format: of its first
/// lines that are neither blank nor `#` comments, most are `Section:`
/// lines or code lines ([`is_code_line`]), and one is a code line. A
/// Markdown catalog's lines that are not headings are prose, rows and
/// items, never `22012 E ERRCODE_DIVISION_BY_ZERO`; the rest leaves room
/// for malformed lines, which `check` reports.
fn looks_like_errcodes(text: &str) -> bool {
    let (mut codes, mut sections, mut others) = (0usize, 0usize, 0usize);
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .take(ERRCODES_LOOK)
    {
        if line.starts_with("Section:") {
            sections += 1;
        } else if is_code_line(line) {
            codes += 1;
        } else {
            others += 1;
        }
    }
    codes > 0 && codes + sections > others
}

/// `sqlstate E/W/S macro_name [spec_name]`: a code line
/// ([`super::errcodes::code_line_problem`]) whose names are identifiers.
fn is_code_line(line: &str) -> bool {
    let columns: Vec<&str> = line.split_whitespace().collect();
    let identifier = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    super::errcodes::code_line_problem(&columns).is_none()
        && columns[2..].iter().all(|c| identifier(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CatalogConfig;
    use std::path::Path;

    fn shape_of(text: &str) -> Shape {
        detect(
            text,
            Path::new("c.md"),
            &Labels::new(&CatalogConfig::default()),
        )
        .shape
    }

    #[test]
    fn errcodes_lines_are_detected_with_a_malformed_line_among_them() {
        let text = "# Codes of the frobnicator.\n\nSection: Class 22 - Data Exception\n\n22000    E    ERRCODE_DATA_EXCEPTION    data_exception\n# a note\n22012    E    ERRCODE_DIVISION_BY_ZERO    division_by_zero\n22013 E\n01000 W ERRCODE_WARNING\n";
        assert_eq!(shape_of(text), Shape::Errcodes);
    }

    #[test]
    fn markdown_catalogs_are_not_errcodes() {
        for markdown in [
            // Headings, and lines that start like code lines.
            "# Codes\n\n## Data error codes\n\n### 22012\n\n22012 E is division by zero, see the manual.\n\n**Error level:** ERROR\n\n**Cause:** A zero.\n\n**Solution:** Check.\n",
            // A table whose rows hold SQLSTATEs and levels.
            "| Code | Level | Symbol |\n| --- | --- | --- |\n| 22012 | E | ERRCODE_DIVISION_BY_ZERO |\n",
            // A list of codes.
            "* Error Number: 8001\n\n  22012 E ERRCODE_DIVISION_BY_ZERO\n\n  Division by zero.\n\n* Error Number: 8002\n\n  A second.\n",
            // Only headings and blank lines: nothing is a code line.
            "# Title\n\n## Section\n\n### X-1\n",
        ] {
            assert_ne!(shape_of(markdown), Shape::Errcodes, "{markdown}");
        }
    }

    #[test]
    fn errcodes_code_lines() {
        assert!(is_code_line("2202E\tE\tERRCODE_ARRAY_ELEMENT_ERROR"));
        assert!(is_code_line("01000 W ERRCODE_WARNING warning"));
        assert!(!is_code_line("01000 X ERRCODE_WARNING warning"));
        assert!(!is_code_line("0100 W ERRCODE_WARNING"));
        assert!(!is_code_line("01000 W ERRCODE_WARNING warning more"));
        assert!(!is_code_line("01000 W"));
        assert!(!is_code_line("| 01000 | W | ERRCODE_WARNING |"));
    }

    #[test]
    fn file_names_of_pages_are_titles_and_codes_are_not() {
        for title in [
            "100.overview",
            "100.use-error-information-of-mysql-mode",
            "error-codes-list",
        ] {
            assert!(is_title_slug(title), "{title}");
        }
        for code in [
            "E0308",
            "e1075",
            "ora-00600",
            "CONNECTOR-SIKA-001101",
            "OBD-1013",
        ] {
            assert!(!is_title_slug(code), "{code}");
        }
    }
}
