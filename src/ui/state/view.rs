//! What the user is looking at, apart from the project: the open source, the text
//! selection and the selected annotation, the reader's layout, filters and the
//! search. Plain data, changed by commands; caches key on it with the project's
//! [`ContentKey`](super::ContentKey).

use super::AnnotationFilter;
use crate::model::{AnnotationId, CharRange, SetId, SourceId, ViewMode};

/// The view state of the main window.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The source open in the reader.
    pub current: Option<SourceId>,
    /// The annotation shown in the inspector.
    pub selected: Option<AnnotationId>,
    /// The reader's text selection, as a range of the stored text.
    pub selection: Option<CharRange>,
    /// The reading text, or the stored text with its original line breaks.
    pub mode: ViewMode,
    /// The annotations list's filters.
    pub filter: AnnotationFilter,
    /// The sources list's filter text.
    pub source_filter: String,
    /// The search window's query.
    pub search_query: String,
    /// Scroll the reader to this stored range of the current source on the next frame.
    pub reveal_range: Option<CharRange>,
    /// The conflict set shown in the reconciliation view.
    pub selected_set: Option<SetId>,
    /// Focus the inspector's tag field on the next frame.
    pub focus_tag_field: bool,
}
