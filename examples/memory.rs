//! Resident memory with a 10 MB source open and 20,000 highlights, after a few
//! headless frames of the app (the memory row of BENCHMARKS.md).
//! `cargo run --release --example memory`

use marginalia::model::{CharRange, Kind, Project, Source, SourceId, ops};
use marginalia::ui::{AppState, MarginaliaApp, UiCommand};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let before = rss_kib();
    let mut text = String::with_capacity(10_100_000);
    let words = ["the", "migrants", "boarded", "Chemulpo", "1905", "reached", "Progreso", "Mérida", "plate", "records"];
    let mut i = 0usize;
    while text.len() < 10_000_000 {
        text.push_str(words[i % words.len()]);
        text.push(if i % 12 == 11 { '\n' } else { ' ' });
        if i % 96 == 95 {
            text.push('\n');
        }
        i += 1;
    }
    let bytes = text.len();
    let mut p = Project::new("memory");
    ops::add_source(&p, Source::untitled(SourceId(1), "big.txt"), text).apply(&mut p);
    let len = p.texts[&SourceId(1)].stored.char_len();
    for k in 0..20_000usize {
        let start = k * (len / 20_000);
        let (tx, _) = ops::add_annotation(&p, SourceId(1), CharRange::new(start, start + 20), Kind::ALL[k % 5], "t").expect("annotation");
        tx.apply(&mut p);
    }
    let mut state = AppState::empty();
    let dir = std::env::temp_dir().join(format!("marginalia-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let folder = marginalia::store::ProjectFolder::create(&dir, "memory").expect("project folder").folder;
    state.session.saver = Some(marginalia::store::saver::Saver::new(folder));
    state.session.project = p;
    state.view.current = Some(SourceId(1));
    state.native_dialogs = false;
    let mut app = MarginaliaApp::new(state);
    app.state.run(UiCommand::RevealRange(SourceId(1), CharRange::new(len / 2, len / 2 + 1)));
    let ctx = egui::Context::default();
    for _ in 0..5 {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0))),
            ..Default::default()
        };
        let out = ctx.run_ui(input, |ui| app.frame(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    let after = rss_kib();
    let mb = |k: u64| k as f64 / 1024.0;
    println!(
        "text {:.1} MB; resident before {:.1} MB, after {:.1} MB (+{:.1} MB); target 3 x text + 150 MB = {:.1} MB",
        bytes as f64 / 1e6,
        mb(before),
        mb(after),
        mb(after - before),
        3.0 * bytes as f64 / 1048576.0 + 150.0
    );
}
