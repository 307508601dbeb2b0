//! Text positions in a REFI-QDA file: which unit it counts in (code points, REFI-QDA
//! 1.5 §10.2; UTF-16 units in NVivo's files) and where a position falls in the stored
//! text (BOM gone, `\r\n` stored as `\n`).

use super::read::Package;

/// How a file counts positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    CodePoints,
    Utf16,
}

/// Maps a source's positions (in its unit, into the text as in the file) to char
/// offsets into the stored text (line ends normalised).
pub(super) struct Positions {
    /// For UTF-16 files with characters outside the BMP: code point index of each
    /// UTF-16 offset (`usize::MAX` inside a surrogate pair).
    utf16: Option<Vec<usize>>,
    /// Code point indices of the `\r`s dropped from `\r\n`.
    dropped: Vec<usize>,
    /// The text's length in the file's unit.
    pub(super) len: usize,
}

impl Positions {
    pub(super) fn new(raw: &str, unit: Unit) -> Self {
        let mut dropped = Vec::new();
        let mut chars = 0;
        let mut previous_cr = false;
        for c in raw.chars() {
            if previous_cr && c == '\n' {
                dropped.push(chars - 1);
            }
            previous_cr = c == '\r';
            chars += 1;
        }
        let astral = raw.chars().any(|c| c.len_utf16() == 2);
        let utf16 = (unit == Unit::Utf16 && astral).then(|| {
            let mut map = Vec::with_capacity(chars + 1);
            for (i, c) in raw.chars().enumerate() {
                map.push(i);
                if c.len_utf16() == 2 {
                    map.push(usize::MAX);
                }
            }
            map.push(chars);
            map
        });
        let len = utf16.as_ref().map_or(chars, |m| m.len() - 1);
        Self { utf16, dropped, len }
    }

    /// The code point index of a position in the file's text, or `None` if it is past
    /// the end or splits a character.
    fn code_point(&self, pos: u64) -> Option<usize> {
        let pos = usize::try_from(pos).ok().filter(|&p| p <= self.len)?;
        match &self.utf16 {
            Some(map) => map.get(pos).copied().filter(|&c| c != usize::MAX),
            None => Some(pos),
        }
    }

    /// The stored offset of a position, or `None` if it is past the end or splits a character.
    pub(super) fn stored(&self, pos: u64) -> Option<usize> {
        let cp = self.code_point(pos)?;
        Some(cp - self.dropped.partition_point(|&d| d < cp))
    }
}

/// Whether a character offset is at a word's edge (or the text's).
fn word_edge(chars: &[char], i: usize) -> bool {
    i == 0 || i >= chars.len() || !chars[i - 1].is_alphanumeric() || !chars[i].is_alphanumeric()
}

/// Fewer selections than this on texts beyond the BMP are too few to judge the unit by.
const UNIT_EVIDENCE: usize = 10;

/// How the file counts positions: UTF-16 units for NVivo (`origin="NVivo…"`), and for a
/// file from elsewhere whose selections on texts with characters beyond the BMP fall on
/// word edges when read as UTF-16 units (at least 90%) but not as code points (under 60%),
/// as a project that passed through NVivo would; else code points, as the standard says.
pub(super) fn position_unit(pkg: &Package) -> (Unit, Option<String>) {
    if pkg.origin.starts_with("NVivo") {
        return (Unit::Utf16, None);
    }
    let (mut total, mut as_code_points, mut as_utf16) = (0, 0, 0);
    for s in &pkg.sources {
        let Ok(text) = &s.text else { continue };
        if !text.chars().any(|c| c.len_utf16() == 2) {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let utf16 = Positions::new(text, Unit::Utf16);
        for sel in &s.selections {
            total += 1;
            let edges =
                |a: Option<usize>, b: Option<usize>| matches!((a, b), (Some(a), Some(b)) if word_edge(&chars, a) && word_edge(&chars, b));
            let cp = |p: u64| usize::try_from(p).ok().filter(|&p| p <= chars.len());
            as_code_points += usize::from(edges(cp(sel.start), cp(sel.end)));
            as_utf16 += usize::from(edges(utf16.code_point(sel.start), utf16.code_point(sel.end)));
        }
    }
    if total >= UNIT_EVIDENCE && as_utf16 * 10 >= total * 9 && as_code_points * 10 < total * 6 {
        let why = format!(
            "positions read as UTF-16 units, as NVivo writes them: on texts with characters beyond the BMP, {as_utf16} of {total} selections fall on word edges that way, {as_code_points} as code points (the standard's unit)"
        );
        return (Unit::Utf16, Some(why));
    }
    (Unit::CodePoints, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points_or_utf16_units_and_drop_crs() {
        let raw = "a😀b\r\ncd";
        let cp = Positions::new(raw, Unit::CodePoints);
        assert_eq!(cp.stored(2), Some(2), "b is code point 2");
        assert_eq!(cp.stored(5), Some(4), "c: one \\r dropped");
        assert_eq!(cp.stored(7), Some(6));
        assert_eq!(cp.stored(8), None, "past the end");
        let u16 = Positions::new(raw, Unit::Utf16);
        assert_eq!(u16.stored(3), Some(2), "b is UTF-16 unit 3");
        assert_eq!(u16.stored(2), None, "inside the emoji's surrogate pair");
        assert_eq!(u16.stored(8), Some(6));
    }
}
