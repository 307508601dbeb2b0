//! The app's state and the commands that change it. No egui here: panels read this
//! state and send [`UiCommand`]s, which [`AppState::run`] applies between frames.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod command;
mod jobs;

pub use command::UiCommand;
pub use jobs::{Background, Job, Progress};

use super::saver::{SaveOutcome, Saver};
use crate::model::Metadata;
use crate::model::ops::{SetFigure, SetText};
use crate::model::{
    AnchorStatus, AnnotationId, CharRange, FigureValue, History, Kind, LinkId, Project, Relation, SetId, SourceId, Transaction, Verdict,
    ops,
};
use crate::store::export::{self, Format, Scope};
use crate::store::{self, ProjectFolder, import};

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

/// The open project, what the user is looking at, and the app's open windows.
pub struct AppState {
    pub project: Project,
    pub saver: Option<Saver>,
    pub history: History,
    pub current: Option<SourceId>,
    pub selected: Option<AnnotationId>,
    /// The reader's text selection, as a range of the stored text.
    pub selection: Option<CharRange>,
    /// Show the stored text with its original line breaks instead of the reading text.
    pub show_original: bool,
    pub notices: Vec<Notice>,
    /// Notices not yet dismissed from the toast corner.
    pub unread: usize,
    pub filter: AnnotationFilter,
    pub source_filter: String,
    pub show_codebook: bool,
    pub show_notifications: bool,
    pub show_palette: bool,
    pub show_conflicts: bool,
    pub show_export: bool,
    pub show_search: bool,
    /// The merge conflicts window (opens by itself when a project has some).
    pub show_merge_conflicts: bool,
    pub search_query: String,
    /// Scroll the reader to this stored range of the current source on the next frame.
    pub reveal_range: Option<CharRange>,
    pub export: ExportSettings,
    /// The source whose details window is open.
    pub editing_source: Option<SourceId>,
    /// Text the app should put on the clipboard after this frame.
    pub clipboard: Option<String>,
    pub selected_set: Option<SetId>,
    /// The link picker, open for this annotation.
    pub link_from: Option<AnnotationId>,
    /// Focus the inspector's tag field on the next frame.
    pub focus_tag_field: bool,
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
    /// Bumped whenever the project is replaced (open, reload, save as): with the
    /// history's state id it names the project's content, for the UI's caches.
    pub generation: u64,
    /// The last save failed because the file changed on disk.
    pub save_conflict: bool,
    /// The last save failed (for any reason); the toast then offers "Save project as".
    pub save_failed: bool,
    /// The state whose save failed: autosave does not retry it (one error, not one
    /// per frame); the next edit or Ctrl+S tries again.
    failed_state: Option<u64>,
    /// The state of the last edit and when it happened (for autosave).
    last_state: u64,
    last_edit: Option<Instant>,
    /// The first edit not yet saved (autosave never waits longer than [`AUTOSAVE_AT_MOST`] after it).
    first_unsaved: Option<Instant>,
    /// The state a queued save will write.
    pending_state: Option<u64>,
    /// Documents being read on a background thread.
    importing: Option<ImportJob>,
    /// Opening, exporting, reading a bibliography or saving a copy, off the UI thread.
    background: Option<Background>,
    /// A Zotero library being read on a background thread.
    pub(super) zotero_job: Option<super::zotero::ZoteroJob>,
    /// A Zotero data folder and its collections, while the user picks one.
    pub zotero_choice: Option<(PathBuf, Vec<String>)>,
}

/// A running import: progress and the results channel.
pub struct ImportJob {
    total: usize,
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    results: std::sync::mpsc::Receiver<Vec<(PathBuf, Result<import::ImportedText, String>)>>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::empty()
    }
}

impl AppState {
    pub fn empty() -> Self {
        Self {
            project: Project::default(),
            saver: None,
            history: History::new(),
            current: None,
            selected: None,
            selection: None,
            show_original: false,
            notices: Vec::new(),
            unread: 0,
            filter: AnnotationFilter::default(),
            source_filter: String::new(),
            show_codebook: false,
            show_notifications: false,
            show_palette: false,
            show_conflicts: false,
            show_export: false,
            show_search: false,
            show_merge_conflicts: false,
            search_query: String::new(),
            reveal_range: None,
            export: ExportSettings::default(),
            editing_source: None,
            clipboard: None,
            selected_set: None,
            link_from: None,
            focus_tag_field: false,
            path_prompt: None,
            title_prompt: None,
            quit_requested: false,
            new_project_title: None,
            native_dialogs: true,
            dark: true,
            reading_font: ReadingFont::Sans,
            reading_size: READING_SIZES.1,
            recent: Vec::new(),
            generation: 0,
            save_conflict: false,
            save_failed: false,
            failed_state: None,
            last_state: 0,
            last_edit: None,
            first_unsaved: None,
            pending_state: None,
            importing: None,
            background: None,
            zotero_job: None,
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
        self.saver.is_some()
    }

    fn open_project(&mut self, path: &Path) {
        match ProjectFolder::open(path) {
            Ok(loaded) => self.take_loaded(loaded),
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Opens a project on a background thread; the current one stays until it is read.
    fn open_in_background(&mut self, path: &Path) {
        let path = path.to_path_buf();
        self.start_background(|| {
            let at = path.clone();
            Background::Open { path, job: Job::spawn(0, move |_| ProjectFolder::open(&at)) }
        });
    }

    /// A state that opens `path` in the background: the window paints at once.
    pub fn opening(path: &Path) -> Self {
        let mut state = Self::empty();
        state.open_in_background(path);
        state
    }

    /// Makes a loaded project the open one.
    fn take_loaded(&mut self, loaded: crate::store::Loaded) {
        self.flush_saves();
        // Let go of the old folder (and its open-project marker) before claiming the new one.
        self.saver = None;
        let root = loaded.folder.root().to_path_buf();
        self.project = loaded.project;
        self.generation += 1;
        self.saver = Some(Saver::new(loaded.folder));
        self.history = History::new();
        // Re-anchoring after texts changed on disk is an edit like any other:
        // the project shows as modified, is autosaved, and undo gives back what was loaded.
        let loaded_state = self.history.state_id();
        if let Some(tx) = loaded.reanchor {
            self.history.apply(&mut self.project, tx);
        }
        self.current = self.project.sources.values().find(|s| self.project.texts.contains_key(&s.id)).map(|s| s.id);
        self.selected = None;
        self.selection = None;
        self.last_state = loaded_state;
        self.last_edit = None;
        self.first_unsaved = None;
        self.save_conflict = false;
        self.save_failed = false;
        self.failed_state = None;
        for w in loaded.warnings {
            self.notify(w, false);
        }
        let previous = self.saver.as_ref().and_then(|s| s.previous.clone());
        if let Some(previous) = previous {
            let saved = std::fs::metadata(root.join("project.ron")).and_then(|m| m.modified()).ok();
            self.notify(previous.message(saved), true);
        }
        if !self.project.merge_conflicts.is_empty() {
            self.show_merge_conflicts = true;
            let n = self.project.merge_conflicts.len();
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
        let (project, state, to) = (self.project.clone(), self.history.state_id(), to.to_path_buf());
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
        if self.history.state_id() != state {
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
        self.project = moved;
        self.generation += 1;
        self.saver = Some(Saver::new(folder));
        self.history.mark_saved();
        self.pending_state = None;
        self.save_conflict = false;
        self.save_failed = false;
        self.failed_state = None;
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
    pub fn content_key(&self) -> (u64, u64) {
        (self.generation, self.history.state_id())
    }

    pub fn project_path(&self) -> Option<PathBuf> {
        self.saver.as_ref().map(|s| s.root().to_path_buf())
    }

    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    pub fn is_saving(&self) -> bool {
        self.saver.as_ref().is_some_and(Saver::is_busy)
    }

    fn apply(&mut self, tx: Result<Transaction, ops::OpError>) {
        match tx {
            Ok(tx) => self.history.apply(&mut self.project, tx),
            Err(e) => self.notify(e.to_string(), true),
        }
    }

    /// Applies a command.
    pub fn run(&mut self, command: UiCommand) {
        let now = store::now_rfc3339();
        match command {
            UiCommand::NewProject => self.title_prompt = Some(String::new()),
            UiCommand::NewProjectTitled(title) => {
                self.title_prompt = None;
                self.new_project_title = Some(title);
                self.ask_path(PathQuestion::NewProject);
            }
            UiCommand::OpenProject => self.ask_path(PathQuestion::OpenProject),
            UiCommand::AddDocuments => self.ask_path_in_project(PathQuestion::AddDocuments),
            UiCommand::OpenPath(path) => self.open_in_background(&path),
            UiCommand::CancelBackground => self.cancel_background(),
            UiCommand::Quit => self.quit_requested = true,
            UiCommand::CreateProjectAt(path) => {
                // The title the user typed; the folder's name only when none was given.
                let typed = self.new_project_title.take().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                let title = typed.unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
                match ProjectFolder::create(&path, &title) {
                    Ok(_) => self.open_project(&path),
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::AddPaths(paths) => self.add_documents(&paths),
            UiCommand::Save => self.save(false),
            UiCommand::SaveOverwriting => self.save(true),
            UiCommand::SaveProjectAs => self.ask_path_in_project(PathQuestion::SaveProjectAs),
            UiCommand::SaveProjectTo(to) => self.save_project_to(&to),
            UiCommand::ReloadFromDisk => {
                if let Some(root) = self.project_path() {
                    self.saver = None;
                    self.open_project(&root);
                }
            }
            UiCommand::Undo => {
                match self.history.undo(&mut self.project) {
                    Some(label) => self.notify(format!("Undid: {label}"), false),
                    None => self.notify("Nothing to undo", false),
                }
                self.forget_missing_selection();
            }
            UiCommand::Redo => {
                match self.history.redo(&mut self.project) {
                    Some(label) => self.notify(format!("Redid: {label}"), false),
                    None => self.notify("Nothing to redo", false),
                }
                self.forget_missing_selection();
            }
            UiCommand::Annotate(kind) => {
                self.annotate(kind, &now);
            }
            UiCommand::AnnotateAndTag => {
                if self.annotate(Kind::Note, &now) {
                    self.focus_tag_field = true;
                }
            }
            UiCommand::DeleteAnnotation => {
                if let Some(id) = self.selected.take() {
                    self.apply(ops::delete_annotation(&self.project, id));
                }
            }
            UiCommand::ReattachSelected => match (self.selected, self.selection) {
                (Some(id), Some(range)) if self.project.annotations.get(&id).is_some_and(|a| Some(a.source) == self.current) => {
                    self.apply(ops::reattach(&self.project, id, range, &now));
                    self.selection = None;
                }
                _ => self.notify("Select the annotation, then select its new text in the same source", true),
            },
            UiCommand::SetKind(id, kind) => self.apply(ops::set_kind(&self.project, id, kind, &now)),
            UiCommand::SetNote(id, note) => self.apply(ops::set_note(&self.project, id, &note, &now)),
            UiCommand::SetLocator(id, locator) => self.apply(ops::set_locator(&self.project, id, &locator, &now)),
            UiCommand::AddTag(id, tag) => self.apply(ops::add_tag(&self.project, id, &tag, &now)),
            UiCommand::RemoveTag(id, tag) => self.apply(ops::remove_tag(&self.project, id, &tag, &now)),
            UiCommand::LinkSelected => match self.selected {
                Some(id) => self.link_from = Some(id),
                None => self.notify("Select an annotation to link from", true),
            },
            UiCommand::Link(from, to, relation) => {
                self.apply(ops::add_link(&self.project, from, to, relation, ""));
                self.link_from = None;
            }
            UiCommand::DeleteLink(id) => self.apply(ops::delete_link(&self.project, id)),
            UiCommand::CreateTag(name) => self.apply(ops::create_tag(&self.project, &name, None)),
            UiCommand::RenameTag(old, new) => self.apply(ops::rename_tag(&self.project, &old, &new, &now)),
            UiCommand::RecolourTag(name, colour) => self.apply(ops::recolour_tag(&self.project, &name, &colour)),
            UiCommand::MergeTags(from, into) => self.apply(ops::merge_tags(&self.project, &from, &into, &now)),
            UiCommand::DeleteTag(name) => self.apply(ops::delete_tag(&self.project, &name, &now)),
            UiCommand::ToggleOriginal => self.show_original = !self.show_original,
            UiCommand::ToggleCodebook => self.show_codebook = !self.show_codebook,
            UiCommand::ToggleNotifications => {
                self.show_notifications = !self.show_notifications;
                self.unread = 0;
            }
            UiCommand::ToggleTheme => self.dark = !self.dark,
            UiCommand::SetReadingFont(f) => self.reading_font = f,
            UiCommand::LargerText => self.reading_size = (self.reading_size + 1.0).min(READING_SIZES.1),
            UiCommand::SmallerText => self.reading_size = (self.reading_size - 1.0).max(READING_SIZES.0),
            UiCommand::CommandPalette => self.show_palette = !self.show_palette,
            UiCommand::OpenSource(id) => {
                self.current = Some(id);
                self.selection = None;
                // The inspector follows the reader: an annotation of another source is let go.
                if self.selected.and_then(|a| self.project.annotations.get(&a)).is_some_and(|a| a.source != id) {
                    self.selected = None;
                }
            }
            UiCommand::SelectAnnotation(id) => {
                self.selected = id;
                if let Some(a) = id.and_then(|id| self.project.annotations.get(&id)) {
                    self.current = Some(a.source);
                }
            }
            UiCommand::RevealAnnotation(id) => {
                self.run(UiCommand::SelectAnnotation(Some(id)));
                self.reveal_range = self.project.annotations.get(&id).map(|a| a.anchor.range);
            }
            UiCommand::ToggleConflicts => self.show_conflicts = !self.show_conflicts,
            UiCommand::SetFigureValue(id, value) => self.apply(ops::set_figure(&self.project, id, value, &now)),
            UiCommand::CreateSetWith(id) => {
                let subject = self
                    .project
                    .annotations
                    .get(&id)
                    .map(|a| format!("Figures like {}", a.anchor.exact.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .unwrap_or_default();
                match ops::create_set(&self.project, &subject, &[id]) {
                    Ok((tx, set)) => {
                        self.history.apply(&mut self.project, tx);
                        self.selected_set = Some(set);
                        self.show_conflicts = true;
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::SelectSet(id) => self.selected_set = id,
            UiCommand::AddToSet(set, id) => self.apply(ops::add_member(&self.project, set, id)),
            UiCommand::RemoveFromSet(set, id) => self.apply(ops::remove_member(&self.project, set, id)),
            UiCommand::DeleteSet(set) => {
                self.apply(ops::delete_set(&self.project, set));
                if self.selected_set == Some(set) {
                    self.selected_set = None;
                }
            }
            UiCommand::SetVerdict(set, verdict) => self.apply(ops::set_verdict(&self.project, set, verdict)),
            UiCommand::SetSetText(set, field, text) => self.apply(ops::set_set_text(&self.project, set, field, &text)),
            UiCommand::SetPreferred(set, value) => self.apply(ops::set_preferred(&self.project, set, value)),
            UiCommand::AcceptSuggestion { subject, verdict, rationale, figures } => {
                match ops::accept_suggestion(&self.project, &subject, verdict, &rationale, &figures, &now) {
                    Ok((tx, set)) => {
                        self.history.apply(&mut self.project, tx);
                        self.selected_set = Some(set);
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::DismissSuggestion(key) => self.history.apply(&mut self.project, ops::dismiss_suggestion(&key)),
            UiCommand::ImportBibliography => self.ask_path_in_project(PathQuestion::ImportBibliography),
            UiCommand::ImportBibPaths(paths) => self.import_bibliography(&paths),
            UiCommand::ImportQdpx => self.ask_path_in_project(PathQuestion::ImportQdpx),
            UiCommand::ImportQdpxPath(path) => self.import_qdpx(&path),
            UiCommand::ImportZotero => self.ask_path_in_project(PathQuestion::ImportZotero),
            UiCommand::ImportZoteroFrom(dir) => self.choose_zotero_collection(&dir),
            UiCommand::ImportZoteroCollection(dir, collection) => self.import_zotero(&dir, collection),
            UiCommand::ToggleExport => self.show_export = !self.show_export,
            UiCommand::ToggleSearch => self.show_search = !self.show_search,
            UiCommand::ToggleMergeConflicts => self.show_merge_conflicts = !self.show_merge_conflicts,
            UiCommand::ResolveMergeConflict(index, choice) => match crate::model::merge::resolve(&self.project, index, choice, &now) {
                Ok(tx) => self.history.apply(&mut self.project, tx),
                Err(e) => self.notify(e.to_string(), true),
            },
            UiCommand::RevealRange(source, range) => {
                // Another source: as when opening it (no selection or inspector carried over).
                if self.current != Some(source) {
                    self.run(UiCommand::OpenSource(source));
                }
                self.reveal_range = Some(range);
            }
            UiCommand::ExportSaveAs => self.ask_path(PathQuestion::ExportTo),
            UiCommand::ExportTo(path) => self.export_to(&path),
            UiCommand::EditSource(id) => self.editing_source = id,
            UiCommand::SetMetadata(id, meta) => {
                let tx = ops::set_metadata(&self.project, id, *meta).map(|mut tx| {
                    tx.merge_key = Some(format!("meta:{id}"));
                    tx
                });
                self.apply(tx);
            }
            UiCommand::CopyCitation => match self.citation_of_selected() {
                Ok(text) => {
                    self.notify(format!("Copied: {text}"), false);
                    self.clipboard = Some(text);
                }
                Err(e) => self.notify(e, true),
            },
        }
    }

    fn annotate(&mut self, kind: Kind, now: &str) -> bool {
        let (Some(source), Some(range)) = (self.current, self.selection) else {
            self.notify("Select some text in the reader first", true);
            return false;
        };
        match ops::add_annotation(&self.project, source, range, kind, now) {
            Ok((tx, id)) => {
                self.history.apply(&mut self.project, tx);
                self.selected = Some(id);
                self.selection = None;
                true
            }
            Err(e) => {
                self.notify(e.to_string(), true);
                false
            }
        }
    }

    /// Opens the typed-path prompt (the native dialog, when there is one, is run by
    /// the app, which falls back to this prompt if no dialog can be shown).
    /// Asks for a path for something only an open project can do.
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

    /// Starts importing documents on a background thread (the window stays live and
    /// shows progress); [`AppState::tick`] adds them when they are read.
    fn add_documents(&mut self, paths: &[PathBuf]) {
        if !self.has_project() {
            self.notify("Open or create a project before adding documents", true);
            return;
        }
        if self.importing.is_some() {
            self.notify("An import is still running; try again when it is done", true);
            return;
        }
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (tx, rx) = std::sync::mpsc::channel();
        let list = paths.to_vec();
        let counter = done.clone();
        std::thread::spawn(move || {
            let results: Vec<(PathBuf, Result<import::ImportedText, String>)> = list
                .into_iter()
                .map(|path| {
                    let r = import::read_document(&path).map_err(|e| e.to_string());
                    counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    (path, r)
                })
                .collect();
            let _ = tx.send(results);
        });
        self.importing = Some(ImportJob { total: paths.len(), done, results: rx });
    }

    /// Import progress as (done, total), while an import runs.
    pub fn import_progress(&self) -> Option<(usize, usize)> {
        self.importing.as_ref().map(|j| (j.done.load(std::sync::atomic::Ordering::Relaxed), j.total)).or_else(|| self.zotero_progress())
    }

    /// Adds the documents of a finished import, as one undoable step.
    fn collect_import(&mut self, wait: bool) {
        let Some(job) = self.importing.as_ref() else { return };
        let results = if wait { job.results.recv().ok() } else { job.results.try_recv().ok() };
        let Some(results) = results else {
            if !wait && matches!(job.results.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)) {
                self.importing = None;
            }
            return;
        };
        self.importing = None;
        let mut tx =
            Transaction::new(if results.len() == 1 { "Add document".to_string() } else { format!("Add {} documents", results.len()) });
        let mut ids = self.project.source_ids();
        let mut added = Vec::new();
        let mut batch_hashes = std::collections::BTreeSet::new();
        for (path, result) in results {
            match result {
                Ok(doc) => {
                    for w in &doc.warnings {
                        self.notify(format!("{}: {w}", path.display()), false);
                    }
                    // The same text twice is a slip, not a second source.
                    let hash = ops::content_hash(&doc.text);
                    if let Some(existing) = self.project.source_with_hash(&hash) {
                        self.notify(format!("{}: not added again: the same text is already source {existing}", path.display()), false);
                        continue;
                    }
                    if !batch_hashes.insert(hash) {
                        self.notify(format!("{}: not added twice (the same text is in this import already)", path.display()), false);
                        continue;
                    }
                    let root = self.project_path().unwrap_or_default();
                    let id = ids.fresh();
                    let source = import::new_source(id, &path, &doc, &root);
                    tx.edits.extend(ops::add_source(&self.project, source, doc.text).edits);
                    added.push(id);
                }
                Err(e) => self.notify(e, true),
            }
        }
        if !added.is_empty() {
            self.history.apply(&mut self.project, tx);
            self.current = added.first().copied();
            self.notify(format!("Added {} document(s)", added.len()), false);
        }
    }

    /// Waits for a running import (tests, and before closing).
    pub fn flush_imports(&mut self) {
        self.collect_import(true);
        self.collect_zotero(true);
    }

    /// The export scope as the exporter understands it.
    pub fn export_scope(&self) -> Scope {
        match (&self.export.scope, self.current) {
            (ExportScope::CurrentSource, Some(id)) => Scope::Sources(vec![id]),
            (ExportScope::Tag(t), _) => Scope::Tag(t.clone()),
            _ => Scope::All,
        }
    }

    /// Exports on a background thread; a cancelled export writes nothing.
    fn export_to(&mut self, path: &Path) {
        let (project, format, style, scope) = (self.project.clone(), self.export.format, self.export.style.clone(), self.export_scope());
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
        let a = self.selected.and_then(|id| self.project.annotations.get(&id)).ok_or("Select an annotation to cite")?;
        let items = export::csl::items(&self.project, false);
        let index = items.iter().position(|(id, _, _)| *id == a.source).ok_or("The annotation's source is missing")?;
        // Cited among every source's record, so that the same author and year get the
        // reference list's year suffixes.
        let values: Vec<serde_json::Value> = items.iter().map(|(_, _, v)| v.clone()).collect();
        export::cite::Citer::new(&values, &self.export.style)?.cite(index, Some(a.locator.as_str()))
    }

    /// Reads bibliography files on a background thread; their records are matched to
    /// sources and applied (one undoable step per file) when they are read.
    fn import_bibliography(&mut self, paths: &[PathBuf]) {
        let paths = paths.to_vec();
        self.start_background(|| {
            let job = Job::spawn(paths.len(), move |progress| {
                let mut out = Vec::new();
                for path in paths {
                    if progress.cancelled() {
                        break;
                    }
                    let read = store::bib::read(&path);
                    progress.step();
                    out.push((path, read));
                }
                out
            });
            Background::Bibliography { job }
        });
    }

    fn apply_bibliographies(&mut self, results: Vec<(PathBuf, Result<store::bib::Records, store::StoreError>)>) {
        for (path, read) in results {
            let records = match read {
                Ok(r) => r,
                Err(e) => {
                    self.notify(e.to_string(), true);
                    continue;
                }
            };
            let (tx, applied) = store::bib::apply_records(&self.project, records.records, None);
            let (matched, added) = (applied.matched.len(), applied.added.len());
            self.history.apply(&mut self.project, tx);
            let unread = records.problems.len();
            for p in records.problems {
                self.notify(format!("Could not read: {p}"), true);
            }
            self.notify(
                format!(
                    "{}: {matched} record(s) matched sources, {added} added as new sources, {unread} could not be read",
                    path.display()
                ),
                unread > 0,
            );
        }
    }

    /// Imports a REFI-QDA project as one undoable step; the report goes to notifications.
    fn import_qdpx(&mut self, path: &Path) {
        match store::qdpx::import::import(&self.project, path, &store::now_rfc3339()) {
            Ok((tx, report)) => {
                self.history.apply(&mut self.project, tx);
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

    fn forget_missing_selection(&mut self) {
        if self.selected.is_some_and(|id| !self.project.annotations.contains_key(&id)) {
            self.selected = None;
        }
        if self.selected_set.is_some_and(|id| !self.project.sets.contains_key(&id)) {
            self.selected_set = None;
        }
        if self.current.is_some_and(|id| !self.project.sources.contains_key(&id)) {
            self.current = self.project.sources.keys().next().copied();
        }
    }

    fn save(&mut self, force: bool) {
        let state = self.history.state_id();
        let snapshot = self.project.clone();
        let Some(saver) = self.saver.as_mut() else {
            self.notify("No project is open", true);
            return;
        };
        match saver.save(snapshot, state, force) {
            Ok(()) => {
                self.pending_state = Some(state);
                self.save_conflict = false;
            }
            Err(e) => self.notify(e, true),
        }
    }

    /// Called every frame: notes edits, starts autosaves, collects save results.
    /// Returns how long until it wants to be called again (for a pending autosave).
    pub fn tick(&mut self, now: Instant) -> Option<Duration> {
        self.collect_saves(false);
        self.collect_import(false);
        self.collect_background(false);
        self.collect_zotero(false);
        let state = self.history.state_id();
        if state != self.last_state {
            self.last_state = state;
            self.last_edit = Some(now);
            self.first_unsaved.get_or_insert(now);
        }
        if !self.is_modified() {
            self.first_unsaved = None;
        }
        let waiting = self.is_modified()
            && !self.is_saving()
            && !self.save_conflict
            && self.pending_state != Some(state)
            && self.failed_state != Some(state);
        match self.last_edit {
            Some(at) if waiting => {
                let due = (at + AUTOSAVE_AFTER).min(self.first_unsaved.map_or(at, |f| f + AUTOSAVE_AT_MOST).max(at));
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
        let Some(saver) = self.saver.as_mut() else {
            return;
        };
        let outcomes = if wait { saver.wait() } else { saver.poll() };
        for outcome in outcomes {
            match outcome {
                SaveOutcome::Saved { state } => {
                    self.history.mark_saved_state(state);
                    self.pending_state = None;
                    self.save_failed = false;
                    self.failed_state = None;
                }
                SaveOutcome::Failed { message, conflict, state } => {
                    self.pending_state = None;
                    self.save_conflict = conflict;
                    self.save_failed = true;
                    self.failed_state = Some(state);
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
