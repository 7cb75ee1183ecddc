//! Command-line types (clap derive). Each subcommand's arguments live here;
//! what the command does lives in `cmd/`.

use crate::config::RuleLevel;
use crate::lint::LevelOverride;
use crate::report::Format;
use crate::rules::{Rule, RuleSelector};
use crate::ui::ColorWhen;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  success (for check: no errors; warnings allowed)
  1  check found lint errors
  2  usage, configuration or I/O error";

#[derive(Debug, Parser)]
#[command(
    name = "errbook",
    version,
    about = "Lint an error-code catalog written in Markdown and turn it into a searchable reference",
    after_help = EXIT_CODES
)]
/// The command line: a subcommand and the options every command takes.
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and the output asked for.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: what was read, and how long each stage took.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to use colour; `auto` means on a terminal and not when
    /// NO_COLOR is set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// The subcommands, each with its arguments.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the reference site (default output: `output` in site.toml, `public/`).
    #[command(after_help = "\
Examples:
  errbook build                          # the sources in ./site.toml, into public/
  errbook build docs/errors.md --out site
  then open public/index.html (it works from disk, no server needed)

The build writes into a staging directory and swaps it in when complete:
a failed or killed build leaves the previous site as it was.

Exit codes:
  0  site written
  2  usage, configuration, template or I/O error")]
    Build(BuildArgs),
    /// Lint the catalog and report what is wrong, where, and how to fix it.
    #[command(after_help = concat!("\
Examples:
  errbook check                          # the sources named in ./site.toml
  errbook check docs/error-codes.md      # any catalog, no site.toml needed
  errbook check --format sarif > errbook.sarif
  errbook check -D warnings              # warnings fail the run too
  errbook check -A spelling -D remote-image
  errbook check -A all -W broken-link    # only one rule
  errbook check --write-baseline errbook-baseline.json   # today's findings, once
  errbook check --baseline errbook-baseline.json         # then only new ones

RULE is a rule's name (the README's table of rules), `warnings` (the
rules at warning level at that point) or `all`. The flags apply over
[lint] in site.toml, in the order given.

Exit codes:
  0  no errors (warnings allowed)
  1  lint errors found
  2  usage, configuration or I/O error"))]
    Check(CheckArgs),
    /// Find the entry for a code, part of one, a raw log line or words.
    #[command(after_help = "\
Examples:
  errbook search CM-RESOIE000201                    # a code, any case
  errbook search resoie000201                       # part of a code
  errbook search CONNECTOR-SIKA-JSON-001101         # a concrete ID of a templated code
  errbook search 'No available store. SubTopic: [t1], checkpoint: [17000]'
  errbook search 'undo_retention' --limit 3 --format json
  errbook search --eval ../shared/queries/sample.tsv

Exit codes:
  0  something matched (or --eval ran)
  1  nothing matched
  2  usage, configuration or I/O error")]
    Search(SearchArgs),
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload open
    /// pages when a source, template or site.toml changes.
    #[command(after_help = "\
Examples:
  errbook serve                          # http://127.0.0.1:3000/
  errbook serve --port 8080 --open
  errbook serve docs/errors.md --bind 0.0.0.0   # reachable from other machines

The site is built into a temporary directory (or --out DIR); public/ is
not touched. A build error does not stop the server: open pages show it
until the next good save. GET /api/search?q=...&limit=N answers with the
same JSON as `errbook search --format json`.

Exit codes:
  0  stopped with Ctrl-C
  2  usage, configuration or I/O error (e.g. the port is taken)")]
    Serve(ServeArgs),
    /// Print the entry for a code in the terminal, or find the known
    /// errors in a log (--log).
    #[command(after_help = "\
Examples:
  errbook explain CM-RESOIE000201        # a code, any case
  errbook explain resoie000201           # part of a code
  errbook explain CONNECTOR-SIKA-JSON-001101   # a concrete ID of a templated code
  errbook explain CM-RESOIE000201 | cat  # plain text when piped
  errbook explain --log oms.log          # every known error in a log, and a summary
  tail -f oms.log | errbook explain --log -
  errbook explain --log oms.log --format json   # one JSON object per line (NDJSON)

Exit codes:
  0  the entry was printed (--log: the log was read)
  1  no code matches (the closest codes are suggested), or several do
  2  usage, configuration or I/O error")]
    Explain(ExplainArgs),
    /// Start a new catalog project: site.toml, an example catalog and a
    /// GitHub Actions workflow that checks, builds and publishes it.
    #[command(after_help = "\
Examples:
  errbook init my-errors && cd my-errors && errbook check && errbook build

Exit codes:
  0  written
  2  a file would be overwritten, or an I/O error")]
    Init(InitArgs),
    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  errbook completions bash > ~/.local/share/bash-completion/completions/errbook
  errbook completions zsh > ~/.zfunc/_errbook
  errbook completions fish > ~/.config/fish/completions/errbook.fish")]
    Completions(CompletionsArgs),
    /// Write the catalog model as JSON (schema: schema/catalog.schema.json).
    #[command(after_help = "\
Examples:
  errbook export --format json > catalog.json
  errbook export docs/error-codes.md -o catalog.json

Exit codes:
  0  written
  2  usage, configuration or I/O error")]
    Export(ExportArgs),
    /// Write the built-in templates and static files to DIR/templates and
    /// DIR/static, to customise; a project's files override the built-in ones.
    Theme(ThemeArgs),
    /// Pack the reference for offline use: one self-contained HTML file,
    /// or the whole site as a zip archive (`--zip`).
    #[command(after_help = "\
Examples:
  errbook bundle                         # oms-error-codes.html (named after the title)
  errbook bundle -o ~/errors.html        # open it in any browser, from disk
  errbook bundle --zip                   # oms-error-codes.zip: the site, unzip and open index.html

The single file holds every code, the stylesheet, the scripts and the
search index: search, the level filter and jump-to-code work from disk
with no network. The zip is the site `errbook build` writes, with fixed
timestamps and order: the same input gives the same bytes. Both are
written to a temporary file beside the target and renamed over it.

Exit codes:
  0  written
  2  usage, configuration, template or I/O error")]
    Bundle(BundleArgs),
}

/// Where the catalog comes from; shared by every command that reads one.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Catalog files or directories; replace the `sources` of site.toml.
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: ./site.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `errbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The catalog to check.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// `-A`, `-W` and `-D`.
    #[command(flatten)]
    pub levels: LevelArgs,
    /// Report only the findings not in this baseline (written by
    /// --write-baseline) [default: `baseline` under [lint] in site.toml].
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write today's findings to FILE as a baseline, report none of
    /// them, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// `-A RULE`, `-W RULE` and `-D RULE`, as clippy takes them: repeatable,
/// applied over `[lint]` in site.toml in the order given, so a later flag
/// wins over an earlier one. RULE is a rule's name, `warnings` (the rules
/// at warning level at that point) or `all`.
///
/// clap's derive keeps each flag's values apart and loses their order, so
/// this reads the three flags itself, by their positions on the command
/// line.
#[derive(Debug, Clone, Default)]
pub struct LevelArgs {
    /// The flags, in the order given.
    pub overrides: Vec<LevelOverride>,
}

/// The three flags: clap's id, short and long name, the level and help.
const LEVEL_FLAGS: [(&str, char, RuleLevel, &str); 3] = [
    (
        "allow",
        'A',
        RuleLevel::Allow,
        "Turn off RULE (a rule's name, `warnings` or `all`); repeatable, later flags win",
    ),
    (
        "warn",
        'W',
        RuleLevel::Warn,
        "Report RULE as a warning, which does not fail the run (a rule's name or `all`)",
    ),
    (
        "deny",
        'D',
        RuleLevel::Deny,
        "Report RULE as an error, which fails the run (`-D warnings`: every warning)",
    ),
];

impl clap::FromArgMatches for LevelArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut given = Vec::new();
        for (id, _, level, _) in LEVEL_FLAGS {
            let (Some(indices), Some(values)) =
                (matches.indices_of(id), matches.get_many::<RuleSelector>(id))
            else {
                continue;
            };
            for (index, &rules) in indices.zip(values) {
                given.push((index, LevelOverride { rules, level }));
            }
        }
        given.sort_by_key(|&(index, _)| index);
        Ok(LevelArgs {
            overrides: given.into_iter().map(|(_, o)| o).collect(),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for LevelArgs {
    fn augment_args(mut command: clap::Command) -> clap::Command {
        for (id, short, _, help) in LEVEL_FLAGS {
            command = command.arg(
                clap::Arg::new(id)
                    .short(short)
                    .long(id)
                    .value_name("RULE")
                    .action(clap::ArgAction::Append)
                    .value_parser(RuleSelectorParser)
                    .hide_possible_values(true)
                    .help(help),
            );
        }
        command
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// Reads RULE: a rule's name, `warnings` or `all`; a name no rule has is
/// a usage error that names the nearest rule. The names are offered to
/// shell completion.
#[derive(Debug, Clone, Copy)]
struct RuleSelectorParser;

impl clap::builder::TypedValueParser for RuleSelectorParser {
    type Value = RuleSelector;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<RuleSelector, clap::Error> {
        let name = value.to_string_lossy();
        RuleSelector::from_name(&name).ok_or_else(|| {
            let flag = arg.and_then(clap::Arg::get_long).unwrap_or("RULE");
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!(
                    "invalid value '{name}' for '--{flag} <RULE>': no rule is named `{name}`; {}\n",
                    RuleSelector::unknown_name_help(&name)
                ),
            )
            .with_cmd(command)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::builder::PossibleValue;
        let rules = Rule::ALL
            .iter()
            .map(|rule| PossibleValue::new(rule.name()).help(rule.explanation()));
        let groups = [
            PossibleValue::new("warnings").help("Every rule at warning level"),
            PossibleValue::new("all").help("Every rule"),
        ];
        Some(Box::new(rules.chain(groups)))
    }
}

/// `errbook export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The catalog to export.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `errbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The catalog to build.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output directory [default: `output` in site.toml, else public/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `errbook theme`.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    /// Where to write templates/ and static/ (existing files are kept).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `errbook search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// A code, part of one, a log line or words.
    pub query: Option<String>,
    /// Catalog files or directories; replace the `sources` of site.toml.
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: ./site.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How many results.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Human)]
    pub format: SearchFormat,
    /// Score search quality on `query<TAB>accepted codes<TAB>kind` lines:
    /// hit@1, hit@5 and MRR, overall and per kind, and the misses.
    #[arg(long, value_name = "FILE.tsv")]
    pub eval: Option<PathBuf>,
}

/// How `search` and `explain` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// For a reader at a terminal.
    Human,
    /// JSON, for scripts (one object per line with `explain --log`).
    Json,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The catalog model as JSON.
    Json,
}

/// `errbook serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The catalog to serve.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes the site (and
    /// the search API) to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Build into DIR instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `errbook explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code (any case), part of one, or a concrete ID of a templated code.
    pub code: Option<String>,
    /// Catalog files or directories; replace the `sources` of site.toml.
    pub paths: Vec<PathBuf>,
    /// Configuration file [default: ./site.toml when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Scan a log file (`-` for standard input) for known codes and messages.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Output format (`json` with --log writes one JSON object per line).
    #[arg(long, value_enum, default_value_t = SearchFormat::Human)]
    pub format: SearchFormat,
    /// Print straight to standard output, not through a pager.
    #[arg(long)]
    pub no_pager: bool,
}

/// `errbook init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project directory (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The site's title.
    #[arg(long, default_value = "Error codes")]
    pub title: String,
}

/// `errbook completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    pub shell: clap_complete::Shell,
}

/// `errbook bundle`.
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// The catalog to bundle.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Write the whole site as a zip archive instead of a single HTML file.
    #[arg(long)]
    pub zip: bool,
    /// The file to write [default: the site title's slug, .html or .zip,
    /// in the current directory].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
