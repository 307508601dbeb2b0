//! Importing the original formats: PDF (with page map), HTML, DOCX, Markdown.
//! The fixtures in tests/fixtures were written for these tests (fixture.fodt is
//! their source; fixture.pdf and fixture.docx were made from it with LibreOffice).
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use marginalia::store::import::read_document;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn pdf_pages_become_a_page_map_and_locators() {
    let doc = read_document(&fixture("fixture.pdf")).unwrap();
    assert_eq!(doc.pages.len(), 3, "three pages");
    assert!(doc.text.contains("1,033") && doc.text.contains("1,014") && doc.text.contains("1,019"));
    // Page 2 starts before "Page two".
    let page_two: usize = doc.text[..doc.text.find("Page two").unwrap()].chars().count();
    assert!(doc.pages[1] <= page_two && page_two < doc.pages[2]);
    // The document information dictionary has no Title or Author ("Writer" is the
    // producing program); its creation date is a guess, marked so.
    let meta = doc.meta.clone().unwrap();
    assert!(meta.title.is_empty() && meta.authors.is_empty(), "{meta:?}");
    assert_eq!(meta.issued, "2026-11-22");
    assert!(meta.guessed.contains("issued"));

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let ps = p.to_str().unwrap();
    run_ok(&["new", ps]);
    run_ok(&["add", ps, fixture("fixture.pdf").to_str().unwrap()]);
    run_ok(&["annotate", ps, "--source", "s1", "--quote", "1,014", "--kind", "figure"]);
    run_ok(&["annotate", ps, "--source", "s1", "--quote", "1,019", "--kind", "figure"]);
    let list = json(&run_ok(&["list", ps, "annotations", "--json"]));
    assert_eq!(list[0]["locator"], "p. 2");
    assert_eq!(list[1]["locator"], "p. 3");
}

#[test]
fn html_reads_as_text_with_metadata_and_nothing_active() {
    let doc = read_document(&fixture("fixture.html")).unwrap();
    assert!(
        doc.text.starts_with("Arrivals in Yucatán\n\nThe ship left Chemulpo with 1,033 people on board.\nIt reached Progreso in May."),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("Mérida gives 1,019 & the paperwork 1,014."));
    for gone in ["Home", "document.title", "font-family", "tracker", "Fixture written"] {
        assert!(!doc.text.contains(gone), "{gone} should not be in the text");
    }
    let meta = doc.meta.unwrap();
    assert_eq!(meta.title, "Fixture page: arrivals");
    assert_eq!(meta.authors[0].family, "Lovelace");
    assert_eq!(meta.issued, "2021-10-04");
}

#[test]
fn docx_paragraphs_headings_and_footnotes() {
    let doc = read_document(&fixture("fixture.docx")).unwrap();
    let blocks: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(blocks[0], "Fixture: arrivals in Yucatán", "{blocks:?}");
    assert!(blocks[1].starts_with("Page one says the ship left Chemulpo with 1,033 people on board."));
    assert!(doc.text.contains("Page three says a plate in Mérida gives 1,019."));
    assert!(doc.text.contains("Notes\n\n[1] A fixture note written for Marginalia"), "{}", doc.text);
}

#[test]
fn markdown_without_markup() {
    let doc = read_document(&fixture("fixture.md")).unwrap();
    assert_eq!(
        doc.text,
        "Arrivals in Yucatán\n\nThe ship left Chemulpo with 1,033 people on board.\n\nLater counts\n\n• paperwork: 1,014\n\n• plate: 1,019\n\nA fixture written for Marginalia's tests."
    );
}

#[test]
fn a_pdf_without_text_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("scan.pdf");
    // A valid one-page PDF with no text layer, like a scan.
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n4 0 obj<</Length 0>>stream\n\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    std::fs::write(&empty, pdf).unwrap();
    let err = read_document(&empty).unwrap_err().to_string();
    assert!(err.contains("scan.pdf") && (err.contains("no text") || err.contains("could not be read")), "{err}");
}

#[test]
fn a_damaged_pdf_is_one_clear_error_and_adds_nothing() {
    // The fixture with its font's ToUnicode map pointing at an object that does not
    // exist: pdf-extract panics on it (found by fuzzing); the user must see one
    // error naming the file, no panic report, and the project must not change.
    let pdf = std::fs::read(fixture("fixture.pdf")).unwrap();
    let needle = b"/ToUnicode 16 0 R";
    let at = pdf.windows(needle.len()).position(|w| w == needle).expect("the fixture's font has a ToUnicode map");
    let mut damaged = pdf.clone();
    damaged[at..at + needle.len()].copy_from_slice(b"/ToUnicode 96 0 R");

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("damaged.pdf");
    std::fs::write(&broken, &damaged).unwrap();
    let p = dir.path().join("p");
    run_ok(&["new", p.to_str().unwrap()]);
    let before = std::fs::read(p.join("project.ron")).unwrap();
    let o = marginalia(&["add", p.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("damaged.pdf") && err.contains("could not be read"), "{err}");
    assert!(!err.contains("panicked"), "no panic report reaches the user: {err}");
    assert_eq!(err.lines().count(), 1, "one message: {err}");
    assert_eq!(std::fs::read(p.join("project.ron")).unwrap(), before);
}

#[test]
fn the_pdf_information_dictionary_gives_title_and_author_as_guesses() {
    // The fixture with its Info entries renamed in place (same length, so the
    // cross-reference offsets still hold): Creator -> Author, Producer -> Title.
    let mut pdf = std::fs::read(fixture("fixture.pdf")).unwrap();
    for (from, to) in [(&b"/Creator<"[..], &b"/Author <"[..]), (&b"/Producer<"[..], &b"/Title   <"[..])] {
        let at = pdf.windows(from.len()).position(|w| w == from).expect("the fixture's Info entry");
        pdf[at..at + from.len()].copy_from_slice(to);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("with-info.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let meta = read_document(&file).unwrap().meta.unwrap();
    assert_eq!(meta.title, "LibreOffice 7.4");
    assert_eq!(meta.authors, vec![marginalia::model::Person::literal("Writer")]);
    assert!(meta.guessed.contains("title") && meta.guessed.contains("authors"));
}
