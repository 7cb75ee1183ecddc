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
    FieldNotRequired => "field-not-required", Note,
        "A field the shape requires by default that most entries of a file lack, so it is not required there (once per file and field, with the count).";
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
    MalformedLine => "malformed-line", Error,
        "A line of an errcodes file (PostgreSQL's errcodes.txt) that is not a code line, a `Section:` line or a `#` comment; it defines no code.";
    SharedSymbol => "shared-symbol", Warning,
        "A symbol (a table's symbol column, `ER_DB_CREATE_EXISTS`) given to more than one code; whoever knows the symbol cannot tell which code is meant.";
}

impl Rule {
    /// The help for a `[lint]` key no rule has: the nearest rule's name,
    /// or else every name.
    pub fn unknown_name_help(name: &str) -> String {
        unknown_name_help(name, Rule::ALL.iter().map(|r| r.name()))
    }
}

/// The name among `names` a mistyped `name` most likely meant: the one
/// within a few edits of it, or else the shortest holding it (`link` →
/// `broken-link`); `None` when none is close.
fn nearest<'n>(name: &str, names: impl Iterator<Item = &'n str> + Clone) -> Option<&'n str> {
    let name = name.trim().to_ascii_lowercase().replace('_', "-");
    let (distance, closest) = names
        .clone()
        .map(|candidate| (strsim::damerau_levenshtein(&name, candidate), candidate))
        .min()?;
    if distance <= (name.chars().count() / 3).max(1) {
        return Some(closest);
    }
    names
        .filter(|candidate| name.len() >= 3 && candidate.contains(&name))
        .min_by_key(|candidate| candidate.len())
}

/// "did you mean `x`?", or the list of `names` when none is close.
fn unknown_name_help<'n>(name: &str, names: impl Iterator<Item = &'n str> + Clone) -> String {
    match nearest(name, names.clone()) {
        Some(closest) => format!("did you mean `{closest}`?"),
        None => format!("the names are {}", names.collect::<Vec<_>>().join(", ")),
    }
}

/// What `-A`, `-W` and `-D` set: one rule, the rules whose level is
/// `warning` at that point (`-D warnings`), or every rule (`-A all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSelector {
    /// The rule of this name.
    Rule(Rule),
    /// `warnings`: every rule that reports warnings, as configured so far.
    Warnings,
    /// `all`: every rule.
    All,
}

impl RuleSelector {
    /// The selector a command-line flag names: a rule's name, `warnings`
    /// or `all`.
    pub fn from_name(name: &str) -> Option<RuleSelector> {
        match name {
            "warnings" => Some(RuleSelector::Warnings),
            "all" => Some(RuleSelector::All),
            name => Rule::from_name(name).map(RuleSelector::Rule),
        }
    }

    /// The help for a flag's value no rule has: the nearest name (of a
    /// rule, `warnings` or `all`), or else every name.
    pub fn unknown_name_help(name: &str) -> String {
        let names = Rule::ALL.iter().map(|r| r.name());
        unknown_name_help(name, names.chain(["warnings", "all"]))
    }

    /// Whether it selects `rule`, whose severity is `current` (`None`:
    /// allowed) when the selector applies.
    pub fn selects(self, rule: Rule, current: Option<Severity>) -> bool {
        match self {
            RuleSelector::Rule(selected) => selected == rule,
            RuleSelector::Warnings => current == Some(Severity::Warning),
            RuleSelector::All => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_of_a_rule_name_finds_the_rule() {
        let help = Rule::unknown_name_help;
        assert_eq!(help("spellng"), "did you mean `spelling`?");
        assert_eq!(help("broken_link"), "did you mean `broken-link`?");
        assert_eq!(help("Duplicate-Codes"), "did you mean `duplicate-code`?");
        assert_eq!(help("link"), "did you mean `broken-link`?");
        for far in ["xyzzy", "", "warning"] {
            let listed = help(far);
            assert!(
                listed.starts_with("the names are no-codes, duplicate-code,"),
                "{listed}"
            );
        }
    }

    #[test]
    fn a_flag_value_may_also_be_warnings_or_all() {
        let help = RuleSelector::unknown_name_help;
        assert_eq!(help("warning"), "did you mean `warnings`?");
        assert_eq!(help("al"), "did you mean `all`?");
        let last = Rule::ALL[Rule::ALL.len() - 1].name();
        let listed = help("xyzzy");
        assert!(
            listed.ends_with(&format!(", {last}, warnings, all")),
            "{listed}"
        );
    }

    #[test]
    fn warnings_selects_the_rules_at_warning_level_only() {
        let warnings = RuleSelector::Warnings;
        assert!(warnings.selects(Rule::Spelling, Some(Severity::Warning)));
        assert!(!warnings.selects(Rule::Spelling, Some(Severity::Error)));
        assert!(!warnings.selects(Rule::Spelling, None));
        assert!(RuleSelector::All.selects(Rule::NoCodes, None));
        assert_eq!(RuleSelector::from_name("all"), Some(RuleSelector::All));
        assert_eq!(
            RuleSelector::from_name("spelling"),
            Some(RuleSelector::Rule(Rule::Spelling))
        );
        assert_eq!(RuleSelector::from_name("spellng"), None);
    }
}
