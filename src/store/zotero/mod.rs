//! Importing a Zotero library (`import-zotero`): items with their metadata, their
//! attachments' documents, and the annotations made on them in Zotero's reader.
//!
//! - [`db`] reads a *copy* of `zotero.sqlite` (Zotero may be running and holding it
//!   locked; the user's file is never opened for writing), joining on field and type
//!   names since their numbers differ between libraries.
//! - [`meta`] maps an item to our CSL-like record (types, dates, names with particles).
//! - [`plan`] builds one transaction: new items become sources, known ones (by Zotero
//!   key) are updated, annotations are anchored by quote near their page, or kept as
//!   orphans with their quote.

pub mod db;
pub mod meta;
pub mod plan;

use std::path::Path;

pub use db::{Snapshot, ZLibrary};
pub use plan::{Summary, colour_tag};

use super::StoreError;
use super::import::{self, ImportedText};
use crate::model::{Project, Transaction};

/// Reads an attachment's file with the document importers (PDF, HTML snapshot,
/// DOCX, Markdown, plain text) and EPUB, choosing by the file's extension as `add`
/// does. Errors name the file: unsupported types and unreadable documents.
pub fn read_attachment(file: &Path, content_type: &str) -> Result<ImportedText, StoreError> {
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if content_type.contains("epub") || ext == "epub" {
        return read_epub(file);
    }
    if !import::EXTENSIONS.contains(&ext.as_str()) {
        return Err(StoreError::invalid(file, format!("unsupported attachment type {content_type}")));
    }
    import::read_document(file)
}

/// An EPUB attachment's text (chapters in reading order), with the size limit documents have.
fn read_epub(file: &Path) -> Result<ImportedText, StoreError> {
    let size = std::fs::metadata(file).map_err(|e| StoreError::io(file, e))?.len();
    if size > import::MAX_DOCUMENT_BYTES {
        return Err(StoreError::invalid(
            file,
            format!("is {} MB; documents over {} MB are not imported", size >> 20, import::MAX_DOCUMENT_BYTES >> 20),
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| StoreError::io(file, e))?;
    let converted = super::epub::epub(&bytes).map_err(|problem| StoreError::invalid(file, problem.to_string()))?;
    if converted.text.trim().is_empty() {
        return Err(StoreError::invalid(file, "has no readable text"));
    }
    Ok(ImportedText { text: import::normalise_newlines(&converted.text), warnings: Vec::new(), pages: Vec::new(), meta: None })
}

/// The collection paths (`Parent/Child`, sorted) of the Zotero library in `data_dir`,
/// for choosing one before importing. Errors as [`import`]'s.
pub fn collections(data_dir: &Path) -> Result<Vec<String>, StoreError> {
    Snapshot::open(data_dir)?.collection_paths()
}

/// Reads the Zotero library in `data_dir` (the folder holding `zotero.sqlite` and
/// `storage/`) and builds its import into `project` (whose folder is `project_root`)
/// as one transaction, with a summary. `collection` keeps only that collection
/// (a name or a `Parent/Child` path) and its subcollections. `progress(done, total)`
/// is called once per item.
///
/// Errors: no database there; a locked-and-uncopyable, damaged, truncated or
/// non-Zotero database (the message names the file); an unknown collection.
pub fn import(
    project: &Project,
    data_dir: &Path,
    project_root: &Path,
    collection: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Transaction, Summary), StoreError> {
    // The database file itself given for its folder: take the folder it is in.
    let data_dir = match data_dir.file_name() {
        Some(name) if name == "zotero.sqlite" && data_dir.is_file() => data_dir.parent().unwrap_or(data_dir),
        _ => data_dir,
    };
    let snapshot = Snapshot::open(data_dir)?;
    let lib = snapshot.read()?;
    drop(snapshot);
    plan::plan(project, &lib, data_dir, project_root, collection, progress)
        .map_err(|problem| StoreError::invalid(&data_dir.join("zotero.sqlite"), problem))
}
