//! Typed text offsets.
//!
//! Every position the model stores is a *character* (Unicode scalar) offset into a
//! source's stored text: that is what the CLI's JSON and the W3C selectors speak.
//! Rust strings are indexed by *bytes*. Mixing the two is the classic bug in text
//! tools, so each gets its own type and conversions go through [`TextIndex`].
//!
//! Two char spaces exist per source, and each has its own types:
//!
//! | space | types | what uses it |
//! |---|---|---|
//! | the **stored** text (never changes after import) | [`CharOffset`], [`CharRange`] | annotations, anchors, search hits' stored ranges, figures, the CLI's JSON, the project file |
//! | the **reading** text (a derived view: lines joined, hyphens dropped) | [`ReadingOffset`], [`ReadingRange`] | [`crate::model::ReadingText`], note markers and the outline ([`crate::model::structure`]), search hits, the reader's layout |
//!
//! The only ways from one space to the other are
//! `ReadingText::{to_stored, to_reading, range_to_stored, range_to_reading}`, so a
//! missing conversion is a compile error:
//!
//! ```compile_fail
//! use marginalia::model::{CharRange, ReadingRange, ReadingText};
//! let reading = ReadingText::new("a hy-\nphen");
//! let shown: ReadingRange = reading.range_to_reading(CharRange::new(0, 3));
//! // A reading range where a stored one is expected does not compile:
//! let stored: CharRange = shown;
//! ```
//!
//! ```compile_fail
//! use marginalia::model::{CharOffset, ReadingText};
//! let reading = ReadingText::new("text");
//! // `to_stored` takes a reading offset, not a stored one.
//! reading.to_stored(CharOffset(1));
//! ```
//!
//! Text-generic helpers ([`TextIndex`], [`crate::model::fold`],
//! [`crate::model::figures::figures_in`]) count [`CharOffset`]s into whatever text
//! they are given; when that text is the reading text, their results enter the
//! reading space explicitly through [`ReadingRange::from_chars`].

use serde::{Deserialize, Serialize};

/// A position in the **stored** text, counted in Unicode scalar values (chars)
/// from its start. (Text-generic helpers also use it for chars into the text they
/// are given; see the module docs.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// A position in a source's **reading** text ([`crate::model::ReadingText`]),
/// counted in chars from its start. Never stored: convert with
/// `ReadingText::to_stored` before keeping it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ReadingOffset(pub usize);

/// A position counted in UTF-8 bytes from the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteOffset(pub usize);

/// Defines a half-open char range type over one offset type, so that every space
/// gets the same small API without sharing a type.
macro_rules! char_range {
    ($(#[$meta:meta])* $range:ident, $offset:ident) => {
        $(#[$meta])*
        pub struct $range {
            pub start: $offset,
            pub end: $offset,
        }

        // A range type private to one module need not use every method.
        #[allow(dead_code)]
        impl $range {
            /// The range `[start, end)`; `start` must not lie after `end`.
            pub fn new(start: usize, end: usize) -> Self {
                debug_assert!(start <= end, "range start {start} after end {end}");
                Self { start: $offset(start), end: $offset(end) }
            }

            /// Length in chars.
            pub fn len(&self) -> usize {
                self.end.0.saturating_sub(self.start.0)
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            pub fn contains(&self, offset: $offset) -> bool {
                self.start <= offset && offset < self.end
            }

            /// Whether the two ranges share at least one char.
            pub fn overlaps(&self, other: &$range) -> bool {
                self.start < other.end && other.start < self.end
            }
        }
    };
}
pub(crate) use char_range;

char_range!(
    /// A half-open range `[start, end)` of char offsets into the **stored** text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    CharRange,
    CharOffset
);

char_range!(
    /// A half-open range `[start, end)` of char offsets into a **reading** text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
    ReadingRange,
    ReadingOffset
);

impl ReadingRange {
    /// Char positions that a text-generic helper (folding, figure scanning) counted
    /// in `ReadingText::as_str()`, taken into the reading space. Only for ranges
    /// computed over the reading text itself.
    pub fn from_chars(range: CharRange) -> Self {
        Self { start: ReadingOffset(range.start.0), end: ReadingOffset(range.end.0) }
    }
}

/// Distance between checkpoints of a [`TextIndex`]: a conversion walks at most
/// this many chars, and the index costs one `usize` per this many chars.
const CHECKPOINT_EVERY: usize = 64;

/// A text together with a sparse char→byte index, so that char offsets can be turned
/// into byte offsets (for slicing) in O(1) amortised time without storing a byte
/// offset per char (which would cost 8× the text for ASCII).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextIndex {
    text: String,
    /// `checkpoints[i]` is the byte offset of char `i * CHECKPOINT_EVERY`.
    checkpoints: Vec<usize>,
    char_len: usize,
    /// Byte offset of every `'\n'`, for line numbers by binary search.
    newlines: Vec<usize>,
}

impl TextIndex {
    pub fn new(text: String) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut char_len = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            char_len = i + 1;
        }
        let newlines = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
        Self { text, checkpoints, char_len, newlines }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in chars.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Byte offset of a char offset; offsets past the end clamp to the end.
    pub fn byte_of(&self, offset: CharOffset) -> ByteOffset {
        if offset.0 >= self.char_len {
            return ByteOffset(self.text.len());
        }
        let block = offset.0 / CHECKPOINT_EVERY;
        let start = self.checkpoints[block];
        let skip = offset.0 % CHECKPOINT_EVERY;
        let byte = self.text[start..].char_indices().nth(skip).map_or(self.text.len(), |(b, _)| start + b);
        ByteOffset(byte)
    }

    /// Char offset of a byte offset (which must lie on a char boundary; otherwise the
    /// char containing it is returned).
    pub fn char_of(&self, offset: ByteOffset) -> CharOffset {
        let byte = offset.0.min(self.text.len());
        let block = self.checkpoints.partition_point(|&b| b <= byte).saturating_sub(1);
        let start = self.checkpoints.get(block).copied().unwrap_or(0);
        let within = self.text[start..].char_indices().take_while(|(b, _)| start + b < byte).count();
        CharOffset(block * CHECKPOINT_EVERY + within)
    }

    /// The text of a char range (clamped to the text).
    pub fn slice(&self, range: CharRange) -> &str {
        let a = self.byte_of(range.start).0;
        let b = self.byte_of(range.end).0.max(a);
        &self.text[a..b]
    }

    /// 1-based line number of a char offset.
    pub fn line_of(&self, offset: CharOffset) -> usize {
        let byte = self.byte_of(offset).0;
        1 + self.newlines.partition_point(|&n| n < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_and_byte_offsets_round_trip_on_multibyte_text() {
        let text = "Mérida, Юкатан — 1,033 ".repeat(20);
        let index = TextIndex::new(text.clone());
        assert_eq!(index.char_len(), text.chars().count());
        for (i, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.byte_of(CharOffset(i)), ByteOffset(b));
            assert_eq!(index.char_of(ByteOffset(b)), CharOffset(i));
        }
        assert_eq!(index.byte_of(CharOffset(10_000)), ByteOffset(text.len()));
    }

    #[test]
    fn slice_and_line_numbers() {
        let index = TextIndex::new("one\ntwo ½\nthree".to_string());
        assert_eq!(index.slice(CharRange::new(4, 9)), "two ½");
        assert_eq!(index.line_of(CharOffset(0)), 1);
        assert_eq!(index.line_of(CharOffset(4)), 2);
        assert_eq!(index.line_of(CharOffset(10)), 3);
    }

    #[test]
    fn reading_ranges_share_the_range_api() {
        let r = ReadingRange::new(2, 5);
        assert_eq!(r.len(), 3);
        assert!(r.contains(ReadingOffset(4)) && !r.contains(ReadingOffset(5)));
        assert!(ReadingRange::new(3, 3).is_empty());
        assert_eq!(ReadingRange::from_chars(CharRange::new(2, 5)), r);
    }

    #[test]
    fn ranges_overlap_only_when_they_share_a_char() {
        assert!(CharRange::new(0, 5).overlaps(&CharRange::new(4, 6)));
        assert!(!CharRange::new(0, 5).overlaps(&CharRange::new(5, 6)));
    }
}
