//! The floor for idle measurements: the smallest eframe app (one label), built with
//! the same eframe features as Marginalia. BENCHMARKS.md compares the app's idle CPU
//! with this one's under the same Xvfb.

fn main() -> eframe::Result {
    eframe::run_ui_native("minimal eframe", eframe::NativeOptions::default(), |ui, _frame| {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Hello");
        });
    })
}
