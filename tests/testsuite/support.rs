//! What the test modules share, written once: running errbook, the
//! repository, a `Project` directory to write a catalog into, and reading
//! the files errbook wrote.

use errbook::rules::Rule;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository: the shipped catalog, its site.toml, and the fixtures
/// under tests/.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `errbook args` in `dir`, not yet run: for a test that sets more
/// (environment, standard input) or spawns it.
///
/// errbook sees no `NO_COLOR`, `CI` or `COLUMNS` from the shell that runs
/// the tests: its output is piped, so it writes no colour and no progress
/// bar and wraps at 80 columns by itself, and a test of those defaults
/// tests errbook, not the environment.
pub fn errbook_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_errbook"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .env_remove("COLUMNS");
    command
}

/// `errbook args` in `dir`, run to its end, its output captured.
pub fn errbook(dir: &Path, args: &[&str]) -> Output {
    errbook_command(dir, args).output().expect("errbook runs")
}

/// Edits the catalog `errbook init` wrote in `project`: one message
/// becomes "no free space left (edited).", for tests of serve's reload.
pub fn edit_scaffold_message(project: &Path) {
    let catalog = project.join("content/error-codes.md");
    let text = std::fs::read_to_string(&catalog).unwrap();
    std::fs::write(
        &catalog,
        text.replace("no free space left.", "no free space left (edited)."),
    )
    .unwrap();
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that errbook exited with 0; its standard error says why not.
pub fn assert_ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

/// Every file under `dir`, by its path relative to `dir` (with `/`), with
/// its bytes: two of them are equal when the trees are byte-identical.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&path).unwrap();
            (name, bytes)
        })
        .collect()
}

/// The paths of every file under `dir` (not its directories), in name
/// order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| entry.into_path())
        .collect()
}

/// A project directory of its own, removed at the end of the test: write
/// a catalog and a site.toml into it, then run errbook there.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `name` (with its directories) in the project.
    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write fixture");
        path
    }

    /// Runs errbook in the project directory.
    pub fn run(&self, args: &[&str]) -> Output {
        errbook(self.path(), args)
    }

    /// What errbook writes on standard output, read as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?} is not JSON ({e}): {}\nstderr: {}",
                stdout(&out),
                stderr(&out)
            )
        })
    }

    /// `check --format json` with `args`: the exit code and the findings.
    pub fn check_json(&self, args: &[&str]) -> (i32, Vec<Value>) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let findings: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}\nstderr: {}", stdout(&out), stderr(&out))
        });
        (
            out.status.code().expect("exit code"),
            findings.as_array().expect("array").clone(),
        )
    }

    /// The findings of `check --format json` with `args`.
    pub fn findings(&self, args: &[&str]) -> Vec<Value> {
        self.check_json(args).1
    }

    /// Writes `catalog_text` to `catalog.md` and checks it: the exit code
    /// and the findings.
    pub fn check(&self, catalog_text: &str) -> (i32, Vec<Value>) {
        self.write("catalog.md", catalog_text);
        self.check_json(&["catalog.md"])
    }

    /// The `n`th document of `export --format json` with `args`.
    pub fn document(&self, args: &[&str], n: usize) -> Value {
        let mut all = vec!["export", "--format", "json"];
        all.extend_from_slice(args);
        self.json(&all)["documents"][n].clone()
    }

    /// The entries of every document, as exported.
    pub fn entries(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["export", "--format", "json"];
        all.extend_from_slice(args);
        let export = self.json(&all);
        export["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .flat_map(|d| d["sections"].as_array().expect("sections").clone())
            .flat_map(|s| s["entries"].as_array().expect("entries").clone())
            .collect()
    }

    /// The first code `errbook search --format json` gives for `query`.
    pub fn first_hit(&self, query: &str, args: &[&str]) -> Option<String> {
        let mut all = vec!["search", "--format", "json", query];
        all.extend_from_slice(args);
        let results = self.json(&all);
        let results = results
            .get("results")
            .cloned()
            .unwrap_or(results)
            .as_array()
            .cloned()
            .unwrap_or_default();
        results
            .first()
            .and_then(|r| r["code"].as_str())
            .map(str::to_string)
    }

    /// Builds the site into `site/` with `args`, which must succeed; its
    /// path.
    pub fn build(&self, args: &[&str]) -> PathBuf {
        let mut all = vec!["build", "--out", "site"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.status.success(), "build failed: {}", stderr(&run));
        self.path().join("site")
    }
}

/// The findings of `rule`. It is named by its enum, not by a string: a
/// renamed rule fails to compile here instead of leaving
/// `of_rule(..).is_empty()` passing on a name no rule has.
pub fn of_rule(findings: &[Value], rule: Rule) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["rule"] == rule.name())
        .collect()
}
