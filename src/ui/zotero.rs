//! File → Import Zotero library…: after the data folder, a collection (or the whole
//! library) is picked; the library is read and the import planned on a
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
    collection: Option<String>,
}

impl AppState {
    /// Offers the collections of the library in `data_dir`; a library without
    /// collections is imported at once.
    pub(super) fn choose_zotero_collection(&mut self, data_dir: &Path) {
        match store::zotero::collections(data_dir) {
            Ok(list) if list.is_empty() => self.import_zotero(data_dir, None),
            Ok(list) => self.zotero_choice = Some((data_dir.to_path_buf(), list)),
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Starts importing the Zotero library in `data_dir` (or one `collection` of it) into the open project.
    pub(super) fn import_zotero(&mut self, data_dir: &Path, collection: Option<String>) {
        self.zotero_choice = None;
        let Some(root) = self.project_path() else {
            self.notify("Open or create a project first", true);
            return;
        };
        if self.session.zotero_job.is_some() || self.import_progress().is_some() {
            self.notify("An import is still running; try again when it is done", true);
            return;
        }
        let (done, total) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (tx, rx) = std::sync::mpsc::channel();
        let (project, dir, chosen) = (self.session.project.clone(), data_dir.to_path_buf(), collection.clone());
        let (d, t) = (done.clone(), total.clone());
        std::thread::spawn(move || {
            let mut progress = |n: usize, of: usize| {
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
            };
            let result = store::zotero::import(&project, &dir, &root, collection.as_deref(), &mut progress).map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        self.session.zotero_job = Some(ZoteroJob {
            done,
            total,
            planned_on: self.session.history.state_id(),
            result: rx,
            data_dir: data_dir.to_path_buf(),
            collection: chosen,
        });
    }

    /// The running Zotero import's progress as (items done, items), if one runs.
    pub(super) fn zotero_progress(&self) -> Option<(usize, usize)> {
        self.session.zotero_job.as_ref().map(|j| (j.done.load(Ordering::Relaxed), j.total.load(Ordering::Relaxed).max(1)))
    }

    /// Applies a finished Zotero import (`wait`: block until it finishes).
    pub(super) fn collect_zotero(&mut self, wait: bool) {
        let Some(job) = self.session.zotero_job.as_ref() else { return };
        let outcome = if wait { job.result.recv().map_err(|_| TryRecvError::Disconnected) } else { job.result.try_recv() };
        let result = match outcome {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("the Zotero import stopped unexpectedly".to_string()),
        };
        let Some(job) = self.session.zotero_job.take() else { return };
        // Edits made while the library was read would collide with the planned ids:
        // plan again on the project as it is now (the library is read again; rare).
        let result = match result {
            Ok(planned) if job.planned_on == self.session.history.state_id() => Ok(planned),
            Ok(_) => {
                let root = self.project_path().unwrap_or_default();
                store::zotero::import(&self.session.project, &job.data_dir, &root, job.collection.as_deref(), &mut |_, _| {})
                    .map_err(|e| e.to_string())
            }
            Err(e) => Err(e),
        };
        match result {
            Ok((tx, summary)) => {
                if !tx.is_empty() {
                    self.session.history.apply(&mut self.session.project, tx);
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

/// The collection picker shown after a Zotero data folder is chosen.
pub fn collection_picker(ctx: &egui::Context, state: &mut AppState, out: &mut Vec<super::UiCommand>) {
    let Some((dir, collections)) = state.zotero_choice.clone() else { return };
    let mut open = true;
    egui::Window::new("Import Zotero library").open(&mut open).default_width(360.0).show(ctx, |ui| {
        ui.label(format!("From {}", dir.display()));
        if ui.button("The whole library").clicked() {
            out.push(super::UiCommand::ImportZoteroCollection(dir.clone(), None));
        }
        ui.separator();
        ui.label("Or one collection (with its subcollections):");
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for c in &collections {
                if ui.button(c).clicked() {
                    out.push(super::UiCommand::ImportZoteroCollection(dir.clone(), Some(c.clone())));
                }
            }
        });
    });
    if !open {
        state.zotero_choice = None;
    }
}
