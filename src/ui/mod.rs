//! The desktop app (eframe). `state` holds what the app shows and applies
//! commands; `app` draws the panels; `reader` draws and selects text.

pub mod app;
pub mod reader;
pub mod state;

use std::path::PathBuf;

pub use app::MarginaliaApp;
pub use state::{AppState, UiCommand};

/// Opens the app window, on a project if one is given.
pub fn run(project: Option<PathBuf>) -> Result<(), String> {
    let state = match &project {
        Some(p) => AppState::open(p),
        None => AppState::empty(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 820.0])
            .with_title("Marginalia"),
        ..Default::default()
    };
    eframe::run_native(
        "Marginalia",
        options,
        Box::new(|_cc| Ok(Box::new(MarginaliaApp::new(state)))),
    )
    .map_err(|e| e.to_string())
}
