//! Tags: the codebook (create, recolour, rename, merge, delete, describe) and
//! tagging annotations.

use super::OpError;
use super::annotations::update_annotation;
use crate::model::annotation::{TAG_PALETTE, Tag};
use crate::model::edit::{Edit, Transaction};
use crate::model::ids::AnnotationId;
use crate::model::project::Project;

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

/// Sets a codebook tag's description.
pub fn describe_tag(p: &Project, name: &str, description: &str) -> Result<Transaction, OpError> {
    let mut tag = p.tags.get(name).ok_or_else(|| OpError::UnknownTag(name.to_string()))?.clone();
    tag.description = description.to_string();
    Ok(Transaction::new(format!("Describe `{name}`")).with(Edit::PutTag { name: name.to_string(), value: Some(tag) }))
}
