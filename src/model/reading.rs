//! The reading text: a clean, deterministic view of a source's stored text.
//!
//! Text extracted from PDFs arrives hard-wrapped, double-spaced, hyphenated at line
//! ends and sprinkled with NBSPs. The reader shows a *reading text* in which the lines
//! of a paragraph are joined, soft hyphens at line ends are removed (real hyphens
//! stay), whitespace runs collapse to one space and paragraphs are separated by a
//! single `'\n'`. The stored text is never changed: every reading char comes from one
//! stored char, and [`ReadingText`] maps offsets both ways so annotations stay on
//! the stored text.
//!
//! The rules are decided per document from its own evidence (line-length profile,
//! double spacing, trailing-space convention, which word forms occur elsewhere; the
//! halves of words split at line ends are not counted as words). A soft hyphen
//! U+00AD reads as nothing, and at a line end joins the word halves.

mod rules;

use self::rules::{Join, Line, SOFT_HYPHEN, decide_join, furniture, profile, split_lines};
use super::offsets::{CharOffset, CharRange, ReadingOffset, ReadingRange};

/// One run of reading chars that map 1:1 onto a run of stored chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    stored: usize,
    reading: usize,
    len: usize,
}

/// A reading view of a stored text with char-offset maps in both directions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadingText {
    text: String,
    /// Sorted by both `stored` and `reading` (the mapping is monotonic).
    segments: Vec<Segment>,
    stored_len: usize,
    reading_len: usize,
    /// Lines set aside from the flow: page numbers, running heads, labels and
    /// footnotes that the page layout dropped into a sentence (stored ranges).
    aside: Vec<(Aside, CharRange)>,
}

impl ReadingText {
    /// Builds the reading text of a stored text.
    pub fn new(stored: &str) -> Self {
        let lines = split_lines(stored);
        let profile = profile(&lines);
        let mut out = Builder::default();
        let mut aside = Vec::new();
        let text_lines: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                if lines[i].is_blank() {
                    return false;
                }
                match furniture(&lines, i, &profile) {
                    Some(kind) => {
                        let l = &lines[i];
                        aside.push((kind, CharRange::new(l.start + l.lo, l.start + l.hi)));
                        false
                    }
                    None => true,
                }
            })
            .collect();
        for (n, &i) in text_lines.iter().enumerate() {
            let line = &lines[i];
            let next = text_lines.get(n + 1).copied();
            let join = match next {
                Some(j) => decide_join(&lines, i, j, &profile),
                None => Join::Paragraph,
            };
            let mut hi = line.hi;
            if join == Join::SoftHyphen {
                hi -= 1; // the hyphen itself is dropped
            }
            emit_collapsed(&mut out, line, line.lo, hi);
            if next.is_some() {
                match join {
                    Join::Paragraph => out.push('\n', line.newline),
                    Join::Space => {
                        // Map the space onto the first whitespace after the content.
                        let at = if line.has_trailing_space() { line.start + line.hi } else { line.newline };
                        out.push(' ', at);
                    }
                    Join::SoftHyphen | Join::KeepHyphen => {}
                }
            }
        }
        let stored_len = stored.chars().count();
        let mut reading = out.finish(stored_len);
        reading.aside = aside;
        reading
    }

    /// Lines set aside from the flow, in text order (stored ranges).
    pub fn aside(&self) -> &[(Aside, CharRange)] {
        &self.aside
    }

    /// The reading text itself.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the reading text in chars.
    pub fn char_len(&self) -> usize {
        self.reading_len
    }

    /// Stored offset of a reading offset (the end maps to the end of the stored text).
    ///
    /// ```
    /// use marginalia::model::{CharOffset, CharRange, ReadingOffset, ReadingRange, ReadingText};
    /// let reading = ReadingText::new("a hy-\nphen");
    /// assert_eq!(reading.as_str(), "a hyphen");
    /// assert_eq!(reading.to_stored(ReadingOffset(4)), CharOffset(6));
    /// let shown: ReadingRange = reading.range_to_reading(CharRange::new(0, 3));
    /// let stored: CharRange = reading.range_to_stored(shown);
    /// assert_eq!(stored, CharRange::new(0, 3));
    /// ```
    pub fn to_stored(&self, reading: ReadingOffset) -> CharOffset {
        let r = reading.0;
        if r >= self.reading_len {
            return CharOffset(self.stored_len);
        }
        let i = self.segments.partition_point(|s| s.reading <= r).saturating_sub(1);
        let seg = self.segments[i];
        CharOffset(seg.stored + (r - seg.reading))
    }

    /// Reading offset of a stored offset. A stored char that is not shown (a dropped
    /// hyphen, a blank line) maps to the next reading char.
    pub fn to_reading(&self, stored: CharOffset) -> ReadingOffset {
        let s = stored.0;
        let i = self.segments.partition_point(|seg| seg.stored <= s);
        if i == 0 {
            return ReadingOffset(0);
        }
        let seg = self.segments[i - 1];
        if s < seg.stored + seg.len { ReadingOffset(seg.reading + (s - seg.stored)) } else { ReadingOffset(seg.reading + seg.len) }
    }

    /// The stored range covering a reading range.
    pub fn range_to_stored(&self, range: ReadingRange) -> CharRange {
        let start = self.to_stored(range.start);
        if range.is_empty() {
            return CharRange { start, end: start };
        }
        let end = CharOffset(self.to_stored(ReadingOffset(range.end.0 - 1)).0 + 1);
        CharRange { start, end }
    }

    /// The reading range showing a stored range (chars that are not shown are skipped).
    pub fn range_to_reading(&self, range: CharRange) -> ReadingRange {
        let start = self.to_reading(range.start);
        if range.is_empty() {
            return ReadingRange { start, end: start };
        }
        // The last shown char at or before `end - 1`.
        let last = range.end.0 - 1;
        let i = self.segments.partition_point(|seg| seg.stored <= last);
        let end = if i == 0 {
            start
        } else {
            let seg = self.segments[i - 1];
            let r = if last < seg.stored + seg.len { seg.reading + (last - seg.stored) } else { seg.reading + seg.len - 1 };
            ReadingOffset((r + 1).max(start.0))
        };
        ReadingRange { start, end }
    }

    /// The chars of a reading range (clamped to the text).
    pub fn slice(&self, range: ReadingRange) -> String {
        self.text.chars().skip(range.start.0).take(range.len()).collect()
    }
}

/// What a set-aside line was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aside {
    PageNumber,
    RunningHead,
    /// A heading or label printed inside a hyphenated word.
    Label,
    /// A footnote printed where the page ended, in the middle of a sentence.
    Footnote,
}

/// Which of a source's two texts is shown: the reading text, or the stored text
/// with its original line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ViewMode {
    #[default]
    Reading,
    Original,
}

impl ViewMode {
    /// The other view (what Ctrl+L switches to).
    pub fn toggled(self) -> Self {
        match self {
            Self::Reading => Self::Original,
            Self::Original => Self::Reading,
        }
    }
}

/// Accumulates reading chars and their segments.
#[derive(Default)]
struct Builder {
    text: String,
    segments: Vec<Segment>,
    reading_len: usize,
}

impl Builder {
    fn push(&mut self, ch: char, stored: usize) {
        match self.segments.last_mut() {
            Some(seg) if seg.stored + seg.len == stored && seg.reading + seg.len == self.reading_len => {
                seg.len += 1;
            }
            _ => self.segments.push(Segment { stored, reading: self.reading_len, len: 1 }),
        }
        self.text.push(ch);
        self.reading_len += 1;
    }

    fn finish(self, stored_len: usize) -> ReadingText {
        ReadingText { text: self.text, segments: self.segments, stored_len, reading_len: self.reading_len, aside: Vec::new() }
    }
}

/// Emits `line.chars[lo..hi]` with whitespace runs collapsed to one space and soft
/// hyphens (U+00AD) left out.
fn emit_collapsed(out: &mut Builder, line: &Line, lo: usize, hi: usize) {
    let mut in_space = false;
    for k in lo..hi {
        let c = line.chars[k];
        if c == SOFT_HYPHEN {
            continue; // a soft hyphen only shows where a line breaks
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ', line.start + k);
            }
            in_space = true;
        } else {
            out.push(c, line.start + k);
            in_space = false;
        }
    }
}

#[cfg(test)]
#[path = "reading_tests.rs"]
mod tests;
