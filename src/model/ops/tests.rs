use super::*;
use crate::model::annotation::{Kind, Relation};
use crate::model::conflicts::FigureValue;
use crate::model::offsets::CharRange;

fn project() -> (Project, AnnotationId, AnnotationId) {
    let mut p = crate::testing::project_with_files(&[("a.txt", "abc def ghi jkl")]);
    let (tx, a) = add_annotation(&p, SourceId(1), CharRange::new(0, 3), Kind::Claim, "t0").expect("a");
    tx.apply(&mut p);
    let (tx, b) = add_annotation(&p, SourceId(1), CharRange::new(4, 7), Kind::Quote, "t0").expect("b");
    tx.apply(&mut p);
    (p, a, b)
}

#[test]
fn figure_and_preferred_values_must_be_finite() {
    // Found by fuzzing the project file: `NaN` and `inf` parse as numbers, and a
    // NaN never equals itself, so such a value could be typed and saved.
    let (mut p, a, _) = project();
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(matches!(set_figure(&p, a, Some(FigureValue::exact(bad, None)), "t"), Err(OpError::NotFinite)));
    }
    let (tx, set) = create_set(&p, "arrivals", &[a]).expect("set");
    tx.apply(&mut p);
    assert!(matches!(set_preferred(&p, set, Some(f64::INFINITY)), Err(OpError::NotFinite)));
    set_preferred(&p, set, Some(1014.0)).expect("a finite value").apply(&mut p);
    set_figure(&p, a, Some(FigureValue::exact(1019.0, None)), "t").expect("a finite value").apply(&mut p);
    p.check_invariants().expect("invariants");
    p.sets.get_mut(&set).expect("set").preferred = Some(f64::NAN);
    assert!(p.check_invariants().unwrap_err().contains("not a finite number"));
}

#[test]
fn tag_rename_merge_and_delete_reach_every_annotation() {
    let (mut p, a, b) = project();
    add_tag(&p, a, "migration", "t1").expect("tag").apply(&mut p);
    add_tag(&p, b, "labour", "t1").expect("tag").apply(&mut p);
    assert!(p.tags.contains_key("migration"));
    rename_tag(&p, "migration", "emigration", "t2").expect("rename").apply(&mut p);
    assert_eq!(p.annotations[&a].tags, vec!["emigration"]);
    merge_tags(&p, "labour", "emigration", "t3").expect("merge").apply(&mut p);
    assert_eq!(p.annotations[&b].tags, vec!["emigration"]);
    assert!(!p.tags.contains_key("labour"));
    let before = p.clone();
    let undo = delete_tag(&p, "emigration", "t4").expect("delete").apply(&mut p);
    assert!(p.annotations.values().all(|x| x.tags.is_empty()));
    p.check_invariants().expect("invariants");
    undo.apply(&mut p);
    assert_eq!(p, before);
}

#[test]
fn bad_requests_are_errors() {
    let (p, a, _) = project();
    assert_eq!(add_link(&p, a, a, Relation::SameAs, ""), Err(OpError::SelfLink));
    assert!(matches!(add_annotation(&p, SourceId(1), CharRange::new(5, 99), Kind::Claim, ""), Err(OpError::BadRange { .. })));
    assert!(matches!(add_annotation(&p, SourceId(9), CharRange::new(0, 1), Kind::Claim, ""), Err(OpError::UnknownSource(_))));
    assert_eq!(create_tag(&p, "  ", None), Err(OpError::EmptyTagName));
}

#[test]
fn replacing_text_reanchors_and_keeps_orphans() {
    let (mut p, a, b) = project();
    replace_text(&p, SourceId(1), "xx abc yy zz".into()).expect("refresh").apply(&mut p);
    assert_eq!(p.annotations[&a].anchor.status, AnchorStatus::Moved);
    assert_eq!(p.annotations[&b].anchor.status, AnchorStatus::Orphan);
    assert_eq!(p.annotations.len(), 2);
}

#[test]
fn annotate_with_tags_note_and_locator_is_one_undo_step() {
    let mut p = crate::testing::project_with_files(&[("a.txt", "1,033 boarded; 1,014 arrived.")]);
    let before = p.clone();
    let tags = vec!["departures".to_string(), "ship".to_string(), "departures".to_string()];
    let spec = AnnotateSpec { kind: Kind::Figure, tags: &tags, note: Some("at Chemulpo"), locator: Some("p. 3") };
    let (tx, id) = annotate(&p, SourceId(1), CharRange::new(0, 5), &spec, "t").expect("annotate");
    let undo = tx.apply(&mut p);
    let a = &p.annotations[&id];
    assert_eq!((a.kind, a.note.as_str(), a.locator.as_str()), (Kind::Figure, "at Chemulpo", "p. 3"));
    assert_eq!(a.tags.len(), 2, "a tag named twice is one tag");
    assert!(p.tags.contains_key("departures") && p.tags.contains_key("ship"));
    assert_ne!(p.tags["departures"].colour, p.tags["ship"].colour, "new tags get different colours");
    undo.apply(&mut p);
    assert_eq!(p, before, "one undo removes the annotation and the tags it brought");
    let blank = vec![" ".to_string()];
    let spec = AnnotateSpec { kind: Kind::Claim, tags: &blank, ..AnnotateSpec::default() };
    assert!(matches!(annotate(&p, SourceId(1), CharRange::new(0, 5), &spec, "t"), Err(OpError::EmptyTagName)));
}
