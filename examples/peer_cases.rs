//! The Rust side of the side-by-side with Hypothesis's matcher (benches/peer).
//!
//! `cargo run --release --example peer_cases -- CASES.json` generates the cases
//! (deterministic: quotes of 20–300 chars with 0–10% edits, in documents of
//! 100 KB–1 MB, with other edits elsewhere moving them), writes them as JSON for
//! the Node script, re-anchors each with Marginalia's matcher and prints accuracy
//! and time. With `../shared/seeds` present it adds the seeds' random-edit cases
//! (see `seed_cases`), reported apart.

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
                "group": "generated",
                "text": changed.iter().collect::<String>(),
                "quote": quote, "prefix": prefix, "suffix": suffix,
                "hint": start, "true_start": true_start, "true_end": true_start + new_len, "edit_pct": pct,
            }));
        }
    }
    cases.extend(seed_cases());
    std::fs::write(&out, serde_json::to_string(&cases).expect("json")).expect("write cases");

    for group in ["generated", "seeds"] {
        let (mut right, mut wrong, mut missed, mut n) = (0, 0, 0, 0);
        let mut micros = 0u128;
        for c in cases.iter().filter(|c| c["group"] == group) {
            n += 1;
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
        if n > 0 {
            println!(
                "marginalia ({group}): {n} cases: {right} right, {wrong} wrong, {missed} not found; {:.1} ms total",
                micros as f64 / 1000.0
            );
        }
    }
}

/// The seeds' random-edit cases (as `tests/corpus.rs` makes them), when
/// `../shared/seeds` is there: in each seed, 20 quotes of 20–300 chars; the text then
/// takes 60 random insertions, deletions and replacements of up to 12 chars anywhere
/// (some inside quotes), and each quote's true place is tracked through them. A quote
/// cut by an edit at its boundary has no single true place and is left out. Read at
/// run time: nothing of the seeds is kept in the repository.
fn seed_cases() -> Vec<serde_json::Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<std::path::PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    let mut cases = Vec::new();
    for (n, file) in files.iter().enumerate() {
        let Ok(raw) = std::fs::read_to_string(file) else { continue };
        let raw: Vec<char> = raw.chars().collect();
        if raw.len() < 2_000 {
            continue;
        }
        for round in 0..4u64 {
            let mut rng = Lcg(n as u64 * 131 + round + 5);
            let mut spans = Vec::new();
            for k in 0..20 {
                let len = 20 + rng.next(281);
                let start = (raw.len() * k / 20 + rng.next(raw.len() / 40)).min(raw.len() - len - 1);
                if raw[start..start + len].iter().filter(|c| !c.is_whitespace()).count() < 10 {
                    continue;
                }
                spans.push((start, start + len));
            }
            let mut text = raw.clone();
            let mut truth: Vec<Option<(usize, usize)>> = spans.iter().map(|&s| Some(s)).collect();
            for _ in 0..60 {
                let at = rng.next(text.len());
                let del = rng.next(12).min(text.len() - at);
                let ins: Vec<char> = (0..rng.next(12)).map(|_| char::from(b'a' + rng.next(26) as u8)).collect();
                text.splice(at..at + del, ins.iter().copied());
                marginalia::testing::shift_spans(&mut truth, at, del, ins.len());
            }
            let edited: String = text.iter().collect();
            for (&(s, e), t) in spans.iter().zip(&truth) {
                let Some((ts, te)) = *t else { continue };
                cases.push(json!({
                    "group": "seeds",
                    "text": edited,
                    "quote": raw[s..e].iter().collect::<String>(),
                    "prefix": raw[s.saturating_sub(32)..s].iter().collect::<String>(),
                    "suffix": raw[e..(e + 32).min(raw.len())].iter().collect::<String>(),
                    "hint": s, "true_start": ts, "true_end": te,
                }));
            }
        }
    }
    cases
}
