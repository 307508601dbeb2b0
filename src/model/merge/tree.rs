//! Field-by-field merge of one entity changed on both sides. The entity is compared
//! in its serialised form (a JSON value), so fields added to the model later merge
//! without code here; the few fields that merge otherwise than "one side's value"
//! are named in [`merge_field`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{ConflictKind, EntityRef, MergeConflict};

fn record(
    found: &mut Vec<MergeConflict>,
    entity: &EntityRef,
    field: &str,
    kind: ConflictKind,
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
) {
    found.push(MergeConflict {
        entity: entity.clone(),
        field: field.to_string(),
        kind,
        base: b.cloned(),
        ours: o.cloned(),
        theirs: t.cloned(),
    });
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}/{key}") }
}

/// A plain value (the project title): one side's change, or a conflict keeping base.
pub(super) fn merge_scalar<T: PartialEq + Clone + Serialize>(
    b: &T,
    o: &T,
    t: &T,
    entity: &EntityRef,
    field: &str,
    found: &mut Vec<MergeConflict>,
) -> T {
    if o == t || t == b {
        return o.clone();
    }
    if o == b {
        return t.clone();
    }
    let json = |v: &T| serde_json::to_value(v).ok();
    record(found, entity, field, ConflictKind::Edited, json(b).as_ref(), json(o).as_ref(), json(t).as_ref());
    b.clone()
}

/// Merges an entity that both sides changed (`o != b`, `t != b`, `o != t`).
pub(super) fn merge_entity<V>(b: Option<&V>, o: Option<&V>, t: Option<&V>, entity: &EntityRef, found: &mut Vec<MergeConflict>) -> Option<V>
where
    V: Clone + Serialize + DeserializeOwned,
{
    let json = |v: Option<&V>| v.and_then(|v| serde_json::to_value(v).ok());
    let (bj, oj, tj) = (json(b), json(o), json(t));
    match (b, o, t) {
        // Deleted on one side, changed on the other: the change is kept.
        (_, None, Some(kept)) | (_, Some(kept), None) => {
            record(found, entity, "", ConflictKind::Deleted, bj.as_ref(), oj.as_ref(), tj.as_ref());
            Some(kept.clone())
        }
        // Created on both sides under one id: the lesser (by its text) stays meanwhile,
        // so that the merge is the same whichever side is ours.
        // A codebook tag is known by its name, which both may well choose: its fields
        // (colour, description) merge one by one.
        (None, Some(_), Some(_)) if matches!(entity, EntityRef::Tag(_)) => {
            let (Some(Value::Object(om)), Some(Value::Object(tm))) = (&oj, &tj) else {
                return o.cloned();
            };
            let merged = merge_object("", None, om, tm, entity, found);
            serde_json::from_value::<V>(Value::Object(merged)).ok().or_else(|| o.cloned())
        }
        (None, Some(ov), Some(tv)) => {
            record(found, entity, "", ConflictKind::Added, None, oj.as_ref(), tj.as_ref());
            let text = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
            Some(if text(&oj) <= text(&tj) { ov.clone() } else { tv.clone() })
        }
        (Some(bv), Some(_), Some(_)) => {
            let (Some(Value::Object(bm)), Some(Value::Object(om)), Some(Value::Object(tm))) = (&bj, &oj, &tj) else {
                record(found, entity, "", ConflictKind::Edited, bj.as_ref(), oj.as_ref(), tj.as_ref());
                return Some(bv.clone());
            };
            let merged = merge_object("", Some(bm), om, tm, entity, found);
            match serde_json::from_value::<V>(Value::Object(merged)) {
                Ok(v) => Some(v),
                Err(_) => {
                    // Fields merged separately that do not fit together: keep the base
                    // entity whole, with both sides' versions in the conflict.
                    record(found, entity, "", ConflictKind::Edited, bj.as_ref(), oj.as_ref(), tj.as_ref());
                    Some(bv.clone())
                }
            }
        }
        (_, None, None) => None,
    }
}

/// Merges two objects key by key (a missing key is the field's default). Without a
/// base (both sides made it), a field set differently keeps the lesser value.
fn merge_object(
    path: &str,
    b: Option<&Map<String, Value>>,
    o: &Map<String, Value>,
    t: &Map<String, Value>,
    entity: &EntityRef,
    found: &mut Vec<MergeConflict>,
) -> Map<String, Value> {
    let empty = Map::new();
    let has_base = b.is_some();
    let b = b.unwrap_or(&empty);
    let mut keys: Vec<&String> = o.keys().collect();
    keys.extend(t.keys().filter(|k| !o.contains_key(*k)));
    keys.extend(b.keys().filter(|k| !o.contains_key(*k) && !t.contains_key(*k)));
    let mut out = Map::new();
    for key in keys {
        if let Some(v) = merge_field(path, key, has_base, b.get(key), o.get(key), t.get(key), entity, found) {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// Merges one field: one side's change, or the field's own rule, or a conflict
/// (the field keeps its base value).
#[allow(clippy::too_many_arguments)]
fn merge_field(
    path: &str,
    key: &str,
    has_base: bool,
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
    entity: &EntityRef,
    found: &mut Vec<MergeConflict>,
) -> Option<Value> {
    if o == t || t == b {
        return o.cloned();
    }
    if o == b {
        return t.cloned();
    }
    let field = join(path, key);
    let merged = match key {
        // When the entity was last changed: the later of the two.
        "modified" if path.is_empty() => match (o, t) {
            (Some(Value::String(x)), Some(Value::String(y))) => Some(Value::String(x.max(y).clone())),
            _ => None,
        },
        // An annotation's tags and a source's guessed fields are sets.
        "tags" | "guessed" => merge_string_set(b, o, t),
        "members" => merge_keyed(&field, "annotation", b, o, t, entity, found),
        "meta" => match (b, o, t) {
            (Some(Value::Object(bm)), Some(Value::Object(om)), Some(Value::Object(tm))) => {
                Some(Value::Object(merge_object(&field, Some(bm), om, tm, entity, found)))
            }
            _ => None,
        },
        _ => None,
    };
    if merged.is_some() {
        return merged;
    }
    record(found, entity, &field, ConflictKind::Edited, b, o, t);
    if has_base {
        b.cloned()
    } else {
        // No common value to fall back on: the lesser (by its text), whichever side it is.
        let text = |v: Option<&Value>| v.map(Value::to_string).unwrap_or_default();
        if text(o) <= text(t) { o.cloned() } else { t.cloned() }
    }
}

fn strings(v: Option<&Value>) -> Option<std::collections::BTreeSet<String>> {
    match v {
        None => Some(Default::default()),
        Some(Value::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_string)).collect(),
        Some(_) => None,
    }
}

fn merge_string_set(b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
    let merged = super::merge_sets(&strings(b)?, &strings(o)?, &strings(t)?);
    Some(Value::Array(merged.into_iter().map(Value::String).collect()))
}

/// A list of objects told apart by one string field (a set's members by
/// annotation): each element merges as an entity of its own. The order is the one
/// side that changed it, else the base order with additions sorted after it.
fn merge_keyed(
    path: &str,
    key_field: &str,
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
    entity: &EntityRef,
    found: &mut Vec<MergeConflict>,
) -> Option<Value> {
    let elements = |v: Option<&Value>| -> Option<Vec<(String, Map<String, Value>)>> {
        match v {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| {
                    let m = i.as_object()?;
                    Some((m.get(key_field)?.as_str()?.to_string(), m.clone()))
                })
                .collect(),
            Some(_) => None,
        }
    };
    let (bl, ol, tl) = (elements(b)?, elements(o)?, elements(t)?);
    let find = |list: &[(String, Map<String, Value>)], k: &str| list.iter().find(|(x, _)| x == k).map(|(_, m)| Value::Object(m.clone()));
    let order = |list: &[(String, Map<String, Value>)]| list.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    let (bo, oo, to) = (order(&bl), order(&ol), order(&tl));
    let mut keys = if oo == bo {
        to.clone()
    } else if to == bo {
        oo.clone()
    } else {
        bo.clone()
    };
    let mut added: Vec<String> = oo.iter().chain(&to).filter(|k| !keys.contains(k)).cloned().collect();
    added.sort();
    added.dedup();
    keys.extend(added);
    let mut out = Vec::new();
    for k in keys {
        let (bv, ov, tv) = (find(&bl, &k), find(&ol, &k), find(&tl, &k));
        let field = join(path, &k);
        let v = if ov == tv || tv == bv {
            ov
        } else if ov == bv {
            tv
        } else {
            match (&bv, &ov, &tv) {
                (_, None, Some(_)) | (_, Some(_), None) => {
                    record(found, entity, &field, ConflictKind::Deleted, bv.as_ref(), ov.as_ref(), tv.as_ref());
                    ov.or(tv)
                }
                (_, Some(Value::Object(om)), Some(Value::Object(tm))) => {
                    Some(Value::Object(merge_object(&field, bv.as_ref().and_then(Value::as_object), om, tm, entity, found)))
                }
                _ => ov,
            }
        };
        out.extend(v);
    }
    Some(Value::Array(out))
}
