//! Benchmark of `import-zotero` (BENCHMARKS.md): a library of 1,000 items, each with a
//! two-page PDF, and 5,000 highlights (five per PDF, one of them not in the text), built
//! by `../shared/validators/zotero/make-library`, imported into a new project and saved.
//!
//! `cargo run --release --no-default-features --example zotero_import [ITEMS]`
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/pdf.rs"]
mod pdf;

use std::path::Path;
use std::time::Instant;

use serde_json::json;

fn main() {
    let items: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let mut described = Vec::new();
    for n in 0..items {
        // Each PDF is its own document (the item number is in its text).
        let lines_one = [
            format!("Report number {n} on the passage"),
            format!("The first list of ship {n} named 1,033 passengers,"),
            "and the official tally at the landing gave a smaller number".to_string(),
            "A ﬁnal ﬂeet of small boats carried the families ashore.".to_string(),
        ];
        let lines_two = [format!("Registers of voyage {n} disagree with both counts."), "The commission counted 702 men.".to_string()];
        let one: Vec<&str> = lines_one.iter().map(String::as_str).collect();
        let two: Vec<&str> = lines_two.iter().map(String::as_str).collect();
        let file = format!("doc{n}.pdf");
        std::fs::write(dir.path().join(&file), pdf::pdf(&[&one, &two])).unwrap();
        let highlight = |text: String, page: usize| json!({"type": "highlight", "text": text, "pageIndex": page, "pageLabel": (page + 1).to_string(), "comment": "c", "color": "#ffd400"});
        described.push(json!({
            "itemType": "journalArticle",
            "fields": {"title": format!("Report {n}"), "date": "1905", "publicationTitle": "Bench"},
            "creators": [{"creatorType": "author", "firstName": "Juan", "lastName": "de la Cruz"}],
            "attachments": [{"file": file, "annotations": [
                highlight(format!("ship {n} named 1,033 passengers, and the official"), 0),
                highlight("final fleet of small boats".to_string(), 0),
                highlight(format!("voyage {n} disagree"), 1),
                highlight("702 men".to_string(), 1),
                highlight("words that are not there".to_string(), 1),
            ]}]
        }));
    }
    let desc = dir.path().join("library.json");
    std::fs::write(&desc, serde_json::to_string(&json!({"items": described})).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/zotero/make-library");
    let built = std::process::Command::new(script).arg(&desc).arg(dir.path().join("Zotero")).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));

    let root = dir.path().join("project");
    let mut loaded = marginalia::store::ProjectFolder::create(&root, "bench").unwrap();
    let start = Instant::now();
    let (tx, summary) =
        marginalia::store::zotero::import(&loaded.project, &dir.path().join("Zotero"), &root, None, &mut |_, _| {}).unwrap();
    let planned = start.elapsed();
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project).unwrap();
    let total = start.elapsed();
    print!("{}", summary.text());
    println!("{items} items: read + plan {:.2} s, with apply and save {:.2} s", planned.as_secs_f64(), total.as_secs_f64());
    let start = Instant::now();
    let (_, again) = marginalia::store::zotero::import(&loaded.project, &dir.path().join("Zotero"), &root, None, &mut |_, _| {}).unwrap();
    println!("re-import (nothing changed): {:.2} s, {} unchanged annotations", start.elapsed().as_secs_f64(), again.annotations_unchanged);
}
