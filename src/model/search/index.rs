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
            Some((tok, before)) => {
                t.positions_into(tok, 0, &mut candidates);
                shift_back(&mut candidates, before);
            }
            None => {
                // Two parts: where a token ending with the first and one starting with
                // the last put the needle at the same place (a merge of two sorted lists,
                // not a look at the text per candidate).
                let (first, last) = (parts[0], parts[parts.len() - 1]);
                let mut ending = Vec::new();
                let enders: Vec<usize> = (0..t.len()).filter(|&k| t.token(k).ends_with(first)).collect();
                for &k in &enders {
                    let into = (t.token(k).len() - first.len()) as u32;
                    t.positions_into(k, into, &mut ending);
                }
                if enders.len() > 1 {
                    ending.sort_unstable();
                }
                let mut starting = Vec::new();
                let starters = t.starting_with(last);
                for k in starters.clone() {
                    t.positions_into(k, 0, &mut starting);
                }
                if starters.len() > 1 {
                    starting.sort_unstable();
                }
                shift_back(&mut starting, first.len() as u32 + 1);
                // Both advance without a branch on which is smaller (the two lists
                // interleave at random); the rare equal pairs are the candidates.
                let (mut i, mut j) = (0, 0);
                while i < ending.len() && j < starting.len() {
                    let (x, y) = (ending[i], starting[j]);
                    if x == y {
                        candidates.push(x);
                    }
                    i += usize::from(x <= y);
                    j += usize::from(y <= x);
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
        let mut walk = ParagraphWalk::new(&self.paragraphs);
        sorted.iter().map(|&b| walk.paragraph_of(b)).collect()
    }

    /// A walk over the paragraphs for ascending folded byte offsets: a step or two
    /// each instead of a binary search.
    pub(super) fn paragraph_walk(&self) -> ParagraphWalk<'_> {
        ParagraphWalk::new(&self.paragraphs)
    }

    /// The reading range (chars) of the folded bytes `byte..byte + len`: whole units
    /// from the first byte's to the last byte's, as [`fold::Folded::source_range`].
    /// One binary search of the map; [`FoldIndex::resolver`] for many in order.
    pub fn range(&self, byte: u32, len: u32) -> CharRange {
        self.map.range(&mut Cursor::default(), byte as usize, byte as usize + len as usize)
    }

    /// Resolves folded byte ranges to reading ranges, cheapest when asked in
    /// ascending order (a step or two of the map each).
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver { map: &self.map, cursor: Cursor::default() }
    }

    /// Whether the folded char at `byte` came from the same reading unit as the char
    /// before it (the second `s` of a folded `ß`, the `i` of a folded `ﬁ`): only there
    /// can two hits at different folded bytes start at the same reading char.
    pub fn shares_origin(&self, byte: u32) -> bool {
        self.map.shares_origin(byte)
    }

    /// Whether any folded char shares its reading unit with the one before it (see
    /// [`FoldIndex::shares_origin`]); false for most texts (ASCII, accented letters).
    pub fn has_shared_origins(&self) -> bool {
        self.map.shared
    }
}

/// Resolves folded byte ranges of one [`FoldIndex`] to reading ranges, remembering
/// where the last lookup stopped.
pub struct Resolver<'a> {
    map: &'a OriginMap,
    cursor: Cursor,
}

impl Resolver<'_> {
    /// The reading range (chars) of the folded bytes `byte..byte + len`.
    pub fn range(&mut self, byte: u32, len: u32) -> CharRange {
        self.map.range(&mut self.cursor, byte as usize, byte as usize + len as usize)
    }
}

/// The paragraph of ascending folded byte offsets, walked: a few steps forward,
/// then a binary search of the rest.
pub(super) struct ParagraphWalk<'a> {
    starts: &'a [u32],
    at: usize,
}

impl<'a> ParagraphWalk<'a> {
    fn new(starts: &'a [u32]) -> Self {
        Self { starts, at: 0 }
    }

    /// The paragraph (0-based) of `byte`, not before the last one asked for.
    pub(super) fn paragraph_of(&mut self, byte: u32) -> u32 {
        let s = self.starts;
        // One step without a branch (hits of a common word are denser than
        // paragraphs, so whether the next paragraph has started is a coin toss)…
        self.at += usize::from(s.get(self.at).is_some_and(|&p| p <= byte));
        // …more only when two paragraphs start between two hits.
        if s.get(self.at).is_some_and(|&p| p <= byte) {
            self.at += s[self.at..].partition_point(|&p| p <= byte);
        }
        self.at as u32
    }
}

/// Sorted positions moved `by` bytes back; those that would fall before the text
/// dropped.
fn shift_back(sorted: &mut Vec<u32>, by: u32) {
    let below = sorted.partition_point(|&p| p < by);
    sorted.drain(..below);
    sorted.iter_mut().for_each(|p| *p -= by);
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
    /// Some run starts with a char from the same unit as the char before it.
    shared: bool,
}

impl OriginMap {
    fn new(text: &str, origin: &[u32], mut long_units: Vec<(u32, u32)>) -> Self {
        let (mut run_byte, mut run_origin, mut run_width) = (Vec::new(), Vec::new(), Vec::<u8>::new());
        let mut shared = false;
        for (b, c) in text.char_indices() {
            let (w, o) = (c.len_utf8() as u32, origin[b]);
            shared |= b > 0 && origin[b - 1] == o;
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
        Self { run_byte, run_origin, run_width, long_units, folded_len: text.len() as u32, source_len, shared }
    }

    /// Whether the char at `byte` (a char boundary) came from the same unit as the
    /// char before it. Inside a run origins go up by one char per char, so only a
    /// run's first char can.
    fn shares_origin(&self, byte: u32) -> bool {
        if !self.shared || byte == 0 || byte >= self.folded_len {
            return false;
        }
        let Ok(i) = self.run_byte.binary_search(&byte) else { return false };
        let Some(p) = i.checked_sub(1) else { return false };
        let before = self.run_origin[p] + (byte - 1 - self.run_byte[p]) / u32::from(self.run_width[p]);
        before == self.run_origin[i]
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

    /// Appends every position of token `k` plus `add`, ascending. Deltas of one or
    /// two bytes (under 16,384: nearly all of them) are decoded without a branch on
    /// their length, which in running text is a coin toss between the two.
    fn positions_into(&self, k: usize, add: u32, out: &mut Vec<u32>) {
        let stream = &self.postings[self.posting_at[k] as usize..self.posting_at[k + 1] as usize];
        let from = out.len();
        out.resize(from + self.counts[k] as usize, 0);
        let dst = &mut out[from..];
        let (mut i, mut n, mut last) = (0usize, 0usize, add);
        while i < stream.len() && n < dst.len() {
            let b0 = u32::from(stream[i]);
            let b1 = u32::from(stream.get(i + 1).copied().unwrap_or(0));
            let more = b0 >> 7;
            let mut delta = (b0 & 0x7f) | (((b1 & 0x7f) << 7) * more);
            i += 1 + more as usize;
            if more & (b1 >> 7) != 0 {
                // Three bytes or more.
                let mut shift = 14;
                while let Some(&b) = stream.get(i) {
                    delta |= u32::from(b & 0x7f) << shift;
                    shift += 7;
                    i += 1;
                    if b < 0x80 {
                        break;
                    }
                }
            }
            last = last.wrapping_add(delta);
            dst[n] = last;
            n += 1;
        }
        out.truncate(from + n);
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
            match within.as_slice() {
                [i] => self.positions_into(*k, *i, &mut found),
                _ => {
                    let mut starts = Vec::new();
                    self.positions_into(*k, 0, &mut starts);
                    for p in starts {
                        found.extend(within.iter().map(|i| p + i));
                    }
                }
            }
        }
        if holders.len() > 1 {
            found.sort_unstable();
        }
        Some(found)
    }
}
