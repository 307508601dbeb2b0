//! Three-way merge of two copies of a project (what `git pull` needs for
//! `project.ron`): entities are matched by id, then compared field by field.
//!
//! - A change made on one side only is taken; the same change on both sides once.
//! - An entity deleted on one side and changed on the other is kept (changed) and
//!   reported as [`ConflictKind::Deleted`].
//! - Two different changes of one field are a [`ConflictKind::Edited`] conflict: the
//!   field keeps the value both sides started from, and the conflict keeps both new
//!   values, so nothing is lost and the result is a valid project (never markers).
//! - Tags of an annotation, the `guessed` fields of a source and the dismissed
//!   suggestions merge as sets; `modified` timestamps take the later; members of a
//!   conflict set merge one by one.
//! - A link, set member, annotation or tag that points at something the other side
//!   deleted brings it back, reported as [`ConflictKind::Dangling`].
//!
//! The merge is symmetric: swapping `ours` and `theirs` gives the same project, with
//! the sides of each reported conflict swapped. Conflicts are recorded in
//! [`Project::merge_conflicts`] (sorted) and resolved by [`resolve`].

mod repair;
mod resolve;
mod tree;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ids::{AnnotationId, LinkId, SetId, SourceId};
use super::project::Project;

pub use resolve::{Choice, ResolveError, resolve};

/// Which entity of the project a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityRef {
    /// The project itself (its title, dismissed suggestions).
    Project,
    Source(SourceId),
    /// A codebook tag, by name.
    Tag(String),
    Annotation(AnnotationId),
    Link(LinkId),
    Set(SetId),
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityRef::Project => f.write_str("project"),
            EntityRef::Source(id) => write!(f, "{id}"),
            EntityRef::Tag(name) => write!(f, "tag `{name}`"),
            EntityRef::Annotation(id) => write!(f, "{id}"),
            EntityRef::Link(id) => write!(f, "{id}"),
            EntityRef::Set(id) => write!(f, "{id}"),
        }
    }
}

/// What kind of disagreement a conflict records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    /// Both sides changed the field differently; it keeps the base value meanwhile.
    Edited,
    /// One side deleted the entity, the other changed it; it was kept (changed).
    Deleted,
    /// Both sides created the same id with different content (copies without a
    /// tag); the entity holds one of the two meanwhile.
    Added,
    /// The other side still refers to the entity one side deleted; it was kept.
    Dangling,
}

/// One side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Ours,
    Theirs,
}

/// A disagreement between the two copies, recorded in the project until the user
/// picks a side. Values are the field's (or, with an empty `field`, the whole
/// entity's) serialised form as JSON values; `None` means absent (for a field: its
/// default; for an entity: deleted on that side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeConflict {
    pub entity: EntityRef,
    /// Path of the field inside the entity, `/`-separated (`note`, `meta/title`,
    /// `members/a5/role`); empty for the whole entity.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    pub kind: ConflictKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

impl MergeConflict {
    /// The same conflict seen from the other side.
    pub fn swapped(&self) -> MergeConflict {
        MergeConflict { ours: self.theirs.clone(), theirs: self.ours.clone(), ..self.clone() }
    }

    /// The side that deleted the entity (for `Deleted` and `Dangling`).
    pub fn deleted_by(&self) -> Option<Side> {
        match (&self.ours, &self.theirs) {
            (None, Some(_)) => Some(Side::Ours),
            (Some(_), None) => Some(Side::Theirs),
            _ => None,
        }
    }

    /// One line for people: what disagrees and both values.
    pub fn describe(&self) -> String {
        let what = if self.field.is_empty() { self.entity.to_string() } else { format!("{} {}", self.entity, self.field) };
        let show = |v: &Option<Value>| match v {
            None => "(none)".to_string(),
            Some(Value::String(s)) => format!("{s:?}"),
            Some(v) => v.to_string(),
        };
        match self.kind {
            ConflictKind::Edited | ConflictKind::Added => {
                format!("{what}: changed on both sides: ours {}, theirs {}", show(&self.ours), show(&self.theirs))
            }
            ConflictKind::Deleted => format!("{what}: deleted by {}, changed by the other side; kept", self.deleter()),
            ConflictKind::Dangling => format!("{what}: deleted by {}, still referred to by the other side; kept", self.deleter()),
        }
    }

    fn deleter(&self) -> &'static str {
        match self.deleted_by() {
            Some(Side::Ours) => "ours",
            Some(Side::Theirs) => "theirs",
            None => "neither side",
        }
    }

    /// A total order for the recorded list: by entity, field and kind, then values.
    fn sort_key(&self) -> (EntityRef, String, ConflictKind, String, String) {
        let text = |v: &Option<Value>| v.as_ref().map_or(String::new(), Value::to_string);
        (self.entity.clone(), self.field.clone(), self.kind, text(&self.ours), text(&self.theirs))
    }
}

/// Merges two copies of a project that both started from `base`. Returns the merged
/// project (its `merge_conflicts` include the new conflicts) and the conflicts this
/// merge found. Pure; texts are taken from whichever side has them.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> (Project, Vec<MergeConflict>) {
    let mut found = Vec::new();
    let merged = Project {
        title: tree::merge_scalar(&base.title, &ours.title, &theirs.title, &EntityRef::Project, "title", &mut found),
        sources: merge_map(&base.sources, &ours.sources, &theirs.sources, |k| EntityRef::Source(*k), &mut found),
        tags: merge_map(&base.tags, &ours.tags, &theirs.tags, |k| EntityRef::Tag(k.clone()), &mut found),
        annotations: merge_map(&base.annotations, &ours.annotations, &theirs.annotations, |k| EntityRef::Annotation(*k), &mut found),
        links: merge_map(&base.links, &ours.links, &theirs.links, |k| EntityRef::Link(*k), &mut found),
        sets: merge_map(&base.sets, &ours.sets, &theirs.sets, |k| EntityRef::Set(*k), &mut found),
        dismissed: merge_sets(&base.dismissed, &ours.dismissed, &theirs.dismissed),
        merge_conflicts: Vec::new(),
        texts: BTreeMap::new(),
        replica: ours.replica,
    };
    let mut merged = repair::restore_references(merged, base, ours, theirs, &mut found);
    for id in merged.sources.keys() {
        if let Some(text) = ours.texts.get(id).or_else(|| theirs.texts.get(id)) {
            merged.texts.insert(*id, text.clone());
        }
    }
    let mut recorded = merge_lists(&base.merge_conflicts, &ours.merge_conflicts, &theirs.merge_conflicts);
    for c in &found {
        if !recorded.contains(c) {
            recorded.push(c.clone());
        }
    }
    recorded.sort_by_cached_key(MergeConflict::sort_key);
    merged.merge_conflicts = recorded;
    found.sort_by_cached_key(MergeConflict::sort_key);
    (merged, found)
}

/// Merges one kind of entity by key. Entities changed on both sides are merged field
/// by field ([`tree`]); the rest is taken from the side that changed it.
fn merge_map<K, V>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    entity: impl Fn(&K) -> EntityRef,
    found: &mut Vec<MergeConflict>,
) -> BTreeMap<K, V>
where
    K: Ord + Clone,
    V: Clone + PartialEq + Serialize + DeserializeOwned,
{
    if ours == base {
        return theirs.clone();
    }
    if theirs == base || ours == theirs {
        return ours.clone();
    }
    let mut out = ours.clone();
    // Every key that theirs changed is in theirs or in base (or both).
    let keys: BTreeSet<&K> = theirs.keys().chain(base.keys()).collect();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        if t == b || o == t {
            continue;
        }
        let value = if o == b { t.cloned() } else { tree::merge_entity(b, o, t, &entity(key), found) };
        match value {
            Some(v) => out.insert(key.clone(), v),
            None => out.remove(key),
        };
    }
    out
}

/// Three-way merge of sets: kept where both kept it, added where either added it.
pub(crate) fn merge_sets<T: Ord + Clone>(base: &BTreeSet<T>, ours: &BTreeSet<T>, theirs: &BTreeSet<T>) -> BTreeSet<T> {
    let mut out: BTreeSet<T> = ours.intersection(theirs).cloned().collect();
    out.extend(ours.difference(base).cloned());
    out.extend(theirs.difference(base).cloned());
    out
}

/// [`merge_sets`] for short lists of values that are only comparable for equality.
fn merge_lists<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours.iter().filter(|x| theirs.contains(x) || !base.contains(x)).cloned().collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}
