//! The site's page index: the sections and the code pages, in source
//! order, each with its slug. Built once per render; every page kind reads
//! it (code pages, section pages, the home page, the sitemap, the bundle).

use crate::model::{Catalog, ErrorEntry, Section};
use crate::slug::Slugs;
use std::collections::HashMap;

/// All definitions of one code ID: one page.
pub(crate) struct CodePage<'a> {
    /// The code's ID.
    pub(crate) id: &'a str,
    /// The page's slug: it is `codes/<slug>.html`.
    pub(crate) slug: String,
    /// The name of the section of the first definition.
    pub(crate) section: &'a str,
    /// That section's slug.
    pub(crate) section_slug: String,
    /// Every definition of the ID, in source order.
    pub(crate) definitions: Vec<&'a ErrorEntry>,
}

/// Sections and code pages, in source order, with their slugs.
pub(crate) struct PageIndex<'a> {
    /// Every section of every file; sections of the same name share a slug.
    pub(crate) sections: Vec<&'a Section>,
    /// Section name → slug.
    pub(crate) section_slugs: Slugs,
    /// Code key → slug.
    pub(crate) code_slugs: Slugs,
    /// The code pages.
    pub(crate) pages: Vec<CodePage<'a>>,
}

impl<'a> PageIndex<'a> {
    /// The pages of `catalog`: one per code (or per key, when the site
    /// has several catalogs), the definitions of a duplicated one together.
    pub(crate) fn new(catalog: &'a Catalog) -> Self {
        let sections: Vec<&Section> = catalog.documents.iter().flat_map(|d| &d.sections).collect();
        let section_slugs = Slugs::assign(sections.iter().map(|s| s.name.as_str()));
        // Pages are per key: an ID, qualified by its catalog when the
        // site has several.
        let keys: Vec<std::borrow::Cow<'_, str>> = catalog.entries().map(|e| e.key()).collect();
        let code_slugs = Slugs::assign(keys.iter().map(|k| k.as_ref()));
        let mut pages: Vec<CodePage<'_>> = Vec::new();
        let mut page_of: HashMap<&str, usize> = HashMap::new();
        for (entry, key) in catalog.entries().zip(&keys) {
            match page_of.get(key.as_ref()) {
                Some(&i) => pages[i].definitions.push(entry),
                None => {
                    page_of.insert(key.as_ref(), pages.len());
                    pages.push(CodePage {
                        id: &entry.id,
                        slug: code_slugs.get(key).unwrap_or_default().to_string(),
                        section: &entry.section,
                        section_slug: section_slugs
                            .get(&entry.section)
                            .unwrap_or("section")
                            .to_string(),
                        definitions: vec![entry],
                    });
                }
            }
        }
        PageIndex {
            sections,
            section_slugs,
            code_slugs,
            pages,
        }
    }

    /// The first code's ID, the example the pages show; empty for an
    /// empty catalog.
    pub(crate) fn example(&self) -> &'a str {
        self.pages.first().map_or("", |p| p.id)
    }
}
