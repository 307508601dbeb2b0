//! Test support shared by the unit tests, `tests/`, `benches/` and `examples/`:
//! small project builders and seeded generators, written once instead of in every
//! test file. Hidden from the docs and not part of the program's API; the builders
//! panic on their own bad input, as they only ever run under tests and benchmarks.

use crate::model::{Project, Source, SourceId, ops};

/// A deterministic pseudo-random generator: a 64-bit linear congruential generator
/// with Knuth's MMIX constants, of which only the high bits are used (the low bits
/// of an LCG repeat quickly). Seeded, so a generated case is the same on every run
/// and a failure can be replayed.
#[derive(Debug, Clone)]
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number in `0..n` (always 0 when `n` is 0).
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A project titled `t` whose sources `s1`, `s2`, … are the files `(name, text)`,
/// in order.
pub fn project_with_files(docs: &[(&str, &str)]) -> Project {
    let mut p = Project::new("t");
    for (i, (file, text)) in docs.iter().enumerate() {
        ops::add_source(&p, Source::untitled(SourceId(i as u64 + 1), file), (*text).to_string()).apply(&mut p);
    }
    p
}

/// A project titled `t` whose sources `s1`, `s2`, … hold `docs`, each from a file
/// named `d.txt`.
pub fn project_of(docs: &[&str]) -> Project {
    project_with_files(&docs.iter().map(|d| ("d.txt", *d)).collect::<Vec<_>>())
}

/// The vocabulary of [`wrapped_text`]: words, places and figures of the 1905
/// migration records the sample project is about.
pub const WORDS: [&str; 24] = [
    "the",
    "migrants",
    "boarded",
    "ship",
    "Chemulpo",
    "in",
    "April",
    "1905",
    "and",
    "reached",
    "Progreso",
    "Yucatán",
    "where",
    "henequen",
    "plantations",
    "awaited",
    "them",
    "records",
    "show",
    "1,014",
    "arrivals",
    "Mérida",
    "plate",
    "says",
];

/// A hard-wrapped English-like text of about `bytes` bytes (lines of some 70 chars
/// drawn from [`WORDS`], a blank line after every 8 lines), as PDF extraction gives
/// it. The same seed gives the same text.
pub fn wrapped_text(bytes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(bytes + 100);
    let mut line = 0;
    while out.len() < bytes {
        let mut l = String::new();
        while l.len() < 70 {
            l.push_str(WORDS[rng.next(WORDS.len())]);
            l.push(' ');
        }
        out.push_str(&l);
        out.push('\n');
        line += 1;
        if line % 8 == 0 {
            out.push('\n');
        }
    }
    out
}

/// The project of the load, save and frame-time measurements: `sources` sources of
/// [`wrapped_text`] (about `bytes` bytes each, seeds 1, 2, …) and `annotations`
/// annotations of 12 chars spread over them (source by source in turn, kinds in turn,
/// starts from a fixed seed). The same arguments give the same project.
pub fn annotated_project(sources: u64, bytes: usize, annotations: usize) -> Project {
    use crate::model::{CharRange, Kind};
    let mut p = Project::new("bench");
    for s in 1..=sources.max(1) {
        ops::add_source(&p, Source::untitled(SourceId(s), "doc.txt"), wrapped_text(bytes, s)).apply(&mut p);
    }
    let mut rng = Lcg(3);
    for i in 0..annotations {
        let s = SourceId(1 + (i as u64 % sources.max(1)));
        let start = rng.next(bytes.saturating_sub(1_000).max(1));
        let (tx, _) = ops::add_annotation(&p, s, CharRange::new(start, start + 12), Kind::ALL[i % 5], "2026-01-01T00:00:00Z")
            .expect("an annotation inside the generated text");
        tx.apply(&mut p);
    }
    p
}

/// Where quotes are after one edit of their text (`del` chars at `at` replaced by
/// `inserted` chars), for random-edit tests that know the truth: a span before or
/// after the edit shifts or stays; an edit inside a span changes its length (its index
/// is returned: the quote's own text changed); an edit across a span's boundary leaves
/// no single true place (`None`). Spans are char offsets, end exclusive.
pub fn shift_spans(truth: &mut [Option<(usize, usize)>], at: usize, del: usize, inserted: usize) -> Vec<usize> {
    let shift = |x: usize| (x + inserted).saturating_sub(del);
    let mut touched = Vec::new();
    for (i, t) in truth.iter_mut().enumerate() {
        let Some((s, e)) = *t else { continue };
        *t = if at + del <= s {
            Some((shift(s), shift(e)))
        } else if at >= e {
            Some((s, e))
        } else if at >= s && at + del <= e {
            touched.push(i);
            Some((s, shift(e)))
        } else {
            None
        };
    }
    touched
}

/// A reference-list entry or citation as `../shared/validators/citeproc/compare-bibliography`
/// compares it: quote marks straight, dashes alike, white space collapsed (for tests that
/// set our text beside citeproc-js's).
pub fn normalise_entry(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2012}' | '\u{2014}' | '\u{2015}' => '\u{2013}',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_an_edit_or_lose_their_place() {
        let mut truth = vec![Some((0, 3)), Some((10, 14)), Some((20, 25)), Some((30, 40))];
        // Replace 2 chars at 11 (inside the second span) by 5.
        let touched = shift_spans(&mut truth, 11, 2, 5);
        assert_eq!(truth, vec![Some((0, 3)), Some((10, 17)), Some((23, 28)), Some((33, 43))]);
        assert_eq!(touched, vec![1]);
        // Delete across the end of the third span: no single truth left.
        shift_spans(&mut truth, 26, 4, 0);
        assert_eq!(truth[2], None);
        assert_eq!(truth[3], Some((29, 39)));
    }

    #[test]
    fn generators_repeat_with_their_seed_and_builders_number_sources_in_order() {
        let (mut a, mut b) = (Lcg(5), Lcg(5));
        let first: Vec<usize> = (0..8).map(|_| a.next(100)).collect();
        assert_eq!(first, (0..8).map(|_| b.next(100)).collect::<Vec<_>>());
        assert!(first.iter().any(|&x| x != first[0]), "not constant: {first:?}");
        assert_eq!(Lcg(1).next(0), 0);
        assert_eq!(wrapped_text(2_000, 7), wrapped_text(2_000, 7));
        assert!(wrapped_text(2_000, 7).len() >= 2_000 && wrapped_text(2_000, 7).contains("\n\n"));
        let p = project_with_files(&[("a.txt", "one"), ("b.txt", "two")]);
        assert_eq!(p.texts[&SourceId(2)].stored.as_str(), "two");
        assert_eq!(p.sources[&SourceId(1)].file.as_deref(), Some("a.txt"));
        assert_eq!(project_of(&["x"]).sources[&SourceId(1)].file.as_deref(), Some("d.txt"));
    }
}
