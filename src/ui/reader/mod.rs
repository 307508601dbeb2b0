//! The reader: the current source's reading text (or original layout with line
//! numbers), with highlights, hover details, mouse/keyboard selection and a small
//! toolbar at the selection.
//!
//! Paragraphs are laid out one by one and only those in the viewport are painted;
//! heights are cached per width, so a long report scrolls without laying out the
//! whole text every frame.

//! Split by concern: `layout` (shown positions, paragraph spans and heights),
//! `paint` (one paragraph's layout job, set-aside notes, hover cards) and
//! `interaction` (pointer, keyboard, the selection toolbar); this file keeps the
//! reader's state across frames and the frame itself.

mod interaction;
mod layout;
mod paint;

use std::sync::Arc;

use egui::{Color32, FontId, Sense};

use self::interaction::{Painted, PointerInput, keyboard_selection, pointer, selection_toolbar};
use self::layout::{Heights, LayoutKey, ParagraphSpan, Shown, ShownRange, longest, overlapping};
use self::paint::{Marks, append_notes, paragraph_job, set_aside_notes};
use super::commands::Action;
use super::panels::annotation_colour;
use super::state::{AppState, ContentKey, ReadingFont, UiCommand};
use crate::model::structure::{self, Marker, Note};
use crate::model::{AnchorStatus, AnnotationId, CharOffset, CharRange, ReadingOffset, ReadingRange, SourceId, SourceText, ViewMode};

const FONT_SIZE: f32 = 16.0;
const PARAGRAPH_GAP: f32 = 6.0;
const LINE_NUMBER_WIDTH: f32 = 52.0;
/// The reading measure in ems: about 70 characters a line, the typographic norm for
/// running text (long lines are hard to follow back to their start).
const MEASURE_EMS: f32 = 34.0;
/// Headings of the outline are set this much larger than body text.
const HEADING_SCALE: f32 = 1.3;

/// Reader state that lives across frames (never in the project).
#[derive(Default)]
pub struct ReaderState {
    /// Where a drag selection started (offset in the shown text).
    drag_anchor: Option<usize>,
    /// The first paragraph in view last frame (source, view, paragraph), so a new
    /// width or font keeps the reader on the same paragraph instead of the same pixel.
    top_paragraph: Option<(SourceId, ViewMode, usize)>,
    /// Cached paragraph heights for (source, view, (width, size in tenths of a point, font)).
    heights: Option<(SourceId, ViewMode, LayoutKey, Heights)>,
    /// Set-aside notes by paragraph, of the reading text last shown (keyed by its address).
    aside_notes: Option<(u64, Vec<(usize, String)>)>,
    /// Paragraphs of the text last shown, keyed by (text serial, view).
    paragraphs: Option<((u64, ViewMode), Vec<ParagraphSpan>)>,
    /// Note markers and notes of the text last shown (keyed by the text's address).
    notes: Option<(u64, Vec<Marker>, Vec<Note>)>,
    /// Highlights of the shown text sorted by start, and the longest one's length:
    /// rebuilt when the project, source, view or selected annotation changes, not
    /// every frame (a long source can hold 20,000 annotations).
    highlights: Option<(HighlightKey, Vec<Highlight>, usize)>,
}

impl ReaderState {
    /// Paragraph starts (char offset) and byte ranges of the shown text, computed
    /// once per text and view instead of every frame.
    fn ensure_paragraphs(&mut self, doc: &Arc<SourceText>, view: ViewMode, text: &str) {
        let key = (doc.serial(), view);
        if self.paragraphs.as_ref().is_none_or(|(k, _)| *k != key) {
            let mut out = Vec::new();
            let (mut start_char, mut start_byte) = (0, 0);
            for line in text.split('\n') {
                out.push((start_char, start_byte..start_byte + line.len()));
                start_char += line.chars().count() + 1;
                start_byte += line.len() + 1;
            }
            self.paragraphs = Some((key, out));
        }
    }

    /// Markers and notes of a source text, computed once per text.
    fn ensure_notes(&mut self, doc: &Arc<SourceText>) {
        let key = doc.serial();
        if self.notes.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let (markers, notes) = structure::notes(doc);
            self.notes = Some((key, markers, notes));
        }
    }
}

/// What the cached highlights were built from: the project's content, the text's
/// address and annotation count (for projects swapped in wholesale), the source,
/// the view, the selected annotation.
type HighlightKey = (ContentKey, u64, usize, SourceId, ViewMode, Option<AnnotationId>);

/// A highlight in shown offsets.
#[derive(Clone, Copy)]
struct Highlight {
    id: AnnotationId,
    range: ShownRange,
    colour: Color32,
    selected: bool,
}

/// Draws the reader; `search_hits` are reading-text ranges of the current source to mark.
/// Draws the current source. `search_hits` are reading-text ranges; `headings` are
/// the stored ranges of the outline's headings (set larger and bold).
pub fn show(
    ui: &mut egui::Ui,
    state: &mut AppState,
    rs: &mut ReaderState,
    search_hits: &[ReadingRange],
    headings: &[CharRange],
    out: &mut Vec<UiCommand>,
) {
    let Some(source) = state.view.current.filter(|s| state.session.project.sources.contains_key(s)) else {
        ui.centered_and_justified(|ui| ui.label("No source open. Pick one on the left."));
        return;
    };
    let Some(doc) = state.session.project.text(source).map(Arc::clone) else {
        ui.label("This source has no document (a bibliographic record only).");
        return;
    };
    let view = state.view.mode;
    let original = view == ViewMode::Original;
    let shown = Shown { text: if original { doc.stored.as_str() } else { doc.reading.as_str() }, doc: &doc, view };
    // The panel's width, taken before anything long could widen the layout.
    let panel_width = ui.available_width();
    let title = state.session.project.sources.get(&source).map(|s| s.display_title()).unwrap_or_default();
    ui.horizontal(|ui| {
        let mut orig = original;
        if ui
            .checkbox(&mut orig, Action::ToggleOriginal.label())
            .on_hover_text(format!("{} ({})", Action::ToggleOriginal.tooltip(), Action::ToggleOriginal.shortcut_text().unwrap_or_default()))
            .changed()
        {
            out.push(UiCommand::Action(Action::ToggleOriginal));
        }
        ui.add(egui::Label::new(egui::RichText::new(title).heading()).truncate());
    });
    let key: HighlightKey = (state.content_key(), doc.serial(), state.session.project.annotations.len(), source, view, state.view.selected);
    if rs.highlights.as_ref().is_none_or(|(k, _, _)| *k != key) {
        let index = state.annotation_index();
        let annotations = &state.session.project.annotations;
        let mut list: Vec<Highlight> = index
            .of_source(source)
            .iter()
            .filter_map(|id| annotations.get(id))
            .filter(|a| a.anchor.status != AnchorStatus::Orphan)
            .map(|a| Highlight {
                id: a.id,
                range: shown.shown_of_stored(a.anchor.range),
                colour: annotation_colour(&state.session.project, a),
                selected: state.view.selected == Some(a.id),
            })
            .collect();
        list.sort_by_key(|h| (h.range.start, h.range.end));
        let max_len = longest(list.iter().map(|h| h.range));
        rs.highlights = Some((key, list, max_len));
    }
    keyboard_selection(ui, state, &shown);
    let selection = state.view.selection.map(|r| shown.shown_of_stored(r));
    let hits: Vec<ShownRange> = search_hits.iter().map(|r| shown.shown_of_reading(*r)).collect();
    // Note markers link to their notes (reading view only: their offsets are reading offsets).
    if !original {
        rs.ensure_notes(&doc);
    }
    // Switching between reading text and original layout keeps the passage in view: the
    // paragraph on top in the other view is found in this one through the stored text.
    if let (Some((s, was_view, i)), Some(((serial, cached_view), spans))) = (rs.top_paragraph, &rs.paragraphs)
        && s == source
        && was_view != view
        && *serial == doc.serial()
        && *cached_view == was_view
        && state.view.reveal_range.is_none()
        && let Some((start, _)) = spans.get(i)
    {
        let stored = match was_view {
            ViewMode::Original => CharOffset(*start),
            ViewMode::Reading => doc.reading.to_stored(ReadingOffset(*start)),
        };
        state.view.reveal_range = Some(CharRange { start: stored, end: stored });
    }
    rs.ensure_paragraphs(&doc, view, shown.text);
    let (highlights, highlight_max): (&[Highlight], usize) = rs.highlights.as_ref().map_or((&[], 0), |(_, h, m)| (h.as_slice(), *m));
    let (markers, note_list): (&[Marker], &[Note]) = match (&rs.notes, original) {
        (Some((_, m, n)), false) => (m, n),
        _ => (&[], &[]),
    };
    let marker_ranges: Vec<ShownRange> = markers.iter().map(|m| shown.shown_of_reading(m.range)).collect();
    let (hits_max, markers_max) = (longest(hits.iter().copied()), longest(marker_ranges.iter().copied()));
    // The paragraph index and heights are borrowed from the reader state, not
    // copied: a 10 MB source has 150,000 paragraphs.
    let spans: &[ParagraphSpan] = rs.paragraphs.as_ref().map_or(&[], |(_, p)| p.as_slice());
    let paragraph = |i: usize| (spans[i].0, &shown.text[spans[i].1.clone()]);
    let paragraph_of = |at: usize| spans.partition_point(|(start, _)| *start <= at).saturating_sub(1);
    if !original && rs.aside_notes.as_ref().is_none_or(|(k, _)| *k != doc.serial()) {
        rs.aside_notes = Some((doc.serial(), set_aside_notes(&doc, &paragraph_of)));
    }
    let notes: &[(usize, String)] = match (&rs.aside_notes, original) {
        (Some((_, n)), false) => n,
        _ => &[],
    };
    let margin = if original { LINE_NUMBER_WIDTH } else { 0.0 };
    let size = if state.reading_size > 0.0 { state.reading_size } else { FONT_SIZE };
    let family = match state.reading_font {
        ReadingFont::Sans => egui::FontFamily::Proportional,
        ReadingFont::Mono => egui::FontFamily::Monospace,
        ReadingFont::Serif => {
            let serif = egui::FontFamily::Name(super::fonts::SERIF.into());
            if ui.fonts(|f| f.definitions().families.contains_key(&serif)) { serif } else { egui::FontFamily::Proportional }
        }
    };
    let font = FontId::new(size, family.clone());
    let heading_font = FontId::new(size * HEADING_SCALE, family);
    // A readable measure, centred in the panel; narrower only when the panel is.
    // (The original layout keeps the file's own lines, so it is not held to the measure.)
    let measure = if original { f32::INFINITY } else { size * MEASURE_EMS };
    let width = (panel_width - 24.0 - margin).min(measure).max(100.0);
    let indent = if original { 0.0 } else { ((panel_width - 24.0 - width) / 2.0).max(0.0) };
    let text_colour = ui.visuals().strong_text_color();
    let heading_starts: Vec<usize> = headings.iter().map(|r| shown.shown_of_stored(*r).start.0).collect();
    let is_heading = |start: usize, len: usize| heading_starts.iter().any(|&h| h >= start && h < start + len.max(1));

    let layout_key = (width as u32, (size * 10.0) as u32, state.reading_font as u32);
    let fresh = matches!(&rs.heights, Some((s, v, w, _)) if *s == source && *v == view && *w == layout_key);
    // Re-laid out for the same text (resize, font change): stay on the paragraph that was on top.
    let keep_paragraph = match rs.top_paragraph {
        Some((s, v, i)) if !fresh && rs.heights.is_some() && s == source && v == view => Some(i),
        _ => None,
    };
    if !fresh {
        // Heights are estimated from the length of each paragraph (laying out a long
        // report whole would take seconds) and corrected as paragraphs come into view.
        let row = ui.fonts_mut(|f| f.row_height(&font));
        let char_width = ui.fonts_mut(|f| f.layout_no_wrap("abcdefghij klmnopqrst".into(), font.clone(), text_colour).size().x) / 21.0;
        let per_line = (width / char_width.max(1.0)).max(1.0);
        let mut notes_under = vec![0u32; spans.len()];
        for (k, _) in notes {
            if let Some(n) = notes_under.get_mut(*k) {
                *n += 1;
            }
        }
        let heights = (0..spans.len())
            .map(|i| {
                let p = paragraph(i).1;
                let lines = (p.chars().count() as f32 / per_line).ceil().max(1.0) + notes_under[i] as f32;
                lines * row + PARAGRAPH_GAP
            })
            .collect();
        rs.heights = Some((source, view, layout_key, Heights::new(heights)));
    }
    let layout: &Heights = match &rs.heights {
        Some((_, _, _, h)) => h,
        None => &Heights::default(),
    };
    let heights: &[f32] = &layout.each;
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    let total = layout.total();
    let mut measured: Vec<(usize, f32)> = Vec::new();

    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt(("reader", source, original));
    if let Some(i) = keep_paragraph
        && state.view.reveal_range.is_none()
    {
        scroll = scroll.vertical_scroll_offset(layout.tops.get(i).copied().unwrap_or(0.0));
    }
    if let Some(range) = state.view.reveal_range.take() {
        let at = shown.shown_of_stored(range).start.0;
        let index = paragraph_of(at);
        scroll = scroll.vertical_scroll_offset((layout.tops.get(index).copied().unwrap_or(total) - 60.0).max(0.0));
    }

    let mut new_selection: Option<Option<CharRange>> = None;
    let mut toolbar_at: Option<egui::Pos2> = None;
    let input = PointerInput { state, shown: &shown, highlights, markers, notes: note_list, selection, source };
    scroll.show_viewport(ui, |ui, viewport| {
        ui.set_height(total);
        let left = ui.min_rect().left();
        let top = ui.min_rect().top();
        let first = layout.first_below(viewport.min.y);
        rs.top_paragraph = Some((source, view, first));
        for i in first..spans.len() {
            let y = layout.tops.get(i).copied().unwrap_or(total);
            if y > viewport.max.y {
                break;
            }
            let (start, para) = paragraph(i);
            let len = para.chars().count();
            // Only what overlaps this paragraph: each list is sorted by start.
            let (from, to) = (start, start + len);
            let local: Vec<Highlight> = overlapping(highlights, |h| h.range, highlight_max, from, to).copied().collect();
            let local_hits: Vec<ShownRange> = overlapping(&hits, |r| *r, hits_max, from, to).copied().collect();
            let local_markers: Vec<ShownRange> = overlapping(&marker_ranges, |r| *r, markers_max, from, to).copied().collect();
            let marks = Marks { highlights: &local, selection, hits: &local_hits, markers: &local_markers };
            let heading = !original && is_heading(start, len);
            let mut job = paragraph_job(para, start, &marks, if heading { &heading_font } else { &font }, text_colour, width);
            append_notes(&mut job, notes, i, text_colour);
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            let rect = egui::Rect::from_min_size(egui::pos2(left + margin + indent, top + y), galley.size());
            // A blank line still takes a row, so line numbers never stack on each other.
            let real = galley.size().y.max(row_height) + if heading { 2.0 * PARAGRAPH_GAP } else { PARAGRAPH_GAP };
            let h = heights.get(i).copied().unwrap_or(FONT_SIZE);
            if (real - h).abs() > 0.5 {
                measured.push((i, real));
            }
            if original {
                let number = egui::pos2(left, top + y);
                ui.painter().text(
                    number,
                    egui::Align2::LEFT_TOP,
                    format!("{:>5}", i + 1),
                    FontId::monospace(12.0),
                    ui.visuals().weak_text_color(),
                );
            }
            let response = ui.interact(rect, ui.scope_id().with(("para", i)), Sense::click_and_drag());
            ui.painter().galley(rect.min, galley.clone(), text_colour);
            // The toolbar sits just above the selection's first line, so it never covers
            // the selected words or the line after them.
            if let Some(sel) = selection
                && sel.start.0 >= start
                && sel.start.0 <= start + len
            {
                let cursor = egui::text::CCursor::new(sel.start.0 - start);
                toolbar_at = Some(rect.min + galley.pos_from_cursor(cursor).left_top().to_vec2());
            }
            let painted = Painted { response: &response, galley: &galley, rect, start, text: para, len };
            pointer(ui, &painted, &input, &mut rs.drag_anchor, &mut new_selection, out);
        }
    });
    if let Some(sel) = new_selection {
        state.view.selection = sel;
    }
    if !measured.is_empty() {
        if let Some(h) = rs.heights.as_mut() {
            for (i, real) in measured {
                h.3.each[i] = real;
            }
            h.3.sum();
        }
        ui.ctx().request_repaint();
    }
    if let (Some(pos), Some(_)) = (toolbar_at, state.view.selection) {
        selection_toolbar(ui.ctx(), pos, state, out);
    }
}
