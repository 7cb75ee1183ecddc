//! The lint rules' registry: every rule's stable name, default severity
//! and one-line explanation. Configuration validates `[lint]` against it
//! and reports print from it; the rules themselves live in `lint::rules`.

use serde::Serialize;

/// How serious a finding is; ordered, so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check.
    Note,
    /// A likely defect; fails a check only with `--deny warnings`.
    Warning,
    /// A defect; `check` exits 1.
    Error,
}

impl Severity {
    /// The name reports print (`warning`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $name:literal, $severity:ident, $explanation:literal;)*) => {
        /// A lint rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $(#[doc = $explanation] $variant,)* }

        impl Rule {
            /// Every rule, in the order reports and the README list them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable name used in output and in `site.toml`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The severity when `[lint]` does not set the rule.
            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// One line saying what the rule checks and why.
            pub fn explanation(self) -> &'static str {
                match self { $(Rule::$variant => $explanation,)* }
            }

            /// The rule with the stable name `name`.
            pub fn from_name(name: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.name() == name)
            }
        }
    };
}

rules! {
    NoCodes => "no-codes", Error,
        "A catalog file defines no error codes, so nothing would be published from it.";
    DuplicateCode => "duplicate-code", Error,
        "A code ID is defined more than once (or twice differing only in case); readers cannot tell which entry is right.";
    MissingField => "missing-field", Error,
        "An entry lacks a required field (level, message, cause or solution).";
    RepeatedField => "repeated-field", Error,
        "An entry has the same field twice; usually the second one was meant to be another field.";
    UnknownField => "unknown-field", Warning,
        "A bold label that is not a known field, or text under a code before its first field.";
    UnknownLevel => "unknown-level", Error,
        "The level is not one the catalog defines in its levels table (or site.toml).";
    EmptyField => "empty-field", Error,
        "A field label with nothing after it.";
    RunTogetherFields => "run-together-fields", Warning,
        "Two fields on consecutive lines with no blank line between them render as one paragraph.";
    StrayTablePipe => "stray-table-pipe", Warning,
        "A paragraph ends with a `|` left over from a table; it shows up in the rendered text.";
    TableRowCells => "table-row-cells", Warning,
        "A table row with more cells than its header (a `|` in a cell not escaped as `\\|`); Markdown viewers drop the text after it.";
    CodePattern => "code-pattern", Warning,
        "A code ID does not fit the pattern of the other codes in its section (configured or inferred).";
    BrokenLink => "broken-link", Error,
        "A relative link or image points at a file that does not exist.";
    RemoteImage => "remote-image", Warning,
        "An image is loaded from the network, so it breaks the offline site and bundle.";
    BrokenPlaceholder => "broken-placeholder", Warning,
        "A message holds code or a mangled placeholder (`x.getName()`, `%!s(MISSING)`, an unclosed `{`) where a placeholder belongs.";
    Spelling => "spelling", Warning,
        "A word in prose is not in the dictionary or the catalog's word list.";
    HeadingLevel => "heading-level", Warning,
        "A code heading at another level than the other codes of its section (`##` where they are `###`).";
    CodeNotHeading => "code-not-heading", Error,
        "A code and its message written as a paragraph (`OBD-5000: sql execute failed`) where the other codes are headings.";
    ConflictingMessage => "conflicting-message", Error,
        "The same code (or key) is given different messages; log lines of one of them will not match.";
    MalformedSqlstate => "malformed-sqlstate", Error,
        "A SQLSTATE that is not five characters of 0-9 and A-Z (`HY000`, `42S02`).";
    CodeSpacing => "code-spacing", Warning,
        "Stray spaces inside the parentheses of a code (`ERROR 1007 ( HY000)`); searches and log lines do not write them.";
    NumericOrder => "numeric-order", Warning,
        "An entry out of numeric order in a section whose codes otherwise ascend; readers scanning the list miss it.";
    LabelVaries => "label-varies", Warning,
        "One field written with different labels in one catalog (`Cause` and `Error cause`).";
    TemplateTag => "template-tag", Note,
        "A tag of another documentation tool (`{{< copyable \"sql\" >}}`, `{% hint %}`) that errbook strips or keeps as configured.";
    RawHtml => "raw-html", Note,
        "A raw HTML tag the site shows as text, not HTML (a placeholder written like a tag, `<db>`, or markup errbook does not keep, `<font>`).";
    FrontMatter => "front-matter", Warning,
        "Front matter that is not readable YAML; its keys are ignored.";
}
