//! The open project and everything that writes it: the project value, its undo
//! history, the background saver and the save bookkeeping, the running background
//! jobs. [`AppState`](super::AppState) holds one; it is the only place a mutable
//! project lives in the app (panels read it, and send commands to change it).

use std::sync::Arc;
use std::time::Instant;

use super::ContentKey;
use super::annotation_index::AnnotationIndex;
use super::jobs::Background;
use crate::model::{History, Project};
use crate::store::saver::Saver;

/// The open project, its history, saver and background work.
pub struct Session {
    pub project: Project,
    pub history: History,
    /// Writes the project off the UI thread; None when no project is open.
    pub saver: Option<Saver>,
    /// Bumped whenever the project is replaced (open, reload, save as): with the
    /// history's state id it names the project's content, for the UI's caches.
    pub generation: u64,
    /// The last save failed because the file changed on disk.
    pub save_conflict: bool,
    /// The last save failed (for any reason); the toast then offers "Save project as".
    pub save_failed: bool,
    /// The state whose save failed: autosave does not retry it (one error, not one
    /// per frame); the next edit or Ctrl+S tries again.
    pub(in crate::ui) failed_state: Option<u64>,
    /// The state of the last edit and when it happened (for autosave).
    pub(in crate::ui) last_state: u64,
    pub(in crate::ui) last_edit: Option<Instant>,
    /// The first edit not yet saved (autosave never waits longer than `AUTOSAVE_AT_MOST` after it).
    pub(in crate::ui) first_unsaved: Option<Instant>,
    /// The state a queued save will write.
    pub(in crate::ui) pending_state: Option<u64>,
    /// Opening, exporting, importing documents and bibliographies or saving a copy, off the UI thread.
    pub(in crate::ui) background: Option<Background>,
    /// The annotations by source and status of the content named by the key
    /// ([`super::AppState::annotation_index`]).
    pub(in crate::ui) annotation_index: Option<(ContentKey, Arc<AnnotationIndex>)>,
}

impl Session {
    /// No project open.
    pub fn empty() -> Self {
        Self {
            project: Project::default(),
            history: History::new(),
            saver: None,
            generation: 0,
            save_conflict: false,
            save_failed: false,
            failed_state: None,
            last_state: 0,
            last_edit: None,
            first_unsaved: None,
            pending_state: None,
            background: None,
            annotation_index: None,
        }
    }
}
