//! What a served page gets that the file on disk does not have: the
//! reload script and stylesheet, a Content-Security-Policy that lets the
//! page connect back to the server, and, while the sources do not build,
//! an overlay with the error; the check panel when `errbook check` finds
//! something.

use super::site::SiteState;
use crate::text::escape;

/// The page as served: the reload script and stylesheet in the head (the
/// page's Content-Security-Policy also allows connecting back to this
/// server), the build error overlay and the check panel in the body.
pub(super) fn inject(html: &str, state: &SiteState) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; connect-src 'self';",
        1,
    );
    let head = format!(
        "<link rel=\"stylesheet\" href=\"/__errbook/serve.css\"><script src=\"/__errbook/serve.js\" data-generation=\"{}\" defer></script>",
        state.generation
    );
    let mut body = String::new();
    if let Some(error) = &state.build_error {
        body.push_str(&format!(
            "<div id=\"errbook-overlay\" role=\"alert\"><h2>errbook: the site does not build</h2><pre>{}</pre><p>Fix it and save: this page reloads. Until then the last good build is shown under this message.</p></div>",
            escape(error)
        ));
    }
    if let Some((summary, report)) = &state.check_report {
        body.push_str(&format!(
            "<details id=\"errbook-check\"><summary>errbook check: {}</summary><pre>{}</pre></details>",
            escape(summary),
            escape(report)
        ));
    }
    let mut html = match html.find("</head>") {
        Some(at) => format!("{}{head}{}", &html[..at], &html[at..]),
        None => format!("{head}{html}"),
    };
    if !body.is_empty() {
        match html
            .find("<body")
            .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
        {
            Some(at) => html.insert_str(at, &body),
            None => html.push_str(&body),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_reload_script_and_escaped_errors() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head><body class=\"x\"><p>hi</p></body></html>";
        let state = SiteState {
            generation: 7,
            build_error: Some("error: <script>alert(1)</script>".into()),
            ..SiteState::default()
        };
        let served = inject(page, &state);
        assert!(served.contains("connect-src 'self'"));
        assert!(served.contains("data-generation=\"7\""));
        assert!(served.contains("<body class=\"x\"><div id=\"errbook-overlay\""));
        assert!(served.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!served.contains("<script>alert"));
    }
}
