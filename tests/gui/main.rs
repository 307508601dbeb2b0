//! The real app driven through its accessibility tree (egui_kittest, no GPU).
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
mod desktop;
mod front_ends;
mod merge_view;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{CharRange, Kind, Relation};
use marginalia::store::ProjectFolder;
use marginalia::ui::{Action, AppState, MarginaliaApp, UiCommand};

fn copy_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("migrants-1905");
    common::copy_sample_to(&to);
    (dir, to)
}

fn harness(path: &std::path::Path) -> Harness<'static, MarginaliaApp> {
    let mut h = harness_of(AppState::open(path), egui::vec2(1400.0, 900.0), 0.25);
    h.run();
    h
}

/// The app around `state` (native dialogs off) in a window of `size`, frames `step_dt`
/// seconds apart; not yet run. `run` must settle within 4 s of frames (16 at the
/// default 0.25 s): grids size themselves over a few frames, no more.
fn harness_of(mut state: AppState, size: egui::Vec2, step_dt: f32) -> Harness<'static, MarginaliaApp> {
    state.native_dialogs = false;
    Harness::builder()
        .with_size(size)
        .with_step_dt(step_dt)
        .with_max_steps((4.0 / step_dt) as u64)
        .build_ui_state(|ui, app: &mut MarginaliaApp| app.frame(ui), MarginaliaApp::new(state))
}

/// Undo/redo through the keyboard.
fn undo(h: &mut Harness<'_, MarginaliaApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

fn redo(h: &mut Harness<'_, MarginaliaApp>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
}

#[test]
fn figure_tag_note_link_undo_redo_save_and_reopen() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let before = h.state().state.session.project.annotations.len();
    // The sample opens on its first source; the reader, panels and menus are there.
    assert!(h.state().state.view.current.is_some());
    for label in ["Original layout", "Filter sources:", "Find:", "File", "Edit", "Annotate", "View"] {
        assert!(h.query_by_label(label).is_some(), "no control labelled {label}");
    }

    // Select a span (as a mouse drag does) and press 2: a Figure, selected in the inspector.
    h.state_mut().state.view.selection = Some(CharRange::new(0, 9));
    h.run();
    assert!(h.query_by_label("Figure").is_some(), "the selection toolbar offers Figure");
    h.key_press(Key::Num2);
    h.run();
    let new_id = h.state().state.view.selected.expect("the new annotation is selected");
    assert_eq!(h.state().state.session.project.annotations[&new_id].kind, Kind::Figure);
    assert_eq!(h.state().state.session.project.annotations.len(), before + 1);

    // Tag it by typing a new tag name and Enter.
    h.get_by_label("Add tag:").click();
    h.run();
    h.get_by_label("Add tag:").type_text("disputed");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().state.session.project.annotations[&new_id].has_tag("disputed"));
    assert!(h.state().state.session.project.tags.contains_key("disputed"), "a new tag goes into the codebook");

    // Write a note: one undo step however many keystrokes.
    h.get_by_label("Note:").click();
    h.run();
    h.get_by_label("Note:").type_text("embarked");
    h.run();
    assert_eq!(h.state().state.session.project.annotations[&new_id].note, "embarked");

    // Link to the plaque figure (another source) as `contradicts`, through the picker.
    let plaque = h.state().state.session.project.annotations.values().find(|a| a.anchor.exact == "1,019").unwrap().id;
    h.state_mut().state.run(UiCommand::Action(Action::LinkSelected));
    h.run();
    h.get_by_label("Search annotations (quote, note or tag):").type_text("1,019");
    h.run();
    h.get_by_label("contradicts").click();
    h.run();
    let label = h.state().state.session.project.annotations.values().find(|a| a.id == plaque).map(|a| format!("{} Figure", a.id)).unwrap();
    let node = h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(&label))).next().expect("the plaque figure is offered");
    node.click();
    h.run();
    let link = h.state().state.session.project.links.values().find(|l| l.from == new_id).expect("linked").clone();
    assert_eq!((link.to, link.relation), (plaque, Relation::Contradicts));

    // Undo each step (link, note, tag, figure), then redo them all.
    let full = h.state().state.session.project.clone();
    undo(&mut h);
    assert!(!h.state().state.session.project.links.contains_key(&link.id));
    undo(&mut h);
    assert_eq!(h.state().state.session.project.annotations[&new_id].note, "");
    undo(&mut h);
    assert!(!h.state().state.session.project.annotations[&new_id].has_tag("disputed"));
    assert!(!h.state().state.session.project.tags.contains_key("disputed"));
    undo(&mut h);
    assert!(!h.state().state.session.project.annotations.contains_key(&new_id));
    for _ in 0..4 {
        redo(&mut h);
    }
    assert_eq!(h.state().state.session.project, full);

    // Save with Ctrl+S (in the background), then reopen from disk: all there.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().state.flush_saves();
    h.run();
    assert!(!h.state().state.is_modified());
    let reopened = ProjectFolder::open(&path).unwrap();
    assert_eq!(reopened.project.annotations[&new_id].note, "embarked");
    assert!(reopened.project.annotations[&new_id].has_tag("disputed"));
    assert_eq!(reopened.project.links[&link.id].relation, Relation::Contradicts);
}

#[test]
fn codebook_rename_merge_delete_are_undoable() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(h.state().state.windows.codebook.open);
    h.get_by_label("New tag:").click();
    h.run();
    h.get_by_label("New tag:").type_text("voyage");
    h.run();
    h.get_by_label("Create").click();
    h.run();
    assert!(h.state().state.session.project.tags.contains_key("voyage"));
    let tagged_arrived = h.state().state.session.project.annotations.values().filter(|a| a.has_tag("arrived")).count();
    assert!(tagged_arrived > 0);
    h.state_mut().state.run(UiCommand::MergeTags("arrived".into(), "voyage".into()));
    h.run();
    assert_eq!(h.state().state.session.project.annotations.values().filter(|a| a.has_tag("voyage")).count(), tagged_arrived);
    undo(&mut h);
    assert_eq!(h.state().state.session.project.annotations.values().filter(|a| a.has_tag("arrived")).count(), tagged_arrived);
}

#[test]
fn annotation_filters_and_reveal() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.get_by_label("All sources").click();
    h.run();
    h.get_by_label("Find:").type_text("1,014");
    h.run();
    let shown = h.query_all_by(|n| n.label().is_some_and(|l| l.contains("Figure: 1,014"))).count();
    assert_eq!(shown, 2, "both 1,014 figures are listed");
    h.query_all_by(|n| n.label().is_some_and(|l| l.contains("Figure: 1,014"))).next().unwrap().click();
    h.run();
    let selected = h.state().state.view.selected.expect("clicking selects");
    let source = h.state().state.session.project.annotations[&selected].source;
    assert_eq!(h.state().state.view.current, Some(source), "the reader opens the annotation's source");
}

#[test]
fn a_failed_save_keeps_everything_in_memory_and_says_so() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.state_mut().state.view.selection = Some(CharRange::new(0, 5));
    h.key_press(Key::Num1);
    h.run();
    // Someone else rewrites the project file: our save must refuse, not overwrite.
    let file = path.join("project.ron");
    let theirs = std::fs::read_to_string(&file).unwrap().replace("Korean migrants to Mexico, 1905", "Changed elsewhere");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&file, &theirs).unwrap();
    h.state_mut().state.run(UiCommand::Action(Action::Save));
    h.state_mut().state.flush_saves();
    h.run();
    assert!(h.state().state.is_modified(), "still unsaved");
    assert!(h.state().state.notices.iter().any(|n| n.is_error && n.text.contains("changed on disk")));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    assert!(h.query_by_label("Overwrite").is_some(), "a way forward is offered");
}

#[test]
fn a_save_that_cannot_be_written_is_reported_once_and_save_as_carries_on_elsewhere() {
    let (dir, path) = copy_sample();
    let mut h = harness(&path);
    h.state_mut().state.view.selection = Some(CharRange::new(0, 5));
    h.key_press(Key::Num1);
    h.run();
    let annotations = h.state().state.session.project.annotations.len();
    // A folder where the backup should go: the save fails at its last step, as on a
    // full disk, and must leave the project file as it was.
    let file = path.join("project.ron");
    let before = std::fs::read(&file).unwrap();
    let _ = std::fs::remove_file(path.join("project.ron.bak"));
    std::fs::create_dir(path.join("project.ron.bak")).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().state.flush_saves();
    for _ in 0..5 {
        h.state_mut().state.tick(std::time::Instant::now() + std::time::Duration::from_secs(60));
        h.state_mut().state.flush_saves();
        h.run();
    }
    let errors: Vec<String> = h.state().state.notices.iter().filter(|n| n.is_error).map(|n| n.text.clone()).collect();
    assert_eq!(errors.len(), 1, "one error, not one per autosave attempt: {errors:?}");
    assert!(errors[0].contains("project.ron") && errors[0].contains("not saved") && !errors[0].contains("Not saved"), "{}", errors[0]);
    assert_eq!(std::fs::read(&file).unwrap(), before, "the last saved version is untouched");
    assert!(h.state().state.is_modified());

    // The toast offers Save project as; without native dialogs it asks for a typed path.
    h.get_by_label("Save project as…").click();
    h.run();
    let elsewhere = dir.path().join("elsewhere");
    h.state_mut().state.path_prompt.as_mut().expect("a path prompt").1 = elsewhere.display().to_string();
    h.run();
    h.get_by_label("OK").click();
    // The copy is written on a background thread (the window keeps painting).
    h.step();
    assert!(h.state().state.background_status().is_some(), "shown as running");
    h.state_mut().state.flush_background();
    h.run();
    assert_eq!(h.state().state.project_path().as_deref(), Some(elsewhere.as_path()));
    assert!(!h.state().state.is_modified(), "saved there");
    let copy = marginalia::store::ProjectFolder::open(&elsewhere).unwrap();
    assert_eq!(copy.project.annotations.len(), annotations);
    assert_eq!(copy.project.texts.len(), h.state().state.session.project.texts.len(), "stored texts copied");
    assert_eq!(std::fs::read(&file).unwrap(), before, "the old folder is as it was");
}

#[test]
fn cached_counts_lists_and_highlights_follow_every_change() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let total = h.state().state.session.project.annotations.len();
    let source = h.state().state.view.current.unwrap();
    let in_source = h.state().state.session.project.annotations.values().filter(|a| a.source == source).count();
    assert!(h.query_by_label(&format!("{total} annotations")).is_some(), "status bar counts");
    assert!(h.query_by_label(&format!("{in_source} shown")).is_some(), "the list shows the open source's annotations");
    h.state_mut().state.view.selection = Some(CharRange::new(0, 5));
    h.key_press(Key::Num1);
    h.run();
    assert!(h.query_by_label(&format!("{} annotations", total + 1)).is_some(), "counted again after an edit");
    assert!(h.query_by_label(&format!("{} shown", in_source + 1)).is_some(), "listed after an edit");
    undo(&mut h);
    assert!(h.query_by_label(&format!("{total} annotations")).is_some(), "and after undo");
    assert!(h.query_by_label(&format!("{in_source} shown")).is_some());
    // A filter change rebuilds the list without any edit.
    h.state_mut().state.view.filter.text = "no annotation says this".into();
    h.run();
    assert!(h.query_by_label("0 shown").is_some());
}

#[test]
fn the_welcome_screen_offers_the_sample_project() {
    let mut state = AppState::empty();
    state.native_dialogs = false;
    let mut h = Harness::new_ui_state(|ui, app: &mut MarginaliaApp| app.frame(ui), MarginaliaApp::new(state));
    h.run();
    h.get_by_label("Open the sample project (Korean migrants to Mexico, 1905)").click();
    // Read on a background thread: the welcome screen paints meanwhile, with a spinner.
    h.step();
    h.state_mut().state.flush_background();
    h.run();
    assert!(h.state().state.has_project());
    assert!(!h.state().state.session.project.annotations.is_empty());
    // Open project… without a native dialog falls back to a typed path.
    h.state_mut().state.run(UiCommand::Action(Action::OpenProject));
    h.run();
    assert!(h.query_by_label("Path:").is_some());
}

#[test]
#[ignore = "needs ../shared/seeds"]
fn the_reader_renders_the_largest_seed_at_top_middle_and_end() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let p = root.to_str().unwrap();
    common::run_ok(&["new", p]);
    common::run_ok(&["add", p, common::seed("002").to_str().unwrap()]);
    // Figures near the start, middle and end to scroll to.
    for quote in ["June 1st, 2005", "702 men, 135 women and 196 children"] {
        common::run_ok(&["annotate", p, "--source", "s1", "--quote", quote, "--kind", "figure", "--nth", "1"]);
    }
    let text = std::fs::read_to_string(common::seed("002")).unwrap();
    let last_words: String = text.split_whitespace().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" ");
    common::run_ok(&["annotate", p, "--source", "s1", "--quote", &last_words, "--kind", "quote", "--nth", "1"]);
    let state = AppState::open(&root);
    let ids: Vec<_> = state.session.project.annotations.keys().copied().collect();
    let mut h = harness_of(state, egui::vec2(1400.0, 900.0), 0.25);
    h.ctx.set_missing_glyph_policy(egui::epaint::text::MissingGlyphPolicy::Tofu);
    h.run();
    for id in ids {
        h.state_mut().state.run(UiCommand::RevealAnnotation(id));
        h.run_steps(3);
        assert_eq!(h.state().state.view.selected, Some(id));
    }
    // The original layout (with line numbers) renders too.
    h.state_mut().state.run(UiCommand::Action(Action::ToggleOriginal));
    h.run_steps(3);
    assert_eq!(h.state().state.view.mode, marginalia::model::ViewMode::Original);
}

#[test]
fn a_conflict_set_from_three_figures_with_verdict_ledger_and_sum_check() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let find = |h: &Harness<'_, MarginaliaApp>, quote: &str| {
        h.state().state.session.project.annotations.values().find(|a| a.anchor.exact.replace('\n', " ").starts_with(quote)).unwrap().id
    };
    let composition = find(&h, "702 men");
    let arrivals = find(&h, "1,014");
    let plate = find(&h, "1,019");
    assert_eq!(
        h.state().state.session.project.annotations[&composition].figure.as_ref().and_then(|f| f.parts.clone()),
        Some(vec![702.0, 135.0, 196.0])
    );

    // From the inspector of the composition: New conflict set.
    h.state_mut().state.run(UiCommand::RevealAnnotation(composition));
    h.run();
    h.get_by_label("New conflict set").click();
    h.run();
    let set = h.state().state.view.selected_set.expect("the new set is selected");
    assert!(h.state().state.windows.conflicts, "the reconciliation view opens");
    for id in [arrivals, plate] {
        h.state_mut().state.run(UiCommand::AddToSet(set, id));
    }
    h.run();
    assert_eq!(h.state().state.session.project.sets[&set].members.len(), 3);

    // The ledger shows the figures, the spread and the sum check.
    for label in [
        "1,033",
        "1,014",
        "1,019",
        "Spread of the stated values: 19 (1.9%)",
        &format!("{composition}: 702 + 135 + 196 = 1,033 — sum checks"),
    ] {
        assert!(h.query_all_by_label(label).next().is_some(), "ledger lacks {label}");
    }

    // Set a verdict by clicking it; undo takes it back, then the members, then the set.
    h.get_by_label("explained").click();
    h.run();
    assert_eq!(h.state().state.session.project.sets[&set].verdict, marginalia::model::Verdict::Explained);
    undo(&mut h);
    assert_eq!(h.state().state.session.project.sets[&set].verdict, marginalia::model::Verdict::Unresolved);
    undo(&mut h);
    undo(&mut h);
    undo(&mut h);
    assert!(!h.state().state.session.project.sets.contains_key(&set));
    redo(&mut h);
    assert!(h.state().state.session.project.sets.contains_key(&set));
}

#[test]
fn export_dialog_previews_copy_citation_and_source_details() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().state.windows.export);
    assert!(
        h.query_all_by(|n| n.value().is_some_and(|l| l.contains("## Conflicting figures"))
            || n.label().is_some_and(|l| l.contains("## Conflicting figures")))
            .next()
            .is_some(),
        "the preview shows the annotated bibliography"
    );
    // Copy an in-text citation of a figure with its locator.
    let a1 = h.state().state.session.project.annotations.values().find(|a| a.anchor.exact.starts_with("1,033")).unwrap().id;
    h.state_mut().state.run(UiCommand::SelectAnnotation(Some(a1)));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    h.run();
    let last = h.state().state.notices.last().unwrap().text.clone();
    assert!(last.starts_with("Copied: (Marginalia sample, 1905") && last.contains("para. 1"), "{last}");

    // Edit a source's title in the details form; undo brings the old one back.
    let s1 = h.state().state.session.project.annotations[&a1].source;
    let before = h.state().state.session.project.sources[&s1].meta.title.clone();
    h.state_mut().state.run(UiCommand::EditSource(Some(s1)));
    h.run();
    h.get_by_label("Title:").click();
    h.run();
    h.key_press(Key::End);
    h.run();
    h.get_by_label("Title:").type_text(" (copy)");
    h.run();
    assert_eq!(h.state().state.session.project.sources[&s1].meta.title, format!("{before} (copy)"));
    undo(&mut h);
    assert_eq!(h.state().state.session.project.sources[&s1].meta.title, before);
}

#[test]
fn search_finds_across_sources_and_jumps_to_a_hit() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().state.windows.search);
    h.get_by_label("Search:").click();
    h.run();
    h.get_by_label("Search:").type_text("merida");
    h.run();
    assert!(h.query_by_label_contains("hits in").is_some());
    let hit = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("s2:") && l.contains("Mérida")))
        .next()
        .expect("a hit in the arrival record");
    hit.click();
    h.run();
    assert_eq!(h.state().state.view.current, Some(marginalia::model::SourceId(2)));
}

/// Any node of the accessibility tree whose label or value holds `text`.
fn shows(h: &Harness<'_, MarginaliaApp>, text: &str) -> bool {
    h.query_all_by(|n| n.label().is_some_and(|l| l.contains(text)) || n.value().is_some_and(|v| v.contains(text))).next().is_some()
}

#[test]
fn caches_follow_the_project_that_is_open() {
    let (dir, path) = copy_sample();
    let mut h = harness(&path);
    {
        let state = &mut h.state_mut().state;
        state.windows.search = true;
        state.view.search_query = "merida".into();
        state.windows.conflicts = true;
        state.windows.export = true;
    }
    h.run();
    assert!(h.query_by_label_contains("hits in").is_some());
    assert!(h.query_by_label("0 hits in 0 sources").is_none());
    assert!(shows(&h, "1,033"), "the sample's figures are on screen (sets, suggestions, preview)");
    // Another project, with a document of its own: its history starts over at the
    // same state id, so only a key that names the project keeps A's results away.
    let other = dir.path().join("other");
    h.state_mut().state.run(UiCommand::CreateProjectAt(other.clone()));
    h.run();
    assert!(h.query_by_label("0 hits in 0 sources").is_some(), "the old project's hits are gone");
    for figure in ["1,033", "1,014", "1,019"] {
        assert!(!shows(&h, figure), "{figure} from the previous project is still shown in the empty one");
    }
    let doc = dir.path().join("note.txt");
    std::fs::write(&doc, "A note about Merida and nothing else.").unwrap();
    h.state_mut().state.run(UiCommand::AddPaths(vec![doc]));
    h.state_mut().state.flush_imports();
    h.run();
    h.run();
    assert!(h.query_by_label("1 hit in 1 source").is_some(), "B's own hit, not A's");
    for figure in ["1,033", "1,014", "1,019"] {
        assert!(!shows(&h, figure), "{figure} from the previous project is still shown");
    }
}

#[test]
fn the_outline_lists_headings_and_jumps_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let doc = dir.path().join("essay.txt");
    let body = "This paragraph is long enough to count as body text for the outline, so the line before it reads as a heading. ".repeat(2);
    std::fs::write(
        &doc,
        format!("Arrivals\n\n{body}\n\nThe Plate in Merida\n\n{body} Over 1,000[1] arrived.\n\n[1] The paperwork says 1,014."),
    )
    .unwrap();
    common::run_ok(&["new", p.to_str().unwrap()]);
    common::run_ok(&["add", p.to_str().unwrap(), doc.to_str().unwrap()]);
    let mut h = harness(&p);
    assert!(h.query_by_label("Outline").is_some());
    h.get_by_label("    The Plate in Merida").click();
    h.run();
    assert_eq!(h.state().state.view.current, Some(marginalia::model::SourceId(1)));
}

#[test]
fn documents_import_in_the_background_as_one_undoable_step() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    let before = h.state().state.session.project.sources.len();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files =
        vec![fixtures.join("fixture.pdf"), fixtures.join("fixture.html"), fixtures.join("fixture.md"), fixtures.join("missing.txt")];
    h.state_mut().state.run(UiCommand::AddPaths(files));
    assert!(h.state().state.import_progress().is_some(), "the import runs in the background");
    h.state_mut().state.flush_imports();
    h.run();
    assert_eq!(h.state().state.session.project.sources.len(), before + 3, "three documents added");
    assert!(h.state().state.notices.iter().any(|n| n.is_error && n.text.contains("missing.txt")), "the bad one is reported");
    let pdf = h.state().state.session.project.sources.values().find(|s| s.file.as_deref() == Some("fixture.pdf")).unwrap();
    assert_eq!(pdf.page_starts.len(), 3);
    undo(&mut h);
    assert_eq!(h.state().state.session.project.sources.len(), before);
}

#[test]
fn file_import_qda_project_adds_it_as_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let sample = ProjectFolder::open(&common::sample_project()).unwrap().project;
    let file = dir.path().join("sample.qdpx");
    std::fs::write(&file, marginalia::store::qdpx::write::qdpx(&sample).unwrap()).unwrap();
    let empty = dir.path().join("empty");
    ProjectFolder::create(&empty, "Empty").unwrap();
    let mut h = harness(&empty);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import QDA project or codebook (REFI-QDA)…").click();
    h.run();
    h.state_mut().state.path_prompt.as_mut().expect("a path prompt").1 = file.display().to_string();
    h.run();
    h.get_by_label("OK").click();
    h.run();
    let project = &h.state().state.session.project;
    assert_eq!((project.sources.len(), project.annotations.len(), project.links.len(), project.sets.len()), (5, 7, 6, 1));
    let notices: Vec<&str> = h.state().state.notices.iter().map(|n| n.text.as_str()).collect();
    assert!(notices.iter().any(|n| n.contains("imported 5 sources")), "{notices:?}");
    undo(&mut h);
    assert!(h.state().state.session.project.sources.is_empty(), "one undo removes the whole import");
}

#[test]
fn accepting_a_suggestion_asks_first_and_the_set_starts_unresolved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p");
    let p = path.to_str().unwrap();
    common::run_ok(&["new", p]);
    let boarded = dir.path().join("boarded.txt");
    let arrived = dir.path().join("arrived.txt");
    std::fs::write(&boarded, "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.").unwrap();
    std::fs::write(&arrived, "Records in Mérida show that 1,014 Korean migrants arrived in Yucatán from Chemulpo in May 1905.").unwrap();
    common::run_ok(&["add", p, boarded.to_str().unwrap(), arrived.to_str().unwrap()]);
    let mut h = harness(&path);
    h.state_mut().state.run(UiCommand::Action(Action::ToggleConflicts));
    h.run();
    h.get_by_label("Accept suggestion 1").click();
    h.run();
    assert!(h.state().state.session.project.annotations.is_empty(), "nothing is annotated before the editor says yes");
    assert!(h.query_by_label("Accepting annotates 2 figure(s):").is_some(), "it says which figures it will annotate");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().state.session.project.sets.is_empty());
    h.get_by_label("Accept suggestion 1").click();
    h.run();
    h.get_by_label("Annotate and accept suggestion 1").click();
    h.run();
    let state = &h.state().state;
    assert_eq!(state.session.project.annotations.len(), 2);
    let set = state.session.project.sets.values().next().expect("a set");
    assert_eq!(set.verdict, marginalia::model::Verdict::Unresolved, "nobody has judged it yet");
    // The suggester's reasoning is kept apart from the editor's rationale (never exported as it).
    assert!(set.rationale.is_empty(), "{}", set.rationale);
    assert!(set.suggested_because.contains("departure vs arrival"), "{}", set.suggested_because);
}

#[test]
fn the_spread_leaves_open_intervals_out() {
    use marginalia::model::FigureValue;
    use marginalia::model::figures::Qualifier;
    use marginalia::ui::conflicts::point_spread;
    let over = FigureValue { low: Some(1000.0), high: None, qualifier: Qualifier::MoreThan, ..FigureValue::exact(1000.0, None) };
    let (a, b) = (FigureValue::exact(1033.0, None), FigureValue::exact(1014.0, None));
    assert_eq!(point_spread(&[&over, &a, &b]).map(|s| s.0), Some(19.0), "over 1,000 is no point at 1,000");
    assert_eq!(point_spread(&[&over, &a]), None);
}

#[test]
fn the_palette_lists_every_action_with_the_shortcut_it_is_bound_to() {
    let (_dir, path) = copy_sample();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(h.state().state.windows.palette.open, "Ctrl+Shift+P opens the palette");
    for action in Action::palette() {
        let text = match action.shortcut_text() {
            Some(s) => format!("{}    {s}", action.label()),
            None => action.label().to_string(),
        };
        assert!(h.query_by_label(&text).is_some(), "palette entry `{text}` missing");
    }
    // Typing narrows the list; Enter runs the first enabled match.
    h.get_by_label("Command:").type_text("codebook");
    h.run();
    assert!(h.query_by_label("Codebook    Ctrl+K").is_some());
    assert!(h.query_by_label("Undo").is_none(), "narrowed to what matches");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().state.windows.codebook.open, "the palette ran Codebook; palette open: {}", h.state().state.windows.palette.open);
    assert!(!h.state().state.windows.palette.open);
}
