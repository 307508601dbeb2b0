//! Agreement with citeproc-js (the CSL processor Zotero uses) on a generated corpus of
//! references: imported as a user would (CSL-JSON through `store::bib`), formatted by
//! the product's bibliography export, compared entry by entry by
//! `../shared/validators/citeproc/compare-bibliography`. Ignored by default (needs Node,
//! Python and the validators); CI runs it with `--include-ignored`.
//!
//! Set `MARGINALIA_CITEPROC_KEEP=DIR` to keep the corpus, our lists and the comparisons,
//! `MARGINALIA_CITEPROC_STYLE=mla` to compare one style only,
//! `MARGINALIA_CITEPROC_SEED=11 MARGINALIA_CITEPROC_N=500` to check another corpus, or
//! `MARGINALIA_CITEPROC_CORPUS=items.json` to check one's own records (the floors then are
//! not checked, only reported).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::model::{Edit, Project, Source, SourceId, Transaction};
use marginalia::store::bib;
use marginalia::store::export::{self, Format, Scope};
use marginalia::testing::normalise_entry;

/// Entries (of 1,000) identical to citeproc-js's, per style: a floor that fails the test
/// when agreement drops (the figures reached are in `docs/citations.md`).
const FLOORS: [(&str, usize); 4] = [("apa", 998), ("chicago-author-date", 998), ("chicago-notes", 998), ("mla", 998)];

const SEED: &str = "7";
const N: &str = "1000";

fn citeproc_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/citeproc")
}

fn project_of(items_json: &str) -> Project {
    let records = bib::csl_json(items_json).expect("corpus reads");
    let mut p = Project::new("corpus");
    let mut tx = Transaction::new("import");
    for (i, r) in records.records.into_iter().enumerate() {
        let id = SourceId(i as u64 + 1);
        tx.push(Edit::PutSource { id, source: Some(Box::new(Source::record(id, r.meta))), text: None });
    }
    tx.apply(&mut p);
    p
}

/// `make-corpus N --seed SEED EXTRA…`: the generated CSL-JSON.
fn make_corpus(n: &str, seed: &str, extra: &[&str]) -> String {
    let out = Command::new(citeproc_dir().join("make-corpus")).args([n, "--seed", seed]).args(extra).output().expect("make-corpus runs");
    assert!(out.status.success(), "make-corpus: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `N/M entries match citeproc-js (STYLE)` → N.
fn matched(report: &str) -> usize {
    let last = report.lines().rev().find(|l| l.contains("entries match citeproc-js")).unwrap_or_else(|| panic!("no summary in:\n{report}"));
    last.split('/').next().unwrap().trim().parse().unwrap()
}

#[test]
#[ignore = "needs ../shared/validators/citeproc (Node, npm on first use, Python)"]
fn generated_corpus_agrees_with_citeproc_js_in_four_styles() {
    let keep = std::env::var_os("MARGINALIA_CITEPROC_KEEP").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::env::var("MARGINALIA_CITEPROC_SEED").unwrap_or_else(|_| SEED.into());
    let n = std::env::var("MARGINALIA_CITEPROC_N").unwrap_or_else(|_| N.into());
    let checked = seed == SEED && n == N;
    let corpus = |extra: &[&str]| make_corpus(&n, &seed, extra);
    // The app imports the raw corpus (numbers, DOI links); citeproc-js gets the copy it can take.
    // `MARGINALIA_CITEPROC_CORPUS=FILE`: a CSL-JSON file of one's own instead, given to both
    // as it is (write numbers as strings and DOIs bare for citeproc-js).
    let own = std::env::var_os("MARGINALIA_CITEPROC_CORPUS").map(PathBuf::from);
    let checked = checked && own.is_none();
    let raw = match &own {
        Some(path) => std::fs::read_to_string(path).expect("MARGINALIA_CITEPROC_CORPUS reads"),
        None => corpus(&[]),
    };
    let safe = dir.join("ref.json");
    match &own {
        Some(_) => std::fs::write(&safe, &raw).unwrap(),
        None => std::fs::write(&safe, corpus(&["--citeproc-safe"])).unwrap(),
    }
    let n = serde_json::from_str::<Vec<serde_json::Value>>(&raw).map(|v| v.len().to_string()).unwrap_or(n);
    let p = project_of(&raw);
    let mut failures = Vec::new();
    let mut summary = String::new();
    let only = std::env::var("MARGINALIA_CITEPROC_STYLE").ok();
    for (style, floor) in FLOORS {
        if only.as_deref().is_some_and(|o| o != style) {
            continue;
        }
        let ours = dir.join(format!("ours-{style}.txt"));
        std::fs::write(&ours, export::export(&p, Format::Bibliography, style, &Scope::All).unwrap()).unwrap();
        let out = Command::new(citeproc_dir().join("compare-bibliography")).arg(style).arg(&safe).arg(&ours).output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout).into_owned();
        std::fs::write(dir.join(format!("compare-{style}.txt")), &report).unwrap();
        let matched = matched(&report);
        summary.push_str(&format!("{style}: {matched}/{n} (floor {floor} for seed {SEED}, {N} entries)\n"));
        if checked && matched < floor {
            failures.push(format!("{style}: {matched} < {floor}"));
        }
    }
    eprintln!("{summary}");
    assert!(failures.is_empty(), "agreement fell: {failures:?}\n{summary}");
}

/// In-text citations of every item among all of them (`cite::Citer`, what the annotated
/// bibliography and the app's "Copy citation" use), compared with citeproc-js's
/// (`scripts/citeproc-citations.js`: every item registered, one citation of each). Reports
/// the agreement per style; fails below `CITATION_FLOORS` on the checked corpus.
#[test]
#[ignore = "needs ../shared/validators/citeproc (Node, npm on first use, Python)"]
fn generated_corpus_citations_agree_with_citeproc_js() {
    use marginalia::store::export::{cite, csl};
    let seed = std::env::var("MARGINALIA_CITEPROC_SEED").unwrap_or_else(|_| SEED.into());
    let n = std::env::var("MARGINALIA_CITEPROC_N").unwrap_or_else(|_| N.into());
    let checked = seed == SEED && n == N;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = |extra: &[&str]| make_corpus(&n, &seed, extra);
    let safe = tmp.path().join("ref.json");
    std::fs::write(&safe, corpus(&["--citeproc-safe"])).unwrap();
    let p = project_of(&corpus(&[]));
    let keys = csl::citation_keys(&p);
    let items: Vec<serde_json::Value> = p.sources.values().map(|s| csl::item(&p, s, &keys[&s.id], false)).collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/citeproc-citations.js");
    let mut summary = String::new();
    let mut failures = Vec::new();
    for (style, floor) in CITATION_FLOORS {
        let out = Command::new(&script).arg(style).arg(&safe).output().expect("node runs");
        assert!(out.status.success(), "citeproc-citations: {}", String::from_utf8_lossy(&out.stderr));
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(normalise_entry).collect();
        let citer = cite::Citer::new(&items, style).unwrap();
        let ours: Vec<String> = (0..items.len()).map(|i| normalise_entry(&citer.cite(i, None).unwrap())).collect();
        let same = ours.iter().zip(&theirs).filter(|(a, b)| a == b).count();
        let differing: Vec<String> = ours
            .iter()
            .zip(&theirs)
            .filter(|(a, b)| a != b)
            .take(8)
            .map(|(a, b)| format!("  citeproc-js {b}\n  ours        {a}"))
            .collect();
        summary.push_str(&format!("{style}: {same}/{} citations equal\n{}\n", theirs.len(), differing.join("\n")));
        if checked && same < floor {
            failures.push(format!("{style}: {same} < {floor}"));
        }
    }
    eprintln!("{summary}");
    assert!(failures.is_empty(), "citation agreement fell: {failures:?}\n{summary}");
}

/// Citations (of 1,000, seed 7) identical to citeproc-js's, per style: a floor that fails the
/// test when agreement drops (figures in `docs/citations.md`).
const CITATION_FLOORS: [(&str, usize); 4] = [("apa", 993), ("chicago-author-date", 955), ("chicago-notes", 975), ("mla", 878)];
