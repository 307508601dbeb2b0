//! The real app driven through its accessibility tree (egui_kittest, no GPU).
#![allow(clippy::unwrap_used)]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{CharRange, Kind};
use marginalia::store::ProjectFolder;
use marginalia::ui::{AppState, MarginaliaApp};

fn copy_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("migrants-1905");
    std::fs::create_dir_all(to.join("sources")).unwrap();
    let from = common::sample_project();
    std::fs::copy(from.join("project.ron"), to.join("project.ron")).unwrap();
    for entry in std::fs::read_dir(from.join("sources")).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join("sources").join(entry.file_name())).unwrap();
    }
    (dir, to)
}

#[test]
fn annotate_note_undo_redo_save_and_reopen() {
    let (_dir, path) = copy_sample();
    let app = MarginaliaApp::new(AppState::open(&path));
    let before = app.state.project.annotations.len();
    let mut h = Harness::new_ui_state(|ui, app: &mut MarginaliaApp| app.frame(ui), app);
    h.run();
    // The sample opens on its first source, whose text the reader shows.
    assert!(h.state().state.current.is_some());
    assert!(h.query_by_label("Original layout").is_some());

    // Select a span (as a mouse drag would) and press 2: a Figure.
    h.state_mut().state.selection = Some(CharRange::new(0, 9));
    h.key_press(Key::Num2);
    h.run();
    let new_id = h
        .state()
        .state
        .selected
        .expect("the new annotation is selected");
    assert_eq!(h.state().state.project.annotations.len(), before + 1);
    assert_eq!(
        h.state().state.project.annotations[&new_id].kind,
        Kind::Figure
    );

    // Type a note in the inspector.
    h.get_by_label("Note:").click();
    h.run();
    h.get_by_label("Note:").type_text("embarked");
    h.run();
    assert_eq!(
        h.state().state.project.annotations[&new_id].note,
        "embarked"
    );

    // Undo the note (one step for the whole typing), then the annotation; redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().state.project.annotations[&new_id].note, "");
    h.state_mut().state.run(marginalia::ui::UiCommand::Undo);
    h.run();
    assert!(!h.state().state.project.annotations.contains_key(&new_id));
    h.state_mut().state.run(marginalia::ui::UiCommand::Redo);
    h.state_mut().state.run(marginalia::ui::UiCommand::Redo);
    h.run();
    assert_eq!(
        h.state().state.project.annotations[&new_id].note,
        "embarked"
    );

    // Save with Ctrl+S and find it all on disk.
    assert!(h.state().state.history.is_modified());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().state.history.is_modified());
    let reopened = ProjectFolder::open(&path).unwrap();
    assert_eq!(reopened.project.annotations[&new_id].note, "embarked");
    assert_eq!(reopened.project.annotations.len(), before + 1);
}
