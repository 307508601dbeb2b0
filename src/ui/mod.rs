//! The desktop app (eframe). `state` holds what the app shows and applies
//! commands (no egui); `app` draws the frame and menus; `panels`, `reader` and
//! `windows` draw the parts; `saver` saves off the UI thread.

pub mod app;
pub mod commands;
pub mod conflicts;
pub mod export_view;
pub mod fonts;
pub mod frame_probe;
pub mod merge_view;
pub mod panels;
pub mod reader;

pub mod search_view;
pub mod state;
pub mod theme;
pub mod windows;
pub mod zotero;

use std::path::PathBuf;

pub use app::{MarginaliaApp, Prefs};
pub use commands::Action;
pub use state::{AppState, UiCommand};

/// Opens the app window: on `project` if given, else on the last project.
pub fn run(project: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1280.0, 820.0]).with_title("Marginalia").with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Marginalia",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, app::PREFS_KEY)).unwrap_or_default();
            let target = project.or_else(|| prefs.last_project.clone().filter(|p| p.join("project.ron").exists()));
            let mut state = match target {
                // Opened in the background: the window paints at once and shows progress.
                Some(p) => AppState::opening(&p),
                None => AppState::empty(),
            };
            // Merge remembered recent projects after the one just opened.
            for p in prefs.recent {
                if !state.recent.contains(&p) && state.recent.len() < 8 {
                    state.recent.push(p);
                }
            }
            state.dark = !prefs.light;
            state.reading_font = prefs.reading_font;
            if prefs.reading_size > 0.0 {
                state.reading_size = prefs.reading_size.clamp(state::READING_SIZES.0, state::READING_SIZES.2);
            }
            Ok(Box::new(MarginaliaApp::new(state)))
        }),
    )
    .map_err(|e| e.to_string())
}
