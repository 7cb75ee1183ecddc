//! The parse stage: Markdown source (or PostgreSQL's errcodes.txt lines)
//! → [`Catalog`] model.
//!
//! It walks pulldown-cmark's event stream with source offsets, one top-level
//! block at a time, and never matches regular expressions over raw lines, so
//! code fences, lists and quotes are understood the way a renderer sees them.
//! The one exception is the `errcodes` shape, whose syntax is lines.
//! It reads the document as written: bold labels with the colon inside or
//! outside the emphasis, fields run together on consecutive lines,
//! multi-paragraph fields. Nothing is dropped: unknown labels, repeated
//! fields and text before the first label all land in the model, and the
//! linter decides what is wrong with them.
//!
//! In order: `labels` (the labels the catalog writes, normalised),
//! `prepare` (front matter and template tags out of the way), `shape` (how
//! the document lays out its codes), `chunks` (a large document cut into
//! pieces parsed on all cores) and `document` (the parser itself).

mod chunks;
mod document;
mod errcodes;
mod labels;
mod prepare;
mod shape;

use crate::config::{CatalogConfig, Config};
use crate::model::*;
use crate::source::SourceFile;
use chunks::chunks;
use document::{DocumentParser, ParsedChunk};
use labels::Labels;
use prepare::prepare;
use rayon::prelude::*;
use shape::detect;

/// Parses every source of a site into one model: each file with the
/// settings of the catalog it belongs to (`[[catalogs]]`).
pub fn parse_site(sources: &[SourceFile], config: &Config) -> Catalog {
    let site = Labels::new(&config.catalog);
    let named: Vec<Labels> = config
        .catalogs
        .iter()
        .map(|named| Labels::named(&config.catalog, named))
        .collect();
    parse_with(sources, |source| {
        source.catalog.and_then(|i| named.get(i)).unwrap_or(&site)
    })
}

/// Parses every source into one catalog, files in the order given.
pub fn parse_catalog(sources: &[SourceFile], config: &CatalogConfig) -> Catalog {
    let labels = Labels::new(config);
    parse_with(sources, |_| &labels)
}

fn parse_with<'l>(
    sources: &[SourceFile],
    labels_of: impl Fn(&SourceFile) -> &'l Labels + Sync,
) -> Catalog {
    Catalog {
        schema_version: SCHEMA_VERSION,
        files: sources
            .iter()
            .map(|s| s.path.display().to_string())
            .collect(),
        documents: sources
            .par_iter()
            .enumerate()
            .map(|(file, source)| parse_document(file, source, labels_of(source)))
            .collect(),
    }
}

/// Below twice this size a document is parsed in one piece.
const CHUNK_BYTES: usize = 1 << 20;

/// Parses one document. Large Markdown documents are cut at entry
/// headings and parsed on all cores; the result is the same as one pass.
fn parse_document(file: usize, source: &SourceFile, labels: &Labels) -> Document {
    parse_in_chunks(file, source, labels, CHUNK_BYTES)
}

fn parse_in_chunks(
    file: usize,
    source: &SourceFile,
    labels: &Labels,
    chunk_bytes: usize,
) -> Document {
    let prepared = prepare(&source.text, labels);
    let text: &str = &prepared.text;
    let layout = detect(text, &source.path, labels);
    let mut document = if layout.shape == Shape::Errcodes {
        errcodes::parse(file, source, text, &labels.catalog)
    } else {
        parse_markdown(file, source, text, layout, labels, chunk_bytes)
    };
    document.shape = layout.shape;
    document.shape_detected = labels.shape.is_none();
    document.catalog = labels.catalog.clone();
    // A `Section:` line is a section even before it has codes.
    if !layout.suffix_sections && layout.shape != Shape::Errcodes {
        // Headings that gathered no codes are not sections.
        let (sections, empty): (Vec<Section>, Vec<Section>) =
            std::mem::take(&mut document.sections)
                .into_iter()
                .partition(|s| !s.entries.is_empty());
        document.sections = sections;
        document
            .other_headings
            .extend(
                empty
                    .into_iter()
                    .filter(|s| !s.heading.is_empty())
                    .map(|s| Heading {
                        text: s.heading,
                        level: 2,
                        span: s.span,
                        body: s.intro,
                    }),
            );
        document.other_headings.sort_by_key(|h| h.span.start);
    }
    show_other_headings(&mut document);
    if let Some(title) = prepared.metadata.get("title") {
        document.title.get_or_insert_with(|| title.clone());
    }
    document.metadata.extend(prepared.metadata);
    document.notes.extend(
        prepared
            .notes
            .into_iter()
            .map(|(range, kind, text)| ParseNote {
                kind,
                span: source.span(file, range),
                text,
            }),
    );
    document.notes.sort_by_key(|n| n.span.start);
    for section in &mut document.sections {
        for entry in &mut section.entries {
            entry.catalog = labels.catalog.clone();
        }
    }
    document
}

/// Gives the words under headings that are not code sections a place on
/// the site, which shows sections, entries and preambles only. In a
/// document of one entry (a page per code, as MariaDB's, whose `## Possible
/// Causes and Solutions` follows the code's table row) each is a field of
/// the entry, named by its heading; otherwise its heading and text join
/// the intro of the section it follows, or the preamble. The headings stay
/// in `other_headings` too.
fn show_other_headings(document: &mut Document) {
    let headings = document.other_headings.clone();
    let single = document
        .sections
        .iter()
        .map(|s| s.entries.len())
        .sum::<usize>()
        == 1;
    for heading in headings {
        // The preamble already holds the headings above the first section.
        let preamble = &document.preamble;
        let in_preamble = (preamble.span.start..preamble.span.start + preamble.text.len())
            .contains(&heading.span.start);
        if in_preamble || (heading.body.text.trim().is_empty() && heading.text.is_empty()) {
            continue;
        }
        if single {
            if let Some(entry) = document
                .sections
                .iter_mut()
                .find_map(|s| s.entries.first_mut())
            {
                entry.fields.push(Field {
                    kind: FieldKind::Unlabelled,
                    label: heading.text,
                    span: heading.span,
                    body: heading.body,
                    run_together: false,
                    implicit_label: false,
                });
            }
            continue;
        }
        let text = format!(
            "\n\n{} {}\n\n{}",
            "#".repeat(usize::from(heading.level.clamp(2, 6))),
            heading.text,
            heading.body.text
        );
        let before = document
            .sections
            .iter_mut()
            .rev()
            .find(|s| s.span.start < heading.span.start);
        let intro = match before {
            Some(section) => &mut section.intro,
            None => &mut document.preamble,
        };
        intro.text.push_str(&text);
    }
}

/// A Markdown document's sections, entries, preamble, links and prose.
fn parse_markdown(
    file: usize,
    source: &SourceFile,
    text: &str,
    layout: shape::DocumentLayout,
    labels: &Labels,
    chunk_bytes: usize,
) -> Document {
    // Only the common large shape is cut; the others are read in one pass.
    let chunk_bytes = if layout.shape == Shape::Headings && layout.suffix_sections {
        chunk_bytes
    } else {
        usize::MAX / 4
    };
    let mut parsed: Vec<ParsedChunk> = chunks(text, source, file, labels, chunk_bytes)
        .into_par_iter()
        .map(|chunk| DocumentParser::new(file, source, text, layout, labels).parse_chunk(chunk))
        .collect();
    let mut whole = parsed.remove(0);
    let mut preamble_end = whole.preamble_end;
    let preamble_start = whole.preamble_start;
    for part in parsed {
        let mut sections = part.document.sections.into_iter();
        if part.continues_section {
            if let (Some(last), Some(more)) = (whole.document.sections.last_mut(), sections.next())
            {
                last.entries.extend(more.entries);
            }
        }
        whole.document.sections.extend(sections);
        whole.document.links.extend(part.document.links);
        whole.document.notes.extend(part.document.notes);
        whole.document.prose.extend(part.document.prose);
        whole
            .document
            .other_headings
            .extend(part.document.other_headings);
        preamble_end = preamble_end.or(part.preamble_end);
    }
    let mut document = whole.document;
    let parser = DocumentParser::new(file, source, text, layout, labels);
    let preamble_end = preamble_end.unwrap_or(text.len());
    document.preamble = parser.markdown(preamble_start.min(preamble_end)..preamble_end);
    document
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn json(document: &Document) -> String {
        serde_json::to_string(document).expect("serialises")
    }

    #[test]
    fn chunked_parse_equals_one_pass() {
        let entry = "**Error level:** ERROR\n\n**Error message:** Failed {x}.\n\n**Cause:** Bad.\n\n**Solution:**\n\n```sh\n### not a heading\n```\n\n<!--\n\n### not a heading either\n\n-->\n\nEnterprise Edition: Retry.\n";
        let mut text = String::from("# T\n\nIntro.\n\n## A error codes\n\n");
        for n in 0..300 {
            if n == 150 {
                text.push_str("## Notes\n\nNot a section.\n\n### Not an entry\n\n## B error codes\n\nIntro of B.\n\n");
            }
            text.push_str(&format!("### X-{n:04}\n\n{entry}\n"));
        }
        let source = SourceFile::new(PathBuf::from("t.md"), text);
        let labels = Labels::new(&CatalogConfig::default());
        let one_pass = parse_in_chunks(0, &source, &labels, usize::MAX / 4);
        let chunked = parse_in_chunks(0, &source, &labels, 1000);
        assert!(
            chunks(&source.text, &source, 0, &labels, 1000).len() > 10,
            "the test really cuts"
        );
        assert_eq!(
            one_pass
                .sections
                .iter()
                .map(|s| s.entries.len())
                .sum::<usize>(),
            300
        );
        assert_eq!(json(&chunked), json(&one_pass));
        assert_eq!(chunked.prose, one_pass.prose);
    }
}
