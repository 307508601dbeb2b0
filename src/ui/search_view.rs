//! The search window: a query over every source, hits counted per source, click
//! to jump; the reader highlights the hits of the open source.

use egui::RichText;

use super::state::{AppState, ContentKey, UiCommand};
use crate::model::search::{Hit, Hits, SearchIndex};
use crate::model::{ReadingRange, SourceId};

/// Rows listed per source (the count says how many there are).
const ROWS_PER_SOURCE: usize = 200;

/// The index and the last results, kept across frames.
#[derive(Default)]
pub struct SearchView {
    index: SearchIndex,
    /// The project content (`AppState::content_key`) the index was built from.
    indexed_for: Option<ContentKey>,
    query: String,
    /// The last query's hits (ranges resolved when shown).
    pub hits: Hits,
    /// The hit Enter / F3 last jumped to (an index into `hits`).
    pub current: Option<usize>,
    /// The query field has been given the keyboard since the window opened.
    focused: bool,
    /// The reading ranges of the hits in one source, resolved once for the reader.
    marked: Option<(SourceId, Vec<ReadingRange>)>,
}

impl SearchView {
    fn refresh(&mut self, state: &AppState) {
        // The content key, not the history's state id alone: a newly opened project
        // starts a new history whose ids repeat the old one's.
        let stale_index = self.indexed_for != Some(state.content_key());
        if stale_index {
            self.index.update(&state.session.project);
            self.indexed_for = Some(state.content_key());
        }
        if stale_index || self.query != state.view.search_query {
            self.query = state.view.search_query.clone();
            self.set_hits(self.index.search(&self.query));
        }
    }

    fn set_hits(&mut self, hits: Hits) {
        self.hits = hits;
        self.current = None;
        self.marked = None;
    }

    /// The next (or, `back`, the previous) hit after the current one, wrapping
    /// around; the first hit when none is current. `None` when there are no hits.
    pub fn step(&mut self, back: bool) -> Option<Hit> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        let next = match (self.current, back) {
            (None, false) => 0,
            (None, true) => n - 1,
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
        };
        self.current = Some(next);
        self.hits.get(next)
    }

    /// The reading ranges of the hits in one source, for the reader to mark
    /// (resolved once per query and source, not every frame).
    pub fn marks_in(&mut self, source: SourceId) -> &[ReadingRange] {
        if self.marked.as_ref().is_none_or(|(s, _)| *s != source) {
            let ranges = self.hits.iter_in(self.hits.range_of(source)).map(|h| h.reading).collect();
            self.marked = Some((source, ranges));
        }
        self.marked.as_ref().map_or(&[], |(_, m)| m.as_slice())
    }
}

pub fn window(ctx: &egui::Context, state: &mut AppState, view: &mut SearchView, out: &mut Vec<UiCommand>) {
    if !state.windows.search {
        view.set_hits(Hits::default());
        view.query.clear();
        view.focused = false;
        return;
    }
    view.refresh(state);
    let mut open = true;
    // Placed top right at first, then wherever the user moves it (egui remembers, across runs too).
    let right = ctx.content_rect().right();
    egui::Window::new("Search")
        .open(&mut open)
        .default_size([460.0, 480.0])
        .pivot(egui::Align2::RIGHT_TOP)
        .default_pos([right - 12.0, 40.0])
        .show(ctx, |ui| {
            let label = ui.label("Search:");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut state.view.search_query)
                        .desired_width(f32::INFINITY)
                        .hint_text("words, or \"an exact phrase\""),
                )
                .labelled_by(label.id);
            if !view.focused || ui.input(|i| i.key_pressed(egui::Key::F) && i.modifiers.command) {
                edit.request_focus();
                view.focused = true;
            }
            // Enter (in the field) and F3 go to the next hit, Shift+F3 to the previous one;
            // Escape closes the window.
            let (enter, f3, shift) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::F3), i.modifiers.shift));
            if (enter && (edit.has_focus() || edit.lost_focus())) || f3 {
                if let Some(hit) = view.step(shift)
                    && let Some(doc) = view.hits.text_of(hit.source)
                {
                    out.push(UiCommand::RevealRange(hit.source, hit.stored(doc)));
                }
                edit.request_focus();
            }
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                state.windows.search = false;
            }
            if view.query.trim().is_empty() {
                ui.label(RichText::new("Case, accents, quote marks, line breaks and hyphenation do not matter.").weak());
                return;
            }
            ui.label(format!(
                "{} in {}",
                super::state::count_of(view.hits.len(), "hit", "hits"),
                super::state::count_of(view.hits.per_source().count(), "source", "sources")
            ));
            egui::ScrollArea::vertical().id_salt("search hits").show(ui, |ui| {
                for (source, range) in view.hits.per_source() {
                    let title = state.session.project.sources.get(&source).map(|s| s.display_title()).unwrap_or_default();
                    ui.strong(format!("{title} ({})", range.len()));
                    let Some(doc) = view.hits.text_of(source) else { continue };
                    let shown = range.start..range.end.min(range.start + ROWS_PER_SOURCE);
                    for (i, h) in view.hits.iter_in(shown.clone()).enumerate() {
                        let current = view.current == Some(shown.start + i);
                        let row = ui.selectable_label(current, format!("{}:{}  {}", h.source, h.line(doc), h.snippet(doc)));
                        if current && (enter || f3) {
                            row.scroll_to_me(Some(egui::Align::Center));
                        }
                        if row.clicked() {
                            out.push(UiCommand::RevealRange(h.source, h.stored(doc)));
                        }
                    }
                }
            });
        });
    if !open {
        state.windows.search = false;
    }
}
