//! `errbook init`: a new catalog project that checks and builds clean as
//! written: site.toml, an example catalog in the shape errbook reads, a
//! GitHub Actions workflow that checks, builds and publishes it. The
//! files are those of `scaffold/` in the repository, built in.

use crate::cli::InitArgs;
use crate::error::{Error, Result, EXIT_OK};
use crate::status;

const SITE_TOML: &str = include_str!("../../scaffold/site.toml");
const CATALOG: &str = include_str!("../../scaffold/error-codes.md");
const WORKFLOW: &str = include_str!("../../scaffold/errbook.yml");
const GITIGNORE: &str = include_str!("../../scaffold/gitignore");

/// Runs `errbook init`.
pub fn run(args: &InitArgs) -> Result<i32> {
    let title = toml::Value::String(args.title.clone());
    let files: [(&str, String); 4] = [
        (
            "site.toml",
            SITE_TOML.replacen("title = TITLE\n", &format!("title = {title}\n"), 1),
        ),
        ("content/error-codes.md", CATALOG.to_string()),
        // Pinned to this release, so that the project's CI runs the
        // errbook it was made with until someone changes the tag.
        (
            ".github/workflows/errbook.yml",
            WORKFLOW.replace(
                "@vERRBOOK_VERSION",
                &format!("@v{}", env!("CARGO_PKG_VERSION")),
            ),
        ),
        (".gitignore", GITIGNORE.to_string()),
    ];
    // Nothing is written when anything would be overwritten.
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| args.dir.join(path))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::at_path(
            &args.dir,
            format!("not overwriting {}", existing.join(", ")),
        )
        .with_help("run `errbook init` in an empty directory, or move these files away"));
    }
    for (path, content) in &files {
        let full = args.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::write(&full, content).map_err(|e| Error::io(&full, &e))?;
        status!("errbook: wrote {}", full.display());
    }
    let cd = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", args.dir.display())
    };
    status!("errbook: next: {cd}errbook check && errbook build, then open public/index.html");
    Ok(EXIT_OK)
}
