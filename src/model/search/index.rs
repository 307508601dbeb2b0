//! The search index of one reading text: its search fold, a compact map from folded
//! bytes back to reading chars, and the positions of every word of the fold.
//!
//! The fold turns every run of white space into one `' '`, so the folded text is a
//! sequence of *tokens* (maximal runs of bytes other than `' '`) separated by single
//! spaces. A needle without a space can only occur inside one token, so its hits are
//! the tokens of the vocabulary that contain it (a memchr search of the vocabulary,
//! a few hundred KB) times their positions. A needle with spaces has whole tokens in
//! its middle, a token's end before its first space and a token's start after its
//! last: the rarest of those gives the candidates, each checked against the folded
//! text. The hits are exactly those of a memchr scan of the folded text
//! (non-overlapping, leftmost first), which [`super::scan`] keeps as the reference.

use std::collections::HashMap;

use super::super::fold::{self, Strength};
use super::super::offsets::CharRange;

/// A reading text folded for search ([`Strength::SEARCH`]) and indexed by token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldIndex {
    text: String,
    map: OriginMap,
    /// Folded byte offsets where the second, third, … paragraph starts (the first
    /// byte that came from after a `\n` of the reading text).
    paragraphs: Vec<u32>,
    tokens: Tokens,
}

impl FoldIndex {
    /// Folds and indexes a reading text (about 50 ms for 5 MB in release).
    pub fn new(reading: &str) -> Self {
        let (text, origin, long_units) = fold::Folded::new(reading, Strength::SEARCH).into_parts();
        let mut paragraphs = Vec::new();
        for (i, c) in reading.chars().enumerate() {
            if c == '\n' {
                // The first folded byte whose origin is after the break.
                paragraphs.push(origin.partition_point(|&o| (o as usize) <= i) as u32);
            }
        }
        let map = OriginMap::new(&text, &origin, long_units);
        drop(origin);
        let tokens = Tokens::new(&text);
        let mut index = Self { text, map, paragraphs, tokens };
        index.text.shrink_to_fit();
        index.paragraphs.shrink_to_fit();
        index
    }

    /// The folded text.
    pub fn folded(&self) -> &str {
        &self.text
    }

    /// Heap bytes held (folded text, map, paragraphs, vocabulary and positions).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.map.heap_bytes() + self.paragraphs.capacity() * 4 + self.tokens.heap_bytes()
    }

    /// Folded byte offsets of every non-overlapping occurrence of an already folded
    /// needle, leftmost first (the hits of `memchr::memmem::find_iter` on the folded
    /// text); none for an empty needle.
    pub fn find_bytes(&self, needle: &str) -> Vec<u32> {
        let n = needle.as_bytes();
        if n.is_empty() || n.len() > self.text.len() {
            return Vec::new();
        }
        let found = if !n.contains(&b' ') { self.tokens.containing(n, self.text.len()) } else { self.spaced(needle) };
        found.unwrap_or_else(|| memchr::memmem::find_iter(self.text.as_bytes(), n).map(|b| b as u32).collect())
    }

    /// Candidates of a needle with spaces from its rarest part, checked against the
    /// folded text. `None`: not a shape the index answers (an empty part); scan.
    fn spaced(&self, needle: &str) -> Option<Vec<u32>> {
        let n = needle.as_bytes();
        let parts: Vec<&[u8]> = n.split(|&b| b == b' ').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let t = &self.tokens;
        // (token, byte offset of the needle's start before the token's start)
        let mut offset = 0u32;
        let mut best: Option<(usize, u32)> = None;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 && i + 1 < parts.len() {
                let Some(tok) = t.exact(part) else { return Some(Vec::new()) };
                if best.is_none_or(|(b, _)| t.count(tok) < t.count(b)) {
                    best = Some((tok, offset));
                }
            }
            offset += part.len() as u32 + 1;
        }
        let mut candidates = Vec::new();
        match best {
            Some((tok, before)) => t.for_each(tok, |p| {
                if let Some(x) = p.checked_sub(before) {
                    candidates.push(x);
                }
            }),
            None => {
                // Two parts: where a token ending with the first and one starting with
                // the last put the needle at the same place (a merge of two sorted lists,
                // not a look at the text per candidate).
                let (first, last) = (parts[0], parts[parts.len() - 1]);
                let mut ending = Vec::new();
                let enders: Vec<usize> = (0..t.len()).filter(|&k| t.token(k).ends_with(first)).collect();
                for &k in &enders {
                    let into = (t.token(k).len() - first.len()) as u32;
                    t.for_each(k, |p| ending.push(p + into));
                }
                if enders.len() > 1 {
                    ending.sort_unstable();
                }
                let mut starting = Vec::new();
                let starters = t.starting_with(last);
                let before = first.len() as u32 + 1;
                for k in starters.clone() {
                    t.for_each(k, |p| {
                        if let Some(x) = p.checked_sub(before) {
                            starting.push(x);
                        }
                    });
                }
                if starters.len() > 1 {
                    starting.sort_unstable();
                }
                let (mut i, mut j) = (0, 0);
                while i < ending.len() && j < starting.len() {
                    match ending[i].cmp(&starting[j]) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            candidates.push(ending[i]);
                            i += 1;
                            j += 1;
                        }
                    }
                }
            }
        }
        let text = self.text.as_bytes();
        let mut hits = Vec::new();
        let mut free_from = 0u32;
        for x in candidates {
            let at = x as usize;
            if x >= free_from && text.get(at..at + n.len()) == Some(n) {
                hits.push(x);
                free_from = x + n.len() as u32;
            }
        }
        Some(hits)
    }

    /// The paragraph (0-based) of a folded byte offset.
    pub fn paragraph_of(&self, byte: u32) -> usize {
        self.paragraphs.partition_point(|&s| s <= byte)
    }

    /// How many paragraphs the text has.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len() + 1
    }

    /// Paragraphs of sorted folded byte offsets, in one walk.
    pub fn paragraphs_of(&self, sorted: &[u32]) -> Vec<u32> {
        let mut p = 0;
        sorted
            .iter()
            .map(|&b| {
                if p < self.paragraphs.len() && self.paragraphs[p] <= b {
                    p = self.paragraph_of(b);
                }
                p as u32
            })
            .collect()
    }

    /// Reading ranges of sorted, non-overlapping folded hits of `len` bytes, in order.
    pub fn ranges(&self, sorted: &[u32], len: usize, mut each: impl FnMut(CharRange)) {
        let mut cursor = Cursor::default();
        for &b in sorted {
            each(self.map.range(&mut cursor, b as usize, b as usize + len));
        }
    }
}

/// Where a lookup in the [`OriginMap`] stopped last: lookups of ascending bytes
/// cost a step or two each instead of a binary search.
#[derive(Default)]
struct Cursor {
    run: usize,
    unit: usize,
}

/// Folded byte → reading char, as runs of folded chars of one width whose origins
/// go up by one char each (ASCII text is one run per line or so; CJK text one run
/// per stretch of ideographs).
#[derive(Debug, Clone, PartialEq, Eq)]
struct OriginMap {
    run_byte: Vec<u32>,
    run_origin: Vec<u32>,
    run_width: Vec<u8>,
    /// Units longer than one source char, (start, end) char offsets, sorted.
    long_units: Vec<(u32, u32)>,
    folded_len: u32,
    source_len: u32,
}

impl OriginMap {
    fn new(text: &str, origin: &[u32], mut long_units: Vec<(u32, u32)>) -> Self {
        let (mut run_byte, mut run_origin, mut run_width) = (Vec::new(), Vec::new(), Vec::<u8>::new());
        for (b, c) in text.char_indices() {
            let (w, o) = (c.len_utf8() as u32, origin[b]);
            let continues = match (run_byte.last(), run_origin.last(), run_width.last()) {
                (Some(&rb), Some(&ro), Some(&rw)) => u32::from(rw) == w && ro + (b as u32 - rb) / w == o,
                _ => false,
            };
            if !continues {
                run_byte.push(b as u32);
                run_origin.push(o);
                run_width.push(w as u8);
            }
        }
        run_byte.shrink_to_fit();
        run_origin.shrink_to_fit();
        run_width.shrink_to_fit();
        long_units.shrink_to_fit();
        let source_len = origin.last().copied().unwrap_or(0);
        Self { run_byte, run_origin, run_width, long_units, folded_len: text.len() as u32, source_len }
    }

    fn heap_bytes(&self) -> usize {
        self.run_byte.capacity() * 4 + self.run_origin.capacity() * 4 + self.run_width.capacity() + self.long_units.capacity() * 8
    }

    /// Reading char offset of the unit a folded byte came from (the end of the text
    /// for the end of the fold).
    fn offset(&self, cursor: &mut Cursor, byte: usize) -> u32 {
        if byte >= self.folded_len as usize {
            return self.source_len;
        }
        let b = byte as u32;
        let runs = &self.run_byte;
        let mut i = cursor.run.min(runs.len().saturating_sub(1));
        if runs[i] > b {
            i = runs.partition_point(|&r| r <= b) - 1;
        } else {
            let mut steps = 0;
            while i + 1 < runs.len() && runs[i + 1] <= b {
                i += 1;
                steps += 1;
                if steps == 8 {
                    i += runs[i..].partition_point(|&r| r <= b) - 1;
                    break;
                }
            }
        }
        cursor.run = i;
        self.run_origin[i] + (b - runs[i]) / u32::from(self.run_width[i])
    }

    /// End (exclusive, in chars) of the unit starting at char `start`.
    fn unit_end(&self, cursor: &mut Cursor, start: u32) -> u32 {
        let units = &self.long_units;
        if units.is_empty() {
            return start + 1;
        }
        if cursor.unit >= units.len() || (cursor.unit > 0 && units[cursor.unit - 1].0 >= start) {
            cursor.unit = units.partition_point(|u| u.0 < start);
        } else {
            while cursor.unit < units.len() && units[cursor.unit].0 < start {
                cursor.unit += 1;
            }
        }
        match units.get(cursor.unit) {
            Some(&(s, e)) if s == start => e,
            _ => start + 1,
        }
    }

    /// As `fold::Folded::source_range`: whole units from the first byte's to the last's.
    fn range(&self, cursor: &mut Cursor, start: usize, end: usize) -> CharRange {
        let from = self.offset(cursor, start);
        if end <= start {
            return CharRange::new(from as usize, from as usize);
        }
        let last = self.offset(cursor, end - 1);
        CharRange::new(from as usize, self.unit_end(cursor, last) as usize)
    }
}

/// The distinct tokens of a folded text (sorted) with the folded byte offset of
/// each occurrence (delta-coded LEB128 varints).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tokens {
    /// Every token followed by one `' '`, in byte order.
    vocabulary: Vec<u8>,
    /// Start of each token in `vocabulary`, and its length as the last entry.
    starts: Vec<u32>,
    /// Start of each token's positions in `postings`, and its length as the last entry.
    posting_at: Vec<u32>,
    counts: Vec<u32>,
    postings: Vec<u8>,
}

impl Tokens {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut seen: HashMap<&[u8], Vec<u32>> = HashMap::new();
        let mut at = 0usize;
        for token in bytes.split(|&b| b == b' ') {
            if !token.is_empty() {
                seen.entry(token).or_default().push(at as u32);
            }
            at += token.len() + 1;
        }
        let mut sorted: Vec<(&[u8], Vec<u32>)> = seen.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut t = Tokens {
            vocabulary: Vec::new(),
            starts: Vec::with_capacity(sorted.len() + 1),
            posting_at: Vec::with_capacity(sorted.len() + 1),
            counts: Vec::with_capacity(sorted.len()),
            postings: Vec::new(),
        };
        for (token, positions) in sorted {
            t.starts.push(t.vocabulary.len() as u32);
            t.vocabulary.extend_from_slice(token);
            t.vocabulary.push(b' ');
            t.posting_at.push(t.postings.len() as u32);
            t.counts.push(positions.len() as u32);
            let mut last = 0u32;
            for p in positions {
                let mut d = p - last;
                last = p;
                while d >= 0x80 {
                    t.postings.push((d as u8) | 0x80);
                    d >>= 7;
                }
                t.postings.push(d as u8);
            }
        }
        t.starts.push(t.vocabulary.len() as u32);
        t.posting_at.push(t.postings.len() as u32);
        t.vocabulary.shrink_to_fit();
        t.postings.shrink_to_fit();
        t
    }

    fn heap_bytes(&self) -> usize {
        self.vocabulary.capacity()
            + (self.starts.capacity() + self.posting_at.capacity() + self.counts.capacity()) * 4
            + self.postings.capacity()
    }

    fn len(&self) -> usize {
        self.counts.len()
    }

    fn token(&self, k: usize) -> &[u8] {
        &self.vocabulary[self.starts[k] as usize..self.starts[k + 1] as usize - 1]
    }

    fn count(&self, k: usize) -> u32 {
        self.counts[k]
    }

    /// The token equal to `word`.
    fn exact(&self, word: &[u8]) -> Option<usize> {
        let at = self.partition(word);
        (at < self.len() && self.token(at) == word).then_some(at)
    }

    /// First token not less than `word`.
    fn partition(&self, word: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.token(mid) < word {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Tokens starting with `prefix` (a run of the sorted vocabulary).
    fn starting_with(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let from = self.partition(prefix);
        let mut to = from;
        while to < self.len() && self.token(to).starts_with(prefix) {
            to += 1;
        }
        from..to
    }

    /// Calls `f` with every position of token `k`, ascending.
    fn for_each(&self, k: usize, mut f: impl FnMut(u32)) {
        let stream = &self.postings[self.posting_at[k] as usize..self.posting_at[k + 1] as usize];
        let (mut value, mut shift, mut last) = (0u32, 0u32, 0u32);
        for &byte in stream {
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 != 0 {
                shift += 7;
            } else {
                last += value;
                f(last);
                value = 0;
                shift = 0;
            }
        }
    }

    /// Occurrences of a needle without spaces: each token holding it, at each place
    /// in the token. `None` when a scan of the text would be cheaper (the needle is
    /// in many tokens that together occur more than once every 16 bytes).
    fn containing(&self, needle: &[u8], text_len: usize) -> Option<Vec<u32>> {
        let mut holders: Vec<(usize, Vec<u32>)> = Vec::new();
        for at in memchr::memmem::find_iter(&self.vocabulary, needle) {
            let k = self.starts.partition_point(|&s| s as usize <= at) - 1;
            if holders.last().is_some_and(|h| h.0 == k) {
                continue;
            }
            let within = memchr::memmem::find_iter(self.token(k), needle).map(|i| i as u32).collect();
            holders.push((k, within));
        }
        let total: usize = holders.iter().map(|(k, w)| self.count(*k) as usize * w.len()).sum();
        if holders.len() > 1 && total > text_len / 16 {
            return None;
        }
        let mut found = Vec::with_capacity(total);
        for (k, within) in &holders {
            self.for_each(*k, |p| found.extend(within.iter().map(|i| p + i)));
        }
        if holders.len() > 1 {
            found.sort_unstable();
        }
        Some(found)
    }
}
