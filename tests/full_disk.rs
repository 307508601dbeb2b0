//! A save that cannot be written (disk full, file-size limit, read-only file system)
//! fails with a message naming the file, and the previous project file, its backup
//! and the folder are left exactly as they were.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use marginalia::store::ProjectFolder;

/// A snapshot of everything a save may touch.
#[derive(Debug, PartialEq)]
struct Folder {
    project: Vec<u8>,
    backup: Option<Vec<u8>>,
    names: Vec<String>,
}

fn snapshot(p: &Path) -> Folder {
    let mut names: Vec<String> = std::fs::read_dir(p).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    Folder { project: std::fs::read(p.join("project.ron")).unwrap(), backup: std::fs::read(p.join("project.ron.bak")).ok(), names }
}

fn annotate(p: &Path, quote: &str) -> Vec<String> {
    ["annotate", p.to_str().unwrap(), "--source", "s1", "--quote", quote, "--kind", "figure"].map(String::from).to_vec()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Runs `marginalia` under a shell limit (`ulimit -f BLOCKS`), with the signal
/// that limit raises ignored so the write fails with an error instead.
fn marginalia_with_file_size_limit(blocks: u32, args: &[String]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap()
}

fn assert_failed_cleanly(o: &Output, p: &Path, before: &Folder) {
    assert_eq!(o.status.code(), Some(1), "the save must fail: {}", stderr(o));
    let msg = stderr(o);
    assert!(msg.contains("project.ron"), "the message names the file: {msg}");
    assert_eq!(msg.lines().filter(|l| l.starts_with("error")).count(), 1, "said once: {msg}");
    assert!(msg.contains("not saved") && msg.contains("last saved version is unchanged"), "{msg}");
    assert_eq!(&snapshot(p), before, "project file, backup and folder unchanged");
    ProjectFolder::open(p).expect("the previous project still loads");
}

#[test]
fn a_save_beyond_the_file_size_limit_fails_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    copy_sample_to(&p);
    run_ok(&strs(&annotate(&p, "1,033 Korean")));
    let before = snapshot(&p);
    assert!(before.backup.is_some(), "a backup exists to be kept");

    // 4 blocks is far below the sample's project file: the new file cannot be written.
    let o = marginalia_with_file_size_limit(4, &annotate(&p, "most of them"));
    assert_failed_cleanly(&o, &p, &before);
    assert!(stderr(&o).to_lowercase().contains("too large"), "{}", stderr(&o));

    let after = marginalia(&strs(&annotate(&p, "most of them")));
    assert_eq!(after.status.code(), Some(0), "without the limit the same save works: {}", stderr(&after));
}

/// A small tmpfs mounted for one test, unmounted even if the test fails.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `size` at `at`; `None` (with the reason printed) where
    /// mounting is not allowed, i.e. not running as root in a privileged container.
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).unwrap();
        let o = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(at).output().ok()?;
        if !o.status.success() {
            eprintln!("skipped: cannot mount a tmpfs here ({})", String::from_utf8_lossy(&o.stderr).trim());
            return None;
        }
        Some(Mount(at.to_path_buf()))
    }

    fn remount(&self, option: &str) {
        let o = Command::new("mount").args(["-o", &format!("remount,{option}")]).arg(&self.0).output().unwrap();
        assert!(o.status.success(), "remount {option}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).output();
    }
}

/// Fills the file system holding `dir` until a write fails with "no space".
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler.bin");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    loop {
        match f.write_all(&chunk).and_then(|()| f.sync_all()) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    filler
}

#[test]
#[ignore = "needs root to mount a small tmpfs (CI runs it with --include-ignored)"]
fn a_save_on_a_full_disk_fails_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&dir.path().join("disk"), "512k") else { return };
    let p = mount.0.join("p");
    copy_sample_to(&p);
    run_ok(&strs(&annotate(&p, "1,033 Korean")));
    let filler = fill(&mount.0);
    let mut before = snapshot(&p);
    before.names.retain(|n| n != "filler.bin");

    let o = marginalia(&strs(&annotate(&p, "most of them")));
    assert_failed_cleanly(&o, &p, &before);
    assert!(stderr(&o).contains("the disk is full") && stderr(&o).contains("No space left"), "{}", stderr(&o));

    std::fs::remove_file(filler).unwrap();
    let after = marginalia(&strs(&annotate(&p, "most of them")));
    assert_eq!(after.status.code(), Some(0), "with space again the same save works: {}", stderr(&after));
    assert!(run_ok(&["list", p.to_str().unwrap(), "annotations"]).contains("most of them"));
}

#[test]
#[ignore = "needs root to mount a tmpfs and remount it read-only (CI runs it with --include-ignored)"]
fn a_save_on_a_read_only_file_system_fails_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&dir.path().join("disk"), "4m") else { return };
    let p = mount.0.join("p");
    copy_sample_to(&p);
    run_ok(&strs(&annotate(&p, "1,033 Korean")));
    let before = snapshot(&p);
    mount.remount("ro");

    let o = marginalia(&strs(&annotate(&p, "most of them")));
    assert_failed_cleanly(&o, &p, &before);
    assert!(stderr(&o).contains("the disk is read-only") && stderr(&o).contains("Read-only file system"), "{}", stderr(&o));
}
