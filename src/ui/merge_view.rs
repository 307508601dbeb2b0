//! The merge conflicts window: what two copies of the project changed differently
//! (recorded by a `git pull` through the merge driver), each with ours / theirs /
//! both. Every choice is one undoable step (`UiCommand::ResolveMergeConflict`).

use egui::RichText;
use serde_json::Value;

use super::state::{AppState, UiCommand};
use crate::model::merge::{Choice, ConflictKind, MergeConflict, Side};

/// A value as the user reads it: text as is, absent as "(none)", the rest as JSON.
fn shown(v: &Option<Value>) -> String {
    match v {
        None => "(none)".to_string(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// The labels of the choices for one conflict (`None`: the choice does not apply).
fn choices(c: &MergeConflict) -> [(Choice, Option<&'static str>); 3] {
    match (c.kind, c.field.is_empty(), c.deleted_by()) {
        (ConflictKind::Deleted | ConflictKind::Dangling, true, Some(side)) => {
            let (ours, theirs) = if side == Side::Ours { ("Delete (ours)", "Keep (theirs)") } else { ("Keep (ours)", "Delete (theirs)") };
            [(Choice::Ours, Some(ours)), (Choice::Theirs, Some(theirs)), (Choice::Both, None)]
        }
        (ConflictKind::Added, _, _) => [(Choice::Ours, Some("Ours")), (Choice::Theirs, Some("Theirs")), (Choice::Both, None)],
        _ => [(Choice::Ours, Some("Ours")), (Choice::Theirs, Some("Theirs")), (Choice::Both, Some("Both"))],
    }
}

pub fn window(ctx: &egui::Context, state: &mut AppState, out: &mut Vec<UiCommand>) {
    if !state.windows.merge_conflicts {
        return;
    }
    let mut open = true;
    egui::Window::new("Merge conflicts").open(&mut open).default_size([520.0, 420.0]).show(ctx, |ui| {
        let conflicts = &state.session.project.merge_conflicts;
        if conflicts.is_empty() {
            ui.label("No merge conflicts: the copies agreed on everything.");
            return;
        }
        ui.label(format!(
            "{} change(s) made differently in two copies of this project. Pick what to keep; each choice can be undone.",
            conflicts.len()
        ));
        ui.separator();
        egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
            for (i, c) in conflicts.iter().enumerate() {
                ui.push_id(i, |ui| {
                    let what = if c.field.is_empty() { c.entity.to_string() } else { format!("{} — {}", c.entity, c.field) };
                    ui.label(RichText::new(what).strong());
                    match c.kind {
                        ConflictKind::Deleted | ConflictKind::Dangling if c.field.is_empty() => {
                            ui.label(c.describe());
                        }
                        _ => {
                            egui::Grid::new("values").num_columns(2).show(ui, |ui| {
                                ui.label("ours:");
                                ui.label(shown(&c.ours));
                                ui.end_row();
                                ui.label("theirs:");
                                ui.label(shown(&c.theirs));
                                ui.end_row();
                            });
                        }
                    }
                    ui.horizontal(|ui| {
                        for (choice, label) in choices(c) {
                            if let Some(label) = label
                                && ui.button(label).clicked()
                            {
                                out.push(UiCommand::ResolveMergeConflict(i, choice));
                            }
                        }
                    });
                    ui.separator();
                });
            }
        });
    });
    if !open {
        state.windows.merge_conflicts = false;
    }
}
