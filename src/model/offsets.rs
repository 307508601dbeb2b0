//! Typed text offsets.
//!
//! Every position the model stores is a *character* (Unicode scalar) offset into a
//! source's stored text: that is what the CLI's JSON and the W3C selectors speak.
//! Rust strings are indexed by *bytes*. Mixing the two is the classic bug in text
//! tools, so each gets its own type and conversions go through [`TextIndex`].

use serde::{Deserialize, Serialize};

/// A position counted in Unicode scalar values (chars) from the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// A position counted in UTF-8 bytes from the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteOffset(pub usize);

/// A half-open range `[start, end)` of char offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharRange {
    pub start: CharOffset,
    pub end: CharOffset,
}

impl CharRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "range start {start} after end {end}");
        Self { start: CharOffset(start), end: CharOffset(end) }
    }

    pub fn len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, offset: CharOffset) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn overlaps(&self, other: &CharRange) -> bool {
        self.start < other.end && other.start < self.end
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
    fn ranges_overlap_only_when_they_share_a_char() {
        assert!(CharRange::new(0, 5).overlaps(&CharRange::new(4, 6)));
        assert!(!CharRange::new(0, 5).overlaps(&CharRange::new(5, 6)));
    }
}
