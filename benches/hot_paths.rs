//! Benchmarks of the hot paths (see BENCHMARKS.md for targets and results).
//! Inputs are generated with fixed seeds; the seed import bench reads
//! `../shared/seeds` when it is there.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::model::search::SearchIndex;
use marginalia::model::{CharRange, Kind, Project, Source, SourceId, anchor, ops};
use marginalia::store::export::{self, Format, Scope};
use marginalia::testing::wrapped_text;
use marginalia::ui::{AppState, MarginaliaApp, UiCommand};

#[path = "common/corpus.rs"]
mod corpus;
use corpus::{Lcg, text};

/// A project with one source of `bytes` and `n` annotations spread over it.
fn project(bytes: usize, n: usize) -> Project {
    let mut p = Project::new("bench");
    ops::add_source(&p, Source::untitled(SourceId(1), "doc.txt"), wrapped_text(bytes, 7)).apply(&mut p);
    let len = p.texts[&SourceId(1)].stored.char_len();
    let mut rng = Lcg(11);
    for i in 0..n {
        let start = (i * (len / n.max(1))) + rng.next(10);
        let end = (start + 5 + rng.next(40)).min(len);
        let (tx, _) =
            ops::add_annotation(&p, SourceId(1), CharRange::new(start.min(end - 1), end), Kind::ALL[i % 5], "t").expect("annotation");
        tx.apply(&mut p);
    }
    p
}

/// One headless frame of the app (run + tessellate).
fn frame(ctx: &egui::Context, app: &mut MarginaliaApp) -> usize {
    let input =
        egui::RawInput { screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0))), ..Default::default() };
    let output = ctx.run_ui(input, |ui| app.frame(ui));
    let shapes = ctx.tessellate(output.shapes, output.pixels_per_point);
    shapes.len()
}

fn app_on(p: Project) -> MarginaliaApp {
    let mut state = AppState::empty();
    // A project folder, so the app shows the reader rather than its welcome screen.
    let dir = std::env::temp_dir().join(format!("marginalia-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let folder = marginalia::store::ProjectFolder::create(&dir, "bench").expect("project folder").folder;
    state.session.saver = Some(marginalia::store::saver::Saver::new(folder));
    state.session.project = p;
    state.view.current = Some(SourceId(1));
    state.native_dialogs = false;
    MarginaliaApp::new(state)
}

fn reader_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("reader_frame");
    group.measurement_time(Duration::from_secs(8));
    for (name, bytes, n) in [("100KB_200_highlights", 100_000, 200), ("10MB_20000_highlights", 10_000_000, 20_000)] {
        let ctx = egui::Context::default();
        let mut app = app_on(project(bytes, n));
        // Scroll to the middle, then let the layout settle before measuring.
        let middle = app.state.session.project.texts[&SourceId(1)].stored.char_len() / 2;
        app.state.run(UiCommand::RevealRange(SourceId(1), CharRange::new(middle, middle + 1)));
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
        group.bench_function(name, |b| b.iter(|| black_box(frame(&ctx, &mut app))));
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let p = project(10_000_000, 0);
    group.bench_function("10MB_source", |b| {
        b.iter_batched(
            || (egui::Context::default(), app_on(p.clone())),
            |(ctx, mut app)| black_box(frame(&ctx, &mut app)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// 1% of the text changed by insertions, deletions and substitutions spread through it.
fn edited(original: &str, seed: u64) -> String {
    let mut chars: Vec<char> = original.chars().collect();
    let mut rng = Lcg(seed);
    let edits = chars.len() / 100 / 8;
    for _ in 0..edits {
        let at = rng.next(chars.len() - 20);
        match rng.next(3) {
            0 => chars.splice(at..at, "inserted".chars()).for_each(drop),
            1 => chars.splice(at..at + 8, std::iter::empty()).for_each(drop),
            _ => chars.splice(at..at + 8, "replaced".chars()).for_each(drop),
        }
    }
    chars.into_iter().collect()
}

fn reanchor(c: &mut Criterion) {
    let mut group = c.benchmark_group("reanchor");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    let p = project(1_000_000, 10_000);
    let changed = marginalia::model::TextIndex::new(edited(p.texts[&SourceId(1)].stored.as_str(), 5));
    let anchors: Vec<&marginalia::model::Anchor> = p.annotations.values().map(|a| &a.anchor).collect();
    group.bench_function("10000_annotations_1MB_1pct_changed", |b| b.iter(|| black_box(anchor::reanchor_all(&anchors, &changed))));
    // The refresh path: the old text is known, positions go through a diff first.
    let old = &p.texts[&SourceId(1)].stored;
    group.bench_function("10000_annotations_1MB_1pct_changed_diff_mapped", |b| {
        b.iter(|| black_box(anchor::reanchor_all_from(&anchors, old, &changed)))
    });
    group.finish();
}

fn load_save(c: &mut Criterion) {
    let mut group = c.benchmark_group("project");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("p");
    let mut p = marginalia::testing::annotated_project(50, 20_000, 100_000);
    let mut folder = marginalia::store::ProjectFolder::create(&root, "bench").expect("create").folder;
    folder.save(&p).expect("save");
    group.bench_function("save_100000_annotations_50_sources", |b| {
        b.iter(|| {
            // A changed title makes every save write.
            p.title.push('x');
            folder.save(&p).expect("save")
        })
    });
    group.bench_function("load_100000_annotations_50_sources", |b| {
        b.iter(|| black_box(marginalia::store::ProjectFolder::open(&root).expect("load").project.annotations.len()))
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut p = Project::new("bench");
    for (s, t) in (1..).zip(corpus::search_corpus()) {
        ops::add_source(&p, Source::untitled(SourceId(s), "doc.txt"), t).apply(&mut p);
    }
    group.bench_function("index_build_100MB", |b| {
        b.iter(|| {
            let mut index = SearchIndex::default();
            index.update(&p);
            black_box(index)
        })
    });
    let mut index = SearchIndex::default();
    index.update(&p);
    let corpus: usize = p.texts.values().map(|t| t.reading.as_str().len()).sum();
    eprintln!(
        "search index: {:.1} MB for a corpus of {:.1} MB ({:.2}x)",
        index.heap_bytes() as f64 / 1e6,
        corpus as f64 / 1e6,
        index.heap_bytes() as f64 / corpus as f64
    );
    // Incremental: one source's text replaced (a refresh), the other 19 kept.
    let changed = text(5_000_000, 99);
    group.bench_function("index_update_one_source_of_20", |b| {
        b.iter_batched(
            || {
                let mut q = p.clone();
                q.texts.insert(SourceId(1), marginalia::model::SourceText::new(changed.clone()));
                q
            },
            |q| index.update(&q),
            criterion::BatchSize::PerIteration,
        )
    });
    index.update(&p);
    let queries = corpus::QUERIES;
    group.bench_function("10_queries_100MB", |b| b.iter(|| queries.iter().map(|q| index.search(q).len()).sum::<usize>()));
    p.title.clear();
    group.finish();
}

fn import_seeds(c: &mut Criterion) {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else { return };
    let files: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
    c.bench_function("import_five_seeds", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| {
                    let doc = marginalia::store::import::read_document(f).expect("seed");
                    marginalia::model::SourceText::new(doc.text).reading.char_len()
                })
                .sum::<usize>()
        })
    });
}

fn bibliography(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut p = Project::new("bench");
    for s in 1..=1000u64 {
        let mut source = Source::untitled(SourceId(s), "doc.txt");
        source.meta.title = format!("Report number {s} on migration");
        source.meta.authors = vec![marginalia::model::Person::new(&format!("Author{s}"), "Ada")];
        source.meta.issued = format!("{}", 1900 + s % 120);
        source.meta.item_type = "report".into();
        ops::add_source(&p, source, wrapped_text(2_000, s)).apply(&mut p);
        for k in 0..10 {
            let (tx, a) = ops::add_annotation(&p, SourceId(s), CharRange::new(k * 100, k * 100 + 20), Kind::ALL[k % 5], "t").expect("a");
            tx.apply(&mut p);
            ops::set_note(&p, a, "A note", "t").expect("note").apply(&mut p);
        }
    }
    group.bench_function("annotated_bibliography_1000_refs_10_annotations", |b| {
        b.iter(|| black_box(export::export(&p, Format::Markdown, "apa", &Scope::All).expect("export").len()))
    });
    group.finish();
}

criterion_group!(benches, reanchor, load_save, search, import_seeds, bibliography, reader_frame, first_frame);
criterion_main!(benches);
