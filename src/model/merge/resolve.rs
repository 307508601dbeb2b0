//! Resolving a recorded merge conflict: the user picks ours, theirs or both, and
//! one [`Transaction`] sets the entity accordingly and drops the record (so one undo
//! brings the conflict back).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use thiserror::Error;

use super::{ConflictKind, EntityRef, MergeConflict, Side};
use crate::model::edit::{Edit, Transaction};
use crate::model::ops;
use crate::model::project::Project;

/// What the user keeps of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
    /// Both values: two texts joined by a blank line, two lists united; for a
    /// deleted-and-changed entity, keeping it.
    Both,
}

impl std::str::FromStr for Choice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ours" => Ok(Choice::Ours),
            "theirs" => Ok(Choice::Theirs),
            "both" => Ok(Choice::Both),
            _ => Err(format!("unknown choice `{s}` (expected ours, theirs or both)")),
        }
    }
}

/// Why a conflict cannot be resolved as asked.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ResolveError {
    #[error("no merge conflict number {0} (the project has {1})")]
    NoSuchConflict(usize, usize),
    #[error("`both` does not apply to {0}: its two values cannot be combined; pick ours or theirs")]
    BothNotPossible(String),
    #[error("cannot take that value for {0}: {1}")]
    Invalid(String, String),
}

/// Resolves the conflict at `index` (0-based, in [`Project::merge_conflicts`]).
pub fn resolve(p: &Project, index: usize, choice: Choice, now: &str) -> Result<Transaction, ResolveError> {
    let c = p.merge_conflicts.get(index).ok_or(ResolveError::NoSuchConflict(index + 1, p.merge_conflicts.len()))?;
    let mut rest = p.merge_conflicts.clone();
    rest.remove(index);
    let mut tx = Transaction::new(format!("Resolve conflict on {}", c.entity));
    let invalid = |e: String| ResolveError::Invalid(c.entity.to_string(), e);
    let deletes = matches!(c.kind, ConflictKind::Deleted | ConflictKind::Dangling)
        && c.field.is_empty()
        && c.deleted_by() == Some(if choice == Choice::Ours { Side::Ours } else { Side::Theirs })
        && choice != Choice::Both;
    if deletes {
        tx.edits.extend(delete_entity(p, &c.entity).map_err(invalid)?);
    } else if matches!(c.kind, ConflictKind::Edited | ConflictKind::Added) || !c.field.is_empty() {
        let value = chosen(c, choice)?;
        if let Some(edit) = put_value(p, &c.entity, &c.field, value, now).map_err(invalid)? {
            tx.push(edit);
        }
    }
    // A kept entity (deleted on one side, changed or referred to on the other) is
    // already in the project: resolving it only drops the record.
    tx.push(Edit::SetMergeConflicts(rest));
    let mut check = p.clone();
    tx.clone().apply(&mut check);
    check.check_invariants().map_err(invalid)?;
    Ok(tx)
}

/// Free-text fields, whose two versions can be kept together (not names, dates,
/// kinds or colours, which hold one value).
const TEXT_FIELDS: [&str; 5] = ["note", "description", "rationale", "role", "subject"];

fn chosen(c: &MergeConflict, choice: Choice) -> Result<Option<Value>, ResolveError> {
    let last = c.field.rsplit('/').next().unwrap_or_default();
    let strings = matches!((&c.ours, &c.theirs), (Some(Value::String(_)), Some(Value::String(_))));
    if choice == Choice::Both && strings && !TEXT_FIELDS.contains(&last) {
        return Err(ResolveError::BothNotPossible(describe_target(c)));
    }
    Ok(match choice {
        Choice::Ours => c.ours.clone(),
        Choice::Theirs => c.theirs.clone(),
        Choice::Both => match (&c.ours, &c.theirs) {
            (Some(Value::String(a)), Some(Value::String(b))) if a.is_empty() => Some(Value::String(b.clone())),
            (Some(Value::String(a)), Some(Value::String(b))) if b.is_empty() => Some(Value::String(a.clone())),
            (Some(Value::String(a)), Some(Value::String(b))) => Some(Value::String(format!("{a}\n\n{b}"))),
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                let mut all = a.clone();
                all.extend(b.iter().filter(|x| !a.contains(x)).cloned());
                Some(Value::Array(all))
            }
            (Some(x), None) | (None, Some(x)) if !c.field.is_empty() => Some(x.clone()),
            _ => return Err(ResolveError::BothNotPossible(describe_target(c))),
        },
    })
}

fn describe_target(c: &MergeConflict) -> String {
    if c.field.is_empty() { c.entity.to_string() } else { format!("{} {}", c.entity, c.field) }
}

/// The edits that delete an entity the way the app does (an annotation takes its
/// links and set memberships with it).
fn delete_entity(p: &Project, entity: &EntityRef) -> Result<Vec<Edit>, String> {
    let now = "";
    let tx = match entity {
        EntityRef::Annotation(id) if p.annotations.contains_key(id) => ops::delete_annotation(p, *id).map_err(|e| e.to_string())?,
        EntityRef::Link(id) if p.links.contains_key(id) => ops::delete_link(p, *id).map_err(|e| e.to_string())?,
        EntityRef::Set(id) if p.sets.contains_key(id) => ops::delete_set(p, *id).map_err(|e| e.to_string())?,
        EntityRef::Tag(name) if p.tags.contains_key(name) => ops::delete_tag(p, name, now).map_err(|e| e.to_string())?,
        EntityRef::Source(id) if p.sources.contains_key(id) => {
            if p.annotations.values().any(|a| a.source == *id) {
                return Err("its annotations still refer to it; delete them first".into());
            }
            Transaction::new("").with(Edit::PutSource { id: *id, source: None, text: None })
        }
        _ => return Ok(Vec::new()),
    };
    Ok(tx.edits)
}

/// The edit that sets `field` of an entity (or the whole entity) to `value`;
/// `None` when the entity is gone (nothing to set).
fn put_value(p: &Project, entity: &EntityRef, field: &str, value: Option<Value>, now: &str) -> Result<Option<Edit>, String> {
    Ok(match entity {
        EntityRef::Project => {
            let title = match (field, value) {
                ("title", Some(Value::String(t))) => t,
                ("title", None) => String::new(),
                _ => return Err(format!("the project has no field `{field}` to set")),
            };
            Some(Edit::SetTitle(title))
        }
        EntityRef::Annotation(id) => set_in(p.annotations.get(id), field, value)?.map(|mut a| {
            a.modified = a.modified.clone().max(now.to_string());
            Edit::PutAnnotation { id: *id, value: Some(Box::new(a)) }
        }),
        EntityRef::Link(id) => set_in(p.links.get(id), field, value)?.map(|l| Edit::PutLink { id: *id, value: Some(l) }),
        EntityRef::Set(id) => set_in(p.sets.get(id), field, value)?.map(|s| Edit::PutSet { id: *id, value: Some(Box::new(s)) }),
        EntityRef::Tag(name) => set_in(p.tags.get(name), field, value)?.map(|t| Edit::PutTag { name: name.clone(), value: Some(t) }),
        EntityRef::Source(id) => set_in(p.sources.get(id), field, value)?.map(|s| Edit::PutSource {
            id: *id,
            source: Some(Box::new(s)),
            text: p.texts.get(id).cloned(),
        }),
    })
}

/// The entity with one field (or, for an empty path, all of it) replaced.
fn set_in<V: Serialize + DeserializeOwned>(current: Option<&V>, field: &str, value: Option<Value>) -> Result<Option<V>, String> {
    let Some(current) = current else {
        return Ok(None);
    };
    let whole = if field.is_empty() {
        value.ok_or("no value to take")?
    } else {
        let mut tree = serde_json::to_value(current).map_err(|e| e.to_string())?;
        let segments: Vec<&str> = field.split('/').collect();
        set_path(&mut tree, &segments, value)?;
        tree
    };
    serde_json::from_value(whole).map(Some).map_err(|e| e.to_string())
}

/// Sets (or with `None` removes) the value at a path; list elements are found by
/// their `annotation` field, as the merge names them.
fn set_path(tree: &mut Value, path: &[&str], value: Option<Value>) -> Result<(), String> {
    let (first, rest) = path.split_first().ok_or("empty field path")?;
    match tree {
        Value::Object(map) => {
            if rest.is_empty() {
                match value {
                    Some(v) => map.insert(first.to_string(), v),
                    None => map.remove(*first),
                };
                return Ok(());
            }
            let child = map.entry(first.to_string()).or_insert_with(|| Value::Object(Map::new()));
            set_path(child, rest, value)
        }
        Value::Array(items) => {
            let at = items.iter().position(|i| i.get("annotation").and_then(Value::as_str) == Some(*first));
            match (at, rest.is_empty(), value) {
                (Some(i), true, Some(v)) => items[i] = v,
                (Some(i), true, None) => {
                    items.remove(i);
                }
                (None, true, Some(v)) => items.push(v),
                (None, true, None) => {}
                (Some(i), false, v) => set_path(&mut items[i], rest, v)?,
                (None, false, _) => return Err(format!("no element `{first}`")),
            }
            Ok(())
        }
        _ => Err(format!("`{first}` is not inside an object")),
    }
}
