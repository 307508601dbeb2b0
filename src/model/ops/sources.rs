//! Sources: adding documents and records, their metadata, refreshing their text
//! and bringing a loaded project in line with its files.

use std::sync::Arc;

use super::{OpError, content_hash};
use crate::model::anchor::{self, Anchor, AnchorStatus};
use crate::model::edit::{Edit, Transaction};
use crate::model::ids::SourceId;
use crate::model::project::Project;
use crate::model::source::{Metadata, Source, SourceText};

impl Source {
    /// A bibliographic record without a document.
    pub fn record(id: SourceId, meta: Metadata) -> Self {
        Self { id, file: None, original_path: None, text_path: None, hash: None, meta, page_starts: Vec::new(), zotero: None }
    }

    /// A new source for an imported file, with empty metadata.
    pub fn untitled(id: SourceId, file: &str) -> Self {
        Self {
            id,
            file: Some(file.to_string()),
            original_path: None,
            text_path: Some(format!("sources/{id}.txt")),
            hash: None,
            meta: Metadata::default(),
            page_starts: Vec::new(),
            zotero: None,
        }
    }
}

/// Adds a source with its stored text.
pub fn add_source(_p: &Project, mut source: Source, text: String) -> Transaction {
    source.hash = Some(content_hash(&text));
    let id = source.id;
    Transaction::new("Add source").with(Edit::PutSource { id, source: Some(Box::new(source)), text: Some(SourceText::new(text)) })
}

/// Replaces a source's metadata.
pub fn set_metadata(p: &Project, id: SourceId, meta: Metadata) -> Result<Transaction, OpError> {
    let mut source = p.sources.get(&id).ok_or_else(|| OpError::UnknownSource(id.to_string()))?.clone();
    source.meta = meta;
    let text = p.texts.get(&id).cloned();
    Ok(Transaction::new("Edit source details").with(Edit::PutSource { id, source: Some(Box::new(source)), text }))
}

/// Replaces a source's text and re-anchors its annotations (orphans are kept).
pub fn replace_text(p: &Project, id: SourceId, text: String) -> Result<Transaction, OpError> {
    refresh_source(p, id, SourceText::new(text), None)
}

/// Refresh from the original document: the new stored text, its annotations
/// re-anchored, and (when given) where the document now lives, as one step.
pub fn refresh_source(p: &Project, id: SourceId, new_text: Arc<SourceText>, original_path: Option<String>) -> Result<Transaction, OpError> {
    let mut source = p.sources.get(&id).ok_or_else(|| OpError::UnknownSource(id.to_string()))?.clone();
    source.hash = Some(content_hash(new_text.stored.as_str()));
    if original_path.is_some() {
        source.original_path = original_path;
    }
    let mut tx = Transaction::new("Refresh source");
    let annotations = p.annotations_of(id);
    let anchors: Vec<&Anchor> = annotations.iter().map(|a| &a.anchor).collect();
    // With the old text at hand, positions go through a diff of old and new first.
    let moved = match p.texts.get(&id) {
        Some(old) => anchor::reanchor_all_from(&anchors, &old.stored, &new_text.stored),
        None => anchor::reanchor_all(&anchors, &new_text.stored),
    };
    for (a, anchor) in annotations.into_iter().zip(moved) {
        if anchor != a.anchor {
            let mut updated = a.clone();
            updated.anchor = anchor;
            tx.push(Edit::PutAnnotation { id: a.id, value: Some(Box::new(updated)) });
        }
    }
    tx.push(Edit::PutSource { id, source: Some(Box::new(source)), text: Some(new_text) });
    Ok(tx)
}

/// What opening a project found on disk that its file did not say: stored texts that
/// changed since the last save, and stored texts that are missing.
#[derive(Debug, Clone, Default)]
pub struct DiskChanges {
    /// Sources whose stored text (already in the project) no longer has the recorded hash.
    pub changed: Vec<SourceId>,
    /// Sources whose stored text could not be read.
    pub missing: Vec<SourceId>,
}

/// The step that brings a freshly loaded project in line with its files: annotations
/// of changed texts re-anchored (the batched re-anchoring of [`refresh_source`]) and
/// the new hashes recorded; annotations of missing texts marked orphans. `None` when
/// nothing needs to change. Returned with (annotations moved, annotations orphaned).
pub fn reconcile_with_disk(p: &Project, changes: &DiskChanges) -> Option<(Transaction, usize, usize)> {
    let mut tx = Transaction::new("Re-anchor after texts changed on disk");
    let (mut moved, mut orphaned) = (0, 0);
    for id in &changes.changed {
        let Some(text) = p.texts.get(id).cloned() else { continue };
        if let Ok(step) = refresh_source(p, *id, text, None) {
            for edit in step.edits {
                if let Edit::PutAnnotation { value: Some(a), .. } = &edit {
                    if a.anchor.status == AnchorStatus::Orphan {
                        orphaned += 1;
                    } else {
                        moved += 1;
                    }
                }
                tx.push(edit);
            }
        }
    }
    for id in &changes.missing {
        for a in p.annotations_of(*id) {
            if a.anchor.status != AnchorStatus::Orphan {
                let mut orphan = a.clone();
                orphan.anchor.status = AnchorStatus::Orphan;
                tx.push(Edit::PutAnnotation { id: a.id, value: Some(Box::new(orphan)) });
                orphaned += 1;
            }
        }
    }
    (!tx.is_empty()).then_some((tx, moved, orphaned))
}

/// Adds a bibliographic record (a source without a document).
pub fn add_record(_p: &Project, source: Source) -> Transaction {
    let id = source.id;
    Transaction::new("Add record").with(Edit::PutSource { id, source: Some(Box::new(source)), text: None })
}
