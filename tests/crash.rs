//! Crash safety: a process saving a growing project is killed with SIGKILL at
//! random moments; the project must load every time and hold every annotation of
//! the last save that completed. `MARGINALIA_KILLS` sets the number of kills
//! (200 by default; RELIABILITY.md records a 1,000-kill run).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::store::ProjectFolder;

use marginalia::testing::Lcg;

#[test]
fn killing_a_saving_process_never_loses_a_completed_save() {
    // 200 kills in CI; fewer on a developer's plain `cargo test`.
    let default = if std::env::var_os("CI").is_some() { 200 } else { 40 };
    let kills: usize = std::env::var("MARGINALIA_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    // Annotations added per save; long runs use fewer so the project stays a few MB.
    let per_round = std::env::var("MARGINALIA_PER_ROUND").unwrap_or_else(|_| "40".into());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let ps = p.to_str().unwrap();
    common::run_ok(&["new", ps]);
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "Korean migrants reached Mexico in 1905. ".repeat(500)).unwrap();
    common::run_ok(&["add", ps, doc.to_str().unwrap()]);
    let mut rng = Lcg(42);
    let mut confirmed = 0usize;
    let mut killed_mid_save = 0usize;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .args(["stress-save", ps, "--rounds", "1000", "--per-round", &per_round])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("saved ").and_then(|n| n.parse::<usize>().ok()) {
                    let _ = tx.send(n);
                }
            }
        });
        // Let it run for a random while, then SIGKILL (Child::kill on Unix).
        let deadline = Instant::now() + Duration::from_millis(20 + rng.next(250) as u64);
        while Instant::now() < deadline {
            while let Ok(n) = rx.try_recv() {
                confirmed = confirmed.max(n);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        while let Ok(n) = rx.try_recv() {
            confirmed = confirmed.max(n);
        }
        // The project loads and holds at least the last confirmed save.
        let loaded = ProjectFolder::open(&p).unwrap_or_else(|e| panic!("round {round}: project does not load: {e}"));
        let count = loaded.project.annotations.len();
        assert!(count >= confirmed, "round {round}: {count} annotations on disk, but a save of {confirmed} had completed");
        loaded.project.check_invariants().unwrap();
        // The backup is a loadable previous version.
        let bak = p.join("project.ron.bak");
        if bak.exists() {
            let text = std::fs::read_to_string(&bak).unwrap();
            marginalia::store::folder::parse_project(&bak, text).unwrap_or_else(|e| panic!("round {round}: backup does not load: {e}"));
        }
        if count > confirmed {
            killed_mid_save += 1; // the kill came after a save landed but before it was reported
        }
        confirmed = count;
    }
    // Leftover temp files are never the project; the next save cleans them.
    let mut loaded = ProjectFolder::open(&p).unwrap();
    loaded.project.title = "after the storm".into();
    loaded.folder.save(&loaded.project).unwrap();
    let leftovers = std::fs::read_dir(&p).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains(".tmp-")).count();
    assert_eq!(leftovers, 0);
    eprintln!("{kills} kills survived; {killed_mid_save} landed between a save and its report");
}
