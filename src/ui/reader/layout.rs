//! Where things are in the reader: the shown text's own positions (`ShownRange`,
//! converted to stored and reading positions only by `Shown`), paragraph spans and
//! heights with their running sums, and finding what overlaps a paragraph.

use crate::model::offsets::char_range;
use crate::model::{CharRange, ReadingRange, SourceText, ViewMode};

/// What paragraph heights depend on: (width, text size in tenths of a point, font).
pub(super) type LayoutKey = (u32, u32, u32);

/// A paragraph of the shown text: its first char offset and its byte range.
pub(super) type ParagraphSpan = (usize, std::ops::Range<usize>);

/// A char position in the text the reader shows: the reading text or, in the
/// original view, the stored text. Only [`Shown`] turns it into a stored or
/// reading position, so a range cannot reach the project unconverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(super) struct ShownOffset(pub(super) usize);

char_range!(
    /// A half-open char range of the shown text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
    ShownRange,
    ShownOffset
);

/// The shown text (reading or original) and how its offsets map to stored and
/// reading ones: the one place shown positions change space.
pub(super) struct Shown<'a> {
    pub(super) text: &'a str,
    pub(super) doc: &'a SourceText,
    pub(super) view: ViewMode,
}

impl Shown<'_> {
    pub(super) fn to_stored(&self, r: ShownRange) -> CharRange {
        match self.view {
            ViewMode::Original => CharRange::new(r.start.0, r.end.0),
            ViewMode::Reading => self.doc.reading.range_to_stored(ReadingRange::new(r.start.0, r.end.0)),
        }
    }
    /// A stored range as shown (reading or original layout).
    pub(super) fn shown_of_stored(&self, r: CharRange) -> ShownRange {
        match self.view {
            ViewMode::Original => ShownRange::new(r.start.0, r.end.0),
            ViewMode::Reading => {
                let r = self.doc.reading.range_to_reading(r);
                ShownRange::new(r.start.0, r.end.0)
            }
        }
    }
    /// A reading-text range as shown.
    pub(super) fn shown_of_reading(&self, r: ReadingRange) -> ShownRange {
        match self.view {
            ViewMode::Original => self.shown_of_stored(self.doc.reading.range_to_stored(r)),
            ViewMode::Reading => ShownRange::new(r.start.0, r.end.0),
        }
    }
    pub(super) fn len(&self) -> usize {
        match self.view {
            ViewMode::Original => self.doc.stored.char_len(),
            ViewMode::Reading => self.doc.reading.char_len(),
        }
    }
}

/// Paragraph heights and their running sums (the top of each paragraph), so the
/// visible paragraphs are found by binary search rather than by adding up the
/// heights of everything above them.
#[derive(Debug, Default)]
pub(super) struct Heights {
    pub(super) each: Vec<f32>,
    /// `tops[i]` is the sum of the heights before paragraph `i`; one more entry than `each`.
    pub(super) tops: Vec<f32>,
}

impl Heights {
    pub(super) fn new(each: Vec<f32>) -> Self {
        let mut h = Self { each, tops: Vec::new() };
        h.sum();
        h
    }

    pub(super) fn sum(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.each.len() + 1);
        let mut y = 0.0;
        self.tops.push(y);
        for h in &self.each {
            y += h;
            self.tops.push(y);
        }
    }

    pub(super) fn total(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The first paragraph whose bottom lies below `y`.
    pub(super) fn first_below(&self, y: f32) -> usize {
        self.tops[1..].partition_point(|&bottom| bottom < y)
    }
}

/// The items among `items` (sorted by start, none longer than `max_len`) that
/// overlap `[start, end)`: found by binary search, not by scanning them all.
pub(super) fn overlapping<T>(
    items: &[T],
    range: impl Fn(&T) -> ShownRange,
    max_len: usize,
    start: usize,
    end: usize,
) -> impl Iterator<Item = &T> {
    let lo = items.partition_point(|x| range(x).start.0 < start.saturating_sub(max_len));
    let hi = items.partition_point(|x| range(x).start.0 < end);
    items[lo..hi.max(lo)].iter().filter(move |x| range(x).end.0 > start)
}

/// The longest range among `ranges`.
pub(super) fn longest(ranges: impl Iterator<Item = ShownRange>) -> usize {
    ranges.map(|r| r.end.0.saturating_sub(r.start.0)).max().unwrap_or(0)
}
