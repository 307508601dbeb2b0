//! Export → read → import in memory: everything the format can hold comes back.

use crate::model::{CharRange, FigureValue, Kind, Metadata, Person, Project, Relation, Source, SourceId, Verdict, ops};

fn sample() -> Project {
    let mut p = Project::new("Round trip");
    let text = "Tally 😀 of 1905: 1,033 boarded, 1,014 landed.\nA second line.";
    let mut source = Source::untitled(SourceId(1), "tally.txt");
    source.meta.title = "Tally".into();
    source.meta.authors = vec![Person::new("Kim", "Victoria"), Person::literal("Mexico-Korea Commission")];
    source.meta.issued = "1905-05".into();
    ops::add_source(&p, source, text.into()).apply(&mut p);
    let meta = Metadata { title: "A record without a document".into(), doi: "10.1000/xyz".into(), ..Metadata::default() };
    ops::add_record(&p, Source::record(SourceId(2), meta)).apply(&mut p);
    let t = "2026-01-02T03:04:05Z";
    let (tx, a) = ops::add_annotation(&p, SourceId(1), CharRange::new(17, 22), Kind::Figure, t).expect("a");
    tx.apply(&mut p);
    let (tx, b) = ops::add_annotation(&p, SourceId(1), CharRange::new(32, 37), Kind::Figure, t).expect("b");
    tx.apply(&mut p);
    ops::add_tag(&p, a, "boarded", t).expect("tag").apply(&mut p);
    ops::describe_tag(&p, "boarded", "Counted at the port").expect("describe").apply(&mut p);
    ops::set_note(&p, a, "at <Chemulpo> & \"then\"", "2026-02-03T04:05:06Z").expect("note").apply(&mut p);
    ops::set_locator(&p, b, "p. 4", t).expect("locator").apply(&mut p);
    ops::set_figure(&p, b, Some(FigureValue::exact(1014.0, Some("people".into()))), t).expect("figure").apply(&mut p);
    ops::add_link(&p, b, a, Relation::Explains, "losses at sea").expect("link").apply(&mut p);
    let (tx, set) = ops::create_set(&p, "Arrivals", &[a, b]).expect("set");
    tx.apply(&mut p);
    ops::set_verdict(&p, set, Verdict::Explained).expect("verdict").apply(&mut p);
    ops::set_preferred(&p, set, Some(1014.0)).expect("preferred").apply(&mut p);
    ops::set_set_text(&p, set, ops::SetText::Rationale, "Deaths on the voyage.").expect("rationale").apply(&mut p);
    ops::set_set_text(&p, set, ops::SetText::Role(a), "boarded").expect("role").apply(&mut p);
    p
}

#[test]
fn a_project_comes_back_whole() {
    let p = sample();
    let bytes = super::write::qdpx(&p).expect("export");
    assert_eq!(bytes, super::write::qdpx(&p).expect("again"), "deterministic");
    let package = super::read::package(bytes, 1 << 20).expect("read");
    let (tx, report) = super::import::plan(&Project::new("Round trip"), &package, "2030-01-01T00:00:00Z").expect("plan");
    assert!(report.not_mapped.is_empty() && report.warnings.is_empty(), "{report:?}");
    let mut back = Project::new("Round trip");
    tx.apply(&mut back);
    back.check_invariants().expect("invariants");
    // Only what the format cannot hold differs: where each source came from.
    let mut expected = p.clone();
    for s in expected.sources.values_mut() {
        s.original_path = None;
    }
    assert_eq!(back.sources, expected.sources);
    assert_eq!(back.texts, expected.texts);
    assert_eq!(back.tags, expected.tags);
    assert_eq!(back.annotations, expected.annotations);
    assert_eq!(back.links, expected.links);
    assert_eq!(back.sets, expected.sets);
}

#[test]
fn the_codebook_alone_parses_and_names_every_tag() {
    let p = sample();
    let qdc = super::write::qdc(&p).expect("qdc");
    let root = super::xml::parse(&qdc).expect("well-formed");
    assert_eq!((root.name.as_str(), root.attr("xmlns")), ("CodeBook", Some(super::CODEBOOK_NS)));
    let codes = root.child("Codes").expect("codes");
    let names: Vec<&str> = codes.children_named("Code").filter_map(|c| c.attr("name")).collect();
    assert_eq!(names, [super::KINDS_CODE, "boarded"]);
}

/// A one-source package with the given selections, as bytes.
fn package_of(origin: &str, text: &str, selections: &[(u64, u64)]) -> Vec<u8> {
    use std::io::Write;
    let guid = |n: usize| format!("6d617267-0000-4000-8000-{n:012}");
    let sels: String = selections
        .iter()
        .enumerate()
        .map(|(i, (s, e))| format!(r#"<PlainTextSelection guid="{}" startPosition="{s}" endPosition="{e}"/>"#, guid(i + 10)))
        .collect();
    let qde = format!(
        r#"<Project xmlns="{}" name="p" origin="{origin}"><Sources><TextSource guid="{g}" plainTextPath="internal://{g}.txt">{sels}</TextSource></Sources></Project>"#,
        super::PROJECT_NS,
        g = guid(1)
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in [("project.qde".to_string(), qde.as_bytes()), (format!("sources/{}.txt", guid(1)), text.as_bytes())] {
        zip.start_file(name, zip::write::SimpleFileOptions::DEFAULT).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The text a selection covers, read directly in the file's unit; `None` if it is not a
/// whole run of characters inside the text.
fn covered(text: &str, utf16: bool, start: u64, end: u64) -> Option<String> {
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    if utf16 {
        let units: Vec<u16> = text.encode_utf16().collect();
        // A position between the two units of one character names no place in the text,
        // even for an empty selection.
        String::from_utf16(units.get(..start)?).ok()?;
        String::from_utf16(units.get(..end)?).ok()?;
        String::from_utf16(units.get(start..end)?).ok()
    } else {
        let chars: Vec<char> = text.chars().collect();
        Some(chars.get(start..end)?.iter().collect())
    }
}

/// Found by the property below: an empty NVivo selection between the two UTF-16
/// units of an emoji is refused, saying so.
#[test]
fn an_empty_selection_inside_a_surrogate_pair_is_refused() {
    let package = super::read::package(package_of("NVivo for Mac 12.7.0", "\u{1F600}", &[(1, 1)]), 1 << 20).expect("a well-formed package");
    let err = super::import::plan(&Project::new("t"), &package, "2030-01-01T00:00:00Z").expect_err("refused");
    assert!(err.contains("splitting a character"), "{err}");
    assert_eq!(covered("\u{1F600}", true, 1, 1), None);
}

proptest::proptest! {
    /// Whatever the positions, a selection lands on exactly the characters it names in
    /// the file's unit (code points, or NVivo's UTF-16 units), or the import is refused.
    #[test]
    fn selections_land_on_their_characters_or_are_refused(
        text in "[ab é😀🙂\n]{1,30}",
        selections in proptest::collection::vec((0u64..40, 0u64..40), 0..6),
        nvivo in proptest::bool::ANY,
    ) {
        let origin = if nvivo { "NVivo for Mac 12.7.0" } else { "Test" };
        let package = super::read::package(package_of(origin, &text, &selections), 1 << 20).expect("a well-formed package");
        let expected: Option<Vec<String>> = selections.iter().map(|&(s, e)| if s <= e { covered(&text, nvivo, s, e) } else { None }).collect();
        match (super::import::plan(&Project::new("t"), &package, "2030-01-01T00:00:00Z"), expected) {
            (Ok((tx, _)), Some(expected)) => {
                let mut p = Project::new("t");
                tx.apply(&mut p);
                p.check_invariants().expect("invariants");
                let got: Vec<String> = p.annotations.values().map(|a| a.anchor.exact.clone()).collect();
                let expected: Vec<String> = expected.into_iter().filter(|e| !e.is_empty()).collect();
                proptest::prop_assert_eq!(got, expected);
            }
            (Err(e), None) => proptest::prop_assert!(e.contains("outside the text") || e.contains("runs backwards") || e.contains("splitting a character"), "{}", e),
            (got, expected) => proptest::prop_assert!(false, "import {:?} but the file says {:?}", got.map(|(_, r)| r), expected),
        }
    }

    /// Arbitrary bytes as `project.qde` are refused with a message, never a panic.
    #[test]
    fn any_project_qde_is_read_or_refused(qde in "(<[A-Za-z]{1,8}( [a-z]{1,5}=\"[^\"<]{0,8}\")?/?>|</[A-Za-z]{1,8}>|&[a-z#0-9]{0,5};|[^<&]{0,8}){0,12}") {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("project.qde", zip::write::SimpleFileOptions::DEFAULT).expect("entry");
        zip.write_all(qde.as_bytes()).expect("write");
        let bytes = zip.finish().expect("zip").into_inner();
        if let Ok(package) = super::read::package(bytes, 1 << 20) {
            let _ = super::import::plan(&Project::new("t"), &package, "2030-01-01T00:00:00Z");
        }
    }
}

#[test]
fn orphans_stay_home_with_their_links_and_leave_no_dangling_reference() {
    let mut p = sample();
    let t = "2026-01-02T03:04:05Z";
    let (tx, orphan) = ops::add_annotation(&p, SourceId(1), CharRange::new(0, 5), Kind::Claim, t).expect("c");
    tx.apply(&mut p);
    ops::set_locator(&p, orphan, "p. 9", t).expect("locator").apply(&mut p);
    let first = *p.annotations.keys().next().expect("a");
    ops::add_link(&p, orphan, first, Relation::Supports, "gone").expect("link").apply(&mut p);
    p.annotations.get_mut(&orphan).expect("orphan").anchor.status = crate::model::AnchorStatus::Orphan;
    let (xml, _) = super::write::project_qde(&p).expect("export");
    assert!(!xml.contains("p. 9") && !xml.contains("gone"), "the orphan's locator and link stay out");
    let package = super::read::package(super::write::qdpx(&p).expect("zip"), 1 << 20).expect("read");
    let (tx, report) = super::import::plan(&Project::new("t"), &package, t).expect("plan");
    assert!(report.not_mapped.is_empty(), "every reference resolves: {report:?}");
    let mut back = Project::new("t");
    tx.apply(&mut back);
    assert_eq!((back.annotations.len(), back.links.len()), (p.annotations.len() - 1, p.links.len() - 1));
}
