//! The state of each floating window (open flag and what was typed into it), as
//! plain data: the dispatcher opens and closes them, `ui/windows/` draws them.

use crate::model::{AnnotationId, Relation};

/// Every floating window the app can show.
#[derive(Debug, Default)]
pub struct Windows {
    pub codebook: Codebook,
    pub palette: Palette,
    pub link_picker: LinkPicker,
    pub notifications: Notifications,
    /// Figures and conflicts (`ui/conflicts.rs`; its caches live with the app).
    pub conflicts: bool,
    /// The export dialog (`ui/export_view.rs`).
    pub export: bool,
    /// The search window (`ui/search_view.rs`).
    pub search: bool,
    /// The merge conflicts window (opens by itself when a project has some).
    pub merge_conflicts: bool,
}

/// The codebook window.
#[derive(Debug, Default)]
pub struct Codebook {
    pub open: bool,
    /// The name typed for a new tag.
    pub new_tag: String,
    /// A tag being renamed: (old name, name typed so far).
    pub rename: Option<(String, String)>,
    /// A tag being merged into another one (picked next).
    pub merge_from: Option<String>,
}

/// The command palette.
#[derive(Debug, Default)]
pub struct Palette {
    pub open: bool,
    pub query: String,
}

/// The link picker: open while `from` is set.
#[derive(Debug, Default)]
pub struct LinkPicker {
    /// The annotation to link from.
    pub from: Option<AnnotationId>,
    pub query: String,
    /// The relation picked (contradicts until another is chosen).
    pub relation: Option<Relation>,
    /// The annotation the picker was last opened for (to focus its search once).
    pub opened_for: Option<AnnotationId>,
}

/// The notifications window.
#[derive(Debug, Default)]
pub struct Notifications {
    pub open: bool,
}
