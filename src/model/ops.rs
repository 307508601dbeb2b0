//! Operations: validate a user's intent against the project and build the
//! [`Transaction`] that carries it out. Nothing here mutates the project; callers
//! apply the transaction (through [`super::History`] in the app).

use std::sync::Arc;

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::anchor::{self, Anchor, AnchorStatus};
use super::annotation::{Annotation, Kind, Link, Relation, TAG_PALETTE, Tag};
use super::conflicts::{ConflictSet, FigureValue, Member, Verdict};
use super::edit::{Edit, Transaction};
use super::ids::{AnnotationId, LinkId, SetId, SourceId};
use super::offsets::CharRange;
use super::project::Project;
use super::source::{Metadata, Source, SourceText};

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

/// Creates an annotation on a stored-text range of a source.
pub fn add_annotation(
    p: &Project,
    source: SourceId,
    range: CharRange,
    kind: Kind,
    now: &str,
) -> Result<(Transaction, AnnotationId), OpError> {
    let id = p.next_annotation_id();
    let annotation = new_annotation(p, id, source, range, kind, now)?;
    let tx = Transaction::new(format!("Add {kind}")).with(Edit::PutAnnotation { id, value: Some(Box::new(annotation)) });
    Ok((tx, id))
}

/// Everything a new annotation may be given at once (the CLI's `annotate` flags, the
/// app's "annotate and tag").
#[derive(Debug, Clone)]
pub struct AnnotateSpec<'a> {
    pub kind: Kind,
    /// Tag names; those not yet in the codebook are added to it with the next palette colours.
    pub tags: &'a [String],
    pub note: Option<&'a str>,
    pub locator: Option<&'a str>,
}

impl Default for AnnotateSpec<'_> {
    /// A plain note: no tags, note or locator.
    fn default() -> Self {
        Self { kind: Kind::Note, tags: &[], note: None, locator: None }
    }
}

/// Creates an annotation with its kind, tags, note and locator as ONE transaction
/// (one undo step), returning it with the new id. Errors: an unknown source, a range
/// outside its text, an empty tag name.
pub fn annotate(
    p: &Project,
    source: SourceId,
    range: CharRange,
    spec: &AnnotateSpec<'_>,
    now: &str,
) -> Result<(Transaction, AnnotationId), OpError> {
    let id = p.next_annotation_id();
    let mut annotation = new_annotation(p, id, source, range, spec.kind, now)?;
    let mut tx = Transaction::new(format!("Add {}", spec.kind));
    let mut new_tags = 0;
    for name in spec.tags.iter().map(|t| t.trim()) {
        if name.is_empty() {
            return Err(OpError::EmptyTagName);
        }
        if !p.tags.contains_key(name) && !annotation.has_tag(name) {
            let colour = TAG_PALETTE[(p.tags.len() + new_tags) % TAG_PALETTE.len()];
            tx.push(Edit::PutTag { name: name.to_string(), value: Some(Tag::new(name, colour)) });
            new_tags += 1;
        }
        annotation.add_tag(name);
    }
    if let Some(note) = spec.note {
        annotation.note = note.to_string();
    }
    if let Some(locator) = spec.locator {
        annotation.locator = locator.to_string();
    }
    tx.push(Edit::PutAnnotation { id, value: Some(Box::new(annotation)) });
    Ok((tx, id))
}

/// A new annotation value (not yet in the project).
fn new_annotation(p: &Project, id: AnnotationId, source: SourceId, range: CharRange, kind: Kind, now: &str) -> Result<Annotation, OpError> {
    if !p.sources.contains_key(&source) {
        return Err(OpError::UnknownSource(source.to_string()));
    }
    let text = p.texts.get(&source).ok_or(OpError::NoText(source))?;
    let len = text.stored.char_len();
    if range.is_empty() || range.end.0 > len {
        return Err(OpError::BadRange { start: range.start.0, end: range.end.0, len });
    }
    let anchor = Anchor::new(&text.stored, range);
    let figure = if kind == Kind::Figure { parse_figure(&anchor.exact) } else { None };
    // A page map (PDF) gives the locator for free.
    let locator = p.sources[&source].page_of(range.start.0).map(|page| format!("p. {page}")).unwrap_or_default();
    let annotation = Annotation {
        id,
        source,
        anchor,
        figure,
        kind,
        tags: Vec::new(),
        note: String::new(),
        locator,
        created: now.to_string(),
        modified: now.to_string(),
        zotero: None,
    };
    Ok(annotation)
}

/// A figure to put in a set: an existing annotation, or a span to annotate.
#[derive(Debug, Clone, PartialEq)]
pub enum SetFigure {
    Annotation(AnnotationId),
    Span(SourceId, CharRange),
}

/// Accepts a suggested set: annotates its figures that have no annotation yet and
/// creates the set, all as one undoable step. `rationale` is the program's reasoning
/// and is kept as `suggested_because`; the editor writes their own rationale.
pub fn accept_suggestion(
    p: &Project,
    subject: &str,
    verdict: Verdict,
    rationale: &str,
    figures: &[SetFigure],
    now: &str,
) -> Result<(Transaction, SetId), OpError> {
    let mut tx = Transaction::new("Accept suggested set");
    let mut ids = p.annotation_ids();
    let mut members = Vec::new();
    for f in figures {
        match f {
            SetFigure::Annotation(id) => members.push(*id),
            SetFigure::Span(source, range) => {
                let id = ids.fresh();
                let a = new_annotation(p, id, *source, *range, Kind::Figure, now)?;
                tx.push(Edit::PutAnnotation { id, value: Some(Box::new(a)) });
                members.push(id);
            }
        }
    }
    let id = p.next_set_id();
    let set = ConflictSet {
        id,
        subject: subject.to_string(),
        verdict,
        rationale: String::new(),
        suggested_because: rationale.to_string(),
        preferred: None,
        members: members.into_iter().map(|annotation| Member { annotation, role: String::new() }).collect(),
    };
    tx.push(Edit::PutSet { id, value: Some(Box::new(set)) });
    Ok((tx, id))
}

/// Changes an annotation through a closure; the result is one transaction.
pub fn update_annotation(
    p: &Project,
    id: AnnotationId,
    label: &str,
    now: &str,
    change: impl FnOnce(&mut Annotation),
) -> Result<Transaction, OpError> {
    let mut a = p.annotations.get(&id).ok_or(OpError::UnknownAnnotation(id))?.clone();
    change(&mut a);
    a.modified = now.to_string();
    Ok(Transaction::new(label).with(Edit::PutAnnotation { id, value: Some(Box::new(a)) }))
}

/// Sets an annotation's note; consecutive note edits of one annotation merge.
pub fn set_note(p: &Project, id: AnnotationId, note: &str, now: &str) -> Result<Transaction, OpError> {
    let mut tx = update_annotation(p, id, "Edit note", now, |a| a.note = note.to_string())?;
    tx.merge_key = Some(format!("note:{id}"));
    Ok(tx)
}

/// Sets an annotation's locator; consecutive edits merge.
pub fn set_locator(p: &Project, id: AnnotationId, locator: &str, now: &str) -> Result<Transaction, OpError> {
    let mut tx = update_annotation(p, id, "Edit locator", now, |a| a.locator = locator.to_string())?;
    tx.merge_key = Some(format!("locator:{id}"));
    Ok(tx)
}

pub fn set_kind(p: &Project, id: AnnotationId, kind: Kind, now: &str) -> Result<Transaction, OpError> {
    update_annotation(p, id, &format!("Make {kind}"), now, |a| {
        a.kind = kind;
        // Making a span a Figure fills its value, unless the user already set one.
        if kind == Kind::Figure && a.figure.is_none() {
            a.figure = parse_figure(&a.anchor.exact);
        }
    })
}

/// The value a quote states, parsed as a figure.
pub fn parse_figure(quote: &str) -> Option<FigureValue> {
    crate::model::figures::parse_quote(quote).map(|f| FigureValue::from(&f))
}

/// Sets a figure annotation's value by hand (kept over anything parsed).
pub fn set_figure(p: &Project, id: AnnotationId, value: Option<FigureValue>, now: &str) -> Result<Transaction, OpError> {
    if value.as_ref().is_some_and(|v| !v.is_finite()) {
        return Err(OpError::NotFinite);
    }
    let mut tx = update_annotation(p, id, "Edit figure value", now, |a| {
        a.figure = value.map(|mut v| {
            v.corrected = true;
            v
        })
    })?;
    tx.merge_key = Some(format!("figure:{id}"));
    Ok(tx)
}

/// Creates a conflict set from figure annotations.
pub fn create_set(p: &Project, subject: &str, members: &[AnnotationId]) -> Result<(Transaction, SetId), OpError> {
    for id in members {
        if !p.annotations.contains_key(id) {
            return Err(OpError::UnknownAnnotation(*id));
        }
    }
    let id = p.next_set_id();
    let set = ConflictSet {
        id,
        subject: subject.trim().to_string(),
        verdict: Verdict::Unresolved,
        rationale: String::new(),
        suggested_because: String::new(),
        preferred: None,
        members: members.iter().map(|a| Member { annotation: *a, role: String::new() }).collect(),
    };
    Ok((Transaction::new("Create conflict set").with(Edit::PutSet { id, value: Some(Box::new(set)) }), id))
}

/// Changes a conflict set through a closure, as one transaction.
pub fn update_set(p: &Project, id: SetId, label: &str, change: impl FnOnce(&mut ConflictSet)) -> Result<Transaction, OpError> {
    let mut set = p.sets.get(&id).ok_or(OpError::UnknownSet(id))?.clone();
    change(&mut set);
    if let Some(m) = set.members.iter().find(|m| !p.annotations.contains_key(&m.annotation)) {
        return Err(OpError::UnknownAnnotation(m.annotation));
    }
    Ok(Transaction::new(label).with(Edit::PutSet { id, value: Some(Box::new(set)) }))
}

pub fn set_verdict(p: &Project, id: SetId, verdict: Verdict) -> Result<Transaction, OpError> {
    update_set(p, id, &format!("Verdict: {verdict}"), |s| s.verdict = verdict)
}

/// Text edits of a set (subject, rationale, a role) merge while typing.
pub fn set_set_text(p: &Project, id: SetId, field: SetText, text: &str) -> Result<Transaction, OpError> {
    let key = format!("set:{id}:{field:?}");
    let mut tx = update_set(p, id, "Edit conflict set", |s| match field {
        SetText::Subject => s.subject = text.to_string(),
        SetText::Rationale => s.rationale = text.to_string(),
        SetText::Role(a) => {
            if let Some(m) = s.members.iter_mut().find(|m| m.annotation == a) {
                m.role = text.to_string();
            }
        }
    })?;
    tx.merge_key = Some(key);
    Ok(tx)
}

pub fn set_preferred(p: &Project, id: SetId, preferred: Option<f64>) -> Result<Transaction, OpError> {
    if preferred.is_some_and(|v| !v.is_finite()) {
        return Err(OpError::NotFinite);
    }
    update_set(p, id, "Set preferred value", |s| s.preferred = preferred)
}

pub fn add_member(p: &Project, id: SetId, annotation: AnnotationId) -> Result<Transaction, OpError> {
    update_set(p, id, "Add figure to set", |s| {
        if !s.contains(annotation) {
            s.members.push(Member { annotation, role: String::new() });
        }
    })
}

pub fn remove_member(p: &Project, id: SetId, annotation: AnnotationId) -> Result<Transaction, OpError> {
    update_set(p, id, "Remove figure from set", |s| s.members.retain(|m| m.annotation != annotation))
}

pub fn delete_set(p: &Project, id: SetId) -> Result<Transaction, OpError> {
    if !p.sets.contains_key(&id) {
        return Err(OpError::UnknownSet(id));
    }
    Ok(Transaction::new("Delete conflict set").with(Edit::PutSet { id, value: None }))
}

/// Remembers that a suggested set was dismissed.
pub fn dismiss_suggestion(key: &str) -> Transaction {
    Transaction::new("Dismiss suggestion").with(Edit::Dismiss { key: key.to_string(), dismissed: true })
}

/// Which text field of a conflict set an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetText {
    Subject,
    Rationale,
    Role(AnnotationId),
}

/// Re-attaches an annotation (e.g. an orphan) to a new range of its source.
pub fn reattach(p: &Project, id: AnnotationId, range: CharRange, now: &str) -> Result<Transaction, OpError> {
    let a = p.annotations.get(&id).ok_or(OpError::UnknownAnnotation(id))?;
    let text = p.texts.get(&a.source).ok_or(OpError::NoText(a.source))?;
    let len = text.stored.char_len();
    if range.is_empty() || range.end.0 > len {
        return Err(OpError::BadRange { start: range.start.0, end: range.end.0, len });
    }
    let anchor = Anchor::new(&text.stored, range);
    update_annotation(p, id, "Re-attach annotation", now, |a| a.anchor = anchor)
}

/// Tags an annotation, creating the tag in the codebook if it is new.
pub fn add_tag(p: &Project, id: AnnotationId, name: &str, now: &str) -> Result<Transaction, OpError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OpError::EmptyTagName);
    }
    let mut tx = update_annotation(p, id, &format!("Tag `{name}`"), now, |a| a.add_tag(name))?;
    if !p.tags.contains_key(name) {
        tx.edits.insert(0, Edit::PutTag { name: name.to_string(), value: Some(new_tag(p, name)) });
    }
    Ok(tx)
}

pub fn remove_tag(p: &Project, id: AnnotationId, name: &str, now: &str) -> Result<Transaction, OpError> {
    update_annotation(p, id, &format!("Untag `{name}`"), now, |a| a.remove_tag(name))
}

/// A codebook tag with the next palette colour.
pub fn new_tag(p: &Project, name: &str) -> Tag {
    Tag::new(name, TAG_PALETTE[p.tags.len() % TAG_PALETTE.len()])
}

pub fn create_tag(p: &Project, name: &str, colour: Option<&str>) -> Result<Transaction, OpError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OpError::EmptyTagName);
    }
    if p.tags.contains_key(name) {
        return Err(OpError::TagExists(name.to_string()));
    }
    let mut tag = new_tag(p, name);
    if let Some(c) = colour {
        tag.colour = c.to_string();
    }
    Ok(Transaction::new(format!("Create tag `{name}`")).with(Edit::PutTag { name: name.to_string(), value: Some(tag) }))
}

pub fn recolour_tag(p: &Project, name: &str, colour: &str) -> Result<Transaction, OpError> {
    let mut tag = p.tags.get(name).ok_or_else(|| OpError::UnknownTag(name.to_string()))?.clone();
    tag.colour = colour.to_string();
    Ok(Transaction::new(format!("Recolour `{name}`")).with(Edit::PutTag { name: name.to_string(), value: Some(tag) }))
}

/// Renames a tag everywhere it is used.
pub fn rename_tag(p: &Project, old: &str, new: &str, now: &str) -> Result<Transaction, OpError> {
    let new = new.trim();
    if new.is_empty() {
        return Err(OpError::EmptyTagName);
    }
    if p.tags.contains_key(new) {
        return Err(OpError::TagExists(new.to_string()));
    }
    let mut tag = p.tags.get(old).ok_or_else(|| OpError::UnknownTag(old.to_string()))?.clone();
    tag.name = new.to_string();
    let mut tx = Transaction::new(format!("Rename `{old}` to `{new}`"));
    tx.push(Edit::PutTag { name: old.to_string(), value: None });
    tx.push(Edit::PutTag { name: new.to_string(), value: Some(tag) });
    retag(p, &mut tx, old, Some(new), now);
    Ok(tx)
}

/// Merges tag `from` into `into`: annotations with `from` get `into`; `from` goes.
pub fn merge_tags(p: &Project, from: &str, into: &str, now: &str) -> Result<Transaction, OpError> {
    for name in [from, into] {
        if !p.tags.contains_key(name) {
            return Err(OpError::UnknownTag(name.to_string()));
        }
    }
    let mut tx = Transaction::new(format!("Merge `{from}` into `{into}`"));
    tx.push(Edit::PutTag { name: from.to_string(), value: None });
    retag(p, &mut tx, from, Some(into), now);
    Ok(tx)
}

/// Deletes a tag from the codebook and from every annotation.
pub fn delete_tag(p: &Project, name: &str, now: &str) -> Result<Transaction, OpError> {
    if !p.tags.contains_key(name) {
        return Err(OpError::UnknownTag(name.to_string()));
    }
    let mut tx = Transaction::new(format!("Delete tag `{name}`"));
    tx.push(Edit::PutTag { name: name.to_string(), value: None });
    retag(p, &mut tx, name, None, now);
    Ok(tx)
}

fn retag(p: &Project, tx: &mut Transaction, old: &str, new: Option<&str>, now: &str) {
    for a in p.annotations.values().filter(|a| a.has_tag(old)) {
        let mut a = a.clone();
        a.remove_tag(old);
        if let Some(new) = new {
            a.add_tag(new);
        }
        a.modified = now.to_string();
        tx.push(Edit::PutAnnotation { id: a.id, value: Some(Box::new(a)) });
    }
}

/// Deletes an annotation and every link touching it.
pub fn delete_annotation(p: &Project, id: AnnotationId) -> Result<Transaction, OpError> {
    if !p.annotations.contains_key(&id) {
        return Err(OpError::UnknownAnnotation(id));
    }
    let mut tx = Transaction::new("Delete annotation");
    for link in p.links_of(id) {
        tx.push(Edit::PutLink { id: link.id, value: None });
    }
    // Sets keep their other figures; this one leaves them.
    for set in p.sets.values().filter(|s| s.contains(id)) {
        let mut set = set.clone();
        set.members.retain(|m| m.annotation != id);
        tx.push(Edit::PutSet { id: set.id, value: Some(Box::new(set)) });
    }
    tx.push(Edit::PutAnnotation { id, value: None });
    Ok(tx)
}

/// Links two annotations.
pub fn add_link(p: &Project, from: AnnotationId, to: AnnotationId, relation: Relation, note: &str) -> Result<Transaction, OpError> {
    for id in [from, to] {
        if !p.annotations.contains_key(&id) {
            return Err(OpError::UnknownAnnotation(id));
        }
    }
    if from == to {
        return Err(OpError::SelfLink);
    }
    let id = p.next_link_id();
    let link = Link { id, from, to, relation, note: note.to_string() };
    Ok(Transaction::new(format!("Link ({relation})")).with(Edit::PutLink { id, value: Some(link) }))
}

pub fn delete_link(p: &Project, id: LinkId) -> Result<Transaction, OpError> {
    if !p.links.contains_key(&id) {
        return Err(OpError::UnknownLink(id));
    }
    Ok(Transaction::new("Delete link").with(Edit::PutLink { id, value: None }))
}

/// Adds a bibliographic record (a source without a document).
pub fn add_record(_p: &Project, source: Source) -> Transaction {
    let id = source.id;
    Transaction::new("Add record").with(Edit::PutSource { id, source: Some(Box::new(source)), text: None })
}

/// Sets a codebook tag's description.
pub fn describe_tag(p: &Project, name: &str, description: &str) -> Result<Transaction, OpError> {
    let mut tag = p.tags.get(name).ok_or_else(|| OpError::UnknownTag(name.to_string()))?.clone();
    tag.description = description.to_string();
    Ok(Transaction::new(format!("Describe `{name}`")).with(Edit::PutTag { name: name.to_string(), value: Some(tag) }))
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
mod tests {
    use super::*;

    fn project() -> (Project, AnnotationId, AnnotationId) {
        let mut p = Project::new("t");
        add_source(&p, Source::untitled(SourceId(1), "a.txt"), "abc def ghi jkl".into()).apply(&mut p);
        let (tx, a) = add_annotation(&p, SourceId(1), CharRange::new(0, 3), Kind::Claim, "t0").expect("a");
        tx.apply(&mut p);
        let (tx, b) = add_annotation(&p, SourceId(1), CharRange::new(4, 7), Kind::Quote, "t0").expect("b");
        tx.apply(&mut p);
        (p, a, b)
    }

    #[test]
    fn figure_and_preferred_values_must_be_finite() {
        // Found by fuzzing the project file: `NaN` and `inf` parse as numbers, and a
        // NaN never equals itself, so such a value could be typed and saved.
        let (mut p, a, _) = project();
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(set_figure(&p, a, Some(FigureValue::exact(bad, None)), "t"), Err(OpError::NotFinite)));
        }
        let (tx, set) = create_set(&p, "arrivals", &[a]).expect("set");
        tx.apply(&mut p);
        assert!(matches!(set_preferred(&p, set, Some(f64::INFINITY)), Err(OpError::NotFinite)));
        set_preferred(&p, set, Some(1014.0)).expect("a finite value").apply(&mut p);
        set_figure(&p, a, Some(FigureValue::exact(1019.0, None)), "t").expect("a finite value").apply(&mut p);
        p.check_invariants().expect("invariants");
        p.sets.get_mut(&set).expect("set").preferred = Some(f64::NAN);
        assert!(p.check_invariants().unwrap_err().contains("not a finite number"));
    }

    #[test]
    fn tag_rename_merge_and_delete_reach_every_annotation() {
        let (mut p, a, b) = project();
        add_tag(&p, a, "migration", "t1").expect("tag").apply(&mut p);
        add_tag(&p, b, "labour", "t1").expect("tag").apply(&mut p);
        assert!(p.tags.contains_key("migration"));
        rename_tag(&p, "migration", "emigration", "t2").expect("rename").apply(&mut p);
        assert_eq!(p.annotations[&a].tags, vec!["emigration"]);
        merge_tags(&p, "labour", "emigration", "t3").expect("merge").apply(&mut p);
        assert_eq!(p.annotations[&b].tags, vec!["emigration"]);
        assert!(!p.tags.contains_key("labour"));
        let before = p.clone();
        let undo = delete_tag(&p, "emigration", "t4").expect("delete").apply(&mut p);
        assert!(p.annotations.values().all(|x| x.tags.is_empty()));
        p.check_invariants().expect("invariants");
        undo.apply(&mut p);
        assert_eq!(p, before);
    }

    #[test]
    fn bad_requests_are_errors() {
        let (p, a, _) = project();
        assert_eq!(add_link(&p, a, a, Relation::SameAs, ""), Err(OpError::SelfLink));
        assert!(matches!(add_annotation(&p, SourceId(1), CharRange::new(5, 99), Kind::Claim, ""), Err(OpError::BadRange { .. })));
        assert!(matches!(add_annotation(&p, SourceId(9), CharRange::new(0, 1), Kind::Claim, ""), Err(OpError::UnknownSource(_))));
        assert_eq!(create_tag(&p, "  ", None), Err(OpError::EmptyTagName));
    }

    #[test]
    fn replacing_text_reanchors_and_keeps_orphans() {
        let (mut p, a, b) = project();
        replace_text(&p, SourceId(1), "xx abc yy zz".into()).expect("refresh").apply(&mut p);
        assert_eq!(p.annotations[&a].anchor.status, AnchorStatus::Moved);
        assert_eq!(p.annotations[&b].anchor.status, AnchorStatus::Orphan);
        assert_eq!(p.annotations.len(), 2);
    }

    #[test]
    fn annotate_with_tags_note_and_locator_is_one_undo_step() {
        let mut p = Project::new("t");
        add_source(&p, Source::untitled(SourceId(1), "a.txt"), "1,033 boarded; 1,014 arrived.".into()).apply(&mut p);
        let before = p.clone();
        let tags = vec!["departures".to_string(), "ship".to_string(), "departures".to_string()];
        let spec = AnnotateSpec { kind: Kind::Figure, tags: &tags, note: Some("at Chemulpo"), locator: Some("p. 3") };
        let (tx, id) = annotate(&p, SourceId(1), CharRange::new(0, 5), &spec, "t").expect("annotate");
        let undo = tx.apply(&mut p);
        let a = &p.annotations[&id];
        assert_eq!((a.kind, a.note.as_str(), a.locator.as_str()), (Kind::Figure, "at Chemulpo", "p. 3"));
        assert_eq!(a.tags.len(), 2, "a tag named twice is one tag");
        assert!(p.tags.contains_key("departures") && p.tags.contains_key("ship"));
        assert_ne!(p.tags["departures"].colour, p.tags["ship"].colour, "new tags get different colours");
        undo.apply(&mut p);
        assert_eq!(p, before, "one undo removes the annotation and the tags it brought");
        let blank = vec![" ".to_string()];
        let spec = AnnotateSpec { kind: Kind::Claim, tags: &blank, ..AnnotateSpec::default() };
        assert!(matches!(annotate(&p, SourceId(1), CharRange::new(0, 5), &spec, "t"), Err(OpError::EmptyTagName)));
    }
}
