//! The app's state and the commands that change it. No egui here: panels read this
//! state and send [`UiCommand`]s, which [`AppState::run`] applies between frames.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod annotation_index;
mod command;
mod dispatch;
mod imports;
pub(super) mod jobs;
mod session;
mod view;
pub mod windows;

pub use annotation_index::AnnotationIndex;
pub use command::{Action, UiCommand};
pub use jobs::{Background, Job, Progress};
pub use session::Session;
pub use view::View;
pub use windows::Windows;

use crate::model::Metadata;
use crate::model::ops::{SetFigure, SetText};
use crate::model::{
    AnchorStatus, AnnotationId, CharRange, FigureValue, History, Kind, LinkId, Project, Relation, SetId, SourceId, Transaction, Verdict,
    ops,
};
use crate::store::export::{self, Format, Scope};
use crate::store::saver::{SaveOutcome, Saver};
use crate::store::{self, ProjectFolder};

/// How long after the last edit the project is saved automatically: short, so a
/// crash loses well under a second of work (RELIABILITY.md has the measured window).
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(250);
/// The longest an edit waits for its save while edits keep coming (typing a note).
pub const AUTOSAVE_AT_MOST: Duration = Duration::from_secs(1);
/// Recent projects remembered.
const RECENT_MAX: usize = 8;

/// What the export dialog will write.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSettings {
    pub format: Format,
    pub style: String,
    pub scope: ExportScope,
}

/// Which part of the project an export covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportScope {
    All,
    CurrentSource,
    Tag(String),
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self { format: Format::Markdown, style: "apa".into(), scope: ExportScope::All }
    }
}

/// A message for the user, shown once as a toast and kept in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// When it was raised: plain results leave the toast corner [`TOAST_FOR`] later
    /// (errors stay until dismissed); all stay in the notification history.
    pub at: Instant,
}

/// The reader's typeface. Serif uses a serif font of the system when one is found
/// (DejaVu Serif, Noto Serif, Liberation Serif, Georgia), else the sans default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ReadingFont {
    #[default]
    Sans,
    Serif,
    Mono,
}

impl ReadingFont {
    pub const ALL: [ReadingFont; 3] = [ReadingFont::Sans, ReadingFont::Serif, ReadingFont::Mono];

    pub fn label(self) -> &'static str {
        match self {
            ReadingFont::Sans => "Sans-serif",
            ReadingFont::Serif => "Serif",
            ReadingFont::Mono => "Monospace",
        }
    }
}

/// The reader's text size in points: (smallest, default, largest).
pub const READING_SIZES: (f32, f32, f32) = (11.0, 16.0, 28.0);

/// How long a plain (non-error) notice stays on screen as a toast.
pub const TOAST_FOR: Duration = Duration::from_secs(6);

impl Notice {
    /// Whether the toast corner still shows this notice at `now`.
    pub fn shown_at(&self, now: Instant) -> bool {
        self.is_error || now.saturating_duration_since(self.at) < TOAST_FOR
    }
}

/// `1 annotation`, `2 annotations`: a count with its noun, singular or plural.
pub fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Filters of the annotations panel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnotationFilter {
    pub text: String,
    pub kind: Option<Kind>,
    pub tag: Option<String>,
    pub status: Option<AnchorStatus>,
    /// Across all sources, not only the open one.
    pub all_sources: bool,
}

/// Which file question a typed-path prompt answers (when no native dialog exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathQuestion {
    NewProject,
    OpenProject,
    AddDocuments,
    ImportBibliography,
    ImportQdpx,
    ImportZotero,
    ExportTo,
    SaveProjectAs,
}

impl PathQuestion {
    pub fn title(self) -> &'static str {
        match self {
            PathQuestion::NewProject => "New project: folder to create",
            PathQuestion::OpenProject => "Open project: project folder",
            PathQuestion::AddDocuments => "Add documents: file paths (one per line)",
            PathQuestion::ImportBibliography => "Import bibliography: a BibTeX, RIS or CSL-JSON file",
            PathQuestion::ImportQdpx => "Import QDA project: a REFI-QDA .qdpx project or .qdc codebook",
            PathQuestion::ImportZotero => "Import Zotero library: Zotero's data folder (holding zotero.sqlite)",
            PathQuestion::ExportTo => "Export: file to write",
            PathQuestion::SaveProjectAs => "Save project as: a new or empty folder",
        }
    }
}

/// Names one content of the open project, for caches of what the UI derives from it:
/// equal keys, equal projects. `generation` counts projects opened in this window (a
/// new project's history starts over at the same state ids); `state` is the history's
/// state id (undo returns to an earlier id, and to its cached results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentKey {
    pub generation: u64,
    pub state: u64,
}

/// The open project, what the user is looking at, and the app's open windows.
pub struct AppState {
    /// The open project and everything that writes it (the only holder of a mutable project).
    pub session: Session,
    /// The floating windows: open flags and what was typed into them.
    pub windows: Windows,
    /// What the user is looking at: the open source, the selection, filters.
    pub view: View,
    pub notices: Vec<Notice>,
    /// Notices not yet dismissed from the toast corner.
    pub unread: usize,
    pub export: ExportSettings,
    /// The source whose details window is open.
    pub editing_source: Option<SourceId>,
    /// Text the app should put on the clipboard after this frame.
    pub clipboard: Option<String>,
    pub path_prompt: Option<(PathQuestion, String)>,
    /// The user asked to close the window (the frame turns it into a close request).
    pub quit_requested: bool,
    /// The "New project" title question, with what has been typed so far.
    pub title_prompt: Option<String>,
    /// The title given for the project about to be created (asked before its folder).
    pub new_project_title: Option<String>,
    /// Native dialogs are used when available; tests turn them off.
    pub native_dialogs: bool,
    pub dark: bool,
    /// The reader's typeface and size in points (kept across runs with the preferences).
    pub reading_font: ReadingFont,
    pub reading_size: f32,
    pub recent: Vec<PathBuf>,
    /// A Zotero data folder and its collections, while the user picks one.
    pub zotero_choice: Option<(PathBuf, Vec<String>)>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::empty()
    }
}

impl AppState {
    pub fn empty() -> Self {
        Self {
            session: Session::empty(),
            windows: Windows::default(),
            view: View::default(),
            notices: Vec::new(),
            unread: 0,
            export: ExportSettings::default(),
            editing_source: None,
            clipboard: None,
            path_prompt: None,
            title_prompt: None,
            quit_requested: false,
            new_project_title: None,
            native_dialogs: true,
            dark: true,
            reading_font: ReadingFont::Sans,
            reading_size: READING_SIZES.1,
            recent: Vec::new(),
            zotero_choice: None,
        }
    }

    /// A state with a project folder opened (problems become notices).
    pub fn open(path: &Path) -> Self {
        let mut state = Self::empty();
        state.open_project(path);
        state
    }

    pub fn has_project(&self) -> bool {
        self.session.saver.is_some()
    }

    fn open_project(&mut self, path: &Path) {
        match ProjectFolder::open(path) {
            Ok(loaded) => self.take_loaded(loaded, None),
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Opens a project on a background thread; the current one stays until it is read.
    fn open_in_background(&mut self, path: &Path) {
        let path = path.to_path_buf();
        self.start_background(|| {
            let at = path.clone();
            // The annotation index is built here too, off the UI thread, unless the
            // project changes as it lands (texts changed on disk are re-anchored then).
            let job = Job::spawn(0, move |_| {
                ProjectFolder::open(&at).map(|loaded| {
                    let index = loaded.reanchor.is_none().then(|| AnnotationIndex::new(&loaded.project));
                    (loaded, index)
                })
            });
            Background::Open { path, job }
        });
    }

    /// A state that opens `path` in the background: the window paints at once.
    pub fn opening(path: &Path) -> Self {
        let mut state = Self::empty();
        state.open_in_background(path);
        state
    }

    /// Makes a loaded project the open one.
    /// `index`: the loaded project's annotation index, if it was built with it.
    fn take_loaded(&mut self, loaded: crate::store::Loaded, index: Option<AnnotationIndex>) {
        self.flush_saves();
        // Let go of the old folder (and its open-project marker) before claiming the new one.
        self.session.saver = None;
        let root = loaded.folder.root().to_path_buf();
        let old_project = std::mem::replace(&mut self.session.project, loaded.project);
        self.session.generation += 1;
        self.session.saver = Some(Saver::new(loaded.folder));
        let old_history = std::mem::replace(&mut self.session.history, History::new());
        // A large project takes milliseconds to free: not in the frame the new one lands in.
        if old_project.annotations.len() > 10_000 {
            std::thread::spawn(move || drop((old_project, old_history)));
        }
        if let Some(index) = index.filter(|_| loaded.reanchor.is_none()) {
            self.adopt_annotation_index(index);
        }
        // Re-anchoring after texts changed on disk is an edit like any other:
        // the project shows as modified, is autosaved, and undo gives back what was loaded.
        let loaded_state = self.session.history.state_id();
        if let Some(tx) = loaded.reanchor {
            self.session.history.apply(&mut self.session.project, tx);
        }
        self.view.current = self.session.project.sources.values().find(|s| self.session.project.texts.contains_key(&s.id)).map(|s| s.id);
        self.view.selected = None;
        self.view.selection = None;
        self.session.last_state = loaded_state;
        self.session.last_edit = None;
        self.session.first_unsaved = None;
        self.session.save_conflict = false;
        self.session.save_failed = false;
        self.session.failed_state = None;
        for w in loaded.warnings {
            self.notify(w, false);
        }
        let previous = self.session.saver.as_ref().and_then(|s| s.previous.clone());
        if let Some(previous) = previous {
            let saved = std::fs::metadata(root.join("project.ron")).and_then(|m| m.modified()).ok();
            self.notify(previous.message(saved), true);
        }
        if !self.session.project.merge_conflicts.is_empty() {
            self.windows.merge_conflicts = true;
            let n = self.session.project.merge_conflicts.len();
            self.notify(format!("{n} merge conflict(s) from combining two copies: pick what to keep (View, Merge conflicts)."), false);
        }

        self.remember_recent(root);
    }

    /// Saves the project into another folder, on a background thread, and carries on
    /// there; on failure the project stays open where it was, unchanged in memory.
    fn save_project_to(&mut self, to: &Path) {
        let Some(from) = self.project_path() else {
            self.notify("No project is open", true);
            return;
        };
        // Earlier saves to the old folder finish first, so nothing is left half-done there.
        self.flush_saves();
        let (project, state, to) = (self.session.project.clone(), self.session.history.state_id(), to.to_path_buf());
        self.start_background(|| {
            let (old, new) = (from.clone(), to.clone());
            let job = Job::spawn(0, move |_| ProjectFolder::save_as(&old, &project, &new));
            Background::SaveAs { from, to, state, job }
        });
    }

    /// A finished Save as: the window moves to the copy, unless edits were made while
    /// it was written (then the copy holds the project as it was, and the window stays
    /// where it is: nothing typed meanwhile is lost).
    fn take_saved_as(&mut self, from: &Path, folder: ProjectFolder, moved: Project, state: u64) {
        let root = folder.root().to_path_buf();
        if self.session.history.state_id() != state {
            self.notify(
                format!(
                    "Saved a copy as {} (the project as it was when you chose Save as). Edits were made meanwhile, so this window stays on {}.",
                    root.display(),
                    from.display()
                ),
                false,
            );
            self.remember_recent(root);
            return;
        }
        self.session.project = moved;
        self.session.generation += 1;
        self.session.saver = Some(Saver::new(folder));
        self.session.history.mark_saved();
        self.session.pending_state = None;
        self.session.save_conflict = false;
        self.session.save_failed = false;
        self.session.failed_state = None;
        self.notify(
            format!("Saved as {}; this window now works on that folder ({} is as it was last saved)", root.display(), from.display()),
            false,
        );
        self.remember_recent(root);
    }

    fn remember_recent(&mut self, root: PathBuf) {
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        self.recent.retain(|p| *p != root);
        self.recent.insert(0, root);
        self.recent.truncate(RECENT_MAX);
    }

    pub fn notify(&mut self, text: impl Into<String>, is_error: bool) {
        self.notices.push(Notice { text: text.into(), is_error, at: Instant::now() });
        self.unread += 1;
    }

    /// Names the project's current content: equal keys, equal projects.
    pub fn content_key(&self) -> ContentKey {
        ContentKey { generation: self.session.generation, state: self.session.history.state_id() }
    }

    pub fn project_path(&self) -> Option<PathBuf> {
        self.session.saver.as_ref().map(|s| s.root().to_path_buf())
    }

    pub fn is_modified(&self) -> bool {
        self.session.history.is_modified()
    }

    pub fn is_saving(&self) -> bool {
        self.session.saver.as_ref().is_some_and(Saver::is_busy)
    }

    fn apply(&mut self, tx: Result<Transaction, ops::OpError>) {
        match tx {
            Ok(tx) => self.session.history.apply(&mut self.session.project, tx),
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    fn ask_path_in_project(&mut self, question: PathQuestion) {
        if self.has_project() {
            self.ask_path(question);
        } else {
            self.notify("Open or create a project first", true);
        }
    }

    fn ask_path(&mut self, question: PathQuestion) {
        self.path_prompt = Some((question, String::new()));
    }

    /// Answers a path question (from a native dialog or the typed-path prompt).
    pub fn answer_path(&mut self, question: PathQuestion, paths: Vec<PathBuf>) {
        self.path_prompt = None;
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match question {
            PathQuestion::NewProject => self.run(UiCommand::CreateProjectAt(first)),
            PathQuestion::OpenProject => self.run(UiCommand::OpenPath(first)),
            PathQuestion::AddDocuments => self.run(UiCommand::AddPaths(paths)),
            PathQuestion::ImportBibliography => self.run(UiCommand::ImportBibPaths(paths)),
            PathQuestion::ImportQdpx => self.run(UiCommand::ImportQdpxPath(first)),
            PathQuestion::ImportZotero => self.run(UiCommand::ImportZoteroFrom(first)),
            PathQuestion::ExportTo => self.run(UiCommand::ExportTo(first)),
            PathQuestion::SaveProjectAs => self.run(UiCommand::SaveProjectTo(first)),
        }
    }

    /// The export scope as the exporter understands it.
    pub fn export_scope(&self) -> Scope {
        match (&self.export.scope, self.view.current) {
            (ExportScope::CurrentSource, Some(id)) => Scope::Sources(vec![id]),
            (ExportScope::Tag(t), _) => Scope::Tag(t.clone()),
            _ => Scope::All,
        }
    }

    /// Exports on a background thread; a cancelled export writes nothing.
    fn export_to(&mut self, path: &Path) {
        let (project, format, style, scope) =
            (self.session.project.clone(), self.export.format, self.export.style.clone(), self.export_scope());
        let path = path.to_path_buf();
        self.start_background(|| {
            let to = path.clone();
            let job = Job::spawn(0, move |progress| {
                let bytes = export::export(&project, format, &style, &scope).map_err(|e| format!("Export failed: {e}"))?;
                if progress.cancelled() {
                    return Ok(false);
                }
                store::atomic::write(&to, &bytes, false).map_err(|e| format!("{}: {e}", to.display()))?;
                Ok(true)
            });
            Background::Export { path, format: format.name().to_string(), job }
        });
    }

    fn citation_of_selected(&self) -> Result<String, String> {
        let a = self.view.selected.and_then(|id| self.session.project.annotations.get(&id)).ok_or("Select an annotation to cite")?;
        let items = export::csl::items(&self.session.project, false);
        let index = items.iter().position(|(id, _, _)| *id == a.source).ok_or("The annotation's source is missing")?;
        // Cited among every source's record, so that the same author and year get the
        // reference list's year suffixes.
        let values: Vec<serde_json::Value> = items.iter().map(|(_, _, v)| v.clone()).collect();
        export::cite::Citer::new(&values, &self.export.style)?.cite(index, Some(a.locator.as_str()))
    }

    fn forget_missing_selection(&mut self) {
        if self.view.selected.is_some_and(|id| !self.session.project.annotations.contains_key(&id)) {
            self.view.selected = None;
        }
        if self.view.selected_set.is_some_and(|id| !self.session.project.sets.contains_key(&id)) {
            self.view.selected_set = None;
        }
        if self.view.current.is_some_and(|id| !self.session.project.sources.contains_key(&id)) {
            self.view.current = self.session.project.sources.keys().next().copied();
        }
    }

    fn save(&mut self, force: bool) {
        let state = self.session.history.state_id();
        let snapshot = self.session.project.clone();
        let Some(saver) = self.session.saver.as_mut() else {
            self.notify("No project is open", true);
            return;
        };
        match saver.save(snapshot, state, force) {
            Ok(()) => {
                self.session.pending_state = Some(state);
                self.session.save_conflict = false;
            }
            Err(e) => self.notify(e, true),
        }
    }

    /// Called every frame: notes edits, starts autosaves, collects save results.
    /// Returns how long until it wants to be called again (for a pending autosave).
    pub fn tick(&mut self, now: Instant) -> Option<Duration> {
        self.collect_saves(false);
        self.collect_background(false);
        let state = self.session.history.state_id();
        if state != self.session.last_state {
            self.session.last_state = state;
            self.session.last_edit = Some(now);
            self.session.first_unsaved.get_or_insert(now);
        }
        if !self.is_modified() {
            self.session.first_unsaved = None;
        }
        let waiting = self.is_modified()
            && !self.is_saving()
            && !self.session.save_conflict
            && self.session.pending_state != Some(state)
            && self.session.failed_state != Some(state);
        match self.session.last_edit {
            Some(at) if waiting => {
                let due = (at + AUTOSAVE_AFTER).min(self.session.first_unsaved.map_or(at, |f| f + AUTOSAVE_AT_MOST).max(at));
                if now >= due {
                    self.save(false);
                    None
                } else {
                    Some(due - now)
                }
            }
            _ => None,
        }
    }

    fn collect_saves(&mut self, wait: bool) {
        let Some(saver) = self.session.saver.as_mut() else {
            return;
        };
        let outcomes = if wait { saver.wait() } else { saver.poll() };
        for outcome in outcomes {
            match outcome {
                SaveOutcome::Saved { state } => {
                    self.session.history.mark_saved_state(state);
                    self.session.pending_state = None;
                    self.session.save_failed = false;
                    self.session.failed_state = None;
                }
                SaveOutcome::Failed { message, conflict, state } => {
                    self.session.pending_state = None;
                    self.session.save_conflict = conflict;
                    self.session.save_failed = true;
                    self.session.failed_state = Some(state);
                    // Nothing in memory is lost: the project stays open and modified.
                    self.notify(message, true);
                }
            }
        }
    }

    /// Waits for queued saves to finish (before closing, and in tests).
    pub fn flush_saves(&mut self) {
        self.collect_saves(true);
    }
}
