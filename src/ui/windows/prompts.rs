//! Questions the app asks in a small window: a path typed when no native file
//! dialog is available, a new project's title, and Save / Discard / Cancel on close.

use egui::{Key, RichText};

use crate::ui::state::{AppState, PathQuestion, UiCommand};

/// Asks for a path by typing, when no native file dialog is available.
pub fn path_prompt(ctx: &egui::Context, state: &mut AppState) {
    let Some((question, mut text)) = state.path_prompt.clone() else {
        return;
    };
    let mut answer = None;
    let mut open = true;
    // The field takes the keyboard once per question, so the first keystrokes land in it.
    let focused_for = egui::Id::unique("path prompt focused for");
    let needs_focus = ctx.data(|d| d.get_temp::<PathQuestion>(focused_for)) != Some(question);
    prompt_window(ctx, question.title(), &mut open).min_width(460.0).show(ctx, |ui| {
        let label = ui.label("Path:");
        let multi = question == PathQuestion::AddDocuments;
        let edit = if multi { egui::TextEdit::multiline(&mut text) } else { egui::TextEdit::singleline(&mut text) };
        let field = ui.add(edit.desired_width(420.0)).labelled_by(label.id);
        if needs_focus {
            field.request_focus();
            ui.ctx().data_mut(|d| d.insert_temp(focused_for, question));
        }
        if multi {
            ui.label(egui::RichText::new("One path per line; Ctrl+Enter adds them.").weak());
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(Vec::new());
        }
        let submit =
            if multi { ui.input(|i| i.key_pressed(Key::Enter) && i.modifiers.command) } else { ui.input(|i| i.key_pressed(Key::Enter)) };
        if submit {
            answer = Some(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(std::path::PathBuf::from).collect());
        }
        if let Some(recent) = (question == PathQuestion::OpenProject).then(|| state.recent.clone()) {
            for p in recent {
                if ui.link(p.display().to_string()).clicked() {
                    answer = Some(vec![p]);
                }
            }
        }
        ui.horizontal(|ui| {
            if ui.button("OK").clicked() {
                answer = Some(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(std::path::PathBuf::from).collect());
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Vec::new());
            }
        });
    });
    let closed = answer.is_some() || !open;
    match answer {
        Some(paths) => state.answer_path(question, paths),
        None if !open => state.path_prompt = None,
        None => state.path_prompt = Some((question, text)),
    }
    if closed {
        ctx.data_mut(|d| d.remove::<PathQuestion>(focused_for));
    }
}

/// What the user chose when closing with unsaved changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseChoice {
    Save,
    Discard,
    Cancel,
}

pub fn close_question(ctx: &egui::Context) -> Option<CloseChoice> {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("close question")).show(ctx, |ui| {
        ui.heading("Save changes before closing?");
        ui.label("Your project has changes that are not saved yet.");
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(CloseChoice::Save);
            }
            if ui.button("Discard").clicked() {
                choice = Some(CloseChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(CloseChoice::Cancel);
            }
        });
    });
    choice
}

/// The first step of New project: its title (a project is named by what it is about,
/// not by its folder). Enter goes on to the folder question; Escape cancels.
pub fn title_prompt(ctx: &egui::Context, state: &mut AppState, out: &mut Vec<UiCommand>) {
    let Some(mut title) = state.title_prompt.clone() else {
        return;
    };
    let mut open = true;
    let mut done = None;
    prompt_window(ctx, "New project", &mut open).min_width(420.0).show(ctx, |ui| {
        let label = ui.label("Title:");
        let field = ui.add(egui::TextEdit::singleline(&mut title).desired_width(380.0).hint_text("e.g. Korean migration to Mexico, 1905"));
        let field = field.labelled_by(label.id);
        if !field.has_focus() && ctx.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        ui.label(RichText::new("Next you choose the folder that will hold the project.").weak());
        let enter = ui.input(|i| i.key_pressed(Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("Next…").clicked() || enter {
                done = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                done = Some(false);
            }
        });
    });
    match done {
        Some(true) => out.push(UiCommand::NewProjectTitled(title)),
        Some(false) => state.title_prompt = None,
        None if !open => state.title_prompt = None,
        None => state.title_prompt = Some(title),
    }
}

/// A question window: centred near the top of the app, not collapsible.
fn prompt_window<'o>(ctx: &egui::Context, title: &str, open: &'o mut bool) -> egui::Window<'o> {
    let centre = ctx.content_rect().center_top() + egui::vec2(0.0, 80.0);
    egui::Window::new(title).open(open).collapsible(false).pivot(egui::Align2::CENTER_TOP).default_pos(centre)
}
