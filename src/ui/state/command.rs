//! Everything a user can ask of the app, with the text menus, shortcuts and the
//! palette show for it (one place, so they never disagree). Applied by
//! [`AppState::run`](super::AppState::run) between frames.

use super::*;

/// Everything a user can ask of the app. Menus, shortcuts, buttons and the command
/// palette all send these; [`UiCommand::label`] and [`UiCommand::shortcut`] give
/// them their text, so the three never disagree.
#[derive(Debug, Clone, PartialEq)]
pub enum UiCommand {
    NewProject,
    /// Stop the running background job (open, export, bibliography).
    CancelBackground,
    /// Close the window (unsaved changes are asked about first, as on any close).
    Quit,
    /// The title typed for a new project: next, ask where to create it.
    NewProjectTitled(String),
    OpenProject,
    OpenPath(PathBuf),
    CreateProjectAt(PathBuf),
    AddDocuments,
    AddPaths(Vec<PathBuf>),
    Save,
    /// Ask for a new folder and save the project there ("Save as").
    SaveProjectAs,
    SaveProjectTo(PathBuf),
    /// Overwrite a project file that another program changed.
    SaveOverwriting,
    ReloadFromDisk,
    Undo,
    Redo,
    /// Annotate the current selection with this kind.
    Annotate(Kind),
    /// Annotate the current selection as a note and open the tag field.
    AnnotateAndTag,
    DeleteAnnotation,
    /// Move the selected annotation onto the current selection (re-attach an orphan).
    ReattachSelected,
    SetKind(AnnotationId, Kind),
    SetNote(AnnotationId, String),
    SetLocator(AnnotationId, String),
    AddTag(AnnotationId, String),
    RemoveTag(AnnotationId, String),
    /// Open the link picker for the selected annotation.
    LinkSelected,
    Link(AnnotationId, AnnotationId, Relation),
    DeleteLink(LinkId),
    CreateTag(String),
    RenameTag(String, String),
    RecolourTag(String, String),
    MergeTags(String, String),
    DeleteTag(String),
    ToggleOriginal,
    ToggleCodebook,
    ToggleNotifications,
    ToggleTheme,
    /// The reader's typeface: sans, serif (when the system has one) or monospace.
    SetReadingFont(ReadingFont),
    LargerText,
    SmallerText,
    CommandPalette,
    OpenSource(SourceId),
    SelectAnnotation(Option<AnnotationId>),
    /// Select an annotation and scroll the reader to it.
    RevealAnnotation(AnnotationId),
    ToggleConflicts,
    SetFigureValue(AnnotationId, Option<FigureValue>),
    /// A new conflict set holding this figure annotation.
    CreateSetWith(AnnotationId),
    SelectSet(Option<SetId>),
    AddToSet(SetId, AnnotationId),
    RemoveFromSet(SetId, AnnotationId),
    DeleteSet(SetId),
    SetVerdict(SetId, Verdict),
    SetSetText(SetId, SetText, String),
    SetPreferred(SetId, Option<f64>),
    AcceptSuggestion {
        subject: String,
        verdict: Verdict,
        rationale: String,
        figures: Vec<SetFigure>,
    },
    DismissSuggestion(String),
    ImportBibliography,
    ImportBibPaths(Vec<PathBuf>),
    /// Asks for a REFI-QDA project (`.qdpx`) to import.
    ImportQdpx,
    ImportQdpxPath(PathBuf),
    /// File → Import Zotero library…: asks for Zotero's data folder.
    ImportZotero,
    /// A Zotero data folder chosen: offer its collections (or import it all if it has none).
    ImportZoteroFrom(PathBuf),
    /// Import the library in the folder, or only one collection of it.
    ImportZoteroCollection(PathBuf, Option<String>),
    ToggleExport,
    /// Ask where to save the export.
    ExportSaveAs,
    ExportTo(PathBuf),
    EditSource(Option<SourceId>),
    SetMetadata(SourceId, Box<Metadata>),
    /// Copy an in-text citation of the selected annotation (current style, with locator).
    CopyCitation,
    ToggleSearch,
    /// Open a source and scroll to a stored-text range (a search hit).
    RevealRange(SourceId, CharRange),
    /// Show or hide the merge conflicts left by a `git pull`.
    ToggleMergeConflicts,
    /// Resolve merge conflict N (0-based) as chosen: one undoable step.
    ResolveMergeConflict(usize, crate::model::merge::Choice),
}

impl UiCommand {
    /// Commands listed in the command palette (those that need no argument).
    pub fn palette() -> Vec<UiCommand> {
        let mut list = vec![
            UiCommand::NewProject,
            UiCommand::OpenProject,
            UiCommand::AddDocuments,
            UiCommand::Save,
            UiCommand::SaveProjectAs,
            UiCommand::Undo,
            UiCommand::Redo,
        ];
        list.extend(Kind::ALL.map(UiCommand::Annotate));
        list.extend([
            UiCommand::AnnotateAndTag,
            UiCommand::LinkSelected,
            UiCommand::ReattachSelected,
            UiCommand::DeleteAnnotation,
            UiCommand::ToggleOriginal,
            UiCommand::ToggleCodebook,
            UiCommand::ToggleNotifications,
            UiCommand::ToggleConflicts,
            UiCommand::ToggleExport,
            UiCommand::ToggleSearch,
            UiCommand::ToggleMergeConflicts,
            UiCommand::ImportBibliography,
            UiCommand::ImportQdpx,
            UiCommand::ImportZotero,
            UiCommand::CopyCitation,
            UiCommand::ToggleTheme,
            UiCommand::LargerText,
            UiCommand::SmallerText,
            UiCommand::ReloadFromDisk,
            UiCommand::Quit,
        ]);
        list
    }

    /// Menu, button and palette text.
    pub fn label(&self) -> String {
        match self {
            UiCommand::NewProject => "New project…".into(),
            UiCommand::CancelBackground => "Cancel".into(),
            UiCommand::Quit => "Quit".into(),
            UiCommand::NewProjectTitled(t) => format!("New project “{t}”"),
            UiCommand::OpenProject => "Open project…".into(),
            UiCommand::OpenPath(p) => format!("Open {}", p.display()),
            UiCommand::CreateProjectAt(p) => format!("Create project at {}", p.display()),
            UiCommand::AddDocuments => "Add documents…".into(),
            UiCommand::AddPaths(_) => "Add documents".into(),
            UiCommand::Save => "Save".into(),
            UiCommand::SaveProjectAs => "Save project as…".into(),
            UiCommand::SaveProjectTo(p) => format!("Save project to {}", p.display()),
            UiCommand::SaveOverwriting => "Save, overwriting the changes on disk".into(),
            UiCommand::ReloadFromDisk => "Reload project from disk".into(),
            UiCommand::Undo => "Undo".into(),
            UiCommand::Redo => "Redo".into(),
            UiCommand::Annotate(k) => k.label().into(),
            UiCommand::AnnotateAndTag => "Tag…".into(),
            UiCommand::DeleteAnnotation => "Delete annotation".into(),
            UiCommand::ReattachSelected => "Re-attach to selected text".into(),
            UiCommand::SetKind(_, k) => format!("Make {}", k.label()),
            UiCommand::SetNote(..) => "Edit note".into(),
            UiCommand::SetLocator(..) => "Edit locator".into(),
            UiCommand::AddTag(_, t) => format!("Tag `{t}`"),
            UiCommand::RemoveTag(_, t) => format!("Remove tag `{t}`"),
            UiCommand::LinkSelected => "Link to…".into(),
            UiCommand::Link(_, _, r) => format!("Link ({r})"),
            UiCommand::DeleteLink(_) => "Delete link".into(),
            UiCommand::CreateTag(t) => format!("Create tag `{t}`"),
            UiCommand::RenameTag(a, b) => format!("Rename `{a}` to `{b}`"),
            UiCommand::RecolourTag(t, _) => format!("Recolour `{t}`"),
            UiCommand::MergeTags(a, b) => format!("Merge `{a}` into `{b}`"),
            UiCommand::DeleteTag(t) => format!("Delete tag `{t}`"),
            UiCommand::ToggleOriginal => "Original layout".into(),
            UiCommand::ToggleCodebook => "Codebook".into(),
            UiCommand::ToggleNotifications => "Notifications".into(),
            UiCommand::ToggleTheme => "Light / dark theme".into(),
            UiCommand::SetReadingFont(f) => format!("Reading font: {}", f.label()),
            UiCommand::LargerText => "Larger text".into(),
            UiCommand::SmallerText => "Smaller text".into(),
            UiCommand::CommandPalette => "Command palette…".into(),
            UiCommand::OpenSource(id) => format!("Open {id}"),
            UiCommand::SelectAnnotation(_) => "Select annotation".into(),
            UiCommand::RevealAnnotation(id) => format!("Show {id}"),
            UiCommand::ToggleConflicts => "Figures and conflicts".into(),
            UiCommand::SetFigureValue(..) => "Edit figure value".into(),
            UiCommand::CreateSetWith(_) => "New conflict set".into(),
            UiCommand::SelectSet(_) => "Select conflict set".into(),
            UiCommand::AddToSet(..) => "Add to set".into(),
            UiCommand::RemoveFromSet(..) => "Remove from set".into(),
            UiCommand::DeleteSet(_) => "Delete conflict set".into(),
            UiCommand::SetVerdict(_, v) => format!("Verdict: {v}"),
            UiCommand::SetSetText(..) => "Edit conflict set".into(),
            UiCommand::SetPreferred(..) => "Set preferred value".into(),
            UiCommand::AcceptSuggestion { .. } => "Accept suggestion".into(),
            UiCommand::DismissSuggestion(_) => "Dismiss suggestion".into(),
            UiCommand::ImportBibliography => "Import bibliography…".into(),
            UiCommand::ImportBibPaths(_) => "Import bibliography".into(),
            UiCommand::ImportQdpx => "Import QDA project or codebook (REFI-QDA)…".into(),
            UiCommand::ImportQdpxPath(_) => "Import QDA project".into(),
            UiCommand::ImportZotero => "Import Zotero library…".into(),
            UiCommand::ImportZoteroFrom(_) => "Import Zotero library".into(),
            UiCommand::ImportZoteroCollection(_, Some(c)) => format!("Import Zotero collection {c}"),
            UiCommand::ImportZoteroCollection(_, None) => "Import the whole Zotero library".into(),
            UiCommand::ToggleExport => "Export…".into(),
            UiCommand::ExportSaveAs => "Save as…".into(),
            UiCommand::ExportTo(p) => format!("Export to {}", p.display()),
            UiCommand::EditSource(_) => "Source details…".into(),
            UiCommand::SetMetadata(..) => "Edit source details".into(),
            UiCommand::CopyCitation => "Copy citation".into(),
            UiCommand::ToggleSearch => "Search sources".into(),
            UiCommand::RevealRange(s, _) => format!("Show hit in {s}"),
            UiCommand::ToggleMergeConflicts => "Merge conflicts".into(),
            UiCommand::ResolveMergeConflict(..) => "Resolve merge conflict".into(),
        }
    }

    /// Human-readable shortcut, if the command has one.
    pub fn shortcut(&self) -> Option<&'static str> {
        Some(match self {
            UiCommand::NewProject => "Ctrl+N",
            UiCommand::OpenProject => "Ctrl+O",
            UiCommand::AddDocuments => "Ctrl+I",
            UiCommand::Save => "Ctrl+S",
            UiCommand::SaveProjectAs => "Ctrl+Shift+S",
            UiCommand::Undo => "Ctrl+Z",
            UiCommand::Redo => "Ctrl+Shift+Z",
            UiCommand::Annotate(Kind::Claim) => "1",
            UiCommand::Annotate(Kind::Figure) => "2",
            UiCommand::Annotate(Kind::Quote) => "3",
            UiCommand::Annotate(Kind::Question) => "4",
            UiCommand::Annotate(Kind::Note) => "N",
            UiCommand::AnnotateAndTag => "T",
            UiCommand::LinkSelected => "L",
            UiCommand::DeleteAnnotation => "Delete",
            UiCommand::ToggleOriginal => "Ctrl+L",
            UiCommand::ToggleCodebook => "Ctrl+K",
            UiCommand::CommandPalette => "Ctrl+Shift+P",
            UiCommand::Quit => "Ctrl+Q",
            UiCommand::LargerText => "Ctrl+=",
            UiCommand::SmallerText => "Ctrl+-",
            UiCommand::ToggleConflicts => "Ctrl+J",
            UiCommand::ToggleExport => "Ctrl+E",
            UiCommand::CopyCitation => "Ctrl+Shift+C",
            UiCommand::ToggleSearch => "Ctrl+F",
            _ => return None,
        })
    }
}
