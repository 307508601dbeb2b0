//! Finding a quote a person typed in a source: case-sensitive, but blind to line
//! breaks, end-of-line hyphenation, runs of spaces, NBSP, quote-mark variants,
//! equivalent Unicode forms (NFD/NFC, ligatures, full-width) and invisible chars:
//! both sides go through [`super::fold`] at [`Strength::QUOTE`].

use super::fold::{self, Folded, Strength};
use super::offsets::{CharOffset, CharRange, ReadingRange};
use super::source::SourceText;

/// All stored-text ranges where `quote` occurs, in text order. Searches the reading
/// text first; if that finds nothing, a looser match that ignores all spaces and
/// hyphens (for line-end hyphens the reading text could not settle).
pub fn find_quote(text: &SourceText, quote: &str) -> Vec<CharRange> {
    let strict = fold::fold(quote, Strength::QUOTE);
    let hits = Folded::new(text.reading.as_str(), Strength::QUOTE).find_overlapping(strict.trim());
    if !hits.is_empty() {
        return hits.into_iter().map(|r| text.reading.range_to_stored(ReadingRange::from_chars(r))).collect();
    }
    let loose = fold::fold(quote, Strength::QUOTE_LOOSE);
    Folded::new(text.stored.as_str(), Strength::QUOTE_LOOSE).find_overlapping(&loose)
}

/// The annotated text as a reader sees it: the reading text of a stored range.
pub fn reading_quote(text: &SourceText, range: CharRange) -> String {
    text.reading.slice(text.reading.range_to_reading(range)).trim().to_string()
}

/// An annotation's quote as a reader sees it; an orphan's recorded quote with its
/// whitespace collapsed.
pub fn reading_quote_or_exact(project: &super::Project, a: &super::Annotation) -> String {
    match project.text(a.source) {
        Some(doc) if a.anchor.status != super::AnchorStatus::Orphan => reading_quote(doc, a.anchor.range),
        _ => a.anchor.exact.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// 1-based line of a stored offset.
pub fn line_of(text: &SourceText, offset: CharOffset) -> usize {
    text.stored.line_of(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> std::sync::Arc<SourceText> {
        SourceText::new(s.to_string())
    }

    #[test]
    fn finds_across_line_end_hyphenation_and_spacing() {
        let t = doc("they counted 702 men, 135 wom-\nen and 196\u{a0}children  at Progreso on arrival in the port.\nNext.");
        let hits = find_quote(&t, "702 men, 135 women and 196 children");
        assert_eq!(hits.len(), 1);
        assert_eq!(t.stored.slice(hits[0]), "702 men, 135 wom-\nen and 196\u{a0}children");
        assert_eq!(reading_quote(&t, hits[0]), "702 men, 135 women and 196 children");
    }

    #[test]
    fn quote_marks_fold_and_case_matters() {
        let t = doc("Korea’s migrants and Korea´s envoys; korea's lower case.");
        assert_eq!(find_quote(&t, "Korea's").len(), 2);
        assert_eq!(find_quote(&t, "korea's").len(), 1);
    }

    #[test]
    fn loose_match_catches_hyphens_the_reading_text_kept() {
        // Reading keeps `Korea-Latin`, but the user typed it without the hyphen.
        let t = doc("the Korea-\nLatin America forum met.");
        let hits = find_quote(&t, "KoreaLatin America");
        assert_eq!(hits.len(), 1);
        assert_eq!(t.stored.slice(hits[0]), "Korea-\nLatin America");
    }

    #[test]
    fn equivalent_forms_match_and_resolve_to_the_stored_text() {
        let t = doc("They reached Me\u{301}rida.\nThe \u{fb01}nancial records of the o\u{fb03}ce\u{200b} were lost.");
        let hits = find_quote(&t, "reached M\u{e9}rida");
        assert_eq!(hits.len(), 1);
        assert_eq!(t.stored.slice(hits[0]), "reached Me\u{301}rida");
        let hits = find_quote(&t, "financial records of the office");
        assert_eq!(t.stored.slice(hits[0]), "\u{fb01}nancial records of the o\u{fb03}ce");
        assert!(find_quote(&t, "reached Merida").is_empty(), "a quote keeps its accents");
        let nfc = doc("They reached M\u{e9}rida.");
        assert_eq!(nfc.stored.slice(find_quote(&nfc, "reached Me\u{301}rida")[0]), "reached M\u{e9}rida");
    }

    #[test]
    fn ligatures_match_their_letters_both_ways() {
        let t = doc("the ﬁrst ﬂeet left; the first fleet returned");
        let hits = find_quote(&t, "first fleet");
        assert_eq!(hits.len(), 2);
        assert_eq!(t.stored.slice(hits[0]), "ﬁrst ﬂeet");
        assert_eq!(find_quote(&t, "ﬁrst ﬂeet").len(), 2);
        assert!(find_quote(&t, "fist").is_empty());
    }

    #[test]
    fn several_matches_are_all_reported() {
        let t = doc("1,014 then 1,014 again");
        assert_eq!(find_quote(&t, "1,014"), vec![CharRange::new(0, 5), CharRange::new(11, 16)]);
        assert!(find_quote(&t, "1,019").is_empty());
        let overlapping = doc("1,014 1,014 1,014");
        assert_eq!(find_quote(&overlapping, "1,014 1,014").len(), 2, "either place: ambiguous");
    }
}
