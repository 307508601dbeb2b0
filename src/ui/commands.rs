//! The argument-free commands of the app ([`Action`], after rerun's `UICommand`) and
//! the **one** shortcut table ([`SHORTCUTS`]) that binds their keys, writes their hints
//! in menus and buttons, and lists them in the command palette. Commands that carry an
//! operand (a range to annotate, a field to set) are [`UiCommand`]s built where the
//! operand is known; an [`Action`] that needs one (annotate the selection) is turned
//! into such a payload command by the dispatcher (`ui/state/dispatch.rs`).

use egui::{Key, KeyboardShortcut, ModifierNames, Modifiers};

use super::state::{AppState, UiCommand};
use crate::model::Kind;

/// Everything a user can ask of the app without saying more (no operand): the menus,
/// the palette, toolbar buttons and shortcuts send these. Iterate with [`Action::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    NewProject,
    OpenProject,
    AddDocuments,
    Save,
    SaveProjectAs,
    /// Overwrite a project file that another program changed.
    SaveOverwriting,
    ReloadFromDisk,
    ImportBibliography,
    ImportQdpx,
    ImportZotero,
    /// Stop the running background job (open, import, export, Save as).
    CancelBackground,
    /// Close the window (unsaved changes are asked about first, as on any close).
    Quit,
    Undo,
    Redo,
    AnnotateClaim,
    AnnotateFigure,
    AnnotateQuote,
    AnnotateQuestion,
    AnnotateNote,
    /// Annotate the selection as a note and open its tag field.
    AnnotateAndTag,
    /// Open the link picker for the selected annotation.
    LinkSelected,
    /// Move the selected annotation onto the selected text (re-attach an orphan).
    ReattachSelected,
    DeleteAnnotation,
    /// Copy an in-text citation of the selected annotation (current style, with locator).
    CopyCitation,
    ToggleOriginal,
    ToggleCodebook,
    ToggleNotifications,
    ToggleConflicts,
    ToggleExport,
    /// Ask where to save the export.
    ExportSaveAs,
    ToggleSearch,
    ToggleMergeConflicts,
    ToggleTheme,
    LargerText,
    SmallerText,
    CommandPalette,
}

/// What an action needs before it can run; [`Action::enabled`] checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// An open project.
    Project,
    /// Selected text in the reader.
    TextSelection,
    /// Selected text, or else a selected annotation (Tag… tags the annotation).
    TextOrAnnotation,
    /// A selected annotation.
    Annotation,
    /// A selected annotation and selected text.
    AnnotationAndText,
    /// Something to undo / redo.
    UndoStep,
    RedoStep,
    /// A running background job that can be cancelled.
    CancellableJob,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;

/// The one shortcut table: every binding of every action. The first entry of an action
/// is the one shown in menus, buttons and the palette; later ones are alternatives
/// (Ctrl+Y for Redo, Ctrl++ for Larger text). Longer chords come first, so Ctrl+Shift+S
/// is matched before Ctrl+S. Keys without a modifier act only when no text field has the
/// keyboard (and when their action is enabled: `1` annotates only with a selection).
pub const SHORTCUTS: &[(Action, KeyboardShortcut)] = &[
    (Action::SaveProjectAs, KeyboardShortcut::new(CTRL_SHIFT, Key::S)),
    (Action::CommandPalette, KeyboardShortcut::new(CTRL_SHIFT, Key::P)),
    (Action::Redo, KeyboardShortcut::new(CTRL_SHIFT, Key::Z)),
    (Action::CopyCitation, KeyboardShortcut::new(CTRL_SHIFT, Key::C)),
    (Action::Save, KeyboardShortcut::new(CTRL, Key::S)),
    (Action::Redo, KeyboardShortcut::new(CTRL, Key::Y)),
    (Action::Undo, KeyboardShortcut::new(CTRL, Key::Z)),
    (Action::NewProject, KeyboardShortcut::new(CTRL, Key::N)),
    (Action::Quit, KeyboardShortcut::new(CTRL, Key::Q)),
    (Action::OpenProject, KeyboardShortcut::new(CTRL, Key::O)),
    (Action::AddDocuments, KeyboardShortcut::new(CTRL, Key::I)),
    (Action::ToggleOriginal, KeyboardShortcut::new(CTRL, Key::L)),
    (Action::ToggleCodebook, KeyboardShortcut::new(CTRL, Key::K)),
    (Action::ToggleConflicts, KeyboardShortcut::new(CTRL, Key::J)),
    (Action::ToggleExport, KeyboardShortcut::new(CTRL, Key::E)),
    (Action::ToggleSearch, KeyboardShortcut::new(CTRL, Key::F)),
    (Action::LargerText, KeyboardShortcut::new(CTRL, Key::Equals)),
    (Action::LargerText, KeyboardShortcut::new(CTRL, Key::Plus)),
    (Action::SmallerText, KeyboardShortcut::new(CTRL, Key::Minus)),
    (Action::AnnotateClaim, KeyboardShortcut::new(NONE, Key::Num1)),
    (Action::AnnotateFigure, KeyboardShortcut::new(NONE, Key::Num2)),
    (Action::AnnotateQuote, KeyboardShortcut::new(NONE, Key::Num3)),
    (Action::AnnotateQuestion, KeyboardShortcut::new(NONE, Key::Num4)),
    (Action::AnnotateNote, KeyboardShortcut::new(NONE, Key::N)),
    (Action::AnnotateAndTag, KeyboardShortcut::new(NONE, Key::T)),
    (Action::LinkSelected, KeyboardShortcut::new(NONE, Key::L)),
    (Action::DeleteAnnotation, KeyboardShortcut::new(NONE, Key::Delete)),
];

impl Action {
    /// Every action, in palette order.
    pub const ALL: [Action; 36] = [
        Action::NewProject,
        Action::OpenProject,
        Action::AddDocuments,
        Action::Save,
        Action::SaveProjectAs,
        Action::SaveOverwriting,
        Action::ReloadFromDisk,
        Action::ImportBibliography,
        Action::ImportQdpx,
        Action::ImportZotero,
        Action::CancelBackground,
        Action::Quit,
        Action::Undo,
        Action::Redo,
        Action::AnnotateClaim,
        Action::AnnotateFigure,
        Action::AnnotateQuote,
        Action::AnnotateQuestion,
        Action::AnnotateNote,
        Action::AnnotateAndTag,
        Action::LinkSelected,
        Action::ReattachSelected,
        Action::DeleteAnnotation,
        Action::CopyCitation,
        Action::ToggleOriginal,
        Action::ToggleCodebook,
        Action::ToggleNotifications,
        Action::ToggleConflicts,
        Action::ToggleExport,
        Action::ExportSaveAs,
        Action::ToggleSearch,
        Action::ToggleMergeConflicts,
        Action::ToggleTheme,
        Action::LargerText,
        Action::SmallerText,
        Action::CommandPalette,
    ];

    /// The action that annotates the selection with `kind`.
    pub const fn annotate(kind: Kind) -> Action {
        match kind {
            Kind::Claim => Action::AnnotateClaim,
            Kind::Figure => Action::AnnotateFigure,
            Kind::Quote => Action::AnnotateQuote,
            Kind::Question => Action::AnnotateQuestion,
            Kind::Note => Action::AnnotateNote,
        }
    }

    /// The kind an annotate action makes (`AnnotateAndTag` makes a note).
    pub const fn kind(self) -> Option<Kind> {
        Some(match self {
            Action::AnnotateClaim => Kind::Claim,
            Action::AnnotateFigure => Kind::Figure,
            Action::AnnotateQuote => Kind::Quote,
            Action::AnnotateQuestion => Kind::Question,
            Action::AnnotateNote | Action::AnnotateAndTag => Kind::Note,
            _ => return None,
        })
    }

    /// Menu, button and palette text.
    pub fn label(self) -> &'static str {
        match self {
            Action::NewProject => "New project…",
            Action::OpenProject => "Open project…",
            Action::AddDocuments => "Add documents…",
            Action::Save => "Save",
            Action::SaveProjectAs => "Save project as…",
            Action::SaveOverwriting => "Save, overwriting the changes on disk",
            Action::ReloadFromDisk => "Reload project from disk",
            Action::ImportBibliography => "Import bibliography…",
            Action::ImportQdpx => "Import QDA project or codebook (REFI-QDA)…",
            Action::ImportZotero => "Import Zotero library…",
            Action::CancelBackground => "Cancel",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::AnnotateClaim => Kind::Claim.label(),
            Action::AnnotateFigure => Kind::Figure.label(),
            Action::AnnotateQuote => Kind::Quote.label(),
            Action::AnnotateQuestion => Kind::Question.label(),
            Action::AnnotateNote => Kind::Note.label(),
            Action::AnnotateAndTag => "Tag…",
            Action::LinkSelected => "Link to…",
            Action::ReattachSelected => "Re-attach to selected text",
            Action::DeleteAnnotation => "Delete annotation",
            Action::CopyCitation => "Copy citation",
            Action::ToggleOriginal => "Original layout",
            Action::ToggleCodebook => "Codebook",
            Action::ToggleNotifications => "Notifications",
            Action::ToggleConflicts => "Figures and conflicts",
            Action::ToggleExport => "Export…",
            Action::ExportSaveAs => "Save as…",
            Action::ToggleSearch => "Search sources",
            Action::ToggleMergeConflicts => "Merge conflicts",
            Action::ToggleTheme => "Light / dark theme",
            Action::LargerText => "Larger text",
            Action::SmallerText => "Smaller text",
            Action::CommandPalette => "Command palette…",
        }
    }

    /// A sentence for the hover text: what the action does.
    pub fn tooltip(self) -> &'static str {
        match self {
            Action::NewProject => "Create a project folder and open it",
            Action::OpenProject => "Open a project folder",
            Action::AddDocuments => {
                "Import text, Markdown, HTML, DOCX or PDF documents (bibliography files dropped with them attach their records)"
            }
            Action::Save => "Save the project now (it also saves itself a moment after each change)",
            Action::SaveProjectAs => "Save a copy of the project in another folder and work on that copy",
            Action::SaveOverwriting => "Save over the project file another program changed",
            Action::ReloadFromDisk => "Open the project as saved on disk, dropping the changes made here",
            Action::ImportBibliography => "Read BibTeX, RIS or CSL-JSON records and attach them to the sources they describe",
            Action::ImportQdpx => "Import a REFI-QDA project (.qdpx) or codebook (.qdc)",
            Action::ImportZotero => "Import items, attachments and highlights from a Zotero data folder (read only)",
            Action::CancelBackground => "Stop the running job; nothing half-done is kept",
            Action::Quit => "Close the window (unsaved changes are asked about first)",
            Action::Undo => "Undo the last change",
            Action::Redo => "Redo the change last undone",
            Action::AnnotateClaim => "Mark the selected text as a claim",
            Action::AnnotateFigure => "Mark the selected text as a figure (its number is read)",
            Action::AnnotateQuote => "Mark the selected text as a quote",
            Action::AnnotateQuestion => "Mark the selected text as a question",
            Action::AnnotateNote => "Annotate the selected text with a note",
            Action::AnnotateAndTag => "Annotate the selected text and type a tag for it (or tag the selected annotation)",
            Action::LinkSelected => "Link the selected annotation to another one (contradicts, supports…)",
            Action::ReattachSelected => "Move the selected annotation onto the selected text",
            Action::DeleteAnnotation => "Delete the selected annotation (undo brings it back)",
            Action::CopyCitation => "Copy an in-text citation of the selected annotation, with its locator",
            Action::ToggleOriginal => "Show the text with its original line breaks, or as joined paragraphs",
            Action::ToggleCodebook => "Show or hide the codebook of tags",
            Action::ToggleNotifications => "Show or hide every message of this session",
            Action::ToggleConflicts => "Show or hide the figures and conflict sets",
            Action::ToggleExport => "Show or hide the export window",
            Action::ExportSaveAs => "Choose where to write the export",
            Action::ToggleSearch => "Search every source (case, accents and line breaks ignored)",
            Action::ToggleMergeConflicts => "Show or hide the merge conflicts a git pull left",
            Action::ToggleTheme => "Switch between the light and the dark theme",
            Action::LargerText => "Make the reader's text larger",
            Action::SmallerText => "Make the reader's text smaller",
            Action::CommandPalette => "Find any command by name",
        }
    }

    /// What must hold for the action to run.
    pub fn needs(self) -> Needs {
        match self {
            Action::AddDocuments
            | Action::Save
            | Action::SaveProjectAs
            | Action::SaveOverwriting
            | Action::ReloadFromDisk
            | Action::ImportBibliography
            | Action::ImportQdpx
            | Action::ImportZotero
            | Action::ExportSaveAs => Needs::Project,
            Action::AnnotateClaim | Action::AnnotateFigure | Action::AnnotateQuote | Action::AnnotateQuestion | Action::AnnotateNote => {
                Needs::TextSelection
            }
            Action::AnnotateAndTag => Needs::TextOrAnnotation,
            Action::LinkSelected | Action::DeleteAnnotation | Action::CopyCitation => Needs::Annotation,
            Action::ReattachSelected => Needs::AnnotationAndText,
            Action::Undo => Needs::UndoStep,
            Action::Redo => Needs::RedoStep,
            Action::CancelBackground => Needs::CancellableJob,
            _ => Needs::Nothing,
        }
    }

    /// Whether the action can run in `state` (menus grey it out, keys do nothing).
    pub fn enabled(self, state: &AppState) -> bool {
        match self.needs() {
            Needs::Nothing => true,
            Needs::Project => state.has_project(),
            Needs::TextSelection => state.view.selection.is_some(),
            Needs::TextOrAnnotation => state.view.selection.is_some() || state.view.selected.is_some(),
            Needs::Annotation => state.view.selected.is_some(),
            Needs::AnnotationAndText => state.view.selected.is_some() && state.view.selection.is_some(),
            Needs::UndoStep => state.session.history.can_undo(),
            Needs::RedoStep => state.session.history.can_redo(),
            Needs::CancellableJob => state.can_cancel_background(),
        }
    }

    /// Whether the palette lists it (everything but Cancel, which lives beside its job).
    pub fn in_palette(self) -> bool {
        !matches!(self, Action::CancelBackground | Action::SaveOverwriting | Action::ExportSaveAs)
    }

    /// Every key bound to the action, the shown one first.
    pub fn shortcuts(self) -> impl Iterator<Item = KeyboardShortcut> {
        SHORTCUTS.iter().filter(move |(a, _)| *a == self).map(|(_, s)| *s)
    }

    /// The shortcut shown for the action ("Ctrl+Shift+S", "1"), if it has one.
    pub fn shortcut_text(self) -> Option<String> {
        self.shortcuts().next().map(|s| shortcut_text(&s))
    }

    /// The palette's actions whose label holds `query` (any case): those starting with
    /// it first, then those with a word starting with it, then the rest, each group in
    /// palette order (so "code" offers Codebook before Import QDA project or codebook).
    pub fn matching(query: &str) -> Vec<Action> {
        let query = query.trim().to_lowercase();
        let mut ranked: Vec<(u8, Action)> = Action::palette()
            .into_iter()
            .filter_map(|a| {
                let label = a.label().to_lowercase();
                let rank = if label.starts_with(&query) {
                    0
                } else if label.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&query)) {
                    1
                } else if label.contains(&query) {
                    2
                } else {
                    return None;
                };
                Some((rank, a))
            })
            .collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        ranked.into_iter().map(|(_, a)| a).collect()
    }

    /// The actions the palette lists, in order, each once.
    pub fn palette() -> Vec<Action> {
        let mut out: Vec<Action> = Vec::new();
        for a in Action::ALL {
            if a.in_palette() && !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }
}

impl From<Action> for UiCommand {
    fn from(a: Action) -> Self {
        UiCommand::Action(a)
    }
}

/// How a shortcut is written for the user: `Ctrl+Shift+S` (`Cmd` on macOS), `Ctrl+=`.
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let names = ModifierNames { is_short: true, ..ModifierNames::NAMES };
    s.format(&names, cfg!(target_os = "macos"))
}

/// Sends the actions whose keys were pressed this frame, as bound in [`SHORTCUTS`].
/// Chords with Ctrl always act; plain keys only when no text field has the keyboard
/// and the action is enabled (so `L` types an L in a note, and links only an
/// annotation that is selected).
pub fn bind_shortcuts(ctx: &egui::Context, state: &AppState, out: &mut Vec<UiCommand>) {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        for (action, shortcut) in SHORTCUTS {
            let plain = shortcut.modifiers.is_none();
            if plain && (typing || !action.enabled(state)) {
                continue;
            }
            let pressed = if plain { i.consume_key(Modifiers::NONE, shortcut.logical_key) } else { i.consume_shortcut(shortcut) };
            if pressed {
                out.push(UiCommand::Action(*action));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Presses `shortcut` in a frame and returns what the shortcut table sends.
    fn press(shortcut: KeyboardShortcut, state: &AppState) -> Vec<UiCommand> {
        let ctx = egui::Context::default();
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key {
            key: shortcut.logical_key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: shortcut.modifiers,
        });
        let mut out = Vec::new();
        let mut output = ctx.run_ui(input, |ui| bind_shortcuts(ui.ctx(), state, &mut out));
        output.textures_delta.clear();
        out
    }

    #[test]
    fn every_bound_key_sends_its_action_and_the_shown_one_is_bound() {
        let mut state = AppState::empty();
        // Plain keys act only when their action is enabled: give them a selection.
        state.view.selection = Some(crate::model::CharRange::new(0, 1));
        state.view.selected = Some(crate::model::AnnotationId(1));
        for (action, shortcut) in SHORTCUTS {
            assert_eq!(press(*shortcut, &state), vec![UiCommand::Action(*action)], "{} should send {action:?}", shortcut_text(shortcut));
        }
        for a in Action::ALL {
            let shown = a.shortcut_text();
            let bound: Vec<String> = a.shortcuts().map(|s| shortcut_text(&s)).collect();
            assert_eq!(shown.as_ref(), bound.first(), "{a:?}: the hint is the first binding");
        }
    }

    #[test]
    fn plain_keys_wait_for_what_they_act_on() {
        let state = AppState::empty();
        assert!(press(KeyboardShortcut::new(NONE, Key::Num1), &state).is_empty(), "no selection: 1 does nothing");
        assert!(press(KeyboardShortcut::new(NONE, Key::L), &state).is_empty());
        assert_eq!(press(KeyboardShortcut::new(CTRL, Key::F), &state), vec![UiCommand::Action(Action::ToggleSearch)]);
    }

    #[test]
    fn the_palette_lists_every_action_once_except_the_contextual_ones() {
        let palette = Action::palette();
        for a in Action::ALL {
            assert_eq!(palette.iter().filter(|p| **p == a).count(), usize::from(a.in_palette()), "{a:?}");
        }
        // Texts are the table's, not kept by hand.
        assert_eq!(Action::Redo.shortcut_text().as_deref(), Some("Ctrl+Shift+Z"));
        assert_eq!(Action::AnnotateClaim.shortcut_text().as_deref(), Some("1"));
    }

    #[test]
    fn palette_matches_start_of_label_first() {
        assert_eq!(Action::matching("codebook").first(), Some(&Action::ToggleCodebook));
        assert_eq!(Action::matching("CODE").first(), Some(&Action::ToggleCodebook));
        assert!(Action::matching("codebook").contains(&Action::ImportQdpx), "still listed");
        assert_eq!(Action::matching("").len(), Action::palette().len());
        assert!(Action::matching("zzz").is_empty());
    }
}
