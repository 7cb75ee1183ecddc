//! Builds that fail halfway: killed with SIGKILL, out of disk space, an
//! output on a read-only file system. Each must leave the previous site
//! byte for byte, say what went wrong, and the next build must succeed
//! once the cause is gone.
//!
//! These mount small tmpfs file systems, so they need root (CI runs them:
//! `cargo test --features faults --test testsuite faults::`). Without the
//! feature this module is not compiled; with it, a test fails when it
//! cannot mount.

use crate::support::{errbook, errbook_command, files};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A catalog of `codes` entries with `marker` in every cause.
fn catalog(codes: usize, marker: &str) -> String {
    let mut text = String::from("# Faults\n\n## Disk error codes\n\n");
    for n in 0..codes {
        text.push_str(&format!(
            "### DISK-FAULT{n:06}\n\n**Error level:** ERROR\n\n**Error message:** Disk {{path}} failed at {n}.\n\n**Cause:** {marker} cause number {n}, with some words to make the page longer than a line.\n\n**Solution:** Replace the disk, then run `fsck {n}`.\n\n"
        ));
    }
    text
}

/// A tmpfs mounted at a new directory, unmounted on drop.
struct Tmpfs {
    path: PathBuf,
    _parent: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let parent = tempfile::tempdir().unwrap();
        let path = parent.path().join("fs");
        std::fs::create_dir(&path).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "cannot mount a tmpfs (these tests need root)"
        );
        Tmpfs {
            path,
            _parent: parent,
        }
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_build_killed_midway_leaves_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("c.md");
    let site = dir.path().join("site");
    std::fs::write(&source, catalog(20_000, "first")).unwrap();
    let first = errbook(dir.path(), &["build", "c.md", "--out", "site", "-q"]);
    assert!(first.status.success());
    let before = files(&site);

    std::fs::write(&source, catalog(20_000, "second")).unwrap();
    let mut child = errbook_command(dir.path(), &["build", "c.md", "--out", "site", "-q"])
        .spawn()
        .unwrap();
    // Kill it while it writes its staging directory.
    let started = Instant::now();
    loop {
        let staging = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("errbook-staging"));
        if staging {
            std::thread::sleep(Duration::from_millis(150));
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was killed, not finished");
    assert_eq!(files(&site), before, "the previous site, byte for byte");

    let again = errbook(dir.path(), &["build", "c.md", "--out", "site", "-q"]);
    assert!(again.status.success());
    let page = std::fs::read_to_string(site.join("codes/disk-fault000007.html")).unwrap();
    assert!(page.contains("second cause number 7"));
    // The killed build's staging directory is gone.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("errbook-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_site() {
    let fs = Tmpfs::mount("6m");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("c.md");
    let site = fs.path.join("site");
    let site_arg = site.to_str().unwrap();
    std::fs::write(&source, catalog(200, "small")).unwrap();
    let first = errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = files(&site);

    // Far more than the disk holds beside the previous site.
    std::fs::write(&source, catalog(3_000, "large")).unwrap();
    let full = errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"]);
    assert_eq!(full.status.code(), Some(2));
    let message = String::from_utf8_lossy(&full.stderr);
    assert!(
        message.contains("No space left on device") && message.contains(fs.path.to_str().unwrap()),
        "the error names the cause and the path: {message}"
    );
    assert_eq!(files(&site), before, "the previous site, byte for byte");
    let left: Vec<_> = std::fs::read_dir(&fs.path)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("site")],
        "no staging left behind"
    );

    fs.remount("size=128m");
    let again = errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(site.join("codes/disk-fault002999.html").is_file());
}

#[test]
fn a_read_only_output_fails_clearly_and_keeps_the_previous_site() {
    let fs = Tmpfs::mount("64m");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("c.md");
    let site = fs.path.join("site");
    let site_arg = site.to_str().unwrap();
    std::fs::write(&source, catalog(100, "before")).unwrap();
    assert!(
        errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"])
            .status
            .success()
    );
    let before = files(&site);

    fs.remount("ro");
    std::fs::write(&source, catalog(100, "after")).unwrap();
    let refused = errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("Read-only file system"), "{message}");
    assert_eq!(files(&site), before);

    fs.remount("rw");
    assert!(
        errbook(dir.path(), &["build", "c.md", "--out", site_arg, "-q"])
            .status
            .success()
    );
    let page = std::fs::read_to_string(site.join("codes/disk-fault000001.html")).unwrap();
    assert!(page.contains("after cause number 1"));
}
