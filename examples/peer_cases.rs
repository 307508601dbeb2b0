//! The Rust side of the side-by-side with Hypothesis's matcher (benches/peer).
//!
//! `cargo run --release --example peer_cases -- CASES.json` generates the cases
//! (deterministic: quotes of 20–300 chars with 0–10% edits, in documents of
//! 100 KB–1 MB, with other edits elsewhere moving them), writes them as JSON for
//! the Node script, re-anchors each with Marginalia's matcher and prints accuracy
//! and time.

use std::time::Instant;

use marginalia::model::{Anchor, AnchorStatus, CharRange, TextIndex, anchor};
use serde_json::json;

use marginalia::testing::Lcg;

const WORDS: [&str; 40] = [
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
    "arrivals",
    "Mérida",
    "plate",
    "says",
    "of",
    "a",
    "to",
    "was",
    "for",
    "on",
    "with",
    "families",
    "contract",
    "workers",
    "port",
    "voyage",
    "weeks",
    "later",
    "counted",
    "agents",
    "official",
];

fn document(bytes: usize, rng: &mut Lcg) -> Vec<char> {
    let mut s = String::with_capacity(bytes);
    while s.len() < bytes {
        s.push_str(WORDS[rng.next(WORDS.len())]);
        s.push(if rng.next(12) == 0 { '\n' } else { ' ' });
    }
    s.chars().collect()
}

/// Random edits inside `chars[at..at+len]`: about `pct` percent of its chars.
fn edit_span(chars: &mut Vec<char>, at: usize, len: usize, pct: usize, rng: &mut Lcg) -> usize {
    let edits = len * pct / 100;
    let mut len = len;
    for _ in 0..edits {
        let i = at + rng.next(len.max(1));
        match rng.next(3) {
            0 => {
                chars.insert(i, 'x');
                len += 1;
            }
            1 if len > 2 => {
                chars.remove(i);
                len -= 1;
            }
            _ => chars[i] = 'q',
        }
    }
    len
}

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "cases.json".into());
    let mut rng = Lcg(2026);
    let mut cases = Vec::new();
    for &bytes in &[100_000usize, 250_000, 500_000, 1_000_000] {
        let original = document(bytes, &mut rng);
        for _ in 0..25 {
            let qlen = 20 + rng.next(281);
            let start = 100 + rng.next(original.len() - qlen - 200);
            let quote: String = original[start..start + qlen].iter().collect();
            let prefix: String = original[start.saturating_sub(32)..start].iter().collect();
            let suffix: String = original[start + qlen..(start + qlen + 32).min(original.len())].iter().collect();
            let mut changed = original.clone();
            let pct = rng.next(11);
            let new_len = edit_span(&mut changed, start, qlen, pct, &mut rng);
            // Edits elsewhere move the quote: an insertion before it.
            let shift = rng.next(400);
            let insert_at = rng.next(start);
            for _ in 0..shift {
                changed.insert(insert_at, 'z');
            }
            let true_start = start + shift;
            cases.push(json!({
                "text": changed.iter().collect::<String>(),
                "quote": quote, "prefix": prefix, "suffix": suffix,
                "hint": start, "true_start": true_start, "true_end": true_start + new_len, "edit_pct": pct,
            }));
        }
    }
    std::fs::write(&out, serde_json::to_string(&cases).expect("json")).expect("write cases");

    let (mut right, mut wrong, mut missed) = (0, 0, 0);
    let mut micros = 0u128;
    for c in &cases {
        let text = TextIndex::new(c["text"].as_str().unwrap_or_default().to_string());
        let quote = c["quote"].as_str().unwrap_or_default();
        let hint = c["hint"].as_u64().unwrap_or(0) as usize;
        let a = Anchor {
            range: CharRange::new(hint, hint + quote.chars().count()),
            exact: quote.to_string(),
            prefix: c["prefix"].as_str().unwrap_or_default().to_string(),
            suffix: c["suffix"].as_str().unwrap_or_default().to_string(),
            status: AnchorStatus::Exact,
        };
        let t = Instant::now();
        let r = anchor::reanchor(&a, &text);
        micros += t.elapsed().as_micros();
        let (ts, te) = (c["true_start"].as_u64().unwrap_or(0) as usize, c["true_end"].as_u64().unwrap_or(0) as usize);
        if r.status == AnchorStatus::Orphan {
            missed += 1;
        } else if r.range.start.0.abs_diff(ts) <= 3 && r.range.end.0.abs_diff(te) <= 3 {
            right += 1;
        } else {
            wrong += 1;
        }
    }
    println!("marginalia: {} cases: {right} right, {wrong} wrong, {missed} not found; {:.1} ms total", cases.len(), micros as f64 / 1000.0);
}
