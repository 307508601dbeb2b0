//! The eframe app: panels read [`AppState`] and send [`UiCommand`]s, applied after
//! the frame is drawn.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::commands::Action;
use super::panels::{self, PanelInputs};
use super::reader::{self, ReaderState};
use super::state::{AppState, ContentKey, PathQuestion, UiCommand};
use super::windows::{self, CloseChoice};
use crate::model::{AnchorStatus, Kind};

/// Preferences kept across runs by eframe (never project data).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub light: bool,
    pub last_project: Option<PathBuf>,
    pub reading_font: crate::ui::state::ReadingFont,
    /// The reader's text size in points; 0 (an older preferences file) means the default.
    pub reading_size: f32,
}

pub const PREFS_KEY: &str = "marginalia.prefs";

/// The narrowest the reading column may get before the sources list folds away (points).
pub const MIN_READER_WIDTH: f32 = 420.0;

/// A heading of the outline: title, level, stored range.
pub type OutlineEntry = (String, u8, crate::model::CharRange);

/// A native file dialog running on its own thread.
enum Dialog {
    Idle,
    Pending {
        result: Receiver<Option<Vec<PathBuf>>>,
        started: Instant,
    },
    /// No native dialog could be shown: the typed-path prompt is used.
    Typed,
}

/// The status bar's "N annotations, k orphaned, …" and the annotations per source,
/// with the project content they were counted from.
struct Counts {
    key: ContentKey,
    summary: String,
    /// The sources list's rows (titles, bylines, annotation counts).
    source_rows: Vec<panels::SourceRow>,
}

/// The counts of the project as it is, recounted only when it changed (not every frame).
fn counts<'c>(cache: &'c mut Option<Counts>, state: &mut AppState) -> &'c Counts {
    let key = state.content_key();
    if cache.as_ref().is_some_and(|c| c.key != key) {
        *cache = None;
    }
    cache.get_or_insert_with(|| count(state, key))
}

/// From the annotation index (one pass over the annotations, shared with the lists).
fn count(state: &mut AppState, key: ContentKey) -> Counts {
    let index = state.annotation_index();
    let project = &state.session.project;
    let by_status = index.by_status();
    let count = |s: AnchorStatus| by_status.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
    let mut summary = super::state::count_of(project.annotations.len(), "annotation", "annotations");
    for (s, word) in [(AnchorStatus::Orphan, "orphaned"), (AnchorStatus::Fuzzy, "fuzzy"), (AnchorStatus::Moved, "moved")] {
        let n = count(s);
        if n > 0 {
            summary.push_str(&format!(", {n} {word}"));
        }
    }
    let source_rows = panels::source_rows(project, &index.per_source());
    Counts { key, summary, source_rows }
}

/// The desktop app.
pub struct MarginaliaApp {
    pub state: AppState,
    panel_inputs: PanelInputs,
    reader: ReaderState,
    conflicts: super::conflicts::ConflictsView,
    export_view: super::export_view::ExportView,
    search: super::search_view::SearchView,
    /// The outline of the open source: (text address, headings as title, level, stored range).
    outline: Option<(u64, Vec<OutlineEntry>)>,
    /// The status bar's summary and the annotations per source.
    counts: Option<Counts>,
    dialog: Dialog,
    asking_close: bool,
    allow_close: bool,
    applied_dark: Option<bool>,
    /// The window title last sent to the window system.
    shown_title: Option<String>,
    /// `MARGINALIA_STARTUP_PROBE` (scripts/cold-start.sh), read once.
    probe: StartupProbe,
    /// `MARGINALIA_FRAME_PROBE` (scripts/frame-times.sh), read once.
    frame_probe: Option<super::frame_probe::FrameProbe>,
}

/// Measuring cold start (`scripts/cold-start.sh`): with `MARGINALIA_STARTUP_PROBE=frame`
/// the app prints the wall clock (nanoseconds since the Unix epoch) once its first
/// frame has been presented — taken as the next frame starts — and closes; with
/// `=project`, once a frame showing the opened project (the open job done) has been.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum StartupProbe {
    #[default]
    Off,
    /// Waiting for the first frame, or for a frame with the project.
    Waiting {
        project: bool,
    },
    /// That frame is being painted: report as the next one starts.
    Painted,
    Done,
}

impl StartupProbe {
    fn from_env() -> Self {
        match std::env::var("MARGINALIA_STARTUP_PROBE").as_deref() {
            Ok("frame") => Self::Waiting { project: false },
            Ok("project") => Self::Waiting { project: true },
            _ => Self::Off,
        }
    }

    /// Called at the start of every frame.
    fn tick(&mut self, ctx: &egui::Context, state: &AppState) {
        match *self {
            Self::Off | Self::Done => {}
            Self::Painted => {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
                println!("first-frame-ns {now}");
                *self = Self::Done;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Self::Waiting { project } => {
                if !project || (state.project_path().is_some() && state.background_status().is_none()) {
                    *self = Self::Painted;
                }
                ctx.request_repaint();
            }
        }
    }
}

impl MarginaliaApp {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            panel_inputs: PanelInputs::default(),
            reader: ReaderState::default(),
            conflicts: super::conflicts::ConflictsView::default(),
            export_view: super::export_view::ExportView::default(),
            search: super::search_view::SearchView::default(),
            outline: None,
            counts: None,
            dialog: Dialog::Idle,
            asking_close: false,
            allow_close: false,
            applied_dark: None,
            shown_title: None,
            probe: StartupProbe::from_env(),
            frame_probe: super::frame_probe::FrameProbe::from_env(),
        }
    }

    /// Draws one frame into `ui` and applies the commands it produced.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Only when it changes: every viewport command asks egui for another frame, so
        // sending the title each frame kept the app repainting (a full core) while idle.
        let title = window_title(&self.state);
        if self.shown_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
        if self.applied_dark != Some(self.state.dark) {
            ctx.set_visuals(if self.state.dark { super::theme::dark() } else { super::theme::light() });
            self.applied_dark = Some(self.state.dark);
        }
        if let Some(wait) = self.state.tick(Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        if self.state.import_progress().is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if self.state.is_saving() || self.state.background_status().is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        let mut commands = Vec::new();
        super::commands::bind_shortcuts(&ctx, &self.state, &mut commands);
        dropped_files(&ctx, &mut commands);
        menu_bar(ui, &self.state, &mut commands);
        let outline = if self.state.has_project() { self.outline_of_current() } else { Vec::new() };
        let counts = counts(&mut self.counts, &mut self.state);
        status_bar(ui, &self.state, &counts.summary, &mut commands);
        if self.state.has_project() {
            // The reader keeps a readable width: in a narrow window the sources list
            // folds into a picker above the text instead of squeezing the column.
            let room_for_sources = ctx.content_rect().width() - panels::SOURCES_WIDTH - panels::ANNOTATIONS_WIDTH >= MIN_READER_WIDTH;
            if room_for_sources {
                panels::sources_panel(ui, &mut self.state, &outline, &counts.source_rows, &mut commands);
            }
            panels::annotations_panel(ui, &mut self.state, &mut self.panel_inputs, &mut commands);
            egui::CentralPanel::default().show(ui, |ui| {
                if !room_for_sources {
                    panels::source_picker(ui, &self.state, &mut commands);
                }
                let hits: &[crate::model::ReadingRange] = match self.state.view.current {
                    Some(s) => self.search.marks_in(s),
                    None => &[],
                };
                let headings: Vec<crate::model::CharRange> = outline.iter().map(|(_, _, r)| *r).collect();
                reader::show(ui, &mut self.state, &mut self.reader, hits, &headings, &mut commands);
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| welcome(ui, &self.state, &mut commands));
        }
        let state = &mut self.state;
        state.windows.codebook.show(&ctx, &state.session.project, &mut commands);
        if state.windows.palette.open {
            // Checked only while the palette shows (a job's label is formatted for it).
            let enabled: Vec<Action> = Action::ALL.into_iter().filter(|a| a.enabled(state)).collect();
            state.windows.palette.show(&ctx, |a| enabled.contains(&a), &mut commands);
        }
        state.windows.link_picker.show(&ctx, &state.session.project, &mut commands);
        state.windows.notifications.show(&ctx, &state.notices);
        windows::title_prompt(&ctx, &mut self.state, &mut commands);
        super::zotero::collection_picker(&ctx, &mut self.state, &mut commands);
        super::conflicts::window(&ctx, &mut self.state, &mut self.conflicts, &mut commands);
        super::export_view::window(&ctx, &mut self.state, &mut self.export_view, &mut commands);
        super::export_view::source_details(&ctx, &mut self.state, &mut commands);
        super::search_view::window(&ctx, &mut self.state, &mut self.search, &mut commands);
        super::merge_view::window(&ctx, &mut self.state, &mut commands);
        self.file_dialog(&ctx);
        windows::toasts(&ctx, &mut self.state, &mut commands);
        self.close_guard(&ctx);
        for c in commands {
            self.state.run(c);
        }
        if std::mem::take(&mut self.state.quit_requested) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Some(text) = self.state.clipboard.take() {
            ctx.copy_text(text);
        }
    }

    /// Runs the native dialog for a path question, or falls back to typing.
    fn file_dialog(&mut self, ctx: &egui::Context) {
        let Some((question, _)) = self.state.path_prompt.clone() else {
            self.dialog = Dialog::Idle;
            return;
        };
        match &self.dialog {
            Dialog::Idle if self.state.native_dialogs => {
                let (tx, rx) = mpsc::channel();
                let start_dir = self.state.project_path();
                let ext = self.state.export.format.extension();
                std::thread::spawn(move || {
                    let mut dialog = rfd::FileDialog::new();
                    if let Some(dir) = start_dir {
                        dialog = dialog.set_directory(dir);
                    }
                    let picked = match question {
                        PathQuestion::NewProject | PathQuestion::OpenProject | PathQuestion::SaveProjectAs | PathQuestion::ImportZotero => {
                            dialog.pick_folder().map(|p| vec![p])
                        }
                        PathQuestion::AddDocuments => dialog.add_filter("Documents", &crate::store::import::EXTENSIONS).pick_files(),
                        PathQuestion::ImportBibliography => {
                            dialog.add_filter("Bibliography", &["bib", "ris", "json"]).pick_file().map(|p| vec![p])
                        }
                        PathQuestion::ImportQdpx => {
                            dialog.add_filter("REFI-QDA project or codebook", &["qdpx", "qdc"]).pick_file().map(|p| vec![p])
                        }
                        PathQuestion::ExportTo => dialog.set_file_name(format!("export.{ext}")).save_file().map(|p| vec![p]),
                    };
                    let _ = tx.send(picked);
                });
                self.dialog = Dialog::Pending { result: rx, started: Instant::now() };
                ctx.request_repaint_after(Duration::from_millis(50));
            }
            Dialog::Idle => {
                self.dialog = Dialog::Typed;
                ctx.request_repaint();
            }
            Dialog::Pending { result, started, .. } => match result.try_recv() {
                Ok(Some(paths)) => {
                    self.dialog = Dialog::Idle;
                    self.state.answer_path(question, paths);
                }
                // An instant "no answer" means no dialog could be shown at all.
                Ok(None) if started.elapsed() < Duration::from_millis(300) => {
                    self.state.notify("No native file dialog is available here: type the path instead.", false);
                    self.dialog = Dialog::Typed;
                    ctx.request_repaint();
                }
                Ok(None) => {
                    self.dialog = Dialog::Idle;
                    self.state.path_prompt = None;
                }
                Err(TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(50)),
                Err(TryRecvError::Disconnected) => self.dialog = Dialog::Typed,
            },
            Dialog::Typed => windows::path_prompt(ctx, &mut self.state),
        }
    }

    /// Closing with unsaved changes asks Save / Discard / Cancel.
    fn close_guard(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.state.flush_saves();
            if self.state.is_modified() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.asking_close = true;
            }
        }
        if !self.asking_close {
            return;
        }
        match windows::close_question(ctx) {
            Some(CloseChoice::Save) => {
                self.state.run(UiCommand::Action(Action::Save));
                self.state.flush_saves();
                self.asking_close = false;
                if !self.state.is_modified() {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Some(CloseChoice::Discard) => {
                self.asking_close = false;
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(CloseChoice::Cancel) => self.asking_close = false,
            None => {}
        }
    }

    /// Headings of the open source (computed once per text).
    fn outline_of_current(&mut self) -> Vec<OutlineEntry> {
        let Some(doc) = self.state.view.current.and_then(|id| self.state.session.project.text(id)).cloned() else { return Vec::new() };
        let key = doc.serial();
        if self.outline.as_ref().is_none_or(|(k, _)| *k != key) {
            let headings = crate::model::structure::outline(&doc.reading)
                .into_iter()
                .map(|h| (h.title, h.level, doc.reading.range_to_stored(h.range)))
                .collect();
            self.outline = Some((key, headings));
        }
        self.outline.as_ref().map(|(_, h)| h.clone()).unwrap_or_default()
    }

    pub fn prefs(&self) -> Prefs {
        Prefs {
            recent: self.state.recent.clone(),
            light: !self.state.dark,
            last_project: self.state.project_path(),
            reading_font: self.state.reading_font,
            reading_size: self.state.reading_size,
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.probe.tick(ui.ctx(), &self.state);
        let (start, busy) = (Instant::now(), self.state.is_busy());
        self.frame(ui);
        if let Some(probe) = &mut self.frame_probe {
            ui.ctx().request_repaint();
            if probe.record(start, start.elapsed(), busy, self.state.is_busy()) {
                self.frame_probe = None;
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A running export or copy finishes before the window goes (an open is let go).
        if self.state.is_exporting() {
            self.state.flush_background();
        }
        self.state.flush_saves();
    }
}

fn window_title(state: &AppState) -> String {
    let name = state.project_path().map_or("Marginalia".to_string(), |p| p.display().to_string());
    let dirty = if state.is_modified() { "● " } else { "" };
    format!("{dirty}{name} — Marginalia")
}

fn dropped_files(ctx: &egui::Context, out: &mut Vec<UiCommand>) {
    let paths: Vec<PathBuf> =
        ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect());
    if !paths.is_empty() {
        out.push(UiCommand::AddPaths(paths));
    }
}

fn command_button(ui: &mut egui::Ui, command: UiCommand, enabled: bool, out: &mut Vec<UiCommand>) {
    let label = command.label();
    labelled_command_button(ui, command, label, enabled, out);
}

/// A menu item for `command` under a label of the moment ("Undo Add tag").
fn labelled_command_button(ui: &mut egui::Ui, command: UiCommand, label: String, enabled: bool, out: &mut Vec<UiCommand>) {
    let mut button = egui::Button::new(label);
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(s);
    }
    let mut response = ui.add_enabled(enabled, button);
    if let UiCommand::Action(a) = &command {
        response = response.on_hover_text(a.tooltip());
    }
    if response.clicked() {
        out.push(command);
        ui.close();
    }
}

fn menu_bar(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<UiCommand>) {
    let open = state.has_project();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                command_button(ui, UiCommand::Action(Action::NewProject), true, out);
                command_button(ui, UiCommand::Action(Action::OpenProject), true, out);
                ui.menu_button("Open recent", |ui| {
                    for p in &state.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            out.push(UiCommand::OpenPath(p.clone()));
                            ui.close();
                        }
                    }
                    if state.recent.is_empty() {
                        ui.label("No recent projects");
                    }
                });
                command_button(ui, UiCommand::Action(Action::AddDocuments), open, out);
                command_button(ui, UiCommand::Action(Action::ImportBibliography), open, out);
                command_button(ui, UiCommand::Action(Action::ImportQdpx), open, out);
                command_button(ui, UiCommand::Action(Action::ImportZotero), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleExport), open, out);
                ui.separator();
                command_button(ui, UiCommand::Action(Action::Save), open, out);
                command_button(ui, UiCommand::Action(Action::SaveProjectAs), open, out);
                command_button(ui, UiCommand::Action(Action::ReloadFromDisk), open, out);
                ui.separator();
                command_button(ui, UiCommand::Action(Action::Quit), true, out);
            });
            ui.menu_button("Edit", |ui| {
                // The menu says what would be undone or redone, as desktop editors do.
                let undo =
                    state.session.history.undo_label().map_or_else(|| UiCommand::Action(Action::Undo).label(), |l| format!("Undo {l}"));
                labelled_command_button(ui, UiCommand::Action(Action::Undo), undo, state.session.history.can_undo(), out);
                let redo =
                    state.session.history.redo_label().map_or_else(|| UiCommand::Action(Action::Redo).label(), |l| format!("Redo {l}"));
                labelled_command_button(ui, UiCommand::Action(Action::Redo), redo, state.session.history.can_redo(), out);
                command_button(ui, UiCommand::Action(Action::DeleteAnnotation), state.view.selected.is_some(), out);
            });
            ui.menu_button("Annotate", |ui| {
                for kind in Kind::ALL {
                    command_button(ui, UiCommand::Action(Action::annotate(kind)), state.view.selection.is_some(), out);
                }
                command_button(ui, UiCommand::Action(Action::AnnotateAndTag), state.view.selection.is_some(), out);
                ui.separator();
                command_button(ui, UiCommand::Action(Action::LinkSelected), state.view.selected.is_some(), out);
                command_button(ui, UiCommand::Action(Action::CopyCitation), state.view.selected.is_some(), out);
                command_button(
                    ui,
                    UiCommand::Action(Action::ReattachSelected),
                    state.view.selected.is_some() && state.view.selection.is_some(),
                    out,
                );
            });
            ui.menu_button("View", |ui| {
                command_button(ui, UiCommand::Action(Action::ToggleOriginal), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleCodebook), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleConflicts), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleSearch), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleMergeConflicts), open, out);
                command_button(ui, UiCommand::Action(Action::ToggleNotifications), true, out);
                command_button(ui, UiCommand::Action(Action::ToggleTheme), true, out);
                ui.menu_button("Reading font", |ui| {
                    for f in crate::ui::state::ReadingFont::ALL {
                        if ui.radio(state.reading_font == f, f.label()).clicked() {
                            out.push(UiCommand::SetReadingFont(f));
                            ui.close();
                        }
                    }
                    ui.separator();
                    ui.label(format!("Size: {} pt", state.reading_size));
                    command_button(ui, UiCommand::Action(Action::LargerText), true, out);
                    command_button(ui, UiCommand::Action(Action::SmallerText), true, out);
                });
                command_button(ui, UiCommand::Action(Action::CommandPalette), true, out);
            });
        });
    });
}

fn status_bar(ui: &mut egui::Ui, state: &AppState, summary: &str, out: &mut Vec<UiCommand>) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            let path = state.project_path().map_or("no project".to_string(), |p| p.display().to_string());
            ui.label(path);
            ui.separator();
            if let Some((label, (done, total), cancellable)) = state.background_status() {
                ui.spinner();
                ui.label(if total > 1 { format!("{label} {done} of {total}") } else { label });
                if total > 1 {
                    ui.add(egui::ProgressBar::new(done as f32 / total as f32).desired_width(120.0));
                }
                if cancellable && ui.button(Action::CancelBackground.label()).on_hover_text(Action::CancelBackground.tooltip()).clicked() {
                    out.push(Action::CancelBackground.into());
                }
                ui.separator();
            }
            let saved = if state.is_saving() {
                "saving…"
            } else if state.session.save_conflict {
                "not saved: changed on disk"
            } else if state.session.save_failed && state.is_modified() {
                "not saved: the last save failed"
            } else if state.is_modified() {
                "unsaved changes"
            } else {
                "saved"
            };
            ui.label(saved);
            ui.separator();
            ui.label(summary);
            if let Some(range) = state.view.selection {
                ui.separator();
                ui.label(format!("selected {} chars — 1 Claim · 2 Figure · 3 Quote · 4 Question · N Note · T Tag", range.len()));
            }
        });
    });
}

/// Shown when no project is open.
fn welcome(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<UiCommand>) {
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading("Marginalia");
        ui.label("Read sources, annotate them, reconcile their figures.");
        ui.add_space(20.0);
        let sample = sample_project();
        if let Some(sample) = sample
            && ui.button("Open the sample project (Korean migrants to Mexico, 1905)").clicked()
        {
            out.push(UiCommand::OpenPath(sample));
        }
        if ui.button(UiCommand::Action(Action::NewProject).label()).clicked() {
            out.push(UiCommand::Action(Action::NewProject));
        }
        if ui.button(UiCommand::Action(Action::OpenProject).label()).clicked() {
            out.push(UiCommand::Action(Action::OpenProject));
        }
        if !state.recent.is_empty() {
            ui.add_space(12.0);
            ui.label("Recent projects:");
            for p in &state.recent {
                if ui.link(p.display().to_string()).clicked() {
                    out.push(UiCommand::OpenPath(p.clone()));
                }
            }
        }
    });
}

/// The bundled sample project, if it can be found (beside the working directory or
/// the source tree the binary was built from). Looked up once per run: the welcome
/// screen is drawn on every frame and must not touch the disk each time.
fn sample_project() -> Option<PathBuf> {
    static SAMPLE: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    SAMPLE
        .get_or_init(|| {
            let relative = PathBuf::from("sample_projects/migrants-1905");
            let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(&relative);
            [relative, built].into_iter().find(|p| p.join("project.ron").exists())
        })
        .clone()
}
