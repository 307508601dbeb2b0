//! One import of documents and bibliography files, the same for the CLI (`add`) and
//! the app (Add documents, Import bibliography, files dropped on the window).
//!
//! Two steps, so the slow one can run off the UI thread:
//! 1. [`read_inputs`] reads and decodes every file (disk and parsing only, no project);
//! 2. [`plan`] turns what was read into **one** [`Transaction`] against the project
//!    (through [`crate::model::batch::Batch`], so new ids count on from each other) plus
//!    an [`ImportReport`] of what was added, matched, warned about and what failed.
//!
//! A file that cannot be read is a failure of that file only: the others are imported
//! and the failure is reported (the CLI exits 1, the app shows an error). The same text
//! twice (already in the project, or twice in one import) is skipped with a warning.
//! When exactly one document and one bibliography record arrive together they are
//! paired; other records go to the source they describe (`file` field, DOI, URL,
//! title) or become sources without a document ([`super::bib::apply_records`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::StoreError;
use super::bib::{self, Records};
use super::import::{self, ImportedText};
use crate::model::batch::Batch;
use crate::model::{Project, SourceId, Transaction, ops};

/// Extensions read as bibliographies (BibTeX/BibLaTeX, RIS, CSL-JSON) when files
/// arrive without saying what they are (dropped on the window).
pub const BIBLIOGRAPHY_EXTENSIONS: [&str; 4] = ["bib", "ris", "json", "csljson"];

/// Whether a file of unknown role is a bibliography (by its extension, any case).
pub fn is_bibliography(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| BIBLIOGRAPHY_EXTENSIONS.iter().any(|b| b.eq_ignore_ascii_case(e)))
}

/// Splits files of unknown role into (documents, bibliographies), keeping their order.
pub fn split_by_role(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    paths.iter().cloned().partition(|p| !is_bibliography(p))
}

/// Everything read from disk for one import, in the order given. Holds no project
/// state, so it can be made on any thread.
#[derive(Debug, Default)]
pub struct ReadInputs {
    pub documents: Vec<(PathBuf, Result<ImportedText, StoreError>)>,
    pub bibliographies: Vec<(PathBuf, Result<Records, StoreError>)>,
}

impl ReadInputs {
    /// Files read so far (documents and bibliographies).
    pub fn len(&self) -> usize {
        self.documents.len() + self.bibliographies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads every document and bibliography file. `step` is called after each file and
/// returns whether to go on (false: cancelled; the files not yet read are left out).
pub fn read_inputs(documents: &[PathBuf], bibliographies: &[PathBuf], mut step: impl FnMut() -> bool) -> ReadInputs {
    let mut read = ReadInputs::default();
    for path in documents {
        read.documents.push((path.clone(), import::read_document(path)));
        if !step() {
            return read;
        }
    }
    for path in bibliographies {
        read.bibliographies.push((path.clone(), bib::read(path)));
        if !step() {
            return read;
        }
    }
    read
}

/// What an import did (or would do, before its transaction is applied).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// New sources with a document, and the file name each came from, in input order.
    pub added: Vec<(SourceId, String)>,
    /// New sources made from records that describe no document.
    pub records_added: Vec<SourceId>,
    /// (bibliography file, record line, source it now describes).
    pub matched: Vec<(PathBuf, usize, SourceId)>,
    /// Things the user should know, each naming its file (a guessed encoding, a
    /// duplicate skipped, a record field with no place in our model).
    pub warnings: Vec<String>,
    /// Files that could not be read; nothing of them was imported.
    pub failures: Vec<StoreError>,
}

impl ImportReport {
    /// New sources of any kind.
    pub fn sources_added(&self) -> usize {
        self.added.len() + self.records_added.len()
    }

    /// One line for a notification or the end of a CLI run, e.g.
    /// "Added 2 documents; 1 record matched a source; 1 file could not be read".
    pub fn summary(&self) -> String {
        let mut parts = vec![match self.added.len() {
            0 => "No documents added".to_string(),
            1 => "Added 1 document".to_string(),
            n => format!("Added {n} documents"),
        }];
        match self.matched.len() {
            0 => {}
            1 => parts.push("1 record matched a source".into()),
            n => parts.push(format!("{n} records matched sources")),
        }
        match self.records_added.len() {
            0 => {}
            1 => parts.push("1 record added as a source without a document".into()),
            n => parts.push(format!("{n} records added as sources without a document")),
        }
        match self.failures.len() {
            0 => {}
            1 => parts.push("1 file could not be read".into()),
            n => parts.push(format!("{n} files could not be read")),
        }
        parts.join("; ")
    }
}

/// Plans the import of what was read into `project` (whose folder is `root`, for the
/// sources' original paths). Returns one transaction (None when nothing is added or
/// changed) and the report. Pure apart from nothing: it reads no file.
pub fn plan(project: &Project, root: &Path, inputs: ReadInputs) -> (Option<Transaction>, ImportReport) {
    let mut report = ImportReport::default();
    let label = import_label(&inputs);
    let mut batch = Batch::new(project, label);
    let mut seen = BTreeSet::new();
    for (path, read) in inputs.documents {
        let doc = match read {
            Ok(doc) => doc,
            Err(e) => {
                report.failures.push(e);
                continue;
            }
        };
        report.warnings.extend(doc.warnings.iter().map(|w| format!("{}: {w}", path.display())));
        // The same text twice is a slip, not a second source.
        let hash = ops::content_hash(&doc.text);
        if let Some(existing) = project.source_with_hash(&hash) {
            report.warnings.push(format!("{}: not added again: the same text is already source {existing}", path.display()));
            continue;
        }
        if !seen.insert(hash) {
            report.warnings.push(format!("{}: not added twice (the same text is in this import already)", path.display()));
            continue;
        }
        let id = batch.project().next_source_id();
        let source = import::new_source(id, &path, &doc, root);
        let name = source.file.clone().unwrap_or_default();
        batch.push(ops::add_source(batch.project(), source, doc.text));
        report.added.push((id, name));
    }
    let mut files = Vec::new();
    for (path, read) in inputs.bibliographies {
        match read {
            Ok(r) => {
                report.warnings.extend(r.problems.iter().map(|p| format!("{}: could not read: {p}", path.display())));
                files.push((path, r.records));
            }
            Err(e) => report.failures.push(e),
        }
    }
    // One document and one record arriving together describe each other.
    let one_record = files.iter().map(|(_, r)| r.len()).sum::<usize>() == 1;
    let pair_with = match report.added.as_slice() {
        [(only, _)] if one_record => Some(*only),
        _ => None,
    };
    // File by file, each against the project with the files before it (new ids count on).
    for (path, records) in files.into_iter().filter(|(_, r)| !r.is_empty()) {
        let (tx, applied) = bib::apply_records(batch.project(), records, pair_with);
        batch.push(tx);
        report.matched.extend(applied.matched.into_iter().map(|(line, id)| (path.clone(), line, id)));
        report.records_added.extend(applied.added);
    }
    let tx = batch.finish();
    (if tx.edits.is_empty() { None } else { Some(tx) }, report)
}

/// The undo label: "Add document", "Add 3 documents", "Import bibliography", or both.
fn import_label(inputs: &ReadInputs) -> String {
    let docs = inputs.documents.iter().filter(|(_, r)| r.is_ok()).count();
    let bibs = inputs.bibliographies.iter().any(|(_, r)| r.is_ok());
    match (docs, bibs) {
        (0, _) => "Import bibliography".to_string(),
        (1, false) => "Add document".to_string(),
        (n, false) => format!("Add {n} documents"),
        (1, true) => "Add document and bibliography".to_string(),
        (n, true) => format!("Add {n} documents and bibliography"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write fixture");
        p
    }

    #[test]
    fn one_bad_file_fails_alone_and_duplicates_are_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write(dir.path(), "a.txt", "First document about 1905.");
        let b = write(dir.path(), "b.txt", "Second document.");
        let again = write(dir.path(), "a-copy.txt", "First document about 1905.");
        let missing = dir.path().join("missing.txt");
        let read = read_inputs(&[a, missing, b, again], &[], || true);
        let p = Project::new("t");
        let (tx, report) = plan(&p, dir.path(), read);
        assert_eq!(report.added.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["a.txt", "b.txt"]);
        assert_eq!(report.failures.len(), 1);
        assert!(report.failures[0].to_string().contains("missing.txt"), "{}", report.failures[0]);
        assert!(report.warnings.iter().any(|w| w.contains("a-copy.txt") && w.contains("not added twice")));
        let mut q = p.clone();
        tx.expect("something added").apply(&mut q);
        assert_eq!(q.sources.len(), 2);
        let ids: BTreeSet<_> = report.added.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), 2, "fresh ids counted on within the batch");
        assert_eq!(report.summary(), "Added 2 documents; 1 file could not be read");
    }

    #[test]
    fn one_document_and_one_record_are_paired_in_one_transaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = write(dir.path(), "plate.txt", "A memorial plate lists 1,019 names.");
        let bib = write(dir.path(), "plate.bib", "@misc{plate, title = {The memorial plate}, year = {2005}}\n");
        let (docs, bibs) = split_by_role(&[bib, doc]);
        assert_eq!(docs.len(), 1);
        assert_eq!(bibs.len(), 1);
        let p = Project::new("t");
        let (tx, report) = plan(&p, dir.path(), read_inputs(&docs, &bibs, || true));
        assert_eq!(report.matched.len(), 1, "{report:?}");
        assert!(report.records_added.is_empty());
        let mut q = p.clone();
        let tx = tx.expect("changes");
        assert_eq!(tx.label, "Add document and bibliography");
        tx.apply(&mut q);
        let (id, _) = report.added[0];
        assert_eq!(q.sources[&id].meta.title, "The memorial plate");
    }

    #[test]
    fn records_of_two_files_keep_their_file_and_get_distinct_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Both records on line 1 of their file: the file, not the line, says where a match came from.
        let doc = write(dir.path(), "plate.txt", "A memorial plate lists 1,019 names.");
        let a = write(dir.path(), "a.bib", "@book{other, title = {Another record}, year = {1999}}\n");
        let b = write(dir.path(), "b.bib", "@misc{plate, title = {A memorial plate lists 1,019 names}, year = {2005}}\n");
        let p = Project::new("t");
        let (tx, report) = plan(&p, dir.path(), read_inputs(&[doc], &[a, b.clone()], || true));
        assert_eq!(report.matched.iter().map(|(f, l, _)| (f.clone(), *l)).collect::<Vec<_>>(), vec![(b, 1)], "{report:?}");
        assert_eq!(report.records_added.len(), 1);
        let mut q = p.clone();
        tx.expect("changes").apply(&mut q);
        assert_eq!(q.sources.len(), 2, "the document (described by b.bib) and a.bib's record");
    }

    #[test]
    fn cancelling_stops_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files: Vec<PathBuf> = (0..3).map(|i| write(dir.path(), &format!("{i}.txt"), &format!("doc {i}"))).collect();
        let mut left = 1;
        let read = read_inputs(&files, &[], || {
            left -= 1;
            left > 0
        });
        assert_eq!(read.len(), 1);
    }
}
