//! `errbook theme`: write the built-in templates and static files out, to
//! start a custom theme from.

use crate::cli::ThemeArgs;
use crate::error::{Result, EXIT_OK};

/// Writes the built-in theme into `args.dir`, keeping files that exist.
pub fn run(args: &ThemeArgs) -> Result<i32> {
    let written = crate::theme::write_defaults(&args.dir)?;
    if written.is_empty() {
        eprintln!(
            "errbook: every theme file already exists under {}; nothing written",
            args.dir.display()
        );
    }
    for path in written {
        eprintln!("wrote {}", args.dir.join(path).display());
    }
    Ok(EXIT_OK)
}
