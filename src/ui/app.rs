//! The eframe app: panels read [`AppState`] and send [`UiCommand`]s, applied after
//! the frame is drawn.

use egui::{Color32, Key, KeyboardShortcut, Modifiers};

use super::reader;
use super::state::{AppState, UiCommand};
use crate::model::{AnchorStatus, Kind};

/// The desktop app.
pub struct MarginaliaApp {
    pub state: AppState,
    /// Text of the "add tag" field in the inspector.
    tag_input: String,
    reader: reader::ReaderState,
}

impl MarginaliaApp {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            tag_input: String::new(),
            reader: reader::ReaderState::default(),
        }
    }

    /// Draws one frame into `ui` and applies the commands it produced.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        shortcuts(ui.ctx(), &self.state, &mut commands);
        menu_bar(ui, &self.state, &mut commands);
        status_bar(ui, &self.state);
        sources_panel(ui, &self.state, &mut commands);
        annotations_panel(ui, &self.state, &mut self.tag_input, &mut commands);
        egui::CentralPanel::default().show(ui, |ui| {
            reader::show(ui, &mut self.state, &mut self.reader, &mut commands);
        });
        toasts(ui.ctx(), &mut self.state);
        for c in commands {
            self.state.run(c);
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = window_title(&self.state);
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::Title(title));
        self.frame(ui);
    }
}

fn window_title(state: &AppState) -> String {
    let name = state
        .project_path()
        .map_or("Marginalia".to_string(), |p| p.display().to_string());
    let dirty = if state.history.is_modified() {
        "● "
    } else {
        ""
    };
    format!("{dirty}{name} — Marginalia")
}

fn shortcuts(ctx: &egui::Context, state: &AppState, out: &mut Vec<UiCommand>) {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S)) {
            out.push(UiCommand::Save);
        }
        if i.consume_shortcut(&KeyboardShortcut::new(
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::Z,
        )) || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))
        {
            out.push(UiCommand::Redo);
        }
        if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)) {
            out.push(UiCommand::Undo);
        }
        if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::L)) {
            out.push(UiCommand::ToggleOriginal);
        }
        if typing {
            return;
        }
        if state.selection.is_some() {
            let keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
            for (key, kind) in keys.into_iter().zip(Kind::ALL) {
                if i.consume_key(Modifiers::NONE, key) {
                    out.push(UiCommand::Annotate(kind));
                }
            }
        }
        if state.selected.is_some() && i.consume_key(Modifiers::NONE, Key::Delete) {
            out.push(UiCommand::DeleteAnnotation);
        }
    });
}

fn command_button(ui: &mut egui::Ui, command: UiCommand, enabled: bool, out: &mut Vec<UiCommand>) {
    let mut button = egui::Button::new(command.label());
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(s);
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(command);
        ui.close();
    }
}

fn menu_bar(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<UiCommand>) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                command_button(ui, UiCommand::Save, state.folder.is_some(), out)
            });
            ui.menu_button("Edit", |ui| {
                command_button(ui, UiCommand::Undo, state.history.can_undo(), out);
                command_button(ui, UiCommand::Redo, state.history.can_redo(), out);
                command_button(
                    ui,
                    UiCommand::DeleteAnnotation,
                    state.selected.is_some(),
                    out,
                );
            });
            ui.menu_button("Annotate", |ui| {
                for kind in Kind::ALL {
                    command_button(
                        ui,
                        UiCommand::Annotate(kind),
                        state.selection.is_some(),
                        out,
                    );
                }
            });
            ui.menu_button("View", |ui| {
                command_button(ui, UiCommand::ToggleOriginal, true, out)
            });
        });
    });
}

fn status_bar(ui: &mut egui::Ui, state: &AppState) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            let path = state
                .project_path()
                .map_or("no project".to_string(), |p| p.display().to_string());
            ui.label(path);
            ui.separator();
            ui.label(if state.history.is_modified() {
                "unsaved changes"
            } else {
                "saved"
            });
            ui.separator();
            let orphans = state
                .project
                .annotations
                .values()
                .filter(|a| a.anchor.status == AnchorStatus::Orphan)
                .count();
            ui.label(format!(
                "{} annotations, {orphans} orphaned",
                state.project.annotations.len()
            ));
        });
    });
}

fn sources_panel(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<UiCommand>) {
    egui::Panel::left("sources")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.heading("Sources");
            egui::ScrollArea::vertical().show(ui, |ui| {
                for s in state.project.sources.values() {
                    let count = state
                        .project
                        .annotations
                        .values()
                        .filter(|a| a.source == s.id)
                        .count();
                    let author = s.meta.authors.first().map_or("", |p| p.short());
                    let year = s.meta.year().map(|y| y.to_string()).unwrap_or_default();
                    let text = format!(
                        "{}\n{author} {year} · {count} annotations",
                        s.display_title()
                    );
                    if ui
                        .selectable_label(state.current == Some(s.id), text)
                        .clicked()
                    {
                        out.push(UiCommand::OpenSource(s.id));
                    }
                }
            });
        });
}

fn annotations_panel(
    ui: &mut egui::Ui,
    state: &AppState,
    tag_input: &mut String,
    out: &mut Vec<UiCommand>,
) {
    egui::Panel::right("annotations")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ui.heading("Annotations");
            let Some(source) = state.current else {
                ui.label("Open a source to see its annotations.");
                return;
            };
            egui::ScrollArea::vertical()
                .max_height(ui.available_height() * 0.5)
                .id_salt("annotation list")
                .show(ui, |ui| {
                    for a in state.project.annotations_of(source) {
                        let quote: String = a
                            .anchor
                            .exact
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        let short: String = quote.chars().take(60).collect();
                        let orphan = if a.anchor.status == AnchorStatus::Orphan {
                            " (orphan)"
                        } else {
                            ""
                        };
                        let text = format!("{} {}{orphan}: {short}", a.id, a.kind.label());
                        if ui
                            .selectable_label(state.selected == Some(a.id), text)
                            .clicked()
                        {
                            out.push(UiCommand::SelectAnnotation(Some(a.id)));
                        }
                    }
                });
            ui.separator();
            inspector(ui, state, tag_input, out);
        });
}

fn inspector(
    ui: &mut egui::Ui,
    state: &AppState,
    tag_input: &mut String,
    out: &mut Vec<UiCommand>,
) {
    let Some(a) = state
        .selected
        .and_then(|id| state.project.annotations.get(&id))
    else {
        ui.label("Select text in the reader and press 1–5 (Claim, Figure, Quote, Question, Note).");
        return;
    };
    ui.heading(format!("{} · {}", a.kind.label(), a.id));
    ui.label(format!("status: {}", a.anchor.status.as_str()));
    ui.horizontal_wrapped(|ui| {
        ui.label("Tags:");
        for t in &a.tags {
            let colour = state
                .project
                .tags
                .get(t)
                .and_then(|t| t.rgb())
                .map_or(Color32::LIGHT_YELLOW, |[r, g, b]| {
                    Color32::from_rgb(r, g, b)
                });
            ui.label(
                egui::RichText::new(t)
                    .background_color(colour)
                    .color(Color32::BLACK),
            );
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("New tag:");
        let response = ui
            .add(egui::TextEdit::singleline(tag_input).desired_width(120.0))
            .labelled_by(label.id);
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(Key::Enter))
            && !tag_input.trim().is_empty()
        {
            out.push(UiCommand::AddTag(a.id, std::mem::take(tag_input)));
        }
    });
    let label = ui.label("Note:");
    let mut note = a.note.clone();
    if ui
        .add(egui::TextEdit::multiline(&mut note).desired_rows(4))
        .labelled_by(label.id)
        .changed()
    {
        out.push(UiCommand::SetNote(a.id, note));
    }
    for link in state.project.links_of(a.id) {
        let other = if link.from == a.id {
            link.to
        } else {
            link.from
        };
        ui.label(format!("{} {} {other}", link.from, link.relation));
    }
    if ui.button("Delete annotation").clicked() {
        out.push(UiCommand::DeleteAnnotation);
    }
}

fn toasts(ctx: &egui::Context, state: &mut AppState) {
    // Show the latest unread notices in a corner; they stay in `state.notices`.
    let shown_from = state.notices.len() - state.unread.min(state.notices.len());
    let recent: Vec<_> =
        state.notices[shown_from.min(state.notices.len().saturating_sub(3))..].to_vec();
    if recent.is_empty() || state.unread == 0 {
        return;
    }
    let mut dismiss = false;
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                for n in &recent {
                    let colour = if n.is_error {
                        Color32::from_rgb(200, 60, 60)
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(colour, &n.text);
                }
                dismiss = ui.button("Dismiss").clicked();
            });
        });
    if dismiss {
        state.unread = 0;
    }
}
