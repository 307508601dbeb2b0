//! The command palette (Ctrl+Shift+P): find any argument-free command by name; the
//! list, the order and the shortcuts come from the one table in `ui/commands.rs`.

use egui::Key;

use crate::ui::commands::Action;
use crate::ui::state::UiCommand;
use crate::ui::state::windows::Palette;

impl Palette {
    /// The command palette: every [`Action`] by name, with its shortcut; `enabled` says
    /// which can run now (the others are shown greyed).
    pub fn show(&mut self, ctx: &egui::Context, enabled: impl Fn(Action) -> bool, out: &mut Vec<UiCommand>) {
        if !self.open {
            return;
        }
        let mut close = false;
        egui::Window::new("Command palette").collapsible(false).anchor(egui::Align2::CENTER_TOP, [0.0, 60.0]).show(ctx, |ui| {
            let label = ui.label("Command:");
            let r = ui.add(egui::TextEdit::singleline(&mut self.query).desired_width(380.0)).labelled_by(label.id);
            r.request_focus();
            let query = self.query.to_lowercase();
            let matching = Action::matching(&query);
            for a in &matching {
                let text = match a.shortcut_text() {
                    Some(s) => format!("{}    {s}", a.label()),
                    None => a.label().to_string(),
                };
                if ui.add_enabled(enabled(*a), egui::Button::selectable(false, text)).on_hover_text(a.tooltip()).clicked() {
                    out.push((*a).into());
                    close = true;
                }
            }
            if ui.input(|i| i.key_pressed(Key::Enter)) {
                if let Some(first) = matching.iter().find(|a| enabled(**a)) {
                    out.push((*first).into());
                }
                close = true;
            }
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.open = false;
            self.query.clear();
        }
    }
}
