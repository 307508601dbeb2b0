//! File → Import Zotero library…: after the data folder, a collection (or the whole
//! library) is picked; the library is read and the import planned on a
//! background thread (the window stays live and shows progress, item by item); the
//! result is applied as one undoable step, with its summary and each problem as
//! notifications.

use std::path::Path;

use super::state::AppState;
use super::state::jobs::{Background, Job};
use crate::model::Transaction;
use crate::store;
use crate::store::zotero::Summary;

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

    /// Starts importing the Zotero library in `data_dir` (or one `collection` of it)
    /// into the open project, as a background job with progress item by item.
    pub(super) fn import_zotero(&mut self, data_dir: &Path, collection: Option<String>) {
        self.zotero_choice = None;
        let Some(root) = self.project_path() else {
            self.notify("Open or create a project first", true);
            return;
        };
        let (project, dir, chosen) = (self.session.project.clone(), data_dir.to_path_buf(), collection.clone());
        let planned_on = self.session.history.state_id();
        self.start_background(|| {
            let job = Job::spawn(0, move |progress| {
                let mut report = |n: usize, of: usize| progress.set(n, of);
                store::zotero::import(&project, &dir, &root, collection.as_deref(), &mut report).map_err(|e| e.to_string())
            });
            Background::Zotero { data_dir: data_dir.to_path_buf(), collection: chosen, planned_on, job }
        });
    }

    /// Applies a finished Zotero import as one undoable step.
    pub(super) fn apply_zotero(
        &mut self,
        result: Result<(Transaction, Summary), String>,
        planned_on: u64,
        data_dir: &Path,
        collection: Option<&str>,
    ) {
        // Edits made while the library was read would collide with the planned ids:
        // plan again on the project as it is now (the library is read again; rare).
        let result = match result {
            Ok(planned) if planned_on == self.session.history.state_id() => Ok(planned),
            Ok(_) => {
                let root = self.project_path().unwrap_or_default();
                store::zotero::import(&self.session.project, data_dir, &root, collection, &mut |_, _| {}).map_err(|e| e.to_string())
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
