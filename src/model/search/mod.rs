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

mod index;
pub mod scan;

pub use index::FoldIndex;

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

/// Hits of a query in one source's reading text, through its index: the same hits,
/// in the same order, as [`scan::search_text`] (the full scan kept as the reference).
pub fn search_text(source: SourceId, index: &FoldIndex, query: &Query) -> Vec<Hit> {
    let mut out = Vec::new();
    search_into(source, index, query, &mut out);
    out
}

/// As [`search_text`], appending to `out`.
fn search_into(source: SourceId, index: &FoldIndex, query: &Query, out: &mut Vec<Hit>) {
    let hit = |r: CharRange| Hit { source, reading: ReadingRange::from_chars(r) };
    match query {
        Query::Phrase(p) => {
            let found = index.find_bytes(p);
            out.reserve(found.len());
            index.ranges(&found, p.len(), |r| out.push(hit(r)));
        }
        Query::Words(words) => {
            // Every occurrence of every word, in paragraphs that contain all words.
            let per_word: Vec<Vec<u32>> = words.iter().map(|w| index.find_bytes(w)).collect();
            let paragraphs: Vec<Vec<u32>> = per_word.iter().map(|hits| index.paragraphs_of(hits)).collect();
            let mut common = vec![true; index.paragraph_count()];
            for paras in &paragraphs {
                let mut here = vec![false; common.len()];
                for &p in paras {
                    here[p as usize] = true;
                }
                common.iter_mut().zip(here).for_each(|(c, h)| *c &= h);
            }
            let mut all: Vec<CharRange> = Vec::new();
            for ((word, hits), paras) in words.iter().zip(&per_word).zip(&paragraphs) {
                let kept: Vec<u32> = hits.iter().zip(paras).filter(|(_, p)| common[**p as usize]).map(|(&h, _)| h).collect();
                let mut ranges = Vec::with_capacity(kept.len());
                index.ranges(&kept, word.len(), |r| ranges.push(r));
                all = merge_sorted(all, ranges);
            }
            out.extend(all.into_iter().map(hit));
        }
    }
}

/// Two sorted lists as one sorted list.
fn merge_sorted(a: Vec<CharRange>, b: Vec<CharRange>) -> Vec<CharRange> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i] {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// One indexed source: its id, the text indexed (kept for hits' stored ranges and
/// snippets) and the index.
#[derive(Debug)]
struct Entry {
    id: SourceId,
    doc: Arc<SourceText>,
    index: FoldIndex,
}

/// The search index of a project: one [`FoldIndex`] per source, rebuilt for a source
/// only when its text changes (texts are told apart by [`SourceText::serial`], their
/// identity, never by pointer).
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    /// Brings the index up to date with the project: sources added or whose text
    /// changed are indexed (on every core), removed ones dropped, the rest kept.
    pub fn update(&mut self, project: &Project) {
        let mut old: std::collections::HashMap<(SourceId, u64), Entry> =
            self.entries.drain(..).map(|e| ((e.id, e.doc.serial()), e)).collect();
        let mut kept = Vec::with_capacity(project.texts.len());
        let mut todo: Vec<(SourceId, Arc<SourceText>)> = Vec::new();
        for (&id, doc) in &project.texts {
            match old.remove(&(id, doc.serial())) {
                Some(e) => kept.push(e),
                None => todo.push((id, doc.clone())),
            }
        }
        kept.extend(build_all(todo));
        kept.sort_by_key(|e| e.id);
        self.entries = kept;
    }

    /// The text a hit was found in.
    pub fn text_of(&self, source: SourceId) -> Option<&SourceText> {
        self.entries.iter().find(|e| e.id == source).map(|e| e.doc.as_ref())
    }

    /// Heap bytes the index holds beyond the texts themselves (which the project
    /// owns): folded texts, maps, vocabularies and positions.
    pub fn heap_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.index.heap_bytes()).sum::<usize>() + self.entries.capacity() * std::mem::size_of::<Entry>()
    }

    /// Hits of a query across every source, in source then text order.
    pub fn search(&self, input: &str) -> Vec<Hit> {
        let Some(query) = Query::parse(input) else { return Vec::new() };
        let run = |entries: &[Entry]| {
            let mut out = Vec::new();
            for e in entries {
                search_into(e.id, &e.index, &query, &mut out);
            }
            out
        };
        // A large index is searched on every core, sources split in order.
        let size: usize = self.entries.iter().map(|e| e.index.folded().len()).sum();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.entries.len());
        if cores <= 1 || size < 4 << 20 {
            return run(&self.entries);
        }
        let share = self.entries.len().div_ceil(cores);
        let parts: Vec<Vec<Hit>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self.entries.chunks(share).map(|chunk| scope.spawn(move || run(chunk))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            out.extend(part);
        }
        out
    }
}

/// Indexes texts, split over the machine's cores.
fn build_all(todo: Vec<(SourceId, Arc<SourceText>)>) -> Vec<Entry> {
    let build = |(id, doc): (SourceId, Arc<SourceText>)| {
        let index = FoldIndex::new(doc.reading.as_str());
        Entry { id, doc, index }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(todo.len());
    if cores <= 1 {
        return todo.into_iter().map(build).collect();
    }
    let mut shares: Vec<Vec<(SourceId, Arc<SourceText>)>> = (0..cores).map(|_| Vec::new()).collect();
    for (i, t) in todo.into_iter().enumerate() {
        shares[i % cores].push(t);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            shares.into_iter().map(|share| scope.spawn(move || share.into_iter().map(build).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
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

    /// Pieces of text the fold treats specially: equivalent forms, ligatures, full
    /// width, case, soft hyphen and zero-width chars, look-alikes, quote marks and
    /// dashes, spaces of every kind, line breaks, Hangul whole and in jamo.
    const PIECES: [&str; 34] = [
        "a",
        "b",
        "ab",
        " ",
        " ",
        "\n",
        "\n\n",
        "é",
        "e\u{301}",
        "E",
        "\u{fb01}",
        "\u{fb03}",
        "fi",
        "Ｍ",
        "M",
        "ß",
        "ss",
        "\u{ad}",
        "\u{200b}",
        "с",
        "c",
        "’",
        "'",
        "—",
        "-",
        "\u{a0}",
        "서울",
        "\u{1109}\u{1165}",
        "İ",
        "i",
        "\u{301}",
        "1,0",
        "ǅ",
        "ﬀ",
    ];

    fn pieces(max: usize) -> impl Strategy<Value = String> {
        // Most pieces from a few, so that words and phrases repeat and overlap.
        let piece = prop_oneof![3 => proptest::sample::select(&["a", " ", "ab"][..]), 1 => proptest::sample::select(&PIECES[..])];
        proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
    }

    fn query() -> impl Strategy<Value = String> {
        (pieces(5), proptest::sample::select(&["", "\"", " ", "  "][..])).prop_map(|(q, how)| match how {
            "\"" => format!("\"{q}\""),
            sep => q.replace(' ', if sep.is_empty() { " " } else { sep }),
        })
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// The index finds exactly what the full scan finds, in the same order.
        #[test]
        fn indexed_search_equals_the_scan(text in pieces(60), queries in proptest::collection::vec(query(), 1..6)) {
            let index = FoldIndex::new(&text);
            let reference = scan::Folded::new(&text);
            prop_assert_eq!(index.folded(), reference.as_str());
            for q in &queries {
                if let Some(query) = Query::parse(q) {
                    let ours = search_text(SourceId(1), &index, &query);
                    let theirs = scan::search_text(SourceId(1), &reference, &query);
                    prop_assert_eq!(ours, theirs, "query {:?} in {:?}", q, text);
                }
            }
        }

        /// Any needle, spaces anywhere, typed or cut from the text itself (so that
        /// phrases occur, repeat and overlap): the byte hits of a memchr scan of the fold.
        #[test]
        fn indexed_bytes_equal_memmem(text in pieces(60), typed in pieces(4), at in 0..200usize, len in 1..14usize) {
            let index = FoldIndex::new(&text);
            let folded: Vec<char> = index.folded().chars().collect();
            let from = at.min(folded.len());
            let cut: String = folded[from..(from + len).min(folded.len())].iter().collect();
            for needle in [fold(&typed), cut] {
                let scan: Vec<u32> = if needle.is_empty() { Vec::new() } else {
                    memchr::memmem::find_iter(index.folded().as_bytes(), needle.as_bytes()).map(|b| b as u32).collect()
                };
                prop_assert_eq!(index.find_bytes(&needle), scan, "needle {:?} in {:?}", needle, index.folded());
            }
        }
    }

    #[test]
    fn repeated_words_and_phrases_that_overlap() {
        for (text, q) in [("a a a a", "\"a a\""), ("aaa aaa aaa", "\"aa aa\""), ("ab ab ab", "\"b ab\""), ("x y x y x", "\"x y x\"")] {
            let index = FoldIndex::new(text);
            let reference = scan::Folded::new(text);
            let query = Query::parse(q).expect("query");
            assert_eq!(search_text(SourceId(1), &index, &query), scan::search_text(SourceId(1), &reference, &query), "{q} in {text}");
        }
    }

    #[test]
    fn a_changed_text_is_indexed_again_and_the_others_kept() {
        let mut p = project(&["Chemulpo port", "Progreso port"]);
        let mut index = SearchIndex::default();
        index.update(&p);
        assert_eq!(index.search("port").len(), 2);
        let doc = SourceText::new("Mérida only".into());
        p.texts.insert(SourceId(2), doc);
        index.update(&p);
        assert_eq!(index.search("port").len(), 1);
        assert_eq!(index.search("merida").len(), 1);
        p.texts.remove(&SourceId(1));
        index.update(&p);
        assert_eq!(index.search("port").len(), 0);
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
