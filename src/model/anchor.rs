//! Anchors: where an annotation sits in its source, robust to the text changing.
//!
//! As in Hypothesis and the W3C Web Annotation model, an anchor keeps a position
//! (char range in the stored text) *and* a quote selector (the exact text plus 32
//! chars of context each side). When a source is re-imported, [`reanchor`] looks for
//! the quote again: unchanged at the old position → elsewhere, preferring matching
//! context and the nearest position → an approximate match (Myers) scored on quote,
//! context and position → otherwise the annotation is an *orphan*: kept with its
//! quote and shown, never deleted and never placed on text that is not its own.

use serde::{Deserialize, Serialize};

use std::sync::OnceLock;

use super::diffmap::DiffMap;
use super::fold::{self, Folded, Strength};
use super::fuzzy;
use super::offsets::{ByteOffset, CharOffset, CharRange, TextIndex};

/// Re-anchoring through a diff ([`reanchor_all_from`]).
mod mapped;
use mapped::Mapped;

/// Chars of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// How well an anchor is attached to the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    /// The quote is at the recorded position.
    Exact,
    /// The quote was found unchanged at another position.
    Moved,
    /// A close but not identical text was found; the user should review it.
    Fuzzy,
    /// The quote could not be found; the annotation keeps its quote and waits.
    Orphan,
}

impl AnchorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Moved => "moved",
            Self::Fuzzy => "fuzzy",
            Self::Orphan => "orphan",
        }
    }
}

/// A W3C-style text anchor: position + quote selector + status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Char range in the stored text (for an orphan: where it last was).
    pub range: CharRange,
    /// The annotated text as it was when annotated (stored form, line breaks kept).
    pub exact: String,
    /// Up to 32 chars before the quote.
    pub prefix: String,
    /// Up to 32 chars after the quote.
    pub suffix: String,
    pub status: AnchorStatus,
}

impl Anchor {
    /// An exact anchor on `range` of `text`.
    pub fn new(text: &TextIndex, range: CharRange) -> Self {
        let (prefix, suffix) = context(text, range);
        Self { range, exact: text.slice(range).to_string(), prefix, suffix, status: AnchorStatus::Exact }
    }

    /// Whether the quote is still at the recorded position of `text`.
    pub fn holds_in(&self, text: &TextIndex) -> bool {
        self.status != AnchorStatus::Orphan && self.range.end.0 <= text.char_len() && text.slice(self.range) == self.exact
    }
}

fn context(text: &TextIndex, range: CharRange) -> (String, String) {
    let before = CharRange::new(range.start.0.saturating_sub(CONTEXT_CHARS), range.start.0);
    let after_end = (range.end.0 + CONTEXT_CHARS).min(text.char_len());
    let after = CharRange::new(range.end.0.min(after_end), after_end);
    (text.slice(before).to_string(), text.slice(after).to_string())
}

/// Similarity of a candidate span's surroundings to the original prefix and suffix.
fn context_similarity(anchor: &Anchor, text: &[char], start: usize, end: usize) -> (f64, f64) {
    let prefix: Vec<char> = anchor.prefix.chars().collect();
    let suffix: Vec<char> = anchor.suffix.chars().collect();
    let before = &text[start.saturating_sub(prefix.len())..start];
    let after = &text[end..(end + suffix.len()).min(text.len())];
    (fuzzy::similarity(&prefix, before), fuzzy::similarity(&suffix, after))
}

/// Context a candidate must share with the original before we trust it: short
/// quotes (a figure like `1,014`) recur, so they need their surroundings to agree;
/// long quotes identify themselves.
fn required_context(quote_len: usize) -> f64 {
    match quote_len {
        0..=11 => 0.5,
        12..=39 => 0.4,
        _ => 0.1,
    }
}

/// Context an *edited* (fuzzy) candidate needs: more than an unchanged one, since
/// both the quote and its place are then in doubt.
fn required_fuzzy_context(quote_len: usize) -> f64 {
    if quote_len < 40 { 0.65 } else { 0.4 }
}

/// Context similarity above which an unchanged quote is accepted without looking
/// for edited copies that might fit better.
const TRUSTED_CONTEXT: f64 = 0.9;

/// How far (chars) a copy may lie from the old position and still count as near.
const NEAR: usize = 500;

/// Context an in-place heavily edited quote needs to beat a far identical copy.
const LOCAL_EDIT_CONTEXT: f64 = 0.6;

/// A candidate location with its score (higher is better).
struct Candidate {
    start: usize,
    /// The better of prefix and suffix similarity.
    one_side: f64,
    end: usize,
    errors: usize,
    context: f64,
    score: f64,
}

/// Finds the anchor again in a changed text. Never fails: the result may be an orphan.
pub fn reanchor(anchor: &Anchor, text: &TextIndex) -> Anchor {
    let quote: Vec<char> = anchor.exact.chars().collect();
    if quote.is_empty() {
        return Anchor { status: AnchorStatus::Orphan, ..anchor.clone() };
    }
    let chars: Vec<char> = text.as_str().chars().collect();
    reanchor_in(anchor, &quote, text, &chars, &OnceLock::new())
}

/// As [`reanchor`], for many anchors on one text (the text's chars are shared).
/// Large batches are split over the machine's cores: a quote edited beyond finding
/// near its old place is searched for in the whole text, and a refresh of a long
/// source can hold hundreds of those.
pub fn reanchor_all(anchors: &[&Anchor], text: &TextIndex) -> Vec<Anchor> {
    let chars: Vec<char> = text.as_str().chars().collect();
    // Folded once, on first need, for every anchor of the batch.
    let folded = OnceLock::new();
    let one = |a: &&Anchor| {
        let quote: Vec<char> = a.exact.chars().collect();
        if quote.is_empty() {
            Anchor { status: AnchorStatus::Orphan, ..(*a).clone() }
        } else {
            reanchor_in(a, &quote, text, &chars, &folded)
        }
    };
    split_over_cores(anchors, one)
}

/// As [`reanchor_all`], when the text the anchors were made on (`old`) is known (a
/// refresh): positions are mapped through a diff of `old` and `new`
/// ([`DiffMap`]) before any search.
///
/// - A quote whose chars are all unchanged (one equal run of the diff) goes where
///   they went: `exact` if that is the same offset, else `moved`, provided its
///   context still agrees as much as [`reanchor`] asks of an unchanged quote at its
///   old place; otherwise it is searched for as by [`reanchor`].
/// - A quote whose own text was edited is looked for (Myers, the same error budget
///   and context thresholds as [`reanchor`]) only where its old text went and in
///   the lines the diff reports added or rewritten (a moved passage), never in
///   unchanged text elsewhere: by the diff, that text was already there in the
///   old text as another passage.
/// - Anchors that did not hold in `old` (orphans, fuzzy ones) and quotes whose old
///   place the diff cannot narrow down take the plain search.
pub fn reanchor_all_from(anchors: &[&Anchor], old: &TextIndex, new: &TextIndex) -> Vec<Anchor> {
    if old.as_str() == new.as_str() {
        return reanchor_all(anchors, new);
    }
    let map = DiffMap::new(old.as_str(), new.as_str());
    let chars: Vec<char> = new.as_str().chars().collect();
    // Searching the changed lines pays only while they are a small part of the text.
    let changed: usize = map.changed().iter().map(|r| r.len()).sum();
    let search_changed = changed.saturating_mul(4) <= chars.len();
    let folded = OnceLock::new();
    let one = |a: &&Anchor| {
        let quote: Vec<char> = a.exact.chars().collect();
        if quote.is_empty() {
            return Anchor { status: AnchorStatus::Orphan, ..(*a).clone() };
        }
        let mapped = Mapped { map: &map, old, text: new, chars: &chars, folded: &folded, search_changed };
        mapped.reanchor(a, &quote)
    };
    split_over_cores(anchors, one)
}

/// Runs `f` on every item, in order, split over the machine's cores for large batches.
fn split_over_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len() / PER_THREAD);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>())).collect();
        // A worker cannot fail short of a bug; its panic is passed on, not swallowed.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// Anchors per thread below which splitting a batch costs more than it saves.
const PER_THREAD: usize = 256;

fn reanchor_in(anchor: &Anchor, quote: &[char], text: &TextIndex, chars: &[char], folded: &OnceLock<Folded>) -> Anchor {
    let old = anchor.range.start.0;
    // `exact` means the same offsets, end too: a quote that lost a trailing space to an
    // edit (the comparison ignores it) has moved its end (found by a property test).
    let same_end = anchor.range.end.0;
    let need = required_context(quote.len());
    let score = |start: usize, end: usize, errors: usize| {
        let (before, after) = context_similarity(anchor, chars, start, end);
        let context = (before + after) / 2.0;
        let quote_sim = 1.0 - errors as f64 / quote.len() as f64;
        let score = combined_score(quote_sim, context, start.abs_diff(old));
        Candidate { start, one_side: before.max(after), end, errors, context, score }
    };

    // 1. Unchanged at the old position, in its old context.
    let old_end = old + quote.len();
    if old_end <= chars.len() && chars[old..old_end] == *quote {
        let here = score(old, old_end, 0);
        if here.context >= need.max(0.5) {
            let status = if here.end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
            return placed(text, here.start, here.end, status);
        }
    }

    // 2a. Fast path: the quote unchanged a little way off, in its own context (the
    // common case after edits elsewhere). Accepting it here is what step 2 would do
    // too: a near copy in trusted context outscores any far one.
    let window_start = old.saturating_sub(NEAR);
    let window_end = (old + quote.len() + NEAR).min(chars.len());
    let mut near_copies = Vec::new();
    if window_start < window_end {
        let from = text.byte_of(CharOffset(window_start)).0;
        let to = text.byte_of(CharOffset(window_end)).0;
        near_copies = text.as_str()[from..to]
            .match_indices(anchor.exact.as_str())
            .map(|(b, _)| text.char_of(ByteOffset(from + b)).0)
            .map(|start| score(start, start + quote.len(), 0))
            .collect();
        let best_near = near_copies.iter().filter(|c| c.context >= TRUSTED_CONTEXT).max_by(|a, b| a.score.total_cmp(&b.score));
        if let Some(c) = best_near {
            let status = if c.start == old && c.end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
            return placed(text, c.start, c.end, status);
        }
    }

    // 2. Unchanged elsewhere: every exact occurrence, best context then nearest.
    // Each is counted; only those whose best possible score (perfect context at
    // their distance) beats the best so far are scored, starting from the near ones.
    let haystack = text.as_str().as_bytes();
    let exact = &anchor.exact;
    let finder = memchr::memmem::Finder::new(exact.as_bytes());
    let step = exact.chars().next().map_or(1, char::len_utf8);
    let mut best: Option<Candidate> = near_copies.into_iter().max_by(|a, b| a.score.total_cmp(&b.score));
    let mut occurrences = 0;
    let mut byte_from = 0;
    while let Some(found) = finder.find(&haystack[byte_from..]) {
        let byte = byte_from + found;
        let start = text.char_of(ByteOffset(byte)).0;
        occurrences += 1;
        if best.as_ref().is_none_or(|b| combined_score(1.0, 1.0, start.abs_diff(old)) > b.score) {
            let candidate = score(start, start + quote.len(), 0);
            if best.as_ref().is_none_or(|b| candidate.score > b.score) {
                best = Some(candidate);
            }
        }
        byte_from = byte + step;
    }
    // A quote of some length that occurs once, right where it was, is itself
    // whatever happened around it.
    let unique_and_long = occurrences == 1 && quote.len() >= 12;
    let in_place = |b: &Candidate| unique_and_long && b.start.abs_diff(old) <= 64;
    let exact_best = best.filter(|b| b.context >= need || in_place(b));
    // Far from where it was, an identical copy may be a repeated passage while the
    // real quote was edited in place: then the fuzzy search below gets a say.
    let near = NEAR;
    if let Some(best) = exact_best.as_ref().filter(|b| b.context >= TRUSTED_CONTEXT && b.start.abs_diff(old) <= near || in_place(b)) {
        let status = if best.start == old && best.end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
        return placed(text, best.start, best.end, status);
    }

    // 2b. No copy as it was, but the same text in another form (NFD for NFC, a
    // ligature spelt out, invisible chars or space runs changed by a new extraction),
    // found through the quote fold: trusted as an unchanged copy would be.
    if exact_best.is_none()
        && let Some((start, end, context)) = equivalent(anchor, text, folded.get_or_init(|| Folded::new(text.as_str(), Strength::QUOTE)))
        && (context >= TRUSTED_CONTEXT || start.abs_diff(old) <= NEAR)
    {
        let status = if start == old && end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
        return placed(text, start, end, status);
    }

    // 3. Approximately (at most a fifth of the quote edited), competing with any
    // exact copy whose surroundings differ: an edited quote in its own context beats
    // an identical quote elsewhere (boilerplate, repeated URLs).
    let max_errors = (quote.len() / 5).max(1);
    // Look near the old place first: an edited quote in trusted context there is
    // the answer (no far candidate can outscore it), and the search is a few KB
    // instead of the whole text.
    let local_from = old.saturating_sub(4 * NEAR).min(chars.len());
    let local_to = (old + quote.len() + 4 * NEAR).min(chars.len());
    let local: Vec<Candidate> = fuzzy::search(&chars[local_from..local_to], quote, max_errors, 8)
        .into_iter()
        .map(|m| score(local_from + m.start, local_from + m.end, m.errors))
        .collect();
    let local_first = local.iter().filter(|c| c.context >= TRUSTED_CONTEXT).max_by(|a, b| a.score.total_cmp(&b.score));
    if exact_best.is_none()
        && let Some(c) = local_first
    {
        let status = if c.errors == 0 { AnchorStatus::Moved } else { AnchorStatus::Fuzzy };
        if c.errors == 0 {
            return placed(text, c.start, c.end, status);
        }
        return Anchor { range: CharRange::new(c.start, c.end), status, ..anchor.clone() };
    }
    // An exact copy far away may be a repeated passage while the quote itself was
    // heavily edited where it stood: look for it there with a larger error budget.
    let far_copy = exact_best.as_ref().is_some_and(|e| e.start.abs_diff(old) > near);
    // The search of the whole text only needs to cover where a match could beat the
    // best candidate already known (an exact copy, or an acceptable edited one near
    // by): see `reach_to_beat`. Near a far copy, local matches get a bonus below, so
    // that neighbourhood is always searched.
    let to_beat = exact_best
        .iter()
        .chain(local.iter().filter(|c| c.context >= required_fuzzy_context(quote.len())))
        .map(|c| c.score)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut reach = if to_beat.is_finite() { reach_to_beat(to_beat) } else { usize::MAX };
    if far_copy {
        reach = reach.max(4 * near);
    }
    let from = old.saturating_sub(reach).min(chars.len());
    let to = old.saturating_add(reach).saturating_add(quote.len() + max_errors).min(chars.len());
    let fuzzy_best = fuzzy::search(&chars[from..to], quote, max_errors, 32)
        .into_iter()
        .map(|m| score(from + m.start, from + m.end, m.errors))
        .filter(|c| c.context >= required_fuzzy_context(quote.len()))
        .max_by(|a, b| a.score.total_cmp(&b.score));
    let local_best = if far_copy {
        // The window allows for the shifts that edits before the quote cause.
        let from = old.saturating_sub(4 * near).min(chars.len());
        let to = (old + quote.len() + 4 * near).min(chars.len());
        fuzzy::search(&chars[from..to], quote, quote.len() * 2 / 5, 32)
            .into_iter()
            .map(|m| score(from + m.start, from + m.end, m.errors))
            .filter(|c| c.context >= LOCAL_EDIT_CONTEXT && c.one_side >= 0.85)
            .max_by(|a, b| a.score.total_cmp(&b.score))
    } else {
        None
    };
    let best = [exact_best, fuzzy_best, local_best].into_iter().flatten().max_by(|a, b| {
        // A local, well-surrounded edit beats a far identical copy.
        let rank = |c: &Candidate| {
            if far_copy && c.start.abs_diff(old) <= 4 * near { c.score + 50.0 } else { c.score }
        };
        rank(a).total_cmp(&rank(b))
    });
    if let Some(best) = best {
        if best.errors == 0 {
            let status = if best.start == old && best.end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
            return placed(text, best.start, best.end, status);
        }
        return Anchor { range: CharRange::new(best.start, best.end), status: AnchorStatus::Fuzzy, ..anchor.clone() };
    }

    // 4. The same text in another form, far from where it was.
    let folded = folded.get_or_init(|| Folded::new(text.as_str(), Strength::QUOTE));
    if let Some((start, end, _)) = equivalent(anchor, text, folded) {
        let status = if start == old && end == same_end { AnchorStatus::Exact } else { AnchorStatus::Moved };
        return placed(text, start, end, status);
    }

    // 5. Orphan: keep everything, including the last known range.
    Anchor { status: AnchorStatus::Orphan, ..anchor.clone() }
}

/// The best place (stored char range and its context similarity) where the text
/// reads as the quote, judged by position and by context compared through the same
/// fold; `None` if no copy has the context a copy of its length needs.
fn equivalent(anchor: &Anchor, text: &TextIndex, folded: &Folded) -> Option<(usize, usize, f64)> {
    let needle = fold::fold(&anchor.exact, Strength::QUOTE);
    let needle = needle.trim();
    let need = required_context(needle.chars().count());
    let prefix: Vec<char> = fold::fold(&anchor.prefix, Strength::QUOTE).chars().collect();
    let suffix: Vec<char> = fold::fold(&anchor.suffix, Strength::QUOTE).chars().collect();
    let around = |range: CharRange| {
        let before = text.slice(CharRange::new(range.start.0.saturating_sub(2 * CONTEXT_CHARS), range.start.0));
        let after_end = (range.end.0 + 2 * CONTEXT_CHARS).min(text.char_len());
        let after = text.slice(CharRange::new(range.end.0.min(after_end), after_end));
        let before: Vec<char> = fold::fold(before, Strength::QUOTE).chars().collect();
        let after: Vec<char> = fold::fold(after, Strength::QUOTE).chars().collect();
        let before = &before[before.len().saturating_sub(prefix.len())..];
        let after = &after[..suffix.len().min(after.len())];
        (fuzzy::similarity(&prefix, before) + fuzzy::similarity(&suffix, after)) / 2.0
    };
    folded
        .find_all(needle)
        .into_iter()
        .map(|r| (r, around(r)))
        .filter(|&(_, context)| context >= need)
        .max_by(|a, b| {
            let score = |(r, c): &(CharRange, f64)| combined_score(1.0, *c, r.start.0.abs_diff(anchor.range.start.0));
            score(a).total_cmp(&score(b))
        })
        .map(|(r, context)| (r.start.0, r.end.0, context))
}

/// A candidate's score from its quote and context similarity (0–1) and its distance
/// from the old place. Hypothesis weighs quote 50, prefix 20, suffix 20, position 2;
/// position counts more here so that of two good copies the nearer one wins, and
/// nearness decays over a few hundred chars: edits elsewhere shift a quote a little,
/// while a repeated passage (a URL cited twice) sits far away.
fn combined_score(quote_sim: f64, context: f64, distance: usize) -> f64 {
    50.0 * quote_sim + 40.0 * context + 30.0 / (1.0 + distance as f64 / 200.0)
}

/// The farthest a candidate's start may lie from the old place and still score
/// above `score` (see [`combined_score`]: at most 90 + 30 / (1 + d / 200));
/// `usize::MAX` when any distance can.
fn reach_to_beat(score: f64) -> usize {
    let slack = score - 90.0;
    if slack <= 0.0 {
        return usize::MAX;
    }
    let d = 200.0 * (30.0 / slack - 1.0);
    if d <= 0.0 { 0 } else { d.ceil() as usize }
}

fn placed(text: &TextIndex, start: usize, end: usize, status: AnchorStatus) -> Anchor {
    let mut anchor = Anchor::new(text, CharRange::new(start, end));
    anchor.status = status;
    anchor
}

/// Re-verifies an anchor against the text it should sit on, without moving it:
/// `exact` if the quote is there, else `orphan`-or-worse as recorded.
pub fn verify(anchor: &Anchor, text: &TextIndex) -> AnchorStatus {
    if anchor.holds_in(text) {
        match anchor.status {
            AnchorStatus::Fuzzy => AnchorStatus::Fuzzy,
            _ => AnchorStatus::Exact,
        }
    } else if anchor.status == AnchorStatus::Fuzzy && anchor.range.end.0 <= text.char_len() {
        AnchorStatus::Fuzzy
    } else {
        AnchorStatus::Orphan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_batch_split_over_threads_keeps_each_anchor_in_its_place() {
        let old: String = (0..3000).map(|i| format!("Ship {i} carried {} migrants. ", i * 7)).collect();
        let old_index = index(&old);
        let anchors: Vec<Anchor> = (0..700).map(|i| Anchor::new(&old_index, CharRange::new(i * 40 + 5, i * 40 + 20))).collect();
        let new = index(&format!("A preface that shifts everything. {}", old.replace("Ship 1", "Vessel 1")));
        let refs: Vec<&Anchor> = anchors.iter().collect();
        let batch = reanchor_all(&refs, &new);
        let one_by_one: Vec<Anchor> = anchors.iter().map(|a| reanchor(a, &new)).collect();
        assert_eq!(batch, one_by_one);
    }

    #[test]
    fn no_candidate_beyond_the_reach_can_beat_the_score() {
        for target in [90.5, 95.0, 100.0, 105.3, 110.0, 115.0, 119.9] {
            let reach = reach_to_beat(target);
            assert!(combined_score(1.0, 1.0, reach) <= target, "at the reach {reach} a perfect match must not beat {target}");
            assert!(combined_score(1.0, 1.0, reach + 1000) <= target);
            if reach > 0 {
                assert!(combined_score(1.0, 1.0, reach - 1) > target, "just inside {reach} it could, for {target}");
            }
        }
        assert_eq!(reach_to_beat(89.0), usize::MAX, "a weak exact copy can be beaten from anywhere");
        assert_eq!(reach_to_beat(120.0), 0);
    }

    fn index(s: &str) -> TextIndex {
        TextIndex::new(s.to_string())
    }

    fn anchor_on(text: &TextIndex, quote: &str) -> Anchor {
        let byte = text.as_str().find(quote).expect("quote in text");
        let start = text.char_of(ByteOffset(byte)).0;
        Anchor::new(text, CharRange::new(start, start + quote.chars().count()))
    }

    const BASE: &str = "In April 1905, 1,033 Korean migrants boarded at Chemulpo. Records in Mérida list 1,014 arrivals on 15 May. A plate erected in 2005 says 1,019.";

    #[test]
    fn unchanged_text_stays_exact() {
        let t = index(BASE);
        let a = anchor_on(&t, "1,014 arrivals");
        let r = reanchor(&a, &t);
        assert_eq!(r.status, AnchorStatus::Exact);
        assert_eq!(r.range, a.range);
    }

    #[test]
    fn insertion_before_moves_the_anchor() {
        let t = index(BASE);
        let a = anchor_on(&t, "1,014 arrivals");
        let changed = index(&format!("Preface added by the editor. {BASE}"));
        let r = reanchor(&a, &changed);
        assert_eq!(r.status, AnchorStatus::Moved);
        assert_eq!(changed.slice(r.range), "1,014 arrivals");
    }

    #[test]
    fn a_short_quote_goes_to_the_occurrence_with_its_context() {
        let text = "The ship list gives 1,014 in May. Later a census gave 1,014 in June. ";
        let t = index(text);
        let second = text.rfind("1,014").expect("second");
        let a = Anchor::new(&t, CharRange::new(second, second + 5));
        let changed = index(&format!("An editor's preface. {}", text.replace("ship list", "passenger list")));
        let r = reanchor(&a, &changed);
        let at = r.range.start.0;
        assert_eq!(&changed.as_str()[at - 14..at], "a census gave ");
    }

    #[test]
    fn edited_quote_is_fuzzy_and_deleted_quote_is_orphan() {
        let t = index(BASE);
        let a = anchor_on(&t, "Korean migrants boarded at Chemulpo");
        let edited = index(&BASE.replace("boarded at", "embarked at"));
        let r = reanchor(&a, &edited);
        assert_eq!(r.status, AnchorStatus::Fuzzy);
        assert_eq!(edited.slice(r.range), "Korean migrants embarked at Chemulpo");
        assert_eq!(r.exact, a.exact, "the original quote is kept for review");

        let deleted = index(&BASE.replace("1,033 Korean migrants boarded at Chemulpo. ", ""));
        let r = reanchor(&a, &deleted);
        assert_eq!(r.status, AnchorStatus::Orphan);
        assert_eq!(r.exact, a.exact);
    }

    #[test]
    fn a_figure_whose_sentence_is_gone_does_not_jump_to_another_figure() {
        let t = index(BASE);
        let a = anchor_on(&t, "1,019");
        let changed =
            index(&BASE.replace("A plate erected in 2005 says 1,019.", "Other 1,019 things happened in a different story entirely."));
        let r = reanchor(&a, &changed);
        assert_eq!(r.status, AnchorStatus::Orphan);
    }

    #[test]
    fn the_same_text_in_another_unicode_form_is_found_again() {
        let nfc = BASE.replace("Chemulpo", "Chemulpo\u{a0}(\u{fb01}rst port)");
        let t = index(&nfc);
        let a = anchor_on(&t, "Records in M\u{e9}rida list 1,014");
        let b = anchor_on(&t, "Chemulpo\u{a0}(\u{fb01}rst port)");
        // A new extraction: decomposed accents, the ligature spelt out, a plain space.
        let nfd = index(&BASE.replace("Chemulpo", "Chemulpo (first port)").replace("M\u{e9}rida", "Me\u{301}rida"));
        let r = reanchor(&a, &nfd);
        assert_eq!(r.status, AnchorStatus::Moved);
        assert_eq!(nfd.slice(r.range), "Records in Me\u{301}rida list 1,014");
        assert_eq!(r.exact, "Records in Me\u{301}rida list 1,014", "the exact selector is the document's own text");
        let r = reanchor(&b, &nfd);
        assert_eq!(nfd.slice(r.range), "Chemulpo (first port)");
        assert_eq!(
            reanchor_all(&[&a, &b], &nfd).iter().map(|x| nfd.slice(x.range)).collect::<Vec<_>>(),
            vec!["Records in Me\u{301}rida list 1,014", "Chemulpo (first port)"]
        );
    }

    #[test]
    fn verify_reports_exact_or_orphan() {
        let t = index(BASE);
        let a = anchor_on(&t, "Chemulpo");
        assert_eq!(verify(&a, &t), AnchorStatus::Exact);
        assert_eq!(verify(&a, &index("short")), AnchorStatus::Orphan);
    }
}
