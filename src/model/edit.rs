//! Edits as values: each knows its inverse, a user gesture is one [`Transaction`],
//! and [`History`] gives undo/redo and the modified flag. History is never saved.

use std::sync::Arc;

use super::annotation::{Annotation, Link, Tag};
use super::conflicts::ConflictSet;
use super::ids::{AnnotationId, LinkId, SetId, SourceId};
use super::project::Project;
use super::source::{Source, SourceText};

/// One elementary change: put (insert/replace) or remove one entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetTitle(String),
    /// A source and its stored text (`None`s remove them).
    PutSource {
        id: SourceId,
        source: Option<Box<Source>>,
        text: Option<Arc<SourceText>>,
    },
    PutAnnotation {
        id: AnnotationId,
        value: Option<Box<Annotation>>,
    },
    PutLink {
        id: LinkId,
        value: Option<Link>,
    },
    PutTag {
        name: String,
        value: Option<Tag>,
    },
    PutSet {
        id: SetId,
        value: Option<Box<ConflictSet>>,
    },
    /// Marks a suggestion dismissed (or not).
    Dismiss {
        key: String,
        dismissed: bool,
    },
    /// Replaces the list of conflicts left by a merge (resolving one removes it).
    SetMergeConflicts(Vec<super::merge::MergeConflict>),
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it.
    pub fn apply(self, p: &mut Project) -> Edit {
        match self {
            Edit::SetTitle(title) => Edit::SetTitle(std::mem::replace(&mut p.title, title)),
            Edit::PutSource { id, source, text } => {
                let old_source = put(&mut p.sources, id, source.map(|b| *b));
                let old_text = put(&mut p.texts, id, text);
                Edit::PutSource { id, source: old_source.map(Box::new), text: old_text }
            }
            Edit::PutAnnotation { id, value } => {
                Edit::PutAnnotation { id, value: put(&mut p.annotations, id, value.map(|b| *b)).map(Box::new) }
            }
            Edit::PutLink { id, value } => Edit::PutLink { id, value: put(&mut p.links, id, value) },
            Edit::PutTag { name, value } => {
                let old = put(&mut p.tags, name.clone(), value);
                Edit::PutTag { name, value: old }
            }
            Edit::PutSet { id, value } => Edit::PutSet { id, value: put(&mut p.sets, id, value.map(|b| *b)).map(Box::new) },
            Edit::Dismiss { key, dismissed } => {
                let was = p.dismissed.contains(&key);
                if dismissed {
                    p.dismissed.insert(key.clone());
                } else {
                    p.dismissed.remove(&key);
                }
                Edit::Dismiss { key, dismissed: was }
            }
            Edit::SetMergeConflicts(list) => Edit::SetMergeConflicts(std::mem::replace(&mut p.merge_conflicts, list)),
        }
    }
}

fn put<K: Ord, V>(map: &mut std::collections::BTreeMap<K, V>, key: K, value: Option<V>) -> Option<V> {
    match value {
        Some(v) => map.insert(key, v),
        None => map.remove(&key),
    }
}

/// The edits of one user gesture, applied and undone together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transaction {
    /// What the user did, for menus ("Undo Add figure").
    pub label: String,
    pub edits: Vec<Edit>,
    /// Consecutive transactions with the same key merge into one undo step
    /// (typing a note is one step, not one per keystroke).
    pub merge_key: Option<String>,
}

impl Transaction {
    pub fn new(label: impl Into<String>) -> Self {
        Self { label: label.into(), edits: Vec::new(), merge_key: None }
    }

    pub fn with(mut self, edit: Edit) -> Self {
        self.edits.push(edit);
        self
    }

    pub fn push(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Applies every edit in order; returns the transaction that undoes them all.
    pub fn apply(self, p: &mut Project) -> Transaction {
        let mut inverse: Vec<Edit> = self.edits.into_iter().map(|e| e.apply(p)).collect();
        inverse.reverse();
        Transaction { label: self.label, edits: inverse, merge_key: self.merge_key }
    }
}

/// A step in the history: the transaction and its inverse.
#[derive(Debug, Clone)]
struct Step {
    forward: Transaction,
    inverse: Transaction,
    /// The state id after this step.
    state: u64,
    /// The state id before this step.
    before: u64,
}

/// Undo/redo stacks and the saved-state marker. Never persisted.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    state: u64,
    next_state: u64,
    saved: u64,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a transaction as a new undoable step (clearing redo). An empty
    /// transaction changes nothing and records nothing.
    pub fn apply(&mut self, project: &mut Project, tx: Transaction) {
        if tx.is_empty() {
            return;
        }
        let merge_key = tx.merge_key.clone();
        let inverse = tx.clone().apply(project);
        self.redo.clear();
        if let (Some(key), Some(top)) = (&merge_key, self.undo.last_mut())
            && top.forward.merge_key.as_ref() == Some(key)
            && top.state == self.state
            && top.state != self.saved
        {
            top.forward.edits.extend(tx.edits);
            let mut edits = inverse.edits;
            edits.extend(std::mem::take(&mut top.inverse.edits));
            top.inverse.edits = edits;
            return;
        }
        self.next_state += 1;
        let step = Step { forward: tx, inverse, state: self.next_state, before: self.state };
        self.state = step.state;
        self.undo.push(step);
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let mut step = self.undo.pop()?;
        let label = step.forward.label.clone();
        step.forward = step.inverse.clone().apply(project);
        // `step.forward` now re-does the step; keep the original inverse.
        self.state = step.before;
        self.redo.push(step);
        Some(label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let mut step = self.redo.pop()?;
        let label = step.forward.label.clone();
        step.inverse = step.forward.clone().apply(project);
        self.state = step.state;
        self.undo.push(step);
        Some(label)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.forward.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.forward.label.as_str())
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.state;
    }

    /// An id of the current state: equal ids mean equal projects (within this history).
    pub fn state_id(&self) -> u64 {
        self.state
    }

    /// Marks a given state as the saved one (a background save of it finished).
    pub fn mark_saved_state(&mut self, state: u64) {
        self.saved = state;
    }

    /// Whether the project differs from the last save (undoing back to it is clean).
    pub fn is_modified(&self) -> bool {
        self.state != self.saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ops;
    use crate::model::{CharRange, Kind};

    fn project_with_text() -> (Project, SourceId) {
        (crate::testing::project_with_files(&[("a.txt", "One 1,033. Two 1,014. Three 1,019.")]), SourceId(1))
    }

    #[test]
    fn every_edit_returns_its_inverse() {
        let (mut p, s) = project_with_text();
        let before = p.clone();
        let (tx, id) = ops::add_annotation(&p, s, CharRange::new(4, 9), Kind::Figure, "now").expect("add");
        let undo = tx.apply(&mut p);
        assert_eq!(p.annotations[&id].anchor.exact, "1,033");
        undo.apply(&mut p);
        assert_eq!(p, before);
    }

    #[test]
    fn deleting_an_annotation_removes_its_links_and_undo_restores_both() {
        let (mut p, s) = project_with_text();
        let mut h = History::new();
        let (tx, a) = ops::add_annotation(&p, s, CharRange::new(4, 9), Kind::Figure, "now").expect("a");
        h.apply(&mut p, tx);
        let (tx, b) = ops::add_annotation(&p, s, CharRange::new(15, 20), Kind::Figure, "now").expect("b");
        h.apply(&mut p, tx);
        let tx = ops::add_link(&p, a, b, crate::model::Relation::Contradicts, "").expect("link");
        h.apply(&mut p, tx);
        let linked = p.clone();
        let tx = ops::delete_annotation(&p, a).expect("delete");
        h.apply(&mut p, tx);
        assert!(p.links.is_empty());
        assert!(!p.annotations.contains_key(&a));
        h.undo(&mut p);
        assert_eq!(p, linked);
        h.redo(&mut p);
        assert!(p.links.is_empty());
    }

    #[test]
    fn typing_merges_into_one_step_and_modified_tracks_saves() {
        let (mut p, s) = project_with_text();
        let mut h = History::new();
        let (tx, a) = ops::add_annotation(&p, s, CharRange::new(4, 9), Kind::Figure, "now").expect("a");
        h.apply(&mut p, tx);
        h.mark_saved();
        assert!(!h.is_modified());
        for note in ["b", "bo", "boa", "boarded"] {
            let tx = ops::set_note(&p, a, note, "now").expect("note");
            h.apply(&mut p, tx);
        }
        assert!(h.is_modified());
        assert_eq!(p.annotations[&a].note, "boarded");
        h.undo(&mut p);
        assert_eq!(p.annotations[&a].note, "", "one undo removes the whole typing");
        assert!(!h.is_modified(), "back at the saved state");
        h.redo(&mut p);
        assert_eq!(p.annotations[&a].note, "boarded");
        assert!(h.is_modified());
    }

    #[test]
    fn a_new_step_clears_redo() {
        let (mut p, s) = project_with_text();
        let mut h = History::new();
        let (tx, _) = ops::add_annotation(&p, s, CharRange::new(4, 9), Kind::Figure, "now").expect("a");
        h.apply(&mut p, tx);
        h.undo(&mut p);
        assert!(h.can_redo());
        let (tx, _) = ops::add_annotation(&p, s, CharRange::new(15, 20), Kind::Claim, "now").expect("b");
        h.apply(&mut p, tx);
        assert!(!h.can_redo());
        assert_eq!(h.undo_label(), Some("Add claim"));
    }
}
