//! The reader: the current source's reading text (or original layout), with
//! highlights, and mouse selection that becomes an annotation range.
//!
//! Paragraphs are laid out one by one and only those in the viewport are painted;
//! heights are cached per width so scrolling a long report stays cheap.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Sense};

use super::state::{AppState, UiCommand};
use crate::model::{CharOffset, CharRange, Kind, SourceId, SourceText};

/// Reader state that lives across frames (never in the project).
#[derive(Default)]
pub struct ReaderState {
    /// Where a drag selection started (offset in the shown text).
    drag_anchor: Option<usize>,
    /// Cached paragraph heights for (source, original?, width).
    heights: Option<(SourceId, bool, u32, Vec<f32>)>,
}

fn kind_colour(kind: Kind) -> Color32 {
    match kind {
        Kind::Claim => Color32::from_rgb(0xa8, 0xd8, 0xf0),
        Kind::Figure => Color32::from_rgb(0xf4, 0xd3, 0x5e),
        Kind::Quote => Color32::from_rgb(0xb5, 0xe4, 0x8c),
        Kind::Question => Color32::from_rgb(0xf4, 0xa2, 0x61),
        Kind::Note => Color32::from_rgb(0xcd, 0xb4, 0xdb),
    }
}

/// The shown text (reading or original) and how to map its offsets to stored ones.
struct Shown<'a> {
    text: &'a str,
    doc: &'a SourceText,
    original: bool,
}

impl Shown<'_> {
    fn shown_to_stored(&self, r: CharRange) -> CharRange {
        if self.original {
            r
        } else {
            self.doc.reading.range_to_stored(r)
        }
    }
    fn stored_to_shown(&self, r: CharRange) -> CharRange {
        if self.original {
            r
        } else {
            self.doc.reading.range_to_reading(r)
        }
    }
}

/// Paragraphs of the shown text as (first char offset, text).
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        out.push((start, line));
        start += line.chars().count() + 1;
    }
    out
}

pub fn show(
    ui: &mut egui::Ui,
    state: &mut AppState,
    rs: &mut ReaderState,
    out: &mut Vec<UiCommand>,
) {
    let Some(source) = state.current else {
        ui.centered_and_justified(|ui| ui.label("No source open. Pick one on the left."));
        return;
    };
    let Some(doc) = state.project.text(source).map(Arc::clone) else {
        ui.label("This source has no document (a bibliographic record only).");
        return;
    };
    let original = state.show_original;
    let shown = Shown {
        text: if original {
            doc.stored.as_str()
        } else {
            doc.reading.as_str()
        },
        doc: &doc,
        original,
    };
    ui.horizontal(|ui| {
        ui.heading(
            state
                .project
                .sources
                .get(&source)
                .map(|s| s.display_title())
                .unwrap_or_default(),
        );
        let mut orig = original;
        if ui.checkbox(&mut orig, "Original layout").changed() {
            out.push(UiCommand::ToggleOriginal);
        }
    });
    // Highlights in shown offsets: (range, colour, selected?).
    let highlights: Vec<(CharRange, Color32, bool)> = state
        .project
        .annotations_of(source)
        .into_iter()
        .filter(|a| a.anchor.status != crate::model::AnchorStatus::Orphan)
        .map(|a| {
            let colour = a
                .tags
                .first()
                .and_then(|t| state.project.tags.get(t))
                .and_then(|t| t.rgb())
                .map_or(kind_colour(a.kind), |[r, g, b]| Color32::from_rgb(r, g, b));
            (
                shown.stored_to_shown(a.anchor.range),
                colour,
                state.selected == Some(a.id),
            )
        })
        .collect();
    let selection = state.selection.map(|r| shown.stored_to_shown(r));
    let paras = paragraphs(shown.text);
    let width = ui.available_width() - 16.0;
    let font = FontId::proportional(16.0);
    let text_colour = ui.visuals().text_color();

    let needs_heights = !matches!(&rs.heights, Some((s, o, w, _)) if *s == source && *o == original && *w == width as u32);
    if needs_heights {
        let heights = paras
            .iter()
            .map(|(_, p)| {
                let job = LayoutJob::simple((*p).to_string(), font.clone(), text_colour, width);
                ui.fonts_mut(|f| f.layout_job(job)).size().y + 6.0
            })
            .collect();
        rs.heights = Some((source, original, width as u32, heights));
    }
    let heights = rs.heights.as_ref().map(|h| h.3.clone()).unwrap_or_default();
    let total: f32 = heights.iter().sum();

    let mut new_selection = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let top = ui.min_rect().top();
            let mut y = 0.0;
            for (i, (start, para)) in paras.iter().enumerate() {
                let h = heights.get(i).copied().unwrap_or(20.0);
                if y + h < viewport.min.y || y > viewport.max.y {
                    y += h;
                    continue;
                }
                let len = para.chars().count();
                let job = paragraph_job(
                    para,
                    *start,
                    len,
                    &highlights,
                    selection,
                    &font,
                    text_colour,
                    width,
                );
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                let rect = egui::Rect::from_min_size(
                    egui::pos2(ui.min_rect().left(), top + y),
                    galley.size(),
                );
                let response = ui.interact(
                    rect,
                    ui.scope_id().with(("para", i)),
                    Sense::click_and_drag(),
                );
                ui.painter().galley(rect.min, galley.clone(), text_colour);
                let offset_at = |pos: egui::Pos2| {
                    *start + galley.cursor_from_pos(pos - rect.min).index.0.min(len)
                };
                if response.drag_started() || response.clicked() {
                    // Anchor where the button went down, not where the drag was recognised.
                    let pressed = ui
                        .input(|i| i.pointer.press_origin())
                        .or(response.interact_pointer_pos());
                    if let Some(pos) = pressed {
                        rs.drag_anchor = Some(offset_at(pos));
                    }
                    if response.clicked() {
                        // A click on a highlight selects its annotation; elsewhere it clears.
                        let at = response.interact_pointer_pos().map(offset_at);
                        let hit = at.and_then(|o| {
                            state.project.annotations_of(source).into_iter().find(|a| {
                                shown
                                    .stored_to_shown(a.anchor.range)
                                    .contains(CharOffset(o))
                            })
                        });
                        out.push(UiCommand::SelectAnnotation(hit.map(|a| a.id)));
                        new_selection = Some(None);
                    }
                }
                if (response.dragged() || response.drag_stopped())
                    && let (Some(anchor), Some(pos)) =
                        (rs.drag_anchor, ui.ctx().pointer_latest_pos())
                {
                    let head = offset_at(pos);
                    let (a, b) = if head < anchor {
                        (head, anchor)
                    } else {
                        (anchor, head)
                    };
                    if b > a {
                        new_selection = Some(Some(shown.shown_to_stored(CharRange::new(a, b))));
                    }
                }
                y += h;
            }
        });
    if let Some(sel) = new_selection {
        state.selection = sel;
    }
}

#[allow(clippy::too_many_arguments)]
fn paragraph_job(
    para: &str,
    start: usize,
    len: usize,
    highlights: &[(CharRange, Color32, bool)],
    selection: Option<CharRange>,
    font: &FontId,
    colour: Color32,
    width: f32,
) -> LayoutJob {
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping {
            max_width: width,
            ..Default::default()
        },
        ..Default::default()
    };
    let end = start + len;
    // Split points: paragraph bounds plus every highlight/selection boundary inside.
    let mut cuts = vec![start, end];
    let ranges = highlights.iter().map(|h| h.0).chain(selection);
    for r in ranges {
        for p in [r.start.0, r.end.0] {
            if p > start && p < end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let chars: Vec<char> = para.chars().collect();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece: String = chars[a - start..b - start].iter().collect();
        let mut format = TextFormat::simple(font.clone(), colour);
        let inside = |r: &CharRange| r.start.0 <= a && b <= r.end.0;
        if let Some(h) = highlights.iter().rev().find(|h| inside(&h.0)) {
            format.background = h.1;
            format.color = Color32::BLACK;
            if h.2 {
                format.underline = egui::Stroke::new(2.0, Color32::from_rgb(200, 40, 40));
            }
        }
        if selection.as_ref().is_some_and(inside) {
            format.background = Color32::from_rgb(0x66, 0x99, 0xff);
            format.color = Color32::WHITE;
        }
        job.append(&piece, 0.0, format);
    }
    job
}
