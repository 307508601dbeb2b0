//! The one text-normalisation layer: text that reads the same folds the same.
//!
//! Search, quote matching, re-anchoring, figure parsing and suggestions compare
//! *folded* text. A fold forgets what a reader does not see or would not type:
//!
//! - canonical and compatibility equivalence (Unicode NFKD, then NFC recomposition:
//!   `e` + U+0301 = `é`, `ﬁ` = `fi`, full-width `Ｍ１` = `M1`, Hangul stays whole),
//! - default-ignorable code points (soft hyphen U+00AD, ZWSP, ZWJ, BOM, bidi
//!   controls: the Unicode `Default_Ignorable_Code_Point` property),
//! - quote-mark variants, dash variants and every kind of space (runs of spaces
//!   become one),
//! - letters of other scripts that look like a Latin letter (Cyrillic `с`, Greek `ο`):
//!   the UTS #39 confusable prototype, when it is a plain Latin letter,
//!
//! and, for search only, case (Unicode full case folding: `ß` = `ss`) and the accents
//! of Latin, Greek and Cyrillic letters (combining marks only: a character is never
//! cut down to the first code point of its decomposition).
//!
//! A fold may grow or shrink the text, so [`Folded`] keeps a map from every byte of
//! the folded text back to the char offset of the source text it came from. The
//! source text is never changed; a match in the folded text resolves to the exact
//! source range the reader sees.

use std::collections::HashMap;

use caseless::Caseless;
use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::offsets::{CharOffset, CharRange};

/// What a fold forgets beyond equivalence, invisible chars, quote marks, dashes,
/// spaces and look-alike letters (which every fold forgets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Strength {
    /// Fold case (Unicode full case folding).
    pub case: bool,
    /// Drop the accents (combining marks) of Latin, Greek and Cyrillic letters.
    pub accents: bool,
    /// Drop spaces and hyphens altogether (`wom- en` = `women`): the last resort of
    /// quote matching when a line-end hyphen could not be settled.
    pub spaces_and_hyphens: bool,
    /// Keep line breaks (`\n`) as they are instead of folding them to spaces.
    pub line_breaks: bool,
}

impl Strength {
    /// Quote matching: case and accents matter, as a typed quote is a citation.
    pub const QUOTE: Strength = Strength { case: false, accents: false, spaces_and_hyphens: false, line_breaks: false };
    /// Quote matching that also ignores every space and hyphen.
    pub const QUOTE_LOOSE: Strength = Strength { case: false, accents: false, spaces_and_hyphens: true, line_breaks: false };
    /// Search: forgiving the way readers type (`merida` finds `Mérida`).
    pub const SEARCH: Strength = Strength { case: true, accents: true, spaces_and_hyphens: false, line_breaks: false };
    /// Figure parsing: as quote matching, with paragraphs kept apart (full-width
    /// digits, thin spaces and invisible chars inside numbers read as plain ones).
    pub const FIGURES: Strength = Strength { case: false, accents: false, spaces_and_hyphens: false, line_breaks: true };
}

/// A folded copy of a source text with the map back to the source's char offsets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    text: String,
    /// For every byte of `text`, and one more for its end: the char offset in the
    /// source of the first char of the *unit* (a char with its combining marks) it
    /// came from. Non-decreasing; the last entry is the source length in chars.
    origin: Vec<u32>,
    /// Units longer than one source char, as (start, end) char offsets, sorted.
    long_units: Vec<(u32, u32)>,
}

impl Folded {
    /// Folds `source` at `strength`.
    pub fn new(source: &str, strength: Strength) -> Self {
        let mut out = Builder { text: String::with_capacity(source.len()), origin: Vec::with_capacity(source.len() + 1), strength };
        let mut long_units = Vec::new();
        let mut cache: HashMap<char, String> = HashMap::new();
        let mut unit = String::new();
        let mut chars = source.chars().peekable();
        let mut at: u32 = 0;
        while let Some(c) = chars.next() {
            let start = at;
            at += 1;
            let continues = |next: &char| !next.is_ascii() && continues_unit(c, *next);
            if c.is_ascii() && !chars.peek().is_some_and(continues) {
                out.push(fold_ascii(c, strength), start);
                continue;
            }
            unit.clear();
            unit.push(c);
            while let Some(next) = chars.next_if(continues) {
                unit.push(next);
                at += 1;
            }
            if at - start > 1 {
                long_units.push((start, at));
                for f in fold_unit(&unit, strength).chars() {
                    out.push(f, start);
                }
            } else {
                let folded = cache.entry(c).or_insert_with(|| fold_unit(&unit, strength));
                for f in folded.chars() {
                    out.push(f, start);
                }
            }
        }
        let mut origin = out.origin;
        origin.push(at);
        Self { text: out.text, origin, long_units }
    }

    /// The fold taken apart: the folded text, the source char offset of every byte
    /// (and one more entry for the end), and the units longer than one source char
    /// as sorted (start, end) char offsets — for a more compact copy of the map
    /// (the search index keeps one).
    pub fn into_parts(self) -> (String, Vec<u32>, Vec<(u32, u32)>) {
        (self.text, self.origin, self.long_units)
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the source text in chars.
    pub fn source_len(&self) -> usize {
        self.origin.last().map_or(0, |&n| n as usize)
    }

    /// Source char offset of a folded byte offset (the start of the unit the byte
    /// came from; the end of the folded text maps to the end of the source).
    pub fn source_offset(&self, byte: usize) -> CharOffset {
        CharOffset(self.origin.get(byte).or(self.origin.last()).map_or(0, |&o| o as usize))
    }

    /// The source range a folded byte range came from: from the start of the unit of
    /// its first byte to the end of the unit of its last byte (whole units: a match
    /// of `fi` inside a folded `ﬃ` covers the ligature).
    pub fn source_range(&self, start: usize, end: usize) -> CharRange {
        let from = self.source_offset(start).0;
        if end <= start {
            return CharRange::new(from, from);
        }
        let last = self.source_offset(end - 1).0;
        CharRange::new(from, self.unit_end(last))
    }

    fn unit_end(&self, start: usize) -> usize {
        let s = start as u32;
        match self.long_units.binary_search_by_key(&s, |u| u.0) {
            Ok(i) => self.long_units[i].1 as usize,
            Err(_) => start + 1,
        }
    }

    /// Source ranges of every (non-overlapping) occurrence of an already folded
    /// needle, in text order; none for an empty needle.
    pub fn find_all(&self, needle: &str) -> Vec<CharRange> {
        if needle.is_empty() {
            return Vec::new();
        }
        memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes()).map(|b| self.source_range(b, b + needle.len())).collect()
    }

    /// As [`Folded::find_all`], counting overlapping occurrences too (`aa` twice in
    /// `aaa`): a typed quote that could start at either place is ambiguous.
    pub fn find_overlapping(&self, needle: &str) -> Vec<CharRange> {
        let Some(first) = needle.chars().next() else { return Vec::new() };
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(&self.text.as_bytes()[from..]) {
            let b = from + at;
            found.push(self.source_range(b, b + needle.len()));
            from = b + first.len_utf8();
        }
        found
    }
}

/// `s` folded at `strength` (the text of [`Folded::new`] without the map).
pub fn fold(s: &str, strength: Strength) -> String {
    Folded::new(s, strength).text
}

/// Accumulates folded chars: drops what the strength drops, collapses spaces.
struct Builder {
    text: String,
    origin: Vec<u32>,
    strength: Strength,
}

impl Builder {
    fn push(&mut self, c: char, source: u32) {
        if c == '\0' {
            return; // nothing: the char folded away
        }
        if c == ' ' && (self.strength.spaces_and_hyphens || self.text.ends_with(' ')) {
            return;
        }
        if c == '-' && self.strength.spaces_and_hyphens {
            return;
        }
        self.text.push(c);
        self.origin.extend(std::iter::repeat_n(source, c.len_utf8()));
    }
}

/// Whether `next` belongs to the unit that `first` starts: a combining mark on
/// anything but a space, or a Hangul medial vowel or final consonant after a
/// leading consonant or syllable (decomposed Hangul recomposes whole).
fn continues_unit(first: char, next: char) -> bool {
    let hangul_start = matches!(first, '\u{1100}'..='\u{115F}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7A3}');
    let hangul_more = matches!(next, '\u{1160}'..='\u{11FF}' | '\u{D7B0}'..='\u{D7FF}');
    if hangul_more {
        return hangul_start;
    }
    is_combining_mark(next) && !first.is_whitespace()
}

/// An ASCII char with no combining mark after it; `'\0'` for nothing.
fn fold_ascii(c: char, strength: Strength) -> char {
    match c {
        '`' => '\'',
        '\n' if strength.line_breaks => '\n',
        c if c.is_ascii_whitespace() => ' ',
        c if c.is_ascii_control() => '\0',
        c if strength.case => c.to_ascii_lowercase(),
        c => c,
    }
}

/// Folds one unit (a char and its combining marks) to a (possibly empty) string.
fn fold_unit(unit: &str, strength: Strength) -> String {
    let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
    // Quote marks first: compatibility decomposition would turn `´` into a space and
    // an accent, and `″` into two primes.
    let marks_first = unit.chars().map(|c| simple_char(c).unwrap_or(c));
    // Unicode's compatibility caseless matching: NFD, fold, NFKD, fold, NFKD.
    let decomposed: Vec<char> = if strength.case {
        marks_first.nfd().default_case_fold().nfkd().default_case_fold().nfkd().collect()
    } else {
        marks_first.nfkd().collect()
    };
    let mut out = String::new();
    for c in decomposed {
        if ignorable.contains(c) || (strength.accents && is_accent(c)) {
            continue;
        }
        match simple_char(c) {
            Some(s) => out.push(s),
            None => match latin_look_alike(c) {
                Some(l) if strength.case => out.extend(l.chars().flat_map(char::to_lowercase)),
                Some(l) => out.push_str(&l),
                None => out.push(c),
            },
        }
    }
    out.nfc().filter(|&c| c != '\0').collect()
}

/// Quote marks, dashes and spaces that fold to their plain ASCII form.
fn simple_char(c: char) -> Option<char> {
    Some(match c {
        '’' | '‘' | '´' | '`' | 'ʼ' | '′' | '‛' => '\'',
        '“' | '”' | '„' | '″' | '‟' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
        c if c.is_whitespace() => ' ',
        c if c.is_control() => '\0',
        _ => return None,
    })
}

/// The generic combining diacritics (the accents of Latin, Greek and Cyrillic
/// letters, in any text). Marks of particular scripts (Devanagari vowel signs,
/// Hebrew points, kana voicing marks) are letters of the word and stay.
fn is_accent(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Letters of the scripts that share shapes with Latin (Latin extensions, IPA,
/// Greek, Cyrillic, Armenian). Hangul jamo or CJK strokes also have Latin
/// prototypes in UTS #39 (`ᄋ` → `o`), but folding them would break the syllables.
fn latin_like_script(c: char) -> bool {
    matches!(c, '\u{0080}'..='\u{058F}' | '\u{1D00}'..='\u{1DBF}' | '\u{1E00}'..='\u{1FFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A640}'..='\u{A69F}' | '\u{A720}'..='\u{A7FF}' | '\u{AB30}'..='\u{AB6F}')
}

/// The Latin letter(s) a letter of another script is confusable with (UTS #39
/// skeleton), when that is plain ASCII letters: Cyrillic `с` → `c`, Greek `ο` → `o`.
/// Other confusables (digits for letters, `rn` for `m`) are not folded: they are
/// different text that only looks alike in some fonts.
fn latin_look_alike(c: char) -> Option<String> {
    if !latin_like_script(c) || !c.is_alphabetic() {
        return None;
    }
    let mut buf = [0u8; 4];
    let skeleton: String = unicode_security::confusable_detection::skeleton(c.encode_utf8(&mut buf)).collect();
    (!skeleton.is_empty() && skeleton.chars().all(|s| s.is_ascii_alphabetic())).then_some(skeleton)
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
