//! Operations: validate a user's intent against the project and build the
//! [`Transaction`] that carries it out. Nothing here mutates the project; callers
//! apply the transaction (through [`super::History`] in the app).
//!
//! One file per entity: `sources`, `annotations`, `tags`, `links`,
//! `sets` (conflict sets); every op is re-exported here as `model::ops::X`.

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::anchor::AnchorStatus;
use super::ids::{AnnotationId, LinkId, SetId, SourceId};
use super::project::Project;

mod annotations;
mod links;
mod sets;
mod sources;
mod tags;

pub use annotations::{
    AnnotateSpec, add_annotation, annotate, delete_annotation, parse_figure, reattach, set_figure, set_kind, set_locator, set_note,
    update_annotation,
};
pub use links::{add_link, delete_link};
pub use sets::{
    SetFigure, SetText, accept_suggestion, add_member, create_set, delete_set, dismiss_suggestion, remove_member, set_preferred,
    set_set_text, set_verdict, update_set,
};
pub use sources::{DiskChanges, add_record, add_source, reconcile_with_disk, refresh_source, replace_text, set_metadata};
pub use tags::{add_tag, create_tag, delete_tag, describe_tag, merge_tags, new_tag, recolour_tag, remove_tag, rename_tag};

/// Why an operation cannot be done.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OpError {
    #[error("no source {0}")]
    UnknownSource(String),
    #[error("no annotation {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("no link {0}")]
    UnknownLink(LinkId),
    #[error("no conflict set {0}")]
    UnknownSet(SetId),
    #[error("source {0} has no text to annotate")]
    NoText(SourceId),
    #[error("the range {start}..{end} is empty or outside the text ({len} chars)")]
    BadRange { start: usize, end: usize, len: usize },
    #[error("an annotation cannot be linked to itself")]
    SelfLink,
    #[error("no tag `{0}` in the codebook")]
    UnknownTag(String),
    #[error("a tag named `{0}` already exists")]
    TagExists(String),
    #[error("a tag name cannot be empty")]
    EmptyTagName,
    #[error("a figure value must be a finite number (not NaN or infinity)")]
    NotFinite,
}

/// SHA-256 of a text, hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts annotations per anchor status (for status bars and `check`).
pub fn status_counts(p: &Project) -> [(AnchorStatus, usize); 4] {
    let mut counts = [(AnchorStatus::Exact, 0), (AnchorStatus::Moved, 0), (AnchorStatus::Fuzzy, 0), (AnchorStatus::Orphan, 0)];
    for a in p.annotations.values() {
        if let Some(c) = counts.iter_mut().find(|(s, _)| *s == a.anchor.status) {
            c.1 += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests;
