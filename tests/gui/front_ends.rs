//! The CLI and the app are two front ends over one model: the same files make the
//! same project (`store::import_batch`), the same linked figures make the same
//! conflict groups (`model::conflicts::linked_groups`).

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
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

fn marginalia(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_marginalia")).args(args).output().unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = marginalia(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn cli_conflicts_and_the_app_list_the_same_linked_groups() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let doc = dir.path().join("counts.txt");
    std::fs::write(&doc, "Boarded: 1,033 people. Arrived: 1,014 people. The plate says 1,019. A later count: 702 men.\n").unwrap();
    let root = p.to_str().unwrap();
    stdout_of(&["new", root]);
    stdout_of(&["add", root, doc.to_str().unwrap()]);
    let ids: Vec<String> = ["1,033", "1,014", "1,019", "702"]
        .iter()
        .map(|q| stdout_of(&["annotate", root, "--source", "s1", "--quote", q, "--kind", "figure"]))
        .collect();
    // A chain of three (contradicts, then explains); the fourth figure stays alone.
    stdout_of(&["link", root, &ids[0], &ids[1], "--relation", "contradicts"]);
    stdout_of(&["link", root, &ids[1], &ids[2], "--relation", "explains"]);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&["conflicts", root, "--json"])).unwrap();
    let mut from_cli: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].as_str().is_some_and(|id| id.starts_with("links:")))
        .map(|r| {
            format!(
                "Linked {} [{}]",
                r["id"].as_str().unwrap().trim_start_matches("links:").replace(',', ", "),
                r["verdict"].as_str().unwrap()
            )
        })
        .collect();
    from_cli.sort();
    assert!(!from_cli.is_empty(), "the CLI lists the linked figures: {json}");

    let mut state = AppState::open(&p);
    state.windows.conflicts = true;
    let mut h = super::harness_of(state, egui::vec2(1400.0, 900.0), 0.25);
    h.run();
    let seen = std::cell::RefCell::new(Vec::new());
    let _ = h
        .query_all_by(|n| {
            // A plain label's text is its accessible value.
            if let Some(l) = n.label().or(n.value()).filter(|l| l.starts_with("Linked ") && l.contains(" [")) {
                seen.borrow_mut().push(l.split(": ").next().unwrap_or_default().to_string());
            }
            false
        })
        .count();
    let mut from_app = seen.into_inner();
    from_app.dedup();
    from_app.sort();
    assert_eq!(from_app, from_cli, "the app's Figures and conflicts window lists the CLI's groups");
}
