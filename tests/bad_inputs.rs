//! Bad inputs get a clear error naming the file, and nothing is lost or overwritten.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use marginalia::store::ProjectFolder;

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    run_ok(&["new", p.to_str().unwrap()]);
    (dir, p)
}

#[test]
fn a_document_over_the_size_limit_is_refused_without_reading_it() {
    let (dir, p) = project();
    let big = dir.path().join("huge.txt");
    // A sparse file: 201 MB long, nothing written, so the test stays cheap.
    std::fs::File::create(&big).unwrap().set_len(201 * 1024 * 1024).unwrap();
    let o = marginalia(&["add", p.to_str().unwrap(), big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let msg = stderr(&o);
    assert!(msg.contains("huge.txt") && msg.contains("201 MB") && msg.contains("over 200 MB"), "{msg}");
}

#[test]
fn a_bibliography_over_the_size_limit_is_refused_without_reading_it() {
    let (dir, p) = project();
    let big = dir.path().join("huge.bib");
    std::fs::File::create(&big).unwrap().set_len(201 * 1024 * 1024).unwrap();
    let before = std::fs::read(p.join("project.ron")).unwrap();
    let doc = dir.path().join("plate.txt");
    std::fs::write(&doc, "The plate names 1,019 arrivals.").unwrap();
    let o = marginalia(&["add", p.to_str().unwrap(), doc.to_str().unwrap(), "--bib", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let msg = stderr(&o);
    assert!(msg.contains("huge.bib") && msg.contains("over 200 MB"), "{msg}");
    // The refused bibliography adds nothing; the document beside it is added (one
    // import for the CLI and the app: a failing file fails alone).
    let after = String::from_utf8(std::fs::read(p.join("project.ron")).unwrap()).unwrap();
    assert_ne!(after.as_bytes(), before.as_slice());
    assert_eq!(after.matches("id: \"s").count(), 1, "one source, the document: {after}");
    assert!(after.contains("plate.txt"));
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
    let (dir, p) = project();
    let latin = dir.path().join("latin1.txt");
    std::fs::write(&latin, b"M\xe9rida, Yucat\xe1n: 1,014 arrivals").unwrap();
    let o = marginalia(&["add", p.to_str().unwrap(), latin.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("Windows-1252"), "{}", stderr(&o));
    let text = run_ok(&["text", p.to_str().unwrap(), "s1"]);
    assert!(text.contains("Mérida, Yucatán"));
}

#[test]
fn a_malformed_project_file_points_to_the_line_and_offers_the_backup() {
    let (_dir, p) = project();
    let file = p.join("project.ron");
    // Save once more so a loadable backup exists.
    let mut loaded = ProjectFolder::open(&p).unwrap();
    loaded.project.title = "second".into();
    loaded.folder.save(&loaded.project).unwrap();
    let good = std::fs::read_to_string(&file).unwrap();
    let broken = good.replacen("title:", "title", 1);
    std::fs::write(&file, &broken).unwrap();
    let err = ProjectFolder::open(&p).unwrap_err().to_string();
    assert!(err.contains("project.ron:") && err.contains("project.ron.bak") && err.contains("not changed"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken, "untouched");
}

#[test]
fn deeply_nested_or_huge_ron_is_bounded() {
    let (_dir, p) = project();
    let file = p.join("project.ron");
    let nested = format!("(format: \"marginalia-project\", version: 1, project: (title: {}1{}))", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(&file, &nested).unwrap();
    let err = ProjectFolder::open(&p).unwrap_err().to_string();
    assert!(err.contains("project.ron"), "{err}");
    let huge_string = format!("(format: \"marginalia-project\", version: 1, project: (title: \"{}\"))", "x".repeat(5_000_000));
    std::fs::write(&file, &huge_string).unwrap();
    let loaded = ProjectFolder::open(&p).unwrap();
    assert_eq!(loaded.project.title.len(), 5_000_000, "large but well-formed values load");
}

#[test]
fn a_read_only_project_folder_fails_to_save_clearly_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, p) = project();
    let before = std::fs::read(p.join("project.ron")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = p.join("probe");
    let privileged = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    if !privileged {
        let mut loaded = ProjectFolder::open(&p).unwrap();
        loaded.project.title = "changed".into();
        let err = loaded.folder.save(&loaded.project).unwrap_err().to_string();
        assert!(err.contains("project.ron"), "{err}");
        assert_eq!(std::fs::read(p.join("project.ron")).unwrap(), before);
    }
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    // As root the folder stays writable and the check above cannot apply; the
    // read-only file system case in tests/full_disk.rs covers root.
}

#[test]
fn a_project_file_with_a_number_that_is_not_finite_is_refused_and_left_alone() {
    // Found by fuzzing: `NaNf64` in a figure value loaded, and NaN != NaN broke the
    // promise that a loaded project saves back unchanged.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    copy_sample_to(&p);
    let file = p.join("project.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    for bad in ["NaNf64", "inf"] {
        let broken = text.replacen("low: Some(1033.0)", &format!("low: Some({bad})"), 1);
        assert_ne!(broken, text, "the sample has the figure 1,033");
        std::fs::write(&file, &broken).unwrap();
        let err = ProjectFolder::open(&p).unwrap_err().to_string();
        assert!(err.contains("project.ron") && err.contains("not a finite number"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), broken, "untouched");
    }
}

#[test]
fn a_misspelt_field_in_the_project_file_is_named_not_dropped() {
    // Found by fuzzing: `filg:` for `file:` loaded, the field was ignored, and the next
    // save would have dropped what the user wrote. Now the loader names it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    copy_sample_to(&p);
    let file = p.join("project.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen("file: Some(", "filg: Some(", 1);
    assert_ne!(broken, text);
    std::fs::write(&file, &broken).unwrap();
    let err = ProjectFolder::open(&p).unwrap_err().to_string();
    assert!(err.contains("project.ron:") && err.contains("filg"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken, "untouched");
}
