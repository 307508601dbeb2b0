//! File → Import Zotero library…: the whole import is one undoable step, and its
//! summary (and each problem) is a notification.

use std::path::Path;

use super::state::AppState;
use crate::store;

impl AppState {
    /// Imports the Zotero library in `data_dir` into the open project.
    pub(super) fn import_zotero(&mut self, data_dir: &Path) {
        let Some(root) = self.project_path() else {
            self.notify("Open or create a project first", true);
            return;
        };
        match store::zotero::import(&self.project, data_dir, &root, None, &mut |_, _| {}) {
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
            Err(e) => self.notify(e.to_string(), true),
        }
    }
}
