//! Project folder round trips, atomic saves and conflict detection.
#![allow(clippy::unwrap_used)]

mod common;

use marginalia::model::{CharRange, Kind, Person, Project, Relation, Source, SourceId, ops};
use marginalia::store::{ProjectFolder, StoreError};

fn rich_project() -> Project {
    let mut p = Project::new("Round trip");
    let mut source = Source::untitled(SourceId(1), "plate.txt");
    source.meta.title = "Memorial plate, Mérida".into();
    source.meta.authors = vec![Person::new("Kim", "Victoria"), Person::literal("Comisión México-Corea")];
    source.meta.issued = "2021-10".into();
    source.meta.guessed.insert("issued".into());
    ops::add_source(&p, source, "The plate says 1,019 people arrived.\nСеул and Mérida.".into()).apply(&mut p);
    let (tx, a) = ops::add_annotation(&p, SourceId(1), CharRange::new(15, 20), Kind::Figure, "2026-01-01T00:00:00Z").unwrap();
    tx.apply(&mut p);
    let (tx, b) = ops::add_annotation(&p, SourceId(1), CharRange::new(37, 41), Kind::Quote, "2026-01-01T00:00:00Z").unwrap();
    tx.apply(&mut p);
    ops::add_tag(&p, a, "plaque", "t").unwrap().apply(&mut p);
    ops::set_note(&p, a, "Line one\n\"quoted\" and `code`", "t").unwrap().apply(&mut p);
    ops::add_link(&p, a, b, Relation::Explains, "why").unwrap().apply(&mut p);
    p
}

#[test]
fn save_load_is_equal_and_an_unchanged_save_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let mut loaded = ProjectFolder::create(&root, "x").unwrap();
    let project = rich_project();
    assert!(loaded.folder.save(&project).unwrap());
    let first = std::fs::read(root.join("project.ron")).unwrap();

    let reopened = ProjectFolder::open(&root).unwrap();
    assert!(reopened.warnings.is_empty(), "{:?}", reopened.warnings);
    assert_eq!(reopened.project, project);

    let mut folder = reopened.folder;
    assert!(!folder.save(&reopened.project).unwrap(), "nothing changed, nothing written");
    assert_eq!(std::fs::read(root.join("project.ron")).unwrap(), first);
    assert_eq!(marginalia::store::folder::serialize_project(&reopened.project).unwrap().as_bytes(), first.as_slice());
}

#[test]
fn each_save_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let mut loaded = ProjectFolder::create(&root, "x").unwrap();
    let v1 = std::fs::read(root.join("project.ron")).unwrap();
    let project = rich_project();
    loaded.folder.save(&project).unwrap();
    assert_eq!(std::fs::read(root.join("project.ron.bak")).unwrap(), v1);
    let bak_text = std::fs::read_to_string(root.join("project.ron.bak")).unwrap();
    let bak = marginalia::store::folder::parse_project(&root.join("project.ron.bak"), bak_text).unwrap();
    assert_eq!(bak.title, "x", "the backup is the loadable previous version");
}

#[test]
fn a_project_changed_by_someone_else_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    ProjectFolder::create(&root, "x").unwrap();
    let mut first = ProjectFolder::open(&root).unwrap();
    let mut second = ProjectFolder::open(&root).unwrap();
    second.folder.save(&rich_project()).unwrap();
    let theirs = std::fs::read(root.join("project.ron")).unwrap();
    first.project.title = "mine".into();
    let err = first.folder.save(&first.project).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(std::fs::read(root.join("project.ron")).unwrap(), theirs);
}

#[test]
fn a_missing_text_orphans_annotations_but_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let mut loaded = ProjectFolder::create(&root, "x").unwrap();
    loaded.folder.save(&rich_project()).unwrap();
    std::fs::remove_file(root.join("sources/s1.txt")).unwrap();
    let mut reopened = ProjectFolder::open(&root).unwrap();
    assert!(reopened.reanchor.is_some(), "orphaning is a step of its own, not done behind the caller's back");
    assert!(reopened.apply_reanchor());
    assert_eq!(reopened.project.annotations.len(), 2);
    assert!(reopened.project.annotations.values().all(|a| a.anchor.status == marginalia::model::AnchorStatus::Orphan));
    assert!(reopened.warnings[0].contains("sources/s1.txt"), "{:?}", reopened.warnings);
}

#[test]
fn a_text_changed_on_disk_is_reanchored_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let mut loaded = ProjectFolder::create(&root, "x").unwrap();
    loaded.folder.save(&rich_project()).unwrap();
    std::fs::write(root.join("sources/s1.txt"), "Preface.\nThe plate says 1,019 people arrived.\nСеул and Mérida.").unwrap();
    let mut reopened = ProjectFolder::open(&root).unwrap();
    let as_saved = reopened.project.annotations.clone();
    let tx = reopened.reanchor.take().expect("a re-anchoring step");
    let undo = tx.apply(&mut reopened.project);
    assert!(reopened.project.sources[&SourceId(1)].hash.is_some());
    let text = &reopened.project.texts[&SourceId(1)];
    for a in reopened.project.annotations.values() {
        assert_eq!(text.stored.slice(a.anchor.range), a.anchor.exact);
    }
    // Its inverse gives back the project exactly as loaded.
    undo.apply(&mut reopened.project);
    assert_eq!(reopened.project.annotations, as_saved);
}

#[test]
fn save_as_copies_everything_rebases_original_paths_and_refuses_an_existing_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("research").join("proj");
    let mut loaded = ProjectFolder::create(&root, "Moving").unwrap();
    let mut project = rich_project();
    let original = dir.path().join("research").join("docs").join("plate.txt");
    std::fs::create_dir_all(original.parent().unwrap()).unwrap();
    std::fs::write(&original, "The plate says 1,019 people arrived.").unwrap();
    let source = project.sources.get_mut(&SourceId(1)).unwrap();
    source.original_path = Some("../docs/plate.txt".into());
    source.text_path = Some("sources/plate.txt".into());
    loaded.folder.save(&project).unwrap();
    let old_file = std::fs::read(root.join("project.ron")).unwrap();

    let to = dir.path().join("elsewhere").join("deeper").join("copy");
    let (folder, moved) = ProjectFolder::save_as(&root, &project, &to).unwrap();
    assert_eq!(folder.root(), to.as_path());
    let rebased = moved.sources[&SourceId(1)].original_path.clone().unwrap();
    assert_eq!(rebased, "../../../research/docs/plate.txt", "still points at the same document");
    assert!(marginalia::store::import::resolve_original(&rebased, &to).exists());
    let reopened = ProjectFolder::open(&to).unwrap();
    assert_eq!(reopened.project.annotations, project.annotations);
    assert_eq!(reopened.project.texts[&SourceId(1)].stored.as_str(), project.texts[&SourceId(1)].stored.as_str());
    assert_eq!(std::fs::read(root.join("project.ron")).unwrap(), old_file, "the old folder is not touched");

    // A folder that already holds a project is refused and left as it was.
    let err = ProjectFolder::save_as(&to, &project, &root).unwrap_err().to_string();
    assert!(err.contains("already exists") && err.contains("project.ron"), "{err}");
    assert_eq!(std::fs::read(root.join("project.ron")).unwrap(), old_file);
}
