//! The annotations of each source in text order, with the counts by status: one pass
//! over the project per content ([`super::ContentKey`]), shared by the status bar's counts,
//! the sources list, the annotations list and the reader's highlights, each of which
//! used to go through every annotation itself (100,000 annotations take ~3 ms a
//! pass). For a project being opened it is built on the open job's thread, so the
//! frame the project lands in does not pay for it.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::AppState;
use crate::model::{AnchorStatus, AnnotationId, Project, SourceId};

/// Annotation ids by source, in text order, and how many annotations have each status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationIndex {
    by_source: BTreeMap<SourceId, Vec<AnnotationId>>,
    by_status: [(AnchorStatus, usize); 4],
}

impl AnnotationIndex {
    /// Indexes a project's annotations: one pass over them and a sort (~9 ms for
    /// 100,000 annotations, most of it reading them: they are spread over memory).
    pub fn new(project: &Project) -> Self {
        let mut by_status = [(AnchorStatus::Exact, 0), (AnchorStatus::Moved, 0), (AnchorStatus::Fuzzy, 0), (AnchorStatus::Orphan, 0)];
        let mut all: Vec<(SourceId, usize, usize, AnnotationId)> = Vec::with_capacity(project.annotations.len());
        for a in project.annotations.values() {
            if let Some(c) = by_status.iter_mut().find(|(s, _)| *s == a.anchor.status) {
                c.1 += 1;
            }
            all.push((a.source, a.anchor.range.start.0, a.anchor.range.end.0, a.id));
        }
        // The order of `Project::annotations_of`: start, end, id.
        all.sort_unstable();
        let mut by_source: BTreeMap<SourceId, Vec<AnnotationId>> = BTreeMap::new();
        for group in all.chunk_by(|a, b| a.0 == b.0) {
            by_source.insert(group[0].0, group.iter().map(|a| a.3).collect());
        }
        Self { by_source, by_status }
    }

    /// The annotations of `source` in text order (by start, end, id), as
    /// `Project::annotations_of` lists them.
    pub fn of_source(&self, source: SourceId) -> &[AnnotationId] {
        self.by_source.get(&source).map_or(&[], Vec::as_slice)
    }

    /// How many annotations each source has (sources without any left out).
    pub fn per_source(&self) -> BTreeMap<SourceId, usize> {
        self.by_source.iter().map(|(s, ids)| (*s, ids.len())).collect()
    }

    /// How many annotations have each status.
    pub fn by_status(&self) -> [(AnchorStatus, usize); 4] {
        self.by_status
    }
}

impl AppState {
    /// The annotation index of the project as it is now: built on first use after a
    /// change (or handed over by the open job), then shared.
    pub fn annotation_index(&mut self) -> Arc<AnnotationIndex> {
        let key = self.content_key();
        match &self.session.annotation_index {
            Some((k, index)) if *k == key => Arc::clone(index),
            _ => {
                let index = Arc::new(AnnotationIndex::new(&self.session.project));
                self.session.annotation_index = Some((key, Arc::clone(&index)));
                index
            }
        }
    }

    /// Adopts an index built elsewhere (the open job's thread) for the project's
    /// current content.
    pub(in crate::ui) fn adopt_annotation_index(&mut self, index: AnnotationIndex) {
        self.session.annotation_index = Some((self.content_key(), Arc::new(index)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Kind, ops};

    #[test]
    fn lists_each_sources_annotations_as_the_project_does_and_counts_them() {
        let mut p = crate::testing::annotated_project(3, 3_000, 300);
        // One orphan, one annotation starting where another does (ties go by end, then id).
        let first = *p.annotations.keys().next().expect("an annotation");
        if let Some(a) = p.annotations.get_mut(&first) {
            a.anchor.status = AnchorStatus::Orphan;
        }
        let start = p.annotations[&first].anchor.range.start.0;
        let (tx, _) = ops::add_annotation(&p, p.annotations[&first].source, CharRange::new(start, start + 3), Kind::ALL[0], "t")
            .expect("an annotation");
        tx.apply(&mut p);
        let index = AnnotationIndex::new(&p);
        for s in p.sources.keys() {
            let expected: Vec<AnnotationId> = p.annotations_of(*s).into_iter().map(|a| a.id).collect();
            assert_eq!(index.of_source(*s), expected.as_slice(), "{s}");
            assert_eq!(index.per_source().get(s).copied().unwrap_or(0), expected.len());
        }
        assert_eq!(index.by_status(), crate::model::ops::status_counts(&p));
        assert_eq!(index.by_status()[3], (AnchorStatus::Orphan, 1));
        assert!(index.of_source(SourceId(99)).is_empty());
    }

    #[test]
    fn an_opened_project_lands_with_its_index_built_by_the_open_job() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("p");
        let project = crate::testing::annotated_project(2, 3_000, 40);
        let mut folder = crate::store::ProjectFolder::create(&root, "t").expect("create").folder;
        folder.save(&project).expect("save");
        let mut state = AppState::opening(&root);
        state.flush_background();
        let adopted = state.session.annotation_index.clone().expect("handed over with the project");
        assert_eq!(adopted.0, state.content_key());
        assert_eq!(*adopted.1, AnnotationIndex::new(&state.session.project));
        assert!(Arc::ptr_eq(&adopted.1, &state.annotation_index()), "used, not built again");
    }

    #[test]
    fn the_index_follows_the_projects_content() {
        let mut state = AppState::empty();
        state.session.project = crate::testing::annotated_project(2, 3_000, 10);
        let before = state.annotation_index();
        assert_eq!(before.per_source().values().sum::<usize>(), 10);
        assert!(Arc::ptr_eq(&before, &state.annotation_index()), "kept while the content is the same");
        let a = *state.session.project.annotations.keys().next().expect("an annotation");
        let tx = crate::model::ops::delete_annotation(&state.session.project, a).expect("delete");
        state.session.history.apply(&mut state.session.project, tx);
        assert_eq!(state.annotation_index().per_source().values().sum::<usize>(), 9, "rebuilt after an edit");
    }
}
