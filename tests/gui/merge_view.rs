//! The merge conflicts window, driven through the app (egui_kittest, no GPU).

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use marginalia::model::merge::merge;
use marginalia::model::ops;
use marginalia::store::ProjectFolder;
use marginalia::ui::AppState;

use super::{common, harness_of};

#[test]
fn a_project_with_merge_conflicts_shows_them_and_one_click_resolves_one_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migrants-1905");
    common::copy_sample_to(&path);
    // Two copies wrote different notes on one annotation; the merge recorded it.
    let mut loaded = ProjectFolder::open(&path).unwrap();
    let base = loaded.project.clone();
    let id = *base.annotations.keys().next().unwrap();
    let side = |note: &str| {
        let mut p = base.clone();
        ops::set_note(&base, id, note, "2026-02-01T00:00:00Z").unwrap().apply(&mut p);
        p
    };
    let (merged, conflicts) = merge(&base, &side("counted at Chemulpo"), &side("counted at Salina Cruz"));
    assert_eq!(conflicts.len(), 1);
    loaded.folder.save(&merged).unwrap();

    let mut h = harness_of(AppState::open(&path), egui::vec2(1400.0, 900.0), 0.25);
    h.run();
    assert!(h.state().state.windows.merge_conflicts, "opens by itself");
    assert!(h.query_by_label("counted at Salina Cruz").is_some(), "both values are shown");
    assert!(h.query_by_label("counted at Chemulpo").is_some());

    h.get_by_label("Theirs").click();
    h.run();
    assert_eq!(h.state().state.session.project.annotations[&id].note, "counted at Salina Cruz");
    assert!(h.state().state.session.project.merge_conflicts.is_empty());
    assert!(h.query_by_label("Theirs").is_none());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().state.session.project.merge_conflicts.len(), 1, "one undo brings the conflict back");
    assert_eq!(h.state().state.session.project.annotations[&id].note, base.annotations[&id].note);

    h.get_by_label("Both").click();
    h.run();
    assert_eq!(h.state().state.session.project.annotations[&id].note, "counted at Chemulpo\n\ncounted at Salina Cruz");
}
