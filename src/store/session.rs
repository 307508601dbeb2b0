//! The app's open-project marker: `.marginalia/session` in the project folder (this
//! copy's local folder, which git ignores), written
//! when the app opens a project and removed when it lets go of it cleanly. Finding one
//! at open means the last session ended without closing (a crash, `kill -9`, power
//! loss) or that another window holds the project; either way the user is told, since
//! edits from the last moment before a crash may not have reached the disk.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The marker's path inside the project folder.
pub const MARKER: &str = ".marginalia/session";

/// What a marker left behind says about the session that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    /// The process that wrote it is gone: it ended without closing the project.
    Crashed { pid: u32, since: Option<SystemTime> },
    /// The process is still running (Linux only can tell): another window has it open.
    StillOpen { pid: u32 },
}

impl Previous {
    /// A sentence for the user; `saved` is when project.ron was last written.
    pub fn message(&self, saved: Option<SystemTime>) -> String {
        match self {
            Previous::Crashed { .. } => {
                let when = saved.map(|t| humantime::format_rfc3339_seconds(t).to_string()).unwrap_or_else(|| "unknown".into());
                format!(
                    "Marginalia did not close normally the last time this project was open. Everything saved is here \
                     (last save: {when} UTC); an edit made in the second before it stopped may be missing: check your latest work."
                )
            }
            Previous::StillOpen { pid } => format!(
                "This project is also open in another Marginalia window (process {pid}). Edits in both windows will conflict: close one of them."
            ),
        }
    }
}

/// A claim on a project folder for one app session; [`Session::release`] (or drop)
/// removes the marker.
#[derive(Debug)]
pub struct Session {
    path: PathBuf,
}

impl Session {
    /// Writes this process's marker into `root`, returning what an earlier marker said.
    /// A marker that cannot be written (read-only folder) is no error: the project
    /// opens without the crash notice, and saving will report the folder's problem.
    pub fn claim(root: &Path) -> (Option<Session>, Option<Previous>) {
        let path = root.join(MARKER);
        // The marker names the folder it was written for: one copied along with the folder
        // (cp -r, a sync tool) says nothing about this copy.
        let here = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let previous = std::fs::read_to_string(&path).ok().and_then(|text| {
            let mut lines = text.lines();
            let pid: u32 = lines.next()?.trim().parse().ok()?;
            if lines.next().is_some_and(|folder| Path::new(folder) != here) {
                return None;
            }
            if pid == std::process::id() {
                return None;
            }
            let since = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            Some(if process_alive(pid) { Previous::StillOpen { pid } } else { Previous::Crashed { pid, since } })
        });
        let written =
            crate::store::git::ensure_local_dir(root).is_ok() && std::fs::write(&path, format!("{}\n", std::process::id())).is_ok();
        let session = written.then_some(Session { path });
        (session, previous)
    }

    /// Removes the marker: the project was let go of cleanly.
    pub fn release(self) {}
}

impl Drop for Session {
    fn drop(&mut self) {
        // Only our own marker: another window may have claimed the folder since.
        let ours = std::fs::read_to_string(&self.path).is_ok_and(|t| t.lines().next() == Some(std::process::id().to_string().as_str()));
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether a process with this id is running. Known on Linux (`/proc`); elsewhere a
/// marker is taken as left by a crash.
fn process_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_clean_session_leaves_nothing_and_a_crashed_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (session, previous) = Session::claim(dir.path());
        assert_eq!(previous, None);
        assert!(dir.path().join(MARKER).exists());
        session.unwrap().release();
        assert!(!dir.path().join(MARKER).exists(), "a clean close removes the marker");

        // A marker of a process that no longer exists: pid numbers this high are never handed out.
        std::fs::write(dir.path().join(MARKER), "4294967\n").unwrap();
        let (session, previous) = Session::claim(dir.path());
        assert!(matches!(previous, Some(Previous::Crashed { pid: 4294967, .. })), "{previous:?}");
        assert!(previous.unwrap().message(None).contains("did not close normally"));
        drop(session);
        assert!(!dir.path().join(MARKER).exists());
    }

    #[test]
    fn a_marker_copied_with_its_folder_says_nothing_about_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".marginalia")).unwrap();
        std::fs::write(dir.path().join(MARKER), "4294967\n/somewhere/else/project\n").unwrap();
        let (_session, previous) = Session::claim(dir.path());
        assert_eq!(previous, None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_marker_of_a_running_process_means_another_window() {
        let dir = tempfile::tempdir().unwrap();
        // pid 1 always runs.
        std::fs::create_dir_all(dir.path().join(".marginalia")).unwrap();
        std::fs::write(dir.path().join(MARKER), "1\n").unwrap();
        let (_session, previous) = Session::claim(dir.path());
        assert_eq!(previous, Some(Previous::StillOpen { pid: 1 }));
    }
}
