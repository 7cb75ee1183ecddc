//! The parser on any text: it must never panic, and every span it
//! records must lie inside the source, on a character boundary.
#![no_main]

use errbook::config::CatalogConfig;
use errbook::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let sources = [SourceFile::new("fuzz.md".into(), text.to_string())];
    let catalog = errbook::parse::parse_catalog(&sources, &CatalogConfig::default());
    for entry in catalog.entries() {
        for span in std::iter::once(&entry.span).chain(entry.fields.iter().map(|f| &f.span)) {
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    // The model exports and reads back.
    let json = serde_json::to_string(&catalog).expect("the model serialises");
    let _: errbook::model::Catalog = serde_json::from_str(&json).expect("and reads back");
});
