//! Links between annotations.

use super::OpError;
use crate::model::annotation::{Link, Relation};
use crate::model::edit::{Edit, Transaction};
use crate::model::ids::{AnnotationId, LinkId};
use crate::model::project::Project;

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
