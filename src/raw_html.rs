//! Raw HTML in catalog Markdown: which tags stay HTML, and the pieces
//! (tags, comments, text) a fragment of it is made of.
//!
//! Catalogs often write placeholders like tags (`Table <name> does not
//! exist in <db>.`), and sometimes quote markup (`<script>` in a message
//! about an injection). A sanitizer drops a tag it does not allow, and for
//! `<script>` or `<style>` everything inside it: words silently gone from
//! the page, from search and from log matching. So only the tags of
//! [`KEPT_TAGS`] stay HTML (and still go through the sanitizer); every other
//! tag is shown as the text it is, and `check` notes it (`raw-html`).
//! Comments stay comments: they are notes to writers, not prose.

use std::ops::Range;

/// The HTML tags that stay HTML: formatting, structure and links a
/// reference page may use, all kept by the sanitizer. Sorted, for
/// `binary_search`.
pub(crate) const KEPT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Containers kept as a `<div>`: their content is the catalog's
/// (OceanBase's notes are `<main id="notice" type="explain">`), the
/// element is the page's own (a page has one `<main>`). Sorted.
pub(crate) const DIV_TAGS: &[&str] = &["article", "aside", "footer", "header", "main", "section"];

/// Tags after which plain text needs a space: they end a line or a cell.
const BREAKING_TAGS: &[&str] = &[
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "p",
    "td",
    "th",
    "tr",
];

/// One piece of a raw HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Text between tags, as written (entities not decoded).
    Text(&'a str),
    /// A comment, `<!-- ... -->`.
    Comment(&'a str),
    /// A start or end tag.
    Tag(HtmlTag<'a>),
}

/// A start or end tag, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlTag<'a> {
    /// The whole tag, `<a href="x">`.
    pub(crate) text: &'a str,
    /// Its name, lower-cased.
    pub(crate) name: String,
    /// True for an end tag (`</a>`).
    pub(crate) closing: bool,
    /// Where it starts in the fragment.
    pub(crate) offset: usize,
    /// Each attribute: the range of `name=value` in `text`, the name
    /// lower-cased and the value with its quotes removed.
    attributes: Vec<(Range<usize>, String, &'a str)>,
}

impl HtmlTag<'_> {
    /// True when the tag stays HTML.
    pub(crate) fn kept(&self) -> bool {
        is_kept(&self.name)
    }

    /// The value of attribute `name` (lower-case), entities `&amp;`,
    /// `&quot;`, `&#39;`, `&lt;` and `&gt;` decoded.
    pub(crate) fn attribute(&self, name: &str) -> Option<String> {
        self.attributes
            .iter()
            .find(|(_, n, _)| n == name)
            .map(|(_, _, value)| decode(value))
    }

    /// The tag with attribute `name` (which it has) set to `escaped`, a
    /// value already escaped for HTML (this module is a leaf: it does not
    /// escape).
    pub(crate) fn with_attribute(&self, name: &str, escaped: &str) -> String {
        let Some((range, _, _)) = self.attributes.iter().find(|(_, n, _)| n == name) else {
            return self.text.to_string();
        };
        format!(
            "{}{name}=\"{}\"{}",
            &self.text[..range.start],
            escaped,
            &self.text[range.end..]
        )
    }
}

/// True when the tag named `name` (lower-case) stays HTML, as itself or
/// as a `<div>`.
pub(crate) fn is_kept(name: &str) -> bool {
    KEPT_TAGS.binary_search(&name).is_ok() || DIV_TAGS.binary_search(&name).is_ok()
}

/// The pieces of a raw HTML fragment, in order; together they are the
/// whole fragment. A `<` that starts no tag or comment is text.
pub(crate) fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let markup = if html[start..].starts_with("<!--") {
            html[start + 4..]
                .find("-->")
                .map(|end| (start + 4 + end + 3, None))
        } else {
            tag(html, start).map(|(end, tag)| (end, Some(tag)))
        };
        let Some((end, tag)) = markup else {
            at = start + 1;
            continue;
        };
        if text_start < start {
            pieces.push(Piece::Text(&html[text_start..start]));
        }
        pieces.push(match tag {
            Some(tag) => Piece::Tag(tag),
            None => Piece::Comment(&html[start..end]),
        });
        text_start = end;
        at = end;
    }
    if text_start < html.len() {
        pieces.push(Piece::Text(&html[text_start..]));
    }
    pieces
}

/// The plain text of a raw HTML fragment, appended to `out`: its text and
/// the tags shown as text; kept tags are markup (a space where they break
/// a line), comments are left out.
pub(crate) fn push_text(html: &str, out: &mut String) {
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    out.push_str(line.trim_end_matches('\r'));
                }
            }
            Piece::Comment(_) => {}
            Piece::Tag(tag) if !tag.kept() => out.push_str(tag.text),
            Piece::Tag(tag) => {
                let name = tag.name.as_str();
                let breaking = BREAKING_TAGS.contains(&name) || DIV_TAGS.contains(&name);
                if breaking && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
}

/// The tag starting at `start` (a `<`): its end and what it is.
fn tag(html: &str, start: usize) -> Option<(usize, HtmlTag<'_>)> {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        let before_space = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => break,
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            _ if closing || i == before_space => return None,
            _ => {}
        }
        // An attribute: a name, then optionally `=` and a value.
        let attribute_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'>/=<".contains(b))
        {
            i += 1;
        }
        if i == attribute_start {
            return None;
        }
        let attribute_name = html[attribute_start..i].to_ascii_lowercase();
        let mut value = "";
        let mut after_name = i;
        while bytes.get(after_name).is_some_and(u8::is_ascii_whitespace) {
            after_name += 1;
        }
        if bytes.get(after_name) == Some(&b'=') {
            i = after_name + 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match *bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let end = i + 1 + html[i + 1..].find(quote as char)?;
                    value = &html[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let value_start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'=<>`".contains(b))
                    {
                        i += 1;
                    }
                    if i == value_start {
                        return None;
                    }
                    value = &html[value_start..i];
                }
            }
        }
        attributes.push((attribute_start - start..i - start, attribute_name, value));
    }
    let end = i + 1;
    Some((
        end,
        HtmlTag {
            text: &html[start..end],
            name,
            closing,
            offset: start,
            attributes,
        },
    ))
}

/// Decodes the entities an attribute value commonly holds.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str) -> Vec<(String, bool, bool)> {
        pieces(html)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Tag(t) => Some((t.name.clone(), t.closing, t.kept())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn kept_tags_are_sorted() {
        assert!(KEPT_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(DIV_TAGS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn placeholders_written_as_tags_are_tags_that_are_not_kept() {
        assert_eq!(
            tags("in <db> on <b>x</b>"),
            [
                ("db".to_string(), false, false),
                ("b".to_string(), false, true),
                ("b".to_string(), true, true)
            ]
        );
        let mut text = String::new();
        push_text("Table in <db>.<br/>Then <b>retry</b>", &mut text);
        assert_eq!(text, "Table in <db>. Then retry");
    }

    #[test]
    fn pieces_are_the_whole_fragment() {
        let html = "a < b <!-- note --> <a href='x.md' title=\"t>\">l</a> <3 <x";
        let joined: String = pieces(html)
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Comment(t) => *t,
                Piece::Tag(t) => t.text,
            })
            .collect();
        assert_eq!(joined, html);
        let a = pieces(html)
            .into_iter()
            .find_map(|p| match p {
                Piece::Tag(t) if t.name == "a" && !t.closing => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(a.attribute("href").as_deref(), Some("x.md"));
        assert_eq!(a.attribute("title").as_deref(), Some("t>"));
        assert_eq!(
            a.with_attribute("href", "assets/a&amp;b.md"),
            "<a href=\"assets/a&amp;b.md\" title=\"t>\">"
        );
    }

    #[test]
    fn not_a_tag_is_text() {
        for html in ["<", "a <3", "< b>", "<1a>", "<a b=>", "</a x>", "<a\"b>"] {
            assert!(
                pieces(html).iter().all(|p| matches!(p, Piece::Text(_))),
                "{html}"
            );
        }
    }
}
