//! `errbook init`: a new catalog project (site.toml, an example catalog
//! in the shape errbook reads, a GitHub Actions workflow that checks,
//! builds and publishes it) that checks and builds clean as written.

use crate::cli::InitArgs;
use crate::error::{Error, Result, EXIT_OK};
use crate::status;

const CATALOG: &str = r#"# Example error codes

This catalog lists the errors of the Example service and how to resolve
them. Each code has a level, the message as it appears in the logs, its
cause and a solution. Edit it, then run `errbook check` and `errbook build`.

## Error levels

| Error level | Description |
| --- | --- |
| FATAL | The service stops. |
| ERROR | The request failed. |
| WARNING | The request succeeded, with a problem to look at. |

## Storage error codes

### STORE-DISK000001

**Error level:** FATAL

**Error message:** Disk {path} is full.

**Cause:** The data directory has no free space left.

**Solution:** Free some space on the disk, or move the data directory:

1. Stop the service.
2. Move the directory and set `data_dir` in `service.conf`.
3. Start the service.

### STORE-DISK000002

**Error level:** WARNING

**Error message:** Disk {path} is {percent}% full.

**Cause:** The data directory is filling up.

**Solution:** Free some space before the disk is full. To see what uses it:

```sh
du -sh /var/lib/example/*
```

## Network error codes

### NET-CONN000101

**Error level:** ERROR

**Error message:** Connection to {host}:{port} timed out.

**Cause:** The host is down, or a firewall drops the connection.

**Solution:** Check that the host is up and that the port is open from this machine.
"#;

const WORKFLOW: &str = r#"# Checks the catalog on every push and pull request, and publishes the
# site to GitHub Pages from main. Enable Pages in the repository settings
# (Settings > Pages > Source: GitHub Actions) before the first deploy.
name: errbook

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: errbook-${{ github.ref }}
  cancel-in-progress: true

env:
  # Where errbook's source lives; point it at your mirror if you use one.
  ERRBOOK_GIT: https://github.com/errbook/errbook

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Cache errbook
        id: cache
        uses: actions/cache@v5
        with:
          path: ~/.cargo/bin/errbook
          key: errbook-${{ runner.os }}-${{ env.ERRBOOK_GIT }}
      - name: Install errbook
        if: steps.cache.outputs.cache-hit != 'true'
        run: cargo install --locked --git "$ERRBOOK_GIT" errbook
      - name: Check the catalog
        run: errbook check --format github
      - name: Build the site
        run: errbook build
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public

  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"#;

fn site_toml(title: &str) -> String {
    let title = toml::Value::String(title.to_string());
    format!(
        r#"# errbook configuration: https://github.com/errbook/errbook#configuration
title = {title}
sources = ["content/error-codes.md"]
output = "public"
# The address the site is published at, for canonical links and the sitemap.
base-url = ""

[lint]
# Any rule can be set to "allow", "warn" or "deny", e.g.:
# remote-image = "deny"

[spelling]
# Words of your product that the English dictionary lacks.
words = []
"#
    )
}

pub fn run(args: &InitArgs) -> Result<i32> {
    let files: [(&str, String); 4] = [
        ("site.toml", site_toml(&args.title)),
        ("content/error-codes.md", CATALOG.to_string()),
        (".github/workflows/errbook.yml", WORKFLOW.to_string()),
        (".gitignore", "/public/\n".to_string()),
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
