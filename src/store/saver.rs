//! Saving off the UI thread: the saver thread owns the [`ProjectFolder`]; the app
//! sends it snapshots of the project (cheap: texts are shared) and polls results.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::{ProjectFolder, StoreError};
use crate::model::Project;

struct Job {
    project: Project,
    state: u64,
    /// Overwrite even if the file changed on disk (the user chose to).
    force: bool,
}

/// What came of a save.
#[derive(Debug)]
pub enum SaveOutcome {
    Saved {
        state: u64,
    },
    /// `conflict` when another program changed the file since it was read.
    Failed {
        state: u64,
        message: String,
        conflict: bool,
    },
}

/// A handle to the saver thread of one project folder.
pub struct Saver {
    root: PathBuf,
    /// This app's claim on the folder (the open-project marker), let go with the saver.
    _session: Option<crate::store::session::Session>,
    /// What the marker found at open: the last session crashed, or another window has it.
    pub previous: Option<crate::store::session::Previous>,
    jobs: Sender<Job>,
    results: Receiver<SaveOutcome>,
    in_flight: usize,
}

impl Saver {
    pub fn new(mut folder: ProjectFolder) -> Self {
        let root = folder.root().to_path_buf();
        let (session, previous) = crate::store::session::Session::claim(&root);
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel();
        thread::Builder::new()
            .name("marginalia-saver".into())
            .spawn(move || {
                for job in job_rx {
                    if job.force {
                        folder.accept_disk_changes();
                    }
                    let outcome = match folder.save(&job.project) {
                        Ok(_) => SaveOutcome::Saved { state: job.state },
                        Err(e) => SaveOutcome::Failed {
                            state: job.state,
                            conflict: matches!(e, StoreError::ChangedOnDisk { .. }),
                            // Store errors of a failed write already say "not saved"; others do not.
                            message: match e {
                                StoreError::NotSaved { .. } | StoreError::ChangedOnDisk { .. } => e.to_string(),
                                other => format!("Not saved: {other}"),
                            },
                        },
                    };
                    if result_tx.send(outcome).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Self { root, _session: session, previous, jobs, results, in_flight: 0 }
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Queues a save of this snapshot.
    pub fn save(&mut self, project: Project, state: u64, force: bool) -> Result<(), String> {
        self.jobs.send(Job { project, state, force }).map_err(|_| {
            "the background saver stopped; restart the app (your changes are still open here) or copy the project folder".to_string()
        })?;
        self.in_flight += 1;
        Ok(())
    }

    pub fn is_busy(&self) -> bool {
        self.in_flight > 0
    }

    /// Results that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<SaveOutcome> {
        let done: Vec<SaveOutcome> = self.results.try_iter().collect();
        self.in_flight -= done.len().min(self.in_flight);
        done
    }

    /// Waits for every queued save (on exit, and in tests).
    pub fn wait(&mut self) -> Vec<SaveOutcome> {
        let mut done = Vec::new();
        while self.in_flight > 0 {
            match self.results.recv() {
                Ok(r) => done.push(r),
                Err(_) => break,
            }
            self.in_flight -= 1;
        }
        done
    }
}
