//! The catalog model: plain data that every stage reads.
//!
//! The parser fills it, the linter inspects it, the exporter serialises it and
//! later stages render and index it. Nothing here knows about Markdown
//! parsing or output formats; it only says what a catalog *is*. Every entry
//! and every field carries the [`Span`] it came from, so any stage can point
//! a reader back at the source.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the JSON shape written by `errbook export --format json`.
/// Bump it when a field is renamed or removed (additions keep the version).
pub const SCHEMA_VERSION: u32 = 1;

/// Where something is in its source file. Lines and columns are 1-based;
/// columns count characters, as rustc does. `start`/`end` are byte offsets
/// into the file, for tools that want to slice the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Index into [`Catalog::files`].
    pub file: usize,
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
    /// The byte offset where it starts.
    pub start: usize,
    /// The byte offset just past its end.
    pub end: usize,
}

/// A whole catalog: one or more source documents read into one model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    /// The JSON shape's version: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Source files, in the order they were read. Spans index into this.
    pub files: Vec<String>,
    /// One per source file, same order as `files`.
    pub documents: Vec<Document>,
}

/// How a catalog file lays out its codes. The parser reads every shape
/// into the same model; `check` says which one it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// A heading per code with labelled fields under it (`### CM-X01`,
    /// `**Cause:** ...`), in `## <Component> error codes` sections.
    #[default]
    Headings,
    /// A heading that carries the message (`## ORA-00600: internal
    /// error`), then fields as paragraphs or bullets.
    HeadingMessage,
    /// A table with one row per code.
    Table,
    /// A list item per code (`* Error Number: 8001`), text indented
    /// under it.
    List,
    /// The whole file is one code, named by the file (`E0308.md`).
    FilePerCode,
    /// PostgreSQL's `errcodes.txt` line format: a line per code
    /// (`22012 E ERRCODE_DIVISION_BY_ZERO division_by_zero`), `Section:`
    /// lines and `#` comments. Named after the file that defines it.
    Errcodes,
}

impl Shape {
    /// Every shape, in the order `check` and the docs list them.
    pub const ALL: [Shape; 6] = [
        Shape::Headings,
        Shape::HeadingMessage,
        Shape::Table,
        Shape::List,
        Shape::FilePerCode,
        Shape::Errcodes,
    ];

    /// The name `site.toml` and `check` use (`heading-message`).
    pub fn name(self) -> &'static str {
        match self {
            Shape::Headings => "headings",
            Shape::HeadingMessage => "heading-message",
            Shape::Table => "table",
            Shape::List => "list",
            Shape::FilePerCode => "file-per-code",
            Shape::Errcodes => "errcodes",
        }
    }
}

/// One Markdown source file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Index into [`Catalog::files`].
    pub file: usize,
    /// The catalog the file belongs to when the site has several
    /// (`[[catalogs]]` in site.toml); empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub catalog: String,
    /// The shape the file was read as.
    #[serde(default)]
    pub shape: Shape,
    /// False when `site.toml` named the shape, true when it was detected.
    #[serde(default)]
    pub shape_detected: bool,
    /// Front matter (YAML, or a key/value table before the first
    /// heading): its top-level scalar keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// What the parser noticed but did not turn into the model (template
    /// tags, unreadable front matter), for the linter.
    #[serde(skip)]
    pub notes: Vec<ParseNote>,
    /// The first `#` heading, if any.
    pub title: Option<String>,
    /// Everything before the first code section, as written (Markdown).
    pub preamble: Markdown,
    /// The levels the document defines in its levels table. When empty,
    /// the levels configured in `site.toml` are the allowed ones.
    pub levels: Vec<LevelDefinition>,
    /// The code sections, in source order.
    pub sections: Vec<Section>,
    /// Every link and image in the document, in source order.
    pub links: Vec<Link>,
    /// Runs of prose (text outside code and HTML), for the spelling rule.
    /// Not exported: it only points back into the source.
    #[serde(skip)]
    pub prose: Vec<TextRange>,
    /// Headings at the level of code sections that are not code sections
    /// (for example "Error types"), kept so that nothing is dropped.
    pub other_headings: Vec<Heading>,
}

impl Document {
    /// A document of `shape` with nothing read yet, its preamble empty at
    /// `start` (the file's first byte).
    pub fn empty(file: usize, shape: Shape, start: Span) -> Document {
        Document {
            file,
            catalog: String::new(),
            shape,
            shape_detected: false,
            metadata: BTreeMap::new(),
            notes: Vec::new(),
            title: None,
            preamble: Markdown {
                text: String::new(),
                span: start,
            },
            levels: Vec::new(),
            sections: Vec::new(),
            links: Vec::new(),
            prose: Vec::new(),
            other_headings: Vec::new(),
        }
    }
}

/// A heading that is not a code section, with the text under it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heading {
    /// The heading's text, as plain text.
    pub text: String,
    /// The heading level (1-6).
    pub level: u8,
    /// The heading.
    pub span: Span,
    /// Text under the heading, up to the next `##` heading.
    pub body: Markdown,
}

/// A row of the document's levels table (`| ERROR | The task fails |`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LevelDefinition {
    /// The level as entries write it (`ERROR`).
    pub name: String,
    /// What the level means, as the table says.
    pub description: String,
    /// The row.
    pub span: Span,
}

/// Something the parser met that the linter reports.
#[derive(Debug, Clone)]
pub struct ParseNote {
    /// What was met.
    pub kind: ParseNoteKind,
    /// Where.
    pub span: Span,
    /// The text concerned (the tag as written, the YAML error).
    pub text: String,
}

/// What kind of thing a [`ParseNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseNoteKind {
    /// A tag of another documentation tool (`{{< copyable "sql" >}}`).
    TemplateTag {
        /// True when the tag was removed from the text, false when it
        /// was kept as written.
        stripped: bool,
    },
    /// Front matter that is not readable YAML.
    BadFrontMatter,
    /// A raw HTML tag that is not one the site keeps as HTML, so it is
    /// shown as text (`<db>` in `Table <t> does not exist in <db>.`).
    RawHtml,
    /// A line of an `errcodes` file that is neither blank, a comment, a
    /// `Section:` line nor a code line; its text is kept as written.
    MalformedLine {
        /// What keeps it from being a code line.
        problem: LineProblem,
    },
    /// A paragraph that opens an entry the way the code headings do
    /// (`OBD-5000: sql execute failed`); `text` is its first line.
    CodeNotHeading {
        /// The level of the document's code headings.
        level: u8,
    },
    /// A table row with more cells than its header (an unescaped `|` in
    /// a cell's text); `text` is the column that kept the extra cells.
    TableRowCells {
        /// Cells as written.
        cells: usize,
        /// Cells of the header.
        header: usize,
    },
}

/// Why a line of an `errcodes` file is not a code line
/// (`sqlstate E/W/S macro [spec_name]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// It has this many whitespace-separated columns, not three or four.
    Columns(usize),
    /// The first column is not five characters of 0-9 and A-Z.
    Sqlstate,
    /// The second column is not `E`, `W` or `S`.
    Level,
    /// A `Section:` line without a name.
    SectionName,
}

/// A byte range of a source file, without line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextRange {
    /// The byte offset where the range starts.
    pub start: usize,
    /// The byte offset just past its end.
    pub end: usize,
}

/// A `## <Component> error codes` section.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// The component name: the heading without the configured suffix.
    pub name: String,
    /// The heading as written.
    pub heading: String,
    /// The section heading.
    pub span: Span,
    /// Text between the section heading and its first code, if any.
    pub intro: Markdown,
    /// The codes of the section, in source order.
    pub entries: Vec<ErrorEntry>,
}

/// One error code and everything written about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorEntry {
    /// The code that identifies the entry in its catalog, as written:
    /// the heading's code (templated parts included,
    /// `CONNECTOR-SIKA-{type}-001101`), the list item's or table row's
    /// code, the file name of a file-per-code catalog, or the value of the
    /// key field when the catalog names one (`key = "OceanBase error
    /// code"`).
    pub id: String,
    /// Other codes the entry is known by: the heading's code when a key
    /// field gives the ID, a symbol column (`ER_DB_CREATE_EXISTS`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The catalog the entry belongs to when the site has several.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub catalog: String,
    /// Name of the section (component) the entry belongs to.
    pub section: String,
    /// The heading (or list item, table row, file start).
    pub span: Span,
    /// The heading level (1-6), or 0 when the entry is not a heading.
    #[serde(default)]
    pub heading_level: u8,
    /// The level named in the first level field, if any.
    pub level: Option<String>,
    /// The first message field as plain text, with its placeholders.
    pub message: Option<Message>,
    /// The first solution field split into edition blocks. Empty when the
    /// solution names no edition.
    pub editions: Vec<EditionBlock>,
    /// Every field in source order, repeats and unknown labels included.
    pub fields: Vec<Field>,
}

/// What a field label means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// The level (`**Error level:** ERROR`).
    Level,
    /// The message the product prints.
    Message,
    /// Why the error happens.
    Cause,
    /// What to do about it.
    Solution,
    /// The five-character SQLSTATE (`HY000`).
    Sqlstate,
    /// The field that holds the entry's ID when the catalog names a key
    /// field (`key = "OceanBase error code"`).
    Key,
    /// A bold label the configuration does not know.
    Other,
    /// Text under the heading before any label.
    Unlabelled,
}

impl FieldKind {
    /// The required fields, in the order a reader expects them.
    pub const REQUIRED: [FieldKind; 4] = [
        FieldKind::Level,
        FieldKind::Message,
        FieldKind::Cause,
        FieldKind::Solution,
    ];

    /// The name the JSON export and `check` use (`cause`).
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Level => "level",
            FieldKind::Message => "message",
            FieldKind::Cause => "cause",
            FieldKind::Solution => "solution",
            FieldKind::Sqlstate => "sqlstate",
            FieldKind::Key => "key",
            FieldKind::Other => "other",
            FieldKind::Unlabelled => "unlabelled",
        }
    }
}

/// One labelled field of an entry, as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    /// What the label means.
    pub kind: FieldKind,
    /// The label as written, without emphasis or colon (`Cause`).
    pub label: String,
    /// The label.
    pub span: Span,
    /// The field's content, Markdown kept (lists, code, images, quotes).
    pub body: Markdown,
    /// True when the label continues the paragraph of the previous field
    /// (no blank line between them), which renders as one run-on paragraph.
    pub run_together: bool,
    /// True for a part of the heading (`ERROR 1007 (HY000): Can't ...`
    /// gives a message and a SQLSTATE field) or a table cell: there is no
    /// label as written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit_label: bool,
}

/// A piece of Markdown source and where it came from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Markdown {
    /// The Markdown source, as written.
    pub text: String,
    /// Where the text starts.
    pub span: Span,
}

/// An error message as plain text, with the placeholders it contains.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    /// The message, as plain text.
    pub text: String,
    /// The variable parts of the text, in order.
    pub placeholders: Vec<Placeholder>,
}

/// A variable part of a message (`{name}`, `${name}`, `$(name)`, `$name`,
/// `%s`, or a backtick-quoted name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    /// As written in the message text (`{checkType}`, `%s`).
    pub text: String,
    /// The name inside it, or the conversion for printf styles (`s`).
    pub name: String,
    /// Byte offset of `text` in [`Message::text`].
    pub offset: usize,
}

/// A labelled part of a solution ("Enterprise Edition:", "ApsaraDB for
/// OceanBase:"). `label` is `None` for text before the first label.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EditionBlock {
    /// The edition's label, without the colon.
    pub label: Option<String>,
    /// The block's text.
    pub body: Markdown,
}

/// A link or image destination.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    /// The destination, as written.
    pub destination: String,
    /// True for an image (`![alt](src)`).
    pub is_image: bool,
    /// The link.
    pub span: Span,
}

impl Catalog {
    /// Every entry of every document, in source order.
    pub fn entries(&self) -> impl Iterator<Item = &ErrorEntry> {
        self.documents
            .iter()
            .flat_map(|d| d.sections.iter())
            .flat_map(|s| s.entries.iter())
    }

    /// How many codes the catalog defines: its distinct keys (an ID,
    /// qualified by its catalog when the site has several), one page each.
    /// Fewer than its entries when a code is defined twice.
    pub fn code_count(&self) -> usize {
        let keys: std::collections::HashSet<_> = self.entries().map(|e| e.key()).collect();
        keys.len()
    }
}

impl ErrorEntry {
    /// What tells entries apart across the site: the ID, qualified by the
    /// catalog when the site has several. Definitions with the same key
    /// share a page and a search result.
    pub fn key(&self) -> std::borrow::Cow<'_, str> {
        if self.catalog.is_empty() {
            std::borrow::Cow::Borrowed(&self.id)
        } else {
            std::borrow::Cow::Owned(format!("{}/{}", self.catalog, self.id))
        }
    }

    /// The first field of a kind.
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        self.fields.iter().find(|f| f.kind == kind)
    }
}
