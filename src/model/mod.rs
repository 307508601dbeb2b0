//! The data model: pure values and functions, no egui and no file io.
//!
//! Documents and their reading text ([`reading`]), typed offsets ([`offsets`]),
//! anchors and re-anchoring ([`anchor`], [`fuzzy`]), annotations, tags and links
//! ([`annotation`]), sources ([`source`]), the project ([`project`]), and edits
//! with undo ([`edit`], built by [`ops`]).

pub mod anchor;
pub mod annotation;
pub mod batch;
pub mod conflicts;
pub mod diffmap;
pub mod edit;
pub mod figures;
pub mod fold;
pub mod fuzzy;
pub mod ids;
pub mod imported;
pub mod merge;
pub mod meta_field;
pub mod offsets;
pub mod ops;
pub mod project;
pub mod quote;
pub mod reading;
pub mod search;
pub mod source;
mod string_enum;
pub mod structure;
pub mod suggest;
pub mod text_units;

pub use anchor::{Anchor, AnchorStatus};
pub use annotation::{Annotation, Kind, Link, Relation, Tag, ZoteroAnnotationRef};
pub use conflicts::{ConflictSet, FigureValue, Member, Verdict};
pub use edit::{Edit, History, Transaction};
pub use ids::{AnnotationId, LinkId, SetId, SourceId};
pub use offsets::{ByteOffset, CharOffset, CharRange, ReadingOffset, ReadingRange, TextIndex};
pub use project::Project;
pub use reading::{Aside, ReadingText, ViewMode};
pub use source::{Metadata, Person, Source, SourceText, ZoteroItemRef};
