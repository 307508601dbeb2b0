//! Search across sources, forgiving the way readers type: case, accents
//! (`Merida` finds `Mérida`), quote marks (`Korea's` finds `Korea’s`), NBSP, line
//! breaks and end-of-line hyphenation (it searches the reading text), equivalent
//! Unicode forms, invisible chars and look-alike letters (`Сеул` typed with a
//! Latin `C`): see [`super::fold`].

use std::sync::Arc;

use super::fold::{self, Strength};
use super::ids::SourceId;
use super::offsets::{CharOffset, CharRange, ReadingOffset, ReadingRange};
use super::project::Project;
use super::source::SourceText;

/// A whole string folded as search folds it ([`Strength::SEARCH`]: case, accents,
/// equivalent forms, invisible chars, quote marks, look-alike letters).
pub fn fold(s: &str) -> String {
    fold::fold(s, Strength::SEARCH)
}

/// A reading text folded for search, with the map back to reading offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    folded: fold::Folded,
    /// Char offsets of the paragraph breaks (`\n`), for queries of several words.
    breaks: Vec<u32>,
}

impl Folded {
    pub fn new(text: &str) -> Self {
        // Folding turns line breaks into spaces; the paragraphs are the unfolded text's.
        let breaks = text.chars().enumerate().filter(|&(_, c)| c == '\n').map(|(i, _)| i as u32).collect();
        Self { folded: fold::Folded::new(text, Strength::SEARCH), breaks }
    }

    /// Reading ranges of every occurrence of a folded needle (memchr's SIMD search:
    /// a query runs over every source's whole text).
    fn find_all(&self, needle: &str) -> Vec<CharRange> {
        self.folded.find_all(needle)
    }

    /// The paragraph (0-based) a char offset lies in.
    fn paragraph_of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| (b as usize) < offset)
    }
}

/// A parsed query: an exact phrase in quotes, or words that must all occur in
/// the same paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Phrase(String),
    Words(Vec<String>),
}

impl Query {
    pub fn parse(input: &str) -> Option<Query> {
        let t = input.trim();
        let folded = |s: &str| fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
        if t.len() >= 2 && t.starts_with(['"', '“']) && t.ends_with(['"', '”']) {
            let inner = folded(&t[t.chars().next().map_or(1, char::len_utf8)..t.len() - t.chars().last().map_or(1, char::len_utf8)]);
            return (!inner.is_empty()).then_some(Query::Phrase(inner));
        }
        let words: Vec<String> = folded(t).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
        match words.len() {
            0 => None,
            1 => Some(Query::Phrase(words[0].clone())),
            _ => Some(Query::Words(words)),
        }
    }
}

/// A hit: where (a range of the reading text); its stored range, line and a
/// snippet around it are computed on demand (a common word can have a million hits,
/// and only the ones shown need them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub source: SourceId,
    pub reading: ReadingRange,
}

impl Hit {
    /// The range of the stored text the hit covers.
    pub fn stored(&self, doc: &SourceText) -> CharRange {
        doc.reading.range_to_stored(self.reading)
    }

    /// 1-based line in the stored text.
    pub fn line(&self, doc: &SourceText) -> usize {
        doc.stored.line_of(self.stored(doc).start)
    }

    /// Some 40 chars either side, on one line (computed on demand: a common word
    /// can have a million hits).
    pub fn snippet(&self, doc: &SourceText) -> String {
        let from = doc.reading.to_stored(ReadingOffset(self.reading.start.0.saturating_sub(40)));
        let to = doc.reading.to_stored(ReadingOffset(self.reading.end.0 + 40));
        let raw = doc.stored.slice(CharRange { start: from, end: to.max(from) }).replace("-\n", "");
        let mut words: Vec<&str> = raw.split_whitespace().collect();
        // Whole words only: a snippet cut inside a word at either end drops that piece.
        let letter_at = |at: usize| {
            let end = CharOffset(at + 1).min(CharOffset(doc.stored.char_len()));
            doc.stored.slice(CharRange { start: CharOffset(at).min(end), end }).chars().any(|c| !c.is_whitespace())
        };
        if from.0 > 0 && letter_at(from.0 - 1) && words.len() > 2 {
            words.remove(0);
        }
        if letter_at(to.0) && words.len() > 2 {
            words.pop();
        }
        words.join(" ")
    }
}

/// Hits of a query in one source's reading text.
pub fn search_text(source: SourceId, folded: &Folded, query: &Query) -> Vec<Hit> {
    let ranges: Vec<CharRange> = match query {
        Query::Phrase(p) => folded.find_all(p),
        Query::Words(words) => {
            // Every occurrence of every word, in paragraphs that contain all words.
            // Hits come in text order, so each word's paragraphs come sorted.
            let per_word: Vec<Vec<CharRange>> = words.iter().map(|w| folded.find_all(w)).collect();
            let paragraphs_with = |hits: &Vec<CharRange>| {
                let mut paragraphs: Vec<usize> = hits.iter().map(|r| folded.paragraph_of(r.start.0)).collect();
                paragraphs.dedup();
                paragraphs
            };
            let mut common = paragraphs_with(&per_word[0]);
            for hits in &per_word[1..] {
                let these = paragraphs_with(hits);
                common.retain(|p| these.binary_search(p).is_ok());
            }
            let mut all: Vec<CharRange> =
                per_word.into_iter().flatten().filter(|r| common.binary_search(&folded.paragraph_of(r.start.0)).is_ok()).collect();
            all.sort();
            all
        }
    };
    ranges.into_iter().map(|r| Hit { source, reading: ReadingRange::from_chars(r) }).collect()
}

/// Folded reading texts of a project, kept while the texts do not change.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<(SourceId, Arc<SourceText>, Folded)>,
}

impl SearchIndex {
    /// Builds (or refreshes) the index: only texts that changed are folded again.
    pub fn update(&mut self, project: &Project) {
        let mut entries = Vec::with_capacity(project.texts.len());
        for (&id, doc) in &project.texts {
            match self.entries.iter().position(|(sid, d, _)| *sid == id && Arc::ptr_eq(d, doc)) {
                Some(i) => entries.push(self.entries.swap_remove(i)),
                None => entries.push((id, doc.clone(), Folded::new(doc.reading.as_str()))),
            }
        }
        entries.sort_by_key(|e| e.0);
        self.entries = entries;
    }

    /// The text a hit was found in.
    pub fn text_of(&self, source: SourceId) -> Option<&SourceText> {
        self.entries.iter().find(|e| e.0 == source).map(|e| e.1.as_ref())
    }

    /// Hits of a query across every source, in source then text order.
    pub fn search(&self, input: &str) -> Vec<Hit> {
        let Some(query) = Query::parse(input) else { return Vec::new() };
        self.entries.iter().flat_map(|(id, _, folded)| search_text(*id, folded, &query)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, ops};

    fn project(docs: &[&str]) -> Project {
        let mut p = Project::new("t");
        for (i, d) in docs.iter().enumerate() {
            ops::add_source(&p, Source::untitled(SourceId(i as u64 + 1), "d.txt"), (*d).to_string()).apply(&mut p);
        }
        p
    }

    fn count(p: &Project, q: &str) -> usize {
        let mut index = SearchIndex::default();
        index.update(p);
        index.search(q).len()
    }

    #[test]
    fn every_folding_rule() {
        let p = project(&[
            "Arrivals in Mérida, Yucatán.\nKorea’s envoy and Korea´s trade.\n702 men, 135 wom-\nen and 196 children.\nIn Сеул\u{a0}today the CAPITAL.",
        ]);
        assert_eq!(count(&p, "Merida"), 1, "accents");
        assert_eq!(count(&p, "yucatan"), 1, "case and accents");
        assert_eq!(count(&p, "Korea's"), 2, "apostrophes");
        assert_eq!(count(&p, "women"), 1, "line-end hyphenation");
        assert_eq!(count(&p, "Ceул"), 1, "Cyrillic look-alikes (Latin C typed)");
        assert_eq!(count(&p, "\"Сеул today\""), 1, "NBSP in a phrase");
        assert_eq!(count(&p, "capital"), 1);
        assert_eq!(count(&p, "Lima"), 0, "nothing it should not find");
    }

    #[test]
    fn equivalent_forms_hit_the_exact_stored_range_once() {
        let p = project(&[
            "It reached Me\u{301}rida in May.\nThe \u{fb01}nancial records of the o\u{fb03}ce.\n세월이 흘러 수원에서 편지가 왔다\n서울",
        ]);
        let mut index = SearchIndex::default();
        index.update(&p);
        let doc = &p.texts[&SourceId(1)];
        let only = |q: &str| {
            let hits = index.search(q);
            assert_eq!(hits.len(), 1, "{q}: {hits:?}");
            doc.stored.slice(hits[0].stored(doc)).to_string()
        };
        assert_eq!(only("Merida"), "Me\u{301}rida");
        assert_eq!(only("M\u{e9}rida"), "Me\u{301}rida");
        assert_eq!(only("financial"), "\u{fb01}nancial");
        assert_eq!(only("office"), "o\u{fb03}ce");
        assert_eq!(only("서울"), "서울", "Hangul is not cut to its first jamo");
        assert_eq!(count(&p, "세월"), 1);
        assert_eq!(count(&p, "서"), 2, "서울 and 에서");
    }

    #[test]
    fn phrases_and_words() {
        let p = project(&["The ship left Chemulpo in April.\n\nIn May the ship reached Progreso.\n\nChemulpo and Progreso are ports."]);
        assert_eq!(count(&p, "\"ship left\""), 1);
        assert_eq!(count(&p, "\"ship reached Chemulpo\""), 0);
        // Both words in the same paragraph: only the last one has both.
        let mut index = SearchIndex::default();
        index.update(&p);
        let hits = index.search("chemulpo progreso");
        assert_eq!(hits.len(), 2);
        let doc = &p.texts[&SourceId(1)];
        assert!(hits.iter().all(|h| h.line(doc) == 5), "{hits:?}");
        assert!(hits[0].snippet(doc).contains("ports"));
    }

    #[test]
    fn snippets_start_and_end_on_whole_words() {
        let text = "Korean immigrants arrived at Progreso and then travelled inland to the henequen haciendas of Yucatan in 1905, most of them labourers.";
        let p = project(&[text]);
        let mut index = SearchIndex::default();
        index.update(&p);
        let doc = &p.texts[&SourceId(1)];
        let hit = &index.search("haciendas")[0];
        let snippet = hit.snippet(doc);
        let words: Vec<&str> = text.split_whitespace().collect();
        for w in snippet.split_whitespace() {
            assert!(words.contains(&w), "`{w}` is a piece of a word: {snippet:?}");
        }
        assert!(snippet.contains("haciendas"));
    }

    #[test]
    fn hits_map_to_stored_text_and_lines() {
        let p = project(&["line one\nline two has wom-\nen here"]);
        let mut index = SearchIndex::default();
        index.update(&p);
        let hit = &index.search("women")[0];
        assert_eq!(p.texts[&SourceId(1)].stored.slice(hit.stored(&p.texts[&SourceId(1)])), "wom-\nen");
        assert_eq!(hit.line(&p.texts[&SourceId(1)]), 2);
    }
}
