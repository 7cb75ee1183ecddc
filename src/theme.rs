//! The site's theme: tera templates and static files. The defaults (the
//! repository's `templates/` and `static/`) are embedded in the binary; a
//! project overrides any of them, or adds more, by putting a file of the
//! same name in its own `templates/` or `static/` beside `site.toml`.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Default templates, by name.
pub(crate) const TEMPLATES: [(&str, &str); 12] = [
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("code.html", include_str!("../templates/code.html")),
    ("entry.html", include_str!("../templates/entry.html")),
    ("all.html", include_str!("../templates/all.html")),
    (
        "all-entry.html",
        include_str!("../templates/all-entry.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("bundle.html", include_str!("../templates/bundle.html")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
];

/// Default static files, by path under `static/`.
pub(crate) const STATIC_FILES: [(&str, &str); 3] = [
    ("style.css", include_str!("../static/style.css")),
    ("errbook.js", include_str!("../static/errbook.js")),
    ("search.js", include_str!("../static/search.js")),
];

pub struct Theme {
    pub templates: tera::Tera,
    /// Path under `static/` → content, in a stable order.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme, with the overrides found under `project`.
    pub fn load(project: Option<&Path>) -> Result<Theme> {
        let overrides = |dir: &str| match project {
            Some(project) => read_dir_files(&project.join(dir)),
            None => Ok(Vec::new()),
        };
        let project = project.unwrap_or(Path::new("."));
        let mut templates: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        for (name, bytes) in overrides("templates")? {
            let path = project.join("templates").join(&name);
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::at_path(&path, "template is not valid UTF-8"))?;
            templates.insert(name, text);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(project, &e))?;

        let mut static_files: BTreeMap<String, Vec<u8>> = STATIC_FILES
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect();
        static_files.insert(
            "highlight.css".to_string(),
            crate::highlight::css().into_bytes(),
        );
        static_files.extend(overrides("static")?);
        Ok(Theme {
            templates: tera,
            static_files,
        })
    }
}

/// Every file under `dir` by its `/`-separated relative path; none if the
/// directory does not exist.
fn read_dir_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::at_path(dir, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), &e))?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// Tera's error chain says which template and line; keep all of it.
pub(crate) fn template_error(project: &Path, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::at_path(&project.join("templates"), message)
        .with_help("fix the template, or delete it to use the built-in one (`errbook theme` writes the defaults out)")
}

/// Writes the default theme into `dir/templates` and `dir/static`, to
/// start a custom theme from. Existing files are left alone.
pub(crate) fn write_defaults(dir: &Path) -> Result<Vec<String>> {
    let mut written = Vec::new();
    let files = TEMPLATES
        .iter()
        .map(|(name, text)| (format!("templates/{name}"), *text))
        .chain(
            STATIC_FILES
                .iter()
                .map(|(name, text)| (format!("static/{name}"), *text)),
        );
    for (relative, text) in files {
        let path = dir.join(&relative);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))?;
        written.push(relative);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::TEMPLATES;

    /// The built-in templates are where a custom theme starts (`errbook
    /// theme` writes them out), so each line fits on a screen.
    #[test]
    fn no_line_of_a_built_in_template_is_longer_than_100_characters() {
        for (name, text) in TEMPLATES {
            for (index, line) in text.lines().enumerate() {
                let length = line.chars().count();
                assert!(
                    length <= 100,
                    "templates/{name}:{}: {length} characters",
                    index + 1
                );
            }
        }
    }
}
