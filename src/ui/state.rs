//! The app's state and the commands that change it. No egui here: panels read this
//! state and send [`UiCommand`]s, which [`AppState::run`] applies between frames.

use std::path::{Path, PathBuf};

use crate::model::{AnnotationId, CharRange, History, Kind, Project, SourceId, Transaction, ops};
use crate::store::{self, ProjectFolder};

/// Everything a user can ask of the app: menus, shortcuts and buttons all send these.
#[derive(Debug, Clone, PartialEq)]
pub enum UiCommand {
    Save,
    Undo,
    Redo,
    /// Annotate the current selection with this kind.
    Annotate(Kind),
    DeleteAnnotation,
    ToggleOriginal,
    OpenSource(SourceId),
    SelectAnnotation(Option<AnnotationId>),
    SetNote(AnnotationId, String),
    AddTag(AnnotationId, String),
}

impl UiCommand {
    /// Menu and palette text.
    pub fn label(&self) -> String {
        match self {
            UiCommand::Save => "Save".into(),
            UiCommand::Undo => "Undo".into(),
            UiCommand::Redo => "Redo".into(),
            UiCommand::Annotate(k) => format!("Mark as {}", k.label()),
            UiCommand::DeleteAnnotation => "Delete annotation".into(),
            UiCommand::ToggleOriginal => "Toggle original layout".into(),
            UiCommand::OpenSource(id) => format!("Open {id}"),
            UiCommand::SelectAnnotation(_) => "Select annotation".into(),
            UiCommand::SetNote(..) => "Edit note".into(),
            UiCommand::AddTag(..) => "Add tag".into(),
        }
    }

    /// Human-readable shortcut, if the command has one.
    pub fn shortcut(&self) -> Option<&'static str> {
        Some(match self {
            UiCommand::Save => "Ctrl+S",
            UiCommand::Undo => "Ctrl+Z",
            UiCommand::Redo => "Ctrl+Shift+Z",
            UiCommand::Annotate(Kind::Claim) => "1",
            UiCommand::Annotate(Kind::Figure) => "2",
            UiCommand::Annotate(Kind::Quote) => "3",
            UiCommand::Annotate(Kind::Question) => "4",
            UiCommand::Annotate(Kind::Note) => "5",
            UiCommand::DeleteAnnotation => "Delete",
            UiCommand::ToggleOriginal => "Ctrl+L",
            _ => return None,
        })
    }
}

/// A message for the user, shown once as a toast and kept in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// The open project and what the user is looking at.
pub struct AppState {
    pub project: Project,
    pub folder: Option<ProjectFolder>,
    pub history: History,
    pub current: Option<SourceId>,
    pub selected: Option<AnnotationId>,
    /// The reader's text selection, as a range of the stored text.
    pub selection: Option<CharRange>,
    /// Show the stored text with its original line breaks instead of the reading text.
    pub show_original: bool,
    pub notices: Vec<Notice>,
    /// Notices not yet shown as toasts.
    pub unread: usize,
}

impl AppState {
    pub fn empty() -> Self {
        Self {
            project: Project::default(),
            folder: None,
            history: History::new(),
            current: None,
            selected: None,
            selection: None,
            show_original: false,
            notices: Vec::new(),
            unread: 0,
        }
    }

    /// Opens a project folder; problems become notices.
    pub fn open(path: &Path) -> Self {
        let mut state = Self::empty();
        match ProjectFolder::open(path) {
            Ok(loaded) => {
                state.current = loaded
                    .project
                    .sources
                    .values()
                    .find(|s| loaded.project.texts.contains_key(&s.id))
                    .map(|s| s.id);
                state.project = loaded.project;
                state.folder = Some(loaded.folder);
                for w in loaded.warnings {
                    state.notify(w, false);
                }
            }
            Err(e) => state.notify(e.to_string(), true),
        }
        state
    }

    pub fn notify(&mut self, text: impl Into<String>, is_error: bool) {
        self.notices.push(Notice {
            text: text.into(),
            is_error,
        });
        self.unread += 1;
    }

    pub fn project_path(&self) -> Option<PathBuf> {
        self.folder.as_ref().map(|f| f.root().to_path_buf())
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
            UiCommand::Save => self.save(),
            UiCommand::Undo => {
                if self.history.undo(&mut self.project).is_none() {
                    self.notify("Nothing to undo", false);
                }
                self.forget_missing_selection();
            }
            UiCommand::Redo => {
                if self.history.redo(&mut self.project).is_none() {
                    self.notify("Nothing to redo", false);
                }
                self.forget_missing_selection();
            }
            UiCommand::Annotate(kind) => {
                let (Some(source), Some(range)) = (self.current, self.selection) else {
                    self.notify("Select some text in the reader first", true);
                    return;
                };
                match ops::add_annotation(&self.project, source, range, kind, &now) {
                    Ok((tx, id)) => {
                        self.history.apply(&mut self.project, tx);
                        self.selected = Some(id);
                        self.selection = None;
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::DeleteAnnotation => {
                if let Some(id) = self.selected.take() {
                    self.apply(ops::delete_annotation(&self.project, id));
                }
            }
            UiCommand::ToggleOriginal => self.show_original = !self.show_original,
            UiCommand::OpenSource(id) => {
                self.current = Some(id);
                self.selection = None;
            }
            UiCommand::SelectAnnotation(id) => {
                self.selected = id;
                if let Some(a) = id.and_then(|id| self.project.annotations.get(&id)) {
                    self.current = Some(a.source);
                }
            }
            UiCommand::SetNote(id, note) => {
                self.apply(ops::set_note(&self.project, id, &note, &now))
            }
            UiCommand::AddTag(id, tag) => self.apply(ops::add_tag(&self.project, id, &tag, &now)),
        }
    }

    fn forget_missing_selection(&mut self) {
        if self
            .selected
            .is_some_and(|id| !self.project.annotations.contains_key(&id))
        {
            self.selected = None;
        }
    }

    fn save(&mut self) {
        let Some(folder) = self.folder.as_mut() else {
            self.notify("This project has no folder yet", true);
            return;
        };
        match folder.save(&self.project) {
            Ok(_) => {
                let message = format!("Saved {}", folder.root().display());
                self.history.mark_saved();
                self.notify(message, false);
            }
            // Nothing in memory is lost: the project stays open and modified.
            Err(e) => self.notify(format!("Not saved: {e}"), true),
        }
    }
}
