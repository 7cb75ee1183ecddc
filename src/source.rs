//! The read stage: turns paths from the command line or `site.toml` into
//! the text of each Markdown source, in a stable order.
//!
//! Everything that can go wrong before parsing is caught here and reported
//! with the path (and line and column for bad UTF-8): missing paths,
//! directories without Markdown, binary files, invalid UTF-8.

use crate::config::Config;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// One source file's path (as given or resolved) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path, as given or as resolved from `sources`.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Index into `site.toml`'s `[[catalogs]]` of the catalog the file
    /// belongs to, when it names several.
    pub catalog: Option<usize>,
    /// Byte offset of the start of every line, for offset → line/column.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source file, with its line starts counted.
    pub fn new(path: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path,
            text,
            catalog: None,
            line_starts,
        }
    }

    /// The span of a byte range of this file (`file` is its catalog index).
    pub fn span(&self, file: usize, range: std::ops::Range<usize>) -> crate::model::Span {
        let start = range.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= start) - 1;
        let before = &self.text.as_bytes()[self.line_starts[line]..start];
        // Most catalogs are ASCII; counting chars is only needed otherwise.
        let column = if before.is_ascii() {
            before.len()
        } else {
            String::from_utf8_lossy(before).chars().count()
        } + 1;
        crate::model::Span {
            file,
            line: line as u32 + 1,
            column: column as u32,
            start,
            end: range.end.max(start),
        }
    }
}

/// Resolves the sources to read: the paths given on the command line when
/// there are any, else those named in the config.
pub fn resolve(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>> {
    Ok(resolve_catalogs(paths, config)?
        .into_iter()
        .map(|(path, _)| path)
        .collect())
}

/// Like [`resolve`], with the `[[catalogs]]` index of each file. Paths on
/// the command line are one catalog; so is `sources`. A file named by two
/// catalogs belongs to the first.
pub fn resolve_catalogs(
    paths: &[PathBuf],
    config: &Config,
) -> Result<Vec<(PathBuf, Option<usize>)>> {
    if !paths.is_empty() || config.catalogs.is_empty() {
        return Ok(resolve_one(paths, config)?
            .into_iter()
            .map(|p| (p, None))
            .collect());
    }
    let mut files = Vec::new();
    if !config.sources.is_empty() {
        files.extend(resolve_one(&[], config)?.into_iter().map(|p| (p, None)));
    }
    for (index, catalog) in config.catalogs.iter().enumerate() {
        let mut paths = Vec::new();
        for source in &catalog.sources {
            if is_glob(source) {
                expand_glob(config, source, &mut paths)?;
            } else {
                collect(&config.root.join(source), &mut paths)?;
            }
        }
        files.extend(paths.into_iter().map(|p| (p, Some(index))));
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|(p, _)| seen.insert(p.clone()));
    Ok(files)
}

fn resolve_one(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !paths.is_empty() {
        for path in paths {
            collect(path, &mut files)?;
        }
    } else if config.sources.is_empty() {
        return Err(Error::new("no catalog to read: no PATH given and no `sources` in site.toml")
            .with_help("pass a catalog, e.g. `errbook check content/errors.md`, or run in a directory with a site.toml (`errbook init` makes one)"));
    } else {
        for source in &config.sources {
            if is_glob(source) {
                expand_glob(config, source, &mut files)?;
            } else {
                collect(&config.root.join(source), &mut files)?;
            }
        }
    }
    // The same file named twice (a path and a glob) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| seen.insert(p.clone()));
    Ok(files)
}

/// Reads every resolved source.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<SourceFile>> {
    paths.iter().map(|p| read(p)).collect()
}

/// Reads one source, refusing binary data and invalid UTF-8 with a message
/// that says where the bad byte is.
pub fn read(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
        let (line, column) = byte_line_column(&bytes, nul);
        return Err(Error::at_line(
            path,
            line,
            column,
            "this looks like a binary file, not Markdown (it has a NUL byte)",
        )
        .with_help("pass only Markdown catalog files"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = byte_line_column(e.as_bytes(), offset);
        Error::at_line(path, line, column, "invalid UTF-8")
            .with_help("save the file as UTF-8 (for example `iconv -f GBK -t UTF-8`)")
    })?;
    // A UTF-8 byte-order mark is not part of the text.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(SourceFile::new(path.to_path_buf(), text))
}

fn byte_line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let before = files.len();
    // A directory gives its Markdown files only: another file there (an
    // `errcodes.txt`) is read when named, so a catalog's directory can
    // hold other text. The first one is named in the error below.
    let mut errcodes = None;
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let at = e.path().unwrap_or(path).to_path_buf();
            Error::at_path(&at, e.to_string())
        })?;
        if entry.file_type().is_file() && is_markdown(entry.path()) {
            files.push(entry.into_path());
        } else if entry.file_type().is_file() && entry.file_name() == "errcodes.txt" {
            errcodes.get_or_insert_with(|| entry.into_path());
        }
    }
    if files.len() == before {
        let help = match errcodes {
            Some(file) => format!(
                "a directory is read for its .md files; name `{}` itself to read it (a path, or in `sources`)",
                file.display()
            ),
            None => {
                "pass the catalog file itself, or a directory that contains .md files".to_string()
            }
        };
        return Err(
            Error::at_path(path, "directory holds no Markdown (.md) files").with_help(help),
        );
    }
    Ok(())
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// Whether a `sources` entry is a glob rather than a path.
pub(crate) fn is_glob(source: &str) -> bool {
    source.contains(['*', '?', '[', '{'])
}

fn expand_glob(config: &Config, pattern: &str, files: &mut Vec<PathBuf>) -> Result<()> {
    let matcher = globset::Glob::new(pattern)
        .map_err(|e| Error::new(format!("bad glob `{pattern}` in sources: {e}")))?
        .compile_matcher();
    let before = files.len();
    // Paths stay as short as the config's root: relative to it.
    let (root, walk_root) = (&config.root, config.dir());
    for entry in walkdir::WalkDir::new(walk_root).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let relative = entry.path().strip_prefix(walk_root).unwrap_or(entry.path());
        if entry.file_type().is_file() && matcher.is_match(relative) {
            files.push(root.join(relative));
        }
    }
    if files.len() == before {
        return Err(
            Error::at_path(root, format!("the source glob `{pattern}` matches no file"))
                .with_help("fix `sources` in site.toml"),
        );
    }
    Ok(())
}
