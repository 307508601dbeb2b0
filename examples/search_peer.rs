//! Search side by side with ripgrep: the search benchmark's corpus (100 MB, 20
//! sources, fixed seeds), each source's search fold written to a file, then every
//! benchmark query run by Marginalia's index and by `rg -i -F --count-matches` over
//! those files (a phrase as one pattern, words as one `-e` each: every occurrence of
//! every word, the work our query does before keeping the paragraphs holding all).
//! Times are medians of repeated runs (ours 11, ripgrep 5, process start included).
//!
//! Usage: `cargo run --release --example search_peer -- DIR` (DIR gets the folded
//! files); `benches/peer/search.sh` installs ripgrep and runs it.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::process::Command;
use std::time::{Duration, Instant};

use marginalia::model::search::{FoldIndex, Query, SearchIndex};
use marginalia::model::{Project, Source, SourceId, ops};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let Some(dir) = std::env::args().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: search_peer DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir).expect("create the folder for the folded texts");
    let mut p = Project::new("peer");
    for (s, t) in (1..).zip(corpus::search_corpus()) {
        ops::add_source(&p, Source::untitled(SourceId(s), "doc.txt"), t).apply(&mut p);
    }
    let corpus_bytes: usize = p.texts.values().map(|t| t.reading.as_str().len()).sum();
    let started = Instant::now();
    let mut index = SearchIndex::default();
    index.update(&p);
    let build = started.elapsed();
    let mut files = Vec::new();
    for (id, doc) in &p.texts {
        let path = dir.join(format!("{id}.txt"));
        std::fs::write(&path, FoldIndex::new(doc.reading.as_str()).folded()).expect("write a folded text");
        files.push(path);
    }
    println!(
        "corpus {:.1} MB in {} sources; index built in {:.2} s, {:.1} MB ({:.2}x the corpus)",
        corpus_bytes as f64 / 1e6,
        files.len(),
        build.as_secs_f64(),
        index.heap_bytes() as f64 / 1e6,
        index.heap_bytes() as f64 / corpus_bytes as f64
    );
    println!("| query | Marginalia (ms) | hits | ripgrep (ms) | rg matches | ratio ours/rg |");
    println!("|---|---|---|---|---|---|");
    let (mut ours_total, mut rg_total) = (Duration::ZERO, Duration::ZERO);
    for q in corpus::QUERIES {
        let mut hits = 0;
        let ours = median(
            (0..11)
                .map(|_| {
                    let t = Instant::now();
                    hits = std::hint::black_box(index.search(q)).len();
                    t.elapsed()
                })
                .collect(),
        );
        let patterns = match Query::parse(q) {
            Some(Query::Phrase(p)) => vec![p],
            Some(Query::Words(w)) => w,
            None => Vec::new(),
        };
        let mut rg = Command::new("rg");
        rg.args(["-i", "-F", "--count-matches", "--no-filename", "--no-config"]);
        for pattern in &patterns {
            rg.arg("-e").arg(pattern);
        }
        rg.args(&files);
        let mut matches = 0u64;
        let theirs = median(
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    let out = rg.output().expect("run rg (benches/peer/search.sh installs it)");
                    let took = t.elapsed();
                    matches = String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse::<u64>().ok()).sum();
                    took
                })
                .collect(),
        );
        ours_total += ours;
        rg_total += theirs;
        println!(
            "| `{q}` | {:.2} | {hits} | {:.1} | {matches} | {:.3} |",
            ours.as_secs_f64() * 1e3,
            theirs.as_secs_f64() * 1e3,
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
    println!(
        "| all 10 (per query) | {:.2} | | {:.1} | | {:.3} |",
        ours_total.as_secs_f64() * 1e3 / 10.0,
        rg_total.as_secs_f64() * 1e3 / 10.0,
        ours_total.as_secs_f64() / rg_total.as_secs_f64()
    );
}
