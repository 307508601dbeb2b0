//! Sharing a project through git: this copy's tag (kept out of git), the merge
//! driver's file handling, and `git-setup` (attributes, ignore rules, local config).
//!
//! The copy tag lives in `.marginalia/replica` inside the project folder, a folder
//! that ignores itself (`.marginalia/.gitignore` is `*`), so a clone never inherits
//! another copy's tag. A project counts as shared when its `.gitattributes` (which
//! git does carry to clones) routes `project.ron` to the Marginalia merge driver.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{StoreError, atomic, folder};
use crate::model::Project;
use crate::model::ids::Replica;
use crate::model::merge::{self, MergeConflict};

/// This copy's folder of local, untracked state.
pub const LOCAL_DIR: &str = ".marginalia";
/// The copy tag, inside [`LOCAL_DIR`].
pub const REPLICA_FILE: &str = "replica";
/// The `.gitattributes` line that sends `project.ron` to the driver.
pub const ATTRIBUTE: &str = "project.ron merge=marginalia";
/// What `git-setup` keeps out of git: backups, temp files of interrupted saves, local state.
pub const IGNORED: [&str; 3] = ["*.bak", "*.tmp-*", ".marginalia/"];

fn replica_path(root: &Path) -> PathBuf {
    root.join(LOCAL_DIR).join(REPLICA_FILE)
}

/// Whether the project folder is set up for sharing (its `.gitattributes` names the driver).
pub fn is_shared(root: &Path) -> bool {
    fs::read_to_string(root.join(".gitattributes")).is_ok_and(|t| t.lines().any(|l| l.trim() == ATTRIBUTE))
}

/// A new random copy tag (30 bits from the operating system's generator).
pub fn new_replica() -> Result<Replica, String> {
    getrandom::u32().map(Replica::from_bits).map_err(|e| format!("no random numbers from the system: {e}"))
}

/// This copy's tag: the one saved in `.marginalia/replica`, else (for a shared
/// project) a new one that the next save keeps, else none.
pub fn replica_for(root: &Path) -> Result<Option<Replica>, StoreError> {
    let path = replica_path(root);
    match fs::read_to_string(&path) {
        Ok(text) => text.trim().parse().map(Some).map_err(|e: String| StoreError::invalid(&path, e)),
        Err(_) if is_shared(root) => new_replica().map(Some).map_err(|e| StoreError::invalid(&path, e)),
        Err(_) => Ok(None),
    }
}

/// Writes the copy tag unless it is already there (with the self-ignoring folder).
pub fn keep_replica(root: &Path, replica: Replica) -> Result<(), StoreError> {
    let path = replica_path(root);
    if path.exists() {
        return Ok(());
    }
    ensure_local_dir(root)?;
    atomic::write(&path, format!("{replica}\n").as_bytes(), false).map_err(|e| StoreError::not_saved(&path, e))
}

/// This copy's local folder (`.marginalia/`, which ignores itself in git), made if missing.
pub fn ensure_local_dir(root: &Path) -> Result<PathBuf, StoreError> {
    let dir = root.join(LOCAL_DIR);
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::create_dir_all(&dir).map_err(|e| StoreError::not_saved(&dir, e))?;
        atomic::write(&ignore, b"# Local to this copy of the project; never shared.\n*\n", false)
            .map_err(|e| StoreError::not_saved(&dir, e))?;
    }
    Ok(dir)
}

/// What the merge driver did.
#[derive(Debug)]
pub struct DriverOutcome {
    /// Conflicts found by this merge (now recorded in the project file).
    pub conflicts: Vec<MergeConflict>,
}

fn read_version(path: &Path, empty_ok: bool) -> Result<Project, StoreError> {
    let text = fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    if empty_ok && text.trim().is_empty() {
        // No common ancestor (both sides created the file): merge from nothing.
        return Ok(Project::default());
    }
    folder::parse_project(path, text)
}

/// git's merge driver for `project.ron`: merges `base` (%O), `ours` (%A) and
/// `theirs` (%B) and writes the result over `ours`, as git expects. Nothing is
/// written if any version cannot be read (git then keeps ours and reports a conflict).
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path) -> Result<DriverOutcome, StoreError> {
    let b = read_version(base, true)?;
    let o = read_version(ours, false)?;
    let t = read_version(theirs, false)?;
    let (merged, conflicts) = merge::merge(&b, &o, &t);
    let text = folder::serialize_project(&merged).map_err(|e| StoreError::invalid(ours, e))?;
    atomic::write(ours, text.as_bytes(), false).map_err(|e| StoreError::not_saved(ours, e))?;
    Ok(DriverOutcome { conflicts })
}

/// Runs git in a folder; the error names the folder and says what git said.
fn git(dir: &Path, args: &[&str]) -> Result<String, StoreError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| StoreError::invalid(dir, format!("cannot run git ({e}); is git installed?")))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(StoreError::invalid(dir, format!("git {}: {said}", args.join(" "))));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Appends the lines a file lacks (creating it); returns whether it changed.
fn ensure_lines(path: &Path, lines: &[&str]) -> Result<bool, StoreError> {
    let current = fs::read_to_string(path).unwrap_or_default();
    let missing: Vec<&str> = lines.iter().copied().filter(|l| !current.lines().any(|c| c.trim() == *l)).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = current;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for l in missing {
        text.push_str(l);
        text.push('\n');
    }
    atomic::write(path, text.as_bytes(), false).map_err(|e| StoreError::not_saved(path, e))?;
    Ok(true)
}

/// Sets a project folder inside a git work tree up for sharing: `.gitattributes`
/// (tracked, so every clone merges with the driver), `.gitignore`, the driver in the
/// repository's local config (`driver_command` runs this program; git does not
/// carry config to clones, hence once per copy), and this copy's tag. Returns what
/// was done, one line each.
pub fn setup(root: &Path, driver_command: &str) -> Result<Vec<String>, StoreError> {
    let top = git(root, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        StoreError::invalid(root, "not inside a git repository (run `git init` or `git clone` first, then git-setup again)")
    })?;
    let mut done = Vec::new();
    if ensure_lines(&root.join(".gitattributes"), &[ATTRIBUTE])? {
        done.push(format!("wrote .gitattributes: {ATTRIBUTE}"));
    }
    if ensure_lines(&root.join(".gitignore"), &IGNORED)? {
        done.push(format!("wrote .gitignore: {}", IGNORED.join(" ")));
    }
    git(root, &["config", "merge.marginalia.name", "Marginalia project merge"])?;
    git(root, &["config", "merge.marginalia.driver", driver_command])?;
    done.push(format!("git config (local, {top}): merge.marginalia.driver = {driver_command}"));
    // Recent git refuses to pull divergent work until told how; merging is what the
    // driver is for. A setting the user already has is kept.
    if git(root, &["config", "--get", "pull.rebase"]).is_err() {
        git(root, &["config", "pull.rebase", "false"])?;
        done.push("git config (local): pull.rebase = false".to_string());
    }
    let replica = match replica_for(root)? {
        Some(r) => r,
        None => new_replica().map_err(|e| StoreError::invalid(root, e))?,
    };
    keep_replica(root, replica)?;
    done.push(format!("this copy's tag: {replica} (new ids read like a1.{replica})"));
    Ok(done)
}
