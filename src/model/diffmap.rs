//! Char offsets of an old text mapped into a new one through a diff.
//!
//! When a source is refreshed, the old text is known: a diff of old and new tells
//! where each unchanged passage went, so an anchor on unchanged text is moved by
//! arithmetic instead of a search, and a quote that was edited is looked for only
//! where its own text went or where text was added (see
//! [`anchor::reanchor_all_from`](super::anchor::reanchor_all_from)).
//!
//! The diff is computed by the `similar` crate in two passes: lines first (patience
//! diff, fast on a 1 MB text with a few changes), then chars inside each changed
//! group of lines (Myers), so that a one-word edit leaves the rest of its line
//! mapped. All offsets are char (Unicode scalar) offsets, as in [`super::offsets`].

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag};

/// A run of chars equal in both texts: `old_start..old_start + len` of the old text
/// is `new_start..new_start + len` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EqualRun {
    pub old_start: usize,
    pub new_start: usize,
    pub len: usize,
}

/// The diff of two texts as maps between their char offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffMap {
    /// Equal runs, increasing in both texts, never adjacent in both (merged).
    runs: Vec<EqualRun>,
    /// New-text char ranges of the changed groups of lines (where text was added
    /// or rewritten), increasing.
    changed: Vec<Range<usize>>,
    old_len: usize,
    new_len: usize,
}

/// Time the char-level refinement of changed lines may take in all. Past it, the
/// remaining changed lines count as wholly replaced: the mapping stays correct
/// (fewer chars mapped), and whatever is not mapped is found by a search.
const REFINE_BUDGET: Duration = Duration::from_millis(100);

/// Equal lines shorter than this (in chars, all together) between two changed groups
/// are refined with them (see [`DiffMap::new`]).
const MIN_EQUAL_LINES: usize = 64;

/// Time the line diff may take; past it `similar` returns a coarser (still correct) diff.
const LINE_BUDGET: Duration = Duration::from_millis(150);

impl DiffMap {
    /// Diffs `old` against `new`.
    pub fn new(old: &str, new: &str) -> Self {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        let (old_at, old_byte) = starts(&old_lines);
        let (new_at, new_byte) = starts(&new_lines);
        let line_deadline = Instant::now() + LINE_BUDGET;
        let ops = similar::capture_diff_slices_deadline(Algorithm::Patience, &old_lines, &new_lines, Some(line_deadline));
        let refine_deadline = Instant::now() + REFINE_BUDGET;
        let mut map = Self { runs: Vec::new(), changed: Vec::new(), old_len: old_at[old_lines.len()], new_len: new_at[new_lines.len()] };
        // Consecutive changed ops form one group, refined together. Equal lines of
        // a few chars between changes (blank lines between edited paragraphs) join
        // the group: matched alone they pin the alignment arbitrarily (which blank
        // line is which?) and the char diff of the groups between them is then
        // nonsense; refined with their neighbours they are mapped as they should be.
        let mut group: Option<(Range<usize>, Range<usize>)> = None;
        for op in &ops {
            let (tag, o, n) = op.as_tag_tuple();
            let short = old_at[o.end] - old_at[o.start] < MIN_EQUAL_LINES;
            if tag == DiffTag::Equal && !(short && group.is_some()) {
                if let Some((go, gn)) = group.take() {
                    map.refine(Side::of(old, &go, &old_at, &old_byte), Side::of(new, &gn, &new_at, &new_byte), refine_deadline);
                }
                map.push(EqualRun { old_start: old_at[o.start], new_start: new_at[n.start], len: old_at[o.end] - old_at[o.start] });
            } else {
                group = Some(match group {
                    // By bounds, not order: `similar` may give a deletion the new index
                    // of the line after the equal one that follows it.
                    Some((go, gn)) => (go.start.min(o.start)..go.end.max(o.end), gn.start.min(n.start)..gn.end.max(n.end)),
                    None => (o, n),
                });
            }
        }
        if let Some((go, gn)) = group {
            map.refine(Side::of(old, &go, &old_at, &old_byte), Side::of(new, &gn, &new_at, &new_byte), refine_deadline);
        }
        map
    }

    /// Char diff of a changed group of lines: its equal chars become runs.
    fn refine(&mut self, old: Side<'_>, new: Side<'_>, deadline: Instant) {
        let a: Vec<char> = old.text.chars().collect();
        let b: Vec<char> = new.text.chars().collect();
        if !b.is_empty() {
            self.changed.push(new.start..new.start + b.len());
        }
        if a.is_empty() || b.is_empty() {
            return;
        }
        for op in similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline)) {
            if let similar::DiffOp::Equal { old_index, new_index, len } = op {
                self.push(EqualRun { old_start: old.start + old_index, new_start: new.start + new_index, len });
            }
        }
    }

    fn push(&mut self, run: EqualRun) {
        if run.len == 0 {
            return;
        }
        if let Some(last) = self.runs.last_mut()
            && last.old_start + last.len == run.old_start
            && last.new_start + last.len == run.new_start
        {
            last.len += run.len;
            return;
        }
        self.runs.push(run);
    }

    /// The equal runs, in order.
    pub fn runs(&self) -> &[EqualRun] {
        &self.runs
    }

    /// New-text char ranges where lines were added or rewritten, in order.
    pub fn changed(&self) -> &[Range<usize>] {
        &self.changed
    }

    /// Length of the old text in chars.
    pub fn old_len(&self) -> usize {
        self.old_len
    }

    /// Length of the new text in chars.
    pub fn new_len(&self) -> usize {
        self.new_len
    }

    /// The run holding old char `old`, if that char is unchanged.
    fn run_of(&self, old: usize) -> Option<&EqualRun> {
        let i = self.runs.partition_point(|r| r.old_start + r.len <= old);
        self.runs.get(i).filter(|r| r.old_start <= old)
    }

    /// Where an unchanged old char is in the new text; `None` if it was deleted or replaced.
    pub fn map(&self, old: usize) -> Option<usize> {
        self.run_of(old).map(|r| r.new_start + (old - r.old_start))
    }

    /// Where the old range `start..end` is in the new text, when every char of it is
    /// unchanged *and* consecutive in one equal run (nothing inserted inside it);
    /// `None` otherwise, and for an empty range.
    pub fn map_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        if start >= end {
            return None;
        }
        let run = self.run_of(start)?;
        (end <= run.old_start + run.len).then(|| {
            let at = run.new_start + (start - run.old_start);
            at..at + (end - start)
        })
    }

    /// The new-text range an old range became, changed or not: from where its first
    /// char went (or, if that char was removed, where the removal happened) to just
    /// after where its last char went (likewise). An edited quote lies in it.
    pub fn image(&self, start: usize, end: usize) -> Range<usize> {
        let from = match self.run_of(start) {
            Some(r) => r.new_start + (start - r.old_start),
            // In a gap: the gap's new side starts where the run before it ends.
            None => self.gap_new_side(start).start,
        };
        let to = if end == 0 {
            0
        } else {
            match self.run_of(end - 1) {
                Some(r) => r.new_start + (end - 1 - r.old_start) + 1,
                None => self.gap_new_side(end - 1).end,
            }
        };
        from..to.max(from)
    }

    /// How many chars of the new range `new` are unchanged chars that came from
    /// outside the old range `old`: text that was another passage before.
    pub fn mapped_from_outside(&self, new: Range<usize>, old: Range<usize>) -> usize {
        let first = self.runs.partition_point(|r| r.new_start + r.len <= new.start);
        let mut count = 0;
        for r in self.runs[first..].iter().take_while(|r| r.new_start < new.end) {
            // The part of this run inside `new`, in old offsets.
            let from = r.new_start.max(new.start);
            let to = (r.new_start + r.len).min(new.end);
            let (o_from, o_to) = (r.old_start + (from - r.new_start), r.old_start + (to - r.new_start));
            let inside = o_to.min(old.end).saturating_sub(o_from.max(old.start));
            count += (o_to - o_from) - inside;
        }
        count
    }

    /// The new side of the changed gap that holds old char `old` (not in a run).
    fn gap_new_side(&self, old: usize) -> Range<usize> {
        let i = self.runs.partition_point(|r| r.old_start + r.len <= old);
        let from = if i == 0 { 0 } else { self.runs[i - 1].new_start + self.runs[i - 1].len };
        let to = self.runs.get(i).map_or(self.new_len, |r| r.new_start);
        from..to.max(from)
    }
}

/// One side of a changed group of lines: its text and the char offset it starts at.
struct Side<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> Side<'a> {
    /// Lines `lines` of `text`, given the char and byte starts of every line.
    fn of(text: &'a str, lines: &Range<usize>, chars: &[usize], bytes: &[usize]) -> Self {
        Self { text: &text[bytes[lines.start]..bytes[lines.end]], start: chars[lines.start] }
    }
}

/// Char and byte offsets of the start of each line, and the totals at the end.
fn starts(lines: &[&str]) -> (Vec<usize>, Vec<usize>) {
    let mut chars = Vec::with_capacity(lines.len() + 1);
    let mut bytes = Vec::with_capacity(lines.len() + 1);
    let (mut c, mut b) = (0, 0);
    chars.push(0);
    bytes.push(0);
    for line in lines {
        c += line.chars().count();
        b += line.len();
        chars.push(c);
        bytes.push(b);
    }
    (chars, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn an_unchanged_text_is_one_run() {
        let text = "Ship lists of 1905.\nMérida, 1,014 arrivals.\n";
        let map = DiffMap::new(text, text);
        assert_eq!(map.runs(), &[EqualRun { old_start: 0, new_start: 0, len: text.chars().count() }]);
        assert!(map.changed().is_empty());
        assert_eq!(map.map_range(3, 9), Some(3..9));
    }

    #[test]
    fn an_insertion_shifts_what_follows_and_keeps_what_precedes() {
        let old = "first line\nsecond line here\nthird line\n";
        let new = "first line\nsecond long line here\nthird line\n";
        let map = DiffMap::new(old, new);
        assert_eq!(map.map(2), Some(2), "before the edit");
        let third = old.find("third").expect("third");
        assert_eq!(map.map_range(third, third + 5), Some(third + 5..third + 10), "after it, shifted by the 5 inserted chars");
        // Refined to chars: "second " of the edited line is still mapped.
        let second = old.find("second").expect("second");
        assert_eq!(map.map_range(second, second + 7), Some(second..second + 7));
        // A range that now has text inserted inside is not mapped as a whole, but
        // its image covers the edited text.
        assert_eq!(map.map_range(second, second + 16), None);
        let image = map.image(second, second + 16);
        assert_eq!(&chars(new)[image], &chars("second long line here")[..]);
        assert_eq!(map.changed().len(), 1);
    }

    #[test]
    fn a_deleted_range_has_an_empty_image_where_it_was() {
        let old = "keep this.\ndrop this line.\nkeep that.\n";
        let new = "keep this.\nkeep that.\n";
        let map = DiffMap::new(old, new);
        let drop = old.find("drop").expect("drop");
        let image = map.image(drop, drop + 4);
        assert!(image.len() <= 4 && image.start >= 10 && image.end <= 12, "{image:?}");
        assert_eq!(map.map_range(drop, drop + 15), None);
        let that = old.find("that").expect("that");
        assert_eq!(map.map_range(that, that + 4), Some(new.find("that").expect("that")..new.find("that").expect("that") + 4));
    }

    #[test]
    fn multibyte_text_is_mapped_in_chars() {
        let old = "Юкатан, Mérida\nа также Прогресо\n";
        let new = "Юкатан, Mérida и\nа также Прогресо\n";
        let map = DiffMap::new(old, new);
        let at = chars(old).iter().position(|&c| c == 'П').expect("П");
        let mapped = map.map_range(at, at + 7).expect("unchanged word");
        assert_eq!(chars(new)[mapped].iter().collect::<String>(), "Прогрес");
    }

    /// A text from a small alphabet (so that edits collide with repeats), with line breaks.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof![Just('a'), Just('b'), Just('é'), Just(' '), Just('\n'), Just('Ю')], 0..300)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn every_mapped_char_is_the_same_char(
            old in text(),
            edits in proptest::collection::vec((0usize..400, 0usize..6, "[ab\\nx]{0,6}"), 0..6),
        ) {
            let mut new = chars(&old);
            for (at, del, ins) in &edits {
                let at = at % (new.len() + 1);
                let del = (*del).min(new.len() - at);
                new.splice(at..at + del, ins.chars());
            }
            let new_s: String = new.iter().collect();
            let old_c = chars(&old);
            let map = DiffMap::new(&old, &new_s);
            let mut last = (0, 0);
            for r in map.runs() {
                prop_assert!(r.len > 0);
                prop_assert!(r.old_start >= last.0 && r.new_start >= last.1, "runs in order");
                prop_assert_eq!(&old_c[r.old_start..r.old_start + r.len], &new[r.new_start..r.new_start + r.len]);
                last = (r.old_start + r.len, r.new_start + r.len);
            }
            for i in 0..old_c.len() {
                if let Some(j) = map.map(i) {
                    prop_assert_eq!(old_c[i], new[j]);
                }
                for end in i + 1..(i + 8).min(old_c.len() + 1) {
                    if let Some(m) = map.map_range(i, end) {
                        prop_assert_eq!(&old_c[i..end], &new[m]);
                    }
                    let image = map.image(i, end);
                    prop_assert!(image.end <= new.len());
                }
            }
            // Every new char is either mapped from an old one or in a changed range.
            let mut covered = vec![false; new.len()];
            for r in map.runs() {
                covered[r.new_start..r.new_start + r.len].iter_mut().for_each(|c| *c = true);
            }
            for c in map.changed() {
                covered[c.clone()].iter_mut().for_each(|c| *c = true);
            }
            prop_assert!(covered.iter().all(|&c| c));
            if old == new_s {
                prop_assert!(map.changed().is_empty());
            }
            // Counting chars from outside an old range agrees with mapping each char.
            let new_len = new.len();
            for (a, b) in [(0, new_len), (new_len / 3, new_len / 2)] {
                let old_range = old_c.len() / 4..old_c.len() / 2;
                let by_hand = (0..old_c.len()).filter(|i| !old_range.contains(i)).filter_map(|i| map.map(i)).filter(|j| (a..b).contains(j)).count();
                prop_assert_eq!(map.mapped_from_outside(a..b, old_range), by_hand);
            }
        }
    }
}
