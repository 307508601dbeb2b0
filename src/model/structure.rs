//! Structure found in a reading text: note markers and the notes they point to,
//! and an outline of headings. Ranges are reading-text ranges ([`ReadingRange`]):
//! convert with `ReadingText::range_to_stored` before keeping one.

use super::offsets::{CharRange, ReadingOffset, ReadingRange};
use super::reading::ReadingText;
use super::source::SourceText;

/// A note marker in the text (`1,000[1]`, `security.1`, `2%.2`, `Fuentes)4`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub number: u32,
    pub range: ReadingRange,
}

/// A note: a paragraph that starts with its number (`[1] …`, `4.<TAB>…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub number: u32,
    /// The whole paragraph.
    pub range: ReadingRange,
    pub text: String,
}

/// A heading for the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    pub range: ReadingRange,
}

/// Paragraphs of a reading text: (first char, text).
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for p in text.split('\n') {
        out.push((start, p));
        start += p.chars().count() + 1;
    }
    out
}

/// The number a note paragraph starts with, and the char length of that label;
/// `tab` says whether a TAB followed `N.` in the stored text.
fn note_label_with(p: &str, tab: bool) -> Option<(u32, usize)> {
    if let Some(rest) = p.strip_prefix('[') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with("] ") {
            return Some((digits.parse().ok()?, digits.len() + 2));
        }
    }
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    if tab && (1..=3).contains(&digits.len()) && p[digits.len()..].starts_with(". ") {
        return Some((digits.parse().ok()?, digits.len() + 1));
    }
    None
}

fn note_label(p: &str) -> Option<(u32, usize)> {
    note_label_with(p, false)
}

/// Notes (paragraphs that start with a note label: `[1] …`, or `4.` followed by a
/// TAB in the stored text) and the markers that point to them.
pub fn notes(doc: &SourceText) -> (Vec<Marker>, Vec<Note>) {
    let reading = &doc.reading;
    let text = reading.as_str();
    let mut notes = Vec::new();
    for (start, p) in paragraphs(text) {
        let digits = p.chars().take_while(char::is_ascii_digit).count();
        let tab = digits > 0 && {
            let at = reading.to_stored(ReadingOffset(start + digits + 1)).0;
            stored_char(doc, at) == Some('\t')
        };
        if let Some((number, _)) = note_label_with(p, tab) {
            let len = p.chars().count();
            notes.push(Note { number, range: ReadingRange::new(start, start + len), text: p.to_string() });
        }
    }
    let numbers: std::collections::BTreeSet<u32> = notes.iter().map(|n| n.number).collect();
    let chars: Vec<char> = text.chars().collect();
    let in_note_label = |i: usize| notes.iter().any(|n| n.range.start.0 <= i && i < n.range.start.0 + 6);
    let mut markers = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let glued = i > 0 && !chars[i - 1].is_whitespace();
        // `[12]` glued to the word or figure before it.
        if c == '[' && glued {
            let n = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if (1..=3).contains(&n) && chars.get(i + 1 + n) == Some(&']') && !in_note_label(i) {
                let number: u32 = chars[i + 1..i + 1 + n].iter().collect::<String>().parse().unwrap_or(0);
                markers.push(Marker { number, range: ReadingRange::new(i, i + n + 2) });
                i += n + 2;
                continue;
            }
        }
        // `security.1`, `2%.2`, `Fuentes)4`: digits right after punctuation that
        // follows a non-space, then a space or the end — only for notes that exist.
        if c.is_ascii_digit()
            && i >= 2
            && matches!(chars[i - 1], '.' | ',' | ';' | ':' | ')' | '”' | '"' | '’')
            && !chars[i - 2].is_whitespace()
        {
            let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let after = chars.get(i + n).copied();
            let digits_before = chars[i - 2].is_ascii_digit() && chars[i - 1] != ')' && chars[i - 1] != '.';
            if n <= 2 && !digits_before && after.is_none_or(|a| a.is_whitespace()) {
                let number: u32 = chars[i..i + n].iter().collect::<String>().parse().unwrap_or(0);
                if numbers.contains(&number) && !in_note_label(i) {
                    markers.push(Marker { number, range: ReadingRange::new(i, i + n) });
                }
            }
            i += n;
            continue;
        }
        i += 1;
    }
    (markers, notes)
}

fn stored_char(doc: &SourceText, at: usize) -> Option<char> {
    doc.stored.slice(CharRange::new(at, at + 1)).chars().next()
}

/// The note a marker points to: the first note with its number after it, else the
/// last one before it (numbering restarts by chapter in long documents).
pub fn note_for<'a>(marker: &Marker, notes: &'a [Note]) -> Option<&'a Note> {
    notes
        .iter()
        .find(|n| n.number == marker.number && n.range.start >= marker.range.end)
        .or_else(|| notes.iter().rev().find(|n| n.number == marker.number))
}

const NOT_HEADINGS: [&str; 6] = ["figure", "fig.", "table", "source", "sources:", "note"];

/// Headings where they can be told: short title-like paragraphs followed by body
/// text. When the evidence is thin (fewer than two, or too many), none.
pub fn outline(reading: &ReadingText) -> Vec<Heading> {
    let paras = paragraphs(reading.as_str());
    let mut out = Vec::new();
    for (k, (start, p)) in paras.iter().enumerate() {
        let t = p.trim();
        let len = t.chars().count();
        if !(3..=160).contains(&len) || t.ends_with(['.', ',', ';', ':', '?']) && !t.ends_with("...") {
            continue;
        }
        let first_word = t.split_whitespace().next().unwrap_or("").to_lowercase();
        // Bylines, table rows and stray numbers are not headings.
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if first_word == "by" || digits > 4 || letters < 3 {
            continue;
        }
        if NOT_HEADINGS.iter().any(|w| first_word.starts_with(w)) || note_label(t).is_some() {
            continue;
        }
        if !t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            continue;
        }
        // Body text follows (the next non-empty paragraph is long).
        let body_follows = paras[k + 1..].iter().map(|(_, q)| q.trim()).find(|q| !q.is_empty()).is_some_and(|q| q.chars().count() > 150);
        if !body_follows {
            continue;
        }
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
        let roman = t.split_whitespace().next().is_some_and(|w| {
            let w = w.trim_end_matches('.');
            !w.is_empty() && w.chars().all(|c| "IVXLC".contains(c)) && t.contains(". ")
        });
        let words = t.split_whitespace().count();
        if words > 14 && !all_caps || words > 24 {
            continue;
        }
        let level = if all_caps || roman { 1 } else { 2 };
        out.push(Heading { level, title: t.to_string(), range: ReadingRange::new(*start, start + p.chars().count()) });
    }
    let paragraphs_with_text = paras.iter().filter(|(_, p)| !p.trim().is_empty()).count();
    if out.len() < 2 || out.len() * 10 > paragraphs_with_text * 4 {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(s: &str) -> ReadingText {
        ReadingText::new(s)
    }

    #[test]
    fn markers_point_to_their_notes() {
        let body = "x ".repeat(100);
        let doc = SourceText::new(format!(
            "Intro {body}\n\nAfter a month, over 1,000[1] Koreans arrived; it was a matter of national security.1 More later.\n\n[1] 1,014 upon arrival, per the paperwork.\n\n1.\tA footnote on security."
        ));
        let r = &doc.reading;
        let (markers, notes) = notes(&doc);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(markers.len(), 2, "{markers:?}");
        let first = note_for(&markers[0], &notes).unwrap();
        assert!(first.text.contains("1,014 upon arrival"));
        assert_eq!(r.slice(markers[0].range), "[1]");
    }

    #[test]
    fn figures_with_glued_numbers_are_not_markers_without_notes() {
        let doc = SourceText::new("It grew 2%.2 Then 1,000 more.".to_string());
        assert!(notes(&doc).0.is_empty(), "no note 2 exists, so no marker");
    }

    #[test]
    fn outline_finds_clean_headings_and_shows_none_when_unsure() {
        let body =
            "This paragraph is long enough to be body text for the outline detector to see that a heading came before it. ".repeat(2);
        let text = format!("INTRODUCTION\n\n{body}\n\nFrom the Diaspora in Latin America\n\n{body}\n\nFigure 2. A caption\n\n{body}");
        let h = outline(&reading(&text));
        assert_eq!(
            h.iter().map(|h| (h.level, h.title.as_str())).collect::<Vec<_>>(),
            vec![(1, "INTRODUCTION"), (2, "From the Diaspora in Latin America")]
        );
        assert!(outline(&reading(&format!("Just one heading\n\n{body}"))).is_empty(), "one candidate is not enough");
    }
}
