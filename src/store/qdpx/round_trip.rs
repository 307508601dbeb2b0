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
