//! The project folder: `project.ron` (format name, schema version, the project) and
//! `sources/` with the stored text of every imported document.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{StoreError, atomic};
use crate::model::ops::content_hash;
use crate::model::{Project, SourceId, SourceText};

pub const FORMAT: &str = "marginalia-project";
/// The schema version this build writes (and the newest it reads).
pub const VERSION: u32 = 1;
pub const PROJECT_FILE: &str = "project.ron";
pub const SOURCES_DIR: &str = "sources";

/// Upgrades the project file text from version `n + 1` to `n + 2` at index `n`.
/// Version 1 is the first; new schema versions append a step here.
const MIGRATIONS: [fn(String) -> Result<String, String>; 0] = [];

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    project: &'a Project,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    project: Project,
}

/// What was last read from or written to disk, to notice changes by others.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<DiskStamp> {
    let meta = fs::metadata(path).ok()?;
    Some(DiskStamp { len: meta.len(), modified: meta.modified().ok() })
}

/// An open project folder.
#[derive(Debug, Clone)]
pub struct ProjectFolder {
    root: PathBuf,
    stamp: Option<DiskStamp>,
    /// Hash of each stored text as it is on disk, by relative path.
    text_hashes: BTreeMap<String, String>,
}

/// A loaded project and what the user should be told about loading it.
#[derive(Debug)]
pub struct Loaded {
    pub folder: ProjectFolder,
    pub project: Project,
    pub warnings: Vec<String>,
    /// The step that brings the project in line with its files (annotations of stored
    /// texts that changed on disk re-anchored, those of missing texts orphaned), NOT
    /// applied: the app applies it through its history (so it shows as a change, is
    /// saved and can be undone), the CLI applies it and saves. `None`: nothing to do.
    pub reanchor: Option<crate::model::Transaction>,
}

impl Loaded {
    /// Applies the load-time re-anchoring directly (no history): for the CLI and tools,
    /// which then save. Returns whether anything changed.
    pub fn apply_reanchor(&mut self) -> bool {
        match self.reanchor.take() {
            Some(tx) => {
                tx.apply(&mut self.project);
                true
            }
            None => false,
        }
    }
}

/// What reading a project's stored texts gives: the texts by source, warnings for the
/// user, and which sources' texts changed or went missing on disk.
type LoadedTexts = (BTreeMap<SourceId, std::sync::Arc<SourceText>>, Vec<String>, crate::model::ops::DiskChanges);

impl ProjectFolder {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn project_file(&self) -> PathBuf {
        self.root.join(PROJECT_FILE)
    }

    /// Creates a new project folder (refusing to touch an existing project).
    pub fn create(root: &Path, title: &str) -> Result<Loaded, StoreError> {
        let file = root.join(PROJECT_FILE);
        if file.exists() {
            return Err(StoreError::invalid(&file, "a project already exists here; it was left untouched"));
        }
        fs::create_dir_all(root.join(SOURCES_DIR)).map_err(|e| StoreError::io(root, e))?;
        let mut folder = ProjectFolder { root: root.to_path_buf(), stamp: None, text_hashes: BTreeMap::new() };
        let project = Project::new(title);
        folder.save(&project)?;
        Ok(Loaded { folder, project, warnings: Vec::new(), reanchor: None })
    }

    /// Saves the project into another folder ("Save project as"), which becomes the
    /// project's folder from then on: every stored text and the project file are
    /// written there, and document paths recorded relative to the old folder `from` are
    /// re-based so that refresh still finds the originals. A folder that already
    /// holds a project is refused and left untouched; the old folder is not changed.
    pub fn save_as(from: &Path, project: &Project, to: &Path) -> Result<(ProjectFolder, Project), StoreError> {
        let file = to.join(PROJECT_FILE);
        if file.exists() {
            return Err(StoreError::invalid(&file, "a project already exists here; it was left untouched (choose an empty or new folder)"));
        }
        fs::create_dir_all(to.join(SOURCES_DIR)).map_err(|e| StoreError::not_saved(to, e))?;
        let mut moved = project.clone();
        // A copy tag belongs to one folder: the new folder gets its own (if shared).
        moved.replica = super::git::replica_for(to)?;
        for source in moved.sources.values_mut() {
            let Some(recorded) = source.original_path.as_deref() else { continue };
            if Path::new(recorded).is_absolute() {
                continue;
            }
            let original = crate::store::import::resolve_original(recorded, from);
            if let Some(rebased) = crate::store::import::original_path(&original, to) {
                source.original_path = Some(rebased);
            }
        }
        let mut folder = ProjectFolder { root: to.to_path_buf(), stamp: None, text_hashes: BTreeMap::new() };
        folder.save(&moved)?;
        Ok((folder, moved))
    }

    /// Opens a project folder (or its `project.ron`), loading every stored text.
    pub fn open(path: &Path) -> Result<Loaded, StoreError> {
        let root = if path.file_name().is_some_and(|n| n == PROJECT_FILE) {
            path.parent().unwrap_or(Path::new(".")).to_path_buf()
        } else {
            path.to_path_buf()
        };
        let file = root.join(PROJECT_FILE);
        if !file.exists() {
            let problem = if root.is_dir() { "no project.ron here: not a Marginalia project folder" } else { "no such project folder" };
            return Err(StoreError::invalid(&file, problem));
        }
        let text = fs::read_to_string(&file).map_err(|e| StoreError::io(&file, e))?;
        let before = stamp(&file);
        let mut project = parse_project(&file, text).map_err(|e| offer_backup(&file, e))?;
        project.replica = super::git::replica_for(&root)?;
        let mut folder = ProjectFolder { root, stamp: before, text_hashes: BTreeMap::new() };
        let (texts, mut warnings, changes) = folder.load_texts(&project)?;
        // The project is still being built here (no one else holds it): its texts are
        // part of loading, not an edit, and the re-anchoring that follows is one.
        project.texts = texts;
        let reanchor = crate::model::ops::reconcile_with_disk(&project, &changes).map(|(tx, moved, orphaned)| {
            warnings.push(format!("{moved} annotations re-anchored, {orphaned} orphaned (a change you can undo; save to keep it)"));
            tx
        });
        Ok(Loaded { folder, project, warnings, reanchor })
    }

    /// Reads every stored text of `project` and reports which ones no longer match the
    /// project file (changed or missing): (texts by source, warnings, changes).
    fn load_texts(&mut self, project: &Project) -> Result<LoadedTexts, StoreError> {
        let mut texts = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut changes = crate::model::ops::DiskChanges::default();
        let ids: Vec<SourceId> = project.sources.keys().copied().collect();
        for id in ids {
            let Some(rel) = project.sources[&id].text_path.clone() else {
                continue;
            };
            let path =
                confined_path(&self.root, &rel).map_err(|p| StoreError::invalid(&self.project_file(), format!("source {id}: {p}")))?;
            let name = project.sources[&id].display_title();
            let text = match fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    let n = project.annotations_of(id).len();
                    changes.missing.push(id);
                    warnings.push(format!(
                        "{}: cannot read the stored text of {id} ({name}): {e}; its {n} annotations are shown as orphans",
                        path.display()
                    ));
                    continue;
                }
            };
            let hash = content_hash(&text);
            self.text_hashes.insert(rel.clone(), hash.clone());
            if project.sources[&id].hash.as_deref() != Some(hash.as_str()) {
                changes.changed.push(id);
                warnings.push(format!("{}: the stored text of {id} ({name}) changed on disk", path.display()));
            }
            texts.insert(id, SourceText::new(text));
        }
        Ok((texts, warnings, changes))
    }

    /// Saves atomically, keeping `project.ron.bak`. Returns whether anything was
    /// written (an unchanged project leaves the files as they are). Refuses to
    /// overwrite a `project.ron` that someone else changed since it was read.
    pub fn save(&mut self, project: &Project) -> Result<bool, StoreError> {
        let file = self.project_file();
        if self.stamp.is_some() && stamp(&file) != self.stamp {
            return Err(StoreError::ChangedOnDisk { path: file });
        }
        atomic::clean_leftovers(&file);
        if let Some(replica) = project.replica {
            // Before any id made with it is saved, so a crash cannot lose the tag.
            super::git::keep_replica(&self.root, replica)?;
        }
        let mut wrote = false;
        for source in project.sources.values() {
            let (Some(rel), Some(text)) = (&source.text_path, project.texts.get(&source.id)) else {
                continue;
            };
            let hash = source.hash.clone().unwrap_or_else(|| content_hash(text.stored.as_str()));
            if self.text_hashes.get(rel) == Some(&hash) {
                continue;
            }
            let path = confined_path(&self.root, rel).map_err(|p| StoreError::invalid(&file, p))?;
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| StoreError::not_saved(dir, e))?;
            }
            atomic::write(&path, text.stored.as_str().as_bytes(), true).map_err(|e| StoreError::not_saved(&path, e))?;
            self.text_hashes.insert(rel.clone(), hash);
            wrote = true;
        }
        let out = serialize_project(project).map_err(|e| StoreError::invalid(&file, e))?;
        if fs::read(&file).is_ok_and(|current| current == out.as_bytes()) {
            return Ok(wrote);
        }
        atomic::write(&file, out.as_bytes(), true).map_err(|e| StoreError::not_saved(&file, e))?;
        self.stamp = stamp(&file);
        Ok(true)
    }

    /// Forgets what was on disk, so the next save overwrites (after the user chose to).
    pub fn accept_disk_changes(&mut self) {
        self.stamp = stamp(&self.project_file());
    }
}

/// The project file's text for a project (deterministic).
pub fn serialize_project(project: &Project) -> Result<String, String> {
    let config = ron::ser::PrettyConfig::new().indentor("  ").struct_names(false);
    let mut out = ron::ser::to_string_pretty(&FileOut { format: FORMAT, version: VERSION, project }, config).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

/// Parses a project file's text, migrating older versions and refusing newer ones.
pub fn parse_project(file: &Path, mut text: String) -> Result<Project, StoreError> {
    let parse_error = |e: ron::error::SpannedError| StoreError::Parse {
        path: file.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    let header: Header = ron::Options::default().from_str(&text).map_err(parse_error)?;
    if header.format != FORMAT {
        return Err(StoreError::invalid(file, format!("not a Marginalia project (format `{}`)", header.format)));
    }
    if header.version > VERSION {
        return Err(StoreError::NewerVersion { path: file.to_path_buf(), found: header.version, supported: VERSION });
    }
    if header.version == 0 {
        return Err(StoreError::invalid(file, "project format version 0 does not exist"));
    }
    for step in MIGRATIONS.iter().skip(header.version as usize - 1) {
        text = step(text).map_err(|e| StoreError::invalid(file, format!("cannot upgrade: {e}")))?;
    }
    let parsed: FileIn = ron::Options::default().from_str(&text).map_err(parse_error)?;
    let project = parsed.project;
    project.check_invariants().map_err(|e| StoreError::invalid(file, e))?;
    Ok(project)
}

/// A project file that cannot be read is left alone; if its backup loads, say so.
fn offer_backup(file: &Path, error: StoreError) -> StoreError {
    let bak = atomic::backup_path(file);
    let bak_loads = std::fs::read_to_string(&bak).ok().is_some_and(|t| parse_project(&bak, t).is_ok());
    let hint = if bak_loads {
        format!(" (the file was not changed; the previous save, {}, loads: copy it over project.ron to go back to it)", bak.display())
    } else {
        " (the file was not changed)".to_string()
    };
    match error {
        StoreError::Parse { path, line, col, message } => StoreError::Parse { path, line, col, message: message + &hint },
        StoreError::Invalid { path, problem } => StoreError::Invalid { path, problem: problem + &hint },
        other => other,
    }
}

/// Resolves a stored-text path, refusing anything outside the `sources/` folder.
pub fn confined_path(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let path = Path::new(rel);
    let mut components = path.components();
    let inside = components.next() == Some(Component::Normal(SOURCES_DIR.as_ref()))
        && components.clone().next().is_some()
        && components.all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(format!("stored text path `{rel}` is not inside {SOURCES_DIR}/ (refused)"));
    }
    Ok(root.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_sources_are_refused() {
        let root = Path::new("proj");
        assert!(confined_path(root, "sources/s1.txt").is_ok());
        for bad in ["../etc/passwd", "/etc/passwd", "sources/../../x", "sources", "notes/s1.txt"] {
            assert!(confined_path(root, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn newer_versions_and_garbage_are_refused_with_positions() {
        let file = Path::new("p/project.ron");
        let newer = "(format: \"marginalia-project\", version: 99, project: ())".to_string();
        assert!(matches!(parse_project(file, newer), Err(StoreError::NewerVersion { found: 99, .. })));
        let broken = "(format: \"marginalia-project\",\n version: 1,\n project: (title: \"x\", sources: [ (id: 3 ]))".to_string();
        let err = parse_project(file, broken).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::Parse { line: 3, .. }), "{msg}");
        assert!(msg.starts_with("p/project.ron:3:"), "{msg}");
    }
}
