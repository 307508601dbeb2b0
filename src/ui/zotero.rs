//! File → Import Zotero library…: the library is read and the import planned on a
//! background thread (the window stays live and shows progress, item by item); the
//! result is applied as one undoable step, with its summary and each problem as
//! notifications.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::state::AppState;
use crate::model::Transaction;
use crate::store;
use crate::store::zotero::Summary;

/// A running Zotero import: progress (items done, items in all) and its result.
pub struct ZoteroJob {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    /// The history state the import was planned against.
    planned_on: u64,
    result: Receiver<Result<(Transaction, Summary), String>>,
    data_dir: std::path::PathBuf,
}

impl AppState {
    /// Starts importing the Zotero library in `data_dir` into the open project.
    pub(super) fn import_zotero(&mut self, data_dir: &Path) {
        let Some(root) = self.project_path() else {
            self.notify("Open or create a project first", true);
            return;
        };
        if self.zotero_job.is_some() || self.import_progress().is_some() {
            self.notify("An import is still running; try again when it is done", true);
            return;
        }
        let (done, total) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (tx, rx) = std::sync::mpsc::channel();
        let (project, dir) = (self.project.clone(), data_dir.to_path_buf());
        let (d, t) = (done.clone(), total.clone());
        std::thread::spawn(move || {
            let mut progress = |n: usize, of: usize| {
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
            };
            let result = store::zotero::import(&project, &dir, &root, None, &mut progress).map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        self.zotero_job =
            Some(ZoteroJob { done, total, planned_on: self.history.state_id(), result: rx, data_dir: data_dir.to_path_buf() });
    }

    /// The running Zotero import's progress as (items done, items), if one runs.
    pub(super) fn zotero_progress(&self) -> Option<(usize, usize)> {
        self.zotero_job.as_ref().map(|j| (j.done.load(Ordering::Relaxed), j.total.load(Ordering::Relaxed).max(1)))
    }

    /// Applies a finished Zotero import (`wait`: block until it finishes).
    pub(super) fn collect_zotero(&mut self, wait: bool) {
        let Some(job) = self.zotero_job.as_ref() else { return };
        let outcome = if wait { job.result.recv().map_err(|_| TryRecvError::Disconnected) } else { job.result.try_recv() };
        let result = match outcome {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("the Zotero import stopped unexpectedly".to_string()),
        };
        let Some(job) = self.zotero_job.take() else { return };
        // Edits made while the library was read would collide with the planned ids:
        // plan again on the project as it is now (the library is read again; rare).
        let result = match result {
            Ok(planned) if job.planned_on == self.history.state_id() => Ok(planned),
            Ok(_) => {
                let root = self.project_path().unwrap_or_default();
                store::zotero::import(&self.project, &job.data_dir, &root, None, &mut |_, _| {}).map_err(|e| e.to_string())
            }
            Err(e) => Err(e),
        };
        match result {
            Ok((tx, summary)) => {
                if !tx.is_empty() {
                    self.history.apply(&mut self.project, tx);
                }
                for problem in &summary.problems {
                    self.notify(problem.clone(), true);
                }
                let text = summary.text().trim_end().replace('\n', "; ");
                self.notify(format!("Zotero library imported: {text}"), summary.annotations_orphaned > 0);
            }
            Err(e) => self.notify(e, true),
        }
    }
}
