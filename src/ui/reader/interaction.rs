//! What the pointer and keyboard do in the reader: hovering (annotation and note
//! cards), clicking (select an annotation, follow a note marker and back, Shift+click
//! to extend), double and triple clicks (word, paragraph), dragging, Shift+arrows,
//! and the toolbar at the selection.

use egui::{Key, Modifiers};

use super::Highlight;
use super::layout::{Shown, ShownOffset, ShownRange};
use super::paint::hover_details;
use crate::model::structure::{self, Marker, Note};
use crate::model::{AnchorStatus, AnnotationId, CharRange, Kind, SourceId};
use crate::ui::commands::Action;
use crate::ui::state::{AppState, UiCommand};

/// Shift+Left/Right (Ctrl for words) extends the selection's end.
pub(super) fn keyboard_selection(ui: &egui::Ui, state: &mut AppState, shown: &Shown<'_>) {
    let Some(sel) = state.view.selection else { return };
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let (right, left, word) = ui.input_mut(|i| {
        let word = i.modifiers.command;
        let mods = if word { Modifiers::SHIFT | Modifiers::COMMAND } else { Modifiers::SHIFT };
        (i.consume_key(mods, Key::ArrowRight), i.consume_key(mods, Key::ArrowLeft), word)
    });
    if !right && !left {
        return;
    }
    let r = shown.shown_of_stored(sel);
    let chars: Vec<char> = shown.text.chars().collect();
    let mut end = r.end.0;
    let step = |end: &mut usize, forward: bool| {
        if forward && *end < shown.len() {
            *end += 1;
        } else if !forward && *end > r.start.0 + 1 {
            *end -= 1;
        }
    };
    step(&mut end, right);
    while word && end > r.start.0 + 1 && end < chars.len() && chars[end - 1].is_alphanumeric() {
        step(&mut end, right);
    }
    state.view.selection = Some(shown.to_stored(ShownRange::new(r.start.0, end)));
}

/// The selection toolbar, its bottom-left corner at `pos` (the top of the selection's first line).
pub(super) fn selection_toolbar(ctx: &egui::Context, pos: egui::Pos2, state: &AppState, out: &mut Vec<UiCommand>) {
    egui::Area::new(egui::Id::unique("selection toolbar"))
        .fixed_pos(pos + egui::vec2(0.0, -2.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        // Among the windows, not above them: an open search or export window covers it.
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let mut buttons: Vec<Action> = Kind::ALL.into_iter().filter(|k| *k != Kind::Note).map(Action::annotate).collect();
                    buttons.push(Action::AnnotateAndTag);
                    buttons.push(Action::AnnotateNote);
                    for a in buttons {
                        let hint = a.shortcut_text().unwrap_or_default();
                        let text = if a == Action::AnnotateNote { "Note…" } else { a.label() };
                        if ui.button(text).on_hover_text(format!("{} (shortcut: {hint})", a.tooltip())).clicked() {
                            out.push(a.into());
                        }
                    }
                    if state.view.selected.is_some_and(|id| {
                        state.session.project.annotations.get(&id).is_some_and(|a| a.anchor.status == AnchorStatus::Orphan)
                    }) && ui.button("Re-attach").clicked()
                    {
                        out.push(UiCommand::Action(Action::ReattachSelected));
                    }
                });
            });
        });
}

/// One painted paragraph, as the pointer sees it.
pub(super) struct Painted<'a> {
    pub(super) response: &'a egui::Response,
    pub(super) galley: &'a std::sync::Arc<egui::Galley>,
    pub(super) rect: egui::Rect,
    /// Shown offset of the paragraph's first char, its text and its length in chars.
    pub(super) start: usize,
    pub(super) text: &'a str,
    pub(super) len: usize,
}

/// What the pointer can act on, the same for every paragraph of a frame.
pub(super) struct PointerInput<'a> {
    pub(super) state: &'a AppState,
    pub(super) shown: &'a Shown<'a>,
    /// Highlights in shown offsets, sorted by start.
    pub(super) highlights: &'a [Highlight],
    /// Note markers and notes (reading view only; empty in the original layout).
    pub(super) markers: &'a [Marker],
    pub(super) notes: &'a [Note],
    pub(super) selection: Option<ShownRange>,
    pub(super) source: SourceId,
}

/// Hover cards, clicks, double/triple clicks and drags on one paragraph. A new
/// selection (stored range, or `Some(None)` to clear it) is left in `new_selection`
/// and applied after the frame; commands go to `out`.
pub(super) fn pointer(
    ui: &egui::Ui,
    painted: &Painted<'_>,
    input: &PointerInput<'_>,
    drag_anchor: &mut Option<usize>,
    new_selection: &mut Option<Option<CharRange>>,
    out: &mut Vec<UiCommand>,
) {
    let Painted { response, galley, rect, start, text: para, len } = *painted;
    let PointerInput { state, shown, highlights, markers, notes: note_list, selection, source } = *input;
    let doc = shown.doc;
    let offset_at = |pos: egui::Pos2| start + galley.cursor_from_pos(pos - rect.min).index.0.min(len);
    let covering =
        |o: usize| highlights.iter().filter(move |h| h.range.contains(ShownOffset(o)) || (h.range.end.0 == o + 1 && o + 1 == start + len));

    if response.hovered()
        && let Some(pos) = response.hover_pos()
    {
        let at = offset_at(pos);
        let hits: Vec<AnnotationId> = covering(at).map(|h| h.id).collect();
        // Notes next to what is under the pointer: a marker itself, or one right
        // after the hovered highlight (`over 1,000[1]` shows note 1).
        let near: Vec<&Note> = markers
            .iter()
            .filter(|m| {
                shown.shown_of_reading(m.range).contains(ShownOffset(at))
                    || highlights
                        .iter()
                        .any(|h| hits.contains(&h.id) && m.range.start.0 >= h.range.end.0 && m.range.start.0 <= h.range.end.0 + 1)
            })
            .filter_map(|m| structure::note_for(m, note_list))
            .collect();
        if !hits.is_empty() || !near.is_empty() {
            response.clone().on_hover_ui_at_pointer(|ui| {
                hover_details(ui, state, &hits);
                for n in near {
                    ui.separator();
                    ui.label(egui::RichText::new(&n.text).italics());
                }
            });
        }
    }
    if response.drag_started() {
        // Anchor where the button went down, not where the drag was recognised.
        let pressed = ui.input(|i| i.pointer.press_origin()).or(response.interact_pointer_pos());
        *drag_anchor = pressed.map(offset_at);
    }
    if response.clicked() {
        let at = response.interact_pointer_pos().map(offset_at);
        let shift = ui.input(|i| i.modifiers.shift);
        match (at, selection) {
            (Some(o), Some(sel)) if shift => {
                // Shift+click extends the selection to the click.
                let r = ShownRange::new(sel.start.0.min(o), sel.end.0.max(o));
                *new_selection = Some(Some(shown.to_stored(r)));
            }
            (Some(o), _) if markers.iter().any(|m| shown.shown_of_reading(m.range).contains(ShownOffset(o))) => {
                // A marker jumps to its note.
                if let Some(note) = markers
                    .iter()
                    .find(|m| shown.shown_of_reading(m.range).contains(ShownOffset(o)))
                    .and_then(|m| structure::note_for(m, note_list))
                {
                    out.push(UiCommand::RevealRange(source, doc.reading.range_to_stored(note.range)));
                }
            }
            (Some(o), _) if note_list.iter().any(|n| n.range.start.0 <= o && o < n.range.start.0 + 5) => {
                // A note's number jumps back to the first marker pointing to it.
                let note = note_list.iter().find(|n| n.range.start.0 <= o && o < n.range.start.0 + 5);
                let back = note.and_then(|n| markers.iter().find(|m| structure::note_for(m, note_list) == Some(n)));
                if let Some(m) = back {
                    out.push(UiCommand::RevealRange(source, doc.reading.range_to_stored(m.range)));
                }
            }
            (at, _) => {
                // A click on a highlight selects its annotation; elsewhere it clears.
                let hit = at.and_then(|o| covering(o).next_back().map(|h| h.id));
                out.push(UiCommand::SelectAnnotation(hit));
                *new_selection = Some(None);
                *drag_anchor = at;
            }
        }
    }
    // Double-click selects the word under the pointer, triple-click the paragraph
    // (the second and third clicks also count as clicks above: these win).
    if response.triple_clicked() {
        *new_selection = Some(Some(shown.to_stored(ShownRange::new(start, start + len))));
    } else if response.double_clicked()
        && let Some(word) = response.interact_pointer_pos().map(offset_at).and_then(|o| crate::model::text_units::word_at(para, o - start))
    {
        *new_selection = Some(Some(shown.to_stored(ShownRange::new(start + word.0, start + word.1))));
    }
    if (response.dragged() || response.drag_stopped())
        && let (Some(anchor), Some(pos)) = (*drag_anchor, ui.ctx().pointer_latest_pos())
    {
        let head = offset_at(pos);
        let (a, b) = if head < anchor { (head, anchor) } else { (anchor, head) };
        if b > a {
            *new_selection = Some(Some(shown.to_stored(ShownRange::new(a, b))));
        }
    }
}
