//! Finding a quote a person typed in a source: case-sensitive, but blind to line
//! breaks, end-of-line hyphenation, runs of spaces, NBSP and quote-mark variants.

use super::offsets::{CharOffset, CharRange};
use super::source::SourceText;

/// Folds the quote-mark variants a person cannot be expected to type exactly, and
/// every kind of space to a plain one. Search folds further on top of this.
pub fn fold_quote_mark(c: char) -> char {
    match c {
        '’' | '‘' | '´' | '`' | 'ʼ' | '′' => '\'',
        '“' | '”' | '„' | '″' => '"',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// The Latin ligatures of Unicode's Alphabetic Presentation Forms (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`),
/// which PDF text extraction yields where a font draws one glyph for two letters.
fn is_latin_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb06}').contains(&c)
}

/// A folded view of some text: folded chars and, for each, its source char offset.
struct Folded {
    text: String,
    /// Char offset (in the source of the fold) of each folded char.
    origin: Vec<usize>,
}

impl Folded {
    /// Folds quote marks and collapses whitespace runs; with `loose`, drops all
    /// whitespace and hyphens too (so `wom-\nen` and `women` agree).
    fn new(text: &str, loose: bool) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut last_space = true;
        let mut push = |c: char, i: usize| {
            let c = fold_quote_mark(c);
            if loose && (c == ' ' || c == '-' || c == '\u{ad}') {
                return;
            }
            if c == ' ' {
                if last_space {
                    return;
                }
                last_space = true;
            } else {
                last_space = false;
            }
            out.push(c);
            origin.push(i);
        };
        for (i, c) in text.chars().enumerate() {
            if is_latin_ligature(c) {
                // `ﬁ` in a PDF's text and `fi` in a quote (Zotero's, or typed) are the same letters.
                unicode_normalization::char::decompose_compatible(c, |d| push(d, i));
            } else {
                push(c, i);
            }
        }
        if out.ends_with(' ') {
            out.pop();
            origin.pop();
        }
        Self { text: out, origin }
    }

    /// Ranges (in the fold's source) of every occurrence of `needle`.
    fn find_all(&self, needle: &str) -> Vec<CharRange> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle_chars = needle.chars().count();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(pos) = self.text[from..].find(needle) {
            let byte = from + pos;
            let start_char = self.text[..byte].chars().count();
            let first = self.origin[start_char];
            let last = self.origin[start_char + needle_chars - 1];
            found.push(CharRange::new(first, last + 1));
            from = byte + needle.chars().next().map_or(1, char::len_utf8);
        }
        found
    }
}

/// All stored-text ranges where `quote` occurs, in text order. Searches the reading
/// text first; if that finds nothing, a looser match that ignores all spaces and
/// hyphens (for line-end hyphens the reading text could not settle).
pub fn find_quote(text: &SourceText, quote: &str) -> Vec<CharRange> {
    let strict = Folded::new(quote, false);
    let reading = Folded::new(text.reading.as_str(), false);
    let hits = reading.find_all(&strict.text);
    if !hits.is_empty() {
        return hits.into_iter().map(|r| text.reading.range_to_stored(r)).collect();
    }
    let loose_quote = Folded::new(quote, true);
    let loose_text = Folded::new(text.stored.as_str(), true);
    loose_text.find_all(&loose_quote.text)
}

/// The annotated text as a reader sees it: the reading text of a stored range.
pub fn reading_quote(text: &SourceText, range: CharRange) -> String {
    let r = text.reading.range_to_reading(range);
    let chars: String = text.reading.as_str().chars().skip(r.start.0).take(r.len()).collect();
    chars.trim().to_string()
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
    }
}
