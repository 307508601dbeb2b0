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
        let id = SourceId(i as u32 + 1);
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
