//! The CLI's `add` and the app's Add documents are one pipeline
//! (`store::import_batch`): the same files make the same project.

use std::path::{Path, PathBuf};

use marginalia::store::ProjectFolder;
use marginalia::ui::{Action, AppState, UiCommand};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn saved_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(root)
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == ".marginalia") && p.extension().is_none_or(|e| e != "bak"))
        .map(|p| (p.strip_prefix(root).unwrap().display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn cli_add_and_app_import_make_the_same_project_including_a_failing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (by_cli, by_app) = (dir.path().join("cli"), dir.path().join("app"));
    ProjectFolder::create(&by_cli, "Same").unwrap();
    ProjectFolder::create(&by_app, "Same").unwrap();
    let f = fixtures();
    let docs = [f.join("fixture.pdf"), f.join("fixture.md"), f.join("missing.txt"), f.join("fixture.html")];
    let bib = f.join("records.bib");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("add")
        .arg(&by_cli)
        .args(&docs)
        .arg("--bib")
        .arg(&bib)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a file failed: exit 1\n{stderr}");
    assert!(stderr.contains("missing.txt"), "the failure names its file: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.ends_with("\t-")).count(), 3, "the other three added");

    let mut state = AppState::open(&by_app);
    state.native_dialogs = false;
    let mut dropped = docs.to_vec();
    dropped.insert(1, bib.clone());
    state.run(UiCommand::AddPaths(dropped));
    state.flush_imports();
    assert_eq!(state.notices.iter().filter(|n| n.is_error && n.text.contains("missing.txt")).count(), 1, "said once");
    state.run(UiCommand::Action(Action::Save));
    state.flush_saves();

    let (a, b) = (saved_files(&by_cli), saved_files(&by_app));
    assert_eq!(a.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), b.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs:\n--- cli\n{}\n--- app\n{}", String::from_utf8_lossy(x), String::from_utf8_lossy(y));
    }
}
