//! The CLI contract, driven through the built binary.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn project_with(doc: &str) -> (tempfile::TempDir, String) {
    let (dir, project, added) = project_with_document("Test", "arrivals.txt", doc);
    assert_eq!(added, "s1\tarrivals.txt\n");
    (dir, project)
}

const DOC: &str = "Arrival records\n\nThe ship carried 702 men, 135 wom-\nen and 196 children to Progreso. \nThe plate says 1,019 and the list says 1,014; a second list says 1,014.\n";

#[test]
fn annotate_list_link_and_check() {
    let (_dir, p) = project_with(DOC);
    let a1 = run_ok(&[
        "annotate",
        &p,
        "--source",
        "arrivals.txt",
        "--quote",
        "702 men, 135 women and 196 children",
        "--kind",
        "figure",
        "--tag",
        "arrivals",
        "--note",
        "sums to 1,033",
        "--locator",
        "p. 3",
    ]);
    assert_eq!(a1.trim(), "a1");
    let a2 = run_ok(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    assert_eq!(a2.trim(), "a2");
    assert_eq!(run_ok(&["link", &p, "a2", "a1", "--relation", "contradicts", "--note", "plaque vs list"]).trim(), "l1");

    let list = json(&run_ok(&["list", &p, "annotations", "--json"]));
    let first = &list[0];
    assert_eq!(first["quote"], "702 men, 135 women and 196 children");
    assert_eq!(first["kind"], "figure");
    assert_eq!(first["tags"][0], "arrivals");
    assert_eq!(first["locator"], "p. 3");
    assert_eq!(first["status"], "exact");
    assert_eq!(first["line"], 3);
    let start = first["start"].as_u64().unwrap() as usize;
    let end = first["end"].as_u64().unwrap() as usize;
    let stored: String = DOC.chars().skip(start).take(end - start).collect();
    assert_eq!(stored, "702 men, 135 wom-\nen and 196 children");

    let links = json(&run_ok(&["list", &p, "links", "--json"]));
    assert_eq!(links[0]["relation"], "contradicts");
    assert_eq!(links[0]["from"], "a2");
    let tags = json(&run_ok(&["list", &p, "tags", "--json"]));
    assert_eq!(tags[0]["name"], "arrivals");
    let sources = json(&run_ok(&["list", &p, "sources", "--json"]));
    assert_eq!(sources[0]["title"], "Arrival records");
    assert_eq!(sources[0]["chars"], DOC.chars().count());

    let check = json(&run_ok(&["check", &p, "--json"]));
    assert_eq!(check.as_array().unwrap().len(), 2);
    assert!(check.as_array().unwrap().iter().all(|c| c["status"] == "exact"));
}

#[test]
fn ambiguous_and_missing_quotes_exit_2() {
    let (_dir, p) = project_with(DOC);
    let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", "1,014", "--kind", "figure"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 times"), "{}", stderr(&o));
    let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", "1,033 migrants", "--kind", "figure"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(run_ok(&["annotate", &p, "--source", "s1", "--quote", "1,014", "--nth", "2", "--kind", "figure"]).trim(), "a1");
    let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let o = marginalia(&["link", &p, "a1", "a9", "--relation", "contradicts"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn refresh_reanchors_and_reports_orphans_with_exit_3() {
    let (dir, p) = project_with(DOC);
    run_ok(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    run_ok(&["annotate", &p, "--source", "s1", "--quote", "carried 702 men", "--kind", "claim"]);
    let edited = dir.path().join("edited.txt");
    std::fs::write(&edited, format!("A new preface line.\n\n{}", DOC.replace("carried 702 men", "brought many"))).unwrap();
    let o = marginalia(&["refresh", &p, "s1", "--from", edited.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "exact 0, moved 1, fuzzy 0, orphan 1");
    let list = json(&run_ok(&["list", &p, "annotations", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2, "orphans are kept");
    assert_eq!(list[0]["status"], "moved");
    assert_eq!(list[0]["quote"], "1,019");
    assert_eq!(list[1]["status"], "orphan");
    let o = marginalia(&["check", &p]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn bad_inputs_name_the_file_and_change_nothing() {
    let (dir, p) = project_with(DOC);
    let before = std::fs::read(format!("{p}/project.ron")).unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\0\0\x01").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "fine text").unwrap();
    for bad in [&binary, &empty] {
        let o = marginalia(&["add", &p, bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(bad.to_str().unwrap()), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(format!("{p}/project.ron")).unwrap(), before, "a failed add changes nothing");
    // With a good file beside a bad one, the good one is added (as the app does) and
    // the bad one named: exit 1 all the same, so a script sees the failure.
    for bad in [&binary, &empty] {
        let o = marginalia(&["add", &p, good.to_str().unwrap(), bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(bad.to_str().unwrap()), "{}", stderr(&o));
    }
    let o = marginalia(&["list", &p, "sources", "--json"]);
    let sources: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = sources.as_array().unwrap().iter().filter_map(|s| s["file"].as_str()).collect();
    assert_eq!(files.iter().filter(|f| **f == "good.txt").count(), 1, "added once, not twice: {files:?}");

    let o = marginalia(&["list", dir.path().join("nowhere").to_str().unwrap(), "sources"]);
    assert_eq!(o.status.code(), Some(1));

    // A malformed project file: error with line:col, file untouched.
    let file = format!("{p}/project.ron");
    let broken = String::from_utf8(before.clone()).unwrap().replacen("title:", "title", 1);
    std::fs::write(&file, &broken).unwrap();
    let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    assert_eq!(o.status.code(), Some(1));
    let msg = stderr(&o);
    assert!(msg.contains("project.ron:") && msg.contains(':'), "{msg}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);

    // A newer version is refused and left alone.
    let newer = String::from_utf8(before).unwrap().replace("version: 1,", "version: 7,");
    std::fs::write(&file, &newer).unwrap();
    let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("newer"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
}

#[test]
fn a_project_cannot_point_outside_its_folder() {
    let (_dir, p) = project_with(DOC);
    let file = format!("{p}/project.ron");
    let text = std::fs::read_to_string(&file).unwrap().replace("sources/s1.txt", "../../etc/passwd");
    std::fs::write(&file, text).unwrap();
    let o = marginalia(&["list", &p, "sources"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not inside sources/"), "{}", stderr(&o));
}

#[test]
fn new_refuses_to_overwrite_a_project() {
    let (_dir, p) = project_with(DOC);
    let o = marginalia(&["new", &p]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"));
}

#[test]
fn the_sample_project_loads_and_every_anchor_is_exact() {
    let p = sample_project();
    let p = p.to_str().unwrap();
    let check = json(&run_ok(&["check", p, "--json"]));
    let all = check.as_array().unwrap();
    assert!(all.len() >= 6, "the sample has its figures");
    assert!(all.iter().all(|c| c["status"] == "exact"), "{check}");
    let links = json(&run_ok(&["list", p, "links", "--json"]));
    assert!(links.as_array().unwrap().iter().any(|l| l["relation"] == "contradicts"));
    assert!(links.as_array().unwrap().iter().any(|l| l["relation"] == "explains"));
    let sources = json(&run_ok(&["list", p, "sources", "--json"]));
    assert!(sources.as_array().unwrap().iter().all(|s| !s["title"].as_str().unwrap().is_empty()));
}

#[test]
fn refresh_finds_the_original_by_a_path_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("documents");
    std::fs::create_dir_all(&docs).unwrap();
    let doc = docs.join("plate.txt");
    std::fs::write(&doc, "The plate says 1,019 arrived.").unwrap();
    let p = dir.path().join("project");
    let ps = p.to_str().unwrap();
    run_ok(&["new", ps]);
    run_ok(&["add", ps, doc.to_str().unwrap()]);
    let ron = std::fs::read_to_string(p.join("project.ron")).unwrap();
    assert!(ron.contains("original_path: Some(\"../documents/plate.txt\")"), "{ron}");
    run_ok(&["annotate", ps, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    std::fs::write(&doc, "Revised. The plate says 1,019 arrived.").unwrap();
    let o = marginalia(&["refresh", ps, "s1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "exact 0, moved 1, fuzzy 0, orphan 0");
}

#[test]
fn a_text_changed_on_disk_is_reanchored_and_saved_by_the_next_command() {
    let (_dir, p) = project_with(DOC);
    run_ok(&["annotate", &p, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    let stored = std::path::Path::new(&p).join("sources");
    let file = std::fs::read_dir(&stored).unwrap().flatten().next().unwrap().path();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("Inserted by hand.\n\n{text}")).unwrap();
    let o = marginalia(&["list", &p, "annotations", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("changed on disk") && stderr(&o).contains("1 annotations re-anchored"), "{}", stderr(&o));
    assert_eq!(json(&stdout(&o))[0]["status"], "moved");
    // Saved: the next command finds nothing to re-anchor and says nothing about it.
    let o = marginalia(&["list", &p, "annotations", "--json"]);
    assert!(!stderr(&o).contains("changed on disk"), "{}", stderr(&o));
    assert_eq!(json(&stdout(&o))[0]["quote"], "1,019");
}

#[test]
fn conflicts_evaluate_scores_suggestions_against_a_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let p = p.to_str().unwrap();
    run_ok(&["new", p]);
    let a = dir.path().join("000_boarded.txt");
    let b = dir.path().join("001_arrived.txt");
    std::fs::write(&a, "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.").unwrap();
    std::fs::write(&b, "Records in Mérida show that 1,014 Korean migrants arrived in Yucatán from Chemulpo in May 1905.").unwrap();
    run_ok(&["add", p, a.to_str().unwrap(), b.to_str().unwrap()]);
    let suggested = json(&run_ok(&["conflicts", p, "--json"]));
    let s = &suggested.as_array().unwrap()[0];
    assert_eq!((s["verdict"].as_str(), s["finding"].as_str()), (Some("unresolved"), Some("explained")), "{s}");
    let gold = dir.path().join("gold.ron");
    std::fs::write(
        &gold,
        r#"[
            (id: "1905", subject: "s", verdict: explained, reason: "r",
             members: [(source: "000", line: 1, value: 1033.0), (source: "001", line: 1, value: 1014.0)]),
            (id: "other", subject: "s", verdict: conflict, reason: "r",
             members: [(source: "000", line: 1, value: 1905.0), (source: "001", line: 1, value: 1905.0)]),
        ]"#,
    )
    .unwrap();
    let e = json(&run_ok(&["conflicts", p, "--evaluate", gold.to_str().unwrap(), "--json"]));
    assert_eq!((e["precision"].as_f64(), e["recall"].as_f64(), e["agreement"].as_f64()), (Some(100.0), Some(50.0), Some(100.0)), "{e}");
    let text = run_ok(&["conflicts", p, "--evaluate", gold.to_str().unwrap()]);
    assert!(text.starts_with("precision 100.0%") && text.contains("missed"), "{text}");
    // A broken gold file is named, with line:col, and nothing else happens.
    std::fs::write(&gold, "[(id: \"x\",\n  nope: 1)]").unwrap();
    let o = marginalia(&["conflicts", p, "--evaluate", gold.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("gold.ron:2:"), "{err}");
}

#[test]
fn the_same_document_added_twice_is_not_a_second_source() {
    let (dir, p) = project_with(DOC);
    let again = dir.path().join("copy-of-arrivals.txt");
    std::fs::write(&again, DOC).unwrap();
    let o = marginalia(&["add", &p, again.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "nothing added");
    assert!(stderr(&o).contains("already source s1"), "{}", stderr(&o));
    let sources = json(&run_ok(&["list", &p, "sources", "--json"]));
    assert_eq!(sources.as_array().unwrap().len(), 1);
}

#[test]
fn add_with_only_a_bibliography_imports_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let p = p.to_str().unwrap();
    assert_eq!(marginalia(&["new", p]).status.code(), Some(0));
    let o = marginalia(&["add", p]);
    assert_eq!(o.status.code(), Some(2), "neither documents nor --bib: usage error");
    let bib = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records.bib");
    let o = marginalia(&["add", p, "--bib", bib.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(!out.is_empty() && out.lines().all(|l| l.ends_with("\t-")), "sources without a document: {out}");
    let o = marginalia(&["list", p, "sources", "--json"]);
    let n = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap().as_array().unwrap().len();
    assert_eq!(n, out.lines().count());
}
