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

/// Hits of a query in one source's reading text, through its index, every range
/// resolved: the same hits, in the same order, as [`scan::search_text`] (the full
/// scan kept as the reference). [`SearchIndex::search`] resolves only what is asked for.
pub fn search_text(source: SourceId, index: &FoldIndex, query: &Query) -> Vec<Hit> {
    let found = find(index, query);
    let mut resolver = index.resolver();
    (0..found.len()).map(|k| found.hit(source, &mut resolver, k)).collect()
}

/// What a query found in one source, as folded byte offsets (no reading range
/// resolved yet).
#[derive(Debug, Clone)]
enum Found {
    /// Occurrences of one needle of `len` folded bytes: their folded byte offsets,
    /// ascending.
    Same { at: Vec<u32>, len: u32 },
    /// Occurrences of several words: the folded byte offset in the high 32 bits, the
    /// word's rank in the low 32 (`lens[rank]`: its length in folded bytes; ranks go
    /// up with length), in the order of their reading ranges.
    Each { at: Vec<u64>, lens: Vec<u32> },
}

impl Found {
    fn len(&self) -> usize {
        match self {
            Found::Same { at, .. } => at.len(),
            Found::Each { at, .. } => at.len(),
        }
    }

    /// (folded byte offset, length in folded bytes) of hit `k` (`k < len()`).
    fn bytes(&self, k: usize) -> (u32, u32) {
        match self {
            Found::Same { at, len } => (at[k], *len),
            Found::Each { at, lens } => ((at[k] >> 32) as u32, lens[at[k] as u32 as usize]),
        }
    }

    fn hit(&self, source: SourceId, resolver: &mut index::Resolver<'_>, k: usize) -> Hit {
        let (byte, len) = self.bytes(k);
        Hit { source, reading: ReadingRange::from_chars(resolver.range(byte, len)) }
    }
}

/// A hit of the word ranked `rank` packed for [`Found::Each`].
fn pack(byte: u32, rank: u32) -> u64 {
    (u64::from(byte) << 32) | u64::from(rank)
}

/// The query's hits in one source, in the scan's order, unresolved.
fn find(index: &FoldIndex, query: &Query) -> Found {
    match query {
        Query::Phrase(p) => Found::Same { at: index.find_bytes(p), len: p.len() as u32 },
        Query::Words(words) => {
            // Every occurrence of every word, in paragraphs that contain all words.
            let mut per_word: Vec<Vec<u32>> = Vec::with_capacity(words.len());
            for w in words {
                let hits = index.find_bytes(w);
                if hits.is_empty() {
                    return Found::Each { at: Vec::new(), lens: Vec::new() };
                }
                per_word.push(hits);
            }
            // Each word's rank when the words are ordered by length (then by place in the
            // query): hits packed as (folded byte, rank) sort as (folded byte, length).
            let mut ranked: Vec<usize> = (0..words.len()).collect();
            ranked.sort_by_key(|&w| words[w].len());
            let lens: Vec<u32> = ranked.iter().map(|&w| words[w].len() as u32).collect();
            let mut all: Vec<u64> = Vec::new();
            for (rank, &w) in ranked.iter().enumerate() {
                all = merge_sorted(all, &per_word[w], rank as u32);
            }
            // One walk of all hits in text order, paragraph by paragraph: a paragraph's
            // hits are kept if it held every word (counted the first time each shows).
            let mut last = vec![u32::MAX; words.len()];
            let mut walk = index.paragraph_walk();
            let (mut write, mut from, mut seen, mut current) = (0, 0, 0, u32::MAX);
            for read in 0..all.len() {
                let h = all[read];
                let p = walk.paragraph_of((h >> 32) as u32);
                if p != current {
                    if seen < words.len() {
                        write = from;
                    }
                    (from, current, seen) = (write, p, 0);
                }
                let rank = h as u32 as usize;
                seen += usize::from(last[rank] != p);
                last[rank] = p;
                all[write] = h;
                write += 1;
            }
            if seen < words.len() {
                write = from;
            }
            all.truncate(write);
            in_reading_order(index, &mut all, &lens);
            Found::Each { at: all, lens }
        }
    }
}

/// Hits sorted by (folded byte, length) put in the order of their reading ranges.
/// The two orders differ only where two hits at different folded bytes start at the
/// same reading char (inside a unit that folds to several chars: `ß` → `ss`), and the
/// later one is the shorter; such groups are re-sorted by their resolved ranges.
fn in_reading_order(index: &FoldIndex, hits: &mut [u64], lens: &[u32]) {
    if !index.has_shared_origins() {
        return;
    }
    let range = |h: u64| index.range((h >> 32) as u32, lens[h as u32 as usize]);
    let mut i = 0;
    while i < hits.len() {
        if !index.shares_origin((hits[i] >> 32) as u32) {
            i += 1;
            continue;
        }
        let start = range(hits[i]).start;
        let mut from = i;
        while from > 0 && range(hits[from - 1]).start == start {
            from -= 1;
        }
        let mut to = i + 1;
        while to < hits.len() && range(hits[to]).start == start {
            to += 1;
        }
        hits[from..to].sort_by_key(|&h| range(h));
        i = to;
    }
}

/// Packed hits and the sorted positions of the word ranked `rank` as one sorted list
/// of packed hits. Without branches on the values: hits of two words interleave at
/// random, which a branch would mispredict half the time.
fn merge_sorted(a: Vec<u64>, b: &[u32], rank: u32) -> Vec<u64> {
    if a.is_empty() {
        return b.iter().map(|&p| pack(p, rank)).collect();
    }
    let mut out = vec![0u64; a.len() + b.len()];
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], pack(b[j], rank));
        let take_b = y < x;
        out[k] = if take_b { y } else { x };
        j += usize::from(take_b);
        i += usize::from(!take_b);
        k += 1;
    }
    out[k..k + a.len() - i].copy_from_slice(&a[i..]);
    k += a.len() - i;
    for (o, &p) in out[k..].iter_mut().zip(&b[j..]) {
        *o = pack(p, rank);
    }
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

/// The hits of one query across sources, in source then text order (the order of
/// [`scan::search_text`] source by source). Kept as folded byte offsets: a hit's
/// reading range is resolved when it is asked for ([`Hits::get`], [`Hits::iter`]),
/// since a common word has a million hits and only the ones shown or used need one.
/// Holds the indexes it was found in (shared, not copied), so it stays valid when
/// the [`SearchIndex`] is updated.
#[derive(Clone, Default)]
pub struct Hits {
    /// One part per source with hits, in source order.
    parts: Vec<Part>,
    len: usize,
}

/// The hits in one source.
#[derive(Clone)]
struct Part {
    entry: Arc<Entry>,
    /// Index (in the whole [`Hits`]) of this source's first hit.
    first: usize,
    found: Found,
}

impl Hits {
    fn new(found: Vec<(Arc<Entry>, Found)>) -> Self {
        let mut len = 0;
        let parts = found
            .into_iter()
            .filter(|(_, f)| f.len() > 0)
            .map(|(entry, found)| {
                let first = len;
                len += found.len();
                Part { entry, first, found }
            })
            .collect();
        Self { parts, len }
    }

    /// How many hits (in every source).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Hit `i` (0-based, in source then text order), its range resolved now (a binary
    /// search); `None` past the end.
    pub fn get(&self, i: usize) -> Option<Hit> {
        let part = &self.parts[self.parts.partition_point(|p| p.first <= i).checked_sub(1)?];
        let k = i - part.first;
        (k < part.found.len()).then(|| {
            let (byte, len) = part.found.bytes(k);
            Hit { source: part.entry.id, reading: ReadingRange::from_chars(part.entry.index.range(byte, len)) }
        })
    }

    /// Every hit, resolved as the iterator goes (a step of the map each).
    pub fn iter(&self) -> impl Iterator<Item = Hit> + '_ {
        self.iter_in(0..self.len)
    }

    /// The hits with indexes in `range` (clamped to `0..len()`), resolved as the
    /// iterator goes: the hits of one source ([`Hits::range_of`]), the first hundred.
    pub fn iter_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Hit> + '_ {
        self.parts.iter().flat_map(move |part| {
            let (from, to) = (range.start.max(part.first), range.end.min(part.first + part.found.len()));
            let mut resolver = part.entry.index.resolver();
            (from..to.max(from)).map(move |i| part.found.hit(part.entry.id, &mut resolver, i - part.first))
        })
    }

    /// Each source with hits and the indexes of its hits, in source order.
    pub fn per_source(&self) -> impl Iterator<Item = (SourceId, std::ops::Range<usize>)> + '_ {
        self.parts.iter().map(|p| (p.entry.id, p.first..p.first + p.found.len()))
    }

    /// The indexes of the hits in `source` (an empty range when it has none).
    pub fn range_of(&self, source: SourceId) -> std::ops::Range<usize> {
        let at = self.parts.partition_point(|p| p.entry.id < source);
        match self.parts.get(at) {
            Some(p) if p.entry.id == source => p.first..p.first + p.found.len(),
            Some(p) => p.first..p.first,
            None => self.len..self.len,
        }
    }

    /// The text the hits in `source` were found in (for [`Hit::stored`], lines and
    /// snippets); `None` when that source has no hit.
    pub fn text_of(&self, source: SourceId) -> Option<&SourceText> {
        let at = self.parts.binary_search_by_key(&source, |p| p.entry.id).ok()?;
        Some(self.parts[at].entry.doc.as_ref())
    }
}

impl std::fmt::Debug for Hits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The search index of a project: one [`FoldIndex`] per source, rebuilt for a source
/// only when its text changes (texts are told apart by [`SourceText::serial`], their
/// identity, never by pointer).
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Arc<Entry>>,
}

impl SearchIndex {
    /// Brings the index up to date with the project: sources added or whose text
    /// changed are indexed (on every core), removed ones dropped, the rest kept.
    pub fn update(&mut self, project: &Project) {
        let mut old: std::collections::HashMap<(SourceId, u64), Arc<Entry>> =
            self.entries.drain(..).map(|e| ((e.id, e.doc.serial()), e)).collect();
        let mut kept = Vec::with_capacity(project.texts.len());
        let mut todo: Vec<(SourceId, Arc<SourceText>)> = Vec::new();
        for (&id, doc) in &project.texts {
            match old.remove(&(id, doc.serial())) {
                Some(e) => kept.push(e),
                None => todo.push((id, doc.clone())),
            }
        }
        kept.extend(build_all(todo).into_iter().map(Arc::new));
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
        self.entries.iter().map(|e| e.index.heap_bytes() + std::mem::size_of::<Entry>()).sum::<usize>()
            + self.entries.capacity() * std::mem::size_of::<Arc<Entry>>()
    }

    /// Hits of a query across every source, in source then text order; ranges are
    /// resolved on demand (see [`Hits`]).
    pub fn search(&self, input: &str) -> Hits {
        let Some(query) = Query::parse(input) else { return Hits::default() };
        let run = |entries: &[Arc<Entry>]| entries.iter().map(|e| (Arc::clone(e), find(&e.index, &query))).collect::<Vec<_>>();
        // A large index is searched on every core, sources split in order.
        let size: usize = self.entries.iter().map(|e| e.index.folded().len()).sum();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.entries.len());
        if cores <= 1 || size < 4 << 20 {
            return Hits::new(run(&self.entries));
        }
        let share = self.entries.len().div_ceil(cores);
        let parts: Vec<Vec<(Arc<Entry>, Found)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self.entries.chunks(share).map(|chunk| scope.spawn(move || run(chunk))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        Hits::new(parts.into_iter().flatten().collect())
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

        /// Through the whole index, several sources: [`Hits`] resolved lazily (one by
        /// one, in order, by source) are the scan's hits.
        #[test]
        fn lazy_hits_equal_the_scan(texts in proptest::collection::vec(pieces(40), 1..4), queries in proptest::collection::vec(query(), 1..4)) {
            for q in &queries {
                hits_equal_the_scan(&texts, q)?;
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

    /// Two words found at different folded bytes of one reading char (`ß` folds to
    /// `ss`): in folded order `s`@0, `ssa`@0, `s`@1, in the scan's order (by reading
    /// range) `s`, `s`, `ssa`.
    #[test]
    fn words_inside_one_folded_char_come_in_reading_order() {
        for (text, q) in [("ßa", "ssa s"), ("ßa ßa", "ssa s"), ("x ﬃ ffi", "ffi fi f")] {
            let index = FoldIndex::new(text);
            let reference = scan::Folded::new(text);
            let query = Query::parse(q).expect("query");
            let theirs = scan::search_text(SourceId(1), &reference, &query);
            assert!(theirs.len() >= 3, "{q} in {text}: {theirs:?}");
            assert_eq!(search_text(SourceId(1), &index, &query), theirs, "{q} in {text}");
        }
    }

    /// The hits of a project as [`Hits`]: resolved one by one, in order, or by
    /// source, they are the scan's, source after source.
    fn hits_equal_the_scan(texts: &[String], q: &str) -> Result<(), TestCaseError> {
        let p = project(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let mut index = SearchIndex::default();
        index.update(&p);
        let hits = index.search(q);
        let mut theirs = Vec::new();
        if let Some(query) = Query::parse(q) {
            for (&id, doc) in &p.texts {
                theirs.extend(scan::search_text(id, &scan::Folded::new(doc.reading.as_str()), &query));
            }
        }
        prop_assert_eq!(hits.len(), theirs.len());
        prop_assert_eq!(hits.is_empty(), theirs.is_empty());
        prop_assert_eq!(&hits.iter().collect::<Vec<_>>(), &theirs, "query {:?}", q);
        let one_by_one: Vec<Hit> = (0..hits.len()).filter_map(|i| hits.get(i)).collect();
        prop_assert_eq!(&one_by_one, &theirs);
        prop_assert_eq!(hits.get(hits.len()), None);
        let mut by_source = Vec::new();
        for (source, range) in hits.per_source() {
            prop_assert_eq!(hits.range_of(source), range.clone());
            prop_assert!(hits.text_of(source).is_some());
            by_source.extend(hits.iter_in(range).inspect(|h| assert_eq!(h.source, source)));
        }
        prop_assert_eq!(&by_source, &theirs);
        for id in p.texts.keys() {
            let range = hits.range_of(*id);
            prop_assert!(range.clone().all(|i| hits.get(i).is_some_and(|h| h.source == *id)));
            prop_assert_eq!(hits.text_of(*id).is_some(), !range.is_empty());
        }
        Ok(())
    }

    /// Positions stored as deltas of one to four bytes (gaps under 128, 16,384 and
    /// 2,097,152 bytes and over), decoded alone, in a phrase and in a words query.
    #[test]
    fn occurrences_far_apart_are_all_found() {
        let mut text = String::new();
        for gap in [0, 100, 200, 20_000, 2_200_000, 3, 70_000] {
            text.push_str(&"y ".repeat(gap / 2));
            text.push_str("mx z ");
        }
        let index = FoldIndex::new(&text);
        let reference = scan::Folded::new(&text);
        let all: Vec<u32> = memchr::memmem::find_iter(index.folded().as_bytes(), b"mx").map(|b| b as u32).collect();
        assert_eq!(all.len(), 7);
        assert_eq!(index.find_bytes("mx"), all);
        assert_eq!(index.find_bytes("x"), all.iter().map(|b| b + 1).collect::<Vec<_>>());
        for q in ["mx", "\"mx z\"", "\"x z y\"", "mx z", "y mx"] {
            let query = Query::parse(q).expect("query");
            assert_eq!(search_text(SourceId(1), &index, &query), scan::search_text(SourceId(1), &reference, &query), "{q}");
        }
    }

    #[test]
    fn repeated_words_and_phrases_that_overlap() {
        for (text, q) in [
            ("a a a a", "\"a a\""),
            ("aaa aaa aaa", "\"aa aa\""),
            ("ab ab ab", "\"b ab\""),
            ("x y x y x", "\"x y x\""),
            ("a b\n\na a b\nb b", "a a"),
            ("a b\n\na a b\nb b\nb a", "b a b"),
            ("ab\nb a\nab ab", "ab b"),
            ("a b\nb", "a b"),
        ] {
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
            let hit = hits.get(0).expect("one hit");
            doc.stored.slice(hit.stored(doc)).to_string()
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
        assert!(hits.get(0).expect("a hit").snippet(doc).contains("ports"));
    }

    #[test]
    fn snippets_start_and_end_on_whole_words() {
        let text = "Korean immigrants arrived at Progreso and then travelled inland to the henequen haciendas of Yucatan in 1905, most of them labourers.";
        let p = project(&[text]);
        let mut index = SearchIndex::default();
        index.update(&p);
        let doc = &p.texts[&SourceId(1)];
        let hit = index.search("haciendas").get(0).expect("a hit");
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
        let hit = index.search("women").get(0).expect("a hit");
        assert_eq!(p.texts[&SourceId(1)].stored.slice(hit.stored(&p.texts[&SourceId(1)])), "wom-\nen");
        assert_eq!(hit.line(&p.texts[&SourceId(1)]), 2);
    }
}
