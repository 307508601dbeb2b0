//! Conflict sets: creating one (or accepting a suggested one), its verdict, texts,
//! preferred value and members.

use super::OpError;
use super::annotations::new_annotation;
use crate::model::annotation::Kind;
use crate::model::conflicts::{ConflictSet, Member, Verdict};
use crate::model::edit::{Edit, Transaction};
use crate::model::ids::{AnnotationId, SetId, SourceId};
use crate::model::offsets::CharRange;
use crate::model::project::Project;

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
