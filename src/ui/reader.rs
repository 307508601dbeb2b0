//! The reader: the current source's reading text (or original layout with line
//! numbers), with highlights, hover details, mouse/keyboard selection and a small
//! toolbar at the selection.
//!
//! Paragraphs are laid out one by one and only those in the viewport are painted;
//! heights are cached per width, so a long report scrolls without laying out the
//! whole text every frame.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Key, Modifiers, Sense, Stroke};

use super::commands::Action;
use super::panels::{annotation_colour, short_quote};
use super::state::{AppState, ContentKey, ReadingFont, UiCommand};
use crate::model::structure::{self, Marker, Note};
use crate::model::offsets::char_range;
use crate::model::{
    AnchorStatus, AnnotationId, Aside, CharOffset, CharRange, Kind, ReadingOffset, ReadingRange, SourceId, SourceText, ViewMode,
};

const FONT_SIZE: f32 = 16.0;
const PARAGRAPH_GAP: f32 = 6.0;
const LINE_NUMBER_WIDTH: f32 = 52.0;
/// The reading measure in ems: about 70 characters a line, the typographic norm for
/// running text (long lines are hard to follow back to their start).
const MEASURE_EMS: f32 = 34.0;
/// Headings of the outline are set this much larger than body text.
const HEADING_SCALE: f32 = 1.3;

/// What paragraph heights depend on: (width, text size in tenths of a point, font).
type LayoutKey = (u32, u32, u32);

/// A paragraph of the shown text: its first char offset and its byte range.
type ParagraphSpan = (usize, std::ops::Range<usize>);

/// A char position in the text the reader shows: the reading text or, in the
/// original view, the stored text. Only [`Shown`] turns it into a stored or
/// reading position, so a range cannot reach the project unconverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ShownOffset(pub usize);

char_range!(
    /// A half-open char range of the shown text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
    ShownRange,
    ShownOffset
);

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

/// Paragraph heights and their running sums (the top of each paragraph), so the
/// visible paragraphs are found by binary search rather than by adding up the
/// heights of everything above them.
#[derive(Debug, Default)]
struct Heights {
    each: Vec<f32>,
    /// `tops[i]` is the sum of the heights before paragraph `i`; one more entry than `each`.
    tops: Vec<f32>,
}

impl Heights {
    fn new(each: Vec<f32>) -> Self {
        let mut h = Self { each, tops: Vec::new() };
        h.sum();
        h
    }

    fn sum(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.each.len() + 1);
        let mut y = 0.0;
        self.tops.push(y);
        for h in &self.each {
            y += h;
            self.tops.push(y);
        }
    }

    fn total(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The first paragraph whose bottom lies below `y`.
    fn first_below(&self, y: f32) -> usize {
        self.tops[1..].partition_point(|&bottom| bottom < y)
    }
}

/// What the cached highlights were built from: the project's content, the text's
/// address and annotation count (for projects swapped in wholesale), the source,
/// the view, the selected annotation.
type HighlightKey = (ContentKey, u64, usize, SourceId, ViewMode, Option<AnnotationId>);

/// The items among `items` (sorted by start, none longer than `max_len`) that
/// overlap `[start, end)`: found by binary search, not by scanning them all.
fn overlapping<T>(items: &[T], range: impl Fn(&T) -> ShownRange, max_len: usize, start: usize, end: usize) -> impl Iterator<Item = &T> {
    let lo = items.partition_point(|x| range(x).start.0 < start.saturating_sub(max_len));
    let hi = items.partition_point(|x| range(x).start.0 < end);
    items[lo..hi.max(lo)].iter().filter(move |x| range(x).end.0 > start)
}

/// The longest range among `ranges`.
fn longest(ranges: impl Iterator<Item = ShownRange>) -> usize {
    ranges.map(|r| r.end.0.saturating_sub(r.start.0)).max().unwrap_or(0)
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

/// The shown text (reading or original) and how its offsets map to stored and
/// reading ones: the one place shown positions change space.
struct Shown<'a> {
    text: &'a str,
    doc: &'a SourceText,
    view: ViewMode,
}

impl Shown<'_> {
    fn to_stored(&self, r: ShownRange) -> CharRange {
        match self.view {
            ViewMode::Original => CharRange::new(r.start.0, r.end.0),
            ViewMode::Reading => self.doc.reading.range_to_stored(ReadingRange::new(r.start.0, r.end.0)),
        }
    }
    fn from_stored(&self, r: CharRange) -> ShownRange {
        match self.view {
            ViewMode::Original => ShownRange::new(r.start.0, r.end.0),
            ViewMode::Reading => {
                let r = self.doc.reading.range_to_reading(r);
                ShownRange::new(r.start.0, r.end.0)
            }
        }
    }
    fn from_reading(&self, r: ReadingRange) -> ShownRange {
        match self.view {
            ViewMode::Original => self.from_stored(self.doc.reading.range_to_stored(r)),
            ViewMode::Reading => ShownRange::new(r.start.0, r.end.0),
        }
    }
    fn len(&self) -> usize {
        match self.view {
            ViewMode::Original => self.doc.stored.char_len(),
            ViewMode::Reading => self.doc.reading.char_len(),
        }
    }
}

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
    let Some(source) = state.current.filter(|s| state.session.project.sources.contains_key(s)) else {
        ui.centered_and_justified(|ui| ui.label("No source open. Pick one on the left."));
        return;
    };
    let Some(doc) = state.session.project.text(source).map(Arc::clone) else {
        ui.label("This source has no document (a bibliographic record only).");
        return;
    };
    let view = state.view;
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
    let key: HighlightKey = (state.content_key(), doc.serial(), state.session.project.annotations.len(), source, view, state.selected);
    if rs.highlights.as_ref().is_none_or(|(k, _, _)| *k != key) {
        let mut list: Vec<Highlight> = state
            .session
            .project
            .annotations_of(source)
            .into_iter()
            .filter(|a| a.anchor.status != AnchorStatus::Orphan)
            .map(|a| Highlight {
                id: a.id,
                range: shown.from_stored(a.anchor.range),
                colour: annotation_colour(&state.session.project, a),
                selected: state.selected == Some(a.id),
            })
            .collect();
        list.sort_by_key(|h| (h.range.start, h.range.end));
        let max_len = longest(list.iter().map(|h| h.range));
        rs.highlights = Some((key, list, max_len));
    }
    keyboard_selection(ui, state, &shown);
    let selection = state.selection.map(|r| shown.from_stored(r));
    let hits: Vec<ShownRange> = search_hits.iter().map(|r| shown.from_reading(*r)).collect();
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
        && state.reveal_range.is_none()
        && let Some((start, _)) = spans.get(i)
    {
        let stored = match was_view {
            ViewMode::Original => CharOffset(*start),
            ViewMode::Reading => doc.reading.to_stored(ReadingOffset(*start)),
        };
        state.reveal_range = Some(CharRange { start: stored, end: stored });
    }
    rs.ensure_paragraphs(&doc, view, shown.text);
    let (highlights, highlight_max): (&[Highlight], usize) = rs.highlights.as_ref().map_or((&[], 0), |(_, h, m)| (h.as_slice(), *m));
    let (markers, note_list): (&[Marker], &[Note]) = match (&rs.notes, original) {
        (Some((_, m, n)), false) => (m, n),
        _ => (&[], &[]),
    };
    let marker_ranges: Vec<ShownRange> = markers.iter().map(|m| shown.from_reading(m.range)).collect();
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
    let heading_starts: Vec<usize> = headings.iter().map(|r| shown.from_stored(*r).start.0).collect();
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
        && state.reveal_range.is_none()
    {
        scroll = scroll.vertical_scroll_offset(layout.tops.get(i).copied().unwrap_or(0.0));
    }
    if let Some(range) = state.reveal_range.take() {
        let at = shown.from_stored(range).start.0;
        let index = paragraph_of(at);
        scroll = scroll.vertical_scroll_offset((layout.tops.get(index).copied().unwrap_or(total) - 60.0).max(0.0));
    }

    let mut new_selection: Option<Option<CharRange>> = None;
    let mut toolbar_at: Option<egui::Pos2> = None;
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
            let offset_at = |pos: egui::Pos2| start + galley.cursor_from_pos(pos - rect.min).index.0.min(len);
            let covering = |o: usize| {
                highlights.iter().filter(move |h| h.range.contains(ShownOffset(o)) || (h.range.end.0 == o + 1 && o + 1 == start + len))
            };

            // The toolbar sits just above the selection's first line, so it never covers
            // the selected words or the line after them.
            if let Some(sel) = selection
                && sel.start.0 >= start
                && sel.start.0 <= start + len
            {
                let cursor = egui::text::CCursor::new(sel.start.0 - start);
                toolbar_at = Some(rect.min + galley.pos_from_cursor(cursor).left_top().to_vec2());
            }
            if response.hovered()
                && let Some(pos) = response.hover_pos()
            {
                let at = offset_at(pos);
                let hits: Vec<AnnotationId> = covering(at).map(|h| h.id).collect();
                // Notes next to what is under the pointer: a marker itself, or one right
                // after the hovered highlight (`over 1,000[1]` shows note 1).
                let near: Vec<&Note> = markers
                    .iter()
                    .filter(|m| {
                        shown.from_reading(m.range).contains(ShownOffset(at))
                            || highlights
                                .iter()
                                .any(|h| hits.contains(&h.id) && m.range.start.0 >= h.range.end.0 && m.range.start.0 <= h.range.end.0 + 1)
                    })
                    .filter_map(|m| structure::note_for(m, note_list))
                    .collect();
                if !hits.is_empty() || !near.is_empty() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        hover_details(ui, state, &hits);
                        for n in near {
                            ui.separator();
                            ui.label(egui::RichText::new(&n.text).italics());
                        }
                    });
                }
            }
            if response.drag_started() {
                // Anchor where the button went down, not where the drag was recognised.
                let pressed = ui.input(|i| i.pointer.press_origin()).or(response.interact_pointer_pos());
                rs.drag_anchor = pressed.map(offset_at);
            }
            if response.clicked() {
                let at = response.interact_pointer_pos().map(offset_at);
                let shift = ui.input(|i| i.modifiers.shift);
                match (at, selection) {
                    (Some(o), Some(sel)) if shift => {
                        // Shift+click extends the selection to the click.
                        let r = ShownRange::new(sel.start.0.min(o), sel.end.0.max(o));
                        new_selection = Some(Some(shown.to_stored(r)));
                    }
                    (Some(o), _) if markers.iter().any(|m| shown.from_reading(m.range).contains(ShownOffset(o))) => {
                        // A marker jumps to its note.
                        if let Some(note) =
                            markers.iter().find(|m| shown.from_reading(m.range).contains(ShownOffset(o))).and_then(|m| structure::note_for(m, note_list))
                        {
                            out.push(UiCommand::RevealRange(source, doc.reading.range_to_stored(note.range)));
                        }
                    }
                    (Some(o), _) if note_list.iter().any(|n| n.range.start.0 <= o && o < n.range.start.0 + 5) => {
                        // A note's number jumps back to the first marker pointing to it.
                        let note = note_list.iter().find(|n| n.range.start.0 <= o && o < n.range.start.0 + 5);
                        let back = note.and_then(|n| markers.iter().find(|m| structure::note_for(m, note_list) == Some(n)));
                        if let Some(m) = back {
                            out.push(UiCommand::RevealRange(source, doc.reading.range_to_stored(m.range)));
                        }
                    }
                    (at, _) => {
                        // A click on a highlight selects its annotation; elsewhere it clears.
                        let hit = at.and_then(|o| covering(o).next_back().map(|h| h.id));
                        out.push(UiCommand::SelectAnnotation(hit));
                        new_selection = Some(None);
                        rs.drag_anchor = at;
                    }
                }
            }
            // Double-click selects the word under the pointer, triple-click the paragraph
            // (the second and third clicks also count as clicks above: these win).
            if response.triple_clicked() {
                new_selection = Some(Some(shown.to_stored(ShownRange::new(start, start + len))));
            } else if response.double_clicked()
                && let Some(word) =
                    response.interact_pointer_pos().map(offset_at).and_then(|o| crate::model::text_units::word_at(para, o - start))
            {
                new_selection = Some(Some(shown.to_stored(ShownRange::new(start + word.0, start + word.1))));
            }
            if (response.dragged() || response.drag_stopped())
                && let (Some(anchor), Some(pos)) = (rs.drag_anchor, ui.ctx().pointer_latest_pos())
            {
                let head = offset_at(pos);
                let (a, b) = if head < anchor { (head, anchor) } else { (anchor, head) };
                if b > a {
                    new_selection = Some(Some(shown.to_stored(ShownRange::new(a, b))));
                }
            }
        }
    });
    if let Some(sel) = new_selection {
        state.selection = sel;
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
    if let (Some(pos), Some(_)) = (toolbar_at, state.selection) {
        selection_toolbar(ui.ctx(), pos, state, out);
    }
}

/// Shift+Left/Right (Ctrl for words) extends the selection's end.
fn keyboard_selection(ui: &egui::Ui, state: &mut AppState, shown: &Shown<'_>) {
    let Some(sel) = state.selection else { return };
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let (right, left, word) = ui.input_mut(|i| {
        let word = i.modifiers.command;
        let mods = if word { Modifiers::SHIFT | Modifiers::COMMAND } else { Modifiers::SHIFT };
        (i.consume_key(mods, Key::ArrowRight), i.consume_key(mods, Key::ArrowLeft), word)
    });
    if !right && !left {
        return;
    }
    let r = shown.from_stored(sel);
    let chars: Vec<char> = shown.text.chars().collect();
    let mut end = r.end.0;
    let step = |end: &mut usize, forward: bool| {
        if forward && *end < shown.len() {
            *end += 1;
        } else if !forward && *end > r.start.0 + 1 {
            *end -= 1;
        }
    };
    step(&mut end, right);
    while word && end > r.start.0 + 1 && end < chars.len() && chars[end - 1].is_alphanumeric() {
        step(&mut end, right);
    }
    state.selection = Some(shown.to_stored(ShownRange::new(r.start.0, end)));
}

fn hover_details(ui: &mut egui::Ui, state: &AppState, ids: &[AnnotationId]) {
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

/// The selection toolbar, its bottom-left corner at `pos` (the top of the selection's first line).
fn selection_toolbar(ctx: &egui::Context, pos: egui::Pos2, state: &AppState, out: &mut Vec<UiCommand>) {
    egui::Area::new(egui::Id::unique("selection toolbar"))
        .fixed_pos(pos + egui::vec2(0.0, -2.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        // Among the windows, not above them: an open search or export window covers it.
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let mut buttons: Vec<Action> = Kind::ALL.into_iter().filter(|k| *k != Kind::Note).map(Action::annotate).collect();
                    buttons.push(Action::AnnotateAndTag);
                    buttons.push(Action::AnnotateNote);
                    for a in buttons {
                        let hint = a.shortcut_text().unwrap_or_default();
                        let text = if a == Action::AnnotateNote { "Note…" } else { a.label() };
                        if ui.button(text).on_hover_text(format!("{} (shortcut: {hint})", a.tooltip())).clicked() {
                            out.push(a.into());
                        }
                    }
                    if state.selected.is_some_and(|id| {
                        state.session.project.annotations.get(&id).is_some_and(|a| a.anchor.status == AnchorStatus::Orphan)
                    }) && ui.button("Re-attach").clicked()
                    {
                        out.push(UiCommand::Action(Action::ReattachSelected));
                    }
                });
            });
        });
}

/// Footnotes and labels the reading text set aside, by the paragraph they interrupt.
fn set_aside_notes(doc: &SourceText, paragraph_of: &dyn Fn(usize) -> usize) -> Vec<(usize, String)> {
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

/// Shows set-aside notes under their paragraph, small and dimmed (they are not
/// part of the reading text: selection stops at the paragraph's end).
fn append_notes(job: &mut LayoutJob, notes: &[(usize, String)], paragraph: usize, colour: Color32) {
    for (_, text) in notes.iter().filter(|(i, _)| *i == paragraph) {
        job.append(&format!("\n{text}"), 0.0, TextFormat::simple(FontId::proportional(12.0), colour.gamma_multiply(0.55)));
    }
}

/// What is marked in the shown text: highlights, the selection, search hits.
struct Marks<'a> {
    highlights: &'a [Highlight],
    selection: Option<ShownRange>,
    hits: &'a [ShownRange],
    /// Note markers, shown as links.
    markers: &'a [ShownRange],
}

fn paragraph_job(para: &str, start: usize, marks: &Marks<'_>, font: &FontId, colour: Color32, width: f32) -> LayoutJob {
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
