//! `site.toml`: what to read, where to write, how to read the catalog's
//! labels, and how strict to be. Unknown keys are errors that name the key
//! and its line, so a typo never silently does nothing.

use crate::error::{line_column, Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The configuration file looked for in the current directory.
pub const DEFAULT_CONFIG: &str = "site.toml";

/// `site.toml`: the site, its catalog or catalogs, and how to check them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Site title; defaults to the catalog's `#` heading.
    #[serde(default)]
    pub title: Option<String>,
    /// Files, directories or globs, relative to the config file's directory.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The output directory, relative to the config file's directory.
    #[serde(default = "default_output")]
    pub output: PathBuf,
    /// Used only for canonical links and the sitemap.
    #[serde(default)]
    pub base_url: String,
    /// How the catalog writes its labels and codes (`[catalog]`).
    #[serde(default)]
    pub catalog: CatalogConfig,
    /// Several catalogs in one site, each a section of it with its own
    /// codes (unique per catalog). Without it, `sources` is one catalog.
    #[serde(default)]
    pub catalogs: Vec<NamedCatalog>,
    /// `[lint]`: rule levels and the baseline.
    #[serde(default)]
    pub lint: LintConfig,
    /// Section name → regular expression every code in it must match.
    /// Sections not named here get a pattern inferred from their codes.
    #[serde(default)]
    pub code_patterns: BTreeMap<String, String>,
    /// The spelling rule's settings (`[spelling]`).
    #[serde(default)]
    pub spelling: SpellingConfig,
    /// Directory holding the config file; sources resolve against it.
    #[serde(skip)]
    pub root: PathBuf,
    /// The config file, when one was read (not the defaults).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// How the catalog writes its labels. English defaults; a translated
/// catalog lists its own (`cause = ["原因", "错误原因"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct CatalogConfig {
    /// Labels of the level field (`Error level`).
    pub level: Vec<String>,
    /// Labels of the message field.
    pub message: Vec<String>,
    /// Labels of the cause field.
    pub cause: Vec<String>,
    /// Labels of the solution field.
    pub solution: Vec<String>,
    /// Labels that open an edition block inside a solution.
    pub editions: Vec<String>,
    /// Allowed levels when the document has no levels table.
    pub levels: Vec<String>,
    /// A `##` heading ending with this opens a code section.
    pub section_suffix: String,
    /// `auto` (detected per file) or one of the shapes.
    pub shape: ShapeChoice,
    /// What identifies an entry: `heading` (the code in its heading, list
    /// item or row), or the label of a field that holds the key
    /// (`"OceanBase error code"`) when one generic heading such as
    /// ORA-00600 stands over many codes.
    pub key: String,
    /// Tags of other documentation tools (`{{< copyable "sql" >}}`,
    /// `{% hint %}`, `{{{ .company }}}`): `strip` or `keep`.
    pub template_tags: TemplateTags,
    /// Fields every entry must have; by default what the shape provides
    /// (all four for `headings`, level and message for `errcodes`, none
    /// for `list` and `file-per-code`).
    pub required: Option<Vec<RequiredField>>,
    /// Labels (field labels, table headers) of the SQLSTATE.
    pub sqlstate: Vec<String>,
    /// Labels that introduce a code in list items and table headers.
    pub code: Vec<String>,
    /// Table headers of other names of a code (a symbol).
    pub alias: Vec<String>,
    /// Labels of the catalog's own fields beyond level, message, cause,
    /// solution and SQLSTATE (`"Error code in MySQL"`): known, so not
    /// `unknown-field`, and read as fields wherever a known label is.
    pub fields: Vec<String>,
}

/// A catalog of a site with several.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NamedCatalog {
    /// Shown as the site section of its codes; qualifies their pages.
    pub name: String,
    /// Files, directories or globs, as the top-level `sources`.
    pub sources: Vec<String>,
    /// Overrides `[catalog] shape` for this catalog.
    #[serde(default)]
    pub shape: Option<ShapeChoice>,
    /// Overrides `[catalog] key` for this catalog.
    #[serde(default)]
    pub key: Option<String>,
}

/// `[catalog] shape`: a shape, or `auto` to detect it per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeChoice {
    /// Detect the shape of each file.
    #[default]
    Auto,
    /// [`Shape::Headings`](crate::model::Shape::Headings).
    Headings,
    /// [`Shape::HeadingMessage`](crate::model::Shape::HeadingMessage).
    HeadingMessage,
    /// [`Shape::Table`](crate::model::Shape::Table).
    Table,
    /// [`Shape::List`](crate::model::Shape::List).
    List,
    /// [`Shape::FilePerCode`](crate::model::Shape::FilePerCode).
    FilePerCode,
    /// [`Shape::Errcodes`](crate::model::Shape::Errcodes).
    Errcodes,
}

impl ShapeChoice {
    /// The shape named, or `None` for `auto`.
    pub fn shape(self) -> Option<crate::model::Shape> {
        use crate::model::Shape;
        match self {
            ShapeChoice::Auto => None,
            ShapeChoice::Headings => Some(Shape::Headings),
            ShapeChoice::HeadingMessage => Some(Shape::HeadingMessage),
            ShapeChoice::Table => Some(Shape::Table),
            ShapeChoice::List => Some(Shape::List),
            ShapeChoice::FilePerCode => Some(Shape::FilePerCode),
            ShapeChoice::Errcodes => Some(Shape::Errcodes),
        }
    }
}

/// `[catalog] template-tags`: what to do with other tools' tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateTags {
    /// Blanked out of the text (offsets kept), noted by `check`.
    #[default]
    Strip,
    /// Left in the text as written, noted by `check`.
    Keep,
}

/// A field `[catalog] required` can ask every entry for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequiredField {
    /// The level field.
    Level,
    /// The message field.
    Message,
    /// The cause field.
    Cause,
    /// The solution field.
    Solution,
}

impl RequiredField {
    /// The model's kind of the field.
    pub fn kind(self) -> crate::model::FieldKind {
        use crate::model::FieldKind;
        match self {
            RequiredField::Level => FieldKind::Level,
            RequiredField::Message => FieldKind::Message,
            RequiredField::Cause => FieldKind::Cause,
            RequiredField::Solution => FieldKind::Solution,
        }
    }
}

impl CatalogConfig {
    /// The fields an entry of a shape must have.
    pub fn required_fields(&self, shape: crate::model::Shape) -> Vec<crate::model::FieldKind> {
        use crate::model::{FieldKind, Shape};
        if let Some(required) = &self.required {
            return required.iter().map(|r| r.kind()).collect();
        }
        match shape {
            Shape::Headings => FieldKind::REQUIRED.to_vec(),
            Shape::HeadingMessage => {
                vec![FieldKind::Message, FieldKind::Cause, FieldKind::Solution]
            }
            Shape::Table => vec![FieldKind::Message],
            // Every code line has both; a line without them is malformed.
            Shape::Errcodes => vec![FieldKind::Level, FieldKind::Message],
            Shape::List | Shape::FilePerCode => Vec::new(),
        }
    }
}

impl Default for CatalogConfig {
    fn default() -> Self {
        let strings = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        CatalogConfig {
            level: strings(&["Error level", "Level", "错误级别", "级别"]),
            message: strings(&[
                "Error message",
                "Message",
                "Description",
                "错误信息",
                "错误消息",
                "信息",
            ]),
            cause: strings(&["Cause", "Error cause", "Reason", "原因", "错误原因"]),
            solution: strings(&[
                "Solution",
                "Action",
                "解决方法",
                "解决方式",
                "解决办法",
                "解决方案",
                "处理方法",
            ]),
            editions: strings(&[
                "Enterprise Edition",
                "ApsaraDB for OceanBase",
                "企业版",
                "云数据库 OceanBase",
            ]),
            levels: strings(&["FATAL", "ERROR", "WARNING"]),
            section_suffix: "error codes".to_string(),
            shape: ShapeChoice::Auto,
            key: "heading".to_string(),
            template_tags: TemplateTags::Strip,
            required: None,
            sqlstate: strings(&["SQLSTATE", "SQL state"]),
            code: strings(&[
                "Error code",
                "Error number",
                "Error Code",
                "Code",
                "Number",
                "Error",
                "错误码",
                "错误编号",
            ]),
            alias: strings(&[
                "Symbol",
                "Name",
                "Condition name",
                "Error name",
                "Error symbol",
                "Error",
            ]),
            fields: Vec::new(),
        }
    }
}

/// `[spelling]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SpellingConfig {
    /// Words the dictionary lacks that are right in this catalog.
    pub words: Vec<String>,
}

/// `[lint]`: a level for any rule (`spelling = "allow"`), and
/// `baseline = "FILE"`, whose findings `check` does not report.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// Rule name → `allow` | `warn` | `deny`, with where each is written.
    pub rules: BTreeMap<toml::Spanned<String>, toml::Spanned<RuleLevel>>,
    /// The baseline file, relative to the config file's directory.
    pub baseline: Option<PathBuf>,
}

/// Reads `[lint]` as a table whose keys are rule names, but for
/// `baseline`, whose value is a path.
impl<'de> Deserialize<'de> for LintConfig {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<LintConfig, D::Error> {
        struct Table;
        impl<'de> serde::de::Visitor<'de> for Table {
            type Value = LintConfig;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of rule names set to \"allow\", \"warn\" or \"deny\"")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<LintConfig, A::Error> {
                let mut lint = LintConfig::default();
                while let Some(key) = map.next_key::<toml::Spanned<String>>()? {
                    if key.get_ref() == "baseline" {
                        lint.baseline = Some(map.next_value()?);
                    } else {
                        let level = map.next_value()?;
                        lint.rules.insert(key, level);
                    }
                }
                Ok(lint)
            }
        }
        deserializer.deserialize_map(Table)
    }
}

/// What `[lint]` sets a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleLevel {
    /// Off.
    Allow,
    /// Reported; `check` still exits 0.
    Warn,
    /// Reported as an error; `check` exits 1.
    Deny,
}

impl RuleLevel {
    /// The severity of the findings of a rule at this level; `None` when
    /// it is allowed.
    pub fn severity(self) -> Option<crate::rules::Severity> {
        use crate::rules::Severity;
        match self {
            RuleLevel::Allow => None,
            RuleLevel::Warn => Some(Severity::Warning),
            RuleLevel::Deny => Some(Severity::Error),
        }
    }
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: None,
            sources: Vec::new(),
            output: default_output(),
            base_url: String::new(),
            catalog: CatalogConfig::default(),
            catalogs: Vec::new(),
            lint: LintConfig::default(),
            code_patterns: BTreeMap::new(),
            spelling: SpellingConfig::default(),
            root: PathBuf::new(),
            file: None,
        }
    }
}

impl Config {
    /// Parses config text; `path` is used for messages and as the root.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            Error::at_line(path, line, column, e.message().to_string())
                .with_help("see the site.toml section of the README for the keys errbook knows")
        })?;
        // Empty for a config in the current directory, so paths stay short.
        config.root = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        config.file = Some(path.to_path_buf());
        config.check_rule_names(text, path)?;
        let base = &config.base_url;
        let plain = !base
            .chars()
            .any(|c| c.is_whitespace() || "\"'<>`\\".contains(c));
        if !base.is_empty()
            && !(plain && (base.starts_with("https://") || base.starts_with("http://")))
        {
            return Err(
                Error::at_path(path, format!("base-url `{base}` is not an http(s) URL")).with_help(
                    "write it like `https://docs.example.com/errors/`, or leave it empty",
                ),
            );
        }
        for (section, pattern) in &config.code_patterns {
            regex::Regex::new(pattern).map_err(|e| {
                Error::at_path(
                    path,
                    format!("code pattern for section `{section}` is not a valid regular expression: {e}"),
                )
            })?;
        }
        Ok(config)
    }

    /// Loads `--config FILE`, or `site.toml` in the current directory when
    /// it exists, or the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
            None => return Ok(Config::default()),
        };
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, &e))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::at_path(&path, "config file is not valid UTF-8"))?;
        Config::parse(&text, &path)
    }

    fn check_rule_names(&self, text: &str, path: &Path) -> Result<()> {
        for name in self.lint.rules.keys() {
            if crate::rules::Rule::from_name(name.get_ref()).is_none() {
                let (line, column) = line_column(text, name.span().start);
                return Err(Error::at_line(
                    path,
                    line,
                    column,
                    format!("unknown lint rule `{}`", name.get_ref()),
                )
                .with_help(crate::rules::Rule::unknown_name_help(name.get_ref())));
            }
        }
        Ok(())
    }

    /// The project directory: site.toml's, `.` for the current one.
    pub fn dir(&self) -> &Path {
        if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.root
        }
    }

    /// The configured level for a rule, if any.
    pub fn rule_level(&self, rule: &str) -> Option<RuleLevel> {
        self.lint
            .rules
            .iter()
            .find(|(name, _)| name.get_ref() == rule)
            .map(|(_, level)| *level.get_ref())
    }

    /// `baseline` under `[lint]`, resolved against the config file's
    /// directory.
    pub fn baseline(&self) -> Option<PathBuf> {
        self.lint.baseline.as_ref().map(|path| self.root.join(path))
    }
}
