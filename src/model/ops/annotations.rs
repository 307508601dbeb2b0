//! Annotations: creating one (alone or with its tags, note and locator), editing
//! its fields, re-attaching and deleting it.

use super::OpError;
use crate::model::anchor::Anchor;
use crate::model::annotation::{Annotation, Kind, TAG_PALETTE, Tag};
use crate::model::conflicts::FigureValue;
use crate::model::edit::{Edit, Transaction};
use crate::model::ids::{AnnotationId, SourceId};
use crate::model::offsets::CharRange;
use crate::model::project::Project;

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
pub(super) fn new_annotation(
    p: &Project,
    id: AnnotationId,
    source: SourceId,
    range: CharRange,
    kind: Kind,
    now: &str,
) -> Result<Annotation, OpError> {
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
