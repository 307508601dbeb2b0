//! After entities are merged one by one, something kept from one side may point at
//! something the other side deleted: a new link to a deleted annotation, a tag
//! added to an annotation whose tag the other side removed from the codebook. The
//! entity pointed at comes back (nothing anyone made is dropped) and the merge
//! reports it, so that the project keeps its invariants.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{ConflictKind, EntityRef, MergeConflict};
use crate::model::annotation::{TAG_PALETTE, Tag};
use crate::model::project::Project;
use crate::model::source::{Metadata, Source};

fn json<T: Serialize>(v: Option<&T>) -> Option<serde_json::Value> {
    v.and_then(|v| serde_json::to_value(v).ok())
}

/// Brings back, from whichever side still has it, every entity that the merged
/// project refers to but lacks; repeats until nothing is missing (a restored
/// annotation may itself need its source or tags). Takes and returns the merged
/// project being built (not yet anyone's project: no transaction applies here).
pub(super) fn restore_references(
    mut merged: Project,
    base: &Project,
    ours: &Project,
    theirs: &Project,
    found: &mut Vec<MergeConflict>,
) -> Project {
    loop {
        let mut changed = false;
        let wanted: BTreeSet<_> = merged
            .links
            .values()
            .flat_map(|l| [l.from, l.to])
            .chain(merged.sets.values().flat_map(|s| s.members.iter().map(|m| m.annotation)))
            .filter(|id| !merged.annotations.contains_key(id))
            .collect();
        for id in wanted {
            changed |= restore(
                &mut merged.annotations,
                id,
                &base.annotations,
                &ours.annotations,
                &theirs.annotations,
                EntityRef::Annotation(id),
                found,
            );
            if !merged.annotations.contains_key(&id) {
                // Neither side has it: the references go, and are reported.
                let links: Vec<_> = merged.links.values().filter(|l| l.from == id || l.to == id).map(|l| l.id).collect();
                for link in links {
                    let (o, t) = (ours.links.get(&link), theirs.links.get(&link));
                    found.push(MergeConflict {
                        entity: EntityRef::Link(link),
                        field: String::new(),
                        kind: ConflictKind::Dangling,
                        base: None,
                        ours: json(o),
                        theirs: json(t),
                    });
                    merged.links.remove(&link);
                }
                for set in merged.sets.values_mut() {
                    set.members.retain(|m| m.annotation != id);
                }
                changed = true;
            }
        }
        let sources: BTreeSet<_> = merged.annotations.values().map(|a| a.source).filter(|s| !merged.sources.contains_key(s)).collect();
        for id in sources {
            changed |= restore(&mut merged.sources, id, &base.sources, &ours.sources, &theirs.sources, EntityRef::Source(id), found);
            merged.sources.entry(id).or_insert_with(|| Source::record(id, Metadata::default()));
        }
        let tags: BTreeSet<String> =
            merged.annotations.values().flat_map(|a| a.tags.iter()).filter(|t| !merged.tags.contains_key(*t)).cloned().collect();
        for name in tags {
            changed |= restore(&mut merged.tags, name.clone(), &base.tags, &ours.tags, &theirs.tags, EntityRef::Tag(name.clone()), found);
            let colour = TAG_PALETTE[merged.tags.len() % TAG_PALETTE.len()];
            merged.tags.entry(name.clone()).or_insert_with(|| Tag::new(&name, colour));
        }
        if !changed {
            break;
        }
    }
    merged
}

/// Puts back the entity `key` from ours or theirs (whichever kept it); reports it.
fn restore<K: Ord + Clone, V: Clone + Serialize>(
    into: &mut BTreeMap<K, V>,
    key: K,
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    entity: EntityRef,
    found: &mut Vec<MergeConflict>,
) -> bool {
    let (o, t) = (ours.get(&key), theirs.get(&key));
    let Some(value) = o.or(t) else {
        return false;
    };
    found.push(MergeConflict {
        entity,
        field: String::new(),
        kind: ConflictKind::Dangling,
        base: json(base.get(&key)),
        ours: json(o),
        theirs: json(t),
    });
    into.insert(key, value.clone());
    true
}
