//! Commands with an operand (a path, an id, a value): built where the operand is
//! known and applied by [`AppState::run`](super::AppState::run) between frames. The
//! argument-free ones are [`Action`]s (`ui/commands.rs`), wrapped as
//! [`UiCommand::Action`]; their labels and shortcuts come from that one table.

use super::*;
pub use crate::ui::commands::Action;

/// Everything a user can ask of the app: an [`Action`], or an edit or navigation that
/// carries its operand. Menus, shortcuts, buttons and the palette all send these.
#[derive(Debug, Clone, PartialEq)]
pub enum UiCommand {
    /// An argument-free action (menus, keys, the palette): [`Action`].
    Action(Action),
    /// The title typed for a new project: next, ask where to create it.
    NewProjectTitled(String),
    OpenPath(PathBuf),
    CreateProjectAt(PathBuf),
    AddPaths(Vec<PathBuf>),
    SaveProjectTo(PathBuf),
    /// Annotate `range` of `source` with `kind`; `then_tag`: open its tag field next.
    /// Built from the selection by the dispatcher, so the operand travels with the verb.
    Annotate {
        source: SourceId,
        range: CharRange,
        kind: Kind,
        then_tag: bool,
    },
    SetKind(AnnotationId, Kind),
    SetNote(AnnotationId, String),
    SetLocator(AnnotationId, String),
    AddTag(AnnotationId, String),
    RemoveTag(AnnotationId, String),
    Link(AnnotationId, AnnotationId, Relation),
    DeleteLink(LinkId),
    CreateTag(String),
    RenameTag(String, String),
    RecolourTag(String, String),
    MergeTags(String, String),
    DeleteTag(String),
    /// The reader's typeface: sans, serif (when the system has one) or monospace.
    SetReadingFont(ReadingFont),
    OpenSource(SourceId),
    SelectAnnotation(Option<AnnotationId>),
    /// Select an annotation and scroll the reader to it.
    RevealAnnotation(AnnotationId),
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
    ImportBibPaths(Vec<PathBuf>),
    ImportQdpxPath(PathBuf),
    /// A Zotero data folder chosen: offer its collections (or import it all if it has none).
    ImportZoteroFrom(PathBuf),
    /// Import the library in the folder, or only one collection of it.
    ImportZoteroCollection(PathBuf, Option<String>),
    ExportTo(PathBuf),
    EditSource(Option<SourceId>),
    SetMetadata(SourceId, Box<Metadata>),
    /// Open a source and scroll to a stored-text range (a search hit).
    RevealRange(SourceId, CharRange),
    /// Resolve merge conflict N (0-based) as chosen: one undoable step.
    ResolveMergeConflict(usize, crate::model::merge::Choice),
}

impl UiCommand {
    /// Menu, button and palette text.
    pub fn label(&self) -> String {
        match self {
            UiCommand::Action(a) => a.label().into(),
            UiCommand::NewProjectTitled(t) => format!("New project “{t}”"),
            UiCommand::OpenPath(p) => format!("Open {}", p.display()),
            UiCommand::CreateProjectAt(p) => format!("Create project at {}", p.display()),
            UiCommand::AddPaths(_) => "Add documents".into(),
            UiCommand::SaveProjectTo(p) => format!("Save project to {}", p.display()),
            UiCommand::Annotate { kind, .. } => kind.label().into(),
            UiCommand::SetKind(_, k) => format!("Make {}", k.label()),
            UiCommand::SetNote(..) => "Edit note".into(),
            UiCommand::SetLocator(..) => "Edit locator".into(),
            UiCommand::AddTag(_, t) => format!("Tag `{t}`"),
            UiCommand::RemoveTag(_, t) => format!("Remove tag `{t}`"),
            UiCommand::Link(_, _, r) => format!("Link ({r})"),
            UiCommand::DeleteLink(_) => "Delete link".into(),
            UiCommand::CreateTag(t) => format!("Create tag `{t}`"),
            UiCommand::RenameTag(a, b) => format!("Rename `{a}` to `{b}`"),
            UiCommand::RecolourTag(t, _) => format!("Recolour `{t}`"),
            UiCommand::MergeTags(a, b) => format!("Merge `{a}` into `{b}`"),
            UiCommand::DeleteTag(t) => format!("Delete tag `{t}`"),
            UiCommand::SetReadingFont(f) => format!("Reading font: {}", f.label()),
            UiCommand::OpenSource(id) => format!("Open {id}"),
            UiCommand::SelectAnnotation(_) => "Select annotation".into(),
            UiCommand::RevealAnnotation(id) => format!("Show {id}"),
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
            UiCommand::ImportBibPaths(_) => "Import bibliography".into(),
            UiCommand::ImportQdpxPath(_) => "Import QDA project".into(),
            UiCommand::ImportZoteroFrom(_) => "Import Zotero library".into(),
            UiCommand::ImportZoteroCollection(_, Some(c)) => format!("Import Zotero collection {c}"),
            UiCommand::ImportZoteroCollection(_, None) => "Import the whole Zotero library".into(),
            UiCommand::ExportTo(p) => format!("Export to {}", p.display()),
            UiCommand::EditSource(_) => "Source details…".into(),
            UiCommand::SetMetadata(..) => "Edit source details".into(),
            UiCommand::RevealRange(s, _) => format!("Show hit in {s}"),
            UiCommand::ResolveMergeConflict(..) => "Resolve merge conflict".into(),
        }
    }

    /// The shortcut shown for the command (an action's first binding), if any.
    pub fn shortcut(&self) -> Option<String> {
        match self {
            UiCommand::Action(a) => a.shortcut_text(),
            UiCommand::Annotate { kind, then_tag, .. } => {
                if *then_tag { Action::AnnotateAndTag } else { Action::annotate(*kind) }.shortcut_text()
            }
            _ => None,
        }
    }
}
