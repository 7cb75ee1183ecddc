//! The `broken-placeholder` rule.
//!
//! ## What it does
//! Checks messages for code or a mangled placeholder where a placeholder
//! belongs: a Java getter left in (`x.getName()`), Go's `%!s(MISSING)`, or
//! braces that do not pair up.
//!
//! ## Why is this bad?
//! Readers see code instead of what varies, and a log line, which holds the
//! value, does not match the message.
//!
//! ## Example
//! ```markdown
//! **Error message:** No route to subHost.getName()
//! ```
//!
//! Use instead:
//! ```markdown
//! **Error message:** No route to {host}
//! ```

use super::{Context, Findings};
use crate::model::{ErrorEntry, FieldKind};

static BROKEN_PLACEHOLDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(concat!(
        r"%!\w?\([^)]*\)", // Go's %!s(MISSING), %!d(string=x)
        r"|\b[a-z][A-Za-z0-9_]*\.(?:get|to)[A-Z]\w*\(\)", // a Java getter left in: subTopic.getName()
    ))
    .expect("valid pattern")
});

/// Code and mangled placeholders in a message.
pub(super) fn check(cx: &Context<'_>, entry: &ErrorEntry, out: &mut Findings<'_>) {
    let Some(field) = entry.field(FieldKind::Message) else {
        return;
    };
    let text = &field.body.text;
    let mut problems: Vec<(usize, usize, String)> = BROKEN_PLACEHOLDER
        .find_iter(text)
        .map(|m| {
            (
                m.start(),
                m.end(),
                format!(
                    "`{}` looks like code or a mangled placeholder, not message text",
                    m.as_str()
                ),
            )
        })
        .collect();
    let opens = text.matches('{').count();
    let closes = text.matches('}').count();
    if opens != closes {
        let at = if opens > closes {
            text.rfind('{')
        } else {
            text.rfind('}')
        }
        .unwrap_or(0);
        problems.push((
            at,
            at + 1,
            format!("unbalanced braces in the message ({opens} `{{`, {closes} `}}`)"),
        ));
    }
    for (start, end, message) in problems {
        let span = cx.body_span(&field.body, start..end);
        out.report(
            &span,
            Some(&entry.id),
            message,
            "write the variable part as a placeholder such as `{name}`, so readers and log matching see it as one".to_string(),
        );
    }
}
