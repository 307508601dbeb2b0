//! Files: the project folder (`project.ron` + `sources/`), atomic saves, and
//! document import. Everything that touches the disk lives here; the model stays pure.

pub mod atomic;
pub mod folder;
pub mod git;
pub mod import;
pub mod import_batch;
pub mod saver;
pub mod session;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use folder::{Loaded, ProjectFolder};

/// A problem with a file, always naming the file.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse { path: PathBuf, line: usize, col: usize, message: String },
    #[error("{}: {problem}", path.display())]
    Invalid { path: PathBuf, problem: String },
    #[error(
        "{}: written by a newer Marginalia (project format version {found}; this version reads up to {supported}). The file was not changed.",
        path.display()
    )]
    NewerVersion { path: PathBuf, found: u32, supported: u32 },
    #[error("{}: not saved ({source}){}. The last saved version is unchanged.", path.display(), save_advice(source))]
    NotSaved { path: PathBuf, source: std::io::Error },
    #[error(
        "{}: not saved: it changed on disk since it was opened (another window or program saved it). Reload it, overwrite it, or save this project elsewhere (File, Save project as).",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
}

/// What a failed write means for the user and what to do, after the system's own words.
fn save_advice(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull => ": the disk is full; free some space and save again",
        ErrorKind::ReadOnlyFilesystem => ": the disk is read-only; save the project elsewhere (File, Save project as)",
        ErrorKind::PermissionDenied => ": no permission to write here; save the project elsewhere (File, Save project as)",
        ErrorKind::FileTooLarge => ": the file is larger than this system allows",
        _ => "",
    }
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }

    /// A write of a save that failed (the atomic write left the previous file).
    pub fn not_saved(path: &Path, source: std::io::Error) -> Self {
        Self::NotSaved { path: path.to_path_buf(), source }
    }

    pub fn invalid(path: &Path, problem: impl Into<String>) -> Self {
        Self::Invalid { path: path.to_path_buf(), problem: problem.into() }
    }
}

/// The current time as RFC 3339 (seconds), for annotation timestamps.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
pub mod bib;
pub mod csl_record;
pub mod doc_meta;
pub mod epub;
pub mod export;
pub mod formats;
pub mod qdpx;
pub mod zotero;
