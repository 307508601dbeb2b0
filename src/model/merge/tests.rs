#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::*;
use crate::model::ids::{CounterId, Replica};
use crate::model::{CharRange, History, Kind, Relation, Source, SourceId, ops};

const TEXT: &str = "In 1905 the ship carried 1,033 people. Another list says 1,014. A third gives 1,019 passengers.";

/// A project with one source, three annotations, a link a1→a2 and a set {a1, a2}.
fn base() -> Project {
    let mut p = Project::new("Voyage");
    ops::add_source(&p, Source::untitled(SourceId(1), "v.txt"), TEXT.into()).apply(&mut p);
    for (start, end) in [(25, 30), (57, 62), (74, 79)] {
        let (tx, _) = ops::add_annotation(&p, SourceId(1), CharRange::new(start, end), Kind::Figure, "2026-01-01T00:00:00Z").unwrap();
        tx.apply(&mut p);
    }
    ops::add_link(&p, a(1), a(2), Relation::Contradicts, "").unwrap().apply(&mut p);
    let (tx, _) = ops::create_set(&p, "passengers", &[a(1), a(2)]).unwrap();
    tx.apply(&mut p);
    p
}

fn title(_: &Project, t: &str) -> crate::model::Transaction {
    crate::model::Transaction::new("title").with(crate::model::Edit::SetTitle(t.into()))
}

fn a(n: u64) -> AnnotationId {
    AnnotationId(n)
}

fn edited(p: &Project, change: impl FnOnce(&Project) -> crate::model::Transaction) -> Project {
    let mut q = p.clone();
    change(p).apply(&mut q);
    q
}

/// Merges both ways; checks symmetry and invariants; returns ours-first.
fn merge_both_ways(b: &Project, o: &Project, t: &Project) -> (Project, Vec<MergeConflict>) {
    let (m1, c1) = merge(b, o, t);
    let (m2, c2) = merge(b, t, o);
    m1.check_invariants().unwrap();
    let strip = |p: &Project| Project { merge_conflicts: Vec::new(), replica: None, ..p.clone() };
    assert_eq!(strip(&m1), strip(&m2), "the merge does not depend on which side is ours");
    let mut swapped: Vec<MergeConflict> = c2.iter().map(MergeConflict::swapped).collect();
    swapped.sort_by_cached_key(MergeConflict::sort_key);
    assert_eq!(c1, swapped);
    (m1, c1)
}

#[test]
fn one_sided_changes_are_taken() {
    let b = base();
    let o = edited(&b, |p| ops::set_note(p, a(1), "checked against the manifest", "2026-02-01T00:00:00Z").unwrap());
    let t = edited(&b, |p| ops::add_tag(p, a(2), "manifest", "2026-02-02T00:00:00Z").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(m.annotations[&a(1)].note, "checked against the manifest");
    assert_eq!(m.annotations[&a(2)].tags, ["manifest"]);
    assert!(m.tags.contains_key("manifest"));
    assert_eq!(merge(&b, &b, &t).0, t);
    assert_eq!(merge(&b, &o, &b).0, o);
}

#[test]
fn a_tag_on_one_side_and_a_note_on_the_other_merge_cleanly() {
    let b = base();
    let o = edited(&b, |p| ops::add_tag(p, a(1), "boarding", "2026-02-01T00:00:00Z").unwrap());
    let t = edited(&b, |p| ops::set_note(p, a(1), "port records", "2026-02-03T00:00:00Z").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    let x = &m.annotations[&a(1)];
    assert_eq!(
        (x.tags.as_slice(), x.note.as_str(), x.modified.as_str()),
        (["boarding".to_string()].as_slice(), "port records", "2026-02-03T00:00:00Z")
    );
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let b = base();
    let change = |p: &Project| {
        let mut q = edited(p, |p| ops::add_tag(p, a(3), "census", "2026-02-01T00:00:00Z").unwrap());
        ops::set_note(&q, a(3), "same words", "2026-02-01T00:00:00Z").unwrap().apply(&mut q);
        q
    };
    let (o, t) = (change(&b), change(&b));
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty());
    assert_eq!(m, o);
}

#[test]
fn deleting_on_one_side_and_editing_on_the_other_keeps_the_edit_and_reports_it() {
    let b = base();
    let o = edited(&b, |p| ops::delete_annotation(p, a(3)).unwrap());
    let t = edited(&b, |p| ops::set_note(p, a(3), "keep this", "2026-02-01T00:00:00Z").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert_eq!(m.annotations[&a(3)].note, "keep this");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!((conflicts[0].kind, conflicts[0].deleted_by()), (ConflictKind::Deleted, Some(Side::Ours)));
    assert_eq!(m.merge_conflicts, conflicts, "recorded in the project");
    // Taking ours (the deletion) deletes it, as one undoable step.
    let mut p = m.clone();
    let mut h = History::new();
    h.apply(&mut p, resolve(&m, 0, Choice::Ours, "t").unwrap());
    assert!(!p.annotations.contains_key(&a(3)) && p.merge_conflicts.is_empty());
    h.undo(&mut p);
    assert_eq!(p, m);
}

#[test]
fn two_edits_of_one_field_are_a_conflict_keeping_both_values() {
    let b = base();
    let o = edited(&b, |p| ops::set_note(p, a(1), "boarded at Salina Cruz", "2026-02-01T00:00:00Z").unwrap());
    let t = edited(&b, |p| ops::set_note(p, a(1), "arrived at Progreso", "2026-02-02T00:00:00Z").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!((c.entity.clone(), c.field.as_str(), c.kind), (EntityRef::Annotation(a(1)), "note", ConflictKind::Edited));
    assert_eq!((c.ours.clone(), c.theirs.clone()), (Some(json!("boarded at Salina Cruz")), Some(json!("arrived at Progreso"))));
    assert_eq!(m.annotations[&a(1)].note, "", "the field keeps its base value meanwhile");
    assert_eq!(m.annotations[&a(1)].modified, "2026-02-02T00:00:00Z");
    for (choice, note) in [
        (Choice::Ours, "boarded at Salina Cruz"),
        (Choice::Theirs, "arrived at Progreso"),
        (Choice::Both, "boarded at Salina Cruz\n\narrived at Progreso"),
    ] {
        let mut p = m.clone();
        resolve(&m, 0, choice, "t").unwrap().apply(&mut p);
        assert_eq!(p.annotations[&a(1)].note, note);
        assert!(p.merge_conflicts.is_empty());
    }
}

#[test]
fn a_kind_conflict_cannot_take_both() {
    let b = base();
    let o = edited(&b, |p| ops::set_kind(p, a(1), Kind::Claim, "t1").unwrap());
    let t = edited(&b, |p| ops::set_kind(p, a(1), Kind::Quote, "t2").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert_eq!(conflicts[0].field, "kind");
    assert!(matches!(resolve(&m, 0, Choice::Both, "t"), Err(ResolveError::BothNotPossible(_))));
    let mut p = m.clone();
    resolve(&m, 0, Choice::Theirs, "t").unwrap().apply(&mut p);
    assert_eq!(p.annotations[&a(1)].kind, Kind::Quote);
}

#[test]
fn a_link_to_an_annotation_the_other_side_deleted_brings_it_back() {
    let b = base();
    let o = edited(&b, |p| ops::delete_annotation(p, a(3)).unwrap());
    let t = edited(&b, |p| ops::add_link(p, a(2), a(3), Relation::Supports, "").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(m.annotations.contains_key(&a(3)), "not left dangling");
    assert_eq!(m.links.len(), 2);
    assert_eq!(
        conflicts.iter().map(|c| (c.kind, c.entity.clone())).collect::<Vec<_>>(),
        [(ConflictKind::Dangling, EntityRef::Annotation(a(3)))]
    );
    // Taking the deletion takes the new link with it.
    let mut p = m.clone();
    resolve(&m, 0, Choice::Ours, "t").unwrap().apply(&mut p);
    p.check_invariants().unwrap();
    assert_eq!(p.links.len(), 1);
}

#[test]
fn a_set_member_deleted_on_one_side_comes_back_when_the_other_adds_it() {
    let b = base();
    let o = edited(&b, |p| ops::delete_annotation(p, a(3)).unwrap());
    let t = edited(&b, |p| ops::add_member(p, crate::model::SetId(1), a(3)).unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(m.annotations.contains_key(&a(3)));
    assert!(m.sets[&crate::model::SetId(1)].contains(a(3)));
    assert!(conflicts.iter().any(|c| c.kind == ConflictKind::Dangling));
}

#[test]
fn a_tag_removed_from_the_codebook_comes_back_when_the_other_side_uses_it() {
    let mut b = base();
    ops::create_tag(&b, "port", None).unwrap().apply(&mut b);
    let o = edited(&b, |p| ops::delete_tag(p, "port", "t1").unwrap());
    let t = edited(&b, |p| ops::add_tag(p, a(1), "port", "t2").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(m.tags.contains_key("port"));
    assert_eq!(conflicts[0].entity, EntityRef::Tag("port".into()));
}

#[test]
fn annotations_made_in_two_tagged_copies_all_arrive() {
    let b = base();
    let copy = |bits: u32, quote: (usize, usize)| {
        let mut p = b.clone();
        p.replica = Some(Replica::from_bits(bits));
        for _ in 0..3 {
            let (tx, _) = ops::add_annotation(&p, SourceId(1), CharRange::new(quote.0, quote.1), Kind::Claim, "t").unwrap();
            tx.apply(&mut p);
        }
        p
    };
    let (o, t) = (copy(7, (0, 7)), copy(9, (8, 12)));
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty());
    assert_eq!(m.annotations.len(), 3 + 3 + 3);
    assert!(m.annotations.keys().filter(|id| id.replica().is_some()).count() == 6);
}

#[test]
fn the_same_id_made_differently_in_two_untagged_copies_is_reported() {
    let b = base();
    let add = |range: CharRange| edited(&b, |p| ops::add_annotation(p, SourceId(1), range, Kind::Claim, "t").unwrap().0);
    let (o, t) = (add(CharRange::new(0, 7)), add(CharRange::new(8, 12)));
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert_eq!((conflicts.len(), conflicts[0].kind), (1, ConflictKind::Added));
    assert!(m.annotations.contains_key(&a(4)));
    let mut p = m.clone();
    resolve(&m, 0, Choice::Theirs, "t").unwrap().apply(&mut p);
    assert_eq!(p.annotations[&a(4)], t.annotations[&a(4)]);
}

#[test]
fn metadata_merges_field_by_field() {
    let b = base();
    let meta = |f: fn(&mut crate::model::Metadata)| {
        move |p: &Project| {
            let mut m = p.sources[&SourceId(1)].meta.clone();
            f(&mut m);
            ops::set_metadata(p, SourceId(1), m).unwrap()
        }
    };
    let o = edited(&b, meta(|m| m.title = "Ship's list".into()));
    let t = edited(&b, meta(|m| m.publisher = "Port office".into()));
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty());
    assert_eq!(
        (m.sources[&SourceId(1)].meta.title.as_str(), m.sources[&SourceId(1)].meta.publisher.as_str()),
        ("Ship's list", "Port office")
    );
    let t2 = edited(&b, meta(|m| m.title = "Passenger list".into()));
    let (_, conflicts) = merge_both_ways(&b, &o, &t2);
    assert_eq!((conflicts.len(), conflicts[0].field.as_str()), (1, "meta/title"));
}

#[test]
fn conflict_sets_merge_verdicts_members_and_roles() {
    let b = base();
    let s = crate::model::SetId(1);
    let o = edited(&b, |p| ops::set_verdict(p, s, crate::model::Verdict::Explained).unwrap());
    let t = {
        let mut q = b.clone();
        ops::add_member(&b, s, a(3)).unwrap().apply(&mut q);
        ops::set_set_text(&q, s, ops::SetText::Role(a(3)), "arrived").unwrap().apply(&mut q);
        q
    };
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    let set = &m.sets[&s];
    assert_eq!(set.verdict, crate::model::Verdict::Explained);
    assert_eq!(
        set.members.iter().map(|m| (m.annotation, m.role.as_str())).collect::<Vec<_>>(),
        [(a(1), ""), (a(2), ""), (a(3), "arrived")]
    );
    // Two roles for one member: a conflict on that member's role.
    let o2 = edited(&b, |p| ops::set_set_text(p, s, ops::SetText::Role(a(1)), "boarded").unwrap());
    let t2 = edited(&b, |p| ops::set_set_text(p, s, ops::SetText::Role(a(1)), "landed").unwrap());
    let (m, conflicts) = merge_both_ways(&b, &o2, &t2);
    assert_eq!(conflicts[0].field, "members/a1/role");
    let mut p = m.clone();
    resolve(&m, 0, Choice::Theirs, "t").unwrap().apply(&mut p);
    assert_eq!(p.sets[&s].members[0].role, "landed");
}

#[test]
fn recorded_conflicts_resolved_on_one_side_stay_resolved() {
    let b = base();
    let o = edited(&b, |p| title(p, "Ours"));
    let t = edited(&b, |p| title(p, "Theirs"));
    let (m, conflicts) = merge_both_ways(&b, &o, &t);
    assert_eq!((conflicts.len(), m.title.as_str()), (1, "Voyage"));
    // One copy resolves; the other did something else meanwhile; merging keeps it resolved.
    let mut resolved = m.clone();
    resolve(&m, 0, Choice::Theirs, "t").unwrap().apply(&mut resolved);
    let other = edited(&m, |p| ops::set_note(p, a(2), "later", "t9").unwrap());
    let (again, new) = merge_both_ways(&m, &resolved, &other);
    assert!(new.is_empty() && again.merge_conflicts.is_empty());
    assert_eq!((again.title.as_str(), again.annotations[&a(2)].note.as_str()), ("Theirs", "later"));
}
