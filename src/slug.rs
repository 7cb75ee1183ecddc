//! Page names for code IDs: the only way a file name is made from catalog
//! text, so nothing an ID contains can reach outside the output directory.
//!
//! The mapping (documented in the README, stable across builds):
//! 1. letters and digits are kept, lower-cased (Unicode letters too);
//! 2. every run of anything else (`-`, `{`, `}`, `/`, `.`, spaces, control
//!    characters...) becomes one `-`, and leading/trailing `-` are dropped;
//! 3. a slug longer than 80 bytes is cut and gets `-` plus 8 hex digits
//!    of a hash of the whole ID; an ID with no letter or digit becomes
//!    `code-` plus that hash;
//! 4. when two IDs map to the same slug (IDs differing only in case or
//!    punctuation), the later one in source order gets `-2`, `-3`, ...
//!
//! `CONNECTOR-SIKA-{type}-001101` → `connector-sika-type-001101`.

use std::collections::{HashMap, HashSet};

const MAX_LEN: usize = 80;

/// The slug of one ID, before collisions are resolved.
pub fn slug(id: &str) -> String {
    let mut slug = String::with_capacity(id.len());
    let mut pending_dash = false;
    for c in id.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        return format!("code-{}", short_hash(id));
    }
    if slug.len() > MAX_LEN {
        let mut cut = MAX_LEN;
        while !slug.is_char_boundary(cut) {
            cut -= 1;
        }
        slug.truncate(cut);
        let trimmed = slug.trim_end_matches('-').len();
        slug.truncate(trimmed);
        slug = format!("{slug}-{}", short_hash(id));
    }
    slug
}

/// The CSS class suffix of a level (`level-fatal`), shared by the pages
/// and the browser search results: the level's slug, `none` without one.
pub fn level_class(level: Option<&str>) -> String {
    match level {
        Some(level) if !level.is_empty() => slug(level),
        _ => "none".to_string(),
    }
}

/// Unique slugs for IDs given in source order. The same ID (a duplicate
/// definition) keeps one slug: its definitions share a page.
#[derive(Debug, Default)]
pub struct Slugs {
    by_id: HashMap<String, String>,
    taken: HashSet<String>,
}

impl Slugs {
    /// Gives each distinct ID a slug; a later ID whose slug is taken gets
    /// `-2`, `-3`, ...
    pub fn assign<'a>(ids: impl IntoIterator<Item = &'a str>) -> Slugs {
        let mut slugs = Slugs::default();
        for id in ids {
            if slugs.by_id.contains_key(id) {
                continue;
            }
            let base = slug(id);
            let mut candidate = base.clone();
            let mut n = 1;
            while slugs.taken.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            slugs.taken.insert(candidate.clone());
            slugs.by_id.insert(id.to_string(), candidate);
        }
        slugs
    }

    /// The slug of `id`, if it was assigned one.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }
}

/// FNV-1a, written out because the hash must never change between
/// versions or platforms (it is part of published URLs), which the
/// standard library's hashers do not promise.
pub fn short_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_slugs() {
        assert_eq!(slug("CM-RESOIE000201"), "cm-resoie000201");
        assert_eq!(
            slug("CONNECTOR-SIKA-{type}-001101"),
            "connector-sika-type-001101"
        );
        assert_eq!(slug("ORA-00600"), "ora-00600");
        assert_eq!(slug("错误-01"), "错误-01");
    }

    #[test]
    fn hostile_ids_stay_plain_names() {
        for id in [
            "../../etc/passwd",
            "a/b\\c",
            "nul\0byte",
            "ctrl\u{1b}[31m",
            "..",
            ".",
            "",
            "   ",
            "C:\\x",
        ] {
            let s = slug(id);
            assert!(!s.is_empty());
            assert!(
                s.chars().all(|c| c.is_alphanumeric() || c == '-'),
                "{id:?} → {s:?}"
            );
            assert!(!s.starts_with('-') && !s.ends_with('-'), "{s}");
        }
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn long_ids_are_cut_and_stay_distinct() {
        let a = "A".repeat(300);
        let b = format!("{}B", "A".repeat(299));
        assert!(slug(&a).len() <= MAX_LEN + 9);
        assert_ne!(slug(&a), slug(&b));
        assert_eq!(slug(&a), slug(&a), "stable");
    }

    #[test]
    fn collisions_get_numbered_in_source_order() {
        let slugs = Slugs::assign(["ERR-1", "err-1", "ERR_1", "ERR-1"]);
        assert_eq!(slugs.get("ERR-1"), Some("err-1"));
        assert_eq!(slugs.get("err-1"), Some("err-1-2"));
        assert_eq!(slugs.get("ERR_1"), Some("err-1-3"));
    }
}
