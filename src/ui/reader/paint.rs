//! Painting a paragraph: its text with highlights, search hits, note markers and
//! the selection as one layout job; set-aside notes under it; the hover card of
//! the annotations under the pointer.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke};

use super::Highlight;
use super::layout::ShownRange;
use crate::model::AnnotationId;
use crate::model::{Aside, SourceText};
use crate::ui::panels::short_quote;
use crate::ui::state::AppState;

/// What is marked in the shown text: highlights, the selection, search hits.
pub(super) struct Marks<'a> {
    pub(super) highlights: &'a [Highlight],
    pub(super) selection: Option<ShownRange>,
    pub(super) hits: &'a [ShownRange],
    /// Note markers, shown as links.
    pub(super) markers: &'a [ShownRange],
}

pub(super) fn paragraph_job(para: &str, start: usize, marks: &Marks<'_>, font: &FontId, colour: Color32, width: f32) -> LayoutJob {
    let Marks { highlights, selection, hits, markers } = *marks;
    let mut job = LayoutJob { wrap: egui::text::TextWrapping { max_width: width, ..Default::default() }, ..Default::default() };
    let chars: Vec<char> = para.chars().collect();
    let end = start + chars.len();
    // Split points: paragraph bounds plus every highlight/selection boundary inside.
    let mut cuts = vec![start, end];
    for r in highlights.iter().map(|h| h.range).chain(selection).chain(hits.iter().copied()).chain(markers.iter().copied()) {
        for p in [r.start.0, r.end.0] {
            if p > start && p < end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece: String = chars[a - start..b - start].iter().collect();
        let mut format = TextFormat::simple(font.clone(), colour);
        let inside = |r: &ShownRange| r.start.0 <= a && b <= r.end.0;
        let mut covering = highlights.iter().filter(|h| inside(&h.range));
        if let Some(top) = covering.next() {
            format.background = top.colour;
            format.color = Color32::BLACK;
            // A second, overlapping highlight shows as a coloured underline.
            if let Some(under) = covering.next() {
                format.underline = Stroke::new(3.0, under.colour.gamma_multiply(0.8));
            }
            if top.selected || highlights.iter().any(|h| h.selected && inside(&h.range)) {
                format.underline = Stroke::new(2.0, Color32::from_rgb(200, 40, 40));
            }
        }
        if markers.iter().any(inside) {
            format.color = Color32::from_rgb(0x4a, 0x90, 0xe2);
            format.underline = Stroke::new(1.0, Color32::from_rgb(0x4a, 0x90, 0xe2));
        }
        if hits.iter().any(inside) {
            // Search hits: an orange underline, over whatever highlight is there.
            format.underline = Stroke::new(3.0, Color32::from_rgb(0xff, 0x8c, 0x00));
            if format.background == Color32::TRANSPARENT {
                format.background = Color32::from_rgba_unmultiplied(0xff, 0x8c, 0x00, 60);
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

/// Shows set-aside notes under their paragraph, small and dimmed (they are not
/// part of the reading text: selection stops at the paragraph's end).
pub(super) fn append_notes(job: &mut LayoutJob, notes: &[(usize, String)], paragraph: usize, colour: Color32) {
    for (_, text) in notes.iter().filter(|(i, _)| *i == paragraph) {
        job.append(&format!("\n{text}"), 0.0, TextFormat::simple(FontId::proportional(12.0), colour.gamma_multiply(0.55)));
    }
}

/// Footnotes and labels the reading text set aside, by the paragraph they interrupt.
pub(super) fn set_aside_notes(doc: &SourceText, paragraph_of: &dyn Fn(usize) -> usize) -> Vec<(usize, String)> {
    doc.reading
        .aside()
        .iter()
        .filter(|(kind, _)| matches!(kind, Aside::Footnote | Aside::Label))
        .map(|(kind, range)| {
            let at = doc.reading.to_reading(range.start).0;
            let index = paragraph_of(at);
            let label = if *kind == Aside::Footnote { "note" } else { "label" };
            (index, format!("[{label}] {}", doc.stored.slice(*range).split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect()
}

pub(super) fn hover_details(ui: &mut egui::Ui, state: &AppState, ids: &[AnnotationId]) {
    for id in ids {
        let Some(a) = state.session.project.annotations.get(id) else {
            continue;
        };
        ui.strong(format!("{} · {}", a.kind.label(), a.id));
        if !a.tags.is_empty() {
            ui.label(format!("tags: {}", a.tags.join(", ")));
        }
        if !a.note.is_empty() {
            ui.label(&a.note);
        }
        let links = state.session.project.links_of(a.id).count();
        if links > 0 {
            ui.label(format!("{links} link(s)"));
        }
        ui.label(egui::RichText::new(short_quote(&state.session.project, a, 80)).weak());
    }
}
