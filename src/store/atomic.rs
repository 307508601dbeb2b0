//! Atomic file replacement: write a temp file in the same folder, fsync it, keep the
//! previous version as `NAME.bak`, then rename over the target. A crash at any point
//! leaves either the old file or the new one, never a torn one.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of temp files, so that leftovers from a crash can be recognised.
pub const TEMP_MARKER: &str = ".tmp-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The backup kept beside a file.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".bak")
}

fn temp_path(path: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    sibling(path, &format!("{TEMP_MARKER}{}-{n}", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) {
    // Persists the rename on filesystems that need it; not all platforms allow
    // opening a directory, and a failure here cannot be acted on.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `bytes` atomically. With `keep_backup`, the previous content
/// (if any) is first saved to `path.bak`, itself atomically.
pub fn write(path: &Path, bytes: &[u8], keep_backup: bool) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = temp_path(path);
    if let Err(e) = write_synced(&tmp, bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if keep_backup && path.exists() {
        let bak_tmp = temp_path(&backup_path(path));
        let backed_up =
            fs::copy(path, &bak_tmp).and_then(|_| File::open(&bak_tmp)?.sync_all()).and_then(|()| fs::rename(&bak_tmp, backup_path(path)));
        if let Err(e) = backed_up {
            let _ = fs::remove_file(&bak_tmp);
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir);
    Ok(())
}

/// Removes temp files a crashed save left beside `path` (they are never loaded).
pub fn clean_leftovers(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) else {
        return;
    };
    let own_prefix = format!("{name}{TEMP_MARKER}");
    let bak_prefix = format!("{name}.bak{TEMP_MARKER}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&own_prefix) || file_name.starts_with(&bak_prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("project.ron");
        write(&path, b"one", true).unwrap();
        assert!(!backup_path(&path).exists(), "no backup of nothing");
        write(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        let leftovers: Vec<_> =
            fs::read_dir(dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains(TEMP_MARKER)).collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn leftover_temp_files_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("project.ron");
        fs::write(dir.path().join("project.ron.tmp-123-0"), b"torn").unwrap();
        fs::write(dir.path().join("other.txt"), b"keep").unwrap();
        clean_leftovers(&path);
        assert!(!dir.path().join("project.ron.tmp-123-0").exists());
        assert!(dir.path().join("other.txt").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("project.ron");
        assert!(write(&path, b"x", true).is_err());
    }
}
