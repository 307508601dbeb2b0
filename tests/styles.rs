//! Every source appears in every bundled style, whatever its type: a source added as a
//! document has no type (or `document`), and some styles print nothing for such an item.
#![allow(clippy::unwrap_used)]

use marginalia::model::{Edit, Metadata, Person, Project, Source, SourceId, Transaction};
use marginalia::store::export::{self, Format, Scope, annotated};

fn untyped_project() -> Project {
    let mut p = Project::new("untyped");
    let metas = [
        // As Add documents leaves them: a guessed title, sometimes an author and a date.
        Metadata { title: "Arrival record, Progreso".into(), issued: "1905-05-15".into(), ..Metadata::default() },
        Metadata { title: "Memorial plate".into(), authors: vec![Person::literal("Korean cultural centre")], ..Metadata::default() },
        Metadata { item_type: "document".into(), title: "Ship's manifest".into(), issued: "1905".into(), ..Metadata::default() },
        Metadata {
            item_type: "document".into(),
            title: "Consular letter".into(),
            authors: vec![Person::new("Ortega", "Ramón")],
            publisher: "Archivo General".into(),
            ..Metadata::default()
        },
        Metadata { item_type: "no-such-type".into(), title: "Odd record".into(), ..Metadata::default() },
        Metadata::default(),
    ];
    let mut tx = Transaction::new("sources");
    for (i, meta) in metas.into_iter().enumerate() {
        let id = SourceId(i as u64 + 1);
        let mut s = Source::record(id, meta);
        s.file = Some(format!("doc{}.txt", i + 1));
        tx.push(Edit::PutSource { id, source: Some(Box::new(s)), text: None });
    }
    tx.apply(&mut p);
    p
}

#[test]
fn every_bundled_style_prints_every_untyped_source() {
    let p = untyped_project();
    let mut checked = 0;
    for style in hayagriva::archive::ArchivedStyle::all() {
        let name = style.names()[0];
        let hayagriva::citationberg::Style::Independent(independent) = style.get() else { continue };
        if independent.bibliography.is_none() {
            continue;
        }
        let list = String::from_utf8(export::export(&p, Format::Bibliography, name, &Scope::All).unwrap()).unwrap();
        assert_eq!(list.lines().count(), p.sources.len(), "{name}:\n{list}");
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} styles have a bibliography");
}

#[test]
fn chicago_notes_annotated_bibliography_holds_every_source() {
    let p = untyped_project();
    let doc = annotated::build(&p, "chicago-notes", &Scope::All).unwrap();
    assert_eq!(doc.entries.len(), p.sources.len());
}

#[test]
fn untitled_sources_get_a_readable_title_marked_guessed() {
    let p = untyped_project();
    let list = String::from_utf8(export::export(&p, Format::Bibliography, "apa", &Scope::All).unwrap()).unwrap();
    assert!(list.contains("Doc6 [title guessed]"), "{list}");
    assert!(!list.contains("doc6.txt"), "{list}");
}

#[test]
fn figures_keep_their_qualifier_and_interval() {
    use marginalia::model::FigureValue;
    use marginalia::model::figures::Qualifier;
    let f = |qualifier, value: Option<f64>, low: Option<f64>, high: Option<f64>| {
        FigureValue { value, low, high, qualifier, unit: Some("migrants".into()), parts: None, corrected: false }.describe()
    };
    assert_eq!(f(Qualifier::MoreThan, Some(1000.0), Some(1000.0), None), "over 1,000 migrants");
    assert_eq!(f(Qualifier::Approximate, Some(1000.0), None, None), "about 1,000 migrants");
    assert_eq!(f(Qualifier::Range, None, Some(1000.0), Some(1100.0)), "1,000–1,100 migrants");
    assert_eq!(f(Qualifier::Exact, Some(1033.0), None, None), "1,033 migrants");
}

#[test]
fn a_suggested_sets_machine_reasoning_is_not_printed_as_the_editors() {
    use marginalia::model::ops::{self, SetFigure};
    use marginalia::model::{CharRange, Verdict};
    let mut p = Project::new("sets");
    let mut s = Source::record(SourceId(1), Metadata { title: "Plate".into(), ..Metadata::default() });
    s.file = Some("plate.txt".into());
    ops::add_source(&p, s, "The plate says 1,019 people arrived.".into()).apply(&mut p);
    let reason = "both mention arrivals within 2 words";
    let figures = [SetFigure::Span(SourceId(1), CharRange::new(15, 20))];
    let (tx, id) = ops::accept_suggestion(&p, "arrivals", Verdict::Unresolved, reason, &figures, "2026-01-01T00:00:00Z").unwrap();
    tx.apply(&mut p);
    assert_eq!((p.sets[&id].rationale.as_str(), p.sets[&id].suggested_because.as_str()), ("", reason));
    let md = String::from_utf8(export::export(&p, Format::Markdown, "apa", &Scope::All).unwrap()).unwrap();
    assert!(md.contains("arrivals") && !md.contains(reason), "{md}");
}
