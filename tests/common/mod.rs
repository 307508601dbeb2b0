//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `marginalia` binary.
pub fn marginalia(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia")).args(args).output().expect("run marginalia")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and asserts the exit code, returning stdout.
pub fn run_ok(args: &[&str]) -> String {
    let o = marginalia(args);
    assert_eq!(o.status.code(), Some(0), "marginalia {args:?} failed: {}", stderr(&o));
    stdout(&o)
}

/// The shared seed documents, if present beside the repo.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

pub fn seed(prefix: &str) -> PathBuf {
    let dir = seeds_dir();
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (corpus tests need ../shared/seeds)", dir.display()))
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    entry.path()
}

pub fn sample_project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/migrants-1905")
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("bad JSON ({e}): {s}"))
}

/// A new project (`new --title title`) in a temporary folder holding one document,
/// the file `file` with `text` (`add`): the folder (removed when dropped), the
/// project's path and what `add` printed.
pub fn project_with_document(title: &str, file: &str, text: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("proj");
    let path = dir.path().join(file);
    std::fs::write(&path, text).unwrap();
    run_ok(&["new", project.to_str().unwrap(), "--title", title]);
    let added = run_ok(&["add", project.to_str().unwrap(), path.to_str().unwrap()]);
    (dir, project.to_str().unwrap().to_string(), added)
}

/// Copies the sample project (project file and stored texts) to `to`.
pub fn copy_sample_to(to: &Path) {
    std::fs::create_dir_all(to.join("sources")).unwrap();
    let from = sample_project();
    std::fs::copy(from.join("project.ron"), to.join("project.ron")).unwrap();
    for entry in std::fs::read_dir(from.join("sources")).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join("sources").join(entry.file_name())).unwrap();
    }
}
