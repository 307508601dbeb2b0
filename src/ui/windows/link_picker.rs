//! The link picker: from the selected annotation to another one, with a relation
//! (contradicts, supports, same as, explains), found by quote, note or tag.

use egui::Key;

use crate::model::{AnnotationId, Project, Relation};
use crate::ui::panels::short_quote;
use crate::ui::state::UiCommand;
use crate::ui::state::windows::LinkPicker;

impl LinkPicker {
    /// The link picker, open while `from` is set: a relation and the annotation to link to.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, out: &mut Vec<UiCommand>) {
        let Some(from) = self.from else {
            self.opened_for = None;
            return;
        };
        let mut open = true;
        egui::Window::new("Link to…").open(&mut open).default_width(420.0).show(ctx, |ui| {
            if let Some(a) = project.annotations.get(&from) {
                ui.label(format!("From {from}: {}", short_quote(project, a, 80)));
            }
            ui.horizontal(|ui| {
                ui.label("Relation:");
                for r in Relation::ALL {
                    if ui.selectable_label(self.relation.unwrap_or(Relation::Contradicts) == r, r.as_str()).clicked() {
                        self.relation = Some(r);
                    }
                }
            });
            let label = ui.label("Search annotations (quote, note or tag):");
            let search = ui.add(egui::TextEdit::singleline(&mut self.query).desired_width(f32::INFINITY)).labelled_by(label.id);
            if self.opened_for != Some(from) {
                self.opened_for = Some(from);
                search.request_focus();
            }
            let q = self.query.to_lowercase();
            let relation = self.relation.unwrap_or(Relation::Contradicts);
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                let candidates: Vec<(AnnotationId, String)> = project
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
                        let title = project.sources.get(&a.source).map(|s| s.display_title()).unwrap_or_default();
                        (
                            a.id,
                            format!(
                                "{} {} · {}: {}",
                                a.id,
                                a.kind.label(),
                                title.chars().take(30).collect::<String>(),
                                short_quote(project, a, 60)
                            ),
                        )
                    })
                    .collect();
                // Enter links to the only match, as a picker with one answer should.
                let enter = candidates.len() == 1 && ui.input(|i| i.key_pressed(Key::Enter));
                for (id, text) in candidates {
                    if ui.selectable_label(false, text).on_hover_text(format!("Link {from} {relation} {id}")).clicked() || enter {
                        out.push(UiCommand::Link(from, id, relation));
                        self.query.clear();
                    }
                }
            });
        });
        if !open {
            self.from = None;
        }
    }
}
