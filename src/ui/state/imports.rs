//! Imports started from the app: documents and bibliographies (read on a background
//! job, planned by [`crate::store::import_batch`] exactly as the CLI's `add` does)
//! and REFI-QDA projects. Each import is one undoable step; what it did, warned about
//! and failed on goes to notifications, each said once.

use super::jobs::{Background, Job};
use super::*;
use crate::store::import_batch::{self, ReadInputs};

impl AppState {
    /// Starts importing files on a background job. `bibliographies_only`: every file
    /// is a bibliography (Import bibliography…); otherwise files are told apart by
    /// their extension (`.bib`, `.ris`, `.json` are bibliographies), so a document
    /// dropped together with its record is paired with it.
    pub(super) fn import_files(&mut self, paths: &[PathBuf], bibliographies_only: bool) {
        if !self.has_project() {
            self.notify("Open or create a project before importing", true);
            return;
        }
        let (documents, bibliographies) =
            if bibliographies_only { (Vec::new(), paths.to_vec()) } else { import_batch::split_by_role(paths) };
        let total = documents.len() + bibliographies.len();
        self.start_background(|| {
            let job = Job::spawn(total, move |progress| {
                import_batch::read_inputs(&documents, &bibliographies, || {
                    progress.step();
                    !progress.cancelled()
                })
            });
            Background::Import { job }
        });
    }

    /// Import progress as (files read, files), while a document, bibliography or
    /// Zotero import runs.
    pub fn import_progress(&self) -> Option<(usize, usize)> {
        match &self.session.background {
            Some(b @ (Background::Import { .. } | Background::Zotero { .. })) => Some(b.progress()),
            _ => None,
        }
    }

    /// Adds what a finished import read, as one undoable step.
    pub(super) fn apply_import(&mut self, read: ReadInputs) {
        let root = self.project_path().unwrap_or_default();
        let (tx, report) = import_batch::plan(&self.session.project, &root, read);
        for w in &report.warnings {
            self.notify(w.clone(), false);
        }
        for e in &report.failures {
            self.notify(e.to_string(), true);
        }
        if let Some(tx) = tx {
            self.session.history.apply(&mut self.session.project, tx);
            if let Some((first, _)) = report.added.first() {
                self.view.current = Some(*first);
            }
        }
        self.notify(report.summary(), false);
    }

    /// Waits for a running import (tests, and before closing).
    pub fn flush_imports(&mut self) {
        if matches!(self.session.background, Some(Background::Import { .. } | Background::Zotero { .. })) {
            self.collect_background(true);
        }
    }

    /// Imports a REFI-QDA project as one undoable step; the report goes to notifications.
    pub(super) fn import_qdpx(&mut self, path: &Path) {
        match store::qdpx::import::import(&self.session.project, path, &store::now_rfc3339()) {
            Ok((tx, report)) => {
                self.session.history.apply(&mut self.session.project, tx);
                const SHOWN: usize = 20;
                let lines: Vec<String> = report
                    .warnings
                    .iter()
                    .map(|w| format!("{}: {w}", path.display()))
                    .chain(report.not_mapped.iter().map(|n| format!("{}: not imported: {n}", path.display())))
                    .collect();
                for line in lines.iter().take(SHOWN) {
                    self.notify(line.clone(), true);
                }
                if lines.len() > SHOWN {
                    self.notify(format!("… and {} more (marginalia import-qdpx prints them all)", lines.len() - SHOWN), true);
                }
                let summary = report.text().lines().next().unwrap_or_default().to_string();
                self.notify(format!("{}: {summary}", path.display()), false);
            }
            Err(e) => self.notify(e.to_string(), true),
        }
    }
}
