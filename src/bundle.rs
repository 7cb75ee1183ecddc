//! The offline bundle: the reference carried to a place with no network
//! and no server, as one self-contained HTML file or as the whole site in
//! one zip archive.
//!
//! The single file inlines the stylesheet, the theme's scripts and the
//! browser's search index (the very shards the site loads, from
//! [`web::write_json`]), and its Content-Security-Policy allows exactly
//! those scripts and that stylesheet by their SHA-256 hashes: catalog
//! text, which goes through the same sanitiser as on the site, can never
//! run script, and the page can load nothing but `data:` images.
//!
//! The zip holds the files `errbook build` writes, under one folder, in
//! sorted order, with a fixed timestamp (1980-01-01), fixed permissions
//! and no extra fields, so the same input gives the same bytes.
//!
//! Both are written to a temporary file beside the target, renamed over
//! it only when complete.

use crate::error::{Error, Result};
use crate::output::{absolute, MARKER};
use crate::render::{single_file, SiteInput};
use crate::search::web;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// The bundle's default file name: the site title's slug
/// (`OMS error codes` → `oms-error-codes.html`).
pub(crate) fn default_file_name(title: &str, extension: &str) -> String {
    format!("{}.{extension}", crate::slug::slug(title))
}

/// Writes the single-file page to `out`; returns its size in bytes.
pub(crate) fn write_single_file(input: &SiteInput<'_>, out: &mut dyn Write) -> Result<u64> {
    let style = [
        inlinable(input, "style.css")?,
        inlinable(input, "highlight.css")?,
    ]
    .join("\n");
    // search.js first: errbook.js finds the engine already there.
    let scripts = [
        inlinable(input, "search.js")?,
        inlinable(input, "errbook.js")?,
    ];
    let script_hashes: Vec<String> = scripts.iter().map(|s| csp_hash(s)).collect();
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        script_hashes.join(" "),
        csp_hash(&style)
    );
    let index_json = index_json(input)?;
    single_file::render(
        input,
        &single_file::Inline {
            csp: &csp,
            style: &style,
            scripts: &scripts,
            index_json: &index_json,
        },
        out,
    )
}

/// A theme file's text, refused if it could end the element it is
/// inlined in (`</style`, `</script`) or, for a script, start an HTML
/// comment, which changes where a script element ends.
fn inlinable(input: &SiteInput<'_>, name: &str) -> Result<String> {
    let path = Path::new("static").join(name);
    let bytes = input
        .theme
        .static_files
        .get(name)
        .ok_or_else(|| Error::at_path(&path, "the theme has no such file"))?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| Error::at_path(&path, "not valid UTF-8, so it cannot be inlined"))?;
    let lower = text.to_ascii_lowercase();
    let bad = if name.ends_with(".css") {
        ["</style"].iter().find(|b| lower.contains(*b))
    } else {
        ["</script", "<!--"].iter().find(|b| lower.contains(*b))
    };
    if let Some(bad) = bad {
        return Err(Error::at_path(
            &path,
            format!("contains `{bad}`, which would end its element when inlined in the bundle"),
        )
        .with_help(
            "in a script, write `<\\/` and `<\\!--` inside strings; in a stylesheet, `<\\/`",
        ));
    }
    Ok(text)
}

/// A Content-Security-Policy source for an inline element's text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The browser's search index as one JSON object, shard name → shard,
/// in the site's order. `<` only occurs inside JSON strings, where
/// `\u003c` means the same: then no catalog text can close the script
/// element holding it or open a comment in it.
fn index_json(input: &SiteInput<'_>) -> Result<String> {
    let mut json = String::from("{");
    web::write_json(input.catalog, &mut |name, shard| {
        if json.len() > 1 {
            json.push(',');
        }
        json.push_str(&serde_json::Value::from(name).to_string());
        json.push(':');
        json.push_str(&shard.replace('<', "\\u003c"));
        Ok(())
    })?;
    json.push('}');
    Ok(json)
}

/// Writes the site in `site` (as `errbook build` wrote it) to `out` as a
/// zip archive, every entry under `folder/`. Returns the number of files.
pub(crate) fn write_zip<W: Write + Seek>(site: &Path, folder: &str, out: W) -> Result<usize> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    let zip_error =
        |e: zip::result::ZipError| Error::new(format!("cannot write the zip archive: {e}"));
    let mut zip = zip::ZipWriter::new(out);
    zip.add_directory(format!("{folder}/"), options.unix_permissions(0o755))
        .map_err(zip_error)?;
    // Entries by name, directories with their trailing `/`.
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(site).min_depth(1) {
        let entry = entry.map_err(|e| Error::at_path(site, e.to_string()))?;
        let relative = entry.path().strip_prefix(site).unwrap_or(entry.path());
        let name: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        let name = format!("{folder}/{}", name.join("/"));
        if entry.file_type().is_dir() {
            entries.push((format!("{name}/"), None));
        } else if entry.file_name() != MARKER {
            entries.push((name, Some(entry.into_path())));
        }
    }
    entries.sort();
    let mut files = 0;
    for (name, path) in entries {
        if let Some(path) = path {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, &e))?;
            zip.start_file(name, options).map_err(zip_error)?;
            zip.write_all(&bytes)
                .map_err(|e| Error::new(format!("cannot write the zip archive: {e}")))?;
            files += 1;
        } else {
            zip.add_directory(name, options.unix_permissions(0o755))
                .map_err(zip_error)?;
        }
    }
    zip.finish().map_err(zip_error)?;
    Ok(files)
}

/// Refuses a target the bundle must not be written to: a directory, a
/// file errbook reads (`protected`: the catalog, site.toml), or a place
/// inside a site `errbook build` writes, which the next build deletes.
pub(crate) fn check_target(target: &Path, protected: &[PathBuf]) -> Result<()> {
    if target.as_os_str().is_empty() || target.file_name().is_none() {
        return Err(Error::at_path(target, "not a file name")
            .with_help("name the file to write, e.g. `-o errors.html`"));
    }
    if target.is_dir() {
        return Err(
            Error::at_path(target, "is a directory; the bundle is one file")
                .with_help("name a file inside it, e.g. `-o DIR/errors.html`"),
        );
    }
    let absolute_target = absolute(target)?;
    for path in protected {
        if absolute(path)? == absolute_target {
            return Err(Error::at_path(
                target,
                "refusing to overwrite a file errbook reads for this bundle",
            )
            .with_help("choose another output file with -o"));
        }
    }
    for dir in absolute_target.ancestors().skip(1) {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let staging = name.is_some_and(|n| n.starts_with('.') && n.contains(".errbook-"));
        if staging || dir.join(MARKER).is_file() {
            return Err(Error::at_path(
                target,
                format!(
                    "is inside {}, a site directory that `errbook build` replaces as a whole",
                    dir.display()
                ),
            )
            .with_help("write the bundle outside the site's output directory"));
        }
    }
    Ok(())
}

/// Refuses a name that says the other kind of bundle (`errors.zip`
/// without `--zip`, `errors.html` with it): most likely a forgotten or
/// stray `--zip`.
pub(crate) fn check_extension(target: &Path, zip: bool) -> Result<()> {
    let extension = target
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match (extension.as_deref(), zip) {
        (Some("zip"), false) => Err(Error::at_path(
            target,
            "names a zip archive, but without --zip the bundle is one HTML file",
        )
        .with_help("add --zip for the site as a zip, or name an .html file")),
        (Some("html" | "htm"), true) => Err(Error::at_path(
            target,
            "names an HTML file, but --zip writes a zip archive",
        )
        .with_help("drop --zip for the single HTML file, or name a .zip file")),
        _ => Ok(()),
    }
}

/// Writes `target` through `write`: into a temporary file beside it,
/// renamed over it when complete, so a failed or killed run leaves the
/// previous file as it was. Returns the file's size.
pub(crate) fn write_atomically(
    target: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<u64> {
    let cannot = |e: &std::io::Error| {
        Error::at_path(target, format!("cannot write the bundle: {e}"))
            .with_help("check that the directory exists or can be created, and is writable")
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| cannot(&e))?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.errbook-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // As a plain new file would be (the umask applies), not owner-only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(parent).map_err(|e| cannot(&e))?;
    write(file.as_file_mut())?;
    file.as_file_mut().flush().map_err(|e| cannot(&e))?;
    let size = file.as_file().metadata().map_err(|e| cannot(&e))?.len();
    file.persist(target).map_err(|e| cannot(&e.error))?;
    Ok(size)
}

/// The folder a zip's entries sit under: the target's name without
/// `.zip`, made of plain characters.
pub(crate) fn zip_folder(target: &Path) -> String {
    let stem = target
        .file_stem()
        .map_or_else(|| "site".into(), |s| s.to_string_lossy().into_owned());
    crate::slug::slug(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_is_the_base64_sha256_browsers_compute() {
        // The hash of `alert('Hello, world.');`, from the CSP spec's example.
        assert_eq!(
            csp_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn default_names_follow_the_title() {
        assert_eq!(
            default_file_name("OMS error codes", "html"),
            "oms-error-codes.html"
        );
        assert_eq!(zip_folder(Path::new("out/OMS codes.zip")), "oms-codes");
    }
}
