//! The project: sources, annotations, links and the codebook, in memory.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use super::annotation::{Annotation, Link, Tag};
use super::conflicts::ConflictSet;
use super::ids::{AnnotationId, IdAllocator, LinkId, Replica, SetId, SourceId, next_id};
use super::merge::MergeConflict;
use super::source::{Source, SourceText};

/// Everything a researcher has made, as one value. Edits go through
/// [`super::edit::Transaction`]s so that each can be undone.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    #[serde(default)]
    pub title: String,
    #[serde(default, with = "as_list")]
    pub sources: BTreeMap<SourceId, Source>,
    #[serde(default, with = "as_list")]
    pub tags: BTreeMap<String, Tag>,
    #[serde(default, with = "as_list")]
    pub annotations: BTreeMap<AnnotationId, Annotation>,
    #[serde(default, with = "as_list")]
    pub links: BTreeMap<LinkId, Link>,
    #[serde(default, with = "as_list")]
    pub sets: BTreeMap<SetId, ConflictSet>,
    /// Keys of suggested conflict sets the editor dismissed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub dismissed: BTreeSet<String>,
    /// Conflicts left by a merge of two copies (see [`super::merge`]), until the
    /// user picks a side for each. Sorted; absent from the file when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_conflicts: Vec<MergeConflict>,
    /// Stored texts by source, loaded by the store from `sources/` (not in the RON).
    #[serde(skip)]
    pub texts: BTreeMap<SourceId, Arc<SourceText>>,
    /// This copy's tag when the project is shared (kept outside the project file by
    /// the store): new ids carry it, so two copies never create the same id.
    #[serde(skip)]
    pub replica: Option<Replica>,
}

impl Project {
    pub fn new(title: &str) -> Self {
        Self { title: title.to_string(), ..Self::default() }
    }

    /// Ids are the highest in use (of this copy's tag) plus one: deterministic, and
    /// undo restores exactly.
    pub fn next_source_id(&self) -> SourceId {
        next_id(&self.sources, self.replica)
    }

    pub fn next_annotation_id(&self) -> AnnotationId {
        next_id(&self.annotations, self.replica)
    }

    pub fn next_link_id(&self) -> LinkId {
        next_id(&self.links, self.replica)
    }

    pub fn next_set_id(&self) -> SetId {
        next_id(&self.sets, self.replica)
    }

    /// Fresh annotation ids, for a transaction that creates several annotations.
    pub fn annotation_ids(&self) -> IdAllocator<AnnotationId> {
        IdAllocator::new(&self.annotations, self.replica)
    }

    /// Fresh source ids, for an import of several documents or records at once.
    pub fn source_ids(&self) -> IdAllocator<SourceId> {
        IdAllocator::new(&self.sources, self.replica)
    }

    pub fn text(&self, source: SourceId) -> Option<&Arc<SourceText>> {
        self.texts.get(&source)
    }

    /// Annotations of one source, in text order.
    pub fn annotations_of(&self, source: SourceId) -> Vec<&Annotation> {
        let mut list: Vec<&Annotation> = self.annotations.values().filter(|a| a.source == source).collect();
        list.sort_by_key(|a| (a.anchor.range.start, a.anchor.range.end, a.id));
        list
    }

    /// Links touching an annotation (either end).
    pub fn links_of(&self, annotation: AnnotationId) -> impl Iterator<Item = &Link> {
        self.links.values().filter(move |l| l.from == annotation || l.to == annotation)
    }

    /// The source whose stored text has this SHA-256 (`ops::content_hash`), if any:
    /// the same document imported again is found before it is added twice.
    pub fn source_with_hash(&self, hash: &str) -> Option<SourceId> {
        self.sources.values().find(|s| s.hash.as_deref() == Some(hash)).map(|s| s.id)
    }

    /// Finds a source by id (`s3`) or by its imported file name.
    pub fn find_source(&self, key: &str) -> Option<SourceId> {
        if let Ok(id) = key.parse::<SourceId>()
            && self.sources.contains_key(&id)
        {
            return Some(id);
        }
        self.sources.values().find(|s| s.file.as_deref() == Some(key)).map(|s| s.id)
    }

    /// Checks the project's invariants; the error names the first broken one.
    pub fn check_invariants(&self) -> Result<(), String> {
        for a in self.annotations.values() {
            if !self.sources.contains_key(&a.source) {
                return Err(format!("annotation {} refers to missing source {}", a.id, a.source));
            }
            if let Some(tag) = a.tags.iter().find(|t| !self.tags.contains_key(*t)) {
                return Err(format!("annotation {} has tag `{tag}` that is not in the codebook", a.id));
            }
            if a.anchor.range.start > a.anchor.range.end {
                return Err(format!("annotation {} has an inverted range", a.id));
            }
            if a.figure.as_ref().is_some_and(|f| !f.is_finite()) {
                return Err(format!("annotation {} has a figure value that is not a finite number", a.id));
            }
            if let Some(text) = self.texts.get(&a.source)
                && a.anchor.range.end.0 > text.stored.char_len()
            {
                return Err(format!("annotation {} ends past its text", a.id));
            }
        }
        for l in self.links.values() {
            if !self.annotations.contains_key(&l.from) || !self.annotations.contains_key(&l.to) {
                return Err(format!("link {} has a missing end", l.id));
            }
        }
        for set in self.sets.values() {
            if set.preferred.is_some_and(|v| !v.is_finite()) {
                return Err(format!("set {} has a preferred value that is not a finite number", set.id));
            }
            if let Some(m) = set.members.iter().find(|m| !self.annotations.contains_key(&m.annotation)) {
                return Err(format!("set {} lists missing annotation {}", set.id, m.annotation));
            }
        }
        for (name, tag) in &self.tags {
            if *name != tag.name {
                return Err(format!("tag `{}` is filed under `{name}`", tag.name));
            }
        }
        Ok(())
    }
}

/// Something stored in the project under a key.
pub trait Keyed {
    type Key: Ord + Clone;
    fn key(&self) -> Self::Key;
}

impl Keyed for Source {
    type Key = SourceId;
    fn key(&self) -> SourceId {
        self.id
    }
}
impl Keyed for Annotation {
    type Key = AnnotationId;
    fn key(&self) -> AnnotationId {
        self.id
    }
}
impl Keyed for Link {
    type Key = LinkId;
    fn key(&self) -> LinkId {
        self.id
    }
}
impl Keyed for ConflictSet {
    type Key = SetId;
    fn key(&self) -> SetId {
        self.id
    }
}
impl Keyed for Tag {
    type Key = String;
    fn key(&self) -> String {
        self.name.clone()
    }
}

/// Serialises a keyed map as a plain list of its values (in key order), which reads
/// better in the project file than a map that repeats every id.
mod as_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Keyed;

    pub fn serialize<S, T>(map: &BTreeMap<T::Key, T>, s: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Keyed + Serialize,
    {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, D, T>(d: D) -> Result<BTreeMap<T::Key, T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Keyed + Deserialize<'de>,
    {
        let list = Vec::<T>::deserialize(d)?;
        let mut map = BTreeMap::new();
        for item in list {
            if map.insert(item.key(), item).is_some() {
                return Err(serde::de::Error::custom("the same id appears twice"));
            }
        }
        Ok(map)
    }
}
