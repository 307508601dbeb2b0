//! The notifications window and the toasts: every message reaches the user once, as
//! a toast (plain ones leave after a few seconds, errors stay), and stays listed here.

use egui::Color32;

use crate::ui::commands::Action;
use crate::ui::state::windows::Notifications;
use crate::ui::state::{AppState, Notice, UiCommand};

impl Notifications {
    /// Every message of this session, newest first.
    pub fn show(&mut self, ctx: &egui::Context, notices: &[Notice]) {
        let mut open = self.open;
        egui::Window::new("Notifications").open(&mut open).default_width(420.0).show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for n in notices.iter().rev() {
                    let colour = if n.is_error { Color32::from_rgb(220, 80, 80) } else { ui.visuals().text_color() };
                    ui.colored_label(colour, &n.text);
                }
                if notices.is_empty() {
                    ui.label("Nothing yet.");
                }
            });
        });
        self.open = open;
    }
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
    if let Some(next) =
        recent.iter().filter(|n| !n.is_error).map(|n| (n.at + crate::ui::state::TOAST_FOR).saturating_duration_since(now)).min()
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
