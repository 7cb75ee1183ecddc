//! Unit tests of the errcodes reader.

use super::*;
use std::path::PathBuf;

fn read(text: &str) -> Document {
    let source = SourceFile::new(PathBuf::from("errcodes.txt"), text.to_string());
    parse(0, &source, &source.text, "")
}

const TEXT: &str = "\
# Codes of the frobnicator.
#
# One line per code.

Section: Class 22 - Data Exception

# (class of our own)
22000    E    ERRCODE_DATA_EXCEPTION                data_exception
2202E    E    ERRCODE_ARRAY_ELEMENT_ERROR
# the spec calls it a subscript error
2202E    E    ERRCODE_ARRAY_SUBSCRIPT_ERROR         array_subscript_error
22012 E ERRCODE_DIVISION_BY_ZERO division_by_zero extra

Section: Class 01 - Warning
01000    W    ERRCODE_WARNING
";

#[test]
fn code_lines_become_entries_with_spans() {
    let document = read(TEXT);
    let sections = &document.sections;
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0].name, "Class 22 - Data Exception");
    assert_eq!((sections[0].span.line, sections[0].span.column), (5, 1));
    let entries = &sections[0].entries;
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["22000", "2202E"]);
    assert_eq!((entries[1].span.line, entries[1].span.column), (9, 1));
    assert_eq!(entries[0].level.as_deref(), Some("ERROR"));
    assert_eq!(
        entries[0].message.as_ref().map(|m| m.text.as_str()),
        Some("data exception")
    );
    let warning = &sections[1].entries[0];
    assert_eq!(warning.level.as_deref(), Some("WARNING"));
    assert_eq!(warning.message.as_ref().unwrap().text, "warning");
    let message = warning.field(FieldKind::Message).unwrap();
    assert_eq!((message.span.line, message.span.column), (15, 23));
}

#[test]
fn a_repeated_sqlstate_adds_its_names_and_spec_name() {
    let document = read(TEXT);
    let entry = &document.sections[0].entries[1];
    assert_eq!(
        entry.aliases,
        [
            "ERRCODE_ARRAY_ELEMENT_ERROR",
            "ERRCODE_ARRAY_SUBSCRIPT_ERROR",
            "array_subscript_error"
        ]
    );
    assert_eq!(
        entry.message.as_ref().unwrap().text,
        "array subscript error"
    );
    let message = entry.field(FieldKind::Message).unwrap();
    assert_eq!(message.span.line, 11);
    let notes = entry.field(FieldKind::Unlabelled).unwrap();
    assert_eq!(notes.body.text, "the spec calls it a subscript error");
    assert_eq!((notes.body.span.line, notes.body.span.column), (10, 3));
}

#[test]
fn comments_are_the_preamble_intros_and_notes() {
    let document = read(TEXT);
    assert_eq!(
        document.preamble.text,
        "Codes of the frobnicator.\n\nOne line per code."
    );
    assert_eq!(
        document.sections[0].intro.text,
        "(class of our own)\n\n22012 E ERRCODE_DIVISION_BY_ZERO division_by_zero extra"
    );
    // Prose points at the words in the file.
    let words: Vec<&str> = document
        .prose
        .iter()
        .map(|r| &TEXT[r.start..r.end])
        .collect();
    assert!(words.contains(&"Codes of the frobnicator."), "{words:?}");
    assert!(words.contains(&"Class 22 - Data Exception"), "{words:?}");
    assert!(
        words.contains(&"the spec calls it a subscript error"),
        "{words:?}"
    );
    assert!(!words.iter().any(|w| w.contains("extra")), "{words:?}");
}

#[test]
fn a_line_of_other_columns_is_noted_and_kept() {
    let document = read(TEXT);
    assert_eq!(document.notes.len(), 1);
    let note = &document.notes[0];
    assert_eq!(
        note.kind,
        ParseNoteKind::MalformedLine {
            problem: LineProblem::Columns(5)
        }
    );
    assert_eq!((note.span.line, note.span.column), (12, 1));
    assert_eq!(
        note.text,
        "22012 E ERRCODE_DIVISION_BY_ZERO division_by_zero extra"
    );
}

#[test]
fn codes_before_any_section_and_odd_input_do_not_panic() {
    let document = read(
        "# only a comment\n22012 E ERRCODE_X\r\nSection:\n\n#\n  \t\n99 X Y\nÄÖÜ€€ E Ü\n22013 X ERRCODE_Y\n",
    );
    assert_eq!(document.preamble.text, "only a comment");
    assert_eq!(document.sections[0].name, "errcodes");
    assert_eq!(document.sections[0].entries.len(), 1);
    assert_eq!(document.sections[0].entries[0].id, "22012");
    // Each line that is not a code line is noted with its problem,
    // and kept as text.
    let problems: Vec<(&str, LineProblem)> = document
        .notes
        .iter()
        .map(|n| match n.kind {
            ParseNoteKind::MalformedLine { problem } => (n.text.as_str(), problem),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("Section:", LineProblem::SectionName),
            ("99 X Y", LineProblem::Sqlstate),
            ("ÄÖÜ€€ E Ü", LineProblem::Sqlstate),
            ("22013 X ERRCODE_Y", LineProblem::Level),
        ]
    );
    assert_eq!(
        document.sections[0].intro.text,
        "Section:\n\n\n\n99 X Y\n\nÄÖÜ€€ E Ü\n\n22013 X ERRCODE_Y"
    );
    for text in ["", "#", "Section:", "\n\n", "a b c d e f", "\u{feff}"] {
        read(text);
    }
}
