//! The write stage: a site is built in a staging directory beside the
//! output and swapped in only when complete, so a failed or killed build
//! leaves the previous site as it was.
//!
//! It also refuses to put a site where it could destroy data: over a
//! directory errbook did not write (no marker file), or over a directory
//! that holds the catalog sources or the project itself.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Marks a directory as errbook output, so a later build may replace it.
pub(crate) const MARKER: &str = ".errbook-output";

/// A site being written.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// The site being replaced, whose unchanged files are reused.
    previous: Option<PathBuf>,
    committed: bool,
}

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.errbook-{suffix}"))
}

/// The absolute form of a path that may not exist yet, with `..` and
/// the symlinks of the part that exists resolved.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io(path, &e))?;
    // Resolve `..` lexically, then symlinks of the part that exists.
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.into_iter().rev());
    Ok(resolved)
}

impl Staging {
    /// Prepares to write a site to `output`. `protected` are paths the
    /// output must never contain or be inside of (sources, project root).
    pub fn begin(output: &Path, protected: &[PathBuf]) -> Result<Staging> {
        let target = absolute(output)?;
        if target.parent().is_none() {
            return Err(Error::at_path(
                output,
                "refusing to write a site to the root directory",
            ));
        }
        for path in protected {
            let path = absolute(path)?;
            if path.starts_with(&target) {
                return Err(Error::at_path(
                    output,
                    format!("the output directory contains {}, which errbook reads; building would replace it", path.display()),
                )
                .with_help("choose another output directory with --out or `output` in site.toml"));
            }
        }
        // A build killed between its two renames left the old site aside.
        let previous = sibling(output, "previous");
        if !output.exists() && previous.is_dir() {
            std::fs::rename(&previous, output).map_err(|e| Error::io(&previous, &e))?;
        }
        if output.exists() {
            if !output.is_dir() {
                return Err(Error::at_path(
                    output,
                    "the output path exists and is not a directory",
                )
                .with_help("remove it, or choose another output directory with --out"));
            }
            let empty = std::fs::read_dir(output)
                .map_err(|e| Error::io(output, &e))?
                .next()
                .is_none();
            if !empty && !output.join(MARKER).exists() {
                return Err(Error::at_path(
                    output,
                    "the output directory exists and was not written by errbook; building would replace everything in it",
                )
                .with_help("remove it yourself, or choose another output directory with --out"));
            }
        }
        let staging = sibling(output, &format!("staging-{}", std::process::id()));
        remove_stale(output)?;
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, &e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            previous: output.join(MARKER).is_file().then(|| output.to_path_buf()),
            committed: false,
        })
    }

    /// Writes one file. `relative` is made by errbook from slugs and fixed
    /// names; anything that could leave the directory is refused anyway.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = Path::new(relative);
        let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || relative.contains('\\') || relative.contains('\0') {
            return Err(Error::new(format!(
                "refusing to write outside the output directory: {relative:?}"
            )));
        }
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        if self.link_unchanged(path, bytes, &full) {
            return Ok(());
        }
        std::fs::write(&full, bytes).map_err(|e| Error::io(&full, &e))
    }

    /// Hard-links the previous site's copy of a file when its bytes are
    /// the same. Creating files (inodes) dominates a rebuild on disk; a
    /// link does not allocate one, and deleting the old site then only
    /// drops links. Files are never changed in place, so sharing is safe.
    fn link_unchanged(&self, relative: &Path, bytes: &[u8], full: &Path) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(relative);
        let same_size = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        same_size
            && std::fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes)
            && std::fs::hard_link(&old, full).is_ok()
    }

    /// The staging directory (for writers that stream a large file).
    pub fn path(&self, relative: &str) -> PathBuf {
        self.staging.join(relative)
    }

    /// Swaps the finished site in. Until this returns, the previous site
    /// is in place.
    pub fn commit(mut self) -> Result<()> {
        self.write(
            MARKER,
            b"This directory was written by errbook build; it replaces it on every build.\n",
        )?;
        let previous = sibling(&self.output, "previous");
        if previous.exists() {
            std::fs::remove_dir_all(&previous).map_err(|e| Error::io(&previous, &e))?;
        }
        if self.output.exists() {
            std::fs::rename(&self.output, &previous).map_err(|e| Error::io(&self.output, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&previous, &self.output);
            return Err(Error::io(&self.output, &e));
        }
        self.committed = true;
        if previous.exists() {
            std::fs::remove_dir_all(&previous).map_err(|e| Error::io(&previous, &e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Removes staging directories left by killed builds of this output.
fn remove_stale(output: &Path) -> Result<()> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(());
    };
    let prefix = format!(".{name}.errbook-staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, &e))?;
        }
    }
    Ok(())
}
