//! Approximate string search: Myers' bit-parallel algorithm (Hyyrö's block form).
//!
//! This is the algorithm Hypothesis uses (`approx-string-match`) to re-anchor quotes
//! whose text changed a little. It runs over *chars* (not bytes), so offsets are the
//! char offsets the model stores, and an accented letter counts as one edit. The
//! crates that implement Myers in Rust work on bytes and bring large dependency
//! trees, so the ~100 lines live here, tested against a plain dynamic program.

use std::collections::HashMap;

/// An approximate occurrence of a pattern: chars `[start, end)` of the text, with
/// `errors` edits (Levenshtein) between the pattern and that span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

const HIGH_BIT: u64 = 1 << 63;

/// Per-block match masks of a pattern, keyed by char.
struct PatternMasks {
    blocks: usize,
    ascii: Vec<Vec<u64>>,
    other: HashMap<char, Vec<u64>>,
    none: Vec<u64>,
}

impl PatternMasks {
    fn new(pattern: &[char]) -> Self {
        let blocks = pattern.len().div_ceil(64);
        let mut ascii = vec![vec![0u64; blocks]; 128];
        let mut other: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, &c) in pattern.iter().enumerate() {
            let masks = if c.is_ascii() { &mut ascii[c as usize] } else { other.entry(c).or_insert_with(|| vec![0u64; blocks]) };
            masks[i / 64] |= 1 << (i % 64);
        }
        Self { blocks, ascii, other, none: vec![0; blocks] }
    }

    fn get(&self, c: char) -> &[u64] {
        if c.is_ascii() { &self.ascii[c as usize] } else { self.other.get(&c).map_or(&self.none, Vec::as_slice) }
    }
}

/// Advances one 64-row block by one text column; returns the horizontal delta
/// leaving the block at row `out_bit` (the block's last row, or the pattern's).
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, h_in: i8, out_bit: u64) -> i8 {
    let h_in_neg = u64::from(h_in < 0);
    let xv = eq | *mv;
    let eq = eq | h_in_neg;
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let h_out = if ph & out_bit != 0 {
        1
    } else if mh & out_bit != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    mh |= h_in_neg;
    ph |= u64::from(h_in > 0);
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    h_out
}

/// Edit distance of the whole pattern against the best substring of the text ending
/// at each text position: `scores[j]` is for the span ending just before char `j + 1`.
fn end_scores(text: &[char], pattern: &[char]) -> Vec<usize> {
    let masks = PatternMasks::new(pattern);
    let blocks = masks.blocks;
    let last_bit = 1u64 << ((pattern.len() - 1) % 64);
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = pattern.len() as isize;
    let mut scores = Vec::with_capacity(text.len());
    for &c in text {
        let eqs = masks.get(c);
        let mut carry = 0i8;
        for b in 0..blocks {
            let out_bit = if b + 1 == blocks { last_bit } else { HIGH_BIT };
            carry = advance_block(&mut pv[b], &mut mv[b], eqs[b], carry, out_bit);
        }
        score += isize::from(carry);
        scores.push(score.max(0) as usize);
    }
    scores
}

/// The ends (with their edit counts) of the pattern's good occurrences: text
/// positions whose score is at most `max_errors` and a local minimum (a run of good
/// ends collapses to its best). Scores are streamed, not stored: the text can be
/// megabytes long and most of it matches nothing.
fn good_ends(text: &[char], pattern: &[char], max_errors: usize) -> Vec<(usize, usize)> {
    let mut ends = Vec::new();
    // `pending` is a good score at the previous position that was not above the one
    // before it; it is kept if the next score is higher (or the text ends).
    let mut pending: Option<(usize, usize)> = None;
    let mut previous = usize::MAX;
    let mut visit = |j: usize, s: usize| {
        if let Some((ps, pj)) = pending.take()
            && s > ps
        {
            ends.push((ps, pj + 1));
        }
        if s <= max_errors && previous >= s {
            pending = Some((s, j));
        }
        previous = s;
    };
    if pattern.len() <= 64 {
        // One block (most quotes): masks in a flat table, state in registers.
        let mut ascii = [0u64; 128];
        let mut other: HashMap<char, u64> = HashMap::new();
        for (i, &c) in pattern.iter().enumerate() {
            let mask = if c.is_ascii() { &mut ascii[c as usize] } else { other.entry(c).or_insert(0) };
            *mask |= 1 << i;
        }
        let last_bit = 1u64 << (pattern.len() - 1);
        let (mut pv, mut mv) = (u64::MAX, 0u64);
        let mut score = pattern.len();
        for (j, &c) in text.iter().enumerate() {
            let eq = if c.is_ascii() { ascii[c as usize] } else { other.get(&c).copied().unwrap_or(0) };
            match advance_block(&mut pv, &mut mv, eq, 0, last_bit) {
                1 => score += 1,
                -1 => score = score.saturating_sub(1),
                _ => {}
            }
            visit(j, score);
        }
    } else {
        for (j, s) in end_scores(text, pattern).into_iter().enumerate() {
            visit(j, s);
        }
    }
    if let Some((ps, pj)) = pending {
        ends.push((ps, pj + 1));
    }
    ends
}

/// Plain Levenshtein distance (for short strings: contexts, candidate checks).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// Similarity in `[0, 1]`: 1 − distance / longer length (1 for two empty strings).
pub fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / longest as f64
}

/// Given a span known to end at `end` with at most `max_errors` edits, finds the start
/// that gives the fewest edits (the longest such span on ties).
fn best_start(text: &[char], pattern: &[char], end: usize, max_errors: usize) -> (usize, usize) {
    let from = end.saturating_sub(pattern.len() + max_errors);
    // Align reversed pattern against reversed text, start fixed at `end`.
    let window: Vec<char> = text[from..end].iter().rev().copied().collect();
    let rev_pattern: Vec<char> = pattern.iter().rev().copied().collect();
    let mut row: Vec<usize> = (0..=window.len()).collect();
    for (i, &p) in rev_pattern.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &t) in window.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(p != t)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    let (len, errors) =
        row.iter().enumerate().min_by_key(|&(len, &e)| (e, std::cmp::Reverse(len))).map_or((0, pattern.len()), |(l, &e)| (l, e));
    (end - len, errors)
}

/// Finds approximate occurrences of `pattern` in `text` with at most `max_errors`
/// edits: the best non-overlapping ones first, at most `limit` of them.
pub fn search(text: &[char], pattern: &[char], max_errors: usize, limit: usize) -> Vec<Match> {
    if pattern.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let mut ends = good_ends(text, pattern, max_errors);
    ends.sort_unstable();
    let mut found: Vec<Match> = Vec::new();
    for (_, end) in ends {
        if found.len() >= limit {
            break;
        }
        let (start, errors) = best_start(text, pattern, end, max_errors);
        let candidate = Match { start, end, errors };
        if found.iter().all(|m| m.end <= candidate.start || candidate.end <= m.start) {
            found.push(candidate);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Reference: minimal edit distance of the pattern to any substring ending at j.
    fn reference_end_scores(text: &[char], pattern: &[char]) -> Vec<usize> {
        let mut col: Vec<usize> = (0..=pattern.len()).collect();
        let mut out = Vec::new();
        for &t in text {
            let mut next = vec![0; pattern.len() + 1];
            for i in 1..=pattern.len() {
                next[i] = (col[i - 1] + usize::from(pattern[i - 1] != t)).min(col[i] + 1).min(next[i - 1] + 1);
            }
            out.push(next[pattern.len()]);
            col = next;
        }
        out
    }

    #[test]
    fn streamed_good_ends_are_the_local_minima_of_the_dynamic_program() {
        let text = chars(&"Mérida received 1,014 migrants; Yucatán plantations, 1,033 emigrants. ".repeat(5));
        let long = "abcdefghij".repeat(15);
        for pattern in ["1,014 migrants", "Yucatan", "x", "é", long.as_str(), "received 1,033 emigrants", "Mérida recieved"] {
            let p = chars(pattern);
            for k in [0, 1, 3, 6] {
                let scores = reference_end_scores(&text, &p);
                let expected: Vec<(usize, usize)> = (0..scores.len())
                    .filter(|&j| {
                        let s = scores[j];
                        s <= k && (j == 0 || scores[j - 1] >= s) && scores.get(j + 1).is_none_or(|&n| n > s)
                    })
                    .map(|j| (scores[j], j + 1))
                    .collect();
                assert_eq!(good_ends(&text, &p, k), expected, "{pattern} with {k} errors");
            }
        }
    }

    #[test]
    fn bit_parallel_scores_equal_the_dynamic_program() {
        let text = chars(&"Mérida received 1,014 migrants; Yucatán plantations. ".repeat(6));
        for pattern in ["1,014 migrants", "Yucatan", "x", &"abcdefghij".repeat(15), "received 1,033 emigrants"] {
            let p = chars(pattern);
            assert_eq!(end_scores(&text, &p), reference_end_scores(&text, &p), "{pattern}");
        }
    }

    #[test]
    fn finds_an_edited_quote() {
        let text = chars("In April 1905 some 1,033 Korean migrants boarded a ship at Chemulpo.");
        let found = search(&text, &chars("1,033 Koraen migrants boarded"), 4, 5);
        let best = found[0];
        assert_eq!(best.errors, 2);
        let span: String = text[best.start..best.end].iter().collect();
        assert_eq!(span, "1,033 Korean migrants boarded");
    }

    #[test]
    fn long_patterns_span_several_blocks() {
        let body: String = (0..400).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
        let text = chars(&format!("prefix {body} suffix"));
        let mut edited = chars(&body);
        edited[100] = 'Z';
        edited.remove(250);
        let found = search(&text, &edited, 10, 3);
        assert_eq!(found[0].errors, 2);
        assert_eq!(found[0].start, 7);
        assert_eq!(found[0].end, 407);
    }

    #[test]
    fn nothing_beyond_the_error_budget() {
        let text = chars("completely different words");
        assert!(search(&text, &chars("1,019 on the plate"), 3, 5).is_empty());
    }

    #[test]
    fn similarity_is_normalised() {
        assert_eq!(similarity(&chars("abc"), &chars("abc")), 1.0);
        assert_eq!(similarity(&chars(""), &chars("")), 1.0);
        assert!((similarity(&chars("abcd"), &chars("abXd")) - 0.75).abs() < 1e-9);
    }
}
