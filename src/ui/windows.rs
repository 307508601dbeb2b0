//! Floating windows: codebook, command palette, link picker, notifications, the
//! typed-path prompt, the unsaved-changes question, and toasts.

use egui::{Color32, Key, RichText};

use super::commands::Action;
use super::panels::{short_quote, tag_colour};
use super::state::{AppState, PathQuestion, UiCommand};
use crate::model::{AnnotationId, Relation, annotation::TAG_PALETTE};

/// Text typed into windows (not project data).
#[derive(Default)]
pub struct WindowInputs {
    pub new_tag: String,
    pub rename: Option<(String, String)>,
    pub merge_from: Option<String>,
    pub palette_query: String,
    pub link_query: String,
    pub link_relation: Option<Relation>,
    /// The annotation the link picker was last opened for (to focus its search once).
    pub link_opened_for: Option<AnnotationId>,
}

pub fn codebook(ctx: &egui::Context, state: &mut AppState, inputs: &mut WindowInputs, out: &mut Vec<UiCommand>) {
    let mut open = state.show_codebook;
    egui::Window::new("Codebook").open(&mut open).default_width(360.0).show(ctx, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("New tag:");
            let r = ui.add(egui::TextEdit::singleline(&mut inputs.new_tag).desired_width(160.0)).labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (ui.button("Create").clicked() || enter) && !inputs.new_tag.trim().is_empty() {
                out.push(UiCommand::CreateTag(std::mem::take(&mut inputs.new_tag).trim().to_string()));
            }
        });
        ui.separator();
        let names: Vec<String> = state.session.project.tags.keys().cloned().collect();
        if names.is_empty() {
            ui.label("No tags yet.");
        }
        for name in names {
            let count = state.session.project.annotations.values().filter(|a| a.has_tag(&name)).count();
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(" {name} ")).background_color(tag_colour(&state.session.project, &name)).color(Color32::BLACK),
                );
                ui.label(format!("{count}×"));
                ui.menu_button("Colour", |ui| {
                    for c in TAG_PALETTE {
                        let rgb = crate::model::annotation::parse_hex_colour(c).unwrap_or([200, 200, 200]);
                        if ui.add(egui::Button::new("      ").fill(Color32::from_rgb(rgb[0], rgb[1], rgb[2]))).clicked() {
                            out.push(UiCommand::RecolourTag(name.clone(), c.to_string()));
                            ui.close();
                        }
                    }
                });
                if ui.small_button("Rename").clicked() {
                    inputs.rename = Some((name.clone(), name.clone()));
                }
                if ui.small_button("Merge into…").clicked() {
                    inputs.merge_from = Some(name.clone());
                }
                if ui.small_button("Delete").clicked() {
                    out.push(UiCommand::DeleteTag(name.clone()));
                }
            });
        }
        if let Some((old, mut new)) = inputs.rename.clone() {
            ui.separator();
            let label = ui.label(format!("Rename `{old}` to:"));
            let r = ui.add(egui::TextEdit::singleline(&mut new)).labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            inputs.rename = Some((old.clone(), new.clone()));
            ui.horizontal(|ui| {
                if ui.button("Rename").clicked() || enter {
                    out.push(UiCommand::RenameTag(old.clone(), new.trim().to_string()));
                    inputs.rename = None;
                } else if ui.button("Cancel").clicked() {
                    inputs.rename = None;
                }
            });
        }
        if let Some(from) = inputs.merge_from.clone() {
            ui.separator();
            ui.label(format!("Merge `{from}` into:"));
            ui.horizontal_wrapped(|ui| {
                for into in state.session.project.tags.keys().filter(|n| **n != from) {
                    if ui.button(into).clicked() {
                        out.push(UiCommand::MergeTags(from.clone(), into.clone()));
                        inputs.merge_from = None;
                    }
                }
                if ui.button("Cancel").clicked() {
                    inputs.merge_from = None;
                }
            });
        }
    });
    state.show_codebook = open;
}

pub fn palette(ctx: &egui::Context, state: &mut AppState, inputs: &mut WindowInputs, out: &mut Vec<UiCommand>) {
    if !state.show_palette {
        return;
    }
    let mut close = false;
    egui::Window::new("Command palette").collapsible(false).anchor(egui::Align2::CENTER_TOP, [0.0, 60.0]).show(ctx, |ui| {
        let label = ui.label("Command:");
        let r = ui.add(egui::TextEdit::singleline(&mut inputs.palette_query).desired_width(380.0)).labelled_by(label.id);
        r.request_focus();
        let query = inputs.palette_query.to_lowercase();
        let matching = Action::matching(&query);
        for a in &matching {
            let text = match a.shortcut_text() {
                Some(s) => format!("{}    {s}", a.label()),
                None => a.label().to_string(),
            };
            if ui.add_enabled(a.enabled(state), egui::Button::selectable(false, text)).on_hover_text(a.tooltip()).clicked() {
                out.push((*a).into());
                close = true;
            }
        }
        if ui.input(|i| i.key_pressed(Key::Enter)) {
            if let Some(first) = matching.iter().find(|a| a.enabled(state)) {
                out.push((*first).into());
            }
            close = true;
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            close = true;
        }
    });
    if close {
        state.show_palette = false;
        inputs.palette_query.clear();
    }
}

pub fn link_picker(ctx: &egui::Context, state: &mut AppState, inputs: &mut WindowInputs, out: &mut Vec<UiCommand>) {
    let Some(from) = state.link_from else {
        inputs.link_opened_for = None;
        return;
    };
    let mut open = true;
    egui::Window::new("Link to…").open(&mut open).default_width(420.0).show(ctx, |ui| {
        if let Some(a) = state.session.project.annotations.get(&from) {
            ui.label(format!("From {from}: {}", short_quote(&state.session.project, a, 80)));
        }
        ui.horizontal(|ui| {
            ui.label("Relation:");
            for r in Relation::ALL {
                if ui.selectable_label(inputs.link_relation.unwrap_or(Relation::Contradicts) == r, r.as_str()).clicked() {
                    inputs.link_relation = Some(r);
                }
            }
        });
        let label = ui.label("Search annotations (quote, note or tag):");
        let search = ui.add(egui::TextEdit::singleline(&mut inputs.link_query).desired_width(f32::INFINITY)).labelled_by(label.id);
        if inputs.link_opened_for != Some(from) {
            inputs.link_opened_for = Some(from);
            search.request_focus();
        }
        let q = inputs.link_query.to_lowercase();
        let relation = inputs.link_relation.unwrap_or(Relation::Contradicts);
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            let candidates: Vec<(AnnotationId, String)> = state
                .session
                .project
                .annotations
                .values()
                .filter(|a| a.id != from)
                .filter(|a| {
                    q.is_empty()
                        || a.anchor.exact.to_lowercase().contains(&q)
                        || a.note.to_lowercase().contains(&q)
                        || a.tags.iter().any(|t| t.to_lowercase().contains(&q))
                })
                .map(|a| {
                    let title = state.session.project.sources.get(&a.source).map(|s| s.display_title()).unwrap_or_default();
                    (
                        a.id,
                        format!(
                            "{} {} · {}: {}",
                            a.id,
                            a.kind.label(),
                            title.chars().take(30).collect::<String>(),
                            short_quote(&state.session.project, a, 60)
                        ),
                    )
                })
                .collect();
            // Enter links to the only match, as a picker with one answer should.
            let enter = candidates.len() == 1 && ui.input(|i| i.key_pressed(Key::Enter));
            for (id, text) in candidates {
                if ui.selectable_label(false, text).on_hover_text(format!("Link {from} {relation} {id}")).clicked() || enter {
                    out.push(UiCommand::Link(from, id, relation));
                    inputs.link_query.clear();
                }
            }
        });
    });
    if !open {
        state.link_from = None;
    }
}

pub fn notifications(ctx: &egui::Context, state: &mut AppState) {
    let mut open = state.show_notifications;
    egui::Window::new("Notifications").open(&mut open).default_width(420.0).show(ctx, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for n in state.notices.iter().rev() {
                let colour = if n.is_error { Color32::from_rgb(220, 80, 80) } else { ui.visuals().text_color() };
                ui.colored_label(colour, &n.text);
            }
            if state.notices.is_empty() {
                ui.label("Nothing yet.");
            }
        });
    });
    state.show_notifications = open;
}

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

pub fn toasts(ctx: &egui::Context, state: &mut AppState, out: &mut Vec<UiCommand>) {
    if state.unread == 0 || state.notices.is_empty() {
        return;
    }
    let now = std::time::Instant::now();
    let from = state.notices.len().saturating_sub(state.unread);
    // Plain results leave after a few seconds; errors stay until dismissed. The four newest shown.
    let mut recent: Vec<_> = state.notices[from..].iter().filter(|n| n.shown_at(now)).cloned().collect();
    let first = recent.len().saturating_sub(4);
    recent.drain(..first);
    if recent.is_empty() {
        state.unread = 0;
        return;
    }
    // Wake up exactly when the next plain toast is due to leave, not before.
    if let Some(next) = recent.iter().filter(|n| !n.is_error).map(|n| (n.at + super::state::TOAST_FOR).saturating_duration_since(now)).min()
    {
        ctx.request_repaint_after(next);
    }
    let mut dismiss = false;
    // Bottom centre, above the status bar: over the reader rather than over the inspector's fields.
    egui::Area::new(egui::Id::unique("toasts")).anchor(egui::Align2::CENTER_BOTTOM, [0.0, -36.0]).show(ctx, |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            ui.set_max_width(420.0);
            for n in &recent {
                let colour = if n.is_error { Color32::from_rgb(220, 80, 80) } else { ui.visuals().text_color() };
                ui.colored_label(colour, &n.text);
            }
            ui.horizontal(|ui| {
                dismiss = ui.button("Dismiss").clicked();
                if state.session.save_conflict {
                    if ui.button("Reload from disk (drops the changes made here)").clicked() {
                        out.push(UiCommand::Action(Action::ReloadFromDisk));
                        dismiss = true;
                    }
                    if ui.button("Overwrite").clicked() {
                        out.push(UiCommand::Action(Action::SaveOverwriting));
                        dismiss = true;
                    }
                }
                if state.session.save_failed && ui.button(UiCommand::Action(Action::SaveProjectAs).label()).clicked() {
                    out.push(UiCommand::Action(Action::SaveProjectAs));
                    dismiss = true;
                }
            });
        });
    });
    if dismiss {
        state.unread = 0;
    }
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
