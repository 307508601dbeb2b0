//! Benchmark of merging two copies of a large project (BENCHMARKS.md): 100,000
//! annotations, 1,000 changes on each side (notes, tags, new annotations, deletions,
//! and the same annotations changed on both sides in different fields).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::model::ids::{CounterId, Replica};
use marginalia::model::merge::merge;
use marginalia::model::{AnnotationId, CharRange, Kind, Project, Source, SourceId, ops};

const N: u64 = 100_000;

fn base() -> Project {
    let mut p = Project::new("bench");
    let text: String = (0..2_000).map(|i| format!("Line {i} of the passenger list names 1,0{} people.\n", i % 100)).collect();
    ops::add_source(&p, Source::untitled(SourceId(1), "list.txt"), text).apply(&mut p);
    let (tx, first) = ops::add_annotation(&p, SourceId(1), CharRange::new(0, 20), Kind::Figure, "2026-01-01T00:00:00Z").expect("a");
    tx.apply(&mut p);
    let template = p.annotations[&first].clone();
    for n in 2..=N {
        let mut a = template.clone();
        a.id = AnnotationId(n);
        let start = (n as usize * 37) % 90_000;
        a.anchor.range = CharRange::new(start, start + 20);
        p.annotations.insert(a.id, a);
    }
    p
}

/// 1,000 changes in one copy: 400 notes (or tags), 300 new annotations, 100
/// deletions, 200 edits of annotations the other side also edits (other field).
fn side(base: &Project, tag: u32, offset: u64, notes: bool) -> Project {
    let mut p = base.clone();
    p.replica = Some(Replica::from_bits(tag));
    let now = if notes { "2026-02-01T00:00:00Z" } else { "2026-02-02T00:00:00Z" };
    let ids = (0..400).map(|k| AnnotationId(offset + k * 97 % 40_000)).chain((0..200).map(|k| AnnotationId(90_000 + k)));
    for id in ids {
        let tx = if notes { ops::set_note(&p, id, "checked", now) } else { ops::add_tag(&p, id, "port", now) };
        tx.expect("edit").apply(&mut p);
    }
    for k in 0..300 {
        let start = (k * 53) % 90_000;
        let (tx, _) = ops::add_annotation(&p, SourceId(1), CharRange::new(start, start + 10), Kind::Claim, now).expect("add");
        tx.apply(&mut p);
    }
    for k in 0..100 {
        ops::delete_annotation(&p, AnnotationId(offset + 20_000 + k)).expect("delete").apply(&mut p);
    }
    p
}

fn merging(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let b = base();
    let ours = side(&b, 1, 1, true);
    let theirs = side(&b, 2, 50_001, false);
    let (m, conflicts) = merge(&b, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(m.annotations.len() as u64, N + 600 - 200);
    assert!(m.annotations.keys().filter(|id| id.replica().is_some()).count() == 600);
    group.bench_function("100k annotations, 1,000 changes a side", |bench| {
        bench.iter(|| merge(black_box(&b), black_box(&ours), black_box(&theirs)))
    });
    group.finish();
}

criterion_group!(benches, merging);
criterion_main!(benches);
