//! `cargo bench --bench check -- FILE [CONFIG]`: times each stage of
//! `errbook check` on one catalog through the library API and prints
//! medians of 5 runs and the parse + lint throughput. `bench/check.sh`
//! generates the catalogs and runs this alongside the CLI.

use errbook::config::Config;
use errbook::lint::{lint, LintInput};
use errbook::parse::parse_catalog;
use errbook::source;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; skip flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(file) = args.first() else {
        eprintln!("usage: cargo bench --bench check -- CATALOG.md [site.toml]");
        std::process::exit(2);
    };
    let config = match args.get(1) {
        Some(path) => Config::load(Some(PathBuf::from(path).as_path())).expect("config loads"),
        None => Config::default(),
    };
    let path = PathBuf::from(file);
    let (mut read, mut parse, mut check) = (Vec::new(), Vec::new(), Vec::new());
    let mut findings = 0;
    let mut bytes = 0;
    let mut codes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let sources = source::read_all(std::slice::from_ref(&path)).expect("catalog reads");
        read.push(t.elapsed());
        bytes = sources.iter().map(|s| s.text.len()).sum::<usize>();
        let t = Instant::now();
        let catalog = parse_catalog(&sources, &config.catalog);
        parse.push(t.elapsed());
        codes = catalog.entries().count();
        let t = Instant::now();
        findings = lint(&LintInput {
            catalog: &catalog,
            sources: &sources,
            config: &config,
            overrides: &[],
        })
        .len();
        check.push(t.elapsed());
    }
    let (read, parse, check) = (median(read), median(parse), median(check));
    let mb = bytes as f64 / 1e6;
    let both = (parse + check).as_secs_f64();
    println!(
        "{file}: {codes} codes, {mb:.1} MB, {findings} findings | read {:.0} ms, parse {:.0} ms, lint {:.0} ms | parse+lint {:.0} MB/s",
        read.as_secs_f64() * 1e3,
        parse.as_secs_f64() * 1e3,
        check.as_secs_f64() * 1e3,
        mb / both
    );
}
