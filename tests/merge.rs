//! Properties of the three-way merge, over random edits made in two copies of a
//! random project: an unchanged side gives the other side, the merge does not depend
//! on which side is ours, the result keeps the project's invariants and saves and
//! loads byte-identically, and every recorded conflict can be resolved.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use marginalia::model::ids::Replica;
use marginalia::model::merge::{Choice, MergeConflict, merge, resolve};
use marginalia::model::{CharRange, Edit, Kind, Project, Relation, SetId, Source, SourceId, Transaction, Verdict, ops};
use marginalia::store::folder::{parse_project, serialize_project};
use proptest::prelude::*;

const TEXT: &str = "The ship carried 1,033 people in 1905. The port list says 1,014 landed; a census counts 1,019 later on.";
const WORDS: [&str; 4] = ["boarded", "landed", "see the manifest", ""];
const TAGS: [&str; 3] = ["port", "census", "ship"];

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize, usize),
    Note(usize, usize),
    Tag(usize, usize),
    Untag(usize, usize),
    Kind(usize, usize),
    Delete(usize),
    Link(usize, usize, usize),
    Unlink(usize),
    Set(usize, usize),
    Verdict(usize, usize),
    Role(usize, usize, usize),
    Title(usize),
    MetaTitle(usize),
    DeleteTag(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..90usize, 1..12usize, 0..5usize).prop_map(|(s, l, k)| Op::Add(s, l, k)),
        2 => (any::<usize>(), 0..4usize).prop_map(|(a, w)| Op::Note(a, w)),
        2 => (any::<usize>(), 0..3usize).prop_map(|(a, t)| Op::Tag(a, t)),
        1 => (any::<usize>(), 0..3usize).prop_map(|(a, t)| Op::Untag(a, t)),
        1 => (any::<usize>(), 0..5usize).prop_map(|(a, k)| Op::Kind(a, k)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => (any::<usize>(), any::<usize>(), 0..4usize).prop_map(|(a, b, r)| Op::Link(a, b, r)),
        1 => any::<usize>().prop_map(Op::Unlink),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Set(a, b)),
        1 => (any::<usize>(), 0..4usize).prop_map(|(s, v)| Op::Verdict(s, v)),
        1 => (any::<usize>(), any::<usize>(), 0..4usize).prop_map(|(s, m, w)| Op::Role(s, m, w)),
        1 => (0..4usize).prop_map(Op::Title),
        1 => (0..4usize).prop_map(Op::MetaTitle),
        1 => (0..3usize).prop_map(Op::DeleteTag),
    ]
}

fn pick<T: Copy>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()])
}

/// Applies an op if it makes sense for the project (ops refuse the rest).
fn apply(p: &mut Project, op: &Op, now: &str) {
    let ids: Vec<_> = p.annotations.keys().copied().collect();
    let links: Vec<_> = p.links.keys().copied().collect();
    let sets: Vec<SetId> = p.sets.keys().copied().collect();
    let tx: Option<Transaction> = match *op {
        Op::Add(s, l, k) => ops::add_annotation(p, SourceId(1), CharRange::new(s, s + l), Kind::ALL[k], now).ok().map(|(tx, _)| tx),
        Op::Note(a, w) => pick(&ids, a).and_then(|a| ops::set_note(p, a, WORDS[w], now).ok()),
        Op::Tag(a, t) => pick(&ids, a).and_then(|a| ops::add_tag(p, a, TAGS[t], now).ok()),
        Op::Untag(a, t) => pick(&ids, a).and_then(|a| ops::remove_tag(p, a, TAGS[t], now).ok()),
        Op::Kind(a, k) => pick(&ids, a).and_then(|a| ops::set_kind(p, a, Kind::ALL[k], now).ok()),
        Op::Delete(a) => pick(&ids, a).and_then(|a| ops::delete_annotation(p, a).ok()),
        Op::Link(a, b, r) => match (pick(&ids, a), pick(&ids, b)) {
            (Some(a), Some(b)) => ops::add_link(p, a, b, Relation::ALL[r], "").ok(),
            _ => None,
        },
        Op::Unlink(l) => pick(&links, l).and_then(|l| ops::delete_link(p, l).ok()),
        Op::Set(a, b) => match (pick(&ids, a), pick(&ids, b)) {
            (Some(a), Some(b)) if a != b => ops::create_set(p, "arrivals", &[a, b]).ok().map(|(tx, _)| tx),
            _ => None,
        },
        Op::Verdict(s, v) => pick(&sets, s).and_then(|s| ops::set_verdict(p, s, Verdict::ALL[v]).ok()),
        Op::Role(s, m, w) => pick(&sets, s).and_then(|s| {
            let members: Vec<_> = p.sets[&s].members.iter().map(|m| m.annotation).collect();
            pick(&members, m).and_then(|a| ops::set_set_text(p, s, ops::SetText::Role(a), WORDS[w]).ok())
        }),
        Op::Title(w) => Some(Transaction::new("title").with(Edit::SetTitle(WORDS[w].to_string()))),
        Op::MetaTitle(w) => {
            let mut meta = p.sources[&SourceId(1)].meta.clone();
            meta.title = WORDS[w].to_string();
            ops::set_metadata(p, SourceId(1), meta).ok()
        }
        Op::DeleteTag(t) => ops::delete_tag(p, TAGS[t], now).ok(),
    };
    if let Some(tx) = tx {
        tx.apply(p);
    }
}

fn project(ops: &[Op], replica: Option<Replica>, now: &str, from: Option<&Project>) -> Project {
    let mut p = from.cloned().unwrap_or_else(|| {
        let mut p = Project::new("Arrivals");
        ops::add_source(&p, Source::untitled(SourceId(1), "a.txt"), TEXT.into()).apply(&mut p);
        p
    });
    p.replica = replica;
    for op in ops {
        apply(&mut p, op, now);
    }
    p
}

fn without_copy_state(p: &Project) -> Project {
    Project { replica: None, ..p.clone() }
}

fn sorted(mut list: Vec<MergeConflict>) -> Vec<String> {
    let mut out: Vec<String> = list.drain(..).map(|c| format!("{c:?}")).collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn merges_are_faithful_symmetric_valid_and_round_trip(
        base_ops in proptest::collection::vec(op(), 0..12),
        our_ops in proptest::collection::vec(op(), 0..10),
        their_ops in proptest::collection::vec(op(), 0..10),
        tagged in any::<bool>(),
    ) {
        let base = project(&base_ops, None, "2026-01-01T00:00:00Z", None);
        let tags = if tagged { (Some(Replica::from_bits(11)), Some(Replica::from_bits(22))) } else { (None, None) };
        let ours = project(&our_ops, tags.0, "2026-02-01T00:00:00Z", Some(&base));
        let theirs = project(&their_ops, tags.1, "2026-02-02T00:00:00Z", Some(&base));

        // An unchanged side gives the other side.
        prop_assert_eq!(without_copy_state(&merge(&base, &base, &theirs).0), without_copy_state(&theirs));
        prop_assert_eq!(without_copy_state(&merge(&base, &ours, &base).0), without_copy_state(&ours));
        prop_assert!(merge(&base, &base, &theirs).1.is_empty());

        // Symmetric: the same project, each conflict seen from the other side.
        let (m, found) = merge(&base, &ours, &theirs);
        let (m2, found2) = merge(&base, &theirs, &ours);
        let strip = |p: &Project| Project { merge_conflicts: Vec::new(), replica: None, ..p.clone() };
        prop_assert_eq!(strip(&m), strip(&m2));
        prop_assert_eq!(sorted(found), sorted(found2.iter().map(MergeConflict::swapped).collect()));
        if tagged {
            let same_id = |c: &&MergeConflict| c.kind == marginalia::model::merge::ConflictKind::Added;
            prop_assert!(m.merge_conflicts.iter().find(same_id).is_none(), "tagged copies never make one id twice");
        }

        // Invariants, and the file saves and loads byte-identically.
        m.check_invariants().map_err(TestCaseError::fail)?;
        let text = serialize_project(&m).unwrap();
        let loaded = parse_project(Path::new("project.ron"), text.clone()).unwrap();
        prop_assert_eq!(serialize_project(&loaded).unwrap(), text);
        prop_assert_eq!(Project { texts: Default::default(), replica: None, ..m.clone() }, loaded);

        // Every recorded conflict can be resolved, each as one step keeping the invariants.
        let mut p = m.clone();
        let mut turn = 0;
        while !p.merge_conflicts.is_empty() {
            let choice = [Choice::Ours, Choice::Theirs, Choice::Both][turn % 3];
            turn += 1;
            let tx = resolve(&p, 0, choice, "2026-03-01T00:00:00Z").or_else(|_| resolve(&p, 0, Choice::Ours, "2026-03-01T00:00:00Z"));
            let tx = tx.map_err(|e| TestCaseError::fail(format!("{e}: {:?}", p.merge_conflicts[0])))?;
            tx.apply(&mut p);
            p.check_invariants().map_err(TestCaseError::fail)?;
        }
    }
}
