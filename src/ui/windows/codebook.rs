//! The codebook window: the project's tags with their colours and counts; create,
//! recolour, rename, merge into another, delete (each one undoable command).

use egui::{Color32, Key, RichText};

use crate::model::Project;
use crate::model::annotation::TAG_PALETTE;
use crate::ui::panels::tag_colour;
use crate::ui::state::UiCommand;
use crate::ui::state::windows::Codebook;

impl Codebook {
    /// The codebook window: create, recolour, rename, merge and delete tags of `project`.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, out: &mut Vec<UiCommand>) {
        let mut open = self.open;
        egui::Window::new("Codebook").open(&mut open).default_width(360.0).show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("New tag:");
                let r = ui.add(egui::TextEdit::singleline(&mut self.new_tag).desired_width(160.0)).labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui.button("Create").clicked() || enter) && !self.new_tag.trim().is_empty() {
                    out.push(UiCommand::CreateTag(std::mem::take(&mut self.new_tag).trim().to_string()));
                }
            });
            ui.separator();
            let names: Vec<String> = project.tags.keys().cloned().collect();
            if names.is_empty() {
                ui.label("No tags yet.");
            }
            for name in names {
                let count = project.annotations.values().filter(|a| a.has_tag(&name)).count();
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!(" {name} ")).background_color(tag_colour(project, &name)).color(Color32::BLACK));
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
                        self.rename = Some((name.clone(), name.clone()));
                    }
                    if ui.small_button("Merge into…").clicked() {
                        self.merge_from = Some(name.clone());
                    }
                    if ui.small_button("Delete").clicked() {
                        out.push(UiCommand::DeleteTag(name.clone()));
                    }
                });
            }
            if let Some((old, mut new)) = self.rename.clone() {
                ui.separator();
                let label = ui.label(format!("Rename `{old}` to:"));
                let r = ui.add(egui::TextEdit::singleline(&mut new)).labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                self.rename = Some((old.clone(), new.clone()));
                ui.horizontal(|ui| {
                    if ui.button("Rename").clicked() || enter {
                        out.push(UiCommand::RenameTag(old.clone(), new.trim().to_string()));
                        self.rename = None;
                    } else if ui.button("Cancel").clicked() {
                        self.rename = None;
                    }
                });
            }
            if let Some(from) = self.merge_from.clone() {
                ui.separator();
                ui.label(format!("Merge `{from}` into:"));
                ui.horizontal_wrapped(|ui| {
                    for into in project.tags.keys().filter(|n| **n != from) {
                        if ui.button(into).clicked() {
                            out.push(UiCommand::MergeTags(from.clone(), into.clone()));
                            self.merge_from = None;
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        self.merge_from = None;
                    }
                });
            }
        });
        self.open = open;
    }
}
