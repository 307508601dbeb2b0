//! Working together through real git: two clones, concurrent CLI edits, `git pull`
//! through the merge driver (the built binary), following README's "Working
//! together" section as written. Needs `git` (CI installs it); without it the tests
//! say so and pass.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const REPORT: &str = "Arrivals in 1905\n\nThe ship carried 1,033 people from Incheon. The port list says 1,014 landed.\nA later census counts 1,019 Koreans on the estates, most of them men.\n";

fn git_missing() -> bool {
    let missing = Command::new("git").arg("--version").output().is_err();
    if missing {
        eprintln!("SKIPPED: git is not installed; these tests need it (CI installs it)");
    }
    missing
}

/// A sandbox: its own git identity and config, the built binary first on PATH.
struct Sandbox {
    dir: tempfile::TempDir,
    server: PathBuf,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let gitconfig = dir.path().join("gitconfig");
        std::fs::write(&gitconfig, "[user]\n\tname = Test\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n").unwrap();
        let server = dir.path().join("server.git");
        let sb = Sandbox { dir, server };
        sb.sh(sb.dir.path(), &format!("git init -q --bare {}", sb.server.display()), true);
        sb
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn command(&self, program: &str, cwd: &Path) -> Command {
        let bin = Path::new(env!("CARGO_BIN_EXE_marginalia")).parent().unwrap().to_path_buf();
        let path =
            std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()))).unwrap();
        let mut c = Command::new(program);
        c.current_dir(cwd)
            .env("PATH", path)
            .env("SERVER", &self.server)
            .env("GIT_CONFIG_GLOBAL", self.path("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .env("GIT_EDITOR", "true")
            .env("HOME", self.dir.path());
        c
    }

    /// Runs a shell script (stopping at the first failing command).
    fn sh(&self, cwd: &Path, script: &str, must_succeed: bool) -> Output {
        let out = self.command("sh", cwd).arg("-ec").arg(script).output().unwrap();
        if must_succeed {
            assert!(out.status.success(), "`{script}` in {} failed:\n{}\n{}", cwd.display(), text(&out.stdout), text(&out.stderr));
        }
        out
    }

    fn marginalia(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_marginalia"), cwd).args(args).output().unwrap()
    }

    /// Runs marginalia in a copy and returns stdout (trimmed), asserting success.
    fn ok(&self, cwd: &Path, args: &[&str]) -> String {
        let out = self.marginalia(cwd, args);
        assert!(out.status.success(), "marginalia {args:?} failed: {}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    }

    fn annotations(&self, copy: &Path) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.ok(copy, &["list", ".", "annotations", "--json"])).unwrap().as_array().unwrap().clone()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The `sh` blocks of README's "Working together" section, in order.
fn readme_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("## Working together").nth(1).expect("README has a Working together section");
    let section = section.split("\n## ").next().unwrap();
    section.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap().to_string()).collect()
}

/// Starts the project and makes two copies, `a/edition` and `b/edition`, exactly as
/// README says; the first copy adds three annotations everyone starts from.
fn two_copies(sb: &Sandbox) -> (PathBuf, PathBuf, [String; 3]) {
    let blocks = readme_blocks();
    assert_eq!(blocks.len(), 3, "start, join, share");
    std::fs::write(sb.path("report.txt"), REPORT).unwrap();
    sb.sh(sb.dir.path(), &blocks[0], true);
    for copy in ["a", "b"] {
        std::fs::create_dir_all(sb.path(copy)).unwrap();
        sb.sh(&sb.path(copy), &blocks[1], true);
    }
    let (a, b) = (sb.path("a/edition"), sb.path("b/edition"));
    let ids = ["1,033 people", "1,014 landed", "1,019 Koreans"]
        .map(|q| sb.ok(&a, &["annotate", ".", "--source", "s1", "--quote", q, "--kind", "figure"]));
    assert!(ids.iter().all(|id| id.starts_with('a') && id.contains('.')), "ids made in a shared copy carry its tag: {ids:?}");
    sb.sh(&a, &blocks[2], true);
    sb.sh(&b, "git pull -q", true);
    (a, b, ids)
}

#[test]
fn concurrent_edits_in_two_clones_merge_through_git_pull() {
    if git_missing() {
        return;
    }
    let sb = Sandbox::new();
    let (a, b, [a1, a2, a3]) = two_copies(&sb);
    let share = readme_blocks()[2].clone();

    // Copy A: a new claim linked to a2, a tag on a1, a3 deleted.
    let na = sb.ok(&a, &["annotate", ".", "--source", "s1", "--quote", "most of them men", "--kind", "claim"]);
    sb.ok(&a, &["link", ".", &na, &a2, "--relation", "explains"]);
    sb.ok(&a, &["edit", ".", &a1, "--add-tag", "boarding"]);
    sb.ok(&a, &["delete", ".", &a3]);
    // Copy B, meanwhile: a note on a1 (tagged in A), a new question linked to a1, a2's kind and locator.
    let nb = sb.ok(&b, &["annotate", ".", "--source", "s1", "--quote", "from Incheon", "--kind", "question"]);
    sb.ok(&b, &["edit", ".", &a1, "--note", "counted at departure"]);
    sb.ok(&b, &["link", ".", &a1, &nb, "--relation", "supports"]);
    sb.ok(&b, &["edit", ".", &a2, "--locator", "p. 3", "--add-tag", "port"]);
    assert_ne!(na, nb, "two copies never make the same id");

    sb.sh(&a, &share, true);
    sb.sh(&b, &share, true); // pulls A's work through the driver, checks, pushes
    sb.sh(&a, "git pull -q", true);

    for copy in [&a, &b] {
        let check = sb.marginalia(copy, &["check", "."]);
        assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
        let list = sb.annotations(copy);
        let get = |id: &str| list.iter().find(|x| x["id"] == id).cloned();
        let first = get(&a1).unwrap();
        assert_eq!(
            (first["tags"].clone(), first["note"].clone()),
            (serde_json::json!(["boarding"]), serde_json::json!("counted at departure"))
        );
        let second = get(&a2).unwrap();
        assert_eq!((second["locator"].as_str(), second["tags"].clone()), (Some("p. 3"), serde_json::json!(["port"])));
        assert!(get(&a3).is_none(), "the deletion arrived");
        assert_eq!(get(&na).unwrap()["kind"], "claim");
        assert_eq!(get(&nb).unwrap()["kind"], "question");
        let links: Value = serde_json::from_str(&sb.ok(copy, &["list", ".", "links", "--json"])).unwrap();
        let pairs: Vec<(String, String)> =
            links.as_array().unwrap().iter().map(|l| (l["from"].as_str().unwrap().into(), l["to"].as_str().unwrap().into())).collect();
        assert!(pairs.contains(&(na.clone(), a2.clone())) && pairs.contains(&(a1.clone(), nb.clone())), "{pairs:?}");
    }
    assert_eq!(std::fs::read(a.join("project.ron")).unwrap(), std::fs::read(b.join("project.ron")).unwrap());
    let status = sb.sh(&b, "git status --porcelain", true);
    assert_eq!(text(&status.stdout), "", "backups, temp files and the copy tag are ignored");
}

#[test]
fn a_true_field_conflict_leaves_a_loadable_project_listing_it() {
    if git_missing() {
        return;
    }
    let sb = Sandbox::new();
    let (a, b, [a1, _, _]) = two_copies(&sb);
    let share = readme_blocks()[2].clone();
    sb.ok(&a, &["edit", ".", &a1, "--note", "boarded at Incheon"]);
    sb.ok(&b, &["edit", ".", &a1, "--note", "landed at Salina Cruz"]);
    sb.sh(&a, &share, true);
    sb.sh(&b, "git add -A && git commit -qm 'my note'", true);
    let pull = sb.sh(&b, "git pull", false);
    assert!(!pull.status.success(), "git reports the conflict");
    assert!(text(&pull.stdout).contains("project.ron"), "{}", text(&pull.stdout));
    let ron = std::fs::read_to_string(b.join("project.ron")).unwrap();
    assert!(!ron.contains("<<<<<<<") && !ron.contains(">>>>>>>"), "no conflict markers");
    let check = sb.marginalia(&b, &["check", "."]);
    assert_eq!(check.status.code(), Some(4), "exit 4: merge conflicts recorded");
    let listed = text(&check.stdout);
    assert!(
        listed.contains(&format!("1. {a1} note")) && listed.contains("boarded at Incheon") && listed.contains("landed at Salina Cruz"),
        "{listed}"
    );
    assert_eq!(sb.annotations(&b).len(), 3, "the project loads");

    sb.ok(&b, &["resolve", ".", "1", "--take", "both"]);
    assert_eq!(sb.marginalia(&b, &["check", "."]).status.code(), Some(0));
    let note = sb.annotations(&b).into_iter().find(|x| x["id"] == a1.as_str()).unwrap()["note"].clone();
    assert_eq!(note, "landed at Salina Cruz\n\nboarded at Incheon");
    sb.sh(&b, "git add -A && git commit -qm 'Resolved' && git push -q", true);
    sb.sh(&a, "git pull -q", true);
    assert_eq!(sb.marginalia(&a, &["check", "."]).status.code(), Some(0));
}

/// Existing projects keep their ids: an untagged project saves byte-identically,
/// and once it is shared its old ids stay as they were while new ones carry the
/// copy's tag, the same tag on every later run.
#[test]
fn existing_projects_keep_their_ids_and_a_shared_copy_tags_new_ones() {
    use marginalia::store::ProjectFolder;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/migrants-1905");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("migrants");
    std::fs::create_dir_all(copy.join("sources")).unwrap();
    std::fs::copy(sample.join("project.ron"), copy.join("project.ron")).unwrap();
    for f in std::fs::read_dir(sample.join("sources")).unwrap().flatten() {
        std::fs::copy(f.path(), copy.join("sources").join(f.file_name())).unwrap();
    }
    let before = std::fs::read(copy.join("project.ron")).unwrap();
    let mut loaded = ProjectFolder::open(&copy).unwrap();
    assert_eq!(loaded.project.replica, None, "not shared: no tag");
    let old_ids: Vec<String> = loaded.project.annotations.keys().map(ToString::to_string).collect();
    assert!(old_ids.iter().all(|id| !id.contains('.')));
    loaded.folder.accept_disk_changes();
    loaded.folder.save(&loaded.project).unwrap();
    assert_eq!(std::fs::read(copy.join("project.ron")).unwrap(), before, "unchanged by this version");
    assert!(!copy.join(".marginalia").exists());

    // Shared (as a clone of a set-up project is): the next ids carry one tag.
    std::fs::write(copy.join(".gitattributes"), "project.ron merge=marginalia\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_marginalia")).args(args).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let p = copy.to_str().unwrap();
    let first = run(&["annotate", p, "--source", "s1", "--quote", "Ilford", "--nth", "1", "--kind", "note"]);
    let second = run(&["annotate", p, "--source", "s1", "--quote", "Ilford", "--nth", "1", "--kind", "claim"]);
    let tag = std::fs::read_to_string(copy.join(".marginalia/replica")).unwrap();
    assert_eq!(first, format!("a1.{}", tag.trim()));
    assert_eq!(second, format!("a2.{}", tag.trim()));
    assert_eq!(std::fs::read_to_string(copy.join(".marginalia/.gitignore")).unwrap().lines().last(), Some("*"));
    let after = ProjectFolder::open(&copy).unwrap().project;
    for id in &old_ids {
        assert!(after.annotations.keys().any(|k| k.to_string() == *id), "{id} kept");
    }
}
