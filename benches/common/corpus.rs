//! The generated corpus of the benchmarks (fixed seeds), shared by `benches/hot_paths.rs`
//! and the side-by-side examples so both measure the same text.
#![allow(dead_code)]

/// A linear congruential generator (Knuth's MMIX constants): inputs repeat exactly.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

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

/// A hard-wrapped English-like text of about `bytes` bytes, paragraphs of ~8 lines.
pub fn text(bytes: usize, seed: u64) -> String {
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


/// The ten queries of the search benchmark (1–3 words, a phrase, a figure, one miss).
pub const QUERIES: [&str; 10] =
    ["merida", "chemulpo", "henequen plantations", "\"records show\"", "progreso yucatan", "1,014", "plate says", "april", "awaited them", "zzz"];

/// The search benchmark's corpus: 20 sources of 5 MB (seeds 1–20).
pub fn search_corpus() -> Vec<String> {
    (1..=20u64).map(|s| text(5_000_000, s)).collect()
}
