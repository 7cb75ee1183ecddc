//! Page names from any IDs: never empty, never a path (no separator, no
//! `.` or `..`, no NUL or control character), unique for distinct IDs.
#![no_main]

use errbook::slug::{slug, Slugs};
use libfuzzer_sys::fuzz_target;

fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.chars().any(char::is_control)
        && name.len() <= 255
}

fuzz_target!(|ids: Vec<String>| {
    for id in &ids {
        let name = slug(id);
        assert!(plain_name(&name), "{id:?} -> {name:?}");
    }
    let slugs = Slugs::assign(ids.iter().map(String::as_str));
    let mut seen = std::collections::HashMap::new();
    for id in &ids {
        let name = slugs.get(id).expect("every ID has a name");
        assert!(plain_name(name), "{id:?} -> {name:?}");
        if let Some(other) = seen.insert(name.to_string(), id) {
            assert_eq!(other, id, "two IDs share the page name {name:?}");
        }
    }
});
