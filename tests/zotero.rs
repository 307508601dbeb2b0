//! `import-zotero` on Zotero libraries built at test time by
//! `../shared/validators/zotero/make-library` (Zotero's own schema) from descriptions
//! written here, with PDFs written here (a ligature, line breaks, two pages). Tests
//! that need that script are ignored by default (CI runs them with --include-ignored).
#![allow(clippy::unwrap_used)]

mod common;
#[path = "common/pdf.rs"]
mod pdf;

use pdf::pdf;

use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::model::{AnchorStatus, Annotation, Kind, Person, Project, Source};
use marginalia::store::{self, ProjectFolder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn make_library_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/zotero/make-library")
}

const PAGE_ONE: &[&str] = &[
    "Notes on a passage to Yucatan",
    "The first lists drawn up at the port named 1,033 passengers,",
    "and the official tally at the landing gave a smaller number",
    "for reasons the clerks never wrote down in full.",
    "A ﬁnal ﬂeet of small boats carried the families ashore.",
    "The tally of 1,014 is the one most later writers repeat.",
];
const PAGE_TWO: &[&str] = &[
    "Registers kept later disagree with both counts, and most later writers repeat",
    "whichever figure they met first in print.",
    "The commission counted 702 men, 135 women and 196 children.",
];

/// The description of the main test library (files written beside it).
fn description(dir: &Path) -> Value {
    std::fs::write(dir.join("passage.pdf"), pdf(&[PAGE_ONE, PAGE_TWO])).unwrap();
    std::fs::write(dir.join("gone.txt"), "This file will be deleted from storage after the library is built.\n").unwrap();
    std::fs::write(dir.join("linked.txt"), "A linked note file kept outside the data folder.\n\nIt names 1,019 arrivals.\n").unwrap();
    json!({
      "collections": [{"name": "Korea"}, {"name": "Arrivals", "parent": "Korea"}, {"name": "Elsewhere"}],
      "items": [
        {"itemType": "journalArticle", "key": "ARTZCLE2",
         "fields": {"title": "Counting the Passengers", "publicationTitle": "Journal of Test Histories",
                    "volume": "12", "issue": "3", "pages": "11-40", "date": "2011-06", "DOI": "10.5555/jth.12.3",
                    "url": "https://example.org/jth/12/3", "language": "en", "abstractNote": "An abstract written for the test.",
                    "extra": "Original date: 1990"},
         "creators": [
            {"creatorType": "author", "firstName": "Juan", "lastName": "de la Cruz"},
            {"creatorType": "author", "firstName": "Martin Luther", "lastName": "King, Jr."},
            {"creatorType": "author", "firstName": "Ludwig van", "lastName": "Beethoven"},
            {"creatorType": "editor", "firstName": "Daniel", "lastName": "van der Berg"},
            {"creatorType": "translator", "firstName": "Tess", "lastName": "Lator"}],
         "tags": ["migration", {"tag": "from a translator", "type": 1}],
         "collections": ["Arrivals"],
         "notes": ["<p>First <b>note</b>.</p><p>Second paragraph.</p>"],
         "attachments": [{"file": "passage.pdf", "filename": "Cruz - 2011 - Counting.pdf", "key": "PDF2ATTA",
           "annotations": [
             {"key": "HLBREAK2", "type": "highlight", "text": "named 1,033 passengers, and the official tally",
              "comment": "Departure count.", "color": "#ffd400", "pageLabel": "12", "pageIndex": 0,
              "rects": [[300, 740, 520, 752], [72, 725, 200, 737]], "tags": ["figure"]},
             {"key": "HLLXGA22", "type": "highlight", "text": "final fleet of small boats", "color": "#5fb236",
              "pageLabel": "12", "pageIndex": 0, "rects": [[72, 695, 300, 707]]},
             {"key": "HLREPEAT", "type": "highlight", "text": "most later writers repeat", "color": "#ff6666",
              "pageLabel": "13", "pageIndex": 1, "rects": [[300, 755, 520, 767]]},
             {"key": "HLLZST22", "type": "highlight", "text": "a sentence that this document never contains",
              "comment": "Kept although lost.", "pageLabel": "13", "pageIndex": 1, "rects": [[72, 600, 300, 612]]},
             {"key": "NZTE2222", "type": "note", "comment": "Check the registers.", "color": "#a28ae5",
              "pageLabel": "13", "pageIndex": 1, "rects": [[500, 730, 522, 752]]},
             {"key": "UNDER222", "type": "underline", "text": "702 men, 135 women and 196 children",
              "comment": "Sums to 1,033.", "color": "#2ea8e5", "pageLabel": "13", "pageIndex": 1,
              "rects": [[72, 725, 400, 737]], "tags": ["figure", "breakdown"]}
           ]}]},
        {"itemType": "book", "key": "BZZK2222",
         "fields": {"title": "멕시코 한인 이민의 역사", "date": "15 de mayo de 2005", "publisher": "Editorial de Prueba",
                    "place": "Mérida", "ISBN": "978-0-00-000000-2", "language": "ko"},
         "creators": [{"creatorType": "author", "name": "Comisión México-Corea"}],
         "collections": ["Korea"]},
        {"itemType": "bookSection", "key": "CHAPTER2",
         "fields": {"title": "Ports of Arrival", "bookTitle": "Crossings", "publisher": "Test Press", "date": "2019", "pages": "1-24"},
         "creators": [{"creatorType": "author", "firstName": "Hye-won", "lastName": "Lee"},
                      {"creatorType": "editor", "firstName": "Jean", "lastName": "d'Alembert"}],
         "collections": ["Elsewhere"]},
        {"itemType": "report", "key": "TRASH222", "fields": {"title": "In the trash", "institution": "Nobody"}, "deleted": true},
        {"itemType": "document", "key": "DZC22222", "fields": {"title": "A document whose file went missing"},
         "attachments": [
           {"file": "gone.txt", "key": "GZNE2222", "annotations": [
              {"type": "highlight", "key": "HLGZNE22", "text": "will be deleted from storage", "css": "body", "start": 10, "end": 38}]},
           {"file": "linked.txt", "key": "LXNK2222", "linkMode": "linked_file", "annotations": [
              {"type": "highlight", "key": "HLLXNK22", "text": "1,019 arrivals", "css": "body", "start": 55, "end": 69}]}
         ]}
      ]
    })
}

/// Builds a library from a description into `dir/name` (`ids`: fresh or legacy).
fn build_library(dir: &Path, desc: &Value, ids: &str, name: &str) -> PathBuf {
    let desc_path = dir.join(format!("{name}.json"));
    std::fs::write(&desc_path, serde_json::to_string_pretty(desc).unwrap()).unwrap();
    let out = dir.join(name);
    let o =
        Command::new(make_library_script()).arg(&desc_path).arg(&out).args(["--ids", ids, "--force"]).output().expect("run make-library");
    assert!(o.status.success(), "make-library failed: {}", String::from_utf8_lossy(&o.stderr));
    out
}

/// The main library, with a coloured tag naming green and one stored file removed.
fn main_library(dir: &Path, ids: &str) -> PathBuf {
    let lib = build_library(dir, &description(dir), ids, &format!("Zotero-{ids}"));
    let conn = rusqlite::Connection::open(lib.join("zotero.sqlite")).unwrap();
    conn.execute(
        "INSERT INTO syncedSettings (setting, libraryID, value) VALUES ('tagColors', 1, ?1)",
        [r##"[{"name":"verified","color":"#5FB236"}]"##],
    )
    .unwrap();
    drop(conn);
    std::fs::remove_dir_all(lib.join("storage/GZNE2222")).unwrap();
    lib
}

fn import(project: &mut Project, root: &Path, lib: &Path, collection: Option<&str>) -> store::zotero::Summary {
    let (tx, summary) = store::zotero::import(project, lib, root, collection, &mut |_, _| {}).unwrap();
    tx.apply(project);
    project.check_invariants().unwrap();
    summary
}

fn by_item<'a>(p: &'a Project, key: &str) -> Vec<&'a Source> {
    p.sources.values().filter(|s| s.zotero.as_ref().is_some_and(|z| z.item == key)).collect()
}

fn by_key<'a>(p: &'a Project, key: &str) -> &'a Annotation {
    p.annotations.values().find(|a| a.zotero.as_ref().is_some_and(|z| z.key == key)).unwrap_or_else(|| panic!("no annotation {key}"))
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn metadata_names_and_notes_from_fresh_and_legacy_libraries() {
    for ids in ["fresh", "legacy"] {
        let dir = tempfile::tempdir().unwrap();
        let lib = main_library(dir.path(), ids);
        let mut p = Project::new("t");
        let summary = import(&mut p, dir.path(), &lib, None);
        assert_eq!(summary.items_added, 4, "{ids}: the trashed item is left out: {summary:?}");
        assert!(p.sources.values().all(|s| s.meta.title != "In the trash"));

        let article = by_item(&p, "ARTZCLE2");
        assert_eq!(article.len(), 1);
        let m = &article[0].meta;
        assert_eq!(m.item_type, "article-journal");
        assert_eq!((m.title.as_str(), m.container_title.as_str()), ("Counting the Passengers", "Journal of Test Histories"));
        assert_eq!((m.volume.as_str(), m.issue.as_str(), m.pages.as_str(), m.issued.as_str()), ("12", "3", "11-40", "2011-06"));
        assert_eq!((m.doi.as_str(), m.url.as_str(), m.language.as_str()), ("10.5555/jth.12.3", "https://example.org/jth/12/3", "en"));
        let cruz = Person { non_dropping_particle: "de la".into(), ..Person::new("Cruz", "Juan") };
        let king = Person { suffix: "Jr.".into(), ..Person::new("King", "Martin Luther") };
        let beethoven = Person { dropping_particle: "van".into(), ..Person::new("Beethoven", "Ludwig") };
        assert_eq!(m.authors, vec![cruz, king, beethoven], "{ids}: translators are not authors");
        assert_eq!(m.editors, vec![Person { non_dropping_particle: "van der".into(), ..Person::new("Berg", "Daniel") }]);
        assert!(m.note.contains("An abstract written for the test.") && m.note.contains("Original date: 1990"), "{}", m.note);
        assert!(m.note.contains("First note.\n\nSecond paragraph."), "child notes as text: {}", m.note);
        let z = article[0].zotero.as_ref().unwrap();
        assert_eq!(z.attachment.as_deref(), Some("PDF2ATTA"));
        assert_eq!(z.tags, vec!["from a translator", "migration"]);
        assert_eq!(z.collections, vec!["Korea/Arrivals"]);
        assert_eq!(article[0].page_starts.len(), 2, "the PDF's page map");

        let book = &by_item(&p, "BZZK2222")[0];
        assert_eq!(book.meta.title, "멕시코 한인 이민의 역사");
        assert_eq!(book.meta.authors, vec![Person::literal("Comisión México-Corea")]);
        assert_eq!((book.meta.issued.as_str(), book.meta.language.as_str()), ("2005-05-15", "ko"));
        assert_eq!((book.meta.publisher.as_str(), book.meta.publisher_place.as_str()), ("Editorial de Prueba", "Mérida"));
        assert!(book.text_path.is_none(), "an item without attachments is a record");

        let chapter = &by_item(&p, "CHAPTER2")[0];
        assert_eq!((chapter.meta.item_type.as_str(), chapter.meta.container_title.as_str()), ("chapter", "Crossings"));
        assert_eq!(chapter.meta.publisher, "Test Press", "{ids}: base field mappings read back");
        assert_eq!(chapter.meta.editors, vec![Person { non_dropping_particle: "d'".into(), ..Person::new("Alembert", "Jean") }]);
    }
}

#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn pdf_highlights_are_anchored_on_their_text_or_kept_as_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let mut p = Project::new("t");
    let summary = import(&mut p, dir.path(), &lib, None);
    let source = by_item(&p, "ARTZCLE2")[0].id;
    let text = p.text(source).unwrap().clone();
    let quote = |a: &Annotation| marginalia::model::quote::reading_quote(&text, a.anchor.range);

    let across = by_key(&p, "HLBREAK2");
    assert_eq!(across.anchor.status, AnchorStatus::Exact);
    assert!(across.anchor.exact.contains('\n'), "spans the PDF's line break: {:?}", across.anchor.exact);
    assert_eq!(quote(across), "named 1,033 passengers, and the official tally");
    assert_eq!((across.kind, across.note.as_str(), across.locator.as_str()), (Kind::Quote, "Departure count.", "p. 12"));
    assert_eq!(across.tags, vec!["figure", "zotero-yellow"]);
    assert!(across.created.starts_with("2024-03-01T") && across.created.ends_with('Z'), "Zotero's time kept: {}", across.created);

    let ligature = by_key(&p, "HLLXGA22");
    assert_eq!(ligature.anchor.status, AnchorStatus::Exact);
    assert!(ligature.anchor.exact.contains('ﬁ') && ligature.anchor.exact.contains('ﬂ'), "{:?}", ligature.anchor.exact);
    assert_eq!(ligature.tags, vec!["verified"], "the user's name for green");
    assert_eq!(p.tags["verified"].colour, "#5fb236");

    let repeated = by_key(&p, "HLREPEAT");
    let page_two = text.stored.as_str().chars().take(p.sources[&source].page_starts[1]).count();
    assert!(repeated.anchor.range.start.0 >= page_two, "the page narrows a phrase that is on both pages");
    assert_eq!(repeated.locator, "p. 13");

    let lost = by_key(&p, "HLLZST22");
    assert_eq!(lost.anchor.status, AnchorStatus::Orphan);
    assert_eq!(lost.anchor.exact, "a sentence that this document never contains");
    assert_eq!((lost.note.as_str(), lost.source), ("Kept although lost.", source));

    let note = by_key(&p, "NZTE2222");
    assert_eq!((note.kind, note.note.as_str(), note.locator.as_str()), (Kind::Note, "Check the registers.", "p. 13"));
    assert!(note.anchor.range.start.0 >= page_two && note.anchor.status == AnchorStatus::Exact);
    assert_eq!(note.tags, vec!["zotero-purple"]);

    let under = by_key(&p, "UNDER222");
    assert_eq!(quote(under), "702 men, 135 women and 196 children");
    assert_eq!(under.tags, vec!["breakdown", "figure", "zotero-blue"]);
    assert_eq!(p.tags["zotero-blue"].colour, "#2ea8e5");

    // The linked file is imported from where it lies; the missing one is reported
    // and its highlight kept as an orphan on the item's record.
    let linked = by_key(&p, "HLLXNK22");
    assert_eq!(linked.anchor.status, AnchorStatus::Exact);
    let gone = by_key(&p, "HLGZNE22");
    assert_eq!((gone.anchor.status, gone.anchor.exact.as_str()), (AnchorStatus::Orphan, "will be deleted from storage"));
    assert!(summary.problems.iter().any(|m| m.contains("DZC22222") && m.contains("missing")), "{:?}", summary.problems);
    assert_eq!(by_item(&p, "DZC22222").len(), 2, "the linked document and a record holding the lost highlight");
    assert_eq!((summary.annotations_anchored, summary.annotations_orphaned), (6, 2), "{summary:?}");
    assert_eq!((summary.attachments_imported, summary.attachments_failed), (2, 1));
}

#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn a_collection_is_imported_with_its_subcollections_and_an_unknown_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let mut p = Project::new("t");
    let summary = import(&mut p, dir.path(), &lib, Some("Korea"));
    assert_eq!(summary.items_added, 2, "Korea and Korea/Arrivals: {summary:?}");
    assert!(by_item(&p, "CHAPTER2").is_empty());
    let err = store::zotero::import(&p, &lib, dir.path(), Some("Nowhere"), &mut |_, _| {}).unwrap_err().to_string();
    assert!(err.contains("zotero.sqlite") && err.contains("Nowhere") && err.contains("Korea/Arrivals"), "{err}");
}

#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn reimporting_adds_what_is_new_and_updates_what_changed_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let mut p = Project::new("t");
    import(&mut p, dir.path(), &lib, None);
    let (sources, annotations) = (p.sources.len(), p.annotations.len());

    // The same library again: nothing changes, not even a timestamp.
    let before = p.clone();
    let again = import(&mut p, dir.path(), &lib, None);
    assert_eq!(p, before, "{again:?}");
    assert_eq!((again.items_added, again.items_unchanged, again.annotations_unchanged), (0, 4, 8));

    // The user tags an annotation here; in Zotero its comment changes and an item is added.
    let id = by_key(&p, "HLBREAK2").id;
    marginalia::model::ops::add_tag(&p, id, "mine", "2025-01-01T00:00:00Z").unwrap().apply(&mut p);
    let conn = rusqlite::Connection::open(lib.join("zotero.sqlite")).unwrap();
    conn.execute(
        "UPDATE itemAnnotations SET comment = 'Departure count, checked.' WHERE itemID = (SELECT itemID FROM items WHERE key = 'HLBREAK2')",
        [],
    )
    .unwrap();
    conn.execute("UPDATE items SET dateModified = '2025-02-01 10:00:00' WHERE key = 'HLBREAK2'", []).unwrap();
    drop(conn);
    let mut desc = description(dir.path());
    desc["items"].as_array_mut().unwrap().push(json!({"itemType": "book", "key": "NEWBZZK2", "fields": {"title": "Added later"}}));
    let bigger = build_library(dir.path(), &desc, "fresh", "Zotero-bigger");
    let third = import(&mut p, dir.path(), &lib, None);
    assert_eq!((third.annotations_anchored, third.annotations_unchanged), (1, 7), "{third:?}");
    let a = by_key(&p, "HLBREAK2");
    assert_eq!(a.note, "Departure count, checked.");
    assert!(a.has_tag("mine") && a.has_tag("figure"), "the user's tag is kept: {:?}", a.tags);
    // A library where the missing file is back, and one item more.
    let fourth = import(&mut p, dir.path(), &bigger, None);
    assert_eq!(fourth.items_added, 1, "{fourth:?}");
    assert_eq!(p.sources.len(), sources + 1, "the new item; the record of the item whose file was missing now holds it");
    assert_eq!(p.annotations.len(), annotations, "no annotation duplicated");
    let found = by_key(&p, "HLGZNE22");
    assert_eq!(found.anchor.status, AnchorStatus::Exact, "the orphan found its text once the file came back");
    assert!(p.sources[&found.source].text_path.is_some());
    let both = by_item(&p, "DZC22222");
    assert!(both.len() == 2 && both.iter().all(|s| p.text(s.id).is_some()), "two documents, no leftover record");
    let once_more = import(&mut p, dir.path(), &bigger, None);
    assert_eq!((once_more.items_unchanged, once_more.annotations_unchanged), (5, 8), "stable: {once_more:?}");
    let keys: std::collections::BTreeSet<_> = p.annotations.values().filter_map(|a| a.zotero.as_ref()).map(|z| z.key.clone()).collect();
    assert_eq!(keys.len(), p.annotations.len());
}

#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn the_cli_imports_saves_and_never_touches_the_database_even_while_it_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let db = lib.join("zotero.sqlite");
    let before = (sha256(&db), std::fs::metadata(&db).unwrap().modified().unwrap());
    // Another process (Zotero, here Python) holds an exclusive write lock throughout.
    let mut locker = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nc.execute(\"UPDATE settings SET value = value WHERE setting = 'account'\")\nprint('locked', flush=True)\ntime.sleep(60)\n",
        ])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(locker.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    let busy = rusqlite::Connection::open(&db).unwrap().query_row("SELECT count(*) FROM items", [], |r| r.get::<_, i64>(0));
    assert!(busy.is_err(), "the lock is real: opening the database directly fails");

    let project = dir.path().join("project");
    common::run_ok(&["new", project.to_str().unwrap()]);
    let o = common::marginalia(&["import-zotero", project.to_str().unwrap(), "--library", lib.to_str().unwrap()]);
    locker.kill().unwrap();
    locker.wait().unwrap();
    assert_eq!(o.status.code(), Some(3), "orphans exit 3: {}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(out.contains("items: 4 new") && out.contains("annotations: 6 anchored, 2 orphaned"), "{out}");
    assert!(common::stderr(&o).contains("missing"), "{}", common::stderr(&o));
    assert_eq!((sha256(&db), std::fs::metadata(&db).unwrap().modified().unwrap()), before, "the user's database is untouched");
    let loaded = ProjectFolder::open(&project).unwrap();
    assert_eq!(loaded.project.annotations.len(), 8);
    let saved = sha256(&project.join("project.ron"));
    let o = common::marginalia(&["import-zotero", project.to_str().unwrap(), "--library", lib.to_str().unwrap()]);
    assert!(common::stdout(&o).contains("items: 0 new, 0 updated, 4 unchanged"), "{}", common::stdout(&o));
    assert_eq!(sha256(&project.join("project.ron")), saved, "an unchanged library changes nothing");
}

#[test]
fn a_folder_without_a_database_or_with_a_broken_one_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::new("t");
    let err = store::zotero::import(&p, dir.path(), dir.path(), None, &mut |_, _| {}).unwrap_err().to_string();
    assert!(err.contains("zotero.sqlite") && err.contains("data folder"), "{err}");
    for bytes in [&b""[..], b"not a database at all", &[0u8; 4096][..]] {
        std::fs::write(dir.path().join("zotero.sqlite"), bytes).unwrap();
        let err = store::zotero::import(&p, dir.path(), dir.path(), None, &mut |_, _| {}).unwrap_err().to_string();
        assert!(err.contains("zotero.sqlite") && (err.contains("Zotero") || err.contains("database")), "{err}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// A truncated or damaged database is an error naming the file, never a panic.
    #[test]
    #[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
    fn damaged_databases_are_errors_not_panics(cut in 0.0f64..1.0, flips in proptest::collection::vec((0.0f64..1.0, 0u8..=255), 0..8)) {
        let dir = shared_library();
        let original = std::fs::read(dir.join("Zotero-fresh/zotero.sqlite")).unwrap();
        let mut bytes = original[..(original.len() as f64 * cut) as usize].to_vec();
        for (at, value) in flips {
            if !bytes.is_empty() {
                let i = ((bytes.len() - 1) as f64 * at) as usize;
                bytes[i] = value;
            }
        }
        let damaged = tempfile::tempdir().unwrap();
        std::fs::write(damaged.path().join("zotero.sqlite"), &bytes).unwrap();
        let p = Project::new("t");
        if let Err(e) = store::zotero::import(&p, damaged.path(), damaged.path(), None, &mut |_, _| {}) {
            proptest::prop_assert!(e.to_string().contains("zotero.sqlite"), "{}", e);
        }
    }
}

/// One library built for the whole property test run.
fn shared_library() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        main_library(dir.path(), "fresh");
        dir
    })
    .path()
}

/// The README's "Coming from Zotero" commands, run as written (with `~/Zotero` being a
/// built library), print a summary of the shape the README shows.
#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn the_readme_zotero_section_works_as_written() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("## Coming from Zotero").nth(1).unwrap().split("\n## ").next().unwrap();
    let blocks: Vec<&str> = section.split("```").collect();
    let commands: Vec<&str> = blocks[1].lines().filter(|l| l.starts_with("marginalia ")).collect();
    let shape = |s: &str| {
        s.lines()
            .map(|l| {
                l.split_whitespace().map(|w| if w.chars().any(|c| c.is_ascii_digit()) { "N" } else { w }).collect::<Vec<_>>().join(" ")
            })
            .collect::<Vec<_>>()
    };
    let expected = shape(blocks[3].trim_start_matches("text").trim());
    assert_eq!(commands.len(), 4, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let mut imports = 0;
    for command in commands {
        let words: Vec<String> = command
            .split("  #")
            .next()
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(|w| if w == "~/Zotero" { lib.to_string_lossy().into_owned() } else { w.to_string() })
            .collect();
        let o = Command::new(env!("CARGO_BIN_EXE_marginalia")).args(&words).current_dir(dir.path()).output().unwrap();
        assert!(matches!(o.status.code(), Some(0 | 3)), "{command}: {}", common::stderr(&o));
        if words[0] == "import-zotero" {
            imports += 1;
            assert_eq!(shape(&common::stdout(&o)), expected, "{command}");
        }
    }
    assert_eq!(imports, 2);
    let project = ProjectFolder::open(&dir.path().join("thesis")).unwrap().project;
    assert_eq!(project.sources.len(), 5, "the whole library after the collection, nothing twice");
}

/// File → Import Zotero library… asks for the data folder, imports as one undoable
/// step and tells the user what it did.
#[cfg(feature = "gui")]
#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn the_app_menu_imports_a_library_as_one_undoable_step() {
    use marginalia::ui::state::PathQuestion;
    use marginalia::ui::{Action, AppState, UiCommand};
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let project = dir.path().join("project");
    ProjectFolder::create(&project, "t").unwrap();
    let mut state = AppState::open(&project);
    state.native_dialogs = false;
    state.run(UiCommand::Action(Action::ImportZotero));
    assert_eq!(state.path_prompt.as_ref().map(|(q, _)| *q), Some(PathQuestion::ImportZotero));
    state.answer_path(PathQuestion::ImportZotero, vec![lib.clone()]);
    let (_, offered) = state.zotero_choice.clone().expect("the collections are offered");
    assert_eq!(offered, vec!["Elsewhere", "Korea", "Korea/Arrivals"]);
    state.run(UiCommand::ImportZoteroCollection(lib.clone(), Some("Elsewhere".into())));
    assert!(state.zotero_choice.is_none());
    state.flush_imports();
    assert_eq!(state.session.project.sources.len(), 1, "the chosen collection only");
    state.run(UiCommand::Action(Action::Undo));
    state.run(UiCommand::ImportZoteroCollection(lib, None));
    assert!(state.import_progress().is_some(), "read on a background thread, with progress");
    state.flush_imports();
    assert!(state.import_progress().is_none());
    assert_eq!(state.session.project.annotations.len(), 8);
    let last = state.notices.last().unwrap();
    assert!(last.text.contains("items: 4 new") && last.is_error, "orphans make it a warning: {}", last.text);
    assert!(state.notices.iter().any(|n| n.text.contains("missing")));
    state.run(UiCommand::Action(Action::Undo));
    assert!(state.session.project.sources.is_empty() && state.session.project.annotations.is_empty(), "one undo removes the whole import");
}

/// The shared example library (a PDF, an HTML snapshot and an EPUB chapter, each
/// highlighted): everything comes in, every highlight on its text.
#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn the_shared_example_library_imports_with_every_highlight_anchored() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/zotero/example/library.json");
    let lib = dir.path().join("Zotero");
    let o = Command::new(make_library_script()).arg(&example).arg(&lib).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut p = Project::new("t");
    let summary = import(&mut p, dir.path(), &lib, None);
    assert_eq!((summary.items_added, summary.attachments_imported), (4, 3), "{summary:?}");
    assert_eq!((summary.annotations_anchored, summary.annotations_orphaned), (6, 0), "{summary:?}");
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    let epub = p.sources.values().find(|s| s.file.as_deref().is_some_and(|f| f.ends_with(".epub"))).expect("the EPUB chapter");
    let on_epub: Vec<&Annotation> = p.annotations.values().filter(|a| a.source == epub.id).collect();
    assert_eq!(on_epub.len(), 1);
    assert_eq!(on_epub[0].anchor.exact, "702 men, 135 women and 196 children");
    // The PDF's highlight across a line break, with its page label.
    let across = p.annotations.values().find(|a| a.anchor.exact.starts_with("deaths at sea")).expect("highlight");
    assert!(across.anchor.exact.contains('\n') && across.locator == "p. 146", "{across:?}");
}

/// Zotero running: the database in WAL mode with a change not yet checkpointed into
/// `zotero.sqlite`, the writer's connection still open. The import sees the change
/// (the `-wal` is copied with the database) and leaves both files as they were.
#[test]
#[ignore = "needs ../shared/validators/zotero (make-library, Python 3)"]
fn a_change_still_in_the_write_ahead_log_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let lib = main_library(dir.path(), "fresh");
    let db = lib.join("zotero.sqlite");
    let mut writer = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('PRAGMA journal_mode=WAL')\nc.execute('PRAGMA wal_autocheckpoint=0')\nc.execute(\"UPDATE itemDataValues SET value = 'Counting the Passengers, revised' WHERE value = 'Counting the Passengers'\")\nprint('written', flush=True)\ntime.sleep(60)\n",
        ])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(writer.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "written");
    let wal = lib.join("zotero.sqlite-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the change is in the WAL");
    let before = (sha256(&db), sha256(&wal));
    let mut p = Project::new("t");
    import(&mut p, dir.path(), &lib, None);
    let after = (sha256(&db), sha256(&wal));
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert_eq!(by_item(&p, "ARTZCLE2")[0].meta.title, "Counting the Passengers, revised");
    assert_eq!(after, before, "neither the database nor its WAL was touched");
}

/// A small database with the tables and columns the importer reads (written here,
/// not Zotero's schema), holding one item with a creator and a field.
fn minimal_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT, dateModified TEXT, libraryID INT, key TEXT);
         CREATE TABLE itemTypesCombined (itemTypeID INT, typeName TEXT);
         CREATE TABLE fieldsCombined (fieldID INT, fieldName TEXT);
         CREATE TABLE baseFieldMappingsCombined (itemTypeID INT, baseFieldID INT, fieldID INT);
         CREATE TABLE itemData (itemID INT, fieldID INT, valueID INT);
         CREATE TABLE itemDataValues (valueID INT, value TEXT);
         CREATE TABLE creators (creatorID INT, firstName TEXT, lastName TEXT, fieldMode INT);
         CREATE TABLE creatorTypes (creatorTypeID INT, creatorType TEXT);
         CREATE TABLE itemCreators (itemID INT, creatorID INT, creatorTypeID INT, orderIndex INT);
         CREATE TABLE itemAttachments (itemID INT, parentItemID INT, linkMode INT, contentType TEXT, path TEXT);
         INSERT INTO items VALUES (1, 1, '2024-03-01 09:00:00', 1, 'ABCD2345');
         INSERT INTO itemTypesCombined VALUES (1, 'book');
         INSERT INTO fieldsCombined VALUES (1, 'title');
         INSERT INTO itemData VALUES (1, 1, 1);
         INSERT INTO itemDataValues VALUES (1, 'A title long enough to span pages of the file');
         INSERT INTO creators VALUES (1, 'Juan', 'de la Cruz', 0);
         INSERT INTO creatorTypes VALUES (1, 'author');
         INSERT INTO itemCreators VALUES (1, 1, 1, 0);",
    )
    .unwrap();
}

#[test]
fn the_database_file_itself_may_be_given_and_a_minimal_library_imports() {
    let dir = tempfile::tempdir().unwrap();
    minimal_database(&dir.path().join("zotero.sqlite"));
    let mut p = Project::new("t");
    let summary = import(&mut p, dir.path(), &dir.path().join("zotero.sqlite"), None);
    assert_eq!(summary.items_added, 1);
    let s = p.sources.values().next().unwrap();
    assert_eq!(s.meta.authors[0].non_dropping_particle, "de la");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Truncated or damaged, a database is an error naming the file or a (partial)
    /// import, never a panic. (Runs without ../shared, on a database written here.)
    #[test]
    fn truncated_or_damaged_minimal_databases_never_panic(cut in 0.0f64..1.0, flips in proptest::collection::vec((0.0f64..1.0, 0u8..=255), 0..6)) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("zotero.sqlite");
        minimal_database(&db);
        let original = std::fs::read(&db).unwrap();
        let mut bytes = original[..(original.len() as f64 * cut) as usize].to_vec();
        for (at, value) in flips {
            if !bytes.is_empty() {
                let i = ((bytes.len() - 1) as f64 * at) as usize;
                bytes[i] = value;
            }
        }
        std::fs::write(&db, &bytes).unwrap();
        let p = Project::new("t");
        if let Err(e) = store::zotero::import(&p, dir.path(), dir.path(), None, &mut |_, _| {}) {
            proptest::prop_assert!(e.to_string().contains("zotero.sqlite"), "{}", e);
        }
    }
}
