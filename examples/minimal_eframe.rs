//! The floor for idle and cold-start measurements: the smallest eframe app (one
//! label), built with the same eframe features as Marginalia. BENCHMARKS.md compares
//! the app's idle CPU and cold start with this one's under the same Xvfb. With
//! `MARGINALIA_STARTUP_PROBE=frame` it prints the wall clock (ns since the Unix epoch)
//! once its first frame has been presented and closes, as the app does
//! (`scripts/cold-start.sh`).

fn main() -> eframe::Result {
    let mut probe = std::env::var("MARGINALIA_STARTUP_PROBE").is_ok().then_some(0u8);
    eframe::run_ui_native("minimal eframe", eframe::NativeOptions::default(), move |ui, _frame| {
        if let Some(frames) = probe.as_mut() {
            if *frames == 1 {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
                println!("first-frame-ns {now}");
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            *frames = frames.saturating_add(1);
            ui.ctx().request_repaint();
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Hello");
        });
    })
}
