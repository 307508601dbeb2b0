//! The search window: a query over every source, hits counted per source, click
//! to jump; the reader highlights the hits of the open source.

use egui::RichText;

use super::state::{AppState, UiCommand};
use crate::model::SourceId;
use crate::model::search::{Hit, SearchIndex};

/// The index and the last results, kept across frames.
#[derive(Default)]
pub struct SearchView {
    index: SearchIndex,
    /// The project content (`AppState::content_key`) the index was built from.
    indexed_for: Option<(u64, u64)>,
    query: String,
    pub hits: Vec<Hit>,
}

impl SearchView {
    fn refresh(&mut self, state: &AppState) {
        // The content key, not the history's state id alone: a newly opened project
        // starts a new history whose ids repeat the old one's.
        let stale_index = self.indexed_for != Some(state.content_key());
        if stale_index {
            self.index.update(&state.project);
            self.indexed_for = Some(state.content_key());
        }
        if stale_index || self.query != state.search_query {
            self.query = state.search_query.clone();
            self.hits = self.index.search(&self.query);
        }
    }

    /// The hits in one source (hits come grouped by source, in source order).
    pub fn hits_in(&self, source: SourceId) -> &[Hit] {
        let from = self.hits.partition_point(|h| h.source < source);
        let to = self.hits.partition_point(|h| h.source <= source);
        &self.hits[from..to]
    }
}

pub fn window(ctx: &egui::Context, state: &mut AppState, view: &mut SearchView, out: &mut Vec<UiCommand>) {
    if !state.show_search {
        view.hits.clear();
        view.query.clear();
        return;
    }
    view.refresh(state);
    let mut open = true;
    egui::Window::new("Search").open(&mut open).default_size([460.0, 480.0]).anchor(egui::Align2::RIGHT_TOP, [-12.0, 40.0]).show(
        ctx,
        |ui| {
            let label = ui.label("Search:");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut state.search_query)
                        .desired_width(f32::INFINITY)
                        .hint_text("words, or \"an exact phrase\""),
                )
                .labelled_by(label.id);
            if ui.input(|i| i.key_pressed(egui::Key::F) && i.modifiers.command) {
                edit.request_focus();
            }
            if view.query.trim().is_empty() {
                ui.label(RichText::new("Case, accents, quote marks, line breaks and hyphenation do not matter.").weak());
                return;
            }
            let mut per_source: Vec<(SourceId, usize)> = Vec::new();
            for h in &view.hits {
                match per_source.last_mut() {
                    Some((s, n)) if *s == h.source => *n += 1,
                    _ => per_source.push((h.source, 1)),
                }
            }
            ui.label(format!("{} hits in {} sources", view.hits.len(), per_source.len()));
            egui::ScrollArea::vertical().id_salt("search hits").show(ui, |ui| {
                for (source, n) in per_source {
                    let title = state.project.sources.get(&source).map(|s| s.display_title()).unwrap_or_default();
                    ui.strong(format!("{title} ({n})"));
                    let Some(doc) = view.index.text_of(source) else { continue };
                    for h in view.hits_in(source).iter().take(200) {
                        if ui.selectable_label(false, format!("{}:{}  {}", h.source, h.line(doc), h.snippet(doc))).clicked() {
                            out.push(UiCommand::RevealRange(h.source, h.stored(doc)));
                        }
                    }
                }
            });
        },
    );
    if !open {
        state.show_search = false;
    }
}
