//! The app as something kept open all day: it sleeps when nothing happens, the
//! keyboard goes where the user is about to type, selection by double and triple
//! click, the inspector follows the reader, toasts leave, counts read as English.

use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{AnnotationId, CharRange};
use marginalia::ui::{Action, AppState, MarginaliaApp, UiCommand};

use super::{copy_sample, harness, harness_of};

/// After settling, frames with no input must not ask for another frame: an idle app
/// sleeps until input or a real deadline (a toast leaving, an autosave due, the
/// text cursor of a focused field blinking).
fn assert_idle(h: &mut Harness<'_, MarginaliaApp>) {
    h.run();
    for frame in 0..10 {
        h.step();
        let delay = h.output().viewport_output.get(&egui::ViewportId::ROOT).map_or(Duration::ZERO, |v| v.repaint_delay);
        // Sooner than a second only for a blinking text cursor (a focused field).
        let blink = h.ctx.repaint_causes().iter().all(|c| c.to_string().contains("text_selection"));
        assert!(
            delay >= Duration::from_secs(1) || (delay > Duration::ZERO && blink),
            "frame {frame}: a repaint was requested {delay:?} ahead with nothing happening; causes: {:?}",
            h.ctx.repaint_causes()
        );
    }
}

#[test]
fn the_welcome_screen_sleeps_when_idle() {
    let mut h = harness_of(AppState::empty(), egui::vec2(1200.0, 800.0), 0.25);
    assert_idle(&mut h);
}

#[test]
fn an_open_project_sleeps_when_idle_even_with_a_selection_and_a_search() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.state_mut().state.unread = 0;
    assert_idle(&mut h);
    h.state_mut().state.view.selection = Some(CharRange::new(0, 9));
    h.state_mut().state.run(UiCommand::Action(Action::ToggleSearch));
    h.state_mut().state.view.search_query = "1905".into();
    assert_idle(&mut h);
}

#[test]
fn new_project_asks_a_title_then_a_folder_each_taking_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_of(AppState::empty(), egui::vec2(1200.0, 800.0), 0.25);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    // No click: the typing goes straight into the title field.
    h.event(Event::Text("Korean migration".into()));
    h.run();
    assert_eq!(h.state().state.title_prompt.as_deref(), Some("Korean migration"));
    h.key_press(Key::Enter);
    h.run();
    h.run();
    let folder = dir.path().join("korea");
    h.event(Event::Text(folder.display().to_string()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().state.has_project(), "notices: {:?}", h.state().state.notices);
    assert_eq!(h.state().state.session.project.title, "Korean migration", "the typed title, not the folder's name");
    assert!(folder.join("project.ron").exists());
}

#[test]
fn escape_closes_a_path_prompt_and_the_prompt_takes_the_keyboard() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.state_mut().state.run(UiCommand::Action(Action::ExportSaveAs));
    h.run();
    h.run();
    h.event(Event::Text("out.md".into()));
    h.run();
    assert_eq!(h.state().state.path_prompt.as_ref().map(|(_, t)| t.as_str()), Some("out.md"));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().state.path_prompt.is_none());
}

#[test]
fn search_takes_the_keyboard_and_enter_f3_shift_f3_step_through_hits() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.event(Event::Text("1905".into()));
    h.run();
    assert_eq!(h.state().state.view.search_query, "1905", "typed into the search field without a click");
    h.state_mut().state.view.current = None;
    h.key_press(Key::Enter);
    h.run();
    let first = h.state().state.view.current.expect("Enter jumps to the first hit's source");
    let mut seen = vec![first];
    for _ in 0..6 {
        h.key_press(Key::F3);
        h.run();
        seen.push(h.state().state.view.current.unwrap());
    }
    assert!(seen.windows(2).any(|w| w[0] != w[1]), "F3 moves on through the hits of several sources: {seen:?}");
    h.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    h.run();
    assert_eq!(h.state().state.view.current, Some(seen[5]), "Shift+F3 goes back one hit");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().state.windows.search, "Escape closes the search window");
}

/// Clicks `count` times at `pos`, a frame or two apart (each queued event is a frame).
fn clicks(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2, count: usize) {
    h.event(Event::PointerMoved(pos));
    h.step();
    for _ in 0..count {
        for pressed in [true, false] {
            h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
        }
        h.step();
    }
    h.run();
}

#[test]
fn double_click_selects_the_word_and_triple_click_the_paragraph() {
    let (_dir, path) = copy_sample();
    // Frames 20 ms apart, so clicks one frame apart fall inside egui's 0.3 s double-click time.
    let mut h = harness_of(AppState::open(&path), egui::vec2(1400.0, 900.0), 0.02);
    h.run();
    // The first words of the text sit just under the reader's header, in the centred column.
    let header = h.get_by_label("Original layout").rect();
    let panel = h.get_by_label("Find:").rect();
    // The column is at most 34 ems (16 pt text) wide, centred: aim a little into its first line.
    let room = panel.left() - header.left() - 24.0;
    let indent = (room - (16.0 * 34.0f32).min(room)) / 2.0;
    let pos = egui::pos2(header.left() + indent + 30.0, header.bottom() + 16.0);
    clicks(&mut h, pos, 2);
    let state = &h.state().state;
    let sel = state.view.selection.expect("double-click selects");
    let doc = state.session.project.text(state.view.current.unwrap()).unwrap();
    let word = doc.stored.slice(sel).to_string();
    assert!(!word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == ',' || c == '\'' || c == '-'), "selected {word:?}");
    assert!(word.chars().count() >= 2, "a whole word, not a char: {word:?}");

    clicks(&mut h, pos, 3);
    let state = &h.state().state;
    let sel = state.view.selection.expect("triple-click selects");
    let doc = state.session.project.text(state.view.current.unwrap()).unwrap();
    let para = doc.stored.slice(sel).to_string();
    assert!(para.chars().count() > word.chars().count() + 10, "the paragraph: {para:?}");
    assert!(para.contains(&word));
}

#[test]
fn the_inspector_follows_the_source_in_the_reader() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let state = &h.state().state;
    let (a, other): (AnnotationId, _) = {
        let a = state.session.project.annotations.values().next().unwrap();
        let other = state.session.project.sources.keys().find(|s| **s != a.source).copied().unwrap();
        (a.id, other)
    };
    h.state_mut().state.run(UiCommand::SelectAnnotation(Some(a)));
    h.run();
    assert_eq!(h.state().state.view.selected, Some(a));
    h.state_mut().state.run(UiCommand::OpenSource(other));
    h.run();
    assert_eq!(h.state().state.view.selected, None, "another source's annotation is no longer in the inspector");
}

#[test]
fn toasts_leave_after_a_while_but_errors_stay_until_dismissed() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.state_mut().state.unread = 0;
    h.state_mut().state.notify("Exported 5 sources", false);
    h.state_mut().state.notify("Could not read notes.txt", true);
    h.run();
    assert!(h.query_by_label("Exported 5 sources").is_some());
    assert!(h.query_by_label("Could not read notes.txt").is_some());
    // Seven seconds later (as far as the notices know).
    for n in &mut h.state_mut().state.notices {
        n.at = Instant::now() - Duration::from_secs(7);
    }
    h.run();
    assert!(h.query_by_label("Exported 5 sources").is_none(), "a plain result leaves");
    assert!(h.query_by_label("Could not read notes.txt").is_some(), "an error stays");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.query_by_label("Could not read notes.txt").is_none());
    h.state_mut().state.run(UiCommand::Action(Action::ToggleNotifications));
    h.run();
    assert!(h.query_by_label("Exported 5 sources").is_some(), "both stay in the notification history");
}

#[test]
fn counts_are_singular_or_plural_and_undo_says_what() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    // One annotation in a project of its own.
    let ids: Vec<AnnotationId> = h.state().state.session.project.annotations.keys().copied().collect();
    for id in &ids[1..] {
        h.state_mut().state.view.selected = Some(*id);
        h.state_mut().state.run(UiCommand::Action(Action::DeleteAnnotation));
    }
    h.run();
    assert!(h.query_all_by_label_contains("1 annotation").count() >= 2, "status bar and source list");
    assert!(h.query_by_label_contains("1 annotations").is_none());
    h.get_by_label("Edit").click();
    h.run();
    assert!(h.query_by_label_contains("Undo Delete").is_some(), "Edit → Undo names the step");
}

#[test]
fn untitled_sources_are_listed_by_their_first_line_marked_guessed() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let id = *h.state().state.session.project.sources.keys().next().unwrap();
    let mut meta = h.state().state.session.project.sources[&id].meta.clone();
    meta.title.clear();
    h.state_mut().state.run(UiCommand::SetMetadata(id, Box::new(meta)));
    h.run();
    let doc = h.state().state.session.project.text(id).unwrap().clone();
    let expected = marginalia::model::Source::title_from_text(doc.reading.as_str()).unwrap();
    assert!(h.query_by_label_contains(&format!("{expected} (title guessed)")).is_some(), "listed as {expected:?}, guessed");
}

#[test]
fn a_narrow_window_keeps_a_readable_column_with_a_source_picker() {
    let (_dir, path) = copy_sample();
    let mut h = harness_of(AppState::open(&path), egui::vec2(900.0, 600.0), 0.25);
    h.run();
    assert!(h.query_by_label("Filter sources:").is_none(), "the sources list folds away");
    assert!(h.query_by_label("Source:").is_some(), "a picker takes its place");
    let header = h.get_by_label("Original layout").rect();
    let panel = h.get_by_label("Find:").rect();
    assert!(panel.left() - header.left() >= 400.0, "reader {} wide", panel.left() - header.left());
}

/// The child side of the crash-window test: opens the project named by the
/// environment like the app does, makes one annotation, says so, and keeps
/// ticking as the app's frames do, until it is killed. Without the variable it is
/// a no-op (so a plain test run passes it).
#[test]
fn crash_window_child() {
    let Some(path) = std::env::var_os("MARGINALIA_CRASH_CHILD") else { return };
    let mut state = AppState::open(std::path::Path::new(&path));
    state.view.selection = Some(CharRange::new(0, 9));
    state.run(Action::AnnotateClaim.into());
    // Straight to the pipe (the test harness would hold `println!` back until the test ends).
    use std::io::Write;
    let mut out = std::io::stdout();
    writeln!(out, "\nedited {}", state.session.project.annotations.len()).unwrap();
    out.flush().unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        let wait = state.tick(Instant::now()).unwrap_or(Duration::from_millis(50));
        std::thread::sleep(wait.min(Duration::from_millis(10)));
    }
}

/// SIGKILL at several delays after an edit: from a short delay on, the edit is on
/// disk; before it, reopening says the last session did not close normally. Either
/// way nothing is lost silently. RELIABILITY.md records the measured window.
#[cfg(unix)]
#[test]
fn an_edit_survives_a_kill_shortly_after_or_the_reopen_says_so() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut table = Vec::new();
    for delay_ms in [0u64, 50, 150, 300, 500, 700, 1000] {
        let (_dir, path) = copy_sample();
        let before = marginalia::store::ProjectFolder::open(&path).unwrap().project.annotations.len();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "desktop::crash_window_child", "--nocapture", "--test-threads=1"])
            .env("MARGINALIA_CRASH_CHILD", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let edited = lines.by_ref().map_while(Result::ok).find(|l| l.contains("edited"));
        assert!(edited.is_some(), "the child never made its edit");
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let after = marginalia::store::ProjectFolder::open(&path).unwrap().project.annotations.len();
        let kept = after == before + 1;
        let reopened = AppState::open(&path);
        let told = reopened.notices.iter().any(|n| n.is_error && n.text.contains("did not close normally"));
        assert!(told, "a killed session is reported on the next open ({delay_ms} ms)");
        table.push((delay_ms, kept));
        if delay_ms >= 700 {
            assert!(kept, "an edit {delay_ms} ms before a kill must be on disk");
        }
    }
    eprintln!("kill delay (ms) → edit on disk: {table:?}");
}

/// A stored text changed on disk while the project was closed: opening it re-anchors
/// as an edit — shown as modified, saved by autosave, and undone by Ctrl+Z.
#[test]
fn reanchoring_at_open_is_an_undoable_change_that_gets_saved() {
    let (_dir, path) = copy_sample();
    let loaded = marginalia::store::ProjectFolder::open(&path).unwrap();
    let (id, rel) = loaded
        .project
        .sources
        .values()
        .find(|s| loaded.project.annotations_of(s.id).len() >= 2)
        .map(|s| (s.id, s.text_path.clone().unwrap()))
        .unwrap();
    let as_saved = loaded.project.annotations.clone();
    drop(loaded);
    // Text added before everything: every annotation of that source moves.
    let file = path.join(&rel);
    let old = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("A new first paragraph, added by hand.\n\n{old}")).unwrap();

    let mut h = harness(&path);
    assert!(h.state().state.is_modified(), "the re-anchored project differs from its file");
    assert!(h.state().state.session.history.can_undo());
    let moved = h.state().state.session.project.annotations_of(id).iter().filter(|a| as_saved[&a.id].anchor != a.anchor).count();
    assert!(moved >= 2, "annotations of the changed text moved ({moved})");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().state.session.project.annotations, as_saved, "undo gives back the project as loaded");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    // Autosave writes it (250 ms after the change, on the next frame after that).
    std::thread::sleep(Duration::from_millis(400));
    h.run();
    h.state_mut().state.flush_saves();
    assert!(!h.state().state.is_modified(), "autosaved");
    let reopened = marginalia::store::ProjectFolder::open(&path).unwrap();
    assert!(reopened.reanchor.is_none(), "nothing left to re-anchor once saved");
    assert_eq!(reopened.project.annotations, h.state().state.session.project.annotations);
}

/// Project A, then project B in the same window: nothing derived from A (suggested
/// sets, the export preview, highlights, search hits) is shown for B.
#[test]
fn no_cache_outlives_the_project_it_was_made_from() {
    let (dir, path) = copy_sample();
    let mut h = harness(&path);
    let a_title = h.state().state.session.project.sources.values().next().unwrap().display_title();
    h.state_mut().state.run(UiCommand::Action(Action::ToggleConflicts));
    h.state_mut().state.run(UiCommand::Action(Action::ToggleExport));
    h.state_mut().state.windows.search = true;
    h.state_mut().state.view.search_query = "1905".into();
    h.run();
    assert!(h.query_all_by_label_contains(&a_title).count() >= 2, "A is shown (list, preview)");

    // B: one document of its own, so its history is at the same early state as A's.
    let b = dir.path().join("b");
    let mut loaded = marginalia::store::ProjectFolder::create(&b, "B").unwrap();
    let source = marginalia::model::Source::untitled(marginalia::model::SourceId(1), "other.txt");
    marginalia::model::ops::add_source(&loaded.project, source, "Nothing about ships here, only about 1905 weather.".into())
        .apply(&mut loaded.project);
    loaded.folder.save(&loaded.project).unwrap();
    h.state_mut().state.run(UiCommand::OpenPath(b));
    h.state_mut().state.flush_background();
    h.run();
    assert!(h.query_by_label_contains(&a_title).is_none(), "no trace of A's sources");
    assert!(h.query_by_label_contains("1,033").is_none(), "no suggestion or preview built from A");
    assert!(h.query_by_label_contains("1 hit in 1 source").is_some(), "the search is B's");
}

/// Export, reading a bibliography and opening a project run off the UI thread: the
/// status bar says what runs (with Cancel), frames keep coming, and the result lands
/// when it is ready; a cancelled export writes nothing.
#[test]
fn long_work_runs_in_the_background_with_progress_and_cancel() {
    let (dir, path) = copy_sample();
    let mut h = harness(&path);
    let out = dir.path().join("annotated.md");
    h.state_mut().state.run(UiCommand::ExportTo(out.clone()));
    h.step();
    assert!(h.query_by_label_contains("Exporting").is_some(), "the status bar says what runs");
    assert!(h.query_by_label("Cancel").is_some());
    h.state_mut().state.flush_background();
    h.run();
    assert!(std::fs::read_to_string(&out).unwrap().contains("1,033"), "exported");

    // Cancelled at once: nothing is written, and it is said.
    let cancelled = dir.path().join("cancelled.md");
    h.state_mut().state.run(UiCommand::ExportTo(cancelled.clone()));
    h.state_mut().state.run(UiCommand::Action(Action::CancelBackground));
    h.run();
    std::thread::sleep(Duration::from_millis(300));
    assert!(h.state().state.background_status().is_none());
    assert!(h.state().state.notices.iter().any(|n| n.text.starts_with("Cancelled: Exporting")));

    // One job at a time: a second is refused with a message, the first goes on.
    h.state_mut().state.run(UiCommand::ExportTo(out.clone()));
    h.state_mut().state.run(UiCommand::OpenPath(path.clone()));
    assert!(h.state().state.notices.last().unwrap().text.starts_with("Still busy"));
    h.state_mut().state.flush_background();
    h.run();
}

/// `marginalia conflicts --json` and the app's Figures and conflicts window list the
/// same groups of linked figures (one function in the model serves both).
#[test]
fn the_app_and_the_cli_list_the_same_linked_figure_groups() {
    let (_dir, path) = copy_sample();
    // Two figures linked outside any set.
    let mut loaded = marginalia::store::ProjectFolder::open(&path).unwrap();
    let p = &loaded.project;
    let in_sets: Vec<_> = p.sets.values().flat_map(|s| s.members.iter().map(|m| m.annotation)).collect();
    let mut figures = p.annotations.values().filter(|a| a.kind == marginalia::model::Kind::Figure).map(|a| a.id).collect::<Vec<_>>();
    figures.retain(|id| !in_sets.contains(id));
    let (a, b) = if figures.len() >= 2 {
        (figures[0], figures[1])
    } else {
        // Make two figures of our own.
        let s = *p.sources.keys().next().unwrap();
        let (tx, a) = marginalia::model::ops::add_annotation(p, s, CharRange::new(0, 4), marginalia::model::Kind::Figure, "t").unwrap();
        tx.apply(&mut loaded.project);
        let (tx, b) =
            marginalia::model::ops::add_annotation(&loaded.project, s, CharRange::new(5, 9), marginalia::model::Kind::Figure, "t").unwrap();
        tx.apply(&mut loaded.project);
        (a, b)
    };
    marginalia::model::ops::add_link(&loaded.project, a, b, marginalia::model::Relation::Contradicts, "")
        .unwrap()
        .apply(&mut loaded.project);
    loaded.folder.save(&loaded.project).unwrap();

    let records = marginalia::cli::conflict_records(&loaded.project);
    let cli: Vec<String> = records
        .iter()
        .filter(|r| r["id"].as_str().is_some_and(|id| id.starts_with("links:")))
        .map(|r| {
            format!("{} [{}]", r["id"].as_str().unwrap().trim_start_matches("links:").replace(',', ", "), r["verdict"].as_str().unwrap())
        })
        .collect();
    assert!(!cli.is_empty(), "the CLI lists the linked pair");
    let mut h = harness(&path);
    h.state_mut().state.run(UiCommand::Action(Action::ToggleConflicts));
    h.run();
    for group in &cli {
        assert!(h.query_by_label_contains(&format!("Linked {group}")).is_some(), "the app shows {group}");
    }
}

/// A long title in a narrow window: the source picker shortens it instead of
/// widening the reader under the annotations panel.
#[test]
fn a_long_title_does_not_push_the_reader_under_the_panel() {
    let (_dir, path) = copy_sample();
    let mut state = AppState::open(&path);
    state.native_dialogs = false;
    let id = state.view.current.unwrap();
    let mut meta = state.session.project.sources[&id].meta.clone();
    meta.title = "How South Korea Builds its Soft Power in Latin America, Learning Lessons From its Diaspora Outreach in Russia and Central Asia, with a very long subtitle that goes on".into();
    state.run(UiCommand::SetMetadata(id, Box::new(meta)));
    let mut h = harness_of(state, egui::vec2(900.0, 600.0), 0.25);
    h.run();
    h.run();
    let panel = h.get_by_label("Find:").rect();
    let picker = h.get_by_label("Source:").rect();
    let header = h.get_by_label("Original layout").rect();
    assert!(picker.right() < panel.left(), "picker ends at {} under the panel at {}", picker.right(), panel.left());
    assert!(header.left() < 40.0, "the reader starts at the window's left, not shifted: {}", header.left());
}

#[test]
fn file_quit_asks_the_window_to_close() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.state_mut().state.run(UiCommand::Action(Action::Quit));
    assert!(h.state().state.quit_requested);
    h.step();
    assert!(!h.state().state.quit_requested, "turned into a close request for the window");
}

/// A Figure over a whole paragraph holds several numbers: the inspector offers the
/// measures it holds (qualifier kept) instead of only "no value found".
#[test]
fn a_figure_over_a_paragraph_offers_its_numbers_and_t_tags_a_selected_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    marginalia::store::ProjectFolder::create(&p, "Paragraph").unwrap();
    let doc = dir.path().join("para.txt");
    std::fs::write(&doc, "Over 1,000 people boarded in 1905, and 1,014 of them arrived in Yucatán.\n").unwrap();
    let mut state = AppState::open(&p);
    state.run(UiCommand::AddPaths(vec![doc]));
    state.flush_imports();
    let source = state.view.current.unwrap();
    state.run(UiCommand::Annotate { source, range: CharRange::new(0, 73), kind: marginalia::model::Kind::Figure, then_tag: false });
    let id = state.view.selected.expect("selected");
    assert!(state.session.project.annotations[&id].figure.is_none(), "two measures: none chosen for the user");
    let mut h = harness_of(state, egui::vec2(1400.0, 900.0), 0.25);
    h.run();
    let offered = |h: &Harness<'_, MarginaliaApp>, prefix: &str| {
        h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(prefix))).next().is_some()
    };
    assert!(offered(&h, "1,014"), "offered");
    h.get_by_label_contains("over 1,000").click();
    h.run();
    let f = h.state().state.session.project.annotations[&id].figure.clone().expect("a value now");
    assert_eq!((f.low, f.qualifier), (Some(1000.0), marginalia::model::figures::Qualifier::MoreThan));

    // T with an annotation (not text) selected: its tag field takes the keyboard.
    assert!(h.state().state.view.selection.is_none());
    assert!(!h.get_by_label("Add tag:").is_focused());
    h.key_press(Key::T);
    h.run();
    assert!(h.get_by_label("Add tag:").is_focused(), "T focuses the tag field");
    h.get_by_label("Add tag:").type_text("boarding");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().state.session.project.annotations[&id].has_tag("boarding"));
}
