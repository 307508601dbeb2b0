//! Long work off the UI thread: opening a project, exporting, importing documents and
//! bibliographies, Save project as. Each runs on its own thread; the window keeps painting, shows
//! what is running with its progress and a Cancel button, and takes the result
//! between frames ([`AppState::tick`]). One such job at a time (a second request is
//! refused with a message). Document, bibliography and Zotero imports run here too.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::{AnnotationIndex, AppState};
use crate::model::{Project, Transaction};
use crate::store::import_batch::ReadInputs;
use crate::store::zotero::Summary;
use crate::store::{Loaded, ProjectFolder, StoreError};

/// Shared between a job's thread and the UI: how far it is, and whether to stop.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// Counts one more unit of work done (of [`Progress::set_total`]).
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Sets how far the work is, for work that counts its own units (`done` of `total`).
    pub fn set(&self, done: usize, total: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Whether the user cancelled: a job checks this before anything it cannot take back.
    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// A job's thread ended without a result (it panicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Died;

/// A running piece of work producing a `T`.
pub struct Job<T> {
    progress: Arc<Progress>,
    result: Receiver<T>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread. `total` units of progress are expected (0: unknown).
    pub fn spawn(total: usize, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Arc::new(Progress::default());
        progress.set_total(total);
        let (tx, result) = std::sync::mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            let _ = tx.send(work(&shared));
        });
        Self { progress, result, started: Instant::now() }
    }

    /// The result if the work is done; `Err(Died)` if its thread died without one.
    pub fn poll(&self) -> Option<Result<T, Died>> {
        match self.result.try_recv() {
            Ok(r) => Some(Ok(r)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Died)),
        }
    }

    /// Waits for the result (tests, closing the app).
    pub fn wait(&self) -> Result<T, Died> {
        self.result.recv().map_err(|_| Died)
    }

    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    /// (done, total) units; total 0 when unknown.
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.done.load(Ordering::Relaxed), self.progress.total.load(Ordering::Relaxed))
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// What is running in the background, with what its result is for.
pub enum Background {
    /// Opening a project: the project read, with its annotation index when that
    /// could be built before it lands.
    Open {
        path: PathBuf,
        job: Job<Result<(Loaded, Option<AnnotationIndex>), StoreError>>,
    },
    Export {
        path: PathBuf,
        format: String,
        job: Job<Result<bool, String>>,
    },
    /// Documents and bibliography files being read ([`crate::store::import_batch`]).
    Import {
        job: Job<ReadInputs>,
    },
    /// A Zotero library read and planned (`ui/zotero.rs`); `planned_on` is the history
    /// state it was planned against.
    Zotero {
        data_dir: PathBuf,
        collection: Option<String>,
        planned_on: u64,
        job: Job<Result<(Transaction, Summary), String>>,
    },
    /// `state` is the history state the copy was taken at.
    SaveAs {
        from: PathBuf,
        to: PathBuf,
        state: u64,
        job: Job<Result<(ProjectFolder, Project), StoreError>>,
    },
}

impl Background {
    /// What the status bar says while it runs ("Opening project.ron…").
    pub fn label(&self) -> String {
        match self {
            Background::Open { path, .. } => format!("Opening {}…", path.display()),
            Background::Export { path, format, .. } => format!("Exporting {format} to {}…", path.display()),
            Background::Import { .. } => "Importing…".to_string(),
            Background::Zotero { data_dir, .. } => format!("Importing the Zotero library in {}…", data_dir.display()),
            Background::SaveAs { to, .. } => format!("Saving a copy to {}…", to.display()),
        }
    }

    fn cancel(&self) {
        match self {
            Background::Open { job, .. } => job.cancel(),
            Background::Export { job, .. } => job.cancel(),
            Background::Import { job } => job.cancel(),
            Background::Zotero { job, .. } => job.cancel(),
            Background::SaveAs { job, .. } => job.cancel(),
        }
    }

    /// (done, total) of the job.
    pub fn progress(&self) -> (usize, usize) {
        match self {
            Background::Open { job, .. } => job.progress(),
            Background::Export { job, .. } => job.progress(),
            Background::Import { job } => job.progress(),
            Background::Zotero { job, .. } => job.progress(),
            Background::SaveAs { job, .. } => job.progress(),
        }
    }

    /// Whether Cancel can still stop it without leaving anything half done.
    pub fn cancellable(&self) -> bool {
        !matches!(self, Background::SaveAs { .. })
    }
}

impl AppState {
    /// Starts `work` unless another background job runs (then says so and returns false).
    pub(in crate::ui) fn start_background(&mut self, make: impl FnOnce() -> Background) -> bool {
        if let Some(running) = &self.session.background {
            let label = running.label();
            self.notify(format!("Still busy: {label} Wait for it to finish or cancel it."), true);
            return false;
        }
        self.session.background = Some(make());
        true
    }

    /// Whether a background job is running (no label formatted).
    pub fn is_busy(&self) -> bool {
        self.session.background.is_some()
    }

    /// Whether a running job can be cancelled now (no label formatted).
    pub fn can_cancel_background(&self) -> bool {
        self.session.background.as_ref().is_some_and(Background::cancellable)
    }

    /// The running job's label and progress, for the status bar.
    pub fn background_status(&self) -> Option<(String, (usize, usize), bool)> {
        self.session.background.as_ref().map(|b| (b.label(), b.progress(), b.cancellable()))
    }

    /// Whether an export or a Save as copy is being written (closing waits for those).
    pub fn is_exporting(&self) -> bool {
        matches!(self.session.background, Some(Background::Export { .. } | Background::SaveAs { .. }))
    }

    /// Asks the running job to stop; its result, if it still comes, is thrown away.
    pub fn cancel_background(&mut self) {
        if let Some(b) = self.session.background.take() {
            if b.cancellable() {
                b.cancel();
                self.notify(format!("Cancelled: {}", b.label().trim_end_matches('…')), false);
            } else {
                self.session.background = Some(b);
            }
        }
    }

    /// Takes a finished job's result and applies it (between frames). `wait`: block
    /// until it is done (tests, closing).
    pub(super) fn collect_background(&mut self, wait: bool) {
        let Some(running) = self.session.background.take() else { return };
        macro_rules! result_of {
            ($job:expr) => {
                match if wait { Some($job.wait()) } else { $job.poll() } {
                    Some(r) => r,
                    None => {
                        self.session.background = Some(running);
                        return;
                    }
                }
            };
        }
        match &running {
            Background::Open { path, job } => match result_of!(job) {
                Ok(Ok((loaded, index))) => self.take_loaded(loaded, index),
                Ok(Err(e)) => self.notify(e.to_string(), true),
                Err(Died) => self.notify(format!("{}: opening stopped unexpectedly", path.display()), true),
            },
            Background::Export { path, format, job } => match result_of!(job) {
                Ok(Ok(true)) => self.notify(format!("Exported {format} to {}", path.display()), false),
                Ok(Ok(false)) => {}
                Ok(Err(e)) => self.notify(e, true),
                Err(Died) => self.notify(format!("{}: the export stopped unexpectedly", path.display()), true),
            },
            Background::Import { job } => match result_of!(job) {
                Ok(read) => self.apply_import(read),
                Err(Died) => self.notify("The import stopped unexpectedly; nothing was added", true),
            },
            Background::Zotero { data_dir, collection, planned_on, job } => match result_of!(job) {
                Ok(result) => self.apply_zotero(result, *planned_on, data_dir, collection.as_deref()),
                Err(Died) => self.notify("The Zotero import stopped unexpectedly; nothing was added", true),
            },
            Background::SaveAs { from, to, state, job } => match result_of!(job) {
                Ok(Ok((folder, moved))) => self.take_saved_as(from, folder, moved, *state),
                Ok(Err(e)) => self.notify(e.to_string(), true),
                Err(Died) => self.notify(format!("{}: saving the copy stopped unexpectedly", to.display()), true),
            },
        }
    }

    /// Waits for the running background job and applies its result (tests, closing).
    pub fn flush_background(&mut self) {
        self.collect_background(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_and_sees_its_cancel() {
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let job = Job::spawn(3, move |p| {
            p.step();
            let _ = go_rx.recv();
            // Checked before anything that cannot be taken back.
            if p.cancelled() { None } else { Some(42) }
        });
        while job.progress().0 < 1 {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(job.progress(), (1, 3));
        assert!(job.poll().is_none(), "still running");
        job.cancel();
        let _ = go_tx.send(());
        assert_eq!(job.wait(), Ok(None), "the work saw the cancel");
    }

    #[test]
    fn a_job_that_dies_is_reported_not_waited_for_forever() {
        let job: Job<u8> = Job::spawn(0, |_| std::panic::panic_any("boom"));
        let r = loop {
            if let Some(r) = job.poll() {
                break r;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(r, Err(Died));
    }
}
