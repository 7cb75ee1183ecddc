//! `errbook check` on any text: parse, every lint rule, and the report in
//! every format (the human one draws source snippets from the spans).
#![no_main]

use codespan_reporting::term::termcolor::NoColor;
use errbook::config::Config;
use errbook::lint::{self, LintInput};
use errbook::report::{self, Format};
use errbook::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // Every rule but spelling: its dictionary suggestions cost ~10 ms per
    // unknown word, and every fuzz input is unknown words, which would
    // slow the fuzzer to a run per second. The spelling rule has its own
    // tests; `parse` feeds the same prose.
    let config = Config::parse("[lint]\nspelling = \"allow\"\n", "fuzz.toml".as_ref())
        .expect("a valid config");
    let sources = vec![SourceFile::new("fuzz.md".into(), text.to_string())];
    let catalog = errbook::parse::parse_catalog(&sources, &config.catalog);
    let diagnostics = lint::lint(&LintInput {
        catalog: &catalog,
        sources: &sources,
        config: &config,
        overrides: &[],
    });
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        let mut out = NoColor::new(Vec::new());
        report::write(&mut out, format, &diagnostics, &sources).expect("the report writes");
    }
});
