//! The `broken-link` rule.
//!
//! ## What it does
//! Checks that every relative link or image points at a file that exists,
//! relative to the catalog file.
//!
//! Links that break for one reason are one finding, with the count, an
//! example and the other links as related places: links into the same
//! missing directory, to the same missing file, and links that climb out
//! of the catalog's directory into directories that are not there (a
//! catalog checked outside the docs tree it belongs in: MariaDB's pages
//! link `../../server-usage/...`).
//!
//! ## Why is this bad?
//! The link is dead on the published site and in the offline bundle.
//!
//! ## Example
//! ```markdown
//! **Cause:** The host is down; see [the setup guide](setup.md).
//! ```
//!
//! Use instead:
//! ```markdown
//! **Cause:** The host is down; see [the setup guide](guides/setup.md).
//! ```

use super::{Context, Findings, Related};
use crate::model::Span;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Why a link is broken; links with one cause are one finding.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Cause {
    /// The target file is missing from a directory that exists.
    File(PathBuf),
    /// A directory on the way is missing, inside the catalog's directory.
    Directory(PathBuf),
    /// A directory on the way is missing, outside the catalog's directory.
    Outside,
}

/// A broken link.
struct Broken<'a> {
    span: &'a Span,
    path: &'a str,
    base: &'a Path,
    /// The first part of the target's path that does not exist.
    missing: PathBuf,
}

/// Relative links and images to files that do not exist, by cause.
pub(super) fn check(cx: &Context<'_>, out: &mut Findings<'_>) {
    let catalog = cx.input.catalog;
    let root = common_directory(catalog.files.iter().map(|f| {
        Path::new(f)
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }));
    // Catalogs link the same few files from many entries.
    let mut exists_cache: HashMap<(usize, &str), bool> = HashMap::new();
    let mut causes: Vec<(Cause, Vec<Broken<'_>>)> = Vec::new();
    for document in &catalog.documents {
        let base = Path::new(&catalog.files[document.file])
            .parent()
            .unwrap_or(Path::new("."));
        for link in &document.links {
            // Remote destinations are never relative.
            let destination = link.destination.trim();
            if !crate::links::is_relative(destination) {
                continue;
            }
            let path = crate::links::path_part(destination);
            let exists = *exists_cache
                .entry((document.file, path))
                .or_insert_with(|| base.join(path).exists());
            if exists {
                continue;
            }
            let target = normalise(&base.join(path));
            let missing = first_missing(&target);
            let cause = if missing == target {
                Cause::File(target)
            } else if inside(&missing, &root) {
                Cause::Directory(missing.clone())
            } else {
                Cause::Outside
            };
            let broken = Broken {
                span: &link.span,
                path,
                base,
                missing,
            };
            match causes.iter_mut().find(|(c, _)| *c == cause) {
                Some((_, links)) => links.push(broken),
                None => causes.push((cause, vec![broken])),
            }
        }
    }
    for (cause, links) in causes {
        report(&cause, &links, &root, out);
    }
}

/// One finding for the links of one cause, at the first of them.
fn report(cause: &Cause, links: &[Broken<'_>], root: &Path, out: &mut Findings<'_>) {
    let first = &links[0];
    let related = links[1..]
        .iter()
        .map(|l| Related {
            span: l.span.clone(),
            message: format!("`{}` here too", l.path),
        })
        .collect();
    let n = links.len();
    let relative_to = format!(
        "the path is relative to {}; fix it, or link to the published page with a full URL",
        first.base.display()
    );
    let (message, help) = match cause {
        _ if n == 1 => (
            format!("link target `{}` does not exist", first.path),
            relative_to,
        ),
        Cause::File(_) => (
            format!("link target `{}` does not exist ({n} links)", first.path),
            relative_to,
        ),
        Cause::Directory(dir) => (
            format!(
                "{n} links into `{}/`, which does not exist (`{}`, ...)",
                shown(dir, root),
                first.path
            ),
            relative_to,
        ),
        Cause::Outside => {
            let mut dirs: Vec<(String, usize)> = Vec::new();
            for link in links {
                let dir = shown(&link.missing, root);
                match dirs.iter_mut().find(|(d, _)| *d == dir) {
                    Some((_, count)) => *count += 1,
                    None => dirs.push((dir, 1)),
                }
            }
            dirs.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.cmp(b)));
            let mut listed: Vec<String> = dirs
                .iter()
                .take(3)
                .map(|(d, count)| format!("`{d}/` {count}"))
                .collect();
            if dirs.len() > 3 {
                listed.push(format!("{} more", dirs.len() - 3));
            }
            (
                format!(
                    "{n} links lead out of the catalog's directory into {} that {} not there ({}): is the catalog outside its docs tree?",
                    match dirs.len() { 1 => "a directory".to_string(), d => format!("{d} directories") },
                    if dirs.len() == 1 { "is" } else { "are" },
                    listed.join(", ")
                ),
                format!(
                    "check the catalog where the docs tree it links into is, fix the links (`{}`, ...) or link to the published pages with full URLs",
                    first.path
                ),
            )
        }
    };
    out.report(first.span, None, message, help).related(related);
}

/// The path with `.` dropped and `..` applied to the parts before it.
fn normalise(path: &Path) -> PathBuf {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(part),
            },
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.iter().collect()
}

/// The first part of `path` (itself, or a directory on its way) that does
/// not exist.
fn first_missing(path: &Path) -> PathBuf {
    let mut missing = path.to_path_buf();
    for ancestor in path.ancestors().skip(1) {
        if ancestor.as_os_str().is_empty() || ancestor.exists() {
            break;
        }
        missing = ancestor.to_path_buf();
    }
    missing
}

/// True when `path` is in the directory `root` (both normalised).
fn inside(path: &Path, root: &Path) -> bool {
    if root == Path::new(".") {
        !path.is_absolute() && !path.starts_with("..")
    } else {
        path.starts_with(root)
    }
}

/// The directory all of `dirs` are in.
fn common_directory(dirs: impl Iterator<Item = PathBuf>) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for dir in dirs {
        let dir = normalise(&dir);
        common = Some(match common {
            None => dir,
            Some(c) => c
                .components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    match common {
        Some(c) if !c.as_os_str().is_empty() => c,
        _ => PathBuf::from("."),
    }
}

/// `path` as seen from `root` (`../sql-statements`).
fn shown(path: &Path, root: &Path) -> String {
    let path: Vec<Component<'_>> = path.components().collect();
    let root: Vec<Component<'_>> = if root == Path::new(".") {
        Vec::new()
    } else {
        root.components().collect()
    };
    let shared = path.iter().zip(&root).take_while(|(a, b)| a == b).count();
    let mut shown = PathBuf::new();
    for _ in shared..root.len() {
        shown.push("..");
    }
    for part in &path[shared..] {
        shown.push(part);
    }
    shown.display().to_string()
}
