//! The generated corpus of the benchmarks (fixed seeds), shared by `benches/hot_paths.rs`
//! and the side-by-side examples so both measure the same text.
#![allow(dead_code, unused_imports)]

pub use marginalia::testing::{Lcg, wrapped_text as text};

/// The ten queries of the search benchmark (1–3 words, a phrase, a figure, one miss).
pub const QUERIES: [&str; 10] = [
    "merida",
    "chemulpo",
    "henequen plantations",
    "\"records show\"",
    "progreso yucatan",
    "1,014",
    "plate says",
    "april",
    "awaited them",
    "zzz",
];

/// The search benchmark's corpus: 20 sources of 5 MB (seeds 1–20).
pub fn search_corpus() -> Vec<String> {
    (1..=20u64).map(|s| text(5_000_000, s)).collect()
}
